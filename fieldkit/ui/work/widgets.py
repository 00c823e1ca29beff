"""Small widgets shared by the ledger pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A label that shows its text as typed: problem titles, names and messages that
    quote them are never read as HTML (a title with "<b>" in it stays as written)."""
    label = QLabel(text)
    label.setTextFormat(Qt.PlainText)
    return label
