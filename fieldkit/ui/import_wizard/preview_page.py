"""Step 4: what the import will do: how many rows go in, how many have warnings, are
rejected or were imported before, and every problem, which can be saved as an .xlsx."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFrame, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout,
                               QWizard, QWizardPage)

from fieldkit.core.i18n import tr
from fieldkit.ui.import_wizard.problems_model import ProblemsModel
from fieldkit.ui.import_wizard.style import message_style
from fieldkit.ui.import_wizard.targets import TargetNames

WIDTHS = (56, 56, 200, 330, 150)


class CountBox(QFrame):
    """A number with its caption."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.StyledPanel)
        layout = QVBoxLayout(self)
        self.number = QLabel("0")
        self.number.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set(self, value: int) -> None:
        self.number.setText(str(value))


class PreviewPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Check the rows before importing"))
        self.setSubTitle(tr("Rows with errors are not imported. Rows with warnings break a rule "
                            "of the form; they arrive marked “has issues” if you import them."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.CommitButton, tr("&Import"))
        layout = QVBoxLayout(self)
        boxes = QGridLayout()
        self.will_import = CountBox(tr("will be imported"))
        self.warnings = CountBox(tr("with warnings"))
        self.rejected = CountBox(tr("rejected (errors)"))
        self.duplicates = CountBox(tr("already imported, left out"))
        for column, box in enumerate((self.will_import, self.warnings, self.rejected,
                                      self.duplicates)):
            boxes.addWidget(box, 0, column)
        layout.addLayout(boxes)
        self.include_warnings_box = QCheckBox(tr("Also import rows with &warnings"))
        self.include_warnings_box.setChecked(True)
        layout.addWidget(self.include_warnings_box)
        bar = QHBoxLayout()
        self.problems_label = QLabel()
        self.save_button = QPushButton(tr("&Save problems as .xlsx…"))
        self.save_button.setAutoDefault(False)
        bar.addWidget(self.problems_label, 1)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.model = ProblemsModel(self)
        self.table = QTableView()
        self.table.setObjectName("problems_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        for index, width in enumerate(WIDTHS):
            header.resizeSection(index, width)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.message.hide()
        self._nothing_shown = False
        layout.addWidget(self.message)
        self.include_warnings_box.toggled.connect(lambda _: self._show_counts())
        self.save_button.clicked.connect(lambda: self.wizard().save_report())

    def include_warnings(self) -> bool:
        return self.include_warnings_box.isChecked()

    def initializePage(self) -> None:
        wizard = self.wizard()
        preview = wizard.preview
        problems = preview.problems()
        self.model.set_problems(problems, TargetNames(wizard.prepared.definition))
        if any(p.sheet for p in problems):   # “household_members!C”: a repeat sheet's cell
            self.table.resizeColumnToContents(1)
        else:
            self.table.horizontalHeader().resizeSection(1, WIDTHS[1])
        errors = sum(1 for p in problems if p.severity == "error")
        self.problems_label.setText(
            tr("Problems found — errors: {errors}, warnings: {warnings}.", errors=errors,
               warnings=len(problems) - errors) if problems else tr("No problems found."))
        self.save_button.setEnabled(bool(problems))
        self.show_message("")
        self._show_counts()
        self.include_warnings_box.setFocus()

    def _show_counts(self) -> None:
        counts = self.wizard().preview.counts()
        self.will_import.set(self.import_count())
        self.warnings.set(counts["warning"])
        self.rejected.set(counts["rejected"])
        self.duplicates.set(counts["duplicate"])
        nothing = not self.import_count()
        if nothing:
            self.show_message(tr("No row can be imported. Go back to change the columns, or fix "
                                 "the file and start again."), error=True)
        elif self._nothing_shown:
            self.show_message("")
        self._nothing_shown = nothing
        self.completeChanged.emit()

    def import_count(self) -> int:
        counts = self.wizard().preview.counts()
        return counts["clean"] + (counts["warning"] if self.include_warnings() else 0)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style(error))
        self.message.setVisible(bool(text))

    def isComplete(self) -> bool:
        wizard = self.wizard()
        return wizard.preview is not None and not wizard.busy and self.import_count() > 0

    def validatePage(self) -> bool:
        return self.wizard().start_commit()
