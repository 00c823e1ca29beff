"""A table model over the problem ledger that loads it a page at a time.

Works like the responses browser's model (``fieldkit/ui/pages/responses_model.py``): the
model knows the total, keeps a cache of pages and asks its ``loader`` for a page that is
not loaded; every filter or sort change starts a new generation and late pages of an older
one are dropped. Overdue rows are shown in red *and* say so in words ("12 days overdue",
"feedback overdue") with a warning icon, so colour is never the only sign.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle

from fieldkit.core.i18n import N_, tr
from fieldkit.core.work import model as work

PAGE_SIZE = 200
MAX_PAGES = 60
PLACEHOLDER = "…"
DISPLAY, TOOLTIP, FOREGROUND, BACKGROUND, DECORATION = (
    Qt.DisplayRole, Qt.ToolTipRole, Qt.ForegroundRole, Qt.BackgroundRole, Qt.DecorationRole)
HORIZONTAL = Qt.Horizontal
OVERDUE_TEXT = QColor("#b3261e")
OVERDUE_BACK = QColor("#fde7e4")

# (key, header msgid, sort key in core's ledger_list.SORTABLE, width)
COLUMNS = (
    ("number", N_("No."), "registered", 100),
    ("title", N_("Title"), "title", 170),
    ("site", N_("Site"), "site", 125),
    ("category", N_("Category"), "category", 100),
    ("grade", N_("Grade"), "grade", 110),
    ("status", N_("Status"), "status", 85),
    ("deadline", N_("Deadline"), "deadline", 90),
    ("overdue", N_("Overdue"), "overdue", 120),
    ("lead_department", N_("Lead dept."), "lead_department", 90),
)


# Short labels for the table's cells: the English grade and status labels carry the official
# Chinese term in brackets ("Short-term (限时办结)"), too wide for a column at 1280 px. The
# whole label is the cell's tooltip; in Chinese the two are the same term.
SHORT_GRADES = {"short_term": N_("Short-term"), "cross_department": N_("Cross-department"),
                "systemic": N_("Systemic")}
SHORT_STATUSES = {"registered": N_("Registered"), "accepted": N_("Accepted"),
                  "in_progress": N_("In progress"), "escalated": N_("Escalated"),
                  "resolved": N_("Resolved"), "replied": N_("Replied"), "closed": N_("Closed")}


def number(problem_id: str) -> str:
    """The short number a problem is known by (the first 8 characters of its id, as the
    command line shows it)."""
    return problem_id[:8]


class LedgerModel(QAbstractTableModel):
    def __init__(self, loader: Callable[[int, int], None]) -> None:
        """``loader(generation, page_number)`` fetches a page and calls ``fill_page``."""
        super().__init__()
        self.loader = loader
        self.total = 0
        self.generation = 0
        self.pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self.requested: set[int] = set()
        self.pages_loaded = 0
        self.categories: dict[str, str] = {}
        self._full = {"grade": {c: tr(t) for c, t in work.GRADES},
                      "status": {c: tr(t) for c, t in work.STATUSES}}
        self._labels = {"grade": {c: tr(t) for c, t in SHORT_GRADES.items()},
                        "status": {c: tr(t) for c, t in SHORT_STATUSES.items()}}
        self._headers = [tr(text) for _, text, _, _ in COLUMNS]
        self._icon = QApplication.style().standardIcon(QStyle.SP_MessageBoxWarning)

    def set_categories(self, categories: list[tuple[str, str]]) -> None:
        self.categories = {code: category_label(code, text) for code, text in categories}

    # -- feeding --------------------------------------------------------------------------

    def new_generation(self) -> int:
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
        self.endResetModel()

    def fill_page(self, generation: int, page: int, rows: list[dict[str, Any]]) -> None:
        if generation != self.generation:
            return
        self.requested.discard(page)
        self.pages[page] = rows
        self.pages_loaded += 1
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)
        first = page * PAGE_SIZE
        last = min(first + len(rows), self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    # -- reading --------------------------------------------------------------------------

    def record(self, row: int) -> dict[str, Any] | None:
        """The row's problem if its page is loaded (asks for the page otherwise)."""
        if not 0 <= row < self.total:
            return None
        page = row // PAGE_SIZE
        rows = self.pages.get(page)
        if rows is None:
            if page not in self.requested:
                self.requested.add(page)
                self.loader(self.generation, page)
            return None
        self.pages.move_to_end(page)
        offset = row - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def row_of(self, problem_id: str) -> int:
        for page, rows in self.pages.items():
            for offset, record in enumerate(rows):
                if record["id"] == problem_id:
                    return page * PAGE_SIZE + offset
        return -1

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=DISPLAY):
        if orientation != HORIZONTAL or not 0 <= section < len(COLUMNS):
            return None
        if role == DISPLAY:
            return self._headers[section]
        if role == TOOLTIP:
            return tr("Click to sort")
        return None

    def cell_text(self, record: dict[str, Any], key: str) -> str:
        if key == "number":
            return number(record["id"])
        if key == "site":
            return record.get("site_name") or ""
        if key == "category":
            code = record["category"]
            return self.categories.get(code) or tr(work.label(work.CATEGORIES, code))
        if key in ("grade", "status"):
            return self._labels[key].get(record[key], record[key])
        if key == "deadline":
            return record.get("deadline") or ""
        if key == "overdue":
            return overdue_text(record)
        return str(record.get(key) or "")

    def data(self, index: QModelIndex, role=DISPLAY):
        if not index.isValid() or role not in (DISPLAY, TOOLTIP, FOREGROUND, BACKGROUND,
                                               DECORATION):
            return None
        record = self.record(index.row())
        if record is None:
            return PLACEHOLDER if role == DISPLAY else None
        key = COLUMNS[index.column()][0]
        late = record["overdue"] or record["feedback_overdue"]
        if role == DISPLAY:
            return self.cell_text(record, key)
        if role == TOOLTIP:
            if late and key in ("number", "deadline", "overdue"):
                return overdue_text(record)
            if key in self._full:
                return self._full[key].get(record[key], record[key])
            return self.cell_text(record, key) or None   # the whole text of a narrow cell
        if role == DECORATION:
            return self._icon if late and key == "number" else None
        if role == BACKGROUND:
            return QBrush(OVERDUE_BACK) if late else None
        if role == FOREGROUND:
            return QBrush(OVERDUE_TEXT) if late and key in ("deadline", "overdue") else None
        return None


def category_label(code: str, text: str) -> str:
    """A built-in category's translated label; a category a user added is its name."""
    return tr(text) if (code, text) in work.CATEGORIES else text


def overdue_text(record: dict[str, Any]) -> str:
    """Words saying how a problem is late: past its deadline, or its feedback is due."""
    parts = []
    if record.get("overdue"):
        parts.append(tr("{days} days overdue", days=record.get("days_overdue") or 0))
    if record.get("feedback_overdue"):
        parts.append(tr("feedback overdue"))
    return ", ".join(parts)
