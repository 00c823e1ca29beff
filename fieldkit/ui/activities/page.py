"""The activities page (我和一线劳动者在一起): the list of days with frontline workers with its
filters, the fast entry form, and the monthly compliance view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core.i18n import N_, tr
from fieldkit.core.work.model import DURATIONS, KINDS, label
from fieldkit.ui.activities import ops
from fieldkit.ui.activities.check_list import joined
from fieldkit.ui.activities.compliance import ComplianceView

SHORT_KINDS = dict((("lecture", N_("Lecture")), ("visit", N_("Visit")),
                    ("rights", N_("Rights")), ("befriend", N_("Befriend")),
                    ("solve", N_("Solve"))))
COLUMNS = (N_("Date"), N_("Site"), N_("Cadres"), N_("Kinds"), N_("Workers reached"),
           N_("Duration"), N_("Notes"))


def _combo(first: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    return combo


class ActivitiesPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.options: dict[str, Any] | None = None
        self.records: list[dict[str, Any]] = []
        self.dialog = None
        self._generation = 0
        self._pending: dict[str, Any] | None = None  # filters asked for before options came
        layout = QVBoxLayout(self)
        title = QLabel(tr("Days with frontline workers"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        listing = QWidget()
        self.period = _combo(tr("All dates"))
        self.site = _combo(tr("All sites"))
        self.cadre = _combo(tr("All cadres"))
        self.kind = _combo(tr("All kinds"))
        for code, text in KINDS:
            self.kind.addItem(tr(text), code)
        self.new_button = QPushButton(tr("New activity (Ctrl+N)"))
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip(tr("Starts from the last activity: same site, cadres and "
                                      "kinds. Ctrl+S saves."))
        self.delete_button = QPushButton(tr("Delete…"))
        self.delete_button.setToolTip(tr("Delete the chosen activity (Del)"))
        self.delete_button.setEnabled(False)
        self.edit_button = QPushButton(tr("Edit…"))
        self.edit_button.setToolTip(tr("Edit the chosen activity (F2); Ctrl+S saves"))
        self.edit_button.setEnabled(False)
        bar = QHBoxLayout()
        for widget, stretch in ((self.period, 0), (self.site, 2), (self.cadre, 1),
                                (self.kind, 1), (self.edit_button, 0), (self.delete_button, 0),
                                (self.new_button, 0)):
            bar.addWidget(widget, stretch)
            if isinstance(widget, QComboBox):
                widget.setMinimumContentsLength(6)
                widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
                widget.activated.connect(lambda _: self.reload())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        for column in (0, 4, 5):  # date, workers, duration: as wide as their text
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        self.count_label = QLabel()
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 4, 0, 0)
        list_layout.addLayout(bar)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.count_label)
        self.tabs.addTab(listing, tr("Activity list"))
        self.compliance = ComplianceView(window)
        self.compliance.cadre_chosen.connect(
            lambda month, cadre: self.show_filtered(period=month, cadre_id=cadre))
        self.tabs.addTab(self.compliance, tr("Monthly compliance"))
        for index in (0, 1):  # key names read the same in both languages
            self.tabs.setTabToolTip(index, QKeySequence(f"Alt+{index + 1}").toString(
                QKeySequence.NativeText))

        self.new_button.clicked.connect(self.new_activity)
        self.delete_button.clicked.connect(self.delete_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        edit_key = QShortcut(QKeySequence(Qt.Key_F2), self.table, activated=self.edit_selected)
        edit_key.setContext(Qt.WidgetShortcut)
        delete_key = QShortcut(QKeySequence.Delete, self.table, activated=self.delete_selected)
        delete_key.setContext(Qt.WidgetShortcut)
        open_key = QShortcut(QKeySequence(Qt.Key_Return), self.table, activated=self.open_selected)
        open_key.setContext(Qt.WidgetShortcut)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.setToolTip(tr("Enter or a double click shows the activity in full")
                              + tr("; F2 edits it"))
        for keys, slot in ((QKeySequence("Ctrl+N"), self.new_activity),
                           (QKeySequence("Alt+1"), lambda: self.tabs.setCurrentIndex(0)),
                           (QKeySequence("Alt+2"), lambda: self.tabs.setCurrentIndex(1))):
            shortcut = QShortcut(keys, self, activated=slot)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._set_column_widths()

    def _set_column_widths(self) -> None:
        for column, width in ((1, 200), (2, 140), (3, 190)):
            self.table.setColumnWidth(column, width)

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.window_.tasks.run(ops.options, self._options_ready, None,
                               self.window_.current_cadre_id())

    def _options_ready(self, options: dict[str, Any]) -> None:
        if not isValid(self):
            return
        self.options = options
        period = self.period.currentData()
        self.period.clear()
        self.period.addItem(tr("All dates"), None)
        years = sorted({m[:4] for m in options["months"]}, reverse=True)
        for year in years:
            self.period.addItem(tr("Year {year}", year=year), year)
            for month in (m for m in options["months"] if m.startswith(year)):
                self.period.addItem("  " + month, month)
        for combo, items in ((self.site, options["sites"]), (self.cadre, options["cadres"])):
            keep = combo.currentData()  # chosen by id, so a renamed site stays chosen
            combo.clear()
            combo.addItem(tr("All sites") if combo is self.site else tr("All cadres"), None)
            for item_id, name in items:
                combo.addItem(name, item_id)
            combo.setCurrentIndex(max(combo.findData(keep), 0))
        if period and self.period.findData(period) < 0:  # a month without activities
            self.period.addItem(period, period)
        self.period.setCurrentIndex(max(self.period.findData(period), 0))
        self.compliance.set_options(options["months"], options["org_units"])
        if self._pending is not None:
            criteria, self._pending = self._pending, None
            self.show_filtered(**criteria)
        else:
            self.reload()
            if self.tabs.currentIndex() == 1:
                self.compliance.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation

        def show(records: list[dict[str, Any]]) -> None:
            if generation == self._generation and isValid(self):
                self._show(records)

        self.window_.tasks.run(ops.load, show, None, self.period.currentData(),
                               self.site.currentData(), self.cadre.currentData(),
                               self.kind.currentData())

    def _show(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            kinds = joined(tr(SHORT_KINDS[k]) for k in r["kinds"])
            if r["sub_kinds"]:
                kinds += " · " + joined(r["sub_kinds"])
            cells = (r["date"], r.get("site_name") or "", r["cadre_names"], kinds,
                     str(r["workers_reached"]), tr(label(DURATIONS, r["duration"])),
                     r["notes"].replace("\n", " "))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 4:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, column, item)
        workers = sum(r["workers_reached"] for r in records)
        if len(records) >= ops.LIST_LIMIT:
            self.count_label.setText(tr("The newest {count} activities are shown; choose a "
                                        "month, site or cadre to see the others.",
                                        count=len(records)))
        else:
            self.count_label.setText(tr("{count} activities, {workers} workers reached",
                                        count=len(records), workers=workers))

    def selected(self) -> dict[str, Any] | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.records[min(rows)] if rows and min(rows) < len(self.records) else None

    def open_selected(self):
        """Show the chosen activity in full (its files and linked records too)."""
        from fieldkit.ui.activities.details import ActivityDetails

        record = self.selected()
        if record is None:
            return None
        self.details = ActivityDetails(self.window_, record, self)
        self.details.linked.connect(self.reload)
        self.details.edit_asked.connect(self.edit_activity)
        self.details.setWindowModality(Qt.WindowModal)
        self.details.resize(640, 520)
        self.details.open()
        return self.details

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.delete_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.edit_activity(record)

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        answer = QMessageBox.question(
            self, tr("Delete activity"),
            tr("Delete the activity of {date} at {site} ({cadres})? It is no longer listed "
               "or counted.", date=record["date"], site=record.get("site_name") or "—",
               cadres=record["cadre_names"]))
        if answer == QMessageBox.Yes:
            self.window_.tasks.run(ops.delete, lambda _: self.refresh(), None, record["id"])

    # -- entry points for other pages (the dashboard) -------------------------------------

    def show_filtered(self, *, period: str | None = None, kind: str | None = None,
                      site_id: str | None = None, cadre_id: str | None = None) -> None:
        """Show the list with these filters (a month 2024-05 or a year 2024 as period)."""
        self.tabs.setCurrentIndex(0)
        if self.options is None:
            self._pending = {"period": period, "kind": kind, "site_id": site_id,
                             "cadre_id": cadre_id}
            return
        if period and self.period.findData(period) < 0:
            self.period.addItem(period, period)
        for combo, value in ((self.period, period), (self.kind, kind), (self.site, site_id),
                             (self.cadre, cadre_id)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.reload()

    def show_compliance(self, month: str, org_unit_id: str | None = None) -> None:
        self.tabs.setCurrentIndex(1)
        self.compliance.show_month(month, org_unit_id)

    def _tab_changed(self, index: int) -> None:
        if index == 1 and self.options is not None and not self.compliance.rows:
            self.compliance.reload()

    # -- entry -----------------------------------------------------------------------------

    def new_activity(self) -> None:
        from fieldkit.ui.activities.entry import ActivityDialog

        if self.options is None:
            return
        if self.dialog is not None and isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.dialog = ActivityDialog(self.window_, self.options, self)
        self.dialog.saved.connect(self._saved)
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.resize(1000, 600)
        self.dialog.open()

    def edit_activity(self, record: dict[str, Any]) -> None:
        """Open the entry form filled with a saved activity; Ctrl+S saves the edit."""
        from fieldkit.ui.activities.entry import ActivityDialog

        if self.options is None:
            return
        if self.dialog is not None and isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.dialog = ActivityDialog(self.window_, self.options, self, editing=record)
        self.dialog.saved.connect(self._saved)
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.resize(1000, 600)
        self.dialog.open()

    def _saved(self, _activity: dict[str, Any]) -> None:
        self.compliance.rows = []
        self.refresh()  # new months, sub-kinds and the last activity; then the list
