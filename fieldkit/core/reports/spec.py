"""What a survey report is asked to contain: form, filters, grouping, sections and the texts
the user wrote. It is plain data (``to_dict``/``from_dict``), so that a saved report
definition can rebuild the same report later with new data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

SECTIONS = ("cover", "contents", "overview", "questions", "crosstabs", "findings", "quotes",
            "appendix", "data")
DEFAULT_SECTIONS = ("cover", "contents", "overview", "questions", "crosstabs", "findings",
                    "appendix")


@dataclass
class ReportFilters:
    """The responses a report covers (the same filters as the responses page, plus the
    import batch). Dates are YYYY-MM-DD on the start date, both ends included."""

    version: str | None = None
    site_id: str | None = None
    cadre_id: str | None = None
    status: str | None = None
    review_state: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    batch_id: str | None = None

    def used(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


@dataclass
class SurveyReportSpec:
    form_id: str
    filters: ReportFilters = field(default_factory=ReportFilters)
    group_by: str | None = None           # a select_one question
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    questions: list[str] | None = None    # None = every question that can be summarised
    crosstab_questions: list[str] | None = None   # None = every select question
    title: str = ""
    subtitle: str = ""
    issuer: str = ""
    date: str = ""
    authors: str = ""
    findings: str = ""
    recommendations: str = ""
    include_personal: bool = False
    # interview quotes: the codes (paths such as "安全/高原反应") whose quoted segments the
    # "quotes" section shows, child codes included; None = every code with a quote
    quote_codes: list[str] | None = None

    def has(self, section: str) -> bool:
        return section in self.sections

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sections"] = list(self.sections)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SurveyReportSpec":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        filters = values.pop("filters", None) or {}
        filter_names = {f.name for f in fields(ReportFilters)}
        values["filters"] = ReportFilters(**{k: v for k, v in filters.items()
                                             if k in filter_names})
        if "sections" in values:
            values["sections"] = tuple(s for s in values["sections"] if s in SECTIONS)
        return cls(**values)
