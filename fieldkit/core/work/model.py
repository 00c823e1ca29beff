"""The work wing's vocabulary (statuses, grades, kinds, categories, ratings, with their
translatable labels), its periods and its filter and result dataclasses."""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from fieldkit.core.i18n import N_
from fieldkit.core.typed_dates import FIRST_DAY, LAST_DAY, in_range, record_day  # noqa: F401
from fieldkit.core.work.errors import WorkError

# the five kinds of a day with frontline workers: (code, label); the codes name the
# activities table's k_<code> columns, so counting by kind is a plain SUM in SQL
KINDS = (("lecture", N_("Lecture (宣讲)")), ("visit", N_("Visit (走访)")),
         ("rights", N_("Rights protection (维权)")), ("befriend", N_("Befriending (交友)")),
         ("solve", N_("Solving problems (解难)")))
KIND_CODES = tuple(code for code, _ in KINDS)
DURATIONS = (("day", N_("Full day")), ("half", N_("Half day")))
# sub-kinds offered until the user edits the list
DEFAULT_SUB_KINDS = ("座谈会", "职工代表巡视质询", "技能竞赛", "送清凉", "法律咨询", "健康体检")

GRADES = (("short_term", N_("Short-term (限时办结)")),
          ("cross_department", N_("Cross-department (协同办理)")),
          ("systemic", N_("Systemic, escalated (上报)")))
GRADE_CODES = tuple(code for code, _ in GRADES)

STATUSES = (("registered", N_("Registered (登记)")), ("accepted", N_("Accepted (受理)")),
            ("in_progress", N_("In progress (办理中)")), ("escalated", N_("Escalated (已上报)")),
            ("resolved", N_("Resolved (已办结)")), ("replied", N_("Replied (已回复)")),
            ("closed", N_("Closed (销号)")))
STATUS_CODES = tuple(code for code, _ in STATUSES)
PERIOD_DATES = ("registered", "resolved", "replied", "closed", "escalated")
OPEN_STATUSES = ("registered", "accepted", "in_progress", "escalated")
DONE_STATUSES = ("resolved", "replied", "closed")

CATEGORIES = (("safety_health", N_("Safety and health")), ("wages", N_("Wages")),
              ("rest_meals", N_("Rest and meals")), ("childcare", N_("Childcare")),
              ("skills", N_("Skills and training")),
              ("insurance_medical", N_("Social insurance and medical care")),
              ("housing_commute", N_("Housing and commuting")), ("other", N_("Other")))

RATINGS = (("satisfied", N_("Satisfied (满意)")), ("basic", N_("Basically satisfied (基本满意)")),
           ("unsatisfied", N_("Unsatisfied (不满意)")))
RATING_CODES = tuple(code for code, _ in RATINGS)

DEFAULT_DEADLINE_DAYS = 15


def label(options: tuple[tuple[str, str], ...], code: str) -> str:
    """The msgid of ``code`` in one of the lists above (the code itself if unknown)."""
    return next((text for value, text in options if value == code), code)


def parse_date(text: str | date | None, what: str = "date") -> date | None:
    """A date given as 2024-05-01 (or a ``date``); None for empty; WorkError otherwise."""
    return record_day(text, WorkError)


def check_in_range(day: date, written: str | None = None) -> None:
    """WorkError unless ``day`` lies between FIRST_DAY and LAST_DAY."""
    in_range(day, WorkError, written)


@dataclass(frozen=True)
class Period:
    """Inclusive range of days, named as a month (2024-05), quarter (2024-Q2), half-year
    (2024-H1), year (2024) or custom range (2024-03-01..2024-04-15)."""
    start: date
    end: date
    name: str

    @classmethod
    def parse(cls, text: str) -> "Period":
        text = str(text).strip()
        try:
            period = cls._parse(text)
        except ValueError:  # year 0000 does not exist: name the range fieldkit accepts
            period = cls(date.min, date.min, text)
        check_in_range(period.start, text)
        check_in_range(period.end, text)
        return period

    @classmethod
    def _parse(cls, text: str) -> "Period":
        m = re.fullmatch(r"(\d{4})", text)
        if m:
            y = int(m[1])
            return cls(date(y, 1, 1), date(y, 12, 31), text)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if m and 1 <= int(m[2]) <= 12:
            y, mo = int(m[1]), int(m[2])
            return cls(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]),
                       f"{y}-{mo:02d}")
        m = re.fullmatch(r"(\d{4})-[Qq]([1-4])", text)
        if m:
            y, q = int(m[1]), int(m[2])
            last = 3 * q
            return cls(date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1]),
                       f"{y}-Q{q}")
        m = re.fullmatch(r"(\d{4})-[Hh]([12])", text)
        if m:
            y, h = int(m[1]), int(m[2])
            return cls(date(y, 1, 1) if h == 1 else date(y, 7, 1),
                       date(y, 6, 30) if h == 1 else date(y, 12, 31), f"{y}-H{h}")
        m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", text)
        if m:
            try:
                start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            except ValueError:
                start = end = None
            if start and end and start <= end:
                return cls(start, end, f"{start}..{end}")
        raise WorkError(N_("“{value}” is not a period. Write a month (2024-05), a quarter "
                           "(2024-Q2), a half-year (2024-H1), a year (2024) or a range "
                           "(2024-03-01..2024-04-15)."), value=text)

    def months(self) -> list[str]:
        """Every month (YYYY-MM) the period touches."""
        out, d = [], self.start.replace(day=1)
        while d <= self.end:
            out.append(f"{d.year}-{d.month:02d}")
            d = (d + timedelta(days=32)).replace(day=1)
        return out


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def half_year_of(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


@dataclass
class ProblemFilter:
    """What ``queries.list_problems`` returns: every field is optional."""
    status: str | None = None
    grade: str | None = None
    category: str | None = None
    site_id: str | None = None
    org_unit_id: str | None = None        # with its sub-units
    cadre_id: str | None = None
    overdue_only: bool = False
    registered_from: date | None = None
    registered_to: date | None = None
    text: str = ""
    limit: int = 1000
    include_personal: bool = False        # workers' names and phones are left out unless asked
    # which day registered_from/to apply to: registered, resolved, replied, closed, escalated
    # (as the KPIs count them); status may also be "open" or "done" for a group of statuses
    period_of: str = "registered"


@dataclass
class Scope:
    """Whose work a KPI covers: everything, an org unit with its children, a site or a cadre."""
    org_unit_id: str | None = None
    site_id: str | None = None
    cadre_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Kpis:
    """The KPI set of a period and scope (see ``kpis.kpis`` for each definition)."""
    period: str
    start: str
    end: str
    as_of: str
    scope: dict[str, Any]
    activities: int = 0
    activities_by_kind: dict[str, int] = field(default_factory=dict)
    workers_reached: int = 0
    cadre_days: float = 0.0
    cadres_in_scope: int = 0
    cadres_meeting_quota: int = 0
    registered: int = 0
    resolved: int = 0
    replied: int = 0
    closed: int = 0
    escalated: int = 0
    overdue: int = 0
    feedback_overdue: int = 0
    rated: int = 0
    satisfied: int = 0
    reply_rate: float | None = None
    completion_rate: float | None = None
    satisfaction_rate: float | None = None
    median_days_to_resolve: float | None = None
    registered_by_grade: dict[str, int] = field(default_factory=dict)
    registered_by_category: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
