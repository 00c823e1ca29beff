"""Number and aggregate functions. Results follow IEEE/Java: Infinity and NaN, not exceptions."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .values import INF, NAN, NodeSet, to_boolean, to_number, to_string

_ROUNDING = Context(prec=1000, Emax=10_000, Emin=-10_000, rounding=ROUND_HALF_UP)


def _safe(fn, *xs: float) -> float:
    """Apply a math function; domain errors give NaN, overflow gives Infinity (as in Java)."""
    try:
        return float(fn(*xs))
    except ValueError:
        return NAN
    except OverflowError:
        return INF
    except ZeroDivisionError:
        return INF


def power(x: float, y: float) -> float:
    """pow(x, y) with Java Math.pow results; 9^(9^9) is Infinity, never a huge integer."""
    if y == 0:
        return 1.0
    if x != x or y != y:
        return NAN
    try:
        return math.pow(x, y)
    except OverflowError:
        negative = x < 0 and y == int(y) and int(y) % 2 == 1
        return -INF if negative else INF
    except ValueError:
        if x == 0:
            return INF  # 0 ^ negative
        return NAN  # negative base, fractional exponent


def number(args, ctx, run):
    return to_number(args[0] if args else run.current(ctx))


def int_(args, ctx, run):
    """Truncate toward zero (JavaRosa casts to long); NaN and Infinity pass through."""
    x = to_number(args[0])
    return float(math.trunc(x)) if math.isfinite(x) else x


def round_(args, ctx, run):
    """round(x, digits=0): half away from zero, as JavaRosa's BigDecimal.HALF_UP does."""
    x = to_number(args[0])
    digits = to_number(args[1]) if len(args) > 1 else 0.0
    if not math.isfinite(x) or digits != digits:
        return x if digits == digits else NAN
    digits = int(max(-400.0, min(400.0, digits)))
    try:
        quantum = Decimal(1).scaleb(-digits, _ROUNDING)
        return float(_ROUNDING.quantize(Decimal(repr(x)), quantum))
    except (InvalidOperation, OverflowError):
        return x


def floor(args, ctx, run):
    x = to_number(args[0])
    return float(math.floor(x)) if math.isfinite(x) else x


def ceiling(args, ctx, run):
    x = to_number(args[0])
    return float(math.ceil(x)) if math.isfinite(x) else x


def abs_(args, ctx, run):
    return abs(to_number(args[0]))


def pow_(args, ctx, run):
    return power(to_number(args[0]), to_number(args[1]))


def _unary(fn):
    return lambda args, ctx, run: _safe(fn, to_number(args[0]))


sqrt = _unary(math.sqrt)
exp = _unary(math.exp)
exp10 = _unary(lambda x: power(10.0, x))
sin, cos, tan = _unary(math.sin), _unary(math.cos), _unary(math.tan)
asin, acos, atan = _unary(math.asin), _unary(math.acos), _unary(math.atan)


def log(args, ctx, run):
    x = to_number(args[0])
    return -INF if x == 0 else _safe(math.log, x)


def log10(args, ctx, run):
    x = to_number(args[0])
    return -INF if x == 0 else _safe(math.log10, x)


def atan2(args, ctx, run):
    return _safe(math.atan2, to_number(args[0]), to_number(args[1]))


def pi(args, ctx, run):
    return math.pi


def _values(args, run) -> list[object]:
    out: list[object] = []
    for arg in args:
        if isinstance(arg, NodeSet):
            run.charge(len(arg))
            out.extend(arg)
        else:
            out.append(arg)
    return out


def count(args, ctx, run):
    """Number of nodes: repeat instances, or values of a field across instances. A plain field is 1."""
    arg = args[0]
    return float(len(arg)) if isinstance(arg, NodeSet) else 1.0


def count_non_empty(args, ctx, run):
    return float(sum(1 for v in _values(args, run) if to_string(v) != ""))


def sum_(args, ctx, run):
    """Sum across repeat instances; an empty answer is NaN, so the sum is NaN (XPath/JavaRosa)."""
    return sum((to_number(v) for v in _values(args, run)), 0.0)  # float + never raises, fsum can


def _extreme(args, run, pick):
    numbers = [to_number(v) for v in _values(args, run)]
    if not numbers or any(x != x for x in numbers):
        return NAN
    return pick(numbers)


def max_(args, ctx, run):
    return _extreme(args, run, max)


def min_(args, ctx, run):
    return _extreme(args, run, min)


def _flat(values) -> list:
    out = []
    for v in values:
        out.extend(v if isinstance(v, NodeSet) else [v])
    return out


def _within(total: float, low: float, high: float) -> bool:
    return (low < 0 or total >= low) and (high < 0 or total <= high)


def checklist(args, ctx, run):
    """``checklist(min, max, v1, v2, ...)``: whether the count of true values is within
    [min, max] (-1: no bound), as JavaRosa counts them (each node of a node-set is one)."""
    values = _flat(args[2:])
    run.charge(len(values))
    return _within(float(sum(1 for v in values if to_boolean(v))), to_number(args[0]), to_number(args[1]))


def weighted_checklist(args, ctx, run):
    """``weighted-checklist(min, max, v1, w1, v2, w2, ...)``: the sum of the weights of the
    true values is within [min, max] (-1: no bound)."""
    pairs = args[2:]
    run.charge(len(pairs))
    total = sum(to_number(pairs[i + 1]) for i in range(0, len(pairs) - 1, 2) if to_boolean(pairs[i]))
    return _within(total, to_number(args[0]), to_number(args[1]))
