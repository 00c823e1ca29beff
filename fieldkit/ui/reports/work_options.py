"""The work report's choices on the reports page: period, scope (all units, an org unit with
its sub-units, a site or a cadre), sections, and whether workers' names and phones appear."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGridLayout, QWidget

from fieldkit.core import i18n
from fieldkit.core.i18n import N_, tr
from fieldkit.core.reports.work import period_label
from fieldkit.core.reports.work_spec import WorkReportSpec
from fieldkit.core.work.model import Period, half_year_of, quarter_of

# short labels, so two columns fit beside the preview in English too
SECTIONS = (("cover", N_("Cover")), ("contents", N_("Table of contents")),
            ("overview", N_("Overview")), ("activities", N_("Activities by kind")),
            ("cadres", N_("Cadres' days")), ("ledger", N_("Problem ledger")),
            ("overdue", N_("Overdue list")), ("focus", N_("Focus problems")),
            ("cases", N_("Typical cases")), ("findings", N_("Findings and recommendations")),
            ("quotes", N_("Interview quotes")), ("appendix", N_("Appendix")))
SCOPES = (("org_unit_id", N_("Org unit: {name}")), ("site_id", N_("Site: {name}")),
          ("cadre_id", N_("Cadre: {name}")))


def recent_periods(today: date) -> list[str]:
    """The periods a cadre usually reports on: this and last month, quarter, half year, year."""
    last_month = today.replace(day=1) - timedelta(days=1)
    last_quarter = Period.parse(quarter_of(today)).start - timedelta(days=1)
    last_half = Period.parse(half_year_of(today)).start - timedelta(days=1)
    return [f"{today.year}-{today.month:02d}", f"{last_month.year}-{last_month.month:02d}",
            quarter_of(today), quarter_of(last_quarter), half_year_of(today),
            half_year_of(last_half), str(today.year), str(today.year - 1)]


class WorkOptions(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.period = QComboBox()
        self.period.setObjectName("work_period")
        self.period.setEditable(True)
        self.period.setToolTip(tr("A month (2024-05), quarter (2024-Q2), half-year (2024-H1), "
                                  "year (2024) or range (2024-03-01..2024-04-15)"))
        for code in recent_periods(date.today()):
            self.period.addItem(f"{code} — {period_label(Period.parse(code), i18n.current_language())}")
        self.period.setCurrentIndex(2)
        self.scope = QComboBox()
        self.scope.setObjectName("work_scope")
        self.scope.addItem(tr("All units"), None)
        self.sections: dict[str, QCheckBox] = {}
        self.personal = QCheckBox(tr("Include workers' names and phone numbers"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Period"), self.period)
        form.addRow(tr("Scope"), self.scope)
        boxes = QGridLayout()
        for i, (key, text) in enumerate(SECTIONS):
            box = QCheckBox(tr(text))
            box.setChecked(key != "quotes")       # quotes only when asked for
            self.sections[key] = box
            boxes.addWidget(box, i // 2, i % 2)
        form.addRow(tr("Sections"), boxes)
        form.addRow("", self.personal)

    def set_scopes(self, scopes: dict[str, list[tuple[str, str]]]) -> None:
        """Fill the scope list: ``{"org_unit_id": [(id, name)], "site_id": ..., ...}``; each
        item's data is ``"<key>:<id>"`` (a string, so ``findData`` finds it again)."""
        current = self.scope.currentData()
        while self.scope.count() > 1:
            self.scope.removeItem(1)
        for key, text in SCOPES:
            for record_id, name in scopes.get(key, []):
                self.scope.addItem(tr(text, name=name), f"{key}:{record_id}")
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))

    def period_code(self) -> str:
        return self.period.currentText().strip().split(" ")[0]

    def spec(self, **texts) -> WorkReportSpec:
        spec = WorkReportSpec(self.period_code(),
                              sections=tuple(k for k, b in self.sections.items() if b.isChecked()),
                              include_personal=self.personal.isChecked(), **texts)
        scope = self.scope.currentData()
        if scope:
            key, record_id = scope.split(":", 1)
            setattr(spec, key, record_id)
        return spec

    def set_spec(self, spec: WorkReportSpec) -> None:
        self.period.setEditText(spec.period)
        for key in ("org_unit_id", "site_id", "cadre_id"):
            value = getattr(spec, key)
            if value:
                self.scope.setCurrentIndex(max(0, self.scope.findData(f"{key}:{value}")))
                break
        else:
            self.scope.setCurrentIndex(0)
        for key, box in self.sections.items():
            box.setChecked(key in spec.sections)
        self.personal.setChecked(spec.include_personal)
