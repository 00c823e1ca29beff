"""The imports of survey spreadsheets, newest first, each of which can be undone — days later,
not only on the import wizard's last page."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from fieldkit.core.i18n import tr
from fieldkit.ui.import_wizard import ops
from fieldkit.ui.runner.header import local_time
from fieldkit.ui.tasks import error_text


def batch_titles() -> list[str]:
    return [tr("Imported at"), tr("File"), tr("Questionnaire"), tr("Responses added"),
            tr("Still there"), tr("State")]


class BatchesDialog(QDialog):
    undone = Signal(str, int)   # batch id, responses taken back

    def __init__(self, window, form_id: str | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.form_id = form_id
        self.batches: list[dict] = []
        self.busy = False
        self.note = ""   # what the last undo did, shown above the list
        self.setWindowTitle(tr("Imports"))
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        self.message = QLabel(tr("Loading…"))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table = QTableWidget(0, len(batch_titles()))
        self.table.setObjectName("batches_table")
        self.table.setHorizontalHeaderLabels(batch_titles())
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.undo_button = QPushButton(tr("Undo this import"))
        self.undo_button.setEnabled(False)
        buttons.addButton(self.undo_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.undo_button.clicked.connect(self.undo_selected)
        self.table.itemSelectionChanged.connect(self._selected)
        self.load()

    def load(self) -> None:
        self.window_.tasks.run(ops.list_batches, self._show, self._failed, self.form_id)

    def _show(self, batches: list[dict]) -> None:
        self.batches = batches
        self.table.setRowCount(len(batches))
        for row, batch in enumerate(batches):
            where = f"{batch['file']} · {batch['sheet']}" if batch["sheet"] else batch["file"]
            state = tr("Undone") if batch["undone"] else tr("Imported")
            cells = [local_time(batch["imported_at"]), where, batch["form_title"],
                     str(batch["imported"]), str(batch["remaining"]), state]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (3, 4):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, column, item)
        text = tr("{count} import(s), newest first. Undoing one takes back the responses it "
                  "added; they stay in the history.", count=len(batches)) if batches else \
            tr("No imports yet.")
        self.message.setText("\n".join(t for t in (self.note, text) if t))
        if batches and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._selected()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.message.setText(error_text(exc))
        self._selected()

    def selected(self) -> dict | None:
        row = self.table.currentRow()
        return self.batches[row] if 0 <= row < len(self.batches) else None

    def _selected(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(not self.busy and batch is not None and
                                    not batch["undone"] and batch["remaining"] > 0)

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None or self.busy:
            return
        self.busy = True
        self._selected()

        def done(count: int) -> None:
            self.busy = False
            self.note = tr("Took back {count} responses imported from {file}.", count=count,
                           file=batch["file"])
            self.undone.emit(batch["id"], count)
            self.load()

        self.window_.tasks.run(ops.undo, done, self._failed, batch["id"])
