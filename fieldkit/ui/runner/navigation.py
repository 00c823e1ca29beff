"""Moving through the form with the keyboard, and paper-entry mode.

A *stop* is a question row that can be answered, or the Add button of a repeat. Tab and
Enter go to the next stop (Tab first visits the other fields of a multi-field question
such as a geopoint), Shift+Tab / Shift+Enter go back. The question that has the focus is
the *current* one: it is framed, scrolled into view and counted in the progress ("12 / 48").
In paper-entry mode only the current question (or its whole ``field-list`` group) is shown,
one after another, for fast transcription of paper questionnaires.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit.ui.runner.question_row import QuestionRow
from fieldkit.ui.runner.sections import RepeatFooter


class Navigator(QObject):
    """Lives as long as its view (a child QObject), so its focus hook goes with it."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.current: QWidget | None = None
        self.paper = False
        self._keep: set = set()
        self._stops: dict[bool, tuple[list[tuple], dict[tuple, int]]] = {}
        QApplication.instance().focusChanged.connect(self._focus_changed)

    # -- the stops -------------------------------------------------------------------------
    def invalidate(self) -> None:
        """The form view changed what is shown, read-only or there: list the stops again."""
        self._stops.clear()

    def entries(self, questions_only: bool = False) -> list[tuple]:
        """(node, is_footer) for every stop, in form order (kept until :meth:`invalidate`:
        a long form's stops are listed once per change, not on every key press)."""
        return self._listed(questions_only)[0]

    def position(self, entry, questions_only: bool = False) -> int:
        """The index of ``entry`` in :meth:`entries`, or -1."""
        return self._listed(questions_only)[1].get(entry, -1)

    def _listed(self, questions_only: bool) -> tuple[list[tuple], dict[tuple, int]]:
        if not self._stops:
            every, questions = self._list()
            for key, found in ((False, every), (True, questions)):
                self._stops[key] = (found, {e: i for i, e in enumerate(found)})
        return self._stops[questions_only]

    def _list(self) -> tuple[list[tuple], list[tuple]]:
        """(every stop, the question stops alone), in one walk of the form."""
        every: list[tuple] = []
        questions: list[tuple] = []
        view = self.view
        hidden = False

        def visit(node) -> None:
            nonlocal hidden
            for child in node.children:
                if not child.visible or not child.shown:
                    # a question or group hidden by its relevance may appear after an answer
                    hidden = hidden or (not child.visible and (child.kind != "question"
                                                               or not child.read_only))
                    continue
                if child.kind == "question":
                    if view.read_only or not child.read_only:
                        every.append((child, False))
                        questions.append((child, False))
                else:
                    visit(child)
                    if child.kind == "repeat" and not view.read_only and child.can_add:
                        every.append((child, True))
        visit(view.root)
        self.more_may_appear = hidden
        return every, questions

    def _widget(self, entry) -> QWidget | None:
        node, footer = entry
        widget = self.view.ensure(node)
        return widget.footer if footer and widget is not None else widget

    def _entry_of(self, stop: QWidget):
        try:
            node = self.view.nodes.get(stop.path)
        except RuntimeError:   # a deleted row
            return None
        if node is None:
            return None
        return (node, isinstance(stop, RepeatFooter))

    def stop_containing(self, widget: QWidget | None) -> QWidget | None:
        while widget is not None and widget is not self.view.content:
            if isinstance(widget, (QuestionRow, RepeatFooter)):
                return widget
            widget = widget.parentWidget()
        return None

    # -- moving ----------------------------------------------------------------------------
    def advance(self, stop: QWidget, step: int) -> None:
        entries = self.entries()
        key = self._entry_of(stop)
        index = self.position(key) if key is not None else -1
        target = index + step if index >= 0 else (0 if step > 0 else len(entries) - 1)
        if 0 <= target < len(entries):
            self.focus_entry(entries[target])
        else:
            self.view.leave.emit(step)

    def tab(self, forward: bool) -> bool:
        focus = QApplication.focusWidget()
        stop = self.stop_containing(focus)
        if stop is None:
            entries = self.entries()
            if entries:
                self.focus_entry(entries[0] if forward else entries[-1])
            return True
        targets = [w for w in stop.focus_targets() if w.isEnabled()]
        inside = [t for t in targets if t is focus or t.isAncestorOf(focus)]
        within = isinstance(stop, QuestionRow) and stop.input.tab_within
        if inside and within and len(targets) > 1:
            index = targets.index(inside[0]) + (1 if forward else -1)
            if 0 <= index < len(targets):
                targets[index].setFocus(Qt.TabFocusReason if forward else Qt.BacktabFocusReason)
                return True
        self.advance(stop, 1 if forward else -1)
        return True

    def focus_entry(self, entry) -> None:
        widget = self._widget(entry)
        if widget is None:
            return
        self._set_current(widget)
        widget.focus_first()
        self.reveal(widget)

    def reveal(self, widget: QWidget) -> None:
        """Scroll ``widget`` into view, now and again once the layout has settled."""
        self.view.ensureWidgetVisible(widget, 20, 40)
        QTimer.singleShot(0, lambda: self._reveal_later(widget))

    def _reveal_later(self, widget: QWidget) -> None:
        try:
            if widget is self.current and widget.isVisible():
                self.view.ensureWidgetVisible(widget, 20, 40)
        except RuntimeError:
            pass

    def focus_path(self, path) -> bool:
        node = self.view.nodes.get(tuple(path))
        if node is None:
            return False
        widget = self.view.ensure(node)
        if widget is None:
            return False
        if isinstance(widget, QuestionRow):
            self.focus_entry((node, False))
        return True

    def focus_first_in(self, path) -> None:
        prefix = tuple(path)
        for entry in self.entries():
            if entry[0].path[:len(prefix)] == prefix and not entry[1]:
                self.focus_entry(entry)
                return

    def focus_footer(self, repeat_node) -> None:
        if self.position((repeat_node, True)) >= 0:
            self.focus_entry((repeat_node, True))

    @Slot(QWidget, QWidget)
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        stop = self.stop_containing(new)
        if stop is not None and stop is not self.current:
            self._set_current(stop)
            self.reveal(stop)

    def _set_current(self, widget: QWidget) -> None:
        previous = self.current
        self.current = widget
        try:
            if previous is not None and previous is not widget:
                previous.set_current(False)
        except RuntimeError:
            pass
        widget.set_current(True)
        if self.paper:
            self._update_keep()
            self.apply_paper()
        self.view.current_changed.emit()

    # -- progress and paper mode -----------------------------------------------------------
    more_may_appear = False  # some questions are hidden now and may appear after an answer

    def progress(self) -> tuple[int, int]:
        """(position of the current question, number of questions to answer now)."""
        entries = self.entries(questions_only=True)
        key = self._entry_of(self.current) if self.current is not None else None
        position = self.position(key, questions_only=True) + 1 if key is not None else 0
        return position, len(entries)

    def set_paper(self, on: bool) -> None:
        self.paper = on
        if on and self.current is None:
            entries = self.entries()
            if entries:
                self.current = self._widget(entries[0])
                self.current.set_current(True)
        self._update_keep()
        self.apply_paper()
        self.view.ring.schedule()

    def _update_keep(self) -> None:
        self._keep = set()
        key = self._entry_of(self.current) if self.current is not None else None
        if key is None:
            return
        node, footer = key
        unit = node
        if not footer:
            ancestor = node.parent
            while ancestor is not None:
                if ancestor.field_list:
                    unit = ancestor
                    break
                ancestor = ancestor.parent
            self._keep.update(unit.walk())
        else:
            self._keep.add(node)
        ancestor = unit.parent
        while ancestor is not None:
            self._keep.add(ancestor)
            ancestor = ancestor.parent

    def shows(self, node) -> bool:
        if not node.visible:
            return False
        return not self.paper or not self._keep or node in self._keep

    def shows_footer(self, repeat_node) -> bool:
        if self.view.read_only:
            return False
        if self.paper and self._keep:
            return isinstance(self.current, RepeatFooter) and self.current.path == repeat_node.path
        return True

    def apply_paper(self) -> None:
        for node in self.view.root.walk():
            widget = node.widget
            if widget is None or node is self.view.root:
                continue
            shown = self.shows(node)
            if isinstance(widget, QuestionRow):
                widget.set_paper(self.paper and shown)
            if widget.isVisibleTo(widget.parentWidget()) != shown:
                widget.setVisible(shown)
            if node.kind == "repeat":
                widget.footer.setVisible(self.shows_footer(node))
