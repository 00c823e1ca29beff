"""Date functions. The clock comes from the EvalContext, so tests and replays are deterministic."""

from __future__ import annotations

from datetime import date, datetime

from fieldkit.core.i18n import current_language

from .values import NAN, check_total, date_to_days, to_date, to_string

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


def decimal_date_time(args, ctx, run):
    value = to_date(args[0], keep_time=True)
    return NAN if value == "" else date_to_days(value)


def format_date_text(value: date, pattern: str, with_time: bool) -> str:
    """ODK format-date codes: %Y %y %m %n %b %d %e %a, and with time %H %h %M %S %3."""
    lang = "zh_CN" if current_language() == "zh_CN" else "en"
    dt = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    codes = {
        "Y": f"{dt.year:04d}", "y": f"{dt.year % 100:02d}", "m": f"{dt.month:02d}",
        "n": str(dt.month), "b": _MONTHS[lang][dt.month - 1], "d": f"{dt.day:02d}",
        "e": str(dt.day), "a": _WEEKDAYS[lang][dt.weekday()],
    }
    if with_time:
        codes.update({"H": f"{dt.hour:02d}", "h": str(dt.hour), "M": f"{dt.minute:02d}",
                      "S": f"{dt.second:02d}", "3": f"{dt.microsecond // 1000:03d}"})
    check_total(len(pattern) * 3)
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "%" and i + 1 < len(pattern):
            code = pattern[i + 1]
            out.append(codes.get(code, "" if code in "HhMS3" else "%" + code))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def format_date(args, ctx, run):
    value = to_date(args[0], keep_time=True)
    return "" if value == "" else format_date_text(value, to_string(args[1]), with_time=False)


def format_date_time(args, ctx, run):
    value = to_date(args[0], keep_time=True)
    return "" if value == "" else format_date_text(value, to_string(args[1]), with_time=True)
