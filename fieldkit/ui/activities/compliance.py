"""Monthly compliance: for a month and an org unit (with its sub-units), each cadre's days
with frontline workers; those under one day are highlighted (in colour and in words)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core.i18n import tr
from fieldkit.ui.activities import ops

BEHIND_BACKGROUND = "#fbe3e1"
BEHIND_TEXT = "#9c2620"


class ComplianceView(QWidget):
    """``cadre_chosen(month, cadre_id)`` when a row is double-clicked or Enter pressed."""

    cadre_chosen = Signal(str, str)

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.rows: list[dict[str, Any]] = []
        self._month = ""
        self._generation = 0
        self.month = QComboBox()
        self.month.setEditable(True)
        self.month.setToolTip(tr("A month, written as 2024-05"))
        self.org_unit = QComboBox()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Month")))
        bar.addWidget(self.month)
        bar.addWidget(QLabel(tr("Org unit")))
        bar.addWidget(self.org_unit, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("Cadre"), tr("Org unit"), tr("Days with workers"),
                                              tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.month.activated.connect(lambda _: self.reload())
        self.month.lineEdit().returnPressed.connect(self.reload)
        self.org_unit.activated.connect(lambda _: self.reload())
        self.table.setToolTip(tr("Enter or a double click lists the cadre's activities of "
                                 "the month"))
        self.table.activated.connect(self._chosen)

    def set_options(self, months: list[str], org_units: list[tuple[str, str]]) -> None:
        month, unit = self.month.currentText(), self.org_unit.currentData()
        self.month.clear()
        self.month.addItems(months)
        self.month.setCurrentText(month or (months[0] if months else ""))
        self.org_unit.clear()
        self.org_unit.addItem(tr("All org units"), None)
        for unit_id, name in org_units:
            self.org_unit.addItem(name, unit_id)
        self.org_unit.setCurrentIndex(max(self.org_unit.findData(unit), 0))

    def show_month(self, month: str, org_unit_id: str | None = None) -> None:
        self.month.setCurrentText(month)
        self.org_unit.setCurrentIndex(max(self.org_unit.findData(org_unit_id), 0))
        self.reload()

    def reload(self) -> None:
        month = self.month.currentText().strip()
        if not month:
            return
        self._generation += 1
        generation = self._generation

        def show(rows: list[dict[str, Any]]) -> None:
            if generation == self._generation and isValid(self):
                self._show(month, rows)

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self.rows = []
                self.table.setRowCount(0)
                self.summary.setText(getattr(exc, "message", lambda: str(exc))())

        self.window_.tasks.run(ops.compliance, show, failed, month, self.org_unit.currentData())

    def _show(self, month: str, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self._month = month
        behind = [r for r in rows if not r["meets_quota"]]
        self.summary.setText(tr("{behind} of {total} cadres have not yet spent one day with "
                                "frontline workers in {month}.", behind=len(behind),
                                total=len(rows), month=month))
        self.table.setRowCount(len(rows))
        for row, record in enumerate(rows):
            status = tr("Below one day") if not record["meets_quota"] else tr("One day or more")
            cells = [record["name"], record["org_unit_name"], f"{record['days']:g}", status]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if not record["meets_quota"]:
                    item.setBackground(QBrush(QColor(BEHIND_BACKGROUND)))
                    item.setForeground(QBrush(QColor(BEHIND_TEXT)))
                self.table.setItem(row, column, item)

    def _chosen(self, index) -> None:
        if 0 <= index.row() < len(self.rows):
            self.cadre_chosen.emit(self._month, self.rows[index.row()]["cadre_id"])

    def highlighted_names(self) -> list[str]:
        """The cadres shown as below one day (what the highlight says, read back)."""
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())
                if self.table.item(r, 3).text() == tr("Below one day")]
