"""One question on screen: its label (with * when required), hint, input and message.

A row shows a session ``Item`` and is refreshed from a newer one; it never decides
anything itself: required-ness, constraint messages and choices all come from the item.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from fieldkit.core.i18n import tr
from fieldkit.ui.runner.inputs import AnswerInput, make_input
from fieldkit.ui.runner.pictures import QUESTION_BOX, PictureCache
from fieldkit.ui.runner.style import look, paint_row

REQUIRED_MARK = ' <span style="color:#c62828; font-weight:bold;">*</span>'


class QuestionRow(QFrame):
    """``edited(path, value)`` when the person changes the answer."""

    edited = Signal(object, str)

    def __init__(self, item, parent: QWidget | None = None, pictures: PictureCache | None = None) -> None:
        super().__init__(parent)
        self.pictures = pictures if pictures is not None else PictureCache()
        self.setObjectName("questionRow")
        self.current = False
        self.problem = False
        self.paper = False
        self.path = item.path
        self.kind = item.kind
        self.qtype = item.type
        self._label_key: tuple | None = None
        self._message: QLabel | None = None
        self._hint: QLabel | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(3)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.NoTextInteraction)
        look(self.label, "noteLabel" if item.kind == "note" else "questionLabel")
        layout.addWidget(self.label)
        self.picture: QLabel | None = None
        pixmap = self.pictures.pixmap(item.picture, QUESTION_BOX)  # the label's image, if it is one
        if pixmap is not None:
            self.picture = QLabel()
            self.picture.setPixmap(pixmap)
            layout.addWidget(self.picture)
        self.input: AnswerInput = make_input(item.type if item.kind != "note" else "note",
                                             item.appearance, item.question.parameters,
                                             choice_count=len(item.choices or ()))
        self.input.picture_cache = self.pictures
        if item.kind != "note":
            layout.addWidget(self.input)
            self.label.setBuddy(self.input.focus_targets()[0] if self.input.focus_targets()
                                else self.input)
        self.input.edited.connect(self._edited)
        self.refresh(item, choices=True, value=True)

    # -- showing the item ----------------------------------------------------------------
    def refresh(self, item, *, choices: bool = False, value: bool = False) -> None:
        key = (item.label, item.required and item.kind != "note")
        if key != self._label_key:
            self._label_key = key
            text = escape(item.label or item.name).replace("\n", "<br>")
            self.label.setText(text + (REQUIRED_MARK if key[1] else ""))
            self.label.setTextFormat(Qt.RichText)
        self._set_hint(item.hint)
        if choices:
            self.input.set_choices([(c.name, c.label) for c in item.choices],
                                   [c.picture for c in item.choices])
        if value:
            self.input.set_value(item.value)
        if self.input.read_only != item.read_only:
            self.input.set_read_only(item.read_only)
        self.show_message(item)

    def _set_hint(self, hint: str) -> None:
        if hint and self._hint is None:
            self._hint = QLabel()
            look(self._hint, "hintLabel")
            self._hint.setWordWrap(True)
            self.layout().insertWidget(1, self._hint)
        if self._hint is not None:
            self._hint.setText(hint)
            self._hint.setVisible(bool(hint))

    def show_message(self, item=None, *, missing: bool = False) -> None:
        """The constraint message, the input's own complaint, or (after a refused finalise)
        the required message; hidden when all is well."""
        text = self.input.problem
        if not text and item is not None and not item.constraint_ok:
            text = item.constraint_message or tr("This answer is not allowed.")
        if not text and missing and item is not None:
            text = item.required_message or tr("This question needs an answer.")
        if text and self._message is None:
            self._message = QLabel()
            look(self._message, "messageLabel")
            self._message.setWordWrap(True)
            self.layout().addWidget(self._message)
        if self._message is not None:
            self._message.setText(text)
            self._message.setVisible(bool(text))
        if self.problem != bool(text):
            self.problem = bool(text)
            self.update()

    def message_text(self) -> str:
        return self._message.text() if self._message is not None and \
            not self._message.isHidden() else ""

    # -- editing -------------------------------------------------------------------------
    def _edited(self) -> None:
        self.edited.emit(self.path, self.input.value())

    def value(self) -> str:
        return self.input.value()

    def focus_first(self) -> None:
        self.input.focus_first()

    def focus_targets(self) -> list[QWidget]:
        return [w for w in self.input.focus_targets() if w.isEnabled()]

    def set_current(self, current: bool) -> None:
        if self.current != current:
            self.current = current
            self.update()

    def set_paper(self, paper: bool) -> None:
        """Bigger text for paper-entry mode."""
        if self.paper == paper:
            return
        self.paper = paper
        if self.kind != "note":
            look(self.label, "questionLabel", paper)
            font = QFont(self.input.font())
            font.setPointSizeF(font.pointSizeF() + (3 if paper else -3))
            self.input.setFont(font)

    def paintEvent(self, event) -> None:
        paint_row(self, self.current, self.problem)
        super().paintEvent(event)
