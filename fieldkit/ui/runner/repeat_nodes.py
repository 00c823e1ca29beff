"""Repeat instances on screen: adding or removing one touches that instance only.

A session call that adds or removes instances lists them in ``Changes.added`` /
``Changes.removed``. The form view replays those: a removed instance loses its node and
widgets, an added one gets nodes and widgets built from ``session.items(under=path)``
(its own items only), and the instances after it get their new index in their paths and
titles. Nothing else is rebuilt, so adding the 200th worker to a roster costs what adding
the first did (rebuilding every instance on each add made a long roster quadratic).

Should the replay ever disagree with the session (a call that both adds and removes, or
instances not where the paths say), the repeat is rebuilt whole from the session's items,
as it always was before: slower, but what is shown is then right by construction.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from fieldkit.core.forms.session import SessionError


class RepeatNodes:
    """The part of a :class:`fieldkit.ui.runner.form_view.FormView` that keeps its repeat
    nodes and widgets in step with the session's instances."""

    def __init__(self, view) -> None:
        self.view = view

    def apply(self, changes) -> dict[tuple, bool]:
        """Show the instances ``changes`` added or removed. Returns the paths that were built
        from current items: instance paths map to True (the instance and everything in it
        is up to date), repeats rebuilt whole to False (everything inside them is)."""
        view, built = self.view, {}
        replayed = not (changes.added and changes.removed) and all(
            self._remove(path) for path in changes.removed)
        if replayed:
            for path in changes.added:
                if not _inside(path, built):
                    if not self._add(path):
                        replayed = False
                        break
                    built[path] = True
        for path in sorted(changes.repeats, key=len):
            node = view.nodes.get(path)
            if node is None or _inside(path, built):
                continue
            item = view.session.item(path)
            if not replayed or not self._in_step(node, item.count or 0):
                self.rebuild(path)
                built = {p: whole for p, whole in built.items() if p[:len(path)] != path}
                built[path] = False
                continue
            node.visible = item.visible
            view.navigator.invalidate()
            if node.widget is not None:
                node.widget.refresh(item)
                node.widget.footer.setVisible(view.navigator.shows_footer(node))
        return built

    # -- one instance ------------------------------------------------------------------------
    def _remove(self, path: tuple) -> bool:
        view = self.view
        repeat = view.nodes.get(path[:-1])
        if repeat is None:          # inside an instance removed just before, or not shown
            return True
        at = path[-1]
        if not 0 <= at < len(repeat.children) or repeat.children[at].path != path:
            return False
        node = repeat.children.pop(at)
        view.navigator.invalidate()
        focus_inside = self._focus_inside(node)
        view._drop(node)
        self._renumber(repeat, at, 0)
        if focus_inside:
            view.navigator.focus_footer(repeat)
        return True

    def _add(self, path: tuple) -> bool:
        view = self.view
        repeat = view.nodes.get(path[:-1])
        if repeat is None:
            return True
        at = path[-1]
        if not 0 <= at <= len(repeat.children):
            return False
        self._renumber(repeat, at, 1)
        from fieldkit.ui.runner.form_view import Node, _RootItem

        holder = Node(_RootItem(), None)
        view._attach(view.session.items(under=path), holder, view.session.item(path[:-1]).depth)
        if len(holder.children) != 1:
            return False
        node = holder.children[0]
        node.parent = repeat
        repeat.children.insert(at, node)
        view.navigator.invalidate()
        new = [n for n in node.walk() if n.visible and n.shown]
        if repeat.widget is None:   # the repeat is not built yet: its rows come with it
            view._pending.extend(new)
            view._timer.start(0)
            return True
        with view._layouts_off(self._ancestor_layouts(repeat)):
            for child in new:
                view.ensure(child)
        return True

    def _renumber(self, repeat, start: int, offset: int) -> None:
        """Give the instances of ``repeat`` from list position ``start`` on the index
        ``position + offset`` in their paths (after an instance was removed before them,
        offset 0; before one is inserted at ``start``, offset 1), and their titles."""
        view, depth = self.view, len(repeat.path)
        moved = []
        for position in range(start, len(repeat.children)):
            instance = repeat.children[position]
            index = position + offset
            if instance.path[depth] == index:
                continue
            for node in instance.walk():
                if view.nodes.get(node.path) is node:
                    del view.nodes[node.path]
                moved.append((node, node.path[:depth] + (index,) + node.path[depth + 1:]))
        for node, path in moved:
            node.path = path
            view.nodes[path] = node
            widget = node.widget
            if widget is None:
                continue
            widget.path = path
            if node.kind == "repeat":
                widget.footer.path = path
            elif node.parent is repeat:     # the instance's title: "Worker 3"
                try:
                    widget.refresh(view.session.item(path))
                except SessionError:        # not there any more: apply() rebuilds the repeat
                    pass

    def _in_step(self, repeat, count: int) -> bool:
        """Whether the repeat's nodes are the session's instances, in order."""
        depth = len(repeat.path)
        children = repeat.children
        return len(children) == count and all(
            child.path[depth] == i for i, child in enumerate(children))

    # -- the whole repeat --------------------------------------------------------------------
    def rebuild(self, path) -> None:
        """Every instance of the repeat at ``path`` anew from the session's items."""
        view = self.view
        node = view.nodes.get(path)
        if node is None:
            return
        focus_inside = self._focus_inside(node)
        for child in node.children:
            view._drop(child)
        node.children = []
        depth = len(path)
        items = [i for i in view.session.items() if i.path[:depth] == path and len(i.path) > depth]
        item = view.session.item(path)
        node.visible = item.visible
        view._attach(items, node, item.depth)     # (tells the navigator)
        if node.widget is not None:
            node.widget.refresh(item)
            node.widget.footer.setVisible(view.navigator.shows_footer(node))
            with view._layouts_off(self._ancestor_layouts(node)):
                for child in node.walk():
                    if child is not node and child.visible and child.shown:
                        view.ensure(child)
        if focus_inside:
            view.navigator.focus_footer(node)

    def _ancestor_layouts(self, node) -> list:
        out = []
        while node is not None:
            if node.widget is not None and node.widget.layout() is not None:
                out.append(node.widget.layout())
            node = node.parent
        return out

    def _focus_inside(self, node) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and node.widget is not None and node.widget.isAncestorOf(focus)


def _inside(path: tuple, built: dict) -> bool:
    return any(path[:len(p)] == p for p in built)
