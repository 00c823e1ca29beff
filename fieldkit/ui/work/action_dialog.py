"""A small dialog asking what one action on a problem needs: a note or reply, the day it
happened, the body escalated to, a rating, a write-up, a leader and quarter. Fields are
chosen by the caller; a required text keeps OK disabled until something is typed.
Ctrl+Enter (or Enter outside a multi-line box) is OK."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)



class ActionDialog(QDialog):
    def __init__(self, parent: QWidget, title: str, explanation: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if explanation:
            text = QLabel(explanation)
            text.setWordWrap(True)
            layout.addWidget(text)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.inputs: dict[str, QWidget] = {}
        self.required: list[str] = []
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._accept_if_ready)

    def _add(self, key: str, label: str, widget: QWidget, required: bool) -> QWidget:
        self.form.addRow(label + (" *" if required else ""), widget)
        self.inputs[key] = widget
        if required:
            self.required.append(key)
            signal = (widget.textChanged if isinstance(widget, (QLineEdit, QPlainTextEdit))
                      else None)
            if signal is not None:
                signal.connect(lambda *_: self._update_ok())
        if len(self.inputs) == 1:
            widget.setFocus()
        self._update_ok()
        return widget

    def add_text(self, key: str, label: str, *, required: bool = False, value: str = "",
                 multiline: bool = True, placeholder: str = "") -> None:
        if multiline:
            widget = QPlainTextEdit(value)
            widget.setTabChangesFocus(True)
            widget.setMaximumHeight(110)
        else:
            widget = QLineEdit(value)
        widget.setPlaceholderText(placeholder)
        self._add(key, label, widget, required)

    def add_date(self, key: str, label: str) -> None:
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        self._add(key, label, edit, False)

    def add_choice(self, key: str, label: str, items: list[tuple[Any, str]],
                   value: Any = None) -> None:
        combo = QComboBox()
        for data, text in items:
            combo.addItem(text, data)
        if value is not None:
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self._add(key, label, combo, False)

    def _text(self, widget: QWidget) -> str:
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        return ""

    def _update_ok(self) -> None:
        ready = all(self._text(self.inputs[k]).strip() for k in self.required)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ready)

    def _accept_if_ready(self) -> None:
        if self.buttons.button(QDialogButtonBox.Ok).isEnabled():
            self.accept()

    def values(self) -> dict[str, Any]:
        out = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QDateEdit):
                out[key] = widget.date().toString("yyyy-MM-dd")
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            else:
                out[key] = self._text(widget).strip()
        return out
