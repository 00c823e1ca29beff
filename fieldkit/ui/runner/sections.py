"""Containers on screen: a group as a titled section, a repeat with its instances and an
Add button, and one instance of a repeat with a Remove button.

Each container has a ``body`` layout that the form view fills with child widgets in form
order (``insert_child``), so rows built late still land in the right place.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from fieldkit.core.i18n import tr
from fieldkit.ui.runner.style import look


class Container(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(0)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(2)

    def insert_child(self, index: int, widget: QWidget) -> None:
        self.body.insertWidget(index, widget)

    def _section_title(self, item) -> QLabel:
        """The title line of a group or repeat, styled by how deep it is."""
        title = QLabel()
        look(title, "groupTitle" if item.depth == 0 else "subgroupTitle")
        title.setWordWrap(True)
        self.outer.addWidget(title)
        return title


class Root(Container):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formRoot")
        self.outer.addLayout(self.body)
        self.outer.addStretch(1)


class GroupSection(Container):
    def __init__(self, item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupSection")
        self.path = item.path
        self.outer.setContentsMargins(4, 8, 4, 8)
        self.title = self._section_title(item)
        self.body.setContentsMargins(12, 2, 0, 2)
        self.outer.addLayout(self.body)
        self.refresh(item)

    def refresh(self, item) -> None:
        self.title.setText(item.label)
        self.title.setVisible(bool(item.label))


class RepeatFooter(QFrame):
    """The Add button of a repeat: a stop in keyboard navigation (Space adds, Enter skips)."""

    add = Signal(object)
    advance = Signal(int)

    def __init__(self, path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repeatFooter")
        self.path = path
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 4, 8)
        self.button = QPushButton()
        self.button.setObjectName("addButton")
        self.count = QLabel()
        look(self.count, "hintLabel")
        layout.addWidget(self.button)
        layout.addWidget(self.count, 1)
        self.button.clicked.connect(lambda: self.add.emit(self.path))
        self.button.installEventFilter(self)

    def refresh(self, item) -> None:
        label = item.label or item.name
        self.button.setText(tr("Add “{label}” (Space)", label=label))
        self.button.setEnabled(item.can_add)
        self.button.setVisible(item.can_add)
        self.count.setText(tr("{count} so far. Enter moves on.", count=item.count or 0)
                           if item.can_add else tr("{count} entries, set by the form.",
                                                   count=item.count or 0))

    def focus_targets(self) -> list[QWidget]:
        return [self.button] if self.button.isEnabled() else []

    def focus_first(self) -> None:
        self.button.setFocus(Qt.TabFocusReason)

    def set_current(self, current: bool) -> None:
        pass

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and not event.modifiers() & Qt.ControlModifier:
            self.advance.emit(-1 if event.modifiers() & Qt.ShiftModifier else 1)
            return True
        return False


class RepeatSection(Container):
    def __init__(self, item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repeatSection")
        self.path = item.path
        # Grow to fit the instances before laying them out: laid out in its old, smaller
        # size first (Qt lays out inner widgets first), it would squeeze every instance
        # and then lay each out again at full size, on every change to any of them.
        self.outer.setSizeConstraint(QLayout.SetMinimumSize)
        self.outer.setContentsMargins(4, 8, 4, 4)
        self.title = self._section_title(item)
        self.body.setContentsMargins(12, 2, 0, 2)
        self.body.setSpacing(6)
        self.outer.addLayout(self.body)
        self.footer = RepeatFooter(item.path)
        self.outer.addWidget(self.footer)
        self.refresh(item)

    def refresh(self, item) -> None:
        self.title.setText(item.label or item.name)
        self.footer.refresh(item)


class InstanceFrame(Container):
    """One instance of a repeat: "Reading 2" and a Remove button (Ctrl+Shift+Delete).

    To the layout around it, an instance is a box of fixed height (its height at its
    current width) rather than a height-for-width item. Qt asks height-for-width items
    for their minimum height for a width without caching it, so a repeat of n instances
    made every relayout of the form re-measure the wrapped text of every question in
    every instance: adding or answering in one instance cost O(n) text layouts, and a
    roster of a hundred workers took seconds per added worker. As a fixed box, an
    instance is measured again only when something inside it changes or its width does.
    """

    remove = Signal(object)

    def __init__(self, item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repeatInstance")
        self.setFrameShape(QFrame.StyledPanel)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self._hint_width = -1
        self.path = item.path
        self.outer.setContentsMargins(8, 4, 8, 6)
        head = QHBoxLayout()
        self.title = QLabel()
        look(self.title, "instanceTitle")
        self.remove_button = QPushButton(tr("Remove (Ctrl+Shift+Delete)"))
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setFocusPolicy(Qt.NoFocus)
        head.addWidget(self.title, 1)
        head.addWidget(self.remove_button)
        self.outer.addLayout(head)
        self.outer.addLayout(self.body)
        self.remove_button.clicked.connect(lambda: self.remove.emit(self.path))
        self.refresh(item)

    def refresh(self, item, can_remove: bool | None = None) -> None:
        self.path = item.path
        self.title.setText(item.label or tr("Entry {number}", number=(item.index or 0) + 1))
        if can_remove is not None:
            self.remove_button.setVisible(can_remove)

    # -- a fixed box to the layout around it (see the class docstring) ------------------------
    def hasHeightForWidth(self) -> bool:
        return False

    def sizeHint(self) -> QSize:
        # Qt's own hint for a height-for-width layout measures the wrapped text at two more
        # widths; the height at the width the instance has is the one that counts.
        width = self._hint_width = self._width()
        return QSize(self._preferred_width(), max(self.heightForWidth(width), 0))

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(self.layout().minimumSize().width() + margins.left() + margins.right(),
                     self.sizeHint().height())

    def _preferred_width(self) -> int:
        margins = self.contentsMargins()
        return self.layout().sizeHint().width() + margins.left() + margins.right()

    def _width(self) -> int:
        """The width the instance has, or (not laid out yet) will have in its repeat."""
        if self.testAttribute(Qt.WA_Resized) and self.width() > 0:
            return self.width()
        parent = self.parentWidget()
        body = getattr(parent, "body", None)
        if body is not None and body.contentsRect().width() > 0:
            return body.contentsRect().width()
        return self._preferred_width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._hint_width:
            self.updateGeometry()               # another width: another height
