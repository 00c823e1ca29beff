"""Typical cases (典型案例) and leaders' focus problems, a tab of the ledger page.

For a half year: the candidates with their write-ups, ranked by moving them up and down
(Ctrl+Up / Ctrl+Down), and the selected ten (十佳) marked with Space; core refuses an
eleventh and the refusal is said on the page. For a quarter: each leader's focus
problems with their progress (status, deadline, overdue), and the leaders with none yet
this quarter. Every change is written at once through core and the lists reloaded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import tr
from fieldkit.core.work import model as work
from fieldkit.core.work.cases import SELECTED_PER_HALF_YEAR
from fieldkit.ui.tasks import show_error
from fieldkit.ui.work import ops

ERROR_STYLE = "color: #b3261e; font-weight: bold;"


def recent_half_years(today: date, count: int = 6) -> list[str]:
    """This half year and the ones before it, newest first."""
    out, year, half = [], today.year, 1 if today.month <= 6 else 2
    for _ in range(count):
        out.append(f"{year}-H{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return out


def recent_quarters(today: date, count: int = 8) -> list[str]:
    out, year, quarter = [], today.year, (today.month - 1) // 3 + 1
    for _ in range(count):
        out.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


def _item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemIsSelectable | Qt.ItemIsEnabled)
    if tooltip or len(text) > 20:
        item.setToolTip(tooltip or text)
    return item


class CasesPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.data: dict[str, Any] | None = None
        self._select_case: str | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = date.today()
        self.half_year = QComboBox()
        self.half_year.addItems(recent_half_years(today))
        self.quarter = QComboBox()
        self.quarter.addItems(recent_quarters(today))
        for text, combo in ((tr("Half year"), self.half_year), (tr("Quarter"), self.quarter)):
            label = QLabel(text)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)

        splitter = QSplitter(Qt.Vertical)
        layout.addWidget(splitter, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.cases_title = QLabel()
        self.cases_title.setStyleSheet("font-weight: bold;")
        self.cases_title.setWordWrap(True)
        top_layout.addWidget(self.cases_title)
        heading = QHBoxLayout()
        self.up_button = QPushButton(tr("Move up (Ctrl+Up)"))
        self.down_button = QPushButton(tr("Move down (Ctrl+Down)"))
        self.select_button = QPushButton(tr("Select / unselect (Space)"))
        self.open_button = QPushButton(tr("Open problem (Enter)"))
        self.withdraw_button = QPushButton(tr("Withdraw (Del)"))
        self.withdraw_button.setToolTip(tr("No longer a candidate this half year"))
        for button in (self.up_button, self.down_button, self.select_button, self.open_button,
                       self.withdraw_button):
            heading.addWidget(button)
        heading.addStretch(1)
        top_layout.addLayout(heading)
        self.cases = QTableWidget(0, 6)
        self.cases.setObjectName("cases_table")
        self.cases.setHorizontalHeaderLabels([tr("Rank"), tr("Selected"), tr("Title"),
                                              tr("Site"), tr("Resolved on"), tr("Write-up")])
        self._table(self.cases, (50, 80, 200, 160, 95))
        self.cases_title.setBuddy(self.cases)
        top_layout.addWidget(self.cases, 1)
        splitter.addWidget(top)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.focus_title = QLabel()
        self.focus_title.setStyleSheet("font-weight: bold;")
        focus_bar = QHBoxLayout()
        focus_bar.addWidget(self.focus_title)
        self.unfocus_button = QPushButton(tr("Withdraw focus (Del)"))
        self.unfocus_button.setToolTip(tr("The leader no longer takes up this problem this "
                                          "quarter, so another can be chosen"))
        focus_bar.addWidget(self.unfocus_button)
        focus_bar.addStretch(1)
        bottom_layout.addLayout(focus_bar)
        self.focus = QTableWidget(0, 5)
        self.focus.setObjectName("focus_table")
        self.focus.setHorizontalHeaderLabels([tr("Leader"), tr("Problem"), tr("Status"),
                                              tr("Deadline"), tr("Overdue")])
        self._table(self.focus, (100, 300, 140, 95))
        self.focus_title.setBuddy(self.focus)
        bottom_layout.addWidget(self.focus, 1)
        self.without_focus = QLabel()
        self.without_focus.setWordWrap(True)
        bottom_layout.addWidget(self.without_focus)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.half_year.currentIndexChanged.connect(lambda _: self.refresh())
        self.quarter.currentIndexChanged.connect(lambda _: self.refresh())
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.select_button.clicked.connect(self.toggle_selected)
        self.open_button.clicked.connect(self.open_case)
        self.withdraw_button.clicked.connect(self.withdraw_case)
        self.unfocus_button.clicked.connect(self.withdraw_focus)
        self.focus.itemSelectionChanged.connect(self._update_buttons)
        self.cases.itemSelectionChanged.connect(self._update_buttons)
        self.cases.doubleClicked.connect(lambda _: self.open_case())
        self.focus.doubleClicked.connect(lambda _: self.open_focus())
        for keys, target, slot in (
                (QKeySequence("Ctrl+Up"), self.cases, lambda: self.move_selected(-1)),
                (QKeySequence("Ctrl+Down"), self.cases, lambda: self.move_selected(1)),
                (QKeySequence(Qt.Key_Space), self.cases, self.toggle_selected),
                (QKeySequence(Qt.Key_Return), self.cases, self.open_case),
                (QKeySequence(Qt.Key_Enter), self.cases, self.open_case),
                (QKeySequence(Qt.Key_Delete), self.cases, self.withdraw_case),
                (QKeySequence(Qt.Key_Delete), self.focus, self.withdraw_focus),
                (QKeySequence(Qt.Key_Return), self.focus, self.open_focus),
                (QKeySequence(Qt.Key_Enter), self.focus, self.open_focus)):
            shortcut = QShortcut(keys, target, activated=slot)
            shortcut.setContext(Qt.WidgetShortcut)
        self._update_buttons()

    @staticmethod
    def _table(table: QTableWidget, widths: tuple[int, ...]) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self.window_.tasks.run(ops.cases_view, self._show, self._failed,
                               self.half_year.currentText(), self.quarter.currentText())

    def _show(self, data: dict[str, Any]) -> None:
        if not isValid(self) or data["half_year"] != self.half_year.currentText() \
                or data["quarter"] != self.quarter.currentText():
            return
        self.data = data
        candidates = data["candidates"]
        chosen = sum(c["selected"] for c in candidates)
        self.cases_title.setText(tr("Typical cases of {half_year}: {count} candidates, {chosen} "
                                    "of {most} selected", half_year=data["half_year"],
                                    count=len(candidates), chosen=chosen,
                                    most=SELECTED_PER_HALF_YEAR))
        self.cases.setRowCount(len(candidates))
        for row, case in enumerate(candidates):
            values = [str(case["rank"] or ""), tr("selected") if case["selected"] else "",
                      case["title"], case.get("site_name") or "", case.get("resolved_on") or "",
                      case["write_up"]]
            for column, text in enumerate(values):
                item = _item(text, case["write_up"] if column == 5 else "")
                if case["selected"]:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.cases.setItem(row, column, item)
        wanted = self._select_case
        self._select_case = None
        if wanted:
            row = next((i for i, c in enumerate(candidates) if c["id"] == wanted), -1)
            if row >= 0:
                self.cases.selectRow(row)
        self._show_focus(data)
        self._update_buttons()

    def _show_focus(self, data: dict[str, Any]) -> None:
        focus = data["focus"]
        self.focus_title.setText(tr("Leaders' focus problems of {quarter}: {count}",
                                    quarter=data["quarter"], count=len(focus)))
        self.focus.setRowCount(len(focus))
        for row, f in enumerate(focus):
            status = tr(work.label(work.STATUSES, f["status"]))
            late = tr("overdue") if f["overdue"] else ""
            for column, text in enumerate((f["leader_name"], f["title"], status,
                                           f["deadline"] or "", late)):
                item = _item(text)
                if f["overdue"] and column >= 3:
                    item.setForeground(Qt.darkRed)
                self.focus.setItem(row, column, item)
        names = "、".join(r["name"] for r in data["without_focus"])
        self.without_focus.setText(
            tr("Leaders with no focus problem yet in {quarter}: {names}",
               quarter=data["quarter"], names=names) if names else
            tr("Every leader has a focus problem in {quarter}.", quarter=data["quarter"]))

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        if isinstance(exc, FieldkitError):
            self.message.setText(exc.message())
            self.message.show()
            self.refresh()
        else:
            show_error(self, exc)

    # -- ranking and selecting ------------------------------------------------------------

    def current_row(self) -> int:
        rows = self.cases.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        row = self.current_row()
        count = self.cases.rowCount()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.select_button.setEnabled(row >= 0)
        self.open_button.setEnabled(row >= 0)
        self.withdraw_button.setEnabled(row >= 0)
        self.unfocus_button.setEnabled(bool(self.focus.selectionModel().selectedRows()))

    def move_selected(self, step: int) -> None:
        row = self.current_row()
        if self.data is None or row < 0 or not 0 <= row + step < self.cases.rowCount():
            return
        ids = [c["id"] for c in self.data["candidates"]]
        ids[row], ids[row + step] = ids[row + step], ids[row]
        self._select_case = ids[row + step]
        self._change(ops.rank_cases, ids)

    def toggle_selected(self) -> None:
        row = self.current_row()
        if self.data is None or row < 0:
            return
        case = self.data["candidates"][row]
        chosen = {c["id"] for c in self.data["candidates"] if c["selected"]}
        chosen ^= {case["id"]}
        self._select_case = case["id"]
        self._change(ops.select_cases, sorted(chosen))

    def _change(self, fn, what) -> None:
        """Run ``fn(ws, half_year, what, quarter)``, which returns the reloaded view."""
        self.message.hide()
        self.window_.tasks.run(fn, self._show, self._failed, self.half_year.currentText(),
                               what, self.quarter.currentText())

    def withdraw_case(self) -> None:
        row = self.current_row()
        if self.data is not None and row >= 0:
            self._change(ops.withdraw_case, self.data["candidates"][row]["id"])

    def withdraw_focus(self) -> None:
        rows = self.focus.selectionModel().selectedRows()
        if self.data is not None and rows:
            self._change(ops.withdraw_focus, self.data["focus"][rows[0].row()]["id"])

    # -- opening problems -----------------------------------------------------------------

    def open_case(self) -> None:
        row = self.current_row()
        if self.data is not None and row >= 0:
            self._open(self.data["candidates"][row]["problem_id"])

    def open_focus(self) -> None:
        rows = self.focus.selectionModel().selectedRows()
        if self.data is not None and rows:
            self._open(self.data["focus"][rows[0].row()]["problem_id"])

    def _open(self, problem_id: str) -> None:
        view = self.window_.page("ledger").open_problem(problem_id)
        if view is not None:
            view.changed.connect(lambda _: isValid(self) and self.refresh())
