"""Turning a spreadsheet cell into the answer a question stores (ODK string form).

Choices may be given as labels in any language, as names or as option numbers;
multiple choices separated by ┋ ; , 、 | or spaces; dates as Excel serial numbers,
2024/5/1, 2024-05-01 or 2024年5月1日, with or without a time, and every other way the
form runner takes a typed date or time (20241201, 24.12.1, 9点30, 下午3点:
``core.typed_dates``); numbers typed as text or with full-width digits. A value that
cannot be read yields a ``ValueProblem`` naming what was expected and what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from fieldkit.core.i18n import N_
from fieldkit.core.importing.text import BLANKS, fold, is_blank
from fieldkit.core.typed_dates import parse_date as typed_date
from fieldkit.core.typed_dates import parse_time as typed_time

EXCEL_EPOCH = datetime(1899, 12, 30)
_MULTI_SPLIT = re.compile(r"\s*[┋;；,，、|｜]\s*")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}(?:\.\d+)?))?秒?)?"
                   r"\s*(Z|[+-]\d{2}:?\d{2})?$")
# ODK and Kobo write a time as 09:30:00.000+08:00: the clock time the person entered.
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not tab or line breaks
_REMARK = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")  # “施工作业（土建、桥隧等）”
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)
_SELECT_TYPES = ("select_one", "select_multiple", "rank")
#: Types whose answer is free text (a “-” in a location or a number is no answer at all).
_TEXT_TYPES = ("text", "string", "barcode", "note", "calculate", "hidden", "username", "email",
               "phonenumber", "deviceid")
#: What an export writes for a question the person never saw; anything else in a text
#: question (“none”, “n/a”, “-”) is an answer.
SKIP_MARKERS = BLANKS - {"n/a", "na", "-", "—", "--", "none"}


@dataclass(frozen=True)
class ValueProblem:
    msgid: str
    expected: str          # msgid of what the question expects
    found: str


@dataclass
class ChoiceIndex:
    """Every way a cadre may write an option of one list: name, label in any language,
    the label without its explanation in brackets (“施工作业” for “施工作业（土建、桥隧、
    轨道等）”, when no other option reads the same), or its 1-based number (问卷星 exports
    numbers when asked for “选项序号”)."""

    by_text: dict[str, str]
    names: list[str]
    # What ``find`` answered for each text: the same few options come back thousands of
    # times in a survey column, alone and in combinations.
    found: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, choices) -> "ChoiceIndex":
        by_text: dict[str, str] = {}
        names = [c.name for c in choices]
        short: dict[str, set[str]] = {}  # a label without its bracketed remark -> options
        for choice in choices:
            for label in choice.label.values():
                if label:
                    by_text.setdefault(fold(label).lower(), choice.name)
                    brief = fold(_REMARK.sub("", label)).lower()
                    if brief and brief != fold(label).lower():
                        short.setdefault(brief, set()).add(choice.name)
        for brief, owners in short.items():
            if len(owners) == 1:  # only when unambiguous; a full label always wins
                by_text.setdefault(brief, owners.pop())
        for choice in choices:  # names win over labels that happen to equal another name
            by_text[fold(choice.name).lower()] = choice.name
        return cls(by_text, names)

    def find(self, text: str) -> str | None:
        try:
            return self.found[text]
        except KeyError:
            pass
        key = fold(text).lower()
        if key in self.by_text:
            name = self.by_text[key]
        elif key.isdigit() and 1 <= int(key) <= len(self.names):
            name = self.names[int(key) - 1]
        else:
            name = None
        if len(self.found) < 10_000:
            self.found[text] = name
        return name


def _number_text(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    text = fold(str(value)).replace(",", "").replace("，", "")
    return text if _NUMBER.match(text) else None


def parse_integer(value: object) -> tuple[str | None, ValueProblem | None]:
    text = _number_text(value)
    if text is not None:
        try:
            number = float(text)
            if number.is_integer():
                return str(int(number)), None
        except ValueError:
            pass
    return None, ValueProblem(N_("Not a whole number"), N_("a whole number"), str(value))


def parse_decimal(value: object) -> tuple[str | None, ValueProblem | None]:
    text = _number_text(value)
    if text is not None:
        number = float(text)
        if number == number and abs(number) != float("inf"):
            return (str(int(number)) if number.is_integer() else repr(number)), None
    return None, ValueProblem(N_("Not a number"), N_("a number"), str(value))


def _from_serial(serial: float) -> datetime:
    return EXCEL_EPOCH + timedelta(days=serial)


def parse_datetime_parts(value: object) -> datetime | date | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serial dates: 1900-01-01 .. 9999-12-31
            stamp = _from_serial(float(value))
            return stamp if float(value) % 1 else stamp.date()
        if float(value).is_integer() and 10_000_000 <= value <= 99_999_999:
            return _plausible(typed_date(str(int(value))))  # 20241201 in a number cell
        return None
    text = fold(str(value))
    if _NUMBER.match(text):
        return parse_datetime_parts(float(text))
    match = _DATE.match(text)
    if not match:
        try:
            return datetime.fromisoformat(text)
        except ValueError:  # the other ways a date is typed into a form: 24.12.1 ...
            return _plausible(typed_date(text))
    y, m, d, hh, mm, ss, tz = match.groups()
    try:
        if hh is None:
            return date(int(y), int(m), int(d))
        seconds = float(ss or 0)
        fraction = round((seconds - int(seconds)) * 1_000_000)  # a device's milliseconds
        stamp = datetime(int(y), int(m), int(d), int(hh), int(mm), int(seconds),
                         min(fraction, 999_999))
        if tz:
            stamp = datetime.fromisoformat(stamp.isoformat() + (tz if tz != "Z" else "+00:00"))
        return stamp
    except ValueError:
        return None


def _plausible(day: date | None) -> date | None:
    """A typed date from this era (1-2-3 is not the year 1)."""
    return day if day is not None and 1900 <= day.year <= 2200 else None


def parse_date(value: object) -> tuple[str | None, ValueProblem | None]:
    parsed = parse_datetime_parts(value)
    if parsed is None:
        return None, ValueProblem(N_("Not a date"), N_("a date such as 2024-05-01"), str(value))
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    return day.isoformat(), None


def parse_datetime(value: object) -> tuple[str | None, ValueProblem | None]:
    parsed = parse_datetime_parts(value)
    if parsed is None:
        return None, ValueProblem(N_("Not a date and time"),
                                  N_("a date and time such as 2024-05-01 08:30"), str(value))
    if not isinstance(parsed, datetime):
        parsed = datetime.combine(parsed, time())
    return parsed.isoformat(timespec=_timespec(parsed)), None


def _timespec(stamp: datetime) -> str:
    """Seconds, or the sub-second part the source gave (ODK and Kobo write milliseconds)."""
    if not stamp.microsecond:
        return "seconds"
    return "milliseconds" if stamp.microsecond % 1000 == 0 else "microseconds"


def parse_time(value: object) -> tuple[str | None, ValueProblem | None]:
    if isinstance(value, time):
        return value.isoformat(timespec="seconds"), None
    if isinstance(value, datetime):
        return value.time().isoformat(timespec="seconds"), None
    if isinstance(value, float) and 0 <= value < 1:  # Excel stores a time as a day fraction
        seconds = round(value * 86400)
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}", None
    match = _TIME.match(fold(str(value)))
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return f"{int(match[1]):02d}:{match[2]}:{match[3] or '00'}", None
    typed = typed_time(str(value))  # as a form takes it: 0930, 9点30, 下午3点
    if typed is not None:
        return typed.isoformat(timespec="seconds"), None
    return None, ValueProblem(N_("Not a time"), N_("a time such as 08:30"), str(value))


def parse_select_one(value: object, index: ChoiceIndex) -> tuple[str | None, ValueProblem | None]:
    text = _number_text(value) if isinstance(value, (int, float)) else str(value)
    found = index.find(text or "")
    if found is None:
        return None, ValueProblem(N_("Not one of the choices"), N_("one of the form's choices"),
                                  str(value))
    return found, None


def parse_select_multiple(value: object, index: ChoiceIndex) -> tuple[str | None, ValueProblem | None]:
    text = fold(_number_text(value) if isinstance(value, (int, float)) else str(value))
    whole = index.find(text)  # a single label that itself contains a separator
    if whole is not None:
        return whole, None
    parts = [p for p in _MULTI_SPLIT.split(text) if p]
    if len(parts) == 1:
        parts = text.split(" ")
    names, unknown = [], []
    for part in parts:
        found = index.find(part)
        if found is None:
            unknown.append(part)
        elif found not in names:
            names.append(found)
    if unknown and " " in text:
        pieces = _segment(text.split(" "), index)  # Kobo's labels, joined by spaces
        if pieces is not None:
            return " ".join(dict.fromkeys(pieces)), None
    if unknown:
        return None, ValueProblem(N_("Not one of the choices"), N_("the form's choices, separated "
                                  "by ┋ ; , 、 | or spaces"), "、".join(unknown))
    return " ".join(names), None


def _segment(words: list[str], index: ChoiceIndex) -> list[str] | None:
    """Choices whose labels hold spaces, written one after the other with spaces between
    (KoboToolbox's “labels” export: “Piped water Food aid”): the reading of ``words`` as
    whole labels, fewest pieces first; None when there is none."""
    words = [w for w in words if w]
    if not words or len(words) > 60:
        return None
    best: list[list[str] | None] = [[]] + [None] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(end):
            before = best[start]
            if before is None or (best[end] is not None and len(before) + 1 >= len(best[end])):
                continue
            name = index.find(" ".join(words[start:end]))
            if name is not None:
                best[end] = before + [name]
    return best[-1]


def is_skip_marker(value: object) -> bool:
    return isinstance(value, str) and fold(value).lower() in SKIP_MARKERS


def parse_text(value: object) -> tuple[str | None, ValueProblem | None]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date, time)):
        value = value.isoformat()
    return _CONTROL.sub("", str(value)).strip(), None  # invisible, and boxes on screen


def parse_cell(question_type: str, value: object, index: ChoiceIndex | None = None
               ) -> tuple[str | None, ValueProblem | None]:
    """The stored answer for ``value`` in a question of ``question_type`` (None = unanswered).

    A value that names one of the question's choices is that choice, even when it reads
    like a blank (a choice called ``none``, ``na`` or ``-``: 17 of 68 real forms have one).
    Text is kept as written: only the markers exports write for a skipped question
    (“(跳过)”, “(空)”) make it blank, since “none” or “-” may be what the person wrote."""
    if value is None or (isinstance(value, float) and value != value):
        return None, None
    if index is not None and isinstance(value, str) and question_type in _SELECT_TYPES:
        if question_type == "select_one":
            found = index.find(value)
            if found is not None:
                return found, None
        else:
            answer, problem = parse_select_multiple(value, index)
            if answer and problem is None:
                return answer, None
    if question_type in _TEXT_TYPES:
        return (None, None) if is_skip_marker(value) else parse_text(value)
    if is_blank(value):
        return None, None
    if question_type == "integer":
        return parse_integer(value)
    if question_type in ("decimal", "range"):
        return parse_decimal(value)
    if question_type in ("date", "today"):
        return parse_date(value)
    if question_type in ("dateTime", "start", "end"):
        return parse_datetime(value)
    if question_type == "time":
        return parse_time(value)
    if question_type == "select_one" and index is not None:
        return parse_select_one(value, index)
    if question_type in ("select_multiple", "rank") and index is not None:
        return parse_select_multiple(value, index)
    return parse_text(value)
