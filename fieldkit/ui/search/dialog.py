"""The search-everything dialog (see the package docstring)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout)
from shiboken6 import isValid

from fieldkit.core.i18n import N_, tr

KINDS = (("notes", N_("Interview notes")), ("responses", N_("Responses")),
         ("problems", N_("Problems")))
PAUSE_MS = 250


def marked(text: str, spans: list) -> str:
    """``text`` as rich text with the matched ``spans`` (start, end) in bold red; user text
    is escaped, never markup."""
    out, at = [], 0
    for start, end in sorted(tuple(s) for s in spans or ()):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<b style='color:#b8312a'>{escape(text[start:end])}</b>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


class SearchDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.generation = 0
        self.results: dict[str, Any] = {}
        self.setWindowTitle(tr("Search everything"))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.box = QLineEdit()
        self.box.setPlaceholderText(tr("Words to find in interview notes, answers and problems"))
        self.summary = QLabel()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.box)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.search)
        self.box.textChanged.connect(lambda _: self._timer.start())
        self.box.returnPressed.connect(self._enter)
        self.list.itemActivated.connect(self.open_item)
        self.box.setFocus()

    def search(self) -> None:
        from fieldkit.core.interviews.search import search_everything

        query = self.box.text().strip()
        self.generation += 1
        generation = self.generation
        if not query:
            self.list.clear()
            self.summary.setText("")
            return
        self.window_.tasks.run(search_everything,
                               lambda found: self._show(found, generation), None, query, 30)

    def _show(self, found: dict[str, Any], generation: int) -> None:
        if not isValid(self) or generation != self.generation:
            return   # a later search has been asked for
        self.results = found
        self.list.clear()
        counts = []
        for key, label in KINDS:
            part = found[key]
            total = f"{part['total']}+" if not part.get("complete", True) else str(part["total"])
            counts.append(f"{tr(label)} {total}")
            for hit in part["hits"]:
                self._add(key, label, hit)
        self.summary.setText("  ·  ".join(counts) if self.list.count() else
                             tr("Nothing found for “{query}”.", query=found["query"]))
        if self.list.count():
            self.list.setCurrentRow(0)

    def _add(self, key: str, label: str, hit: dict[str, Any]) -> None:
        where = " · ".join(x for x in (tr(label), hit.get("site") or "", hit.get("date") or "")
                           if x)
        title = marked(hit.get("title") or "", hit.get("title_spans") or [])
        snippet = marked(hit.get("snippet") or "", hit.get("spans") or [])
        item = QListWidgetItem()
        item.setData(Qt.UserRole, (hit["kind"], hit["id"]))
        view = QLabel(f"<b>{title}</b> <span style='color:#6b7380'>{escape(where)}</span>"
                      f"<br>{snippet}")
        view.setTextFormat(Qt.RichText)
        view.setWordWrap(True)
        view.setContentsMargins(4, 3, 4, 3)
        width = max(200, self.list.viewport().width() - 4)
        item.setSizeHint(QSize(width, view.heightForWidth(width) + 2))
        self.list.addItem(item)
        self.list.setItemWidget(item, view)

    def _enter(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.search()
        elif self.list.currentItem() is not None:
            self.open_item(self.list.currentItem())

    def open_item(self, item: QListWidgetItem) -> None:
        kind, record_id = item.data(Qt.UserRole)
        if kind == "note":
            self.window_.show_page("interviews")
            self.window_.page("interviews").open_note(record_id)
        elif kind == "response":
            self.window_.open_response(record_id)
        elif kind == "problem":
            self.window_.show_problem(record_id)
        self.accept()
