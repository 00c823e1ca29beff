"""A table model over tens of thousands of responses that never loads them all.

The model knows the total from ``count()`` and keeps a cache of pages of rows. When the
view asks for a row that is not loaded, the model shows a placeholder and asks its
``loader`` for that page (once); the page arrives later through ``fill_page``. Every
filter or sort change starts a new *generation*: pages of an older generation that
arrive late are dropped. Answers (JSON) are decoded only when a question cell is drawn.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fieldkit.core.i18n import tr
from fieldkit.core.responses.columns import PLACEHOLDER, Column, cell_text

SOURCE_COLUMN = Column("source", "")  # where an imported response came from, as a tooltip

PAGE_SIZE = 200
# Looking up Qt.DisplayRole costs microseconds in PySide6, and data() runs for every role of
# every cell painted: look the roles up once.
DISPLAY, TOOLTIP, FOREGROUND = Qt.DisplayRole, Qt.ToolTipRole, Qt.ForegroundRole
ROLES = {DISPLAY, TOOLTIP, FOREGROUND}
HORIZONTAL = Qt.Horizontal
MAX_PAGES = 60  # pages kept in memory; the ones seen longest ago are dropped first


class ResponsesModel(QAbstractTableModel):
    def __init__(self, loader: Callable[[int, int], None]) -> None:
        """``loader(generation, page_number)`` fetches a page and calls ``fill_page``."""
        super().__init__()
        self.loader = loader
        self.columns: list[Column] = []
        self.total = 0
        self.generation = 0
        self.shown_generation = 0  # the generation whose count and first page are shown
        self.pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self.requested: set[int] = set()
        self.sort_key = ""        # the column key sorted on, "" for none
        self.descending = True
        self.pages_loaded = 0     # pages received in this generation (for tests and tuning)

    # -- feeding --------------------------------------------------------------------------

    def new_generation(self) -> int:
        """Forget outstanding requests: their answers will be ignored when they arrive."""
        self.generation += 1
        self.requested.clear()
        return self.generation

    def reset(self, generation: int, total: int, first: list[dict[str, Any]]) -> None:
        if generation != self.generation:
            return
        self.beginResetModel()
        self.total = total
        self.pages.clear()
        self.requested.clear()
        self.pages[0] = first
        self.pages_loaded = 1
        self.shown_generation = generation
        self.endResetModel()

    def fill_page(self, generation: int, number: int, rows: list[dict[str, Any]]) -> None:
        if generation != self.generation:
            return  # a stale answer to an older filter
        self.requested.discard(number)
        self.pages[number] = rows
        self.pages_loaded += 1
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)
        first = number * PAGE_SIZE
        last = min(first + len(rows), self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, max(len(self.columns) - 1, 0)))

    def set_columns(self, columns: list[Column]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.endResetModel()

    # -- reading --------------------------------------------------------------------------

    def record(self, row: int) -> dict[str, Any] | None:
        """The row's record if its page is loaded (asks for it otherwise)."""
        if not 0 <= row < self.total:
            return None
        number = row // PAGE_SIZE
        rows = self.pages.get(number)
        if rows is None:
            if number not in self.requested:
                self.requested.add(number)
                self.loader(self.generation, number)
            return None
        self.pages.move_to_end(number)
        offset = row - number * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def loaded_pages(self) -> list[int]:
        return sorted(self.pages)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=DISPLAY):
        if orientation != HORIZONTAL or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == DISPLAY:
            return column.label
        if role == TOOLTIP:
            return (tr("Click to sort") if column.sortable
                    else tr("Question columns cannot be sorted"))
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        if role not in ROLES or not index.isValid():
            return None
        column_number = index.column()
        if column_number >= len(self.columns):
            return None
        record = self.record(index.row())
        if record is None:
            return PLACEHOLDER if role == DISPLAY else None
        column = self.columns[column_number]
        if role == DISPLAY:
            return cell_text(record, column)
        if role == TOOLTIP:
            if column.key == "review" and record.get("review_comment"):
                return record["review_comment"]
            if column.key == "started" and record.get("source"):
                return cell_text(record, SOURCE_COLUMN) or None
            text = cell_text(record, column)
            return text if len(text) > 30 else None
        if record.get("deleted") or record.get("superseded_by"):
            return QBrush(QColor("#888888"))
        if column.key == "review" and record.get("review_state") == "has_issues":
            return QBrush(QColor("#b3261e"))
        return None

    def column_index(self, key: str) -> int:
        return next((i for i, c in enumerate(self.columns) if c.key == key), -1)

    def row_of(self, response_id: str) -> int:
        """The row of a loaded response, or -1."""
        for number, rows in self.pages.items():
            for offset, record in enumerate(rows):
                if record["id"] == response_id:
                    return number * PAGE_SIZE + offset
        return -1
