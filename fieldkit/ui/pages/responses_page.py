"""The responses browser: pick a form, filter and search its responses, choose columns,
sort, open, start a new one, review, delete (undoable).

Everything about finding rows happens in core (``response_query``, ``response_paging``) on
the database thread; the table model loads pages of rows as they scroll into view
(``responses_model``).
Standard columns sort in SQL over all matching responses. Question columns cannot be
sorted: with rows loaded page by page a client-side sort would only order what happens to
be loaded, which would mislead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from shiboken6 import isValid
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from fieldkit.core import responses, ui_prefs
from fieldkit.core.responses import query as response_query
from fieldkit.core.forms import store
from fieldkit.core.i18n import current_language, tr
from fieldkit.core.responses.columns import FormColumns, form_columns
from fieldkit.core.responses.paging import first_page, page_rows
from fieldkit.core.responses.query import ResponseFilter
from fieldkit.ui.pages.responses_dialogs import ColumnsDialog, ReviewDialog
from fieldkit.ui.pages.responses_filters import FilterBar
from fieldkit.ui.pages.responses_model import PAGE_SIZE, ResponsesModel

WIDTHS = {"started": 130, "site": 190, "cadre": 80, "status": 70, "review": 80,
          "version": 100, "revision": 60}
QUESTION_WIDTH = 180
UNDO_SECONDS = 30
FETCH_PAUSE_MS = 30


class ResponsesPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.forms: list[dict[str, Any]] = []
        self.form_id: str | None = None
        self.form_columns: FormColumns | None = None
        self.flt: ResponseFilter | None = None
        self.order_by, self.descending = "started_at", True
        self.deleted_ids: list[str] = []          # undo stack of deletions on this page
        self._select_id: str | None = None        # select this response after the reload
        self._select_row: int | None = None
        self.columns_dialog: ColumnsDialog | None = None
        self.batches_dialog = None  # the list of imports, to undo one
        self.review_dialog: ReviewDialog | None = None
        self._stale = False   # a response was opened elsewhere: reload on coming back
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(tr("Responses"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        layout.addWidget(title)
        bar = QHBoxLayout()
        form_label = QLabel(tr("Questionnaire"))
        self.form_box = QComboBox()
        self.form_box.setMinimumWidth(260)
        form_label.setBuddy(self.form_box)
        self.new_button = QPushButton(tr("New response (Ctrl+N)"))
        self.open_button = QPushButton(tr("Open"))
        self.approve_button = QPushButton(tr("Approve"))
        self.issues_button = QPushButton(tr("Has issues…"))
        self.delete_button = QPushButton(tr("Delete"))
        self.columns_button = QPushButton(tr("Columns…"))
        self.import_button = QPushButton(tr("Import…"))
        self.export_button = QPushButton(tr("Export…"))  # the responses the filters show
        self.print_button = QPushButton(tr("Print…"))    # the list the filters show, on paper
        self.print_button.setToolTip(tr("Print the responses these filters show, with the "
                                        "columns shown (the survey report is on the Reports "
                                        "page)"))
        self.import_button.setToolTip(tr("Import answers from a spreadsheet (问卷星, Kobo, ODK, "
                                         "Excel, CSV); you can also drop the file on the window"))
        self.batches_button = QPushButton(tr("Imports…"))
        self.batches_button.setToolTip(tr("Every import of a spreadsheet; undo any of them"))
        # two rows, so the page fits a 1280-pixel screen in either language: the
        # questionnaire and what moves data in and out; then what acts on the chosen response
        bar.addWidget(form_label)
        bar.addWidget(self.form_box, 1)
        for button in (self.import_button, self.batches_button, self.export_button,
                       self.print_button, self.columns_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.approve_button,
                       self.issues_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.filters = FilterBar()
        layout.addWidget(self.filters)

        self.model = ResponsesModel(self._load_page)
        self.table = QTableView()
        self.table.setObjectName("responses_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.Fixed)  # no per-row size queries
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)  # never measures 50,000 rows
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        self._wanted: set[int] = set()
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(FETCH_PAUSE_MS)
        self._fetch_timer.timeout.connect(self._fetch_wanted)
        self.undo_button = QPushButton(tr("Undo"))
        self.undo_button.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self.undo_button.hide)

        self.form_box.currentIndexChanged.connect(self._form_chosen)
        self.filters.changed.connect(self.reload)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        self.new_button.clicked.connect(self.new_response)
        self.open_button.clicked.connect(self.open_selected)
        self.approve_button.clicked.connect(self.approve_selected)
        self.issues_button.clicked.connect(self.issues_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_responses)
        self.print_button.clicked.connect(lambda: self.print_responses())
        self.columns_button.clicked.connect(self.choose_columns)
        self.import_button.clicked.connect(lambda: self.start_import())
        self.batches_button.clicked.connect(self.show_batches)
        self.undo_button.clicked.connect(self.undo)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        for keys, target, slot in (
                (QKeySequence.Find, self, self.filters.focus_search),
                (QKeySequence("Ctrl+N"), self, self.new_response),
                (QKeySequence.Undo, self, self.undo),
                (QKeySequence(Qt.Key_Return), self.table, self.open_selected),
                (QKeySequence(Qt.Key_Enter), self.table, self.open_selected),
                (QKeySequence.Delete, self.table, self.delete_selected)):
            shortcut = QShortcut(keys, target, activated=slot)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        self._update_buttons()

    # -- forms ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Shown again: the forms may have changed, and so may the responses."""
        self.window_.tasks.run(store.list_forms, self._show_forms)

    def _show_forms(self, forms: list[dict[str, Any]]) -> None:
        self.forms = forms
        wanted = self.form_id or ui_prefs.get("responses", "form")
        self.form_box.blockSignals(True)
        self.form_box.clear()
        for form in forms:
            self.form_box.addItem(form["title"] or form["form_id"], form["form_id"])
            self.form_box.setItemData(self.form_box.count() - 1, form["form_id"], Qt.ToolTipRole)
        index = max(self.form_box.findData(wanted), 0) if forms else -1
        self.form_box.setCurrentIndex(index)
        self.form_box.blockSignals(False)
        chosen = self.form_box.currentData()
        if chosen != self.form_id or chosen is None:
            self._open_form(chosen)
        else:
            self.reload()
            self._load_facets()

    def _form_chosen(self, _index: int) -> None:
        form_id = self.form_box.currentData()
        if form_id != self.form_id:
            ui_prefs.put("responses", "form", form_id)
            self._open_form(form_id)

    def _open_form(self, form_id: str | None) -> None:
        self.form_id = form_id
        self.form_columns = None
        self.filters.reset_form_filters()
        if form_id is None:
            self.model.set_columns([])
            self.model.reset(self.model.new_generation(), 0, [])
            self.count_label.setText(tr("No questionnaires yet. Import one on the Forms page."))
            return
        # queued in this order on the database thread: columns, first page, filter values
        self.window_.tasks.run(form_columns, self._columns_ready, None, form_id,
                               current_language())
        self.reload()
        self._load_facets()

    def _columns_ready(self, columns: FormColumns) -> None:
        if columns.form_id != self.form_id or not isValid(self):
            return
        self.form_columns = columns
        self._show_columns(ui_prefs.response_columns(columns.form_id))

    def _show_columns(self, keys: list[str] | None) -> None:
        self.model.set_columns(self.form_columns.chosen(keys))
        header = self.table.horizontalHeader()
        for section, column in enumerate(self.model.columns):
            header.resizeSection(section, WIDTHS.get(column.key, QUESTION_WIDTH))
        self._show_sort_indicator()

    def _load_facets(self) -> None:
        form_id = self.form_id
        self.window_.tasks.run(response_query.facets,
                               lambda f: form_id == self.form_id and isValid(self)
                               and self.filters.set_facets(f),
                               None, form_id)

    # -- loading rows ---------------------------------------------------------------------

    def current_filter(self) -> ResponseFilter:
        return self.filters.apply(ResponseFilter(form_id=self.form_id or "",
                                                 order_by=self.order_by,
                                                 descending=self.descending))

    def reload(self) -> None:
        """Count and first page for the current filter; older results are ignored."""
        if not self.form_id:
            return
        if self._select_id is None and self._select_row is None:
            record = self.selected()
            self._select_id = record["id"] if record else None
        self.flt = self.current_filter()
        generation = self.model.new_generation()
        self._wanted.clear()
        self.count_label.setText(tr("Loading…"))
        self.window_.tasks.run(first_page, lambda result: self._first_page(generation, result),
                               None, self.flt, PAGE_SIZE)

    def _first_page(self, generation: int, result: tuple[int, list[dict]]) -> None:
        if generation != self.model.generation or not isValid(self):
            return  # stale, or this page was rebuilt (language switch) meanwhile
        total, rows = result
        self.model.reset(generation, total, rows)
        if total:
            self.count_label.setText(tr("{count} responses", count=total))
        elif self.filters.is_default():
            self.count_label.setText(tr("No responses to this questionnaire yet. Click "
                                        "“New response” to fill one in."))
        else:
            self.count_label.setText(tr("No responses match these filters."))
        row = self.model.row_of(self._select_id) if self._select_id else -1
        if row < 0 and self._select_row is not None and total:
            row = min(self._select_row, total - 1)
        if row >= 0:
            self.table.selectRow(row)
        self._select_id, self._select_row = None, None

    def _load_page(self, _generation: int, number: int) -> None:
        """Called by the model for a page that scrolled into view. Requests wait for a
        pause in scrolling, so dragging through 50,000 rows asks only for where it stops."""
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
                self.model.requested.discard(number)  # asked again if it comes back
            wanted &= on_screen
        generation, flt = self.model.generation, self.flt
        for number in sorted(wanted):
            self.window_.tasks.run(
                page_rows, lambda rows, n=number: self.model.fill_page(generation, n, rows),
                None, flt, number * PAGE_SIZE, PAGE_SIZE)

    # -- sorting --------------------------------------------------------------------------

    def _sort_clicked(self, section: int, order: Qt.SortOrder) -> None:
        column = self.model.columns[section] if 0 <= section < len(self.model.columns) else None
        if column is None or not column.sortable:
            self._show_sort_indicator()
            self._message(tr("Question columns cannot be sorted"))
            return
        self.sort_by(column.order_by, order == Qt.DescendingOrder)

    def sort_by(self, order_by: str, descending: bool) -> None:
        self.order_by, self.descending = order_by, descending
        self._show_sort_indicator()
        self.reload()

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        section = next((i for i, c in enumerate(self.model.columns)
                        if c.order_by == self.order_by), -1)
        header.blockSignals(True)
        header.setSortIndicator(section, Qt.DescendingOrder if self.descending
                                else Qt.AscendingOrder)
        header.blockSignals(False)

    # -- columns --------------------------------------------------------------------------

    def choose_columns(self) -> None:
        if self.form_columns is None:
            return
        self.columns_dialog = ColumnsDialog(self, self.form_columns.available,
                                            [c.key for c in self.model.columns])
        self.columns_dialog.accepted.connect(self._columns_chosen)
        self.columns_dialog.open()

    def _columns_chosen(self) -> None:
        keys = self.columns_dialog.keys()
        ui_prefs.set_response_columns(self.form_columns.form_id, keys)
        self._show_columns(keys)

    # -- actions on the selected response -------------------------------------------------

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        record = self.selected()
        for button in (self.open_button, self.approve_button, self.issues_button,
                       self.delete_button):
            button.setEnabled(record is not None)
        self.new_button.setEnabled(self.form_id is not None)
        self.columns_button.setEnabled(self.form_id is not None)
        self.export_button.setEnabled(self.form_id is not None)
        self.delete_button.setText(tr("Restore") if record and record.get("deleted")
                                   else tr("Delete"))

    def open_selected(self) -> None:
        record = self.selected()
        if record:
            self._stale = True
            self.window_.open_response(record["id"])

    def show_batches(self) -> None:
        from fieldkit.ui.pages.responses_batches import BatchesDialog

        self.batches_dialog = BatchesDialog(self.window_, self.form_id)
        self.batches_dialog.undone.connect(lambda *_: self.reload())
        self.batches_dialog.open()

    def start_import(self, path=None):
        """The import wizard for the chosen form; the list reloads after an import or undo."""
        from fieldkit.ui.import_wizard import open_import_wizard

        wizard = open_import_wizard(self.window_, path=path, form_id=self.form_id)
        wizard.imported.connect(lambda _: self.reload())
        wizard.undone.connect(lambda *_: self.reload())
        return wizard

    def export_responses(self):
        from fieldkit.ui.pages.export_dialog import open_export_dialog

        return open_export_dialog(self)

    def print_responses(self, printer=None, on_printed=None) -> None:
        from fieldkit.ui.pages.responses_print import print_responses

        print_responses(self, printer, on_printed)

    def new_response(self) -> None:
        if self.form_id:
            self._stale = True
            self.window_.new_response(self.form_id)

    def event(self, event) -> bool:
        # back from the questionnaire window, where responses may have been saved
        if event.type() == QEvent.WindowActivate and self._stale and self.isVisible():
            self._stale = False
            self.reload()
            self._load_facets()
        return super().event(event)

    def delete_selected(self) -> None:
        record = self.selected()
        if not record:
            return
        self._select_row = self.table.selectionModel().selectedRows()[0].row()
        if record.get("deleted"):
            self._restore(record["id"])
            return
        self.window_.tasks.run(responses.delete, lambda _: self._deleted(record["id"]), None,
                               record["id"])

    def _deleted(self, response_id: str) -> None:
        self.deleted_ids.append(response_id)
        self.reload()
        bar = self.window_.statusBar()
        if self.undo_button.parent() is not bar:
            bar.addPermanentWidget(self.undo_button)
            self.destroyed.connect(self.undo_button.deleteLater)
        self.undo_button.show()
        self._undo_timer.start(UNDO_SECONDS * 1000)
        self._message(tr("Response deleted. Press Ctrl+Z or click Undo to bring it back."),
                      UNDO_SECONDS)

    def undo(self) -> None:
        if not self.deleted_ids:
            self._message(tr("Nothing to undo."))
            return
        response_id = self.deleted_ids.pop()
        if not self.deleted_ids:
            self.undo_button.hide()
        self._restore(response_id)

    def _restore(self, response_id: str) -> None:
        def restored(_: Any) -> None:
            self._select_id, self._select_row = response_id, None
            self.reload()
            self._message(tr("Response restored."))
        self.window_.tasks.run(responses.restore, restored, None, response_id)

    def approve_selected(self) -> None:
        record = self.selected()
        if record:
            self._review(record["id"], "approved", "")

    def issues_selected(self) -> None:
        record = self.selected()
        if not record:
            return
        summary = tr("Response of {started} at {site}",
                     started=(record.get("started_at") or "")[:16].replace("T", " "),
                     site=record.get("site_name") or tr("no site"))
        self.review_dialog = ReviewDialog(self, summary)
        self.review_dialog.comment.setPlainText(record.get("review_comment") or "")
        self.review_dialog.accepted.connect(
            lambda: self._review(record["id"], "has_issues", self.review_dialog.text()))
        self.review_dialog.open()

    def _review(self, response_id: str, state: str, comment: str) -> None:
        def done(_: Any) -> None:
            self._select_id = response_id
            self.reload()
            self._message(tr("Review saved."))
        self.window_.tasks.run(responses.set_review, done, None, response_id, state, comment)

    def _message(self, text: str, seconds: int = 10) -> None:
        self.window_.statusBar().showMessage(text, seconds * 1000)
