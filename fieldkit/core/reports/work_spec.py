"""What a work report (月度反馈 / 季度汇总 / 年度报告) is asked to contain: the period, the
scope (an org unit with its sub-units, a site or a cadre), the sections and the texts the
user wrote. Plain data (``to_dict``/``from_dict``), so a saved report definition rebuilds
the same report later with new data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from fieldkit.core.work.model import Scope

WORK_SECTIONS = ("cover", "contents", "overview", "activities", "cadres", "ledger", "overdue",
                 "focus", "cases", "findings", "quotes", "appendix")
# every section but the interview quotes, which are added when asked for
DEFAULT_WORK_SECTIONS = tuple(s for s in WORK_SECTIONS if s != "quotes")


@dataclass
class WorkReportSpec:
    period: str                            # 2024-05, 2024-Q2, 2024-H1, 2024 or a..b
    org_unit_id: str | None = None         # with its sub-units
    site_id: str | None = None
    cadre_id: str | None = None
    sections: tuple[str, ...] = DEFAULT_WORK_SECTIONS
    title: str = ""
    subtitle: str = ""
    issuer: str = ""
    date: str = ""
    authors: str = ""
    findings: str = ""
    recommendations: str = ""
    include_personal: bool = False         # workers' names and phones in the lists
    quote_codes: list[str] | None = None   # the "quotes" section: codes by path; None = all

    def has(self, section: str) -> bool:
        return section in self.sections

    def scope(self) -> Scope:
        return Scope(org_unit_id=self.org_unit_id, site_id=self.site_id,
                     cadre_id=self.cadre_id)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sections"] = list(self.sections)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "WorkReportSpec":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "sections" in values:
            values["sections"] = tuple(s for s in values["sections"] if s in WORK_SECTIONS)
        return cls(**values)
