"""Colours of the import wizard: confidence of a column match, problem severity, messages."""

from __future__ import annotations

from PySide6.QtGui import QColor

GREEN = QColor("#d4edda")
AMBER = QColor("#ffe8a1")
RED = QColor("#f5c2c0")
TEXT = QColor("#1f1f1f")


def confidence_colour(confidence: float) -> QColor:
    """Green from 90 %, amber from 50 %, red below."""
    percent = round(confidence * 100)
    return GREEN if percent >= 90 else AMBER if percent >= 50 else RED


def message_style(error: bool) -> str:
    if error:
        return ("QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #f1b0aa;"
                " padding: 6px; }")
    return "QLabel { background: #eef5ff; color: #163d6b; border: 1px solid #b9d3f3; padding: 6px; }"
