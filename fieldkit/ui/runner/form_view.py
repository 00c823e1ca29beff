"""The form on screen: a scrolling page of sections and question rows fed by a FormSession.

The view turns ``session.items()`` into a tree of nodes (groups, repeats, their instances,
questions). Widgets are built lazily: the first screenful at once, the rest in small
batches while the person already types, and a hidden question only when it first becomes
visible. An answer goes to ``session.set``; the ``Changes`` it returns update only the rows
they name (visibility, values of calculations, messages, choices, repeat instances).
"""

from __future__ import annotations

import time
from collections import deque
from contextlib import contextmanager

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QVBoxLayout, QWidget

from fieldkit.core.errors import FieldkitError
from fieldkit.ui.runner.navigation import Navigator
from fieldkit.ui.runner.pictures import PictureCache
from fieldkit.ui.runner.question_row import QuestionRow
from fieldkit.ui.runner.repeat_nodes import RepeatNodes
from fieldkit.ui.runner.sections import GroupSection, InstanceFrame, RepeatSection, Root
from fieldkit.ui.runner.style import FocusRing

FIRST_BATCH = 24      # rows built before the runner is shown
BATCH = 30            # rows built per idle step afterwards, at most...
BATCH_SECONDS = 0.03  # ...and for at most this long, so typing stays smooth meanwhile
CONTAINERS = ("group", "repeat", "repeat_instance")


class Node:
    __slots__ = ("path", "kind", "parent", "children", "widget", "visible", "shown", "label",
                 "field_list", "read_only", "can_add")

    def __init__(self, item, parent: "Node | None") -> None:
        self.path = item.path
        self.kind = item.kind
        self.parent = parent
        self.children: list[Node] = []
        self.widget: QWidget | None = None
        self.visible = item.visible
        self.shown = item.shown
        self.label = item.label or item.name
        self.field_list = item.kind == "group" and "field-list" in item.appearance.split()
        self.read_only = getattr(item, "read_only", False)
        self.can_add = getattr(item, "can_add", False)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class _Content(QWidget):
    """Hands Tab / Shift+Tab to the navigator: Tab moves question by question."""

    def __init__(self, view: "FormView") -> None:
        super().__init__()
        self.view = view

    def focusNextPrevChild(self, forward: bool) -> bool:
        return self.view.navigator.tab(forward)


class FormView(QScrollArea):
    edited = Signal(object)          # an answer changed (the runner saves a draft)
    current_changed = Signal()       # another question has the focus
    leave = Signal(int)              # Tab past the last question (+1) or before the first (-1)
    failed = Signal(object)          # an exception from the session, for the runner to show
    remove_requested = Signal(object)  # an instance path the person asked to remove

    def __init__(self, session, parent: QWidget | None = None, pictures: PictureCache | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pictures = pictures if pictures is not None else PictureCache()
        self.setObjectName("formView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.content = _Content(self)
        self.root_widget = Root(self.content)
        box = QVBoxLayout(self.content)
        box.setContentsMargins(16, 8, 16, 24)
        box.addWidget(self.root_widget)
        self.setWidget(self.content)
        self.nodes: dict[tuple, Node] = {}
        self.root = Node(_RootItem(), None)
        self.root.widget = self.root_widget
        self.read_only = False
        self._pending: deque[Node] = deque()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._build_batch)
        self.navigator = Navigator(self)
        self.repeats = RepeatNodes(self)
        self.ring = FocusRing(self.content)

    # -- building --------------------------------------------------------------------------
    def load(self) -> None:
        """Build the tree for the session's items and the first screenful of widgets."""
        for child in self.root.children:
            self._drop(child)
        self.root.children = []
        self._attach(self.session.items(), self.root)
        self._pending = deque(n for n in self.root.walk() if n is not self.root)
        self._build_batch(FIRST_BATCH, schedule=True)

    def _attach(self, items, top: Node, top_depth: int = -1) -> None:
        """Hang ``items`` (flat, in form order, with depths) under ``top`` as a tree."""
        self.navigator.invalidate()
        stack: list[tuple[int, Node]] = [(top_depth, top)]
        for item in items:
            while len(stack) > 1 and stack[-1][0] >= item.depth:
                stack.pop()
            parent = stack[-1][1]
            node = Node(item, parent)
            parent.children.append(node)
            self.nodes[item.path] = node
            if item.kind in CONTAINERS:
                stack.append((item.depth, node))

    def _build_batch(self, budget: int = BATCH, schedule: bool = True) -> None:
        layouts = [n.widget.layout() for n in self.root.walk()
                   if n.kind in CONTAINERS + ("root",) and n.widget is not None]
        built, deadline = 0, time.perf_counter() + BATCH_SECONDS
        with self._layouts_off(layouts):
            while self._pending and built < budget and (
                    budget != BATCH or time.perf_counter() < deadline):
                node = self._pending.popleft()
                if node.widget is None and node.visible and node.shown and self.nodes.get(node.path) is node:
                    self.ensure(node)
                    built += 1
        if self._pending and schedule:
            self._timer.start(0)

    @contextmanager
    def _layouts_off(self, layouts):
        """Showing a widget lays out every visible ancestor at once; with the containers'
        layouts switched off while rows are added, the form is laid out once afterwards
        instead of once per row (which made building a long form quadratic)."""
        layouts = [self.content.layout(), *layouts]
        for layout in layouts:
            layout.setEnabled(False)
        try:
            yield
        finally:
            for layout in layouts:
                layout.setEnabled(True)
                layout.invalidate()

    def finish_building(self) -> None:
        """Build every remaining visible row now (tests, screenshots, jumps)."""
        self._build_batch(len(self._pending) + 1, schedule=False)

    def ensure(self, node: Node) -> QWidget | None:
        """The node's widget, built (with its containers) if it is not yet."""
        if node.widget is not None or node is self.root:
            return node.widget
        if not node.shown:
            return None
        parent_widget = self.ensure(node.parent)
        if parent_widget is None:
            return None
        item = self.session.item(node.path)
        if (node.visible, node.read_only) != (item.visible, item.read_only):
            node.visible, node.read_only = item.visible, item.read_only
            self.navigator.invalidate()
        widget = self._make(node, item)
        index = 0
        for sibling in node.parent.children:
            if sibling is node:
                break
            if sibling.widget is not None:
                index += 1
        node.widget = widget
        parent_widget.insert_child(index, widget)
        widget.setVisible(self.navigator.shows(node))
        return widget

    def _make(self, node: Node, item) -> QWidget:
        if node.kind == "group":
            return GroupSection(item)
        if node.kind == "repeat":
            section = RepeatSection(item)
            section.footer.add.connect(self.add_instance)
            section.footer.advance.connect(
                lambda step, f=section.footer: self.navigator.advance(f, step))
            section.footer.setVisible(self.navigator.shows_footer(node))
            return section
        if node.kind == "repeat_instance":
            repeat = self.session.item(node.path[:-1])
            frame = InstanceFrame(item)
            frame.refresh(item, repeat.can_add and not self.read_only)
            frame.remove.connect(self.remove_requested)
            return frame
        row = QuestionRow(item, pictures=self.pictures)
        row.edited.connect(self.set_answer)
        row.input.advance.connect(lambda step, r=row: self.navigator.advance(r, step))
        if self.read_only:
            row.input.set_read_only(True)
        return row

    def _drop(self, node: Node, top: bool = True) -> None:
        """Forget ``node`` and what is inside it; its widget goes, and with it (as Qt
        children) the widgets inside it, so only the outermost is taken off the form."""
        for child in node.children:
            self._drop(child, top=False)
        if self.nodes.get(node.path) is node:
            del self.nodes[node.path]
        if node.widget is not None:
            if self.navigator.current is node.widget:
                self.navigator.current = None
            if top or node.parent is None or node.parent.widget is None:
                node.widget.hide()
                node.widget.setParent(None)
                node.widget.deleteLater()
            node.widget = None
        self.navigator.invalidate()

    # -- answering -------------------------------------------------------------------------
    def set_answer(self, path, value: str) -> None:
        if self.read_only:
            return
        try:
            changes = self.session.set(path, value)
        except FieldkitError as exc:
            row = self.row(path)
            if row is not None:
                row.input.problem = exc.message()
                row.show_message(self.session.item(path))
            return
        except Exception as exc:  # a bug in the forms engine must not lose the answer
            self.failed.emit(exc)
            return
        self.apply(changes, origin=path)
        self.edited.emit(path)

    def add_instance(self, path) -> None:
        changes = self._change_repeat(self.session.add_repeat, path)
        if changes is not None and changes.added:
            self.navigator.focus_first_in(changes.added[-1])

    def remove_instance(self, path) -> None:
        if self._change_repeat(self.session.remove_repeat, path) is not None:
            repeat = self.nodes.get(path[:-1])
            if repeat is not None and repeat.widget is not None:
                self.navigator.focus_footer(repeat)

    def _change_repeat(self, change, path):
        """Add or remove a repeat instance and show it; None when nothing was done."""
        if self.read_only:
            return None
        try:
            changes = change(path)
        except Exception as exc:  # a bug in the forms engine must not lose the answers
            self.failed.emit(exc)
            return None
        self.apply(changes)
        self.edited.emit(path)
        return changes

    def apply(self, changes, origin=None) -> None:
        """Show what one session call changed, touching only the rows it names."""
        rebuilt = self.repeats.apply(changes) if changes.repeats else {}
        for path in changes.visibility:
            node = self.nodes.get(path)
            if node is None or _under(path, rebuilt):
                continue
            node.visible = self.session.item(path).visible
            self.navigator.invalidate()
            if node.widget is not None:
                node.widget.setVisible(self.navigator.shows(node))
            elif node.visible:
                self.ensure(node)
        refresh = (changes.values | changes.required | changes.read_only | changes.constraint
                   | changes.choices | changes.labels) - changes.visibility
        refresh |= {p for p in changes.visibility if p in self.nodes and self.nodes[p].visible}
        for path in refresh:
            node = self.nodes.get(path)
            if node is None or node.widget is None or (rebuilt and _under(path, rebuilt)):
                continue
            item = self.session.item(path)
            if node.read_only != item.read_only:
                node.read_only = item.read_only
                self.navigator.invalidate()
            if isinstance(node.widget, QuestionRow):
                node.widget.refresh(item, choices=path in changes.choices,
                                    value=path in changes.values and path != origin)
            elif node.kind in ("group", "repeat"):
                node.widget.refresh(item)
        if origin is not None and origin not in refresh:
            row = self.row(origin, build=False)
            if row is not None:
                row.show_message(self.session.item(origin))
        if changes.visibility or changes.repeats:
            self.current_changed.emit()

    # -- lookups -----------------------------------------------------------------------------
    def row(self, path, build: bool = True) -> QuestionRow | None:
        node = self.nodes.get(tuple(path))
        if node is None:
            return None
        widget = self.ensure(node) if build else node.widget
        return widget if isinstance(widget, QuestionRow) else None

    def rows(self) -> list[QuestionRow]:
        """Every built question row, in form order."""
        return [n.widget for n in self.root.walk() if isinstance(n.widget, QuestionRow)]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.navigator.invalidate()
        for node in self.root.walk():
            if isinstance(node.widget, QuestionRow):
                node.widget.input.set_read_only(read_only or
                                                self.session.item(node.path).read_only)
            elif isinstance(node.widget, InstanceFrame):
                node.widget.remove_button.setVisible(not read_only)
            elif isinstance(node.widget, RepeatSection):
                node.widget.footer.setVisible(self.navigator.shows_footer(node))

    def mark_problems(self, problems) -> None:
        """After a refused finalise: show each problem's message beside its question."""
        for problem in problems:
            row = self.row(problem.path)
            if row is not None:
                row.show_message(self.session.item(problem.path),
                                 missing=problem.kind == "required")


def _under(path: tuple, built: dict) -> bool:
    """Whether ``path`` is inside one of the ``built`` paths (built from current items, so
    nothing in them needs refreshing; a value True also excludes the path itself)."""
    for end in range(len(path), 0, -1):
        whole = built.get(path[:end])
        if whole is not None and (whole or end < len(path)):
            return True
    return False


class _RootItem:
    path = ()
    kind = "root"
    visible = True
    shown = True
    label = ""
    name = ""
    appearance = ""
