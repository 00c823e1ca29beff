"""A management page for one kind of directory record: search, create, edit, deactivate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from fieldkit.core.work import directory
from fieldkit.core.errors import ValidationError
from fieldkit.core.i18n import tr
from fieldkit.ui.pages.record_dialog import RecordDialog
from fieldkit.ui.pages.record_table import RecordTableModel
from fieldkit.ui.tasks import show_error


class DirectoryPage(QWidget):
    def __init__(self, window, spec: directory.EntitySpec) -> None:
        super().__init__()
        self.window_ = window
        self.spec = spec
        self.dialog: RecordDialog | None = None
        layout = QVBoxLayout(self)
        title = QLabel(tr(spec.plural))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(title)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(tr("Show deactivated"))
        self.new_button = QPushButton(tr("New (Ctrl+N)"))
        self.edit_button = QPushButton(tr("Edit"))
        self.toggle_button = QPushButton(tr("Deactivate"))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_inactive)
        for button in (self.new_button, self.edit_button, self.toggle_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.model = RecordTableModel(spec)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.show_inactive.toggled.connect(lambda _: self.refresh())
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for keys, target, slot in ((QKeySequence.Find, self, self.search.setFocus),
                                   (QKeySequence("Ctrl+N"), self, self.new_record),
                                   (QKeySequence(Qt.Key_Return), self.table, self.edit_selected)):
            shortcut = QShortcut(keys, target, activated=slot)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        self.window_.tasks.run(directory.search, self._show, None, self.spec,
                               self.search.text(), self.show_inactive.isChecked())

    def _show(self, records: list[dict[str, Any]]) -> None:
        selected = self.selected()
        self.model.set_records(records)
        self.count_label.setText(tr("{count} shown", count=len(records)))
        if selected:
            for row, record in enumerate(records):
                if record["id"] == selected["id"]:
                    self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        record = self.selected()
        self.edit_button.setEnabled(record is not None)
        self.toggle_button.setEnabled(record is not None)
        self.toggle_button.setText(tr("Reactivate") if record and not record["active"]
                                   else tr("Deactivate"))

    # -- editing -------------------------------------------------------------------------

    def new_record(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        record = self.selected()
        if record:
            self._open_dialog(record)

    def _open_dialog(self, record: dict[str, Any] | None) -> None:
        ref_fields = [f for f in self.spec.fields if f.kind == "ref"]

        def load_refs(ws):
            return {f.key: directory.choices_for(ws, f.ref, record.get(f.key) if record else None)
                    for f in ref_fields}

        self.window_.tasks.run(load_refs, lambda refs: self._show_dialog(record, refs))

    def _show_dialog(self, record, refs) -> None:
        self.dialog = RecordDialog(self, self.spec, record, refs, save=self._save)
        self.dialog.finished.connect(lambda _: self.refresh())
        self.dialog.open()

    def _save(self, values: dict[str, Any]) -> None:
        dialog = self.dialog
        record = dialog.record

        def on_error(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                dialog.show_problems(exc)
            else:
                dialog.buttons.setEnabled(True)
                show_error(dialog, exc)

        if record:
            self.window_.tasks.run(directory.update, lambda _: dialog.saved(), on_error,
                                   self.spec, record["id"], values)
        else:
            self.window_.tasks.run(directory.create, lambda _: dialog.saved(), on_error,
                                   self.spec, values)

    def toggle_selected(self) -> None:
        record = self.selected()
        if not record:
            return
        self.window_.tasks.run(directory.set_active, lambda _: self.refresh(), None,
                               self.spec, record["id"], not record["active"])
