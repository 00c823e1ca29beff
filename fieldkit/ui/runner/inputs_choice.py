"""Choice inputs: radio buttons (a column, or a row for ``likert``), a combo box for
``minimal`` (and long lists), check boxes for select_multiple (a narrowing list for long
ones), and a reorderable list for rank.

Keys: a digit picks the n-th choice (two quick digits pick the 12th), arrows move between
choices, Space toggles a check box. Each option shows its number, as on a paper form, and
its picture when the form gives one (``pictures``: decoded when first painted).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QButtonGroup, QCheckBox,
                               QComboBox, QCompleter, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from fieldkit.core.i18n import tr
from fieldkit.ui.runner.inputs import AnswerInput
from fieldkit.ui.runner.pictures import PICTURE_ROLE, PictureButtonMixin, PictureDelegate
from fieldkit.ui.runner.style import keep_legible

DIGIT_PAUSE = 0.8  # seconds within which a second digit extends the first (1, 2 -> 12)


#: A select_one with more choices than this (a list from a file: every site, every
#: village) is a drop-down you can type into, not a column of radio buttons.
MANY_CHOICES = 40


class _Digits:
    def __init__(self) -> None:
        self.text, self.at = "", 0.0

    def push(self, digit: str, count: int) -> tuple[int | None, int | None]:
        """(the choice number typed, the one it replaces when a second digit extends the first)."""
        now = time.monotonic()
        previous = int(self.text) if self.text and now - self.at < DIGIT_PAUSE else None
        candidate = self.text + digit if previous is not None else digit
        if not 1 <= int(candidate) <= count:
            candidate, previous = digit, None
        self.text, self.at = candidate, now
        number = int(candidate)
        return (number if 1 <= number <= count else None), previous


class _ButtonsInput(AnswerInput):
    """Shared by radio buttons and check boxes: one button per choice."""

    exclusive = True
    tab_within = False   # Tab leaves the question; arrows and digits move between choices

    def __init__(self, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.names: list[str] = []
        self.buttons: list[QAbstractButton] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.digits = _Digits()

    def _make_button(self, text: str) -> QAbstractButton:
        raise NotImplementedError

    def set_choices(self, choices: list[tuple[str, str]], pictures: list[bytes] | None = None) -> None:
        names = [name for name, _ in choices]
        pictures = pictures or [b""] * len(choices)
        if names == self.names:
            for index, (button, (_, label), picture) in enumerate(zip(self.buttons, choices, pictures), 1):
                button.setText(f"{index}. {label}")
                button.set_picture(self.picture_cache, picture)
            return
        current = set(self.value().split())
        had_focus = any(b.hasFocus() for b in self.buttons)
        for button in self.buttons:
            self.group.removeButton(button)
            button.deleteLater()
        self.names, self.buttons = names, []
        columns = len(choices) if self.horizontal else (2 if len(choices) > 8 else 1)
        rows = -(-len(choices) // columns) if choices else 0
        for index, ((name, label), picture) in enumerate(zip(choices, pictures)):
            button = self._make_button(f"{index + 1}. {label}")
            button.set_picture(self.picture_cache, picture)
            button.setProperty("number", index + 1)
            button.setToolTip(tr("Press {n}", n=index + 1) if index < 9 else "")
            button.setChecked(name in current)
            button.setEnabled(not self.read_only)
            button.toggled.connect(lambda on, b=button: self._toggled(b, on))
            self.group.addButton(button, index)
            self.watch(button)
            if self.horizontal:
                self.grid.addWidget(button, 0, index)
            else:
                self.grid.addWidget(button, index % rows, index // rows)
            button.show()        # now, not later: the focus may move to it at once
            self.buttons.append(button)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        self.grid.setColumnStretch(columns, 1)      # options keep their own width
        if had_focus:
            self.focus_first()

    def _toggled(self, button: QAbstractButton, on: bool) -> None:
        if self.exclusive and on:
            for other in self.buttons:
                if other is not button and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self._changed()

    def value(self) -> str:
        return " ".join(n for n, b in zip(self.names, self.buttons) if b.isChecked())

    def _show(self, value: str) -> None:
        chosen = set(value.split())
        for name, button in zip(self.names, self.buttons):
            button.blockSignals(True)
            button.setChecked(name in chosen)
            button.blockSignals(False)

    def focus_targets(self) -> list[QWidget]:
        return list(self.buttons)

    def preferred_targets(self) -> list[QWidget]:
        checked = [b for b in self.buttons if b.isChecked() and b.isEnabled()]
        return checked[:1] or [b for b in self.buttons if b.isEnabled()][:1]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for button in self.buttons:
            button.setEnabled(not read_only)
        if read_only:
            keep_legible(self)

    def handle_key(self, target: QObject, event: QEvent) -> bool:
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1 and self.buttons:
            number, replaced = self.digits.push(text, len(self.buttons))
            if replaced is not None and not self.exclusive and 1 <= replaced <= len(self.buttons):
                self.buttons[replaced - 1].toggle()      # "1" then "3" quickly means 13, not 1
            if number is not None:
                self._pick(self.buttons[number - 1])
            return True
        if key in (Qt.Key_Up, Qt.Key_Down, Qt.Key_Left, Qt.Key_Right) and target in self.buttons:
            step = -1 if key in (Qt.Key_Up, Qt.Key_Left) else 1
            index = (self.buttons.index(target) + step) % len(self.buttons)
            self.buttons[index].setFocus(Qt.TabFocusReason)
            if self.exclusive:
                self._pick(self.buttons[index])
            return True
        return False

    def _pick(self, button: QAbstractButton) -> None:
        if self.read_only:
            return
        button.setFocus(Qt.TabFocusReason)
        if self.exclusive:
            button.setChecked(True)
        else:
            button.toggle()


class _PictureRadio(PictureButtonMixin, QRadioButton):
    pass


class _PictureCheck(PictureButtonMixin, QCheckBox):
    pass


def use_pictures(view, cache, pictures: list[bytes] | None) -> bool:
    """Give a list view or drop-down the delegate that draws choice pictures, when some
    choice has one; True if so (its rows then name their picture by number)."""
    delegate = view.itemDelegate()
    if cache is None or not pictures or not any(pictures):
        if isinstance(delegate, PictureDelegate):
            delegate.pictures = []
        return False
    if not isinstance(delegate, PictureDelegate):
        delegate = PictureDelegate(cache, view)
        view.setItemDelegate(delegate)
    delegate.pictures = list(pictures)
    list_view = view.view() if isinstance(view, QComboBox) else view
    list_view.setUniformItemSizes(True)   # one row measured, not every row (each through Python)
    return True


class RadioInput(_ButtonsInput):
    exclusive = True

    def _make_button(self, text: str) -> QAbstractButton:
        button = _PictureRadio(text)
        button.setAutoExclusive(False)
        return button

    def handle_key(self, target: QObject, event: QEvent) -> bool:
        if event.key() == Qt.Key_Space and target in self.buttons and not self.read_only:
            target.setChecked(not target.isChecked())  # Space also clears a choice
            return True
        return super().handle_key(target, event)


class CheckInput(_ButtonsInput):
    exclusive = False

    def _make_button(self, text: str) -> QAbstractButton:
        return _PictureCheck(text)


class CheckListInput(AnswerInput):
    """select_multiple with more than MANY_CHOICES choices (a list from a file): a box to
    type into that narrows a list of check boxes, and the count of what is ticked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Type to find a choice"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._narrow)
        self.list = QListWidget()
        self.list.setMinimumHeight(180)
        self.list.setMaximumHeight(260)
        self.list.itemChanged.connect(self._item_changed)
        self.status = QLabel()
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        self.names: list[str] = []
        self.watch(self.filter, self.list)

    def set_choices(self, choices: list[tuple[str, str]], pictures: list[bytes] | None = None) -> None:
        current = set(self.value().split())
        self._loading = True
        self.list.blockSignals(True)
        try:
            self.list.clear()
            self.names = [name for name, _ in choices]
            with_pictures = use_pictures(self.list, self.picture_cache, pictures)
            for index, (name, label) in enumerate(choices, 1):
                item = QListWidgetItem(f"{index}. {label}")
                item.setData(Qt.UserRole, name)
                if with_pictures:
                    item.setData(PICTURE_ROLE, index)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if name in current else Qt.Unchecked)
                self.list.addItem(item)
            self._narrow(self.filter.text())
        finally:
            self.list.blockSignals(False)
            self._loading = False
        self._update_status()

    def _narrow(self, text: str) -> None:
        text = text.strip().lower()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(text) and text not in item.text().lower())

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self._update_status()
        self._changed()

    def _update_status(self) -> None:
        self.status.setText(tr("{count} chosen", count=len(self.value().split())))

    def value(self) -> str:
        return " ".join(self.list.item(row).data(Qt.UserRole) for row in range(self.list.count())
                        if self.list.item(row).checkState() == Qt.Checked)

    def _show(self, value: str) -> None:
        chosen = set(value.split())
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in chosen else Qt.Unchecked)
        self.list.blockSignals(False)
        self._update_status()

    def focus_targets(self) -> list[QWidget]:
        return [self.filter, self.list]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.filter.setEnabled(not read_only)
        self.list.setEnabled(not read_only)
        if read_only:
            keep_legible(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.filter and event.type() == QEvent.KeyPress and \
                event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.filter.text().strip():
            shown = [self.list.item(r) for r in range(self.list.count()) if not self.list.item(r).isHidden()]
            if len(shown) == 1 and not self.read_only:  # one match left: Enter ticks it, and stays
                item = shown[0]
                item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)
                self.filter.clear()
                return True
        return super().eventFilter(obj, event)


class ComboInput(AnswerInput):
    """``minimal``: a drop-down; ``autocomplete``: one you can type into to filter."""

    def __init__(self, editable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(260)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.combo.setEditable(editable)
        if editable:
            self.combo.setInsertPolicy(QComboBox.NoInsert)
            self.combo.completer().setFilterMode(Qt.MatchContains)
            self.combo.completer().setCompletionMode(QCompleter.PopupCompletion)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.names: list[str] = []
        self.digits = _Digits()
        self.combo.currentIndexChanged.connect(self._changed)
        self.watch(self.combo)

    def set_choices(self, choices: list[tuple[str, str]], pictures: list[bytes] | None = None) -> None:
        current = self.value()
        self._loading = True
        try:
            self.combo.clear()
            self.combo.addItem(tr("— choose —"), "")
            with_pictures = use_pictures(self.combo, self.picture_cache, pictures)
            for index, (name, label) in enumerate(choices, 1):
                self.combo.addItem(f"{index}. {label}", name)
                if with_pictures:
                    self.combo.setItemData(index, index, PICTURE_ROLE)
            self.names = [name for name, _ in choices]
            self._show(current)
        finally:
            self._loading = False

    def value(self) -> str:
        return self.combo.currentData() or ""

    def _show(self, value: str) -> None:
        index = self.combo.findData(value) if value else 0
        self.combo.setCurrentIndex(max(index, 0))

    def focus_targets(self) -> list[QWidget]:
        return [self.combo]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.combo.setEnabled(not read_only)
        if read_only:
            keep_legible(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and self.combo.isEditable():
            self._take_typed()
        return super().eventFilter(obj, event)

    def _take_typed(self) -> None:
        """Enter in an autocomplete box picks the choice whose label contains what was typed."""
        typed = self.combo.currentText().strip()
        if not typed or self.combo.currentIndex() > 0 and \
                self.combo.itemText(self.combo.currentIndex()) == typed:
            return
        index = self.combo.findText(typed, Qt.MatchContains)
        if index > 0:
            self.combo.setCurrentIndex(index)

    def handle_key(self, target: QObject, event: QEvent) -> bool:
        text = event.text()
        if text.isdigit() and len(text) == 1 and not self.combo.isEditable() and self.names:
            number, _ = self.digits.push(text, len(self.names))
            if number is not None:
                self.combo.setCurrentIndex(number)
            return True
        return False


class RankInput(AnswerInput):
    """Put the choices in order (Ctrl+Up / Ctrl+Down or drag); the order is the answer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.InternalMove)
        self.list.setMinimumWidth(320)
        self.status = QLabel()
        self.accept = QPushButton(tr("Keep this order"))
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.accept)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.ranked = False
        self.list.model().rowsMoved.connect(self._moved)
        self.accept.clicked.connect(self._moved)
        self.watch(self.list)
        self._update_status()

    def _update_status(self) -> None:
        self.status.setText(tr("Ranked.") if self.ranked else
                            tr("Not ranked yet: move items with Ctrl+Up / Ctrl+Down."))

    def _moved(self, *_args) -> None:
        self.ranked = True
        self._update_status()
        self._changed()

    def set_choices(self, choices: list[tuple[str, str]], pictures: list[bytes] | None = None) -> None:
        order = self.value().split() or [name for name, _ in choices]
        labels = dict(choices)
        numbers = {name: i for i, (name, _) in enumerate(choices, 1)}
        names = [n for n in order if n in labels] + [n for n in labels if n not in order]
        self.list.clear()
        with_pictures = use_pictures(self.list, self.picture_cache, pictures)
        for name in names:
            item = QListWidgetItem(labels[name])
            item.setData(Qt.UserRole, name)
            if with_pictures:
                item.setData(PICTURE_ROLE, numbers[name])
            self.list.addItem(item)
        rows = max(self.list.count(), 1)
        self.list.setFixedHeight(min(rows, 8) * max(self.list.sizeHintForRow(0), 18)
                                 + 2 * self.list.frameWidth() + 4)

    def value(self) -> str:
        if not self.ranked:
            return ""
        return " ".join(self.list.item(i).data(Qt.UserRole) for i in range(self.list.count()))

    def _show(self, value: str) -> None:
        self.ranked = bool(value)
        if value:
            position = {name: i for i, name in enumerate(value.split())}
            items = [self.list.takeItem(0) for _ in range(self.list.count())]
            items.sort(key=lambda it: position.get(it.data(Qt.UserRole), len(position)))
            for item in items:
                self.list.addItem(item)
        self._update_status()

    def focus_targets(self) -> list[QWidget]:
        return [self.list]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.list.setDragDropMode(QAbstractItemView.NoDragDrop if read_only
                                  else QAbstractItemView.InternalMove)
        self.accept.setEnabled(not read_only)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and event.modifiers() & Qt.ControlModifier \
                and event.key() in (Qt.Key_Up, Qt.Key_Down) and not self.read_only:
            row = self.list.currentRow()
            target = row + (-1 if event.key() == Qt.Key_Up else 1)
            if 0 <= row < self.list.count() and 0 <= target < self.list.count():
                item = self.list.takeItem(row)
                self.list.insertItem(target, item)
                self.list.setCurrentRow(target)
                self._moved()
            return True
        return super().eventFilter(obj, event)
