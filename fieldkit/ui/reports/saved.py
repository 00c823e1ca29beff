"""The saved reports on the reports page: a list of report definitions with Save…, Rebuild,
Rename… and Delete. The page does the work (it knows the current spec and runs the database
calls); this widget shows the list and says what the user asked for through signals."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout)

from fieldkit.core.i18n import N_, tr

KIND_NAMES = {"survey": N_("Survey report"), "work": N_("Work report"),
              "codebook": N_("Codebook report")}


class SavedReports(QGroupBox):
    save_requested = Signal()
    rebuild_requested = Signal(dict)
    rename_requested = Signal(dict)
    delete_requested = Signal(dict)

    def __init__(self) -> None:
        super().__init__(tr("Saved reports"))
        self.list = QListWidget()
        self.list.setObjectName("saved_reports")
        self.list.setMinimumHeight(90)
        self.save_button = QPushButton(tr("Save definition…"))
        self.rebuild_button = QPushButton(tr("Rebuild"))
        self.rename_button = QPushButton(tr("Rename…"))
        self.delete_button = QPushButton(tr("Delete"))
        buttons = QGridLayout()
        for i, button in enumerate((self.save_button, self.rebuild_button, self.rename_button,
                                    self.delete_button)):
            buttons.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_requested)
        for button, signal in ((self.rebuild_button, self.rebuild_requested),
                               (self.rename_button, self.rename_requested),
                               (self.delete_button, self.delete_requested)):
            button.clicked.connect(lambda _=False, s=signal: self._emit(s))
        self.list.itemDoubleClicked.connect(lambda _item: self._emit(self.rebuild_requested))
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self._enable()

    def _emit(self, signal) -> None:
        item = self.list.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.UserRole))

    def _enable(self) -> None:
        chosen = self.list.currentItem() is not None
        for button in (self.rebuild_button, self.rename_button, self.delete_button):
            button.setEnabled(chosen)

    def show_definitions(self, rows: list[dict]) -> None:
        current = self.list.currentItem().data(Qt.UserRole)["id"] if self.list.currentItem() \
            else None
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['name']}  ·  {tr(KIND_NAMES.get(row['kind'], row['kind']))}")
            item.setData(Qt.UserRole, row)
            self.list.addItem(item)
            if row["id"] == current:
                self.list.setCurrentItem(item)
        self._enable()

    def select(self, name: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole)["name"] == name:
                self.list.setCurrentRow(i)
                return
