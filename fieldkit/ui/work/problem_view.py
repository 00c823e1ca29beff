"""One problem: its details, its timeline (who, when, what, note) and buttons for what may
be done next. The status buttons are only the legal next statuses (``workflow.next_moves``
from core); every action runs on the database thread and core has the last word: a
refusal (someone moved the problem meanwhile, a rule broken) is shown in words at the top
of the view and nothing is written.

"Follow-up call" starts the built-in 问题办理满意度回访 questionnaire pre-filled from the
problem and opens it in the runner; finalising it there records the worker's rating on
this problem (``followup.finalise_followup``, called by the runner) and the view reloads.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QFormLayout, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QScrollArea, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_, tr
from fieldkit.core.work import model as work
from fieldkit.core.work.model import half_year_of, quarter_of
from fieldkit.ui.tasks import show_error
from fieldkit.ui.work import ops
from fieldkit.ui.work.action_dialog import ActionDialog
from fieldkit.ui.work.ledger_model import category_label, number
from fieldkit.ui.work.widgets import plain_label

ERROR_STYLE = "color: #b3261e; font-weight: bold;"
# the button of each next status, and the title of the dialog asking for its note
MOVE_TEXTS = {
    "accepted": N_("Accept (受理)…"),
    "in_progress": N_("Start handling (办理中)…"),
    "escalated": N_("Escalate (上报)…"),
    "resolved": N_("Mark resolved (办结)…"),
    "replied": N_("Reply to the worker…"),
    "closed": N_("Close (销号)…"),
}


def _status(code: str | None) -> str:
    return tr(work.label(work.STATUSES, code)) if code else ""


class ProblemView(QDialog):
    changed = Signal(str)       # the problem's id, after anything was recorded

    def __init__(self, window, problem_id: str) -> None:
        super().__init__(window)
        self.window_ = window
        self.problem_id = problem_id
        self.data: dict[str, Any] | None = None
        self.action: ActionDialog | None = None      # the open action dialog, for tests
        self.runner = None                           # the follow-up questionnaire's runner
        self.setWindowTitle(tr("Problem"))
        self.resize(1040, 640)
        self._build()
        self.reload()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = plain_label()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.heading.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)

        middle = QHBoxLayout()
        layout.addLayout(middle, 1)
        details = QWidget()
        self.details = QFormLayout(details)
        self.details.setRowWrapPolicy(QFormLayout.WrapLongRows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(380)
        middle.addWidget(scroll, 2)
        right = QVBoxLayout()
        middle.addLayout(right, 3)
        history = QLabel(tr("Timeline"))
        history.setStyleSheet("font-weight: bold;")
        right.addWidget(history)
        self.timeline = QTreeWidget()
        self.timeline.setObjectName("problem_timeline")
        self.timeline.setRootIsDecorated(False)
        self.timeline.setHeaderLabels([tr("Date"), tr("Who"), tr("What"), tr("Remarks")])
        self.timeline.setWordWrap(True)
        header = self.timeline.header()
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 80, 260)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.Interactive)
        right.addWidget(self.timeline, 1)
        history.setBuddy(self.timeline)

        self.move_row = QHBoxLayout()
        moves_label = QLabel(tr("Next:"))
        self.move_row.addWidget(moves_label)
        self.move_buttons: dict[str, QPushButton] = {}
        self.reopen_button = QPushButton(tr("Reopen…"))
        self.reopen_button.setToolTip(tr("Back to in progress; needs a reason"))
        self.reopen_button.clicked.connect(lambda: self.ask_move("in_progress"))
        self.move_row.addStretch(1)
        self.move_row.addWidget(self.reopen_button)
        layout.addLayout(self.move_row)

        actions = QGridLayout()
        self.reply_button = QPushButton(tr("Reply to the worker…"))
        self.feedback_button = QPushButton(tr("Record feedback…"))
        self.feedback_button.setToolTip(tr("Progress told to the worker; restarts the feedback "
                                           "interval"))
        self.rate_button = QPushButton(tr("Record a rating…"))
        self.followup_button = QPushButton(tr("Follow-up call"))
        self.followup_button.setToolTip(tr("Fill in the 问题办理满意度回访 questionnaire for this "
                                           "problem; its rating is recorded here"))
        self.case_button = QPushButton(tr("Nominate as typical case…"))
        self.focus_button = QPushButton(tr("Leader's focus…"))
        self.edit_button = QPushButton(tr("Edit details…"))
        self.close_button = QPushButton(tr("Back to the list (Esc)"))
        for i, button in enumerate((self.reply_button, self.feedback_button, self.rate_button,
                                    self.followup_button, self.case_button, self.focus_button,
                                    self.edit_button, self.close_button)):
            actions.addWidget(button, i // 4, i % 4)
        layout.addLayout(actions)
        self.reply_button.clicked.connect(self.ask_reply)
        self.feedback_button.clicked.connect(self.ask_feedback)
        self.rate_button.clicked.connect(self.ask_rating)
        self.followup_button.clicked.connect(self.start_followup)
        self.case_button.clicked.connect(self.ask_nomination)
        self.focus_button.clicked.connect(self.ask_focus)
        self.edit_button.clicked.connect(self.edit)
        self.close_button.clicked.connect(self.accept)

    # -- showing --------------------------------------------------------------------------

    def reload(self) -> None:
        self.window_.tasks.run(ops.problem_view, self._show, self._failed, self.problem_id)

    def _show(self, data: dict[str, Any]) -> None:
        if not isValid(self):
            return
        first = self.data is None
        self.data = data
        p = data["problem"]
        self.heading.setText(tr("No. {number}: {title} — {status}", number=number(p["id"]),
                                title=p["title"], status=_status(p["status"])))
        self._show_details(p, data["standing"])
        self._show_timeline(data["timeline"])
        self._show_moves(data["moves"])
        done = data["can_rate"]
        for button in (self.rate_button, self.followup_button, self.case_button):
            button.setEnabled(done)
            button.setToolTip("" if done else tr("Once the problem is resolved"))
        self.reply_button.setEnabled(p["status"] in work.DONE_STATUSES)
        if not first:
            self.changed.emit(self.problem_id)

    def _show_details(self, p: dict[str, Any], standing: dict[str, list]) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        late = tr("{days} days overdue", days=p["days_overdue"]) if p["overdue"] else ""
        rows = [
            (tr("No."), number(p["id"])),
            (tr("Status"), _status(p["status"])),
            (tr("Grade"), tr(work.label(work.GRADES, p["grade"]))),
            (tr("Category"), category_label(p["category"],
                                            work.label(work.CATEGORIES, p["category"]))),
            (tr("Site"), p.get("site_name") or "—"),
            (tr("Registered on"), p["registered_on"]),
            (tr("Registered by (cadre)"), p.get("cadre_name") or "—"),
            (tr("Deadline"), (p["deadline"] or "—") + (f"  ({late})" if late else "")),
        ]
        if p["grade"] == "cross_department" or p["lead_department"]:
            rows += [(tr("Lead department"), p["lead_department"] or "—"),
                     (tr("Co-operating departments"), "、".join(p["co_departments"]) or "—"),
                     (tr("Feedback every"), tr("{days} days", days=p["feedback_interval_days"])
                      if p["feedback_interval_days"] else "—"),
                     (tr("Last feedback"), p["last_feedback_on"] or "—")]
            if p.get("feedback_due"):
                rows.append((tr("Next feedback due"), p["feedback_due"] + (
                    "  (" + tr("feedback overdue") + ")" if p["feedback_overdue"] else "")))
        if p["grade"] == "systemic" or p["escalated_to"]:
            rows.append((tr("Escalated to"), " ".join(
                x for x in (p["escalated_to"] or "—", p["escalated_on"] or "") if x)))
        for key, text in (("resolved_on", tr("Resolved on")), ("replied_on", tr("Replied on")),
                          ("closed_on", tr("Closed on"))):
            if p.get(key):
                rows.append((text, p[key]))
        if p.get("latest_rating"):
            rows.append((tr("Latest rating"), tr(work.label(work.RATINGS, p["latest_rating"]))))
        worker = (tr("Anonymous") if p["anonymous"] else
                  " ".join(x for x in (p.get("worker_name"), p.get("worker_phone")) if x) or "—")
        rows.append((tr("Raised by (personal)"), worker))
        links = ([html.escape(tr("activity {number}", number=p["activity_id"][:8]))]
                 if p["activity_id"] else [])
        if p["response_id"]:     # a link: opens the response in the questionnaire runner
            links.append('<a href="response">' + html.escape(
                tr("response {number}", number=p["response_id"][:8])) + "</a>")
        if p.get("interview_id"):
            links.append(html.escape(tr("interview {number}", number=p["interview_id"][:8])))
        if links:
            rows.append((tr("Where it arose"), ", ".join(links)))
        for case in standing["cases"]:
            state = (tr("selected") if case["selected"] else
                     tr("ranked {rank}", rank=case["rank"]) if case["rank"] else tr("candidate"))
            rows.append((tr("Typical case"), f"{case['half_year']} · {state}"))
        for focus in standing["focus"]:
            rows.append((tr("Leader's focus"), f"{focus['quarter']} · {focus['leader_name']}"))
        rows.append((tr("Description"), p["description"] or "—"))
        if p.get("attachment_names"):
            rows.append((tr("Attachments"), "、".join(p["attachment_names"])))
        for label, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            if label == tr("Where it arose"):
                text.setTextFormat(Qt.RichText)
                text.setTextInteractionFlags(Qt.TextBrowserInteraction)
                text.linkActivated.connect(self.open_response)
                text.setObjectName("problem_links")
            else:
                text.setTextFormat(Qt.PlainText)      # user text is never markup
                text.setTextInteractionFlags(Qt.TextSelectableByMouse)
            if (label == tr("Deadline") and p["overdue"]) or \
                    (label == tr("Next feedback due") and p["feedback_overdue"]):
                text.setStyleSheet("color: #b3261e;")
            self.details.addRow(label, text)

    def _show_timeline(self, events: list[dict[str, Any]]) -> None:
        self.timeline.clear()
        previous: dict[str, Any] = {}
        for event in events:
            kind = event["kind"]
            if kind == "reply" and previous.get("to_status") == "replied" \
                    and previous.get("text") == event.get("text") \
                    and previous.get("on_date") == event["on_date"]:
                continue          # the reply that moved it to 已回复: shown on that line
            previous = event
            if kind == "status":
                what = (f"{_status(event['from_status'])} → {_status(event['to_status'])}"
                        if event["from_status"] else _status(event["to_status"]))
            elif kind == "feedback":
                what = tr("Feedback to the worker")
            elif kind == "reply":
                what = tr("Reply to the worker")
            else:
                what = tr("Rating: {rating}",
                          rating=tr(work.label(work.RATINGS, event["rating"])))
            item = QTreeWidgetItem([event["on_date"], event.get("actor_name") or "—", what,
                                    event.get("text") or ""])
            item.setToolTip(3, event.get("text") or "")
            item.setToolTip(0, (event.get("at") or "").replace("T", " ")[:19])
            self.timeline.addTopLevelItem(item)

    def _show_moves(self, moves: list[dict[str, Any]]) -> None:
        for button in self.move_buttons.values():
            self.move_row.removeWidget(button)
            button.deleteLater()
        self.move_buttons = {}
        reopen = False
        position = 1
        for move in moves:
            if move["reopen"]:
                reopen = True
                continue
            if move["status"] == "replied":
                continue          # the reply button below does it, with the reply's text
            button = QPushButton(tr(MOVE_TEXTS[move["status"]]))
            button.clicked.connect(lambda _=False, s=move["status"]: self.ask_move(s))
            self.move_row.insertWidget(position, button)
            position += 1
            self.move_buttons[move["status"]] = button
        self.reopen_button.setVisible(reopen)

    # -- actions --------------------------------------------------------------------------

    def _ask(self, title: str, build: Callable[[ActionDialog], None],
             done: Callable[[dict[str, Any]], None], explanation: str = "") -> ActionDialog:
        self.action = ActionDialog(self, title, explanation)
        build(self.action)
        self.action.accepted.connect(lambda: done(self.action.values()))
        self.action.open()
        return self.action

    def _run(self, fn, *args) -> None:
        self.message.hide()
        self.window_.tasks.run(fn, self._show, self._failed, self.problem_id, *args)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        if isinstance(exc, FieldkitError):
            self.message.setText(exc.message())
            self.message.show()
            self.reload()          # what the problem is now, after a refusal
        else:
            show_error(self, exc)

    def ask_move(self, status: str) -> ActionDialog:
        p = self.data["problem"]
        reopen = status == "in_progress" and p["status"] in work.DONE_STATUSES
        title = tr("Reopen the problem") if reopen else tr(MOVE_TEXTS.get(status, status))
        title = title.rstrip("…")

        def build(d: ActionDialog) -> None:
            if status == "escalated":
                d.add_text("body", tr("Escalated to"), required=True, multiline=False,
                           value=p["escalated_to"])
            d.add_text("note", tr("Reason") if reopen else tr("Remarks"), required=reopen)
            d.add_date("on", tr("Date"))
        return self._ask(title, build, lambda v: self.move_to(
            status, v["note"], v["on"], v.get("body")))

    def move_to(self, status: str, note: str = "", on: str | None = None,
                body: str | None = None) -> None:
        """Ask core to move the problem (refused with a message when not allowed)."""
        self._run(ops.move, status, note, on, self.data["problem"]["status"], body)

    def ask_reply(self) -> ActionDialog:
        def build(d: ActionDialog) -> None:
            d.add_text("text", tr("Reply"), required=True)
            d.add_date("on", tr("Date"))
        explanation = (tr("The problem becomes “Replied”.")
                       if self.data["problem"]["status"] == "resolved"
                       else tr("A further reply; earlier replies are kept."))
        return self._ask(tr("Reply to the worker"), build,
                         lambda v: self._run(ops.reply, v["text"], v["on"]), explanation)

    def ask_feedback(self) -> ActionDialog:
        def build(d: ActionDialog) -> None:
            d.add_text("note", tr("What the worker was told"), required=True)
            d.add_date("on", tr("Date"))
        return self._ask(tr("Record feedback"), build,
                         lambda v: self._run(ops.feedback, v["note"], v["on"]))

    def ask_rating(self) -> ActionDialog:
        def build(d: ActionDialog) -> None:
            d.add_choice("rating", tr("Rating"), [(c, tr(t)) for c, t in work.RATINGS])
            d.add_text("comment", tr("Comment"))
            d.add_date("on", tr("Date"))
        return self._ask(tr("Record the worker's rating"), build,
                         lambda v: self._run(ops.rate, v["rating"], v["comment"], v["on"]),
                         tr("Every rating is kept; a new one never replaces an earlier one."))

    def ask_nomination(self) -> ActionDialog:
        p = self.data["problem"]
        half = half_year_of(date.fromisoformat(p["resolved_on"])) if p.get("resolved_on") \
            else half_year_of(date.today())

        def build(d: ActionDialog) -> None:
            d.add_text("write_up", tr("Write-up"), required=True)
            d.add_text("half_year", tr("Half year"), multiline=False, value=half,
                       required=True)
        return self._ask(tr("Nominate as a typical case"), build,
                         lambda v: self._run(ops.nominate, v["write_up"], v["half_year"]))

    def ask_focus(self) -> ActionDialog:
        def build(d: ActionDialog) -> None:
            d.add_choice("leader", tr("Leader"), self.data["cadres"],
                         self.window_.current_cadre_id())
            d.add_text("quarter", tr("Quarter"), multiline=False,
                       value=quarter_of(date.today()), required=True)
        return self._ask(tr("Mark as a leader's focus"), build,
                         lambda v: self._run(ops.focus, v["leader"], v["quarter"]),
                         tr("Each leader drives one or two problems a quarter."))

    def open_response(self, _link: str = "") -> None:
        """The questionnaire response the problem arose from, in the runner."""
        response_id = self.data and self.data["problem"]["response_id"]
        if response_id:
            self.window_.open_response(response_id)

    def start_followup(self) -> None:
        self.message.hide()
        self.window_.tasks.run(ops.start_followup, self._open_followup, self._failed,
                               self.problem_id, self.window_.current_cadre_id())

    def _open_followup(self, response_id: str) -> None:
        from fieldkit.ui.runner import open_runner

        self.runner = open_runner(self.window_, response_id=response_id)
        self.runner.finalised.connect(lambda _: isValid(self) and self.reload())

    def edit(self) -> None:
        from fieldkit.ui.work.problem_dialog import ProblemDialog

        def ready(choices: dict[str, Any]) -> None:
            if not isValid(self):
                return
            self.editor = ProblemDialog(self.window_, choices, problem_id=self.problem_id)
            self.editor.saved.connect(lambda _: self.reload())
            self.editor.open()
        self.window_.tasks.run(ops.choices, ready)
