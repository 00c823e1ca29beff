"""The interviews page's messages and small dialogs, built from plain data. Each opens
without blocking (``open()``), so the page carries on and tests can read it."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLineEdit, QMessageBox,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.ui.interviews.editor import excerpt


def lost_message(parent: QWidget, lost: list[dict]) -> QMessageBox:
    """Coded segments whose text the user deleted: which, and how to get them back."""
    lines = [tr("{code}: “{text}”", code=s.get("code_name", ""),
                text=excerpt(s.get("text", ""), 60)) for s in lost]
    box = QMessageBox(QMessageBox.Warning, tr("Coded text deleted"),
                      tr("Coded segments whose text was deleted ({n}); they no longer "
                         "mark anything:", n=len(lost)) + "\n\n" + "\n".join(lines)
                      + "\n\n" + tr("They stay in the segment list, marked as deleted: "
                                    "Ctrl+Z in the text brings the words back, or select "
                                    "other words, choose the segment and press “Put back "
                                    "on the selected text”."),
                      QMessageBox.Ok, parent)
    box.setObjectName("lost_segments_message")
    box.open()
    return box


def import_problems_message(parent: QWidget, problems: list) -> QMessageBox:
    """Every refused file's problem on its own line (nothing was written)."""
    box = QMessageBox(QMessageBox.Warning, tr("Import interview notes"),
                      tr("Nothing was imported. Fix these files and try again:") + "\n\n"
                      + "\n".join("• " + p.message() for p in problems), QMessageBox.Ok,
                      parent)
    box.setObjectName("import_problems")
    box.open()
    return box


def workspace_memo_dialog(parent: QWidget, memo: dict,
                          save: Callable[[str, str], None]) -> QDialog:
    """The memo on the whole workspace: themes across notes, decisions on the codebook.
    ``save(title, text)`` is called when the user saves."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(tr("Workspace memo"))
    title, text = QLineEdit(memo.get("title", "")), QPlainTextEdit(memo.get("text", ""))
    title.setPlaceholderText(tr("Title"))
    text.setPlaceholderText(tr("Themes across the notes, decisions about the codebook, "
                               "what to ask in the next interviews"))
    buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    column = QVBoxLayout(dialog)
    column.addWidget(title)
    column.addWidget(text, 1)
    column.addWidget(buttons)
    dialog.resize(520, 360)
    dialog.accepted.connect(lambda: save(title.text(), text.toPlainText()))
    dialog.open()
    return dialog
