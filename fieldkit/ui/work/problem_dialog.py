"""Register a problem, or edit one's details, with its grade's rules shown beside the
grade and enforced by core (``ledger.problem_values``): what core refuses comes back as
one message per field, shown under that field, and nothing is written.

The grade decides which fields matter: short-term (限时办结) a deadline (the workspace's
default number of days after registration unless changed); cross-department (协同办理)
a lead department (required), co-operating departments and a feedback interval;
systemic (上报) the body it is escalated to (its date is recorded when the problem is
moved to 已上报). A worker's name and phone are personal data: marked so, left out of
lists and reports, and cleared when the problem is anonymous.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout,
                               QWidget)
from shiboken6 import isValid

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_, tr
from fieldkit.core.work import model as work
from fieldkit.ui.tasks import show_error
from fieldkit.ui.work import ops
from fieldkit.ui.work.ledger_model import category_label
from fieldkit.ui.work.widgets import plain_label

NO_DATE = QDate(2000, 1, 1)   # a date edit's "no date" value, shown as "—"
ERROR_STYLE = "color: #b3261e;"
RULES = {
    "short_term": N_("Short-term: solved within a time limit. A deadline is required; "
                     "without one it is {days} days after registration."),
    "cross_department": N_("Cross-department: a lead department is required; co-operating "
                           "departments and how often the worker hears of progress "
                           "(feedback interval, overdue when missed)."),
    "systemic": N_("Systemic: escalated upward. Say to which body; the date is recorded "
                   "when the problem is moved to “Escalated”, with follow-up reminders."),
}
SPLIT = ("、", "，", ",", ";", "；", "\n")


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    today = QDate.currentDate()
    edit.calendarWidget().setCurrentPage(today.year(), today.month())
    return edit


def _date_text(edit: QDateEdit) -> str | None:
    return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")


def split_departments(text: str) -> list[str]:
    for sep in SPLIT[1:]:
        text = text.replace(sep, SPLIT[0])
    return [d.strip() for d in text.split(SPLIT[0]) if d.strip()]


class ProblemDialog(QDialog):
    """``choices`` is ``ops.choices``' result (sites, cadres, categories, default days)."""

    saved = Signal(str)     # the problem's id, once written

    def __init__(self, window, choices: dict[str, Any], problem_id: str | None = None,
                 prefill: dict[str, Any] | None = None) -> None:
        """``prefill`` (a new problem only): ``site_id``, ``activity_id``, ``response_id``,
        ``interview_id``, ``title``, ``description`` already known where it arose."""
        super().__init__(window)
        self.window_ = window
        self.choices = choices
        self.problem_id = problem_id
        # the links wanted once their lists arrive (as for an edited problem's own links)
        self.problem: dict[str, Any] | None = dict(prefill) if prefill else None
        self._deadline_touched = False
        self.setWindowTitle(tr("Edit problem") if problem_id else tr("Register a problem"))
        self.setMinimumWidth(940)
        self._build()
        self._grade_changed()
        self._anonymous_changed()
        if problem_id:
            self.setEnabled(False)
            self.window_.tasks.run(ops.load_problem, self._loaded, None, problem_id)
        else:
            self._prefill(prefill or {})
            self._load_links()

    def _prefill(self, values: dict[str, Any]) -> None:
        self.title.setText(values.get("title") or "")
        self.description.setPlainText(values.get("description") or "")
        site = values.get("site_id")
        if site:
            self.site.blockSignals(True)
            self.site.setCurrentIndex(max(self.site.findData(site), 0))
            self.site.blockSignals(False)

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.summary = plain_label()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        layout.addWidget(self.summary)
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        left = QFormLayout()
        left_column = QVBoxLayout()
        left_column.addLayout(left)
        left_column.addStretch(1)         # extra height goes below the fields, not between
        columns.addLayout(left_column, 3)
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(70)
        self.description.setMaximumHeight(110)
        self.category = QComboBox()
        for code, text in self.choices.get("categories", work.CATEGORIES):
            self.category.addItem(category_label(code, text), code)
        self.category.setCurrentIndex(max(self.category.findData("other"), 0))
        self.site = self._ref_combo(self.choices.get("sites", []), tr("No site"))
        self.cadre = self._ref_combo(self.choices.get("cadres", []), tr("No cadre"))
        current = self.window_.current_cadre_id() if hasattr(self.window_,
                                                             "current_cadre_id") else None
        if current:
            self.cadre.setCurrentIndex(max(self.cadre.findData(current), 0))
        self.registered = _date_edit()
        self.registered.setMinimumDate(QDate(2000, 1, 2))
        self.registered.setDate(QDate.currentDate())
        self.grade = QComboBox()
        for code, text in work.GRADES:
            self.grade.addItem(tr(text), code)
        self.rule = plain_label()
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: #555;")
        self._row(left, "title", tr("Title *"), self.title)
        self._row(left, "description", tr("Description"), self.description)
        self._row(left, "grade", tr("Grade *"), self.grade)
        left.addRow("", self.rule)
        self._row(left, "category", tr("Category"), self.category)
        self._row(left, "site_id", tr("Site"), self.site)
        self._row(left, "cadre_id", tr("Registered by (cadre)"), self.cadre)
        self._row(left, "registered_on", tr("Registered on"), self.registered)

        right = QVBoxLayout()
        columns.addLayout(right, 2)
        handling = QGroupBox(tr("Handling"))
        form = QFormLayout(handling)
        self.deadline = _date_edit()
        self.lead = QLineEdit()
        self.co_departments = QLineEdit()
        self.co_departments.setPlaceholderText(tr("separated by 、 or commas"))
        self.interval = QSpinBox()
        self.interval.setRange(1, 365)
        self.interval.setValue(14)
        self.interval.setSuffix(tr(" days"))
        self.escalated_to = QLineEdit()
        self.escalated_to.setPlaceholderText(tr("e.g. 市总工会权益保障部"))
        self.deadline_label = QLabel(tr("Deadline"))
        self.lead_label = QLabel(tr("Lead department"))
        self._row(form, "deadline", self.deadline_label, self.deadline)
        self._row(form, "lead_department", self.lead_label, self.lead)
        self._row(form, "co_departments", tr("Co-operating departments"), self.co_departments)
        self._row(form, "feedback_interval_days", tr("Feedback every"), self.interval)
        self._row(form, "escalated_to", tr("Escalated to"), self.escalated_to)
        right.addWidget(handling)

        worker = QGroupBox(tr("Who raised it (personal data)"))
        worker.setToolTip(tr("The worker's name and phone are personal data: left out of "
                             "lists, reports and exports unless included on purpose."))
        form = QFormLayout(worker)
        self.anonymous = QCheckBox(tr("Anonymous"))
        self.worker_name = QLineEdit()
        self.worker_phone = QLineEdit()
        form.addRow("", self.anonymous)
        self._row(form, "worker_name", tr("Worker's name (personal)"), self.worker_name)
        self._row(form, "worker_phone", tr("Worker's phone (personal)"), self.worker_phone)
        right.addWidget(worker)

        links = QGroupBox(tr("Where it arose"))
        form = QFormLayout(links)
        self.activity = self._ref_combo([], tr("No activity"))
        self.response = self._ref_combo([], tr("No questionnaire response"))
        self.interview = self._ref_combo([], tr("No interview note"))
        for combo in (self.activity, self.response, self.interview):
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self._row(form, "activity_id", tr("Activity"), self.activity)
        self._row(form, "response_id", tr("Response"), self.response)
        self._row(form, "interview_id", tr("Interview note"), self.interview)
        self.links_form = form
        form.setRowVisible(self.interview.parentWidget(), False)   # until the wing answers
        # photos or documents given when the problem is registered (copied into the workspace)
        self.attachment_files: list[str] = []
        attach_row = QWidget()
        attach_line = QHBoxLayout(attach_row)
        attach_line.setContentsMargins(0, 0, 0, 0)
        self.attach_button = QPushButton(tr("Attach files…"))
        self.attach_button.clicked.connect(self.choose_attachments)
        self.attached_label = QLabel(tr("None"))
        self.attached_label.setWordWrap(True)
        attach_line.addWidget(self.attach_button)
        attach_line.addWidget(self.attached_label, 1)
        form.addRow(tr("Attachments"), attach_row)
        self.attach_row = attach_row
        right.addWidget(links)
        right.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.grade.currentIndexChanged.connect(lambda _: self._grade_changed())
        self.anonymous.toggled.connect(lambda _: self._anonymous_changed())
        self.registered.dateChanged.connect(lambda _: self._registered_changed())
        self.deadline.dateChanged.connect(self._deadline_edited)
        self.site.currentIndexChanged.connect(lambda _: self._load_links())
        self.title.setFocus()

    def _row(self, form: QFormLayout, key: str, label, widget: QWidget) -> None:
        error = plain_label()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addWidget(widget)
        col.addWidget(error)
        if isinstance(label, QLabel):
            label.setBuddy(widget)
            form.addRow(label, box)
        else:
            form.addRow(label, box)
            buddy = form.labelForField(box)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(widget)
        self.inputs[key] = widget
        self.errors[key] = error

    @staticmethod
    def _ref_combo(items: list[tuple[str, str]], none: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(none, None)
        for value, text in items:
            combo.addItem(text, value)
        return combo

    # -- the grade's rules ----------------------------------------------------------------

    def grade_code(self) -> str:
        return self.grade.currentData()

    def _grade_changed(self) -> None:
        grade = self.grade_code()
        days = self.choices.get("deadline_days", work.DEFAULT_DEADLINE_DAYS)
        self.rule.setText(tr(RULES[grade], days=days) if grade == "short_term"
                          else tr(RULES[grade]))
        cross, systemic = grade == "cross_department", grade == "systemic"
        self.deadline_label.setText(tr("Deadline *") if grade == "short_term"
                                    else tr("Deadline"))
        self.lead_label.setText(tr("Lead department *") if cross else tr("Lead department"))
        for key, shown in (("co_departments", cross), ("feedback_interval_days", cross),
                           ("escalated_to", systemic)):
            self.inputs[key].setEnabled(shown)
        if grade == "short_term" and self.deadline.date() == NO_DATE:
            self._default_deadline()

    def _default_deadline(self) -> None:
        days = self.choices.get("deadline_days", work.DEFAULT_DEADLINE_DAYS)
        self.deadline.blockSignals(True)
        self.deadline.setDate(self.registered.date().addDays(days))
        self.deadline.blockSignals(False)

    def _registered_changed(self) -> None:
        if self.grade_code() == "short_term" and not self._deadline_touched:
            self._default_deadline()

    def _deadline_edited(self, _date) -> None:
        self._deadline_touched = True

    def _anonymous_changed(self) -> None:
        anonymous = self.anonymous.isChecked()
        for widget in (self.worker_name, self.worker_phone):
            widget.setEnabled(not anonymous)

    # -- links ----------------------------------------------------------------------------

    def _load_links(self) -> None:
        site_id = self.site.currentData()
        self.window_.tasks.run(ops.link_choices, lambda found: self._show_links(site_id, found),
                               None, site_id)

    def _show_links(self, site_id: str | None, found: dict[str, list[tuple[str, str]]]) -> None:
        if not isValid(self) or site_id != self.site.currentData():
            return       # an answer for a site chosen before: a newer one is on its way
        wanted = self.problem or {}
        interviews = found.get("interviews")
        self.links_form.setRowVisible(self.interview.parentWidget(), interviews is not None)
        for combo, key, items in ((self.activity, "activity_id", found["activities"]),
                                  (self.response, "response_id", found["responses"]),
                                  (self.interview, "interview_id", interviews or [])):
            chosen = combo.currentData() or wanted.get(key)
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in items:
                combo.addItem(text, value)
            if chosen and combo.findData(chosen) < 0:
                combo.addItem(chosen[:8], chosen)   # linked earlier, no longer in the latest
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
            combo.blockSignals(False)

    # -- loading and saving ---------------------------------------------------------------

    def _loaded(self, problem: dict[str, Any]) -> None:
        self.links_form.setRowVisible(self.attach_row, False)   # kept as registered
        if not isValid(self):
            return
        self.problem = problem
        self.setEnabled(True)
        self.title.setText(problem["title"])
        self.description.setPlainText(problem["description"])
        for combo, value in ((self.grade, problem["grade"]), (self.category, problem["category"]),
                             (self.site, problem["site_id"]), (self.cadre, problem["cadre_id"])):
            index = combo.findData(value)
            if index < 0 and value:
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(max(index, 0))
        self.registered.setDate(QDate.fromString(problem["registered_on"], "yyyy-MM-dd"))
        self.registered.setEnabled(False)        # the day it was raised does not change
        self.deadline.setDate(QDate.fromString(problem["deadline"], "yyyy-MM-dd")
                              if problem["deadline"] else NO_DATE)
        self._deadline_touched = True
        self.lead.setText(problem["lead_department"])
        self.co_departments.setText("、".join(problem["co_departments"]))
        if problem["feedback_interval_days"]:
            self.interval.setValue(problem["feedback_interval_days"])
        self.escalated_to.setText(problem["escalated_to"])
        self.anonymous.setChecked(problem["anonymous"])
        self.worker_name.setText(problem.get("worker_name") or "")
        self.worker_phone.setText(problem.get("worker_phone") or "")
        self._grade_changed()
        self._load_links()
        self.title.setFocus()

    def values(self) -> dict[str, Any]:
        grade = self.grade_code()
        cross = grade == "cross_department"
        values = {
            "title": self.title.text(), "description": self.description.toPlainText(),
            "grade": grade, "category": self.category.currentData(),
            "site_id": self.site.currentData(), "cadre_id": self.cadre.currentData(),
            "deadline": _date_text(self.deadline),
            "lead_department": self.lead.text(),
            "co_departments": split_departments(self.co_departments.text()) if cross else [],
            "feedback_interval_days": self.interval.value() if cross else None,
            "escalated_to": self.escalated_to.text() if grade == "systemic" else "",
            "anonymous": self.anonymous.isChecked(),
            "worker_name": self.worker_name.text(), "worker_phone": self.worker_phone.text(),
            "activity_id": self.activity.currentData(),
            "response_id": self.response.currentData()}
        if self.links_form.isRowVisible(self.interview.parentWidget()):
            values["interview_id"] = self.interview.currentData()
        if self.problem_id is None:
            values["registered_on"] = _date_text(self.registered)
            values["attachment_files"] = list(self.attachment_files)
        return values

    def choose_attachments(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Attach files"))
        if paths:
            self.set_attachments([*self.attachment_files, *paths])

    def set_attachments(self, paths: list[str]) -> None:
        """The files to attach when the problem is registered (kept once each)."""
        self.attachment_files = list(dict.fromkeys(str(p) for p in paths))
        self.attached_label.setText("、".join(Path(p).name for p in self.attachment_files)
                                    or tr("None"))

    def save(self) -> None:
        self._show_problems([])
        self.buttons.setEnabled(False)
        self.window_.tasks.run(ops.save_problem, self._saved, self._failed, self.problem_id,
                               self.values())

    def _saved(self, problem_id: str) -> None:
        if not isValid(self):
            return
        self.buttons.setEnabled(True)
        self.problem_id = problem_id
        self.saved.emit(problem_id)
        self.window_.statusBar().showMessage(tr("Problem saved."), 10000)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.buttons.setEnabled(True)
        problems = getattr(exc, "problems", None)
        if isinstance(exc, FieldkitError) and problems:
            self._show_problems(problems)
        elif isinstance(exc, FieldkitError):
            self.summary.setText(exc.message())
            self.summary.show()
        else:
            show_error(self, exc)

    def _show_problems(self, problems: list[tuple[str, str, dict]]) -> None:
        for key, label in self.errors.items():
            label.hide()
            self.inputs[key].setStyleSheet("")
        first = None
        for key, msgid, params in problems:
            label = self.errors.get(key)
            text = tr(msgid, **params)
            if label is None:   # a field this dialog does not show: say it at the top
                label = self.summary
            label.setText(text if label is not self.summary else
                          (label.text() + "\n" if label.isVisible() else "") + text)
            label.show()
            if key in self.inputs:
                self.inputs[key].setStyleSheet("border: 1px solid #b3261e;")
                first = first or self.inputs[key]
        if problems:
            if not self.summary.isVisible():
                self.summary.setText(tr("The problem was not saved; see the marked fields."))
                self.summary.show()
            if first is not None:
                first.setFocus()
        else:
            self.summary.hide()
