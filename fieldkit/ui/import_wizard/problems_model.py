"""The problems of an import preview as a table: row, column, question, problem, expected,
found. Errors keep a row out; warnings (the form's own rules) let the user choose."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from fieldkit.core.i18n import translate, tr
from fieldkit.ui.import_wizard.style import AMBER, RED, TEXT
from fieldkit.ui.import_wizard.targets import TargetNames


def problem_titles() -> list[str]:
    return [tr("Row"), tr("Column"), tr("Question"), tr("Problem"), tr("Expected"),
            tr("Found")]


class ProblemsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[list[str], str]] = []   # (cells, severity)
        self.titles = problem_titles()

    def set_problems(self, problems: list, names: TargetNames | None) -> None:
        self.beginResetModel()
        self.rows = []
        for p in problems:
            question = names.question_label(p.question) if names and p.question else p.question
            cells = [str(p.row), p.location() or "—", question, p.message(),
                     translate(p.expected) if p.expected else "", str(p.found or "")]
            self.rows.append((cells, p.severity))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.titles)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.titles[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        cells, severity = self.rows[index.row()]
        if role == Qt.DisplayRole:
            return cells[index.column()]
        if role == Qt.ToolTipRole:
            if index.column() == 3:
                return (tr("Error: this row is not imported.") if severity == "error" else
                        tr("Warning: the row breaks a rule of the form; you choose whether it "
                           "is imported.")) + "\n" + cells[3]
            return cells[index.column()]
        if role == Qt.BackgroundRole and index.column() == 3:
            return RED if severity == "error" else AMBER
        if role == Qt.ForegroundRole and index.column() == 3:
            return TEXT
        if role == Qt.TextAlignmentRole and index.column() in (0, 1):
            return int(Qt.AlignCenter)
        return None
