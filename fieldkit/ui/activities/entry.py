"""The fast entry form for a day with frontline workers.

Made for typing several records in a row with the keyboard only: a new record starts from
the last one (same site, cadres, kinds, sub-kinds and duration; today's date), Enter moves
to the next field, Ctrl+S saves and starts the next record from the one just saved, Ctrl+N
starts again from the last saved record, Esc closes. Checking the values is core's job
(``activities.log_activity``); its message is shown under the form.

The same form edits a saved activity (``editing``): filled with it, Ctrl+S (or Enter on
Save) saves the edit (``activity_edit.update_activity``) and closes. Its links are shown
ticked in the links list, above the records that could be linked: unticking one removes that
link (never the record), ticking one adds it; a link to a record deleted since says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractSpinBox, QCheckBox, QComboBox, QDateEdit, QDialog,
                               QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel,
                               QListWidget, QPlainTextEdit, QPushButton, QSizePolicy, QSpinBox,
                               QVBoxLayout, QWidget)

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import tr
from fieldkit.core.work.activity_edit import LINK_KINDS, link_text
from fieldkit.core.work.model import DURATIONS, KINDS
from fieldkit.ui.activities import ops
from fieldkit.ui.activities.check_list import ID_ROLE, CheckList
from fieldkit.ui.tasks import show_error

KEPT_FILE = Qt.UserRole + 1  # an attachment already saved with the activity: its reference
LINK_LABELS = LINK_KINDS     # problems / responses / interviews → 问题 / 问卷 / 访谈记录


class ActivityDialog(QDialog):
    """Opened by ``ActivitiesPage.new_activity`` with the page's ``options`` (see
    ``ops.options``). ``saved(dict)`` carries each activity once it is written. With
    ``editing`` (an activity as listed) it edits that activity instead."""

    saved = Signal(dict)

    def __init__(self, window, options: dict[str, Any], parent: QWidget | None = None,
                 editing: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.options = options
        self.last: dict[str, Any] | None = options.get("last")
        self.editing = editing
        self._links_loaded = False   # an edit sends its links only once they are shown
        self.setWindowTitle(tr("New activity with frontline workers"))
        self._build()
        if editing is None:
            self.start_from_last()
        else:
            self._start_editing(editing)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.site = QComboBox()
        self.site.addItem(tr("(no site)"), None)
        for site_id, name in self.options["sites"]:
            self.site.addItem(name, site_id)
        self.duration = QComboBox()
        for code, label in DURATIONS:
            self.duration.addItem(tr(label), code)
        self.cadres = CheckList(tr("Type a name or its initials (hxl), Enter ticks it"))
        self.cadres.set_items(self.options["cadres"])
        self.kind_boxes: dict[str, QCheckBox] = {}
        kinds_row = QGridLayout()
        kinds_row.setContentsMargins(0, 0, 0, 0)
        for i, (code, label) in enumerate(KINDS):
            box = QCheckBox(tr(label))
            self.kind_boxes[code] = box
            kinds_row.addWidget(box, i // 3, i % 3)
        kinds = QWidget()
        kinds.setLayout(kinds_row)
        self.sub_kinds = CheckList(tr("Type a sub-kind, Enter ticks or adds it"), allow_new=True,
                                   wrap=True)
        self.sub_kinds.set_items([(n, n) for n in self.options["sub_kinds"]])
        self.sub_kinds.list.setMaximumHeight(56)
        self.sub_kinds.list.setToolTip(tr("Space ticks a sub-kind; Del stops offering it "
                                          "(activities that used it keep it)"))
        forget = QShortcut(QKeySequence.Delete, self.sub_kinds.list,
                           activated=self.forget_sub_kind)
        forget.setContext(Qt.WidgetShortcut)
        self.sub_kinds.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self.workers = _spin(100000)
        self.feedback_count = _spin(10000)
        self.feedback = QPlainTextEdit()
        self.feedback.setPlaceholderText(tr("Opinions and requests workers gave"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(tr("What was done (Tab moves on)"))
        for box in (self.feedback, self.notes):
            box.setTabChangesFocus(True)
            box.setMaximumHeight(64)
        self.links = CheckList(tr("Find a problem, questionnaire or interview"))
        self.links.list.setMaximumHeight(96)
        self.links.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self.files = QListWidget()
        self.files.setMaximumHeight(48)
        self.attach_button = QPushButton(tr("Attach photos or files…"))
        self.remove_file_button = QPushButton(tr("Remove"))

        left = QFormLayout()
        left.addRow(tr("Date"), self.date)
        left.addRow(tr("Site"), self.site)
        left.addRow(tr("Duration"), self.duration)
        left.addRow(tr("Kinds"), kinds)
        left.addRow(tr("Sub-kinds"), self.sub_kinds)
        left.addRow(tr("Workers reached"), self.workers)
        left.addRow(tr("Opinions collected"), self.feedback_count)
        left.addRow(tr("Opinions"), self.feedback)
        right = self.right_form = QFormLayout()
        right.addRow(tr("Cadres"), self.cadres)
        right.addRow(tr("Notes"), self.notes)
        right.addRow(tr("Linked records"), self.links)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        files_buttons = QVBoxLayout()
        files_buttons.addWidget(self.attach_button)
        files_buttons.addWidget(self.remove_file_button)
        files_row.addLayout(files_buttons)
        right.addRow(tr("Attachments"), files_row)
        columns = QHBoxLayout()
        for form in (left, right):
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)
            columns.addLayout(column, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.save_button.setProperty("primary", True)
        self.again_button = QPushButton(tr("New from last (Ctrl+N)"))
        self.close_button = QPushButton(tr("Close (Esc)"))
        for button in (self.save_button, self.again_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.again_button.clicked.connect(self.start_from_last)
        self.close_button.clicked.connect(self.reject)
        self.attach_button.clicked.connect(self.choose_files)
        self.remove_file_button.clicked.connect(self._remove_file)
        self.site.currentIndexChanged.connect(lambda _: self._load_links())
        QShortcut(QKeySequence.Save, self, activated=self.save)
        self.again_key = QShortcut(QKeySequence("Ctrl+N"), self, activated=self.start_from_last)
        # Enter moves on from every one-line field; the lists pass it on themselves
        self.order = [self.date, self.site, self.duration, *self.kind_boxes.values(),
                      self.sub_kinds, self.workers, self.feedback_count, self.feedback,
                      self.cadres, self.notes, self.links, self.attach_button]
        for widget in (self.date, self.site, self.duration, *self.kind_boxes.values(),
                       self.workers, self.feedback_count, self.save_button):
            widget.installEventFilter(self)
        for check_list in (self.sub_kinds, self.cadres, self.links):
            check_list.finished.connect(lambda c=check_list: self._next_after(c))
        for a, b in zip(self.order, self.order[1:]):
            QWidget.setTabOrder(a, b)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and not event.modifiers() & Qt.ControlModifier:
            if watched is self.save_button:
                self.save()             # Enter on Save saves, as Space does
            else:
                self._next_after(watched)
            return True
        return super().eventFilter(watched, event)

    def _next_after(self, widget: QWidget) -> None:
        index = self.order.index(widget)
        following = self.order[index + 1] if index + 1 < len(self.order) else self.save_button
        following.setFocus(Qt.TabFocusReason)

    # -- values ----------------------------------------------------------------------------

    def start_from_last(self) -> None:
        """A new record: today's date, and the site, cadres, kinds, sub-kinds and duration
        of the last one (or the current cadre when there is none yet)."""
        last = self.last or {}
        self.date.setDate(QDate.currentDate())
        index = self.site.findData(last.get("site_id"))
        self.site.setCurrentIndex(max(index, 0))
        self.duration.setCurrentIndex(max(self.duration.findData(last.get("duration", "day")), 0))
        cadres = last.get("cadre_ids") or [c for c in [self.window_.current_cadre_id()] if c]
        self.cadres.set_checked(cadres)
        for code, box in self.kind_boxes.items():
            box.setChecked(code in last.get("kinds", ()))
        self.sub_kinds.set_checked(last.get("sub_kinds", ()))
        self.workers.setValue(0)
        self.feedback_count.setValue(0)
        self.feedback.clear()
        self.notes.clear()
        self.files.clear()
        self.links.set_checked(())
        self._load_links()
        self.date.setFocus(Qt.OtherFocusReason)

    def _start_editing(self, activity: dict[str, Any]) -> None:
        """Fill the form with a saved activity; Ctrl+S saves the edit and closes."""
        self.setWindowTitle(tr("Edit the activity of {date}", date=activity["date"]))
        self.save_button.setText(tr("Save changes (Ctrl+S)"))
        self.again_button.hide()
        self.again_key.setEnabled(False)
        self.links.list.setToolTip(tr("Ticked records are linked to this activity. Untick one "
                                      "to remove its link (the record itself is kept); Space "
                                      "ticks and unticks."))
        self.date.setDate(QDate.fromString(activity["date"], "yyyy-MM-dd"))
        self.site.blockSignals(True)      # the links are loaded once, below
        self.site.setCurrentIndex(max(self.site.findData(activity.get("site_id")), 0))
        self.site.blockSignals(False)
        self._load_links()
        self.duration.setCurrentIndex(max(self.duration.findData(activity["duration"]), 0))
        self.cadres.set_checked(activity["cadre_ids"])
        for code, box in self.kind_boxes.items():
            box.setChecked(code in activity["kinds"])
        known = {i.data(Qt.UserRole) for i in self.sub_kinds.items()}
        gone = [n for n in activity["sub_kinds"] if n not in known]   # no longer offered
        if gone:
            self.sub_kinds.set_items([(i.data(Qt.UserRole), i.text())
                                      for i in self.sub_kinds.items()] + [(n, n) for n in gone])
        self.sub_kinds.set_checked(activity["sub_kinds"])
        self.workers.setValue(activity["workers_reached"])
        self.feedback_count.setValue(activity["feedback_count"])
        self.feedback.setPlainText(activity["feedback"])
        self.notes.setPlainText(activity["notes"])
        self.files.clear()

        def show_files(names: list[tuple[str, str]]) -> None:
            for ref, name in names:
                self.files.addItem(name)
                self.files.item(self.files.count() - 1).setData(KEPT_FILE, ref)

        self.window_.tasks.run(ops.attachment_names, show_files, None,
                               list(activity["attachments"]))
        self.date.setFocus(Qt.OtherFocusReason)

    def values(self) -> dict[str, Any]:
        qdate = self.date.date()
        out = {
            "on": date(qdate.year(), qdate.month(), qdate.day()),
            "site_id": self.site.currentData(),
            "cadre_ids": self.cadres.checked_ids(),
            "kinds": [code for code, box in self.kind_boxes.items() if box.isChecked()],
            "sub_kinds": self.sub_kinds.checked_ids(),
            "duration": self.duration.currentData(),
            "workers_reached": self.workers.value(),
            "feedback_count": self.feedback_count.value(),
            "feedback": self.feedback.toPlainText(),
            "notes": self.notes.toPlainText(),
            "attachment_files": [self.files.item(i).data(Qt.UserRole)
                                 for i in range(self.files.count())
                                 if self.files.item(i).data(Qt.UserRole)],
        }
        if self.editing is None or self._links_loaded:  # an edit's links once they are shown
            out["links"] = [tuple(key.split(":", 1)) for key in self.links.checked_ids()]
        if self.editing is not None:
            out["attachments"] = [self.files.item(i).data(KEPT_FILE)
                                  for i in range(self.files.count())
                                  if self.files.item(i).data(KEPT_FILE)]
        return out

    def _load_links(self) -> None:
        """Offer the records at the chosen site; an edited activity's own links come first,
        ticked, wherever they are. What is ticked stays ticked when the site changes."""
        site_id = self.site.currentData()
        linked = list(self.editing["links"]) if self.editing is not None else []

        def show(choices: dict[str, Any]) -> None:
            if site_id != self.site.currentData():
                return  # the site changed again meanwhile
            ticked = {i.data(ID_ROLE): i.text() for i in self.links.items()
                      if i.checkState() == Qt.Checked}
            items = {f"{x['table']}:{x['id']}": link_text(x) for x in choices["linked"]}
            for c in choices["candidates"]:
                items.setdefault(f"{c['table']}:{c['id']}",
                                 f"{tr(LINK_LABELS[c['table']])} · {c['label']} · {c['date']}")
            for key, text in ticked.items():
                items.setdefault(key, text)
            checked = list(ticked) if self._links_loaded else list(items)[:len(choices["linked"])]
            self.links.set_items(list(items.items()), checked=checked)
            self._links_loaded = True

        self.window_.tasks.run(ops.link_choices, show, None, site_id, linked)

    def add_files(self, paths) -> None:
        for path in paths:
            self.files.addItem(Path(path).name)
            self.files.item(self.files.count() - 1).setData(Qt.UserRole, str(path))

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Attach photos or files"))
        self.add_files(paths)

    def _remove_file(self) -> None:
        row = self.files.currentRow()
        if row >= 0:
            self.files.takeItem(row)

    def forget_sub_kind(self) -> None:
        item = self.sub_kinds.list.currentItem()
        if item is None:
            return
        name = item.text()
        self.sub_kinds.list.takeItem(self.sub_kinds.list.row(item))
        self.window_.tasks.run(ops.remove_sub_kind, None, None, name)

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return  # a save is on its way: a second Ctrl+S must not record the day twice
        self.save_button.setEnabled(False)
        self.message.setText(tr("Saving…"))
        if self.editing is not None:
            self.window_.tasks.run(ops.update, self._edited, self._failed,
                                   self.editing["id"], self.values())
            return
        self.window_.tasks.run(ops.save, self._saved, self._failed, self.values())

    def _edited(self, activity: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.editing = activity
        self.saved.emit(activity)
        self.accept()
        self.window_.statusBar().showMessage(
            tr("Changes saved ({date}, {cadres}).", date=activity.get("date", ""),
               cadres=activity.get("cadre_names", "")), 8000)

    def _saved(self, activity: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.last = activity
        self.saved.emit(activity)
        self.start_from_last()
        self.message.setStyleSheet("")
        self.message.setText(tr("Saved ({date}, {cadres}). The next one starts from it.",
                                date=activity.get("date", ""),
                                cadres=activity.get("cadre_names", "")))

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, FieldkitError):
            self.message.setStyleSheet("color: #b8312a;")
            self.message.setText(exc.message())
        else:
            self.message.setText("")
            show_error(self, exc)


def _spin(maximum: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setButtonSymbols(QAbstractSpinBox.NoButtons)
    box.setAlignment(Qt.AlignRight)
    return box
