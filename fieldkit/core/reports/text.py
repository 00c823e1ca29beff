"""Small helpers shared by the report builder and the writers: translation into the report's
language, section numbering, number formats and redaction of personal data in examples."""

from __future__ import annotations

import re
from datetime import date

from fieldkit.core.i18n import translate

CHINESE_NUMBERS = "一二三四五六七八九十"


def t(language: str, msgid: str, **params: object) -> str:
    """``msgid`` (marked with N_ where it is written) in the report's language, filled in."""
    text = translate(msgid, language)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return msgid.format(**params)


def _chinese_number(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    if n < 20:
        return "十" + (CHINESE_NUMBERS[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return CHINESE_NUMBERS[tens - 1] + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")


def section_number(language: str, n: int) -> str:
    """一、 二、 in Chinese official documents; 1. 2. in English."""
    return f"{_chinese_number(n)}、" if language == "zh_CN" else f"{n}. "


def subsection_number(language: str, n: int, parent: int) -> str:
    """（一） （二） in Chinese; 2.1 2.2 in English."""
    return f"（{_chinese_number(n)}）" if language == "zh_CN" else f"{parent}.{n} "


def format_number(value: object, kind: str) -> str:
    """How a table cell reads in the PDF and Word reports."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "count":
        return f"{int(value):,}"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.2f}"
    return str(value)


# Runs of 7 or more digits (phone numbers, ID card and bank numbers) and e-mail addresses.
_LONG_DIGITS = re.compile(r"\d[\d\- ]{5,}\d[\dXx]?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def redact(text: str) -> str:
    """Mask what identifies a person in a free-text example: phone, ID and bank numbers
    keep their first three characters, e-mail addresses are hidden."""
    text = _EMAIL.sub("***@***", text)
    return _LONG_DIGITS.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 3)
                            if sum(c.isdigit() for c in m.group(0)) >= 7 else m.group(0), text)


def is_personal(question) -> bool:
    """A question the form marks as personal data (the ``personal`` survey column)."""
    value = getattr(question, "personal", None)
    if value in (None, ""):
        value = question.extras.get("personal", "")
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("yes", "true", "1", "y", "是", "true()")


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(day: date, language: str) -> str:
    """2024年12月12日 / 12 December 2024, as a report's cover and dates read."""
    if language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
