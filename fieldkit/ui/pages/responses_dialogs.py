"""Small dialogs of the responses browser: choosing columns, writing a review comment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QVBoxLayout)

from fieldkit.core.i18n import tr
from fieldkit.core.responses.columns import DEFAULT_COLUMNS, Column


class ColumnsDialog(QDialog):
    """Tick the columns to show; standard columns first, then the form's questions."""

    def __init__(self, parent, available: list[Column], chosen: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Columns"))
        self.resize(520, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Show these columns:")))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Find a question"))
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        order = {key: i for i, key in enumerate(chosen)}
        for column in available:
            text = column.label
            if column.question and column.label != column.question:
                text = f"{column.label}  ({column.question})"
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, column.key)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if column.key in order else Qt.Unchecked)
            self.list.addItem(item)
        self._order = order
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.defaults_button = QPushButton(tr("Default columns"))
        row.addWidget(self.defaults_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.defaults_button.clicked.connect(self.use_defaults)
        self.filter.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _: self._update_ok())

    def _items(self):
        return [self.list.item(i) for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        for item in self._items():
            item.setHidden(bool(text) and text not in item.text().lower())

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(self.keys()))

    def set_checked(self, key: str, checked: bool = True) -> None:
        for item in self._items():
            if item.data(Qt.UserRole) == key:
                item.setCheckState(Qt.Checked if checked else Qt.Unchecked)

    def use_defaults(self) -> None:
        for item in self._items():
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in DEFAULT_COLUMNS
                               else Qt.Unchecked)

    def keys(self) -> list[str]:
        """Ticked columns: those shown before keep their place, new ones go at the end."""
        ticked = [item.data(Qt.UserRole) for item in self._items()
                  if item.checkState() == Qt.Checked]
        position = {key: i for i, key in enumerate(ticked)}
        return sorted(ticked, key=lambda k: (self._order.get(k, len(self._order)), position[k]))


class ReviewDialog(QDialog):
    """Mark a response as having issues: the comment says what to fix."""

    def __init__(self, parent, summary: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Has issues"))
        self.resize(460, 260)
        layout = QVBoxLayout(self)
        heading = QLabel(summary)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(QLabel(tr("What are the issues? The collector will see this comment.")))
        self.comment = QPlainTextEdit()
        layout.addWidget(self.comment, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.comment.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(self.text()))

    def text(self) -> str:
        return self.comment.toPlainText().strip()
