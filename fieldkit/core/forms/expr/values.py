"""XPath 1.0 values and conversions, as ODK/JavaRosa apply them.

A value is one of: ``str`` (an empty answer is ``''``), a number (``float``; ``int`` and
``Decimal`` from callers are accepted), ``bool``, ``datetime.date`` or
``datetime.datetime``, or a :class:`NodeSet` (the answers of one field across repeat
instances). Conversions:

* number: strings like ``' -1.5 '`` parse, anything else (``''``, ``'1e5'``, ``'abc'``) is
  NaN; booleans are 1/0; dates are days since 1970-01-01 (datetimes fractional, by their
  wall-clock time). Unlike JavaRosa, an ISO date *string* (``'2024-05-01'``) also converts
  to days, because answers may reach us as text and ``${end} - ${start}`` should still work.
* string: integers print without ``.0``, NaN as ``NaN``, infinities as ``Infinity``; no
  exponent notation; dates as ``YYYY-MM-DD``; datetimes as ``YYYY-MM-DDTHH:MM:SS.mmm+08:00``.
* boolean: non-empty string, non-zero non-NaN number, any date.
* a node-set used where one value is needed stands for its first value (``''`` if empty).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from fieldkit.core.i18n import N_

from .errors import MAX_STEPS, MAX_STRING_LENGTH, EvaluationError

#: Numbers closer than this are equal in ``=`` and ``!=`` (JavaRosa's rule), so that
#: ``6.1 - 7.8 = -1.7`` holds although binary floats make the difference -1.7000000000000002.
#: ``<``, ``<=``, ``>``, ``>=`` compare exactly, as in JavaRosa. Like JavaRosa's rule,
#: Infinity is not equal to Infinity (their difference is NaN), and NaN equals nothing.
#: JavaRosa also prints and tests for truth with it (format_number, to_boolean).
EQUAL_TOLERANCE = 1e-12

NAN = float("nan")
INF = float("inf")
EPOCH = date(1970, 1, 1)
EPOCH_DT = datetime(1970, 1, 1)

_NUMBER = re.compile(r"\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*")
# Month, day, hour, minute and second may lack their leading zero (``2024-1-5``, as people
# type dates and as JavaRosa accepts them); the year has four digits.
_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_DATETIME = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?"
                       r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*")


class NodeSet(list):
    """The values of one field across repeat instances (``${field_in_repeat}`` seen from outside)."""

    __slots__ = ()


UNSET = object()


class Run:
    """Per-evaluate() bookkeeping: the work budget that bounds filters and node-set comparisons."""

    __slots__ = ("steps", "focus", "item", "draws", "size")

    def __init__(self) -> None:
        self.steps = 0
        #: random() calls so far in this evaluation: the n-th call asks the context for draw n
        self.draws = 0
        #: inside a path filter ``${xs}[. > 1]``: the value being tested (``.``) and its
        #: 1-based index (``position()``); UNSET / None elsewhere
        self.item: object = UNSET
        self.focus: int | None = None
        #: inside a path filter: how many values it tests (``last()``)
        self.size = 1

    def current(self, ctx) -> object:
        """The value of ``.``: the filtered value inside a predicate, else the context's."""
        return ctx.current_value() if self.item is UNSET else self.item

    def charge(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise EvaluationError(
                N_("The expression needs too much work to evaluate (more than {limit} steps)"),
                limit=MAX_STEPS)


def first(value: object) -> object:
    """A node-set collapsed to its first value; other values unchanged."""
    if isinstance(value, NodeSet):
        return value[0] if value else ""
    return value


def to_index(value: object) -> int | None:
    """A repeat position or list index from any value: None for NaN and infinities."""
    x = to_number(value)
    if not math.isfinite(x):
        return None
    return int(max(-1e9, min(1e9, x)))


def is_number(value: object) -> bool:
    return isinstance(value, (float, int, Decimal)) and not isinstance(value, bool)


def is_date(value: object) -> bool:
    return isinstance(value, date)  # datetime is a date too


def check_total(length: int) -> None:
    """Refuse to build a text longer than MAX_STRING_LENGTH (checked *before* building it)."""
    if length > MAX_STRING_LENGTH:
        raise EvaluationError(N_("The result text is too long (more than {limit} characters)"),
                              limit=MAX_STRING_LENGTH)


def parse_date_text(text: str) -> date | None:
    """``'2024-05-01'`` -> date, ``'2024-05-01T08:30:00.000+08:00'`` -> datetime, else None."""
    if len(text) > 60:
        return None
    m = _DATE.fullmatch(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _DATETIME.fullmatch(text)
        if m:
            micro = int((m[7] or "0")[:6].ljust(6, "0"))
            dt = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0), micro)
            zone = m[8]
            if zone:
                if zone == "Z":
                    return dt.replace(tzinfo=timezone.utc)
                digits = zone[1:].replace(":", "")
                offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
                return dt.replace(tzinfo=timezone(-offset if zone[0] == "-" else offset))
            return dt
    except ValueError:  # 2024-02-30, hour 25 ...
        return None
    return None


def date_to_days(value: date) -> float:
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - EPOCH_DT).total_seconds() / 86400.0
    return float((value - EPOCH).days)


def to_number(value: object) -> float:
    value = first(value)
    if isinstance(value, float):
        return value
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, Decimal)):
        try:
            return float(value)
        except OverflowError:
            return INF if value > 0 else -INF
        except ValueError:  # Decimal('sNaN')
            return NAN
    if isinstance(value, str):
        if _NUMBER.fullmatch(value):
            return float(value)
        parsed = parse_date_text(value)
        return date_to_days(parsed) if parsed is not None else NAN
    if isinstance(value, date):
        return date_to_days(value)
    return NAN


def format_number(x: float) -> str:
    """Like JavaRosa: within 1e-12 of zero is ``0``, and a number just past an integer
    (toward zero, as Java's int cast truncates) prints as that integer, so a sum of
    decimals such as ``(0.1 + 0.2) * 10`` shows ``3``, not ``3.0000000000000004``."""
    if x != x:
        return "NaN"
    if x == INF:
        return "Infinity"
    if x == -INF:
        return "-Infinity"
    if abs(x) < EQUAL_TOLERANCE:
        return "0"
    if abs(x) < 2**31 and abs(x - math.trunc(x)) < EQUAL_TOLERANCE:
        return str(math.trunc(x))
    if x == int(x):
        return str(int(x))
    text = repr(x)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def format_datetime(value: datetime) -> str:
    text = value.strftime("%Y-%m-%dT%H:%M:%S") + f".{value.microsecond // 1000:03d}"
    offset = value.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


def to_string(value: object) -> str:
    value = first(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) < 10**15:
        return str(value)
    if is_number(value):
        return format_number(to_number(value))
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def to_boolean(value: object) -> bool:
    value = first(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value != ""
    if is_number(value):
        return abs(to_number(value)) > EQUAL_TOLERANCE  # JavaRosa's rule; NaN is false
    return isinstance(value, date)


def days_to_date(days: float) -> date:
    try:
        return EPOCH + timedelta(days=math.floor(days))
    except (OverflowError, ValueError):
        raise EvaluationError(N_("The date is out of range: {value}"), value=format_number(days)) from None


def to_date(value: object, keep_time: bool = False) -> date | str:
    """Convert for date()/date-time(): '' and NaN give '' (an empty answer), garbage raises."""
    value = first(value)
    if isinstance(value, datetime):
        return value if keep_time else value.date()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day) if keep_time else value
    if is_number(value) or isinstance(value, bool):
        days = to_number(value)
        if days != days:
            return ""
        if keep_time:
            try:
                return EPOCH_DT + timedelta(days=days)
            except (OverflowError, ValueError):
                raise EvaluationError(N_("The date is out of range: {value}"),
                                      value=format_number(days)) from None
        return days_to_date(days)
    text = to_string(value).strip()
    if text == "":
        return ""
    parsed = parse_date_text(text)
    if parsed is None:
        if _NUMBER.fullmatch(text):
            return to_date(float(text), keep_time)
        raise EvaluationError(N_("The value '{value}' cannot be converted to a date"), value=text[:100])
    return to_date(parsed, keep_time)


def _equal(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return to_boolean(a) == to_boolean(b)
    if is_date(a) or is_date(b) or is_number(a) or is_number(b):
        return abs(to_number(a) - to_number(b)) < EQUAL_TOLERANCE  # JavaRosa's rule
    return to_string(a) == to_string(b)


def _relate(op: str, x: float, y: float) -> bool:
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def compare(op: str, a: object, b: object, run: Run) -> bool:
    """XPath comparison. A node-set compares true if any of its values does (existential)."""
    a_many, b_many = isinstance(a, NodeSet), isinstance(b, NodeSet)
    if a_many or b_many:
        if (a_many and isinstance(b, bool)) or (b_many and isinstance(a, bool)):
            return compare(op, to_boolean(a), to_boolean(b), run)
        left = a if a_many else (a,)
        right = b if b_many else (b,)
        run.charge(len(left) * len(right))
        return any(compare(op, x, y, run) for x in left for y in right)
    if op == "=":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    return _relate(op, to_number(a), to_number(b))


def arithmetic(op: str, x: float, y: float) -> float:
    """``+ - * div mod`` on floats with IEEE results (Infinity, NaN) instead of exceptions."""
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "div":
        if y == 0:
            if x == 0 or x != x:
                return NAN
            return math.copysign(INF, x) * math.copysign(1.0, y)
        return x / y
    # mod: the sign follows the dividend, like Java's % and XPath
    try:
        return math.fmod(x, y)
    except ValueError:
        return NAN
