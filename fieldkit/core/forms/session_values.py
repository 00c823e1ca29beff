"""Answers as ODK stores them (strings) and as the expression engine reads them (typed).

A response's answers are kept as text, exactly the way ODK writes them into a submission,
so that they are JSON-able, compare stably and survive a round trip through SQLite:

=================  ==================================================================
type               stored text
=================  ==================================================================
text, barcode ...  as typed
integer            canonical whole number: ``"12"``, ``"-3"`` (``12.0`` is accepted)
decimal, range     canonical number without exponent: ``"1.5"``, ``"10"``
select_one         the choice name
select_multiple    choice names separated by one space, in the order chosen
rank               like select_multiple, in rank order
date               ``YYYY-MM-DD``
time               ``HH:MM:SS``
dateTime           ``YYYY-MM-DDTHH:MM:SS.mmm+08:00`` (always with its UTC offset)
geopoint           ``"lat lon alt acc"`` (altitude and accuracy 0 when not known)
image, audio ...   the attachment reference
acknowledge        ``"OK"`` once acknowledged
=================  ==================================================================

An unanswered question is ``""`` (or absent). :func:`to_answer` turns what a UI or an
importer has (``int``, ``date``, a list of choice names, text typed by a person) into
that text, raising :class:`InvalidAnswer` with a clear message when it cannot;
:func:`from_answer` gives the typed value the expression engine compares and adds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timezone, tzinfo
from decimal import Decimal, InvalidOperation

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.expr.values import format_datetime, parse_date_text
from fieldkit.core.i18n import N_

__all__ = ["InvalidAnswer", "SessionError", "to_answer", "from_answer", "coerce_result",
           "is_valid_answer", "split_choices", "NUMBER_TYPES", "MULTI_SELECT_TYPES"]

NUMBER_TYPES = ("integer", "decimal", "range")
MULTI_SELECT_TYPES = ("select_multiple", "rank")
_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*")
_INTEGER = re.compile(r"\s*[+-]?\d+(?:\.0*)?\s*")
_DECIMAL = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")
_LOOSE_DATE = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*")

MESSAGES = {
    "integer": N_("Enter a whole number."),
    "decimal": N_("Enter a number."),
    "range": N_("Enter a number."),
    "date": N_("Enter a date as YYYY-MM-DD."),
    "time": N_("Enter a time as HH:MM or HH:MM:SS."),
    "dateTime": N_("Enter a date and time, such as 2024-05-03 14:30."),
    "geopoint": N_("Enter a location as latitude and longitude in degrees, optionally followed by altitude and accuracy."),
}


class SessionError(FieldkitError):
    """A form session was asked for something the form does not allow."""


class InvalidAnswer(SessionError):
    """A value cannot be stored as the answer to a question of this type.

    ``type`` is the question type and ``value`` (in ``params``) what was given."""

    def __init__(self, msgid: str, /, *, qtype: str, value: object) -> None:
        super().__init__(msgid, value=str(value)[:100])
        self.qtype = qtype


def _invalid(qtype: str, value: object) -> InvalidAnswer:
    return InvalidAnswer(MESSAGES.get(qtype, N_("This value cannot be stored as an answer.")),
                         qtype=qtype, value=value)


def _number_text(value: object) -> str | None:
    """A number or numeric text as canonical text without exponent, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        number = Decimal(repr(value))
    elif isinstance(value, str) and _DECIMAL.fullmatch(value):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern already checked it
            return None
    else:
        return None
    if not number.is_finite():
        return None
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _integer(value: object) -> str:
    text = _number_text(value)
    if text is None or "." in text or (isinstance(value, str) and not _INTEGER.fullmatch(value)):
        raise _invalid("integer", value)
    return text


def _decimal(value: object, qtype: str = "decimal") -> str:
    text = _number_text(value)
    if text is None:
        raise _invalid(qtype, value)
    return text


def _date(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        loose = _LOOSE_DATE.fullmatch(value)
        try:
            if loose:  # 2024/5/1, 2024.05.01: as people type dates from paper
                return date(int(loose[1]), int(loose[2]), int(loose[3])).isoformat()
        except ValueError:
            raise _invalid("date", value) from None
        parsed = parse_date_text(value)
        if parsed is not None:
            return (parsed.date() if isinstance(parsed, datetime) else parsed).isoformat()
    raise _invalid("date", value)


def _time(value: object) -> str:
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, str):
        m = _TIME.fullmatch(value)
        if m and int(m[1]) < 24 and int(m[2]) < 60 and int(m[3] or 0) < 60:
            return f"{int(m[1]):02d}:{m[2]}:{int(m[3] or 0):02d}"
    raise _invalid("time", value)


def _datetime(value: object, zone: tzinfo | None) -> str:
    if isinstance(value, str):
        text = value.strip()
        parsed = parse_date_text(text) if "T" in text or " " in text else None
        if not isinstance(parsed, datetime):
            raise _invalid("dateTime", value)
        value = parsed
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
        return format_datetime(value)
    raise _invalid("dateTime", value)


def _geopoint(value: object) -> str:
    parts = value.replace(",", " ").split() if isinstance(value, str) else value
    try:
        numbers = [_number_text(p) for p in parts]  # type: ignore[union-attr]
    except TypeError:
        raise _invalid("geopoint", value) from None
    if not 2 <= len(numbers) <= 4 or None in numbers:
        raise _invalid("geopoint", value)
    lat, lon = float(numbers[0]), float(numbers[1])  # type: ignore[arg-type]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _invalid("geopoint", value)
    return " ".join([*numbers, "0", "0"][:4])  # type: ignore[list-item]


def split_choices(text: str) -> list[str]:
    """The choice names of a select_multiple answer, in order."""
    return text.split()


def _multiple(value: object) -> str:
    if isinstance(value, str):
        names = value.split()
    else:
        names = [str(v).strip() for v in value]  # type: ignore[union-attr]
    seen: dict[str, None] = {}
    for name in names:
        if name:
            seen.setdefault(name, None)
    return " ".join(seen)


def _plain(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    number = _number_text(value)
    if number is not None:
        return number
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_answer(qtype: str, value: object, *, zone: tzinfo | None = None) -> str:
    """``value`` as the stored answer text of a ``qtype`` question; raises InvalidAnswer.

    ``None`` and ``""`` give ``""`` (unanswered). ``zone`` is the UTC offset given to a
    dateTime without one (default: this computer's)."""
    if value is None or (isinstance(value, str) and value.strip() == "" and qtype != "text"):
        return ""
    if qtype == "integer":
        return _integer(value)
    if qtype in ("decimal", "range"):
        return _decimal(value, qtype)
    if qtype in ("date", "today"):
        return _date(value)
    if qtype == "time":
        return _time(value)
    if qtype in ("dateTime", "start", "end"):
        return _datetime(value, zone)
    if qtype in ("geopoint", "start-geopoint"):
        return _geopoint(value)
    if qtype in MULTI_SELECT_TYPES:
        if isinstance(value, (str, list, tuple, set, frozenset)):
            return _multiple(value)
        return _plain(value).strip()
    if qtype in ("select_one", "select_one_external"):
        if isinstance(value, (list, tuple, set, frozenset)):
            names = _multiple(value).split()
            if len(names) > 1:
                raise InvalidAnswer(N_("Choose only one answer."), qtype=qtype, value=" ".join(names))
            return names[0] if names else ""
        return _plain(value).strip()
    if qtype in ("acknowledge", "trigger"):
        if value is True or (isinstance(value, str) and value.strip().lower() in ("ok", "true", "1", "yes")):
            return "OK"
        if value is False or (isinstance(value, str) and value.strip().lower() in ("false", "0", "no")):
            return ""
        return _plain(value)
    return _plain(value)


def is_valid_answer(qtype: str, text: str) -> bool:
    """Whether stored ``text`` is well formed for ``qtype`` (for answers loaded from elsewhere)."""
    if text == "" or qtype not in _CHECKED:
        return True
    try:
        to_answer(qtype, text, zone=timezone.utc)
    except InvalidAnswer:
        return False
    return True


_CHECKED = ("integer", "decimal", "range", "date", "time", "dateTime", "geopoint")


def _typed_int(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text) if _DECIMAL.fullmatch(text) else text
        except ValueError:  # pragma: no cover
            return text


def _typed_float(text: str) -> object:
    return float(text) if _DECIMAL.fullmatch(text) else text


def _typed_date(text: str) -> object:
    parsed = parse_date_text(text)
    if isinstance(parsed, datetime):
        return parsed.date()
    return text if parsed is None else parsed


def _typed_datetime(text: str) -> object:
    parsed = parse_date_text(text)
    return text if parsed is None else parsed


_TYPED: dict[str, Callable[[str], object]] = {
    "integer": _typed_int, "decimal": _typed_float, "range": _typed_float,
    "date": _typed_date, "today": _typed_date,
    "dateTime": _typed_datetime, "start": _typed_datetime, "end": _typed_datetime,
}


def typed_reader(qtype: str) -> Callable[[str], object] | None:
    """The text -> typed value function of ``qtype``, or None when text is used as is."""
    return _TYPED.get(qtype)


def from_answer(qtype: str, text: str | None) -> object:
    """The stored answer as the expression engine's value: ``int`` for integer, ``float``
    for decimal, ``date``/``datetime`` for dates; everything else (selects, time, text) as
    text. ``""`` stays ``""``; text that does not fit the type is returned unchanged."""
    if not text:
        return ""
    reader = _TYPED.get(qtype)
    return reader(text) if reader is not None else text


def coerce_result(qtype: str, result: object, zone: tzinfo | None = None) -> str:
    """A calculation's result as the stored text of a ``qtype`` question, leniently:
    NaN and infinities give ``""``; an integer question truncates; a result that does not
    fit the type is kept as its text."""
    if isinstance(result, float) and (result != result or result in (float("inf"), float("-inf"))):
        return ""
    if qtype == "integer" and isinstance(result, float) and not isinstance(result, bool):
        result = int(result)
    try:
        return to_answer(qtype, result, zone=zone)
    except InvalidAnswer:
        return _plain(result)
