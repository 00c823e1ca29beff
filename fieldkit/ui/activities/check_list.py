"""A checkable list with type-to-find, for choosing several cadres, sub-kinds or links by
keyboard: type a few characters and press Enter to tick the first match; Enter on an empty
box moves on; Down goes into the list, where Space ticks and unticks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


ID_ROLE = Qt.UserRole

# GB2312 lists its level-1 characters in pinyin order: the first character of each initial
# letter (啊 A, 芭 B, 擦 C …; no I, U, V), so a name's initials need no dictionary
_INITIAL_STARTS = ((0xB0A1, "a"), (0xB0C5, "b"), (0xB2C1, "c"), (0xB4EE, "d"), (0xB6EA, "e"),
                   (0xB7A2, "f"), (0xB8C1, "g"), (0xB9FE, "h"), (0xBBF7, "j"), (0xBFA6, "k"),
                   (0xC0AC, "l"), (0xC2E8, "m"), (0xC4C3, "n"), (0xC5B6, "o"), (0xC5BE, "p"),
                   (0xC6DA, "q"), (0xC8BB, "r"), (0xC8F6, "s"), (0xCBFA, "t"), (0xCDDA, "w"),
                   (0xCEF4, "x"), (0xD1B9, "y"), (0xD4D1, "z"))


def joined(items) -> str:
    """A list of names as the interface's language writes one: 宣讲、走访 / Lecture, Visit."""
    from fieldkit.core import i18n

    return ("、" if i18n.current_language() == "zh_CN" else ", ").join(items)


def pinyin_initials(text: str) -> str:
    """韩秀兰 -> hxl: the pinyin initial of each common character (GB2312 level 1), other
    characters as they are (lower case), so "hxl" finds 韩秀兰 without an input method."""
    out = []
    for ch in text:
        try:
            code = int.from_bytes(ch.encode("gb2312"), "big")
        except UnicodeEncodeError:
            code = 0
        letter = ""
        if 0xB0A1 <= code <= 0xD7F9:
            letter = next(initial for start, initial in reversed(_INITIAL_STARTS)
                          if code >= start)
        out.append(letter or ch.lower())
    return "".join(out)


class CheckList(QWidget):
    """``set_items([(id, label)])``, ``checked_ids()``, ``set_checked(ids)``. With
    ``allow_new``, Enter on text that matches nothing adds it as a new, ticked item (its id
    is the text). ``finished`` is emitted when Enter is pressed with nothing to find."""

    finished = Signal()
    changed = Signal()

    def __init__(self, placeholder: str, *, allow_new: bool = False, wrap: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_new = allow_new
        self.find = QLineEdit()
        self.find.setPlaceholderText(placeholder)
        self.find.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setWordWrap(not wrap)  # long labels wrap: never a sideways scrollbar
        if wrap:  # short names side by side (sub-kinds)
            self.list.setFlow(QListWidget.LeftToRight)
            self.list.setWrapping(True)
            self.list.setResizeMode(QListWidget.Adjust)
            self.list.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.find)
        layout.addWidget(self.list, 1)
        self.setFocusProxy(self.find)
        self.find.textChanged.connect(self._filter)
        self.find.installEventFilter(self)
        self.list.installEventFilter(self)
        self.list.itemChanged.connect(lambda _: self.changed.emit())

    # -- content ---------------------------------------------------------------------------

    def set_items(self, items: list[tuple[str, str]], checked: list[str] | None = None) -> None:
        keep = set(self.checked_ids() if checked is None else checked)
        self.list.blockSignals(True)
        self.list.clear()
        for item_id, label in items:
            self._add(item_id, label, item_id in keep)
        self.list.blockSignals(False)
        self._filter(self.find.text())
        self.changed.emit()

    def _add(self, item_id: str, label: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(label)
        item.setData(ID_ROLE, item_id)
        item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        self.list.addItem(item)
        return item

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def checked_ids(self) -> list[str]:
        return [i.data(ID_ROLE) for i in self.items() if i.checkState() == Qt.Checked]

    def checked_labels(self) -> list[str]:
        return [i.text() for i in self.items() if i.checkState() == Qt.Checked]

    def set_checked(self, ids) -> None:
        wanted = set(ids)
        for item in self.items():
            item.setCheckState(Qt.Checked if item.data(ID_ROLE) in wanted else Qt.Unchecked)

    # -- finding ---------------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        for item in self.items():
            label = item.text().lower()
            item.setHidden(bool(text) and text not in label
                           and not (text.isascii() and text in pinyin_initials(label)))

    def _pick(self) -> None:
        text = self.find.text().strip()
        visible = [i for i in self.items() if not i.isHidden()]
        if visible:
            item = visible[0]
            item.setCheckState(Qt.Unchecked if item.checkState() == Qt.Checked else Qt.Checked)
        elif self.allow_new:
            self._add(text, text, True)
            self.changed.emit()
        self.find.clear()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.KeyPress:
            key = event.key()
            if watched is self.find and key in (Qt.Key_Return, Qt.Key_Enter):
                if self.find.text().strip():
                    self._pick()
                else:
                    self.finished.emit()
                return True
            if watched is self.find and key == Qt.Key_Down and self.list.count():
                self.list.setFocus()
                visible = [i for i in self.items() if not i.isHidden()]
                if visible and self.list.currentItem() not in visible:
                    self.list.setCurrentItem(visible[0])
                return True
            if watched is self.list and key in (Qt.Key_Return, Qt.Key_Enter):
                self.finished.emit()
                return True
        return super().eventFilter(watched, event)
