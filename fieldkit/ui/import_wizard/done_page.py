"""Step 5: what was imported, and a way to take it all back."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizardPage

from fieldkit.core.i18n import tr
from fieldkit.ui.import_wizard.style import message_style


class DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Import finished"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 15px;")
        layout.addWidget(self.summary)
        self.details = QLabel()
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        self.undo_button = QPushButton(tr("&Undo this import"))
        self.undo_button.setAutoDefault(False)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.undo_button.clicked.connect(lambda: self.wizard().undo_import())

    def show_result(self, result: dict, preview) -> None:
        self.summary.setText(tr("{count} responses imported from “{file}”.",
                                count=result["imported"], file=preview.file_name))
        lines = [tr("Already imported before, left out: {count}", count=result["duplicates"]),
                 tr("Rejected because of errors: {count}", count=result["rejected"])]
        if result.get("skipped_warnings"):
            lines.append(tr("With warnings, left out: {count}", count=result["skipped_warnings"]))
        else:
            lines.append(tr("With warnings, imported and marked “has issues”: {count}",
                            count=result["with_warnings"]))
        lines.append("")
        lines.append(tr("The responses are on the Responses page. The column mapping is "
                        "remembered for the next file laid out like this one."))
        self.details.setText("\n".join(lines))
        self.undo_button.setEnabled(bool(result.get("batch_id")) and result["imported"] > 0)
        self.show_message("")

    def show_undone(self, count: int) -> None:
        self.undo_button.setEnabled(False)
        self.show_message(tr("Import undone: {count} responses taken back. The journal keeps a "
                             "record of them.", count=count))

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(message_style(error))
        self.message.setVisible(bool(text))
