"""How people type dates and times into a questionnaire: 2024-12-01, 2024/12/1, 20241201,
2024年12月1日, 24.12.1; 09:30, 0930, 9点30, 下午3点. Full-width digits from a Chinese input
method are accepted. Pure text rules, shared by every screen that takes a typed date."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

from fieldkit.core.i18n import N_

# the days a record (an activity, a problem, an interview) may carry: a typo such as 0024 or
# 9999 is refused instead of stored
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2099, 12, 31)


def record_day(value: date | str | None, error: type) -> date | None:
    """A record's date given as 2024-05-01 (or a ``date``), between FIRST_DAY and LAST_DAY;
    None for empty. ``error`` is the calling wing's error class, raised with a message."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise error(N_("“{value}” is not a date; write it as 2024-05-01."),
                        value=str(value)) from None
    in_range(day, error, None if isinstance(value, date) else str(value))
    return day


def in_range(day: date, error: type, written: str | None = None) -> None:
    """``error`` unless ``day`` lies between FIRST_DAY and LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise error(N_("“{value}” is outside the dates fieldkit accepts ({first} to {last})."),
                    value=written or day.isoformat(), first=FIRST_DAY.isoformat(),
                    last=LAST_DAY.isoformat())


def ascii_digits(text: str) -> str:
    """Full-width digits and punctuation from a Chinese input method, as ASCII (１２．５ → 12.5)."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("。", ".").replace("，", ",").replace("－", "-")


_PARTS = re.compile(r"\d+")


def parse_date(text: str) -> date | None:
    text = ascii_digits(text).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{8}", text):
        parts = [text[:4], text[4:6], text[6:]]
    else:
        parts = _PARTS.findall(text.split("T")[0])
    if len(parts) != 3:
        return None
    year, month, day = (int(p) for p in parts)
    if len(parts[0]) == 2:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    text = ascii_digits(text).strip()
    if not text:
        return None
    afternoon = any(w in text.lower() for w in ("下午", "晚上", "pm"))
    body = re.sub(r"(上午|下午|早上|晚上|中午|am|pm)", "", text, flags=re.IGNORECASE).strip()
    digits = re.fullmatch(r"(\d{1,2})(\d{2})", body)
    match = re.fullmatch(r"(\d{1,2})(?:\s*[:.点时]\s*(\d{1,2})?(?:\s*[:.分]\s*(\d{1,2})秒?)?)?"
                         r"\s*(?:分)?", body)
    if digits:
        hour, minute, second = int(digits[1]), int(digits[2]), 0
    elif match:
        hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    else:
        return None
    if afternoon and hour < 12:
        hour += 12
    try:
        return time(hour, minute, second)
    except ValueError:
        return None
