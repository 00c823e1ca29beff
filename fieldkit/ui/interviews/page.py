"""The interviews page (访谈记录): the list of notes with filters, the note's text with its
coded segments, its details and attachments, and the codebook; a second tab retrieves
coded segments across notes.

Everything that touches the workspace runs on the database thread through ``ops``; the
page keeps only what it shows. The text is saved through the core's ``set_body`` (which
re-anchors the segments) a second after the last keystroke, before a code is applied,
and when the user leaves the note or the page; segments whose text was deleted are listed
in a message, never dropped silently.

Keyboard: Ctrl+F the search box, Ctrl+N a new note, Ctrl+S save now, Ctrl+K the code
filter (type part of a code's name, Enter applies it), Alt+1 … Alt+9 apply the first nine
codes of the codebook to the selected text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QScrollArea,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core.i18n import tr
from fieldkit.ui.interviews import dialogs, ops
from fieldkit.ui.interviews.codebook_panel import CodebookPanel
from fieldkit.ui.interviews.editor import NoteEditor
from fieldkit.ui.interviews.note_form import NoteDetails
from fieldkit.ui.interviews.note_actions import NoteActions
from fieldkit.ui.interviews.note_list import NoteList
from fieldkit.ui.tasks import show_error

AUTOSAVE_MS = 1000


class InterviewsPage(NoteActions, QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.note_id: str | None = None
        self.note: dict | None = None
        self.choices: dict = {}
        self.lost_box: QMessageBox | None = None
        self._dirty = False          # the text differs from what was last sent to be saved
        self._details_dirty = False
        self._list_generation = 0
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_now)
        self._build()
        self._shortcuts()
        from PySide6.QtWidgets import QApplication

        QApplication.instance().aboutToQuit.connect(self.save_now)   # the last keystrokes

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.notes = NoteList()
        # the list's parts, by the names the page and its tests use
        self.search, self.note_list = self.notes.search, self.notes.list
        self.site_filter, self.occupation_filter = (self.notes.site_filter,
                                                    self.notes.occupation_filter)
        self.count_label = self.notes.count_label
        self.new_button, self.import_button, self.delete_button = (
            self.notes.new_button, self.notes.import_button, self.notes.delete_button)
        left = self.notes

        self.editor = NoteEditor()
        self.segment_memo = QLineEdit()
        self.segment_memo.setPlaceholderText(tr("Memo on the chosen segment"))
        self.important = QCheckBox(tr("Important"))
        self.quote = QCheckBox(tr("Quote"))
        self.quote.setToolTip(tr("Offer this segment as a quote in reports"))
        self.remove_segment_button = QPushButton(tr("Remove segment"))
        self.put_back_button = QPushButton(tr("Put back on the selected text"))
        self.put_back_button.setToolTip(tr("This segment's text was deleted: select the words "
                                           "it should mark, then press here"))
        self.put_back_button.hide()
        segment_row = QHBoxLayout()
        segment_row.addWidget(self.put_back_button)
        segment_row.addWidget(self.segment_memo, 1)
        segment_row.addWidget(self.important)
        segment_row.addWidget(self.quote)
        segment_row.addWidget(self.remove_segment_button)
        self.segment_box = QWidget()
        self.segment_box.setLayout(segment_row)
        self.segment_box.setEnabled(False)
        self.state_label = QLabel()
        self.state_label.setObjectName("note_state")
        text_tab = QWidget()
        text_column = QVBoxLayout(text_tab)
        text_column.addWidget(self.editor, 1)
        text_column.addWidget(self.segment_box)
        text_column.addWidget(self.state_label)
        self.details = NoteDetails()
        self.note_memo = QPlainTextEdit()
        self.note_memo.setPlaceholderText(tr("Memo on this note: your thoughts, what to ask "
                                             "next time"))
        self.note_memo.setFixedHeight(70)
        self.details.form.insertRow(self.details.memo_row, tr("Memo"), self.note_memo)
        details_scroll = QScrollArea()
        details_scroll.setWidget(self.details)
        details_scroll.setWidgetResizable(True)
        self.note_tabs = QTabWidget()
        self.note_tabs.addTab(text_tab, tr("Text"))
        self.note_tabs.addTab(details_scroll, tr("Details and attachments"))
        self.codebook = CodebookPanel()

        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(self.note_tabs)
        self.split.addWidget(self.codebook)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        self.split.setSizes([240, 560, 230])
        left.setMinimumWidth(200)
        self.codebook.setMinimumWidth(190)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.split, tr("Interview notes"))
        self.retrieval = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._add_retrieval()
        self._set_note_enabled(False)

        self.search.textChanged.connect(lambda text: self.editor.set_search(text))
        self.notes.filters_changed.connect(self.reload)
        self.notes.chosen.connect(self._note_chosen)
        self.notes.delete_pressed.connect(self.delete_note)
        self.new_button.clicked.connect(lambda: self.new_note())
        self.import_button.clicked.connect(lambda: self.import_files())
        self.delete_button.clicked.connect(self.delete_note)
        self.editor.edited.connect(self._text_edited)
        self.editor.apply_requested.connect(self.apply_codes)
        self.editor.remove_requested.connect(self.remove_segment)
        self.editor.segment_chosen.connect(self._segment_chosen)
        self.codebook.apply_requested.connect(self.apply_codes)
        self.codebook.requested.connect(self._codebook_request)
        self.details.changed.connect(self._details_edited)
        self.note_memo.textChanged.connect(self._memo_edited)
        self.details.attach_requested.connect(self.attach)
        self.details.open_requested.connect(self.open_attachment)
        self.details.detach_requested.connect(self.detach)
        self.segment_memo.editingFinished.connect(
            lambda: self._segment_changed({"memo": self.segment_memo.text()}))
        self.important.clicked.connect(
            lambda on: self._segment_changed({"important": bool(on)}))
        self.quote.clicked.connect(lambda on: self._segment_changed({"quote": bool(on)}))
        self.put_back_button.clicked.connect(self.put_back)
        self.remove_segment_button.clicked.connect(
            lambda: self.editor.current_segment() and self.remove_segment(
                self.editor.current_segment()["id"]))

    def _add_retrieval(self) -> None:
        """The coded segments tab, when the analysis wing's retrieval is available."""
        try:
            from fieldkit.ui.interviews.retrieval import RetrievalView
        except ImportError:
            return
        self.retrieval = RetrievalView(self.window_)
        self.retrieval.open_requested.connect(self.open_segment)
        self.tabs.addTab(self.retrieval, tr("Coded segments"))
        self.tabs.currentChanged.connect(
            lambda index: self.tabs.widget(index) is self.retrieval and self.retrieval.refresh())

    def _shortcuts(self) -> None:
        def add(keys: str, slot) -> QAction:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action
        add("Ctrl+F", lambda: (self.tabs.setCurrentIndex(0), self.search.setFocus(),
                               self.search.selectAll()))
        add("Ctrl+N", lambda: self.new_note())
        add("Ctrl+S", self.save_now)
        add("Ctrl+K", lambda: (self.codebook.filter.setFocus(), self.codebook.filter.selectAll()))
        for n in range(1, 10):
            add(f"Alt+{n}", lambda _=False, n=n: self.apply_number(n))

    def _run(self, fn, on_done=None, on_error=None, *args) -> None:
        """``tasks.run``, but the answer is dropped when this page is gone by then (the
        language was switched and the page rebuilt): the work itself is done and saved,
        and an error is still shown."""
        def done(result) -> None:
            if on_done is not None and isValid(self) and isValid(self.editor.text_edit):
                on_done(result)

        def failed(exc) -> None:
            if isValid(self) and isValid(self.editor.text_edit):
                (on_error or (lambda e: show_error(self, e)))(exc)
            else:
                show_error(None, exc)
        self.window_.tasks.run(fn, done, failed, *args)

    def _set_note_enabled(self, enabled: bool) -> None:
        self.note_tabs.setEnabled(enabled)
        self.delete_button.setEnabled(enabled)

    # -- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._run(ops.page_choices, self._choices_loaded, None)
        self._run(ops.codebook, self._codes_loaded, None)
        self.reload()
        if self.retrieval is not None and self.tabs.currentWidget() is self.retrieval:
            self.retrieval.refresh()

    def _choices_loaded(self, choices: dict) -> None:
        self.choices = choices
        self.notes.set_choices(choices)

    def filters(self) -> dict:
        return self.notes.filters()

    def reload(self, select: str | None = None) -> None:
        self._list_generation += 1
        generation = self._list_generation
        self._run(ops.list_notes,
                               lambda rows: self._notes_loaded(generation, rows, select),
                               None, self.filters())

    def _notes_loaded(self, generation: int, rows: list[dict], select: str | None) -> None:
        if generation != self._list_generation:
            return
        chosen = self.notes.show_rows(rows, select or self.note_id)
        if chosen is not None and chosen.data(Qt.UserRole) != self.note_id:
            self._note_chosen(chosen.data(Qt.UserRole))

    def _note_chosen(self, note_id: str | None) -> None:
        if note_id == self.note_id:
            return
        self.save_now()           # the note being left: its text and details
        self.note_id = note_id
        self.note = None
        self.segment_box.setEnabled(False)
        if note_id is None:
            self._set_note_enabled(False)
            self.editor.load("", [])
            return
        self._run(ops.load_note, self._note_loaded, None, note_id)

    def open_note(self, note_id: str) -> None:
        """Show ``note_id`` (from elsewhere: retrieval, search); clears filters that hide it."""
        self.tabs.setCurrentIndex(0)
        if not self.notes.select(note_id):
            self.notes.clear_filters()
            self.reload(select=note_id)

    def open_segment(self, note_id: str, start: int, end: int) -> None:
        self._pending_selection = (note_id, start, end)
        self.open_note(note_id)
        if self.note_id == note_id and self.note is not None:
            self._select_pending()

    def _select_pending(self) -> None:
        pending = getattr(self, "_pending_selection", None)
        if pending and pending[0] == self.note_id:
            self.editor.select_points(pending[1], pending[2])
            self.note_tabs.setCurrentIndex(0)
            self.editor.text_edit.setFocus()
        self._pending_selection = None

    def _note_loaded(self, data: dict) -> None:
        note = data["note"]
        if note["id"] != self.note_id:
            return            # the user moved on to another note meanwhile
        self.note = note
        self._set_note_enabled(True)
        self.details.load(note, {**self.choices, "attachments": data["attachments"]})
        self.note_memo.blockSignals(True)
        self.note_memo.setPlainText(data["memo"])
        self.note_memo.blockSignals(False)
        self._details_dirty = False
        self.editor.codes = self.codebook.codes
        self.editor.search_text = self.search.text().strip()
        if not self.editor.load(note["body"], data["segments"]):
            # Qt changed the text on the way in (Windows line ends): save it as shown
            self._dirty = True
            self.save_now()
        self.state_label.setText(self._counts_text(data["segments"]))
        self._select_pending()

    def _counts_text(self, segments: list[dict]) -> str:
        live = sum(1 for s in segments if not s.get("lost"))
        lost = len(segments) - live
        text = tr("{n} coded segments", n=live)
        if lost:
            text += "  " + tr("{n} lost segments (their text was deleted)", n=lost)
        return text

    # -- saving -----------------------------------------------------------------------------

    def _text_edited(self) -> None:
        if self.note_id is None or self.note is None:
            return
        self._dirty = True
        self.state_label.setText(tr("Editing…"))
        self._autosave.start()

    def _details_edited(self) -> None:
        if self.note is not None:
            self._details_dirty = True
            self._autosave.start()

    def _memo_edited(self) -> None:
        self._details_edited()

    def save_now(self) -> None:
        """Send the current note's unsaved text and details to be saved."""
        self._autosave.stop()
        if self.note_id is None or self.note is None:
            return
        note_id = self.note_id
        if self._dirty:
            self._dirty = False
            self._run(ops.save_body, self._body_saved,
                                   lambda exc: self._save_failed(exc), note_id,
                                   self.editor.text(), self.editor.take_edits())
        if self._details_dirty:
            self._details_dirty = False
            self._run(ops.save_details, self._details_saved, None, note_id,
                                   self.details.values(), self.note_memo.toPlainText())

    def _save_failed(self, exc: BaseException) -> None:
        self._dirty = True     # still unsaved: the next pause tries again
        self.editor.forget_edits()
        self.state_label.setText(tr("Not saved"))
        show_error(self, exc)

    def _body_saved(self, result: dict) -> None:
        if result.get("lost"):
            self._show_lost(result["lost"])
        if result["note_id"] != self.note_id:
            return
        if self.editor.set_segments(result["segments"], result["body"]) and not self._dirty:
            self.state_label.setText(tr("Saved") + "  " + self._counts_text(result["segments"]))
            self._segment_chosen(self.editor.current_segment())
        self._run(ops.codebook, self._codes_loaded, None)

    def _details_saved(self, note: dict) -> None:
        if note["id"] == self.note_id:
            self.note = note
        self.notes.update_note(note)

    def _show_lost(self, lost: list[dict]) -> None:
        self.lost_box = dialogs.lost_message(self, lost)

    # -- coding -----------------------------------------------------------------------------

    def apply_number(self, number: int) -> None:
        code = self.codebook.code_by_number(number)
        if code is not None:
            self.apply_codes([code["id"]])

    def apply_codes(self, code_ids: list[str]) -> None:
        if self.note_id is None or self.note is None:
            return
        span = self.editor.selection_points()
        if span is None or span[0] == span[1]:
            self.window_.statusBar().showMessage(tr("Select some text first, then apply a "
                                                    "code."), 5000)
            return
        self._autosave.stop()
        self._dirty = False
        self._run(ops.code_selection, self._body_saved,
                               lambda exc: self._save_failed(exc), self.note_id,
                               self.editor.text(), self.editor.take_edits(), span[0], span[1],
                               code_ids,
                               self.window_.current_cadre_id())
        if self._details_dirty:
            self.save_now()

    def remove_segment(self, segment_id: str) -> None:
        if self.note_id is None:
            return
        self.save_now()
        self._run(ops.remove_segment, self._segments_changed, None, self.note_id,
                               segment_id)

    def _segment_changed(self, changes: dict) -> None:
        segment = self.editor.current_segment()
        if segment is None or self.note_id is None:
            return
        if all(segment.get(k) == v for k, v in changes.items()):
            return
        self.save_now()
        self._run(ops.update_segment, self._segments_changed, None, self.note_id,
                               segment["id"], changes)

    def _segments_changed(self, found: list[dict]) -> None:
        self.editor.set_segments(found, self.editor.text())
        self._segment_chosen(self.editor.current_segment())
        self.state_label.setText(self._counts_text(found))
        self._run(ops.codebook, self._codes_loaded, None)

    def _segment_chosen(self, segment: dict | None) -> None:
        lost = bool(segment and self._is_lost(segment["id"]))
        self.segment_box.setEnabled(segment is not None)
        for widget in (self.segment_memo, self.important, self.quote):
            widget.setEnabled(not lost)
        self.put_back_button.setVisible(lost)
        self.segment_memo.setText(segment.get("memo", "") if segment else "")
        self.important.setChecked(bool(segment and segment.get("important")))
        self.quote.setChecked(bool(segment and segment.get("quote")))

    def _is_lost(self, segment_id: str) -> bool:
        return any(s.gone for s in self.editor.spans if s.segment.get("id") == segment_id)

    def put_back(self) -> None:
        """Put the chosen lost segment back on the selected words."""
        segment = self.editor.current_segment()
        span = self.editor.selection_points()
        if segment is None or self.note_id is None or not self._is_lost(segment["id"]):
            return
        if span is None or span[0] == span[1]:
            self.window_.statusBar().showMessage(tr("Select some text first, then apply a "
                                                    "code."), 5000)
            return
        self._autosave.stop()
        self._dirty = False
        self._run(ops.put_back, self._body_saved,
                               lambda exc: self._save_failed(exc), self.note_id,
                               self.editor.text(), self.editor.take_edits(), segment["id"],
                               span[0], span[1])

    # -- the codebook -----------------------------------------------------------------------

    def _codes_loaded(self, found: list[dict]) -> None:
        self.codebook.set_codes(found)
        self.editor.codes = found

    def _codebook_request(self, action: str, args: dict) -> None:
        self.save_now()
        if action == "workspace_memo":
            self._run(ops.workspace_memo, self.edit_workspace_memo, None)
            return
        self._run(ops.codebook_action, self._codebook_done, None, action, args)

    def _codebook_done(self, result: dict) -> None:
        self._codes_loaded(result["codes"])
        if result.get("message"):
            msgid, params = result["message"]
            self.window_.statusBar().showMessage(tr(msgid, **params), 10000)
        if self.note_id is not None:     # names, colours or segments may have changed
            self._run(ops.load_note, self._segments_reloaded, None, self.note_id)

    def _segments_reloaded(self, data: dict) -> None:
        if data["note"]["id"] == self.note_id and not self._dirty:
            self.editor.set_segments(data["segments"], data["note"]["body"])

    def edit_workspace_memo(self, memo: dict) -> None:
        self.memo_dialog = dialogs.workspace_memo_dialog(
            self, memo, lambda title, text: self._run(ops.save_workspace_memo, None, None,
                                                      title, text))

    def hideEvent(self, event) -> None:
        try:
            self.save_now()     # leaving the page (or closing the window) saves the note
        except RuntimeError:
            pass                # the database thread is already shut down
        super().hideEvent(event)
