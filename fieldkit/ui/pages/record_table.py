"""A read-only table model over a list of directory records."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fieldkit.core.work import directory
from fieldkit.core.i18n import tr


class RecordTableModel(QAbstractTableModel):
    def __init__(self, spec: directory.EntitySpec) -> None:
        super().__init__()
        self.spec = spec
        self.columns = [f for f in spec.fields if f.in_table]
        self.records: list[dict[str, Any]] = []

    def set_records(self, records: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(self, section: int, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            if section < len(self.columns):
                return tr(self.columns[section].label)
            return tr("Status")
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.DisplayRole:
            if index.column() < len(self.columns):
                return directory.display_value(self.columns[index.column()], record)
            return tr("Active") if record["active"] else tr("Deactivated")
        if role == Qt.ForegroundRole and not record["active"]:
            return QBrush(QColor("#888888"))
        return None

    def record(self, row: int) -> dict[str, Any] | None:
        return self.records[row] if 0 <= row < len(self.records) else None
