"""Create or edit one directory record; its fields come from the core's EntitySpec."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from fieldkit.core.work import directory
from fieldkit.core.errors import ValidationError
from fieldkit.core.i18n import tr

ERROR_STYLE = "color: #b00020;"


class RecordDialog(QDialog):
    """``refs`` maps a ref field's key to its (id, name) choices, fetched beforehand."""

    def __init__(self, parent: QWidget, spec: directory.EntitySpec,
                 record: dict[str, Any] | None, refs: dict[str, list[tuple[str, str]]],
                 save: Callable[[dict[str, Any]], None]) -> None:
        super().__init__(parent)
        self.spec = spec
        self.record = record
        self._save = save
        title = tr("Edit {kind}", kind=tr(spec.singular)) if record else \
            tr("New {kind}", kind=tr(spec.singular))
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        for fs in spec.fields:
            widget = self._make_input(fs, refs.get(fs.key, []))
            value = record.get(fs.key) if record else fs.default
            self._set_value(fs, widget, value)
            label = tr(fs.label) + (" *" if fs.required else "")
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(widget)
            col.addWidget(error)
            form.addRow(label, box)
            self.inputs[fs.key] = widget
            self.errors[fs.key] = error
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText(tr("Save"))
        buttons.button(QDialogButtonBox.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def _make_input(self, fs: directory.FieldSpec, ref_choices) -> QWidget:
        if fs.kind == "choice":
            combo = QComboBox()
            for value, label in fs.choices:
                combo.addItem(tr(label), value)
            return combo
        if fs.kind == "ref":
            combo = QComboBox()
            combo.addItem(tr("(none)"), None)
            for value, name in ref_choices:
                combo.addItem(name, value)
            return combo
        if fs.kind == "timezone":
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(directory.TIMEZONES)
            return combo
        line = QLineEdit()
        line.setMaxLength(fs.max_length)
        if fs.kind == "int":
            line.setValidator(QIntValidator(fs.minimum or -2**31, fs.maximum or 2**31 - 1))
        return line

    @staticmethod
    def _set_value(fs: directory.FieldSpec, widget: QWidget, value: Any) -> None:
        if isinstance(widget, QComboBox):
            index = widget.findData(value) if fs.kind != "timezone" else widget.findText(value or "")
            if index >= 0:
                widget.setCurrentIndex(index)
            elif fs.kind == "timezone" and value:
                widget.setEditText(value)
        else:
            widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        out = {}
        for fs in self.spec.fields:
            widget = self.inputs[fs.key]
            if isinstance(widget, QComboBox):
                out[fs.key] = widget.currentText() if fs.kind == "timezone" else widget.currentData()
            else:
                out[fs.key] = widget.text()
        return out

    def submit(self) -> None:
        for error in self.errors.values():
            error.hide()
        self.summary.hide()
        self.buttons.setEnabled(False)
        self._save(self.values())

    def show_problems(self, exc: ValidationError) -> None:
        self.buttons.setEnabled(True)
        self.summary.setText(exc.message())
        self.summary.show()
        first = None
        for key, msgid, params in exc.problems:
            label = self.errors.get(key)
            if label is None:
                continue
            label.setText(tr(msgid, **params))
            label.show()
            first = first or self.inputs[key]
        if first is not None:
            first.setFocus(Qt.OtherFocusReason)

    def saved(self) -> None:
        self.buttons.setEnabled(True)
        self.accept()
