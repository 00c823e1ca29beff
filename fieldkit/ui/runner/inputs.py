"""Answer inputs: one widget per question type, all speaking ODK answer strings.

Every input is an :class:`AnswerInput`: ``value()`` is the answer as the forms engine
stores it ("" = unanswered), ``set_value()`` shows a value without reporting an edit, and
``edited`` fires when the person changes it. ``advance(+1/-1)`` asks the form to move to the
next or previous question (Enter, Shift+Enter). ``focus_targets()`` are the widgets Tab
steps through inside the question (several for a geopoint, one for most). ``problem`` is
the input's own complaint about what was typed ("31.02.2024" is not a date), shown beside
the question; the form's constraints are the engine's business, not the input's.

This module has the plain inputs (text, numbers, notes, acknowledge, barcode) and the
factory :func:`make_input`; dates and times, choices and the rest live beside it.
"""

from __future__ import annotations


from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from fieldkit.core.i18n import N_, tr
from fieldkit.core.typed_dates import ascii_digits  # noqa: F401 (used by sibling inputs)
from fieldkit.ui.runner.style import keep_legible


class AnswerInput(QWidget):
    edited = Signal()
    advance = Signal(int)

    multiline = False   # Enter inserts a line break instead of moving on
    picture_cache = None  # the runner's ``pictures.PictureCache``, set by the question row
    tab_within = True   # Tab visits each field of the input before the next question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.problem = ""
        self.read_only = False

    # -- what subclasses provide ---------------------------------------------------------
    def value(self) -> str:
        return ""

    def set_value(self, value: str) -> None:
        self._loading = True
        try:
            self._show(value or "")
        finally:
            self._loading = False

    def _show(self, value: str) -> None:
        pass

    def focus_targets(self) -> list[QWidget]:
        return []

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in self.focus_targets():
            if hasattr(widget, "setReadOnly"):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)
        if read_only:
            keep_legible(self)

    def set_choices(self, choices: list[tuple[str, str]], pictures: list[bytes] | None = None) -> None:
        """Choices as (name, label), and each one's picture bytes (b"" for none) when the form
        gives pictures; only selects use them (drawn through ``picture_cache``)."""

    def handle_key(self, target: QObject, event) -> bool:
        """Type-specific keys (digits pick a choice); True when handled."""
        return False

    # -- shared plumbing -----------------------------------------------------------------
    def focus_first(self) -> None:
        targets = self.preferred_targets()
        if targets:
            targets[0].setFocus(Qt.TabFocusReason)

    def preferred_targets(self) -> list[QWidget]:
        return [w for w in self.focus_targets() if w.isEnabled()]

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key_Return, Qt.Key_Enter) and not mods & Qt.ControlModifier:
                if self.multiline and not mods & Qt.ShiftModifier:
                    return False
                self.advance.emit(-1 if mods & Qt.ShiftModifier and not self.multiline else 1)
                return True
            if not mods & (Qt.ControlModifier | Qt.AltModifier) and self.handle_key(obj, event):
                return True
        return False


class TextInput(AnswerInput):
    def __init__(self, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMinimumWidth(320)
        layout.addWidget(self.edit, 1)
        self.edit.textEdited.connect(self._changed)
        self.watch(self.edit)

    def value(self) -> str:
        return self.edit.text().strip()

    def _show(self, value: str) -> None:
        if value != self.value():
            self.edit.setText(value)

    def focus_targets(self) -> list[QWidget]:
        return [self.edit]


class MultilineInput(AnswerInput):
    multiline = True
    height = 90
    placeholder = N_("Shift+Enter moves to the next question")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.height)
        self.edit.setPlaceholderText(tr(self.placeholder))
        layout.addWidget(self.edit, 1)
        self.edit.textChanged.connect(self._changed)
        self.watch(self.edit)

    def value(self) -> str:
        return self.edit.toPlainText().strip()

    def _show(self, value: str) -> None:
        if value != self.value():
            self.edit.setPlainText(value)

    def focus_targets(self) -> list[QWidget]:
        return [self.edit]


class NumberValidator(QValidator):
    """Digits only (and one decimal point for decimals); full-width digits become ASCII."""

    def __init__(self, decimal: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.decimal = decimal

    def validate(self, text: str, pos: int):
        fixed = ascii_digits(text).replace(",", ".") if self.decimal else ascii_digits(text)
        body = fixed[1:] if fixed.startswith("-") else fixed
        if self.decimal:
            ok = body.count(".") <= 1 and body.replace(".", "").isdigit() or body in ("", ".")
        else:
            ok = body.isdigit() or body == ""
        if not ok or len(body) > 18:
            return QValidator.Invalid, text, pos
        complete = body not in ("", ".") and not body.endswith(".")
        return (QValidator.Acceptable if complete else QValidator.Intermediate), fixed, pos


class NumberInput(TextInput):
    def __init__(self, decimal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent, tr("a number") if decimal else tr("a whole number"))
        self.edit.setValidator(NumberValidator(decimal, self.edit))
        self.edit.setMinimumWidth(160)
        self.edit.setMaximumWidth(220)
        self.edit.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.layout().addStretch(1)

    def value(self) -> str:
        text = self.edit.text().strip()
        return "" if text in ("", "-", ".", "-.") else text.rstrip(".")


class NoteInput(AnswerInput):
    """A note has nothing to answer: its row shows the label."""


class AcknowledgeInput(AnswerInput):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox(tr("OK (Space)"))
        layout.addWidget(self.box)
        layout.addStretch(1)
        self.box.toggled.connect(self._changed)
        self.watch(self.box)

    def value(self) -> str:
        return "OK" if self.box.isChecked() else ""

    def _show(self, value: str) -> None:
        self.box.setChecked(bool(value) and value.lower() not in ("false", "0", "no"))

    def focus_targets(self) -> list[QWidget]:
        return [self.box]


def make_input(kind: str, appearance: str = "", parameters: str = "",
               parent: QWidget | None = None, choice_count: int = 0) -> AnswerInput:
    """The input for a question of type ``kind`` (canonical XLSForm type)."""
    from fieldkit.ui.runner import inputs_choice, inputs_misc, inputs_time

    words = {w.split("(")[0] for w in appearance.lower().split()}  # search('file') is search
    if kind in ("select_one", "select_one_external"):
        if words & {"minimal", "autocomplete", "search"} or choice_count > inputs_choice.MANY_CHOICES:
            return inputs_choice.ComboInput(editable=bool(words & {"autocomplete", "search"}
                                                          or choice_count > inputs_choice.MANY_CHOICES),
                                            parent=parent)
        return inputs_choice.RadioInput(horizontal=bool(words & {"likert", "horizontal",
                                                                 "horizontal-compact"}),
                                        parent=parent)
    if kind == "select_multiple":
        if choice_count > inputs_choice.MANY_CHOICES:
            return inputs_choice.CheckListInput(parent=parent)
        return inputs_choice.CheckInput(parent=parent)
    if kind == "rank":
        return inputs_choice.RankInput(parent=parent)
    if kind in ("integer", "decimal"):
        return NumberInput(kind == "decimal", parent)
    if kind == "text" and words & {"multiline", "multi-line"}:
        return MultilineInput(parent)
    if kind in ("text", "barcode", "osm"):
        return TextInput(parent, tr("scan or type the code") if kind == "barcode" else "")
    if kind == "date":
        return inputs_time.DateInput(parent=parent)
    if kind == "time":
        return inputs_time.TimeInput(parent=parent)
    if kind == "dateTime":
        return inputs_time.DateTimeInput(parent=parent)
    if kind in ("acknowledge", "trigger"):
        return AcknowledgeInput(parent)
    if kind == "geopoint":
        return inputs_misc.GeopointInput(parent=parent)
    if kind in ("geotrace", "geoshape"):
        return inputs_misc.GeotraceInput(parent=parent)
    if kind in ("image", "audio", "video", "file"):
        return inputs_misc.FileInput(kind, parent=parent)
    if kind == "range":
        return inputs_misc.RangeInput(parameters, parent=parent)
    if kind == "note":
        return NoteInput(parent)
    return TextInput(parent)
