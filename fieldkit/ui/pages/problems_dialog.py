"""Show every problem that stopped an import, with where it is and how to fix it.

A problem and its fix are sentences a cadre must read in full: their columns share the
width, wrap, and each row grows to the height of its text (nothing is cut off with "…").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr


class ProblemsDialog(QDialog):
    def __init__(self, parent: QWidget, summary: str, problems: list) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import problems"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(len(problems), 5)
        self.table.setHorizontalHeaderLabels([tr("Sheet"), tr("Row"), tr("Column"),
                                              tr("Problem"), tr("How to fix")])
        for row, problem in enumerate(problems):
            values = [problem.sheet, str(problem.row or ""), problem.column, problem.text(),
                      problem.hint()]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
