"""Secondary instances: the data a form reads with ``instance('name')/root/item[...]/col``.

ODK forms read choice lists, attached CSV/XML/GeoJSON files and ``csv-external`` /
``xml-external`` data as small XML documents ("secondary instances"). Here a document is
a tree of :class:`XNode`. An XNode *is* its text (a ``str`` subclass), so every function
of the engine that takes text takes a node unchanged; it also knows its element name,
parent and children.

Most instances are tables (a CSV file, a choice list): ``root`` holds one ``item`` per
row and each item one child per column. :func:`table_instance` builds such a document
without making a node per cell up front: an item's children are made when asked for, and
``item[col = value]`` is answered from a dictionary built on first use (:meth:`XNode.index`),
so a lookup in a 10,000-row file does not scan it on every answer change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


class XNode(str):
    """One element of a secondary instance; its string value is its own text."""

    name: str
    parent: "XNode | None"

    def __new__(cls, name: str, text: str = "", parent: "XNode | None" = None,
                children: list["XNode"] | None = None, row: Mapping[str, str] | None = None) -> "XNode":
        node = super().__new__(cls, text)
        node.name = name
        node.parent = parent
        node._children = children
        node._row = row
        node._indexes = None
        return node

    def __reduce__(self):  # pragma: no cover - nodes are never pickled, but keep str's promise
        return (str, (str(self),))

    @property
    def children(self) -> list["XNode"]:
        if self._children is None:
            row = self._row or {}
            self._children = [XNode(key, "" if value is None else str(value), self) for key, value in row.items()]
        return self._children

    def fields(self) -> list[tuple[str, str]]:
        """(name, text) of each child, without making nodes for a table row."""
        if self._children is None and self._row is not None:
            return [(key, "" if value is None else str(value)) for key, value in self._row.items()]
        return [(child.name, str(child)) for child in self.children]

    def child_text(self, name: str) -> str | None:
        """The text of the first child called ``name``, or None (fast for table rows)."""
        if self._children is None and self._row is not None:
            value = self._row.get(name)
            return None if value is None else str(value)
        for child in self.children:
            if child.name == name:
                return str(child)
        return None

    def select(self, name: str) -> list["XNode"]:
        """Children called ``name`` (``*``: all children)."""
        if name == "*":
            return self.children
        if self._children is None and self._row is not None:
            if name not in self._row:
                return []
            value = self._row[name]
            return [XNode(name, "" if value is None else str(value), self)]
        return [child for child in self.children if child.name == name]

    def index(self, name: str, column: str) -> dict[str, list["XNode"]]:
        """Children called ``name`` grouped by the text of their child ``column``."""
        if self._indexes is None:
            self._indexes = {}
        found = self._indexes.get((name, column))
        if found is None:
            found = {}
            for child in self.select(name):
                key = child.child_text(column)
                if key is not None:
                    found.setdefault(key, []).append(child)
            self._indexes[(name, column)] = found
        return found


def document(root: XNode) -> XNode:
    """The document node above ``root``: what ``instance('name')`` returns, so that
    ``instance('name')/root`` selects the root element."""
    doc = XNode("#document", "", None, [root])
    root.parent = doc
    return doc


def table_instance(rows: Iterable[Mapping[str, str]], item: str = "item") -> XNode:
    """``<root><item><col>value</col>...</item>...</root>`` for table-like data."""
    root = XNode("root", "", None, [])
    root._children = [XNode(item, "", root, row=row) for row in rows]
    return document(root)


def tree_instance(name: str, text: str, children: Sequence[XNode]) -> XNode:
    """An element with the given children (used by the XML reader)."""
    node = XNode(name, text, None, list(children))
    for child in node._children:
        child.parent = node
    return node
