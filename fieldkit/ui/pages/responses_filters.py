"""The filter bar of the responses browser: search text, version, site, cadre, status,
review state, date range and what else to show. It only collects choices; the page turns
them into a ``ResponseFilter`` and the core does the filtering."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.core.responses.query import ResponseFilter
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES

NO_DATE = QDate(2000, 1, 1)  # the date edits' "no date" value, shown as "—"
DEBOUNCE_MS = 250


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.search.setObjectName("response_search")
        self.search.setPlaceholderText(tr("Search answers (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.version = self._combo(tr("All versions"))
        self.site = self._combo(tr("All sites"))
        self.cadre = self._combo(tr("All cadres"))
        self.status = self._combo(tr("Any status"), [(v, tr(t)) for v, t in STATUSES])
        self.review = self._combo(tr("Any review state"), [(v, tr(t)) for v, t in REVIEW_STATES])
        self.date_from, self.date_to = self._date(), self._date()
        self.superseded = QCheckBox(tr("Earlier revisions"))
        self.superseded.setToolTip(tr("Also show revisions that a later edit replaced"))
        self.deleted = QCheckBox(tr("Deleted"))
        self.deleted.setToolTip(tr("Also show deleted responses, so they can be restored"))
        self.clear_button = QPushButton(tr("Clear filters"))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.search, 0, 0, 1, 3)
        grid.addWidget(self.status, 0, 3)
        grid.addWidget(self.review, 0, 4)
        grid.addWidget(self.version, 0, 5)
        grid.addWidget(self.site, 1, 0)
        grid.addWidget(self.cadre, 1, 1)
        dates = QHBoxLayout()
        for text, edit in ((tr("From"), self.date_from), (tr("To"), self.date_to)):
            label = QLabel(text)
            label.setBuddy(edit)
            dates.addWidget(label)
            dates.addWidget(edit)
        grid.addLayout(dates, 1, 2)
        shown = QHBoxLayout()
        shown.addWidget(QLabel(tr("Also show:")))
        shown.addWidget(self.superseded)
        shown.addWidget(self.deleted)
        grid.addLayout(shown, 1, 3, 1, 2)
        grid.addWidget(self.clear_button, 1, 5)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        for combo in (self.version, self.site, self.cadre, self.status, self.review):
            combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _: self.changed.emit())
        for box in (self.superseded, self.deleted):
            box.toggled.connect(lambda _: self.changed.emit())
        self.clear_button.clicked.connect(self.clear)

    @staticmethod
    def _combo(everything: str, items: list[tuple[str, str]] = ()) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        return combo

    @staticmethod
    def _date() -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(NO_DATE)
        today = QDate.currentDate()
        edit.calendarWidget().setCurrentPage(today.year(), today.month())  # not 2000-01
        return edit

    # -- facets ---------------------------------------------------------------------------

    def set_facets(self, facets: dict[str, list[tuple[str, str]]]) -> None:
        """Offer the versions, sites and cadres that have responses, keeping the choices."""
        for combo, key in ((self.version, "versions"), (self.site, "sites"),
                           (self.cadre, "cadres")):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in facets.get(key, []):
                combo.addItem(text, value)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
            if current is not None and index < 0:
                self.changed.emit()

    def reset_form_filters(self) -> None:
        """Another form: its versions, sites and cadres differ, so those choices go."""
        for combo in (self.version, self.site, self.cadre):
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    # -- reading and clearing -------------------------------------------------------------

    def apply(self, flt: ResponseFilter) -> ResponseFilter:
        flt.text = self.search.text().strip()
        flt.version = self.version.currentData()
        flt.site_id = self.site.currentData()
        flt.cadre_id = self.cadre.currentData()
        flt.status = self.status.currentData()
        flt.review_state = self.review.currentData()
        flt.date_from = self._date_text(self.date_from)
        flt.date_to = self._date_text(self.date_to)
        flt.include_superseded = self.superseded.isChecked()
        flt.include_deleted = self.deleted.isChecked()
        return flt

    def is_default(self) -> bool:
        """Nothing chosen: every response of the form (but not deleted or replaced) shows."""
        flt = self.apply(ResponseFilter(form_id=""))
        return not (flt.text or flt.version or flt.site_id or flt.cadre_id or flt.status
                    or flt.review_state or flt.date_from or flt.date_to
                    or flt.include_superseded or flt.include_deleted)

    @staticmethod
    def _date_text(edit: QDateEdit) -> str | None:
        date = edit.date()
        return None if date == NO_DATE else date.toString("yyyy-MM-dd")

    def flush(self) -> None:
        """Apply typed search text now instead of after the pause."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.changed.emit()

    def clear(self) -> None:
        widgets = (self.search, self.version, self.site, self.cadre, self.status, self.review,
                   self.date_from, self.date_to, self.superseded, self.deleted)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.version, self.site, self.cadre, self.status, self.review):
            combo.setCurrentIndex(0)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        self.superseded.setChecked(False)
        self.deleted.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._debounce.stop()
        self.changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()
