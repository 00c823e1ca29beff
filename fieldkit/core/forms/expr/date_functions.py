"""Date functions. The clock comes from the EvalContext, so tests and replays are deterministic."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta, timezone, tzinfo

from fieldkit.core.i18n import current_language

from .errors import EvaluationError
from .values import (NAN, check_total, date_to_days, first, is_number, to_date, to_number,
                     to_string)

_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_TIME = re.compile(r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?")

_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "zh_CN": [f"{m}月" for m in range(1, 13)],
}
_WEEKDAYS = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "zh_CN": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
}


def today(args, ctx, run):
    return ctx.now().date()


def now(args, ctx, run):
    return ctx.now()


def date_(args, ctx, run):
    return to_date(args[0])


def date_time(args, ctx, run):
    return to_date(args[0], keep_time=True)


def _zone(ctx) -> tzinfo | None:
    """The device's time zone: the clock's (JavaRosa works in the phone's zone)."""
    return ctx.now().tzinfo


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    """An aware datetime as the wall-clock time of ``zone``; naive ones are local already."""
    if value.tzinfo is not None and zone is not None:
        return value.astimezone(zone)
    return value


def decimal_date_time(args, ctx, run):
    """Days since 1970-01-01T00:00Z, honouring the value's UTC offset (JavaRosa counts
    milliseconds since the epoch): ``'2024-05-01T08:00:00+08:00'`` is 19844.0. A value
    without an offset (or a plain date) is a local time of the device, as in ODK Collect."""
    value = first(args[0])
    if is_number(value) or isinstance(value, bool):
        return to_number(value)
    value = to_date(value, keep_time=True)
    if value == "":
        return NAN
    if value.tzinfo is None:
        zone = _zone(ctx)
        if zone is None:
            return date_to_days(value)
        value = value.replace(tzinfo=zone)
    return (value - _EPOCH_UTC).total_seconds() / 86400.0


def _time_fraction(text: str, local: timedelta | None) -> float | None:
    """``'14:30'``, ``'14:30:00.000+08:00'`` -> fraction of the day; with an offset, shifted
    to the device's offset ``local``. None if ``text`` is not a time."""
    m = _TIME.fullmatch(text)
    if m is None:
        return None
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    seconds = hour * 3600 + minute * 60 + second + float("0." + (m[4] or "0"))
    given = m[5]
    if given and local is not None:
        offset = _parse_offset(given)
        if offset is None:
            return None
        seconds += (local - offset).total_seconds()
    return (seconds / 86400.0) % 1.0


def _parse_offset(text: str) -> timedelta | None:
    """``'Z'``, ``'+08:00'``, ``'-0700'``, ``'+08'`` -> the offset; None if out of range."""
    if text == "Z":
        return timedelta()
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return -offset if text[0] == "-" else offset


def decimal_time(args, ctx, run):
    """The time of day as a fraction of a day in the device's zone: noon is 0.5, 18:00 is 0.75.

    Takes a time answer (``'14:30:00.000+08:00'``, ``'6:00'``), a date-time (its time of
    day) or a number (its fractional part); '' gives NaN (an empty answer)."""
    value = first(args[0])
    if is_number(value) or isinstance(value, bool):
        x = to_number(value)
        return x - math.floor(x) if math.isfinite(x) else NAN
    now = ctx.now()
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return NAN
        fraction = _time_fraction(text, now.utcoffset()) if len(text) <= 40 else None
        if fraction is not None:
            return fraction
    value = to_date(value, keep_time=True)
    if value == "":
        return NAN
    value = _local(value, now.tzinfo)
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return seconds / 86400.0


def format_date_text(value: date, pattern: str) -> str:
    """ODK format-date codes: %Y %y %m %n %b %d %e %a and the time codes %H %h %M %S %3
    (both format-date and format-date-time know them all, as in ODK Collect)."""
    lang = "zh_CN" if current_language() == "zh_CN" else "en"
    dt = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    codes = {
        "Y": f"{dt.year:04d}", "y": f"{dt.year % 100:02d}", "m": f"{dt.month:02d}",
        "n": str(dt.month), "b": _MONTHS[lang][dt.month - 1], "d": f"{dt.day:02d}",
        "e": str(dt.day), "a": _WEEKDAYS[lang][dt.weekday()],
        "H": f"{dt.hour:02d}", "h": str(dt.hour), "M": f"{dt.minute:02d}",
        "S": f"{dt.second:02d}", "3": f"{dt.microsecond // 1000:03d}",
    }
    check_total(len(pattern) * 3)
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "%" and i + 1 < len(pattern):
            code = pattern[i + 1]
            out.append(codes.get(code, "%" + code))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def format_date(args, ctx, run):
    """An empty answer, or a value that is not a date, formats as '' (not an error): a
    calculation showing ``format-date(${visit_date}, ...)`` stays blank until it is answered.
    A time answer (``'14:30:00'``) formats with its time codes (its date is 1970-01-01)."""
    value = first(args[0])
    now = ctx.now()
    if isinstance(value, str) and ":" in value and "-" not in value.strip()[:5]:
        fraction = _time_fraction(value.strip(), now.utcoffset()) if len(value) <= 40 else None
        if fraction is None:
            return ""
        value = _EPOCH_NAIVE + timedelta(milliseconds=round(fraction * 86_400_000))
        return format_date_text(value, to_string(args[1]))
    try:
        value = to_date(value, keep_time=True)
    except EvaluationError:
        return ""
    if value == "":
        return ""
    return format_date_text(_local(value, now.tzinfo), to_string(args[1]))


format_date_time = format_date
