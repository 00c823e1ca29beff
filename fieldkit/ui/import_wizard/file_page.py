"""Step 1: which file, and the answers of which questionnaire it holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWizardPage)

from fieldkit.core.i18n import tr
from fieldkit.ui.import_wizard.style import message_style

FILE_PATTERNS = "*.xlsx *.xls *.ods *.csv *.zip"  # .zip: ODK Central's CSV export


class FilePage(QWizardPage):
    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.setTitle(tr("Choose the file and the questionnaire"))
        self.setSubTitle(tr("Survey answers exported from 问卷星 (Wenjuanxing), KoboToolbox or "
                            "ODK, or paper questionnaires typed into Excel or WPS: .xlsx, .xls, "
                            ".ods or .csv. Nothing is written until the last step."))
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        file_label = QLabel(tr("Spreadsheet &file:"))
        self.path_edit = QLineEdit(str(path) if path else "")
        self.path_edit.setPlaceholderText(tr("Type or paste the path, or choose the file"))
        self.path_edit.setClearButtonEnabled(True)
        file_label.setBuddy(self.path_edit)
        self.browse_button = QPushButton(tr("&Choose…"))
        self.browse_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        grid.addWidget(file_label, 0, 0)
        grid.addLayout(row, 0, 1)
        form_label = QLabel(tr("&Questionnaire:"))
        self.form_box = QComboBox()
        self.form_box.setMinimumWidth(420)
        form_label.setBuddy(self.form_box)
        grid.addWidget(form_label, 1, 0)
        grid.addWidget(self.form_box, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("import_message")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.browse_button.clicked.connect(self.choose_file)
        self.path_edit.textChanged.connect(lambda _: self.completeChanged.emit())
        self.form_box.currentIndexChanged.connect(lambda _: self.completeChanged.emit())

    def set_forms(self, forms: list[dict], select: str | None) -> None:
        self.form_box.clear()
        for form in forms:
            title = form["title"] or form["form_id"]
            self.form_box.addItem(f"{title} ({form['form_id']})", form["form_id"])
        index = self.form_box.findData(select) if select else -1
        self.form_box.setCurrentIndex(index if index >= 0 else 0 if forms else -1)
        if not forms:
            self.show_message(tr("There are no questionnaires in this workspace yet. Import the "
                                 "questionnaire (XLSForm) on the Forms page first."), error=True)
        self.completeChanged.emit()

    def path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')
        return Path(text).expanduser() if text else None

    def form_id(self) -> str | None:
        return self.form_box.currentData()

    def choose_file(self) -> None:
        start = self.path()
        name, _ = QFileDialog.getOpenFileName(
            self, tr("Choose the spreadsheet to import"), str(start.parent) if start else "",
            f"{tr('Survey spreadsheets')} ({FILE_PATTERNS});;{tr('All files')} (*)")
        if name:
            self.path_edit.setText(str(Path(name)))
            self.path_edit.setFocus()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style(error))
        self.message.setVisible(bool(text))

    def initializePage(self) -> None:
        self.path_edit.setFocus()

    def isComplete(self) -> bool:
        return bool(self.path() and self.form_id()) and not self.wizard().busy

    def validatePage(self) -> bool:
        return self.wizard().leave_file_page()
