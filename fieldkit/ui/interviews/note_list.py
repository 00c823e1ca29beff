"""The list of notes on the left of the interviews page: a search box, filters (site,
occupation, dates), the notes found and the New / Import / Delete buttons.

A plain widget: it shows the rows the page gives it (``show_rows``) and says what the user
wants through ``filters_changed()`` (after a short pause when typing), ``chosen(object)``
(a note id, or None) and ``delete_pressed()`` (the Delete key in the list).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.ui.interviews.note_form import NO_DATE, date_edit, occupation_choices

def date_value(edit: QDateEdit) -> str | None:
    return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")


def item_text(row: dict) -> str:
    """A note in the list: its date (month-day) and title, and how many segments it lost."""
    text = row.get("title") or tr("(untitled)")
    if row.get("lost_count"):
        text = tr("{title} ({n} lost segments)", title=text, n=row["lost_count"])
    if row.get("on_date"):
        text = row["on_date"][5:] + "  " + text
    return text


class NoteList(QWidget):
    filters_changed = Signal()
    chosen = Signal(object)
    delete_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("note_search")
        self.search.setPlaceholderText(tr("Search notes… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.site_filter, self.occupation_filter = QComboBox(), QComboBox()
        self.site_filter.addItem(tr("All sites"), None)
        self.occupation_filter.addItem(tr("All occupations"), None)
        self.date_from, self.date_to = date_edit(), date_edit()
        self.date_from.setToolTip(tr("From this date"))
        self.date_to.setToolTip(tr("Up to this date"))
        self.list = QListWidget()
        self.list.setObjectName("note_list")
        self.list.installEventFilter(self)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)   # long titles end in …
        self.list.setTextElideMode(Qt.ElideRight)
        self.count_label = QLabel()
        self.new_button = QPushButton(tr("New note"))
        self.new_button.setToolTip(tr("Write a new interview note (Ctrl+N)"))
        self.import_button = QPushButton(tr("Import files…"))
        self.import_button.setToolTip(tr("Import notes from .txt, .md or .docx files; several "
                                         "at once. If one cannot be read, none is imported."))
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.setToolTip(tr("Delete the chosen note (Delete)"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        filters = QHBoxLayout()
        filters.addWidget(self.site_filter, 1)
        filters.addWidget(self.occupation_filter, 1)
        column.addLayout(filters)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to, 1)
        column.addLayout(dates)
        column.addWidget(self.list, 1)
        column.addWidget(self.count_label)
        buttons = QGridLayout()
        for i, button in enumerate((self.new_button, self.import_button, self.delete_button)):
            button.setSizePolicy(QSizePolicy.Minimum, QSizePolicy.Fixed)   # never cut
            buttons.addWidget(button, i // 2, i % 2)
        column.addLayout(buttons)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.filters_changed)
        self.search.textChanged.connect(lambda: self._typing.start())
        for combo in (self.site_filter, self.occupation_filter):
            combo.currentIndexChanged.connect(self.filters_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.filters_changed)
        self.list.currentItemChanged.connect(
            lambda item, _previous: self.chosen.emit(item.data(Qt.UserRole) if item else None))

    def set_choices(self, choices: dict) -> None:
        """Fill the site and occupation filters, keeping what is chosen."""
        occupations = list(dict.fromkeys(occupation_choices() + choices["occupations"]))
        for combo, items in ((self.site_filter, choices["sites"]),
                             (self.occupation_filter, [(o, o) for o in occupations])):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def filters(self) -> dict:
        """The filters as ``NoteFilter`` takes them."""
        return {"text": self.search.text().strip(), "site_id": self.site_filter.currentData(),
                "occupation": self.occupation_filter.currentData(),
                "date_from": date_value(self.date_from), "date_to": date_value(self.date_to)}

    def clear_filters(self) -> None:
        """Show every note again (quietly: the caller reloads)."""
        for widget, reset in ((self.search, lambda: self.search.clear()),
                              (self.site_filter, lambda: self.site_filter.setCurrentIndex(0)),
                              (self.occupation_filter,
                               lambda: self.occupation_filter.setCurrentIndex(0))):
            widget.blockSignals(True)
            reset()
            widget.blockSignals(False)

    def show_rows(self, rows: list[dict], wanted: str | None) -> QListWidgetItem | None:
        """List ``rows`` without announcing a choice; returns the item of ``wanted``."""
        self.list.blockSignals(True)
        self.list.clear()
        found = None
        for row in rows:
            parts = [row["on_date"] or "", row["site_name"] or "", row["occupation"] or ""]
            item = QListWidgetItem(item_text(row))
            item.setToolTip(row["title"] + "\n" + "  ".join(p for p in parts if p))
            item.setData(Qt.UserRole, row["id"])
            self.list.addItem(item)
            if row["id"] == wanted:
                found = item
        if found is not None:
            self.list.setCurrentItem(found)
        self.list.blockSignals(False)
        self.count_label.setText(tr("Notes shown: {n}", n=len(rows)))
        return found

    def select(self, note_id: str) -> bool:
        """Choose ``note_id`` if it is listed (announcing it); False if it is not."""
        for index in range(self.list.count()):
            if self.list.item(index).data(Qt.UserRole) == note_id:
                self.list.setCurrentRow(index)
                return True
        return False

    def update_note(self, note: dict) -> None:
        """A note's title or date changed: show it."""
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(Qt.UserRole) == note["id"]:
                item.setText(item_text(note))

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.list and event.type() == QEvent.KeyPress
                and event.key() == Qt.Key_Delete):
            self.delete_pressed.emit()
            return True
        return super().eventFilter(watched, event)
