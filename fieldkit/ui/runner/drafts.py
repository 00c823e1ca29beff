"""Unfinished drafts of this laptop, offered after start-up: how a crash is recovered.

The dialog is not modal: the main window stays usable, and "Continue" (or Enter on a
draft) opens it in the runner with every answer saved before the crash.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.ui.runner.header import local_time


class DraftsDialog(QDialog):
    def __init__(self, window, drafts: list[dict], parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(tr("Unfinished questionnaires"))
        self.setModal(False)
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        text = QLabel(tr("These questionnaires were started on this computer and not finalised "
                         "(perhaps the program was closed or the power went off). Every answer "
                         "typed before that was saved. Continue one now, or later from the "
                         "responses list."))
        text.setWordWrap(True)
        self.list = QListWidget()
        for draft in drafts:
            label = tr("{title} — started {time}", title=draft["title"] or draft["form_id"],
                       time=local_time(draft["started_at"]))
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, draft["id"])
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox()
        self.continue_button = QPushButton(tr("Continue"))
        self.continue_button.setDefault(True)
        buttons.addButton(self.continue_button, QDialogButtonBox.AcceptRole)
        later = buttons.addButton(tr("Later"), QDialogButtonBox.RejectRole)
        later.setAutoDefault(False)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.continue_button.clicked.connect(self.continue_current)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.continue_current())
        self.runner = None

    def draft_ids(self) -> list[str]:
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())]

    def continue_current(self):
        from fieldkit.ui.runner import open_runner

        item = self.list.currentItem()
        if item is None:
            return None
        self.runner = open_runner(self.window_, response_id=item.data(Qt.UserRole))
        self.list.takeItem(self.list.row(item))
        if self.list.count() == 0:
            self.accept()
        return self.runner
