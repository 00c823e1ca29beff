"""Export… on the responses page: the responses the current filters show, as a file.

The dialog asks for the format, labels or codes, whether to include personal data (off,
with a plain warning when switched on) and the file; the export runs on the database
thread behind a progress dialog whose Cancel leaves no file. All the work is in
``fieldkit.core.exports``; this module only gathers choices and shows results.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core.exports.run import (SUFFIXES, ExportOptions, ExportResult,
                                       export_with_filter_lines, personal_questions)
from fieldkit.core.exports.sav import spss_available
from fieldkit.core.i18n import N_, current_language, tr
from fieldkit.core.responses.export_rows import count_matching
from fieldkit.core.responses.query import ResponseFilter

FORMATS = (("xlsx", N_("Excel workbook (.xlsx)")), ("csv", N_("CSV text (.csv)")),
           ("sav", N_("SPSS data file (.sav)")), ("sqlite", N_("SQLite database (.sqlite)")))


def _facts(ws, flt: ResponseFilter) -> tuple[int, list[tuple[str, str]]]:
    """Database thread: how many responses the filter shows, and the personal questions."""
    return count_matching(ws, flt), personal_questions(ws, flt.form_id)


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(self, parent: QWidget, window, flt: ResponseFilter, title: str) -> None:
        super().__init__(parent)
        self.window_ = window
        self.flt = flt
        self.result: ExportResult | None = None
        self.setWindowTitle(tr("Export responses"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(tr("{form}: counting the responses the current filters show…",
                                 form=title))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self._title = title

        form = QFormLayout()
        self.format_box = QComboBox()
        for key, label in FORMATS:
            self.format_box.addItem(tr(label), key)
        if not spss_available():
            index = self.format_box.findData("sav")
            self.format_box.setItemText(index, tr("SPSS (.sav): needs the optional spss "
                                                  "component"))
            self.format_box.model().item(index).setEnabled(False)
        form.addRow(tr("Format"), self.format_box)

        values = QWidget()
        row = QHBoxLayout(values)
        row.setContentsMargins(0, 0, 0, 0)
        self.labels_radio = QRadioButton(tr("Option labels"))
        self.codes_radio = QRadioButton(tr("Stored codes"))
        self.labels_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.labels_radio)
        group.addButton(self.codes_radio)
        row.addWidget(self.labels_radio)
        row.addWidget(self.codes_radio)
        row.addStretch(1)
        form.addRow(tr("Values"), values)
        self.values_note = QLabel(tr("SPSS and SQLite keep the codes, with their labels "
                                     "beside them."))
        self.values_note.setStyleSheet("color: #555;")
        self.values_note.setWordWrap(True)
        form.addRow("", self.values_note)

        self.encoding_box = QComboBox()
        self.encoding_box.addItem(tr("UTF-8 (Excel, WPS)"), "utf-8")
        self.encoding_box.addItem(tr("GB18030 (older tools)"), "gb18030")
        self.encoding_label = QLabel(tr("Encoding"))
        form.addRow(self.encoding_label, self.encoding_box)

        self.personal_box = QCheckBox(tr("Include personal data"))
        form.addRow(tr("Personal data"), self.personal_box)
        self.personal_note = QLabel()
        self.personal_note.setWordWrap(True)
        form.addRow("", self.personal_note)

        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        folder = Path.home() / "Documents"
        folder = folder if folder.is_dir() else Path.home()
        self.path_edit = QLineEdit(str(folder / f"{flt.form_id}-{date.today():%Y%m%d}.xlsx"))
        self.browse_button = QPushButton(tr("Choose…"))
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(tr("File"), file_row)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.export_button = self.buttons.addButton(tr("Export"), QDialogButtonBox.AcceptRole)
        layout.addWidget(self.buttons)

        self._personal: list[tuple[str, str]] = []
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.personal_box.toggled.connect(self._show_personal)
        self.browse_button.clicked.connect(self.choose_file)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self._format_changed()
        self._show_personal()
        self.window_.tasks.run(_facts, self._facts_ready, None, flt)

    # -- state ----------------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return self.format_box.currentData()

    def _facts_ready(self, facts: tuple[int, list[tuple[str, str]]]) -> None:
        if not isValid(self):
            return
        count, self._personal = facts
        self.summary.setText(tr("{form}: {count} responses, as the current filters show them.",
                                form=self._title, count=count))
        self._show_personal()

    def _format_changed(self, *_: Any) -> None:
        keeps_codes = self.fmt in ("sav", "sqlite")
        self.labels_radio.setEnabled(not keeps_codes)
        self.codes_radio.setEnabled(not keeps_codes)
        self.values_note.setVisible(keeps_codes)
        self.encoding_box.setVisible(self.fmt == "csv")
        self.encoding_label.setVisible(self.fmt == "csv")
        path = Path(self.path_edit.text().strip() or "export")
        self.path_edit.setText(str(path.with_suffix(SUFFIXES[self.fmt])))

    def _show_personal(self, *_: Any) -> None:
        separator = "、" if current_language().startswith("zh") else ", "
        names = separator.join(label for _name, label in self._personal)
        if not self._personal:
            self.personal_note.setText(tr("This form marks no question as personal."))
            self.personal_note.setStyleSheet("color: #555;")
        elif self.personal_box.isChecked():
            self.personal_note.setText(tr(
                "The file will contain personal data ({questions}). Keep it safe, share it "
                "only with those who need it, and delete it when the work is done.",
                questions=names))
            self.personal_note.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.personal_note.setText(tr("Left out: {questions}.", questions=names))
            self.personal_note.setStyleSheet("color: #555;")
        self.layout().activate()  # the note's new height, before the dialog is next shown
        self.resize(self.width(), self.sizeHint().height())

    def choose_file(self) -> None:
        suffix = SUFFIXES[self.fmt]
        path, _ = QFileDialog.getSaveFileName(self, tr("Export responses"),
                                              self.path_edit.text(), f"*{suffix}")
        if path:
            self.path_edit.setText(str(Path(path).with_suffix(suffix)))

    def options(self) -> ExportOptions:
        return ExportOptions(format=self.fmt, codes=self.codes_radio.isChecked(),
                             include_personal=self.personal_box.isChecked(),
                             encoding=self.encoding_box.currentData())

    # -- running --------------------------------------------------------------------------

    def start(self) -> None:
        target = self.path_edit.text().strip()
        if not target:
            self.path_edit.setFocus()
            return
        self.export_button.setEnabled(False)
        self.window_.tasks.run_with_progress(self, tr("Exporting responses…"),
                                             export_with_filter_lines, self._done, self._failed,
                                             self.flt, Path(target), self.options())

    def _done(self, result: ExportResult) -> None:
        self.result = result
        self.exported.emit(result)
        if isValid(self):
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        from fieldkit.core.errors import Cancelled
        from fieldkit.ui.tasks import show_error

        if not isValid(self):
            return
        self.export_button.setEnabled(True)
        if not isinstance(exc, Cancelled):
            show_error(self, exc)


def result_message(result: ExportResult) -> str:
    text = tr("Exported {count} responses to {path}.", count=result.responses,
              path=result.files[0])
    if result.personal_included:
        text += " " + tr("It contains personal data: keep it safe.")
    return text


def open_export_dialog(page) -> ExportDialog | None:
    """The dialog for the page's form and current filters (None when no form is chosen)."""
    if not page.form_id:
        return None
    dialog = ExportDialog(page, page.window_, page.current_filter(),
                          page.form_box.currentText())
    dialog.exported.connect(lambda result: page._message(result_message(result)))
    dialog.open()
    return dialog
