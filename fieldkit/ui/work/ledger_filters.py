"""The ledger's filter bar: text, status, grade, category, site, period, overdue only.
It only collects choices; ``apply()`` turns them into a ``ProblemFilter`` and core does
the filtering. A period that is not one (2024-Q5) is said so beside the box and ignored."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QWidget)

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_, tr
from fieldkit.core.work import model as work
from fieldkit.core.work.model import Period, ProblemFilter
from fieldkit.ui.work.ledger_model import category_label

DEBOUNCE_MS = 250
STATUS_GROUPS = (("open", N_("Open (not resolved)")), ("done", N_("Resolved or later")))
PERIOD_OF = (("registered", N_("registered in")), ("resolved", N_("resolved in")),
             ("replied", N_("replied to in")), ("closed", N_("closed in")),
             ("escalated", N_("escalated in")))


class LedgerFilters(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.search.setObjectName("problem_search")
        self.search.setPlaceholderText(tr("Search titles and descriptions (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.status = self._combo(tr("Any status"), [
            *[(c, tr(t)) for c, t in STATUS_GROUPS], *[(c, tr(t)) for c, t in work.STATUSES]])
        self.grade = self._combo(tr("Any grade"), [(c, tr(t)) for c, t in work.GRADES])
        self.category = self._combo(tr("Any category"),
                                    [(c, tr(t)) for c, t in work.CATEGORIES])
        self.site = self._combo(tr("All sites"))
        self.site.setMaximumWidth(260)
        self.period_of = QComboBox()
        for code, text in PERIOD_OF:
            self.period_of.addItem(tr(text), code)
        self.period = QLineEdit()
        self.period.setObjectName("problem_period")
        self.period.setPlaceholderText(tr("e.g. 2024-Q2"))
        self.period.setToolTip(tr("A month (2024-05), a quarter (2024-Q2), a half-year "
                                  "(2024-H1), a year (2024) or a range "
                                  "(2024-03-01..2024-04-15); empty for any time"))
        self.period.setMaximumWidth(190)
        self.period_error = QLabel()
        self.period_error.setStyleSheet("color: #b3261e;")
        self.overdue = QCheckBox(tr("Overdue only"))
        self.overdue.setToolTip(tr("Past the deadline and not resolved, or feedback to the "
                                   "worker overdue"))
        self.clear_button = QPushButton(tr("Clear filters"))
        # an org unit (with its sub-units) or a cadre the list is limited to: set by
        # show_problems (a dashboard figure of one scope), shown with a button to drop it
        self.org_unit_id: str | None = None
        self.cadre_id: str | None = None
        self.names: dict[str, str] = {}
        self.scope_label = QLabel()
        self.scope_clear = QPushButton(tr("Show all"))
        self.scope_clear.setToolTip(tr("Drop the org unit or cadre the list is limited to"))
        self.scope_clear.clicked.connect(self._clear_scope)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.search, 0, 0)
        grid.addWidget(self.status, 0, 1)
        grid.addWidget(self.grade, 0, 2)
        grid.addWidget(self.category, 0, 3)
        grid.addWidget(self.site, 0, 4)
        row = QHBoxLayout()
        period_label = QLabel(tr("Problems"))
        period_label.setBuddy(self.period_of)
        row.addWidget(period_label)
        row.addWidget(self.period_of)
        row.addWidget(self.period)
        row.addWidget(self.period_error, 1)
        row.addWidget(self.scope_label)
        row.addWidget(self.scope_clear)
        row.addWidget(self.overdue)
        row.addWidget(self.clear_button)
        grid.addLayout(row, 1, 0, 1, 5)
        grid.setColumnStretch(0, 1)
        self._show_scope()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.period.textChanged.connect(lambda _: self._debounce.start())
        for combo in (self.status, self.grade, self.category, self.site, self.period_of):
            combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        self.overdue.toggled.connect(lambda _: self.changed.emit())
        self.clear_button.clicked.connect(self.clear)

    @staticmethod
    def _combo(everything: str, items=()) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for code, text in items:
            combo.addItem(text, code)
        return combo

    def set_choices(self, sites: list[tuple[str, str]], categories: list[tuple[str, str]],
                    names: dict[str, str] | None = None) -> None:
        """Fill the site and category lists, keeping what is chosen; ``names`` of org units
        and cadres name the scope."""
        self.names = names or self.names
        self._show_scope()
        for combo, items in ((self.site, sites),
                             (self.category, [(c, category_label(c, t)) for c, t in categories])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for code, text in items:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
            combo.blockSignals(False)

    def _choose(self, combo: QComboBox, code) -> None:
        index = combo.findData(code) if code else 0
        if index < 0 and combo is self.site:  # a site not listed yet: the list fills later
            combo.addItem(str(code), code)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def set_criteria(self, *, status=None, overdue=False, period=None, period_of="registered",
                     grade=None, category=None, site_id=None, text="", org_unit_id=None,
                     cadre_id=None) -> None:
        """Show exactly these criteria (the rest cleared); emits ``changed`` once."""
        self.org_unit_id, self.cadre_id = org_unit_id, cadre_id
        self._show_scope()
        self.blockSignals(True)
        self._choose(self.status, status)
        self._choose(self.grade, grade)
        self._choose(self.category, category)
        self._choose(self.site, site_id)
        self._choose(self.period_of, period_of or "registered")
        self.period.setText(str(period or ""))
        self.overdue.setChecked(bool(overdue))
        self.search.setText(text or "")
        self.blockSignals(False)
        self._debounce.stop()
        self.changed.emit()

    def clear(self) -> None:
        self.set_criteria()

    def _show_scope(self) -> None:
        scope = self.org_unit_id or self.cadre_id
        if self.org_unit_id:
            self.scope_label.setText(tr("Within {name} and its sub-units",
                                        name=self.names.get(scope, scope[:8])))
        elif self.cadre_id:
            self.scope_label.setText(tr("Registered by {name}",
                                        name=self.names.get(scope, scope[:8])))
        self.scope_label.setVisible(bool(scope))
        self.scope_clear.setVisible(bool(scope))

    def _clear_scope(self) -> None:
        self.org_unit_id = self.cadre_id = None
        self._show_scope()
        self.changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def apply(self, flt: ProblemFilter) -> ProblemFilter:
        flt.status = self.status.currentData()
        flt.grade = self.grade.currentData()
        flt.category = self.category.currentData()
        flt.site_id = self.site.currentData()
        flt.org_unit_id, flt.cadre_id = self.org_unit_id, self.cadre_id
        flt.overdue_only = self.overdue.isChecked()
        flt.text = self.search.text()
        flt.period_of = self.period_of.currentData() or "registered"
        text = self.period.text().strip()
        self.period_error.clear()
        if text:
            try:
                period = Period.parse(text)
            except FieldkitError as exc:
                self.period_error.setText(tr("Not a period; shown for any time."))
                self.period_error.setToolTip(exc.message())
            else:
                flt.registered_from, flt.registered_to = period.start, period.end
        return flt
