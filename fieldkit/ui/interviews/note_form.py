"""The note's details: title, date, site, activity, interviewee (name and contact marked
personal), occupation, age band, the attributes the user defined, interviewers, and the
attached recordings and photos.

A plain widget: ``load(note, choices)`` fills it from plain data, ``values()`` gives the
metadata to save, ``changed()`` fires when the user edits a field (the page saves after a
pause), and the attachment buttons ask through ``attach_requested(list)``,
``open_requested(str)`` and ``detach_requested(str)``.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.core.interviews.model import AGE_BANDS, OCCUPATIONS

NO_DATE = QDate(2000, 1, 1)
# occupations the brief names first, then the rest of the core's list
FIRST_OCCUPATIONS = ("快递员", "外卖骑手", "网约车司机", "建筑工人", "港口技工", "服装厂职工")


class DateBox(QDateEdit):
    """A date box where Tab moves to the next field, as everywhere else (Qt's own steps
    through year, month and day first, and an empty box (—) never lets the focus go)."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


def date_edit() -> QDateEdit:
    """A date box that may stay empty (shown as —)."""
    edit = DateBox()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    return edit


def occupation_choices() -> list[str]:
    return list(FIRST_OCCUPATIONS) + [o for o in OCCUPATIONS if o not in FIRST_OCCUPATIONS]


class NoteDetails(QWidget):
    changed = Signal()
    attach_requested = Signal(list)
    open_requested = Signal(str)
    detach_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.attribute_edits: dict[str, QLineEdit] = {}
        self.title = QLineEdit()
        self.title.setObjectName("note_title")
        self.on_date = date_edit()
        self.site, self.activity = QComboBox(), QComboBox()
        self.site.setObjectName("note_site")
        self.interviewee, self.contact = QLineEdit(), QLineEdit()
        for edit in (self.interviewee, self.contact):
            edit.setToolTip(tr("Personal: left out of reports and exports unless you choose "
                               "to include it."))
        self.interviewee.setPlaceholderText(tr("Optional"))
        self.occupation = QComboBox()
        self.occupation.setEditable(True)
        self.occupation.setObjectName("note_occupation")
        self.occupation.addItems([""] + occupation_choices())
        self.occupation.setToolTip(tr("Pick an occupation or type another"))
        self.age_band = QComboBox()
        self.age_band.addItem("—", "")
        for band in AGE_BANDS:
            self.age_band.addItem(band, band)
        self.interviewer_ids: list[str] = []
        self.cadres: list[tuple[str, str]] = []
        self.interviewers = QLineEdit()
        self.interviewers.setReadOnly(True)
        self.interviewers.setObjectName("note_interviewers")
        self.choose_interviewers = QPushButton(tr("Choose…"))
        self.choose_interviewers.setToolTip(tr("The cadres who held the interview"))
        self.choose_interviewers.clicked.connect(self._pick_interviewers)
        interviewers = QHBoxLayout()
        interviewers.addWidget(self.interviewers, 1)
        interviewers.addWidget(self.choose_interviewers)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.addRow(tr("Title"), self.title)
        self.form.addRow(tr("Date"), self.on_date)
        self.form.addRow(tr("Site"), self.site)
        self.form.addRow(tr("Activity"), self.activity)
        self.form.addRow(tr("Interviewee (personal)"), self.interviewee)
        self.form.addRow(tr("Contact (personal)"), self.contact)
        self.form.addRow(tr("Occupation"), self.occupation)
        self.form.addRow(tr("Age band"), self.age_band)
        self.form.addRow(tr("Interviewers"), interviewers)
        self._attribute_row = self.form.rowCount()
        self.attachments = QListWidget()
        self.attachments.setObjectName("note_attachments")
        self.attachments.setMaximumHeight(90)
        self.attachments.setToolTip(tr("Recordings and photos of this interview; "
                                       "double-click one to open it"))
        self.attachments.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(Qt.UserRole)))
        self.attach_button = QPushButton(tr("Attach files…"))
        self.attach_button.clicked.connect(self._choose_files)
        self.open_button = QPushButton(tr("Open"))
        self.open_button.clicked.connect(lambda: self._with_current(self.open_requested))
        self.detach_button = QPushButton(tr("Remove"))
        self.detach_button.clicked.connect(lambda: self._with_current(self.detach_requested))
        buttons = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.detach_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.memo_row = self.form.rowCount()   # the page puts the note's memo here
        self.form.addRow(tr("Attachments"), self.attachments)
        self.form.addRow("", buttons)
        self.explanation = QLabel(tr("(personal) fields are left out of reports and exports "
                                     "unless you choose to include them."))
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #666;")
        self.form.addRow(self.explanation)
        for edit in (self.title, self.interviewee, self.contact):
            edit.textEdited.connect(self._edited)
        self.occupation.editTextChanged.connect(self._edited)
        for combo in (self.site, self.activity, self.age_band):
            combo.currentIndexChanged.connect(self._edited)
        self.on_date.dateChanged.connect(self._edited)

    def _edited(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()

    def load(self, note: dict, choices: dict) -> None:
        """Fill in ``note`` (a ``Note.to_dict()``) with ``choices``: sites and activities as
        (id, label) pairs, cadres as (id, name) pairs, attributes as dicts (name, label, personal), attachments as dicts
        (reference, file_name, size)."""
        self._loading = True
        try:
            self.title.setText(note.get("title", ""))
            day = QDate.fromString(note.get("on_date") or "", "yyyy-MM-dd")
            self.on_date.setDate(day if day.isValid() else NO_DATE)
            for combo, key, options in ((self.site, "site_id", choices.get("sites", [])),
                                        (self.activity, "activity_id",
                                         choices.get("activities", []))):
                combo.clear()
                combo.addItem("—", None)
                for value, text in options:
                    combo.addItem(text, value)
                if note.get(key) and combo.findData(note[key]) < 0:
                    # not offered (an inactive site, an older activity): keep it, never
                    # lose it when another field is saved
                    combo.addItem(note.get("site_name") if key == "site_id" and
                                  note.get("site_name") else tr("(not in the list)"), note[key])
                combo.setCurrentIndex(max(0, combo.findData(note.get(key))))
            self.interviewee.setText(note.get("interviewee_name", ""))
            self.contact.setText(note.get("interviewee_contact", ""))
            self.occupation.setEditText(note.get("occupation", ""))
            self.age_band.setCurrentIndex(max(0, self.age_band.findData(note.get("age_band", ""))))
            self.cadres = choices.get("cadres", [])
            self.set_interviewers(note.get("interviewers") or [])
            self._load_attributes(choices.get("attributes", []), note.get("attributes") or {})
            self.set_attachments(choices.get("attachments", []))
        finally:
            self._loading = False

    def _load_attributes(self, attributes: list[dict], values: dict) -> None:
        for name in list(self.attribute_edits):
            self.form.removeRow(self.attribute_edits.pop(name))
        for offset, attribute in enumerate(attributes):
            edit = QLineEdit(str(values.get(attribute["name"], "")))
            edit.textEdited.connect(self._edited)
            label = attribute["label"]
            if attribute.get("personal"):
                label = tr("{label} (personal)", label=label)
                edit.setToolTip(tr("Personal: left out of reports and exports unless you "
                                   "choose to include it."))
            self.form.insertRow(self._attribute_row + offset, label, edit)
            self.attribute_edits[attribute["name"]] = edit

    def set_attachments(self, attachments: list[dict]) -> None:
        self.attachments.clear()
        for attachment in attachments:
            size = attachment.get("size") or 0
            text = tr("{name} ({size} KB)", name=attachment.get("file_name", ""),
                      size=max(1, round(size / 1024)))
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, attachment["reference"])
            self.attachments.addItem(item)

    def values(self) -> dict:
        """The metadata as ``update_note`` takes it."""
        day = self.on_date.date()
        return {"title": self.title.text().strip(),
                "on_date": None if day == NO_DATE else day.toString("yyyy-MM-dd"),
                "site_id": self.site.currentData(), "activity_id": self.activity.currentData(),
                "interviewee_name": self.interviewee.text().strip(),
                "interviewee_contact": self.contact.text().strip(),
                "occupation": self.occupation.currentText().strip(),
                "age_band": self.age_band.currentData() or "",
                "interviewers": list(self.interviewer_ids),
                "attributes": {name: edit.text().strip()
                               for name, edit in self.attribute_edits.items()}}

    def set_interviewers(self, cadre_ids: list[str]) -> None:
        names = dict(self.cadres)
        self.interviewer_ids = list(cadre_ids)
        self.interviewers.setText("、".join(names.get(c, "?") for c in cadre_ids))

    def _pick_interviewers(self, _checked=False, chosen: list[str] | None = None) -> None:
        if chosen is None:
            dialog = QDialog(self)
            dialog.setWindowTitle(tr("Interviewers"))
            names = QListWidget()
            for cadre_id, name in self.cadres:
                item = QListWidgetItem(name)
                item.setData(Qt.UserRole, cadre_id)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if cadre_id in self.interviewer_ids
                                   else Qt.Unchecked)
                names.addItem(item)
            buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
            buttons.accepted.connect(dialog.accept)
            buttons.rejected.connect(dialog.reject)
            column = QVBoxLayout(dialog)
            column.addWidget(names)
            column.addWidget(buttons)
            if dialog.exec() != QDialog.Accepted:
                return
            chosen = [names.item(i).data(Qt.UserRole) for i in range(names.count())
                      if names.item(i).checkState() == Qt.Checked]
        self.set_interviewers(chosen)
        self._edited()

    def _with_current(self, signal) -> None:
        item = self.attachments.currentItem() or (self.attachments.item(0)
                                                  if self.attachments.count() == 1 else None)
        if item is not None:
            signal.emit(item.data(Qt.UserRole))

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, tr("Attach recordings or photos"), "",
            tr("Recordings and photos (*.mp3 *.m4a *.wav *.amr *.aac *.ogg *.jpg *.jpeg *.png "
               "*.heic *.mp4 *.pdf);;All files (*)"))
        if paths:
            self.attach_requested.emit(paths)
