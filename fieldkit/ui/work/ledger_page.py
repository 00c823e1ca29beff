"""The problem ledger page (问题台账): the list of problems with filters, sorted in SQL and
loaded a page at a time (50,000 problems list without a pause), overdue rows marked; a
tab with the half-year's typical cases and the quarter's leaders' focus problems.

``show_filter(**criteria)`` is how other pages (the dashboard's figures) open the list
behind a figure, through ``MainWindow.show_problems``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTabWidget, QTableView, QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core.i18n import tr
from fieldkit.core.work import ledger_list
from fieldkit.core.work import model as work
from fieldkit.core.work.model import ProblemFilter
from fieldkit.ui.work import ops
from fieldkit.ui.work.ledger_filters import LedgerFilters
from fieldkit.ui.work.ledger_model import (COLUMNS, PAGE_SIZE, SHORT_GRADES, SHORT_STATUSES,
                                          LedgerModel)
from fieldkit.ui.work.widgets import plain_label

FETCH_PAUSE_MS = 30
TITLE_COLUMN = next(i for i, column in enumerate(COLUMNS) if column[0] == "title")


def column_widths(metrics) -> list[int]:
    """Each column's width: the columns of a few fixed words (grade, status, category,
    overdue) as wide as their longest text in this language, within limits; the others
    as ``COLUMNS`` says. Measured on a handful of labels, never on the rows."""
    def fit(texts, least, most):
        return max(least, min(most, max(metrics.horizontalAdvance(t) for t in texts) + 20))
    fitted = {
        "grade": fit([tr(t) for t in SHORT_GRADES.values()], 70, 200),
        "status": fit([tr(t) for t in SHORT_STATUSES.values()], 60, 170),
        "category": fit([tr(t) for _, t in work.CATEGORIES], 70, 125),
        "overdue": fit([tr("{days} days overdue", days=999), tr("feedback overdue")], 80, 125),
        "deadline": fit(["2024-12-31"], 80, 120),
    }
    return [fitted.get(key, width) for key, _, _, width in COLUMNS]


class LedgerPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.flt: ProblemFilter | None = None
        self.order_by, self.descending = "registered", True
        self.choices: dict[str, Any] = {}
        self._select_id: str | None = None
        self.dialog = None      # the open problem dialog or view, for tests
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel(tr("Problem ledger"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        outer.addWidget(title)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.list_tab = QWidget()
        self.tabs.addTab(self.list_tab, tr("Problems"))
        layout = QVBoxLayout(self.list_tab)
        bar = QHBoxLayout()
        self.new_button = QPushButton(tr("Register a problem (Ctrl+N)"))
        self.open_button = QPushButton(tr("Open (Enter)"))
        self.open_button.setToolTip(tr("Show the problem, its timeline and what can be done "
                                       "next"))
        self.edit_button = QPushButton(tr("Edit… (F2)"))
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.edit_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.filters = LedgerFilters()
        layout.addWidget(self.filters)

        self.model = LedgerModel(self._load_page)
        self.table = QTableView()
        self.table.setObjectName("ledger_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        # the title takes the width the other columns leave, so the table fits the window
        # (1280 px in English included) and a wider window shows more of each title
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.Stretch)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        for section, width in enumerate(column_widths(self.table.fontMetrics())):
            header.resizeSection(section, width)
        layout.addWidget(self.table, 1)
        self.count_label = plain_label()
        layout.addWidget(self.count_label)

        self._wanted: set[int] = set()
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(FETCH_PAUSE_MS)
        self._fetch_timer.timeout.connect(self._fetch_wanted)

        self.filters.changed.connect(self.reload)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        self.new_button.clicked.connect(lambda: self.new_problem())
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        for keys, target, slot in (
                (QKeySequence.Find, self, self.filters.focus_search),
                (QKeySequence("Ctrl+N"), self, lambda: self.new_problem()),
                (QKeySequence(Qt.Key_Return), self.table, self.open_selected),
                (QKeySequence(Qt.Key_Enter), self.table, self.open_selected),
                (QKeySequence(Qt.Key_F2), self.table, self.edit_selected)):
            shortcut = QShortcut(keys, target, activated=slot)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        self._show_sort_indicator()
        self._update_buttons()
        self._add_cases_tab()

    def _add_cases_tab(self) -> None:
        from fieldkit.ui.work.cases_page import CasesPage

        self.cases = CasesPage(self.window_)
        self.tabs.addTab(self.cases, tr("Typical cases and leaders' focus"))
        self.tabs.currentChanged.connect(
            lambda i: self.tabs.widget(i) is self.cases and self.cases.refresh())

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Shown again: the directory and the problems may have changed."""
        self.window_.tasks.run(ops.choices, self._show_choices)
        self.reload()

    def _show_choices(self, choices: dict[str, Any]) -> None:
        if not isValid(self):
            return
        self.choices = choices
        self.model.set_categories(choices["categories"])
        self.filters.set_choices(choices["sites"], choices["categories"],
                                 dict(choices["org_units"] + choices["cadres"]))

    def show_filter(self, **criteria: Any) -> None:
        """Show the problems matching ``criteria`` (see the package docstring)."""
        self.tabs.setCurrentWidget(self.list_tab)
        self.filters.set_criteria(**criteria)

    def current_filter(self) -> ProblemFilter:
        return self.filters.apply(ProblemFilter())

    def reload(self) -> None:
        record = self.selected()
        if self._select_id is None and record:
            self._select_id = record["id"]
        self.flt = self.current_filter()
        generation = self.model.new_generation()
        self._wanted.clear()
        self.count_label.setText(tr("Loading…"))
        self.window_.tasks.run(
            lambda ws, flt, order, desc: ledger_list.first_page(
                ws, flt, PAGE_SIZE, order_by=order, descending=desc),
            lambda result: self._first_page(generation, result), None,
            self.flt, self.order_by, self.descending)

    def _first_page(self, generation: int, result: tuple[int, list[dict]]) -> None:
        if generation != self.model.generation or not isValid(self):
            return
        total, rows = result
        self.model.reset(generation, total, rows)
        if total:
            self.count_label.setText(tr("{count} problems", count=total))
        elif self.filters.is_default():
            self.count_label.setText(tr("No problems in the ledger yet. Press Ctrl+N to "
                                        "register the first one a worker raises."))
        else:
            self.count_label.setText(tr("No problems match these filters."))
        row = self.model.row_of(self._select_id) if self._select_id else -1
        if row >= 0:
            self.table.selectRow(row)
        self._select_id = None

    def _load_page(self, _generation: int, number: int) -> None:
        self._wanted.add(number)
        self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        wanted, self._wanted = self._wanted, set()
        top = self.table.rowAt(0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        if top >= 0:
            bottom = bottom if bottom >= 0 else self.model.rowCount() - 1
            on_screen = set(range(top // PAGE_SIZE, bottom // PAGE_SIZE + 1))
            for number in wanted - on_screen:
                self.model.requested.discard(number)
            wanted &= on_screen
        generation, flt = self.model.generation, self.flt
        order, desc = self.order_by, self.descending
        for number in sorted(wanted):
            self.window_.tasks.run(
                lambda ws, n=number: ledger_list.problem_page(
                    ws, flt, n * PAGE_SIZE, PAGE_SIZE, order_by=order, descending=desc),
                lambda rows, n=number: self.model.fill_page(generation, n, rows))

    # -- sorting --------------------------------------------------------------------------

    def _sort_clicked(self, section: int, order: Qt.SortOrder) -> None:
        if not 0 <= section < len(COLUMNS):
            return
        self.sort_by(COLUMNS[section][2], order == Qt.DescendingOrder)

    def sort_by(self, order_by: str, descending: bool) -> None:
        self.order_by, self.descending = order_by, descending
        self._show_sort_indicator()
        self.reload()

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        section = next((i for i, c in enumerate(COLUMNS) if c[2] == self.order_by), -1)
        header.blockSignals(True)
        header.setSortIndicator(section, Qt.DescendingOrder if self.descending
                                else Qt.AscendingOrder)
        header.blockSignals(False)

    # -- actions --------------------------------------------------------------------------

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    def new_problem(self, **prefill: Any) -> None:
        """The register dialog; ``prefill`` as ``ProblemDialog`` takes it (a problem
        raised during an activity, in a response or an interview)."""
        self._open_dialog(None, prefill)

    def edit_selected(self) -> None:
        record = self.selected()
        if record:
            self._open_dialog(record["id"])

    def _open_dialog(self, problem_id: str | None, prefill: dict | None = None) -> None:
        """The register / edit dialog, with the directory and settings as they are now."""
        from fieldkit.ui.work.problem_dialog import ProblemDialog

        def ready(choices: dict[str, Any]) -> None:
            if not isValid(self):
                return
            self._show_choices(choices)
            self._drop_closed_dialog()
            self.dialog = ProblemDialog(self.window_, choices, problem_id=problem_id,
                                        prefill=prefill)
            self.dialog.saved.connect(self._saved)
            self.dialog.open()
        self.window_.tasks.run(ops.choices, ready)

    def open_selected(self) -> None:
        record = self.selected()
        if record:
            self.open_problem(record["id"])

    def open_problem(self, problem_id: str):
        """One problem's view (details, timeline, next steps), over the main window."""
        from fieldkit.ui.work.problem_view import ProblemView

        self._drop_closed_dialog()
        self.dialog = ProblemView(self.window_, problem_id)
        self.dialog.changed.connect(self._saved)
        self.dialog.open()
        return self.dialog

    def _drop_closed_dialog(self) -> None:
        """Free the last dialog or view once it is closed (they are kept until then)."""
        if self.dialog is not None and isValid(self.dialog) and not self.dialog.isVisible():
            self.dialog.deleteLater()

    def _saved(self, problem_id: str) -> None:
        if isValid(self):
            self._select_id = problem_id
            self.reload()

    @staticmethod
    def model_columns():
        return COLUMNS
