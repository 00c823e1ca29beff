"""String, select_multiple and logic functions (ODK XPath semantics)."""

from __future__ import annotations

import math
import re
import secrets
import string

from .regex import regex_search
from .values import NodeSet, check_total, first, to_boolean, to_number, to_string

_XPATH_SPACE = re.compile(r"[ \t\r\n]+")
_UUID_ALPHABET = string.ascii_letters + string.digits


def _index(value: object, default: int) -> int:
    """A number argument as a Python int: NaN gives ``default``, infinities clamp, fractions truncate."""
    x = to_number(value)
    if x != x:
        return default
    if x > 10**9:
        return 10**9
    if x < -10**9:
        return -10**9
    return int(x)


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, NodeSet) else [value]


def selected(args, ctx, run):
    return to_string(args[1]).strip() in to_string(args[0]).split()


def count_selected(args, ctx, run):
    return float(len(to_string(args[0]).split()))


def selected_at(args, ctx, run):
    """0-based; out of range gives '' (JavaRosa raises, which helps nobody in the field)."""
    items = to_string(args[0]).split()
    i = _index(args[1], -1)
    return items[i] if 0 <= i < len(items) else ""


def question_name(text: str) -> str:
    """``'${q}'``, ``'/data/group/q'`` or ``'q'`` -> ``'q'`` (jr:choice-name's second argument)."""
    text = text.strip()
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1].strip()
    return text.rstrip("/").rsplit("/", 1)[-1]


def choice_name(args, ctx, run):
    label = ctx.choice_label(question_name(to_string(args[1])), to_string(args[0]))
    return "" if label is None else label


def string_length(args, ctx, run):
    value = args[0] if args else run.current(ctx)
    return float(len(to_string(value)))


def concat(args, ctx, run):
    """A node-set argument contributes all its values (a JavaRosa extension of XPath)."""
    parts = [to_string(v) for arg in args for v in _items(arg)]
    check_total(sum(map(len, parts)))
    return "".join(parts)


def join(args, ctx, run):
    sep = to_string(args[0])
    parts = [to_string(v) for arg in args[1:] for v in _items(arg)]
    check_total(sum(map(len, parts)) + len(sep) * max(0, len(parts) - 1))
    return sep.join(parts)


def substr(args, ctx, run):
    """ODK substr(s, start, end): 0-based, end exclusive, negative counts from the end."""
    s = to_string(args[0])
    n = len(s)
    start = _index(args[1], 0)
    end = _index(args[2], n) if len(args) > 2 else n
    if start < 0:
        start += n
    if end < 0:
        end += n
    start, end = max(0, min(start, n)), max(0, min(end, n))
    return s[start:end] if start < end else ""


def _xpath_round(x: float) -> float:
    return math.floor(x + 0.5) if x == x and abs(x) != float("inf") else x


def substring(args, ctx, run):
    """XPath 1.0 substring(s, start, length): 1-based with rounding, as the spec defines."""
    s = to_string(args[0])
    start = _xpath_round(to_number(args[1]))
    end = start + _xpath_round(to_number(args[2])) if len(args) > 2 else float("inf")
    if start != start or end != end:
        return ""
    lo = max(1.0, start)
    hi = min(float(len(s)) + 1, end)
    if hi <= lo:
        return ""
    return s[int(lo) - 1:int(hi) - 1]


def substring_before(args, ctx, run):
    s, sep = to_string(args[0]), to_string(args[1])
    i = s.find(sep)
    return s[:i] if i >= 0 else ""


def substring_after(args, ctx, run):
    s, sep = to_string(args[0]), to_string(args[1])
    i = s.find(sep)
    return s[i + len(sep):] if i >= 0 else ""


def contains(args, ctx, run):
    return to_string(args[1]) in to_string(args[0])


def starts_with(args, ctx, run):
    return to_string(args[0]).startswith(to_string(args[1]))


def ends_with(args, ctx, run):
    return to_string(args[0]).endswith(to_string(args[1]))


def regex(args, ctx, run):
    return regex_search(to_string(args[1]), to_string(args[0]))


def translate(args, ctx, run):
    s, src, dst = to_string(args[0]), to_string(args[1]), to_string(args[2])
    table: dict[int, int | None] = {}
    for i, ch in enumerate(src):
        table.setdefault(ord(ch), ord(dst[i]) if i < len(dst) else None)
    return s.translate(table)


def normalize_space(args, ctx, run):
    s = to_string(args[0] if args else run.current(ctx))
    return _XPATH_SPACE.sub(" ", s).strip(" \t\r\n")


def string_(args, ctx, run):
    return to_string(args[0] if args else run.current(ctx))


def boolean(args, ctx, run):
    return to_boolean(args[0])


def boolean_from_string(args, ctx, run):
    return to_string(args[0]).strip() in ("true", "1")


def not_(args, ctx, run):
    return not to_boolean(args[0])


def true(args, ctx, run):
    return True


def false(args, ctx, run):
    return False


def uuid(args, ctx, run):
    """uuid() is a random UUID from the context; uuid(n) is n random letters and digits."""
    if not args:
        return ctx.new_uuid()
    n = _index(args[0], 0)
    check_total(n)
    return "".join(secrets.choice(_UUID_ALPHABET) for _ in range(max(0, n)))


# lazy functions receive thunks: the untaken branch is never evaluated

def if_(thunks, ctx, run):
    return thunks[1]() if to_boolean(thunks[0]()) else thunks[2]()


def coalesce(thunks, ctx, run):
    for thunk in thunks:
        value = first(thunk())
        if to_string(value) != "":
            return value
    return ""


def once(thunks, ctx, run):
    """Keep the question's existing value; compute only when it is still empty."""
    current = run.current(ctx)
    if to_string(current) != "":
        return current
    return thunks[0]()
