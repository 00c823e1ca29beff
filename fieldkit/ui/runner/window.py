"""The runner window: one response being typed in (or viewed), from header to Finalise.

It loads the response on the database thread, keeps a ``FormSession`` for the form's logic,
shows the form in a ``FormView``, autosaves every change, and finalises, revises, reviews
and shows the history through ``ops`` (all database work via ``tasks.run``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from fieldkit.core.i18n import current_language, tr
from fieldkit.core.responses.records import FinaliseRefused
from fieldkit.ui.runner import ops
from fieldkit.ui.runner.autosave import Autosaver
from fieldkit.ui.runner.form_view import FormView
from fieldkit.ui.runner.header import RunnerHeader
from fieldkit.ui.runner.pictures import PictureCache
from fieldkit.ui.runner.problems import ProblemsPanel
from fieldkit.ui.runner.style import CHROME_STYLE, FocusRing, look
from fieldkit.ui.tasks import show_error

_last_site: dict[str, str | None] = {}   # workspace id -> the site picked last, for new drafts


LANGUAGE_NAMES = {"en": ("en", "eng", "english", "英文", "英语"),
                  "zh": ("zh", "zho", "chi", "chinese", "中文", "汉语", "简体中文", "普通话")}


def form_language(languages: list[str], ui_language: str, default: str) -> str:
    """The form language matching the interface language (zh_CN -> "中文 (zh)" or "chinese"),
    else the form's default language, else its first."""
    code = ui_language.split("_")[0].lower()
    names = LANGUAGE_NAMES.get(code, (code,))
    for name in languages:
        inner = name[name.find("(") + 1:name.find(")")] if "(" in name else name
        outer = name.split("(")[0].strip().lower()
        if name == ui_language or inner.strip().lower().split("_")[0].split("-")[0] in names \
                or outer in names:
            return name
    return default if default in languages else (languages[0] if languages else "")


class RunnerWindow(QWidget):
    loaded = Signal()
    finalised = Signal(str)
    discarded = Signal(object)    # the id of the deleted draft, None when it was never stored

    def __init__(self, main_window) -> None:
        super().__init__(main_window, Qt.Window)
        self.main = main_window
        self.tasks = main_window.tasks
        self.data: dict | None = None
        self.session = None
        self.view: FormView | None = None
        self.response_id: str | None = None
        self.new_draft: ops.NewDraft | None = None   # a draft stored at its first answer
        self.language = ""
        self.pictures = PictureCache()
        self.ring: FocusRing | None = None
        self.setWindowTitle(tr("Questionnaire"))
        self.resize(1000, 780)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = RunnerHeader()
        self.placeholder = QLabel(tr("Opening the questionnaire…"))
        self.placeholder.setAlignment(Qt.AlignCenter)
        self.problems = ProblemsPanel()
        layout.addWidget(self.header)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self._make_bar())
        self.autosave = Autosaver(self.tasks, self._snapshot, self)
        self.autosave.status.connect(self._show_save_status)
        self.autosave.stored.connect(self._adopt_stored_draft)
        QApplication.instance().aboutToQuit.connect(self.autosave.flush)
        self.header.site_changed.connect(self._site_changed)
        self.header.language_changed.connect(self.set_language)
        self.header.review_changed.connect(self._review)
        self.problems.jump.connect(self.jump_to)
        for keys, slot in (("Ctrl+S", self.save_now), ("Ctrl+Return", self.finalise),
                           ("Ctrl+Enter", self.finalise), ("Ctrl+Shift+P", self.paper.toggle),
                           ("Ctrl+H", self.show_history), ("Ctrl+E", self.edit),
                           ("Ctrl+Shift+Delete", self._remove_current_instance),
                           ("F8", self._focus_problems), ("Ctrl+Shift+D", self.discard)):
            QShortcut(QKeySequence(keys), self, slot)

    def _make_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("runnerBar")
        bar.setAttribute(Qt.WA_StyledBackground)
        bar.setStyleSheet(CHROME_STYLE)
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 6, 16, 8)
        self.paper = QPushButton(tr("Paper entry: off (Ctrl+Shift+P)"))
        self.paper.setCheckable(True)
        self.paper.setToolTip(tr("One question at a time, for typing in paper questionnaires"))
        self.paper.toggled.connect(self.set_paper)
        self.progress = QLabel()
        look(self.progress, "progressLabel")
        self.save_status = QLabel()
        self.save_status.setObjectName("saveStatus")
        self.history_button = QPushButton(tr("History (Ctrl+H)"))
        self.save_button = QPushButton(tr("Save (Ctrl+S)"))
        self.finalise_button = QPushButton(tr("Finalise (Ctrl+Enter)"))
        self.finalise_button.setObjectName("finaliseButton")
        self.edit_button = QPushButton(tr("Edit: new revision (Ctrl+E)"))
        self.discard_button = QPushButton(tr("Discard draft (Ctrl+Shift+D)"))
        for widget, stretch in ((self.paper, 0), (self.progress, 0), (self.save_status, 1),
                                (self.history_button, 0), (self.discard_button, 0),
                                (self.save_button, 0),
                                (self.finalise_button, 0), (self.edit_button, 0)):
            row.addWidget(widget, stretch)
        self.history_button.clicked.connect(self.show_history)
        self.save_button.clicked.connect(self.save_now)
        self.finalise_button.clicked.connect(self.finalise)
        self.edit_button.clicked.connect(self.edit)
        self.discard_button.clicked.connect(self.discard)
        self.edit_button.hide()
        return bar

    # -- loading -------------------------------------------------------------------------
    def start(self, **load_args) -> None:
        self.tasks.run(ops.load, self.show_data, self._load_failed,
                       load_args.get("response_id"), load_args.get("form_id"),
                       load_args.get("version"), load_args.get("site_id"),
                       load_args.get("cadre_id"), load_args.get("activity_id"))

    def _load_failed(self, exc: BaseException) -> None:
        self.placeholder.setText(tr("The questionnaire could not be opened."))
        show_error(self, exc)
        self.close()

    @property
    def read_only(self) -> bool:
        return self.data is None or self.data["response"]["status"] != "draft"

    def show_data(self, data: dict) -> None:
        from fieldkit.core.forms.session import FormSession

        registry = getattr(self.main, "_runners", {})
        registry.pop(self.response_id, None)
        self.data = data
        response, definition = data["response"], data["definition"]
        self.response_id = response["id"]
        self.new_draft = ops.NewDraft(response) if response["id"] is None else None
        if self.response_id is not None:
            registry[self.response_id] = self
        self.languages = definition.languages
        if not self.language or self.language not in self.languages:
            self.language = form_language(self.languages, current_language(),
                                          definition.default_language)
        stored = response["answers"]
        self.pictures = PictureCache()   # this form's pictures, decoded once while it is open
        try:
            self.session = FormSession(definition, stored or None, language=self.language,
                                       metadata=self._metadata())
        except Exception as exc:        # the answers are safe in the workspace; say why
            self._load_failed(exc)
            return
        self.header.show_response(data, self.languages, self.language)
        self.setWindowTitle(tr("{title} — questionnaire", title=definition.title
                               or definition.form_id))
        self._build_view()
        self.autosave.enabled = not self.read_only
        self._update_buttons()
        if not self.read_only and self.new_draft is None and self.session.answers != stored:
            self.autosave.changed()     # defaults, calculations and start time of a new draft
        self.loaded.emit()

    def _metadata(self) -> dict:
        data = self.data
        return {"start": data["response"]["started_at"], "deviceid": data["device_id"],
                "username": data.get("cadre_name", ""), "instanceID": data["response"]["id"] or data["response"].get("new_id")}

    def _build_view(self, focus_path=None) -> None:
        old = self.view
        self.view = FormView(self.session, pictures=self.pictures)
        self.view.read_only = self.read_only
        self.view.edited.connect(self._edited)
        self.view.current_changed.connect(self._update_progress)
        self.view.leave.connect(self._leave)
        self.view.failed.connect(lambda exc: show_error(self, exc))
        self.view.remove_requested.connect(self.remove_instance)
        self.view.load()
        layout = self.layout()
        layout.replaceWidget(old or self.placeholder, self.view)
        (old or self.placeholder).hide()
        self.view.show()           # now, so that the first question can take the focus
        if old is not None:
            old.deleteLater()
        if self.ring is None:
            self.ring = FocusRing(self, skip=self.view)
        self.ring.skip = self.view
        if self.paper.isChecked():
            self.set_paper(True)
        if focus_path is None or not self.view.navigator.focus_path(focus_path):
            self.view.navigator.tab(True)
        self._update_progress()

    def _update_buttons(self) -> None:
        draft = not self.read_only
        for button in (self.save_button, self.finalise_button, self.discard_button):
            button.setVisible(draft)
        self.edit_button.setVisible(not draft)
        self.header.site.setEnabled(draft)

    # -- answering and saving --------------------------------------------------------------
    def _edited(self, _path) -> None:
        self.autosave.changed()
        self.problems.refresh(self.session)
        self._update_progress()

    def _snapshot(self):
        return self._target(), self.session.answers, self.header.site_id()

    def _target(self):
        """Where answers go: the stored draft's id, or the draft to store at the first save."""
        return self.response_id if self.response_id is not None else self.new_draft

    def _adopt_stored_draft(self) -> None:
        """The first save stored the new draft: from now on it is known by its id."""
        if self.response_id is None and self.new_draft is not None and self.new_draft.id:
            self.response_id = self.new_draft.id
            self.data["response"]["id"] = self.response_id
            getattr(self.main, "_runners", {})[self.response_id] = self

    def _site_changed(self, site_id) -> None:
        _last_site[self.main.workspace_id] = site_id
        self.autosave.changed()

    def save_now(self) -> None:
        if not self.read_only:
            self.autosave.dirty = True
            self.autosave.flush()

    def _show_save_status(self, text: str, problem: bool) -> None:
        self.save_status.setText(text)
        self.save_status.setProperty("problem", problem)
        self.save_status.style().unpolish(self.save_status)
        self.save_status.style().polish(self.save_status)

    def _update_progress(self) -> None:
        if self.view is None:
            return
        navigator = self.view.navigator
        position, total = navigator.progress()
        if navigator.more_may_appear:   # not "3 / 3" when answers will bring more questions
            self.progress.setText(tr("{position} / {total}+", position=position or "–",
                                     total=total))
            self.progress.setToolTip(tr("More questions may appear, depending on the answers."))
        else:
            self.progress.setText(tr("{position} / {total}", position=position or "–",
                                     total=total))
            self.progress.setToolTip("")

    def set_language(self, language: str) -> None:
        if self.session is None or language == self.language:
            return
        self.language = language
        current = self.view.navigator.current
        path = getattr(current, "path", None)
        self.session.set_language(language)
        self._build_view(focus_path=path)

    def set_paper(self, on: bool) -> None:
        self.paper.setText(tr("Paper entry: on (Ctrl+Shift+P)") if on else
                           tr("Paper entry: off (Ctrl+Shift+P)"))
        if self.view is None:
            return
        self.view.navigator.set_paper(on)
        current = self.view.navigator.current
        if current is not None:
            current.focus_first()
            self.view.navigator.reveal(current)
        self._update_progress()

    def _leave(self, step: int) -> None:
        (self.finalise_button if not self.read_only and step > 0 else
         self.edit_button if step > 0 else self.header.site).setFocus(Qt.TabFocusReason)

    # -- repeats -----------------------------------------------------------------------------
    def remove_instance(self, path) -> None:
        path = tuple(path)
        answered = any(i.kind == "question" and i.value and i.path[:len(path)] == path
                       for i in self.session.items())
        if answered:
            label = self.session.item(path).label
            answer = QMessageBox.question(self, tr("Remove"), tr(
                "Remove “{label}” and the answers in it?", label=label))
            if answer != QMessageBox.Yes:
                return
        self.view.remove_instance(tuple(path))

    def _remove_current_instance(self) -> None:
        current = self.view.navigator.current if self.view else None
        path = getattr(current, "path", ())
        for end in range(len(path) - 1, 0, -1):
            if isinstance(path[end], int):
                self.remove_instance(path[:end + 1])
                return

    # -- finalising, revising, reviewing -------------------------------------------------------
    def finalise(self) -> None:
        if self.read_only or self.session is None:
            return
        problems = self.session.problems()
        if problems:
            self._refused(problems)
            return
        self.session.finalise()        # stamps the end time
        self.autosave.enabled = False
        self.autosave.dirty = False
        self.tasks.run(ops.finalise, self._finalised, self._finalise_failed, self._target(),
                       self.session.answers, self._metadata(), self.header.site_id())

    def _refused(self, problems) -> None:
        self.view.mark_problems(problems)
        self.problems.show_problems(self.session, problems)
        self.problems.list.setFocus(Qt.OtherFocusReason)

    def _finalise_failed(self, exc: BaseException) -> None:
        self.autosave.enabled = True
        if isinstance(exc, FinaliseRefused):
            self._refused(exc.problems)
        else:
            self.autosave.changed()
            show_error(self, exc)

    def _finalised(self, row: dict) -> None:
        if self.response_id is None:
            self.new_draft.id = row["id"]
            self._adopt_stored_draft()
        self.data["response"] = row
        self.problems.hide()
        if self.view.navigator.current is not None:
            self.view.navigator.current.set_current(False)
            self.view.navigator.current = None
        self.header.show_state(row, self.data.get("cadre_name", ""))
        self.view.set_read_only(True)
        self._update_buttons()
        self._show_save_status(tr("Finalised. Press Ctrl+E to make a new revision."), False)
        self.edit_button.setFocus()
        self.finalised.emit(self.response_id)

    def jump_to(self, path) -> None:
        self.view.navigator.focus_path(path)

    def _focus_problems(self) -> None:
        if self.problems.isVisible():
            self.problems.list.setFocus()

    def edit(self) -> None:
        if self.data is None or not self.read_only:
            return
        self.tasks.run(ops.revise, self.show_data, lambda exc: show_error(self, exc),
                       self.response_id)

    def _review(self, state: str, comment: str) -> None:
        if self.response_id is None:      # nothing stored yet: nothing to review
            return
        def done(row: dict) -> None:
            self.data["response"].update({k: row[k] for k in ("review_state", "review_comment")})
            self.header.show_state(self.data["response"], self.data.get("cadre_name", ""))
        self.tasks.run(ops.set_review, done, lambda exc: show_error(self, exc),
                       self.response_id, state, comment)

    def show_history(self) -> None:
        from fieldkit.ui.runner.history import HistoryDialog

        self._adopt_stored_draft()
        if self._target() is None:
            return
        self.autosave.flush()          # runs first on the database thread: history is current
        self.history = HistoryDialog(self, self.session)
        self.tasks.run(ops.history, self.history.show_history,
                       lambda exc: show_error(self, exc), self._target())
        self.history.open()

    def discard(self) -> None:
        """Delete this draft, after asking (journaled: it can be restored like any deletion)."""
        if self.read_only or self.session is None:
            return
        answer = QMessageBox.question(
            self, tr("Discard draft"),
            tr("Discard this draft and all the answers typed into it? It is moved to the "
               "deleted responses, from where it can be restored."),
            QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
        if answer != QMessageBox.Discard:
            return
        self.autosave.enabled = False
        self.autosave.dirty = False
        # queued after any save in flight on the database thread: a draft being stored
        # right now is stored first, then deleted
        self.tasks.run(ops.discard, self._discarded, lambda exc: show_error(self, exc),
                       self._target())

    def _discarded(self, response_id) -> None:
        self.discarded.emit(response_id)
        self.close()

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        self.autosave.flush()
        runners = getattr(self.main, "_runners", {})
        if runners.get(self.response_id) is self:
            runners.pop(self.response_id)
        super().closeEvent(event)
        # free the widgets once the last save has come back (a day of questionnaires
        # must not pile up hidden windows)
        if self.autosave.idle:
            self.deleteLater()
        else:
            self.autosave.saved.connect(self.deleteLater)
