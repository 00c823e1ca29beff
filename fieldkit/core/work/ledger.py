"""The problem ledger (问题台账): registering a problem under its grade's rules, the status
workflow to closure (挂账销号), replies to the worker, satisfaction ratings and feedback.

The problem row holds the current state (status and the days it was resolved, replied to,
closed, escalated), so lists and KPIs are plain indexed SQL; every change of state is also
a row of its own in ``problem_events`` (who, when, from, to, note): the timeline. Replies
and ratings are rows of their own too, so a second rating never overwrites the first.

Each function is one transaction. A move reads the status inside its transaction (which
SQLite takes with BEGIN IMMEDIATE), so of two people moving the same problem at once the
second sees the first's new status and is refused rather than applied twice.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Iterable

from fieldkit.core.store import attachments as attachment_store
from fieldkit.core.i18n import N_, translate
from fieldkit.core.work import model
from fieldkit.core.work.errors import TransitionRefused, WorkError
from fieldkit.core.work.model import DONE_STATUSES, parse_date
from fieldkit.core.plain_text import joined
from fieldkit.core.plain_text import without_controls as _plain
from fieldkit.core.store.workspace import wall_time

# the workflow: which statuses each status may move to (reopening is in_progress from a
# done status, and needs a reason)
TRANSITIONS = {
    "registered": ("accepted",),
    "accepted": ("in_progress", "escalated"),
    "in_progress": ("resolved", "escalated"),
    "escalated": ("in_progress", "resolved"),
    "resolved": ("replied", "in_progress"),
    "replied": ("closed", "in_progress"),
    "closed": ("in_progress",),
}
DEFAULT_FEEDBACK_INTERVAL = 14
MAX_DEADLINE_DAYS = 365  # a short-term problem's deadline, in days after registration
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{4,28}$")


class ProblemValidationError(WorkError):
    """Several things wrong with a problem's values, all reported at once."""

    def __init__(self, problems: list[tuple[str, str, dict]]) -> None:
        super().__init__(N_("The problem cannot be recorded: {details}"))
        self.problems = problems

    def message(self, language: str | None = None) -> str:
        details = joined((translate(msgid, language).format(**params)
                          for _, msgid, params in self.problems), language)
        return translate(self.msgid, language).format(details=details)


def default_deadline_days(ws) -> int:
    """Days a short-term problem gets when no deadline is given (15 unless changed)."""
    value = ws.scalar("SELECT name FROM work_choices WHERE list_name = 'deadline_days'"
                      " AND active = 1 ORDER BY hlc DESC LIMIT 1")
    return int(value) if value else model.DEFAULT_DEADLINE_DAYS


def set_default_deadline_days(ws, days: int) -> None:
    if not 1 <= int(days) <= MAX_DEADLINE_DAYS:
        raise WorkError(N_("The default deadline must be between 1 and 365 days."))
    with ws.transaction():
        for r in ws.query("SELECT id FROM work_choices WHERE list_name = 'deadline_days'"
                          " AND active = 1"):
            ws.update("work_choices", r["id"], {"active": 0})
        ws.insert("work_choices", {"list_name": "deadline_days", "name": str(int(days))})


def categories(ws) -> list[tuple[str, str]]:
    """(code, label) of every category: the built-in ones (label is a msgid) and the ones
    users added (code and label are the name they typed)."""
    extra = [(r["name"], r["name"]) for r in ws.query(
        "SELECT name FROM work_choices WHERE list_name = 'category' AND active = 1 ORDER BY name")]
    return [*model.CATEGORIES, *extra]


def add_category(ws, name: str) -> None:
    name = _plain(name).strip()
    if not name:
        raise WorkError(N_("A category needs a name."))
    if name in {code for code, _ in categories(ws)}:
        return
    with ws.transaction():
        ws.insert("work_choices", {"list_name": "category", "name": name})


def _exists(ws, table: str, record_id: str | None) -> bool:
    return not record_id or ws.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)) == 1


def log_problem(ws, *, title: str, grade: str, description: str = "", worker_name: str = "",
                worker_phone: str = "", anonymous: bool = False, site_id: str | None = None,
                org_unit_id: str | None = None, cadre_id: str | None = None,
                category: str = "other", lead_department: str = "",
                co_departments: Iterable[str] = (), feedback_interval_days: int | None = None,
                escalated_to: str = "", registered_on: date | str | None = None,
                deadline: date | str | None = None, deadline_days: int | None = None,
                activity_id: str | None = None, response_id: str | None = None,
                interview_id: str | None = None,
                attachments: Iterable[str] = (), attachment_files: Iterable[Any] = (),
                allow_duplicate: bool = False) -> str:
    """Register a problem (status 登记) and return its id. Rules by grade: a short-term
    problem needs a deadline (given, or ``deadline_days`` / the workspace default after
    registration); a cross-department one needs a lead department and gets a feedback
    interval (14 days unless given). All problems found are reported at once. The same
    problem registered twice (same day, title, details, grade, site, worker and deadline)
    is refused unless ``allow_duplicate``: a command run twice must not count one problem as two."""
    values = problem_values(
        ws, title=title, grade=grade, description=description, worker_name=worker_name,
        worker_phone=worker_phone, anonymous=anonymous, site_id=site_id,
        org_unit_id=org_unit_id, cadre_id=cadre_id, category=category,
        lead_department=lead_department, co_departments=co_departments,
        feedback_interval_days=feedback_interval_days, escalated_to=escalated_to,
        registered_on=registered_on, deadline=deadline, deadline_days=deadline_days,
        activity_id=activity_id, response_id=response_id, interview_id=interview_id)
    values["attachments"] = " ".join(attachments)
    with ws.transaction():
        if not allow_duplicate and ws.scalar(
                "SELECT EXISTS (SELECT 1 FROM problems WHERE registered_on = ? AND title = ?"
                " AND description = ? AND grade = ? AND site_id IS ? AND worker_name = ?"
                " AND worker_phone = ? AND deadline IS ?)",
                (values["registered_on"], values["title"], values["description"],
                 values["grade"], values["site_id"], values["worker_name"],
                 values["worker_phone"], values["deadline"])):
            raise WorkError(N_("This problem is already registered (same day, title, details, "
                               "grade, site and worker). Nothing was added."))
        refs = [attachment_store.add(ws, f) for f in attachment_files]
        if refs:
            values["attachments"] = " ".join([*attachments, *refs])
        problem_id = ws.insert("problems", values)
        _event(ws, problem_id, "status", date.fromisoformat(values["registered_on"]), None,
               "registered", "")
    return problem_id


def problem_values(ws, *, title: str, grade: str, description: str = "",
                   worker_name: str = "", worker_phone: str = "", anonymous: bool = False,
                   site_id: str | None = None, org_unit_id: str | None = None,
                   cadre_id: str | None = None, category: str = "other",
                   lead_department: str = "", co_departments: Iterable[str] = (),
                   feedback_interval_days: int | None = None, escalated_to: str = "",
                   registered_on: date | str | None = None, deadline: date | str | None = None,
                   deadline_days: int | None = None, activity_id: str | None = None,
                   response_id: str | None = None, interview_id: str | None = None
                   ) -> dict[str, Any]:
    """A problem's column values checked against the grade rules (``ProblemValidationError``
    listing everything wrong), as ``log_problem`` and ``ledger_edit.edit_problem`` store
    them. Writes nothing."""
    problems: list[tuple[str, str, dict]] = []
    title = _plain(title).strip()
    if not title:
        problems.append(("title", N_("a title is required"), {}))
    elif len(title) > 200:
        problems.append(("title", N_("the title is too long (at most 200 characters)"), {}))
    if grade not in model.GRADE_CODES:
        problems.append(("grade", N_("“{value}” is not a grade (short_term, cross_department "
                                     "or systemic)"), {"value": grade}))
    if category not in {code for code, _ in categories(ws)}:
        problems.append(("category", N_("“{value}” is not a category"), {"value": category}))
    try:
        registered = parse_date(registered_on) or date.today()
        due = parse_date(deadline)
    except WorkError as exc:
        problems.append(("deadline", exc.msgid, exc.params))
        registered, due = date.today(), None
    if deadline_days is not None and not 1 <= int(deadline_days) <= MAX_DEADLINE_DAYS:
        problems.append(("deadline", N_("the deadline must be between 1 and {limit} days after "
                                        "registration"), {"limit": MAX_DEADLINE_DAYS}))
        deadline_days = None
    if grade == "short_term" and due is None:
        due = registered + timedelta(days=deadline_days or default_deadline_days(ws))
        try:
            model.check_in_range(due)
        except WorkError as exc:
            problems.append(("deadline", exc.msgid, exc.params))
    if due is not None and due < registered:
        problems.append(("deadline", N_("the deadline {deadline} is before the day the problem "
                                        "was registered ({registered})"),
                         {"deadline": due.isoformat(), "registered": registered.isoformat()}))
    departments = [_plain(d).strip() for d in co_departments if _plain(d).strip()]
    if grade == "cross_department":
        if not (lead_department or "").strip():
            problems.append(("lead_department", N_("a cross-department problem needs a lead "
                                                   "department"), {}))
        feedback_interval_days = feedback_interval_days or DEFAULT_FEEDBACK_INTERVAL
    if feedback_interval_days is not None and not 1 <= int(feedback_interval_days) <= 365:
        problems.append(("feedback_interval_days", N_("the feedback interval must be between 1 "
                                                      "and 365 days"), {}))
    worker_phone = (worker_phone or "").strip()
    if worker_phone and not _PHONE.match(worker_phone):
        problems.append(("worker_phone", N_("“{value}” is not a phone number"),
                         {"value": worker_phone}))
    for key, table, value, msgid in (
            ("site_id", "sites", site_id, N_("the chosen site does not exist")),
            ("org_unit_id", "org_units", org_unit_id, N_("the chosen org unit does not exist")),
            ("cadre_id", "cadres", cadre_id, N_("the chosen cadre does not exist")),
            ("activity_id", "activities", activity_id,
             N_("the chosen activity does not exist")),
            ("interview_id", "interview_notes", interview_id,
             N_("the chosen interview note does not exist"))):
        if not _exists(ws, table, value):
            problems.append((key, msgid, {}))
    if problems:
        raise ProblemValidationError(problems)
    if not org_unit_id and site_id:
        org_unit_id = ws.scalar("SELECT org_unit_id FROM sites WHERE id = ?", (site_id,))
    if not org_unit_id and cadre_id:
        org_unit_id = ws.scalar("SELECT org_unit_id FROM cadres WHERE id = ?", (cadre_id,))
    return {
        "title": title, "description": _plain(description).strip(), "grade": grade,
        "worker_name": "" if anonymous else _plain(worker_name).strip(),
        "worker_phone": "" if anonymous else worker_phone, "anonymous": int(bool(anonymous)),
        "site_id": site_id, "org_unit_id": org_unit_id, "cadre_id": cadre_id,
        "category": category, "lead_department": _plain(lead_department).strip(),
        "co_departments": "\n".join(departments),
        "feedback_interval_days": feedback_interval_days,
        "escalated_to": _plain(escalated_to).strip(),
        "registered_on": registered.isoformat(), "deadline": due.isoformat() if due else None,
        "activity_id": activity_id, "response_id": response_id, "interview_id": interview_id}


def _event(ws, problem_id: str, kind: str, on: date, from_status: str | None,
           to_status: str | None, note: str) -> str:
    return ws.insert("problem_events", {
        "problem_id": problem_id, "kind": kind, "on_date": on.isoformat(), "at": wall_time(),
        "actor_id": ws.actor_id, "from_status": from_status, "to_status": to_status,
        "note": note})


def _current(ws, problem_id: str) -> dict[str, Any]:
    row = ws.get("problems", problem_id)
    if row is None:
        from fieldkit.core.work.errors import ProblemNotFound

        raise ProblemNotFound(N_("No problem has the id “{problem}”."), problem=problem_id)
    return row


class _Refused(TransitionRefused):
    """A refusal naming statuses by their labels, translated when shown."""

    def message(self, language: str | None = None) -> str:
        params = {k: translate(model.label(model.STATUSES, v), language)
                  if k in ("current", "target", "expected") else v
                  for k, v in self.params.items()}
        try:
            return translate(self.msgid, language).format(**params)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**params)


def move(ws, problem_id: str, to_status: str, *, note: str = "", on: date | str | None = None,
         expected_from: str | None = None, escalated_to: str | None = None) -> dict[str, Any]:
    """Move a problem along the workflow; returns the problem's changed fields.

    Refused (``TransitionRefused``, nothing written): an unknown status, a move the
    workflow does not allow from the current status, the same status again (a double
    submit), a status other than ``expected_from`` when given (someone moved it meanwhile),
    escalating a problem that is not systemic or without the body it goes to, replying
    without the reply's text, reopening without a reason, a date before registration."""
    if to_status not in model.STATUS_CODES:
        raise WorkError(N_("“{value}” is not a status. Use one of: {choices}."),
                        value=to_status, choices=", ".join(model.STATUS_CODES))
    note = _plain(note).strip()
    day = parse_date(on) or date.today()
    with ws.transaction():
        row = _current(ws, problem_id)
        current = row["status"]
        if expected_from and current != expected_from:
            raise _Refused(N_("The problem was changed meanwhile: it is now “{current}”, not "
                              "“{expected}”. Nothing was changed."),
                           current=current, expected=expected_from)
        if current == to_status:
            raise _Refused(N_("The problem is already “{current}”. Nothing was changed."),
                           current=current)
        if to_status not in TRANSITIONS[current]:
            allowed = TRANSITIONS[current]
            raise _Refused(N_("A problem that is “{current}” cannot move to “{target}”. "
                              "Allowed next: {allowed}."), current=current, target=to_status,
                           allowed=", ".join(allowed))
        if day.isoformat() < row["registered_on"]:
            raise WorkError(N_("{day} is before the problem was registered ({registered})."),
                            day=day.isoformat(), registered=row["registered_on"])
        changes: dict[str, Any] = {"status": to_status, "last_feedback_on": day.isoformat()}
        reopening = current in DONE_STATUSES and to_status == "in_progress"
        if reopening:
            if not note:
                raise WorkError(N_("Reopening a problem needs a reason (--note)."))
            changes.update(resolved_on=None, replied_on=None, closed_on=None)
        if to_status == "escalated":
            if row["grade"] != "systemic":
                raise _Refused(N_("Only systemic problems are escalated; this one is handled "
                                  "by its own grade. Change its grade first."))
            body = _plain(escalated_to or row["escalated_to"]).strip()
            if not body:
                raise WorkError(N_("Say which body the problem is escalated to "
                                   "(--escalated-to)."))
            changes.update(escalated_to=body, escalated_on=day.isoformat())
        elif to_status == "resolved":
            changes["resolved_on"] = day.isoformat()
        elif to_status == "replied":
            if not note:
                raise WorkError(N_("Replying to the worker needs the reply's text (--note)."))
            changes["replied_on"] = day.isoformat()
        elif to_status == "closed":
            changes["closed_on"] = day.isoformat()
        _event(ws, problem_id, "status", day, current, to_status, note)
        if to_status == "replied":
            ws.insert("problem_replies", {"problem_id": problem_id, "on_date": day.isoformat(),
                                          "at": wall_time(), "actor_id": ws.actor_id,
                                          "text": note})
        return ws.update("problems", problem_id, changes)


def reply(ws, problem_id: str, text: str, *, on: date | str | None = None) -> None:
    """Reply to the worker: moves a resolved problem to 已回复; on a problem already replied
    to or closed, adds a further reply (the first is kept)."""
    text = _plain(text).strip()
    if not text:
        raise WorkError(N_("Replying to the worker needs the reply's text (--note)."))
    day = parse_date(on) or date.today()
    with ws.transaction():
        status = _current(ws, problem_id)["status"]
        if status == "resolved":
            move(ws, problem_id, "replied", note=text, on=day)
            return
        if status not in ("replied", "closed"):
            raise _Refused(N_("A problem that is “{current}” has not been resolved yet: record "
                              "progress as feedback instead of a reply."), current=status)
        ws.insert("problem_replies", {"problem_id": problem_id, "on_date": day.isoformat(),
                                      "at": wall_time(), "actor_id": ws.actor_id, "text": text})
        _event(ws, problem_id, "note", day, None, None, text)


def record_feedback(ws, problem_id: str, note: str, *, on: date | str | None = None) -> None:
    """Progress fed back to the worker (resets a cross-department problem's feedback clock)."""
    note = _plain(note).strip()
    if not note:
        raise WorkError(N_("Feedback needs a note saying what the worker was told."))
    day = parse_date(on) or date.today()
    with ws.transaction():
        _current(ws, problem_id)
        _event(ws, problem_id, "feedback", day, None, None, note)
        ws.update("problems", problem_id, {"last_feedback_on": day.isoformat()})


def rate(ws, problem_id: str, rating: str, *, comment: str = "", on: date | str | None = None,
         response_id: str | None = None) -> str:
    """Record the worker's satisfaction (满意 / 基本满意 / 不满意) with a resolved problem.
    Each rating is a new row: a later one never overwrites an earlier one."""
    if rating not in model.RATING_CODES:
        raise WorkError(N_("“{value}” is not a rating. Use one of: {choices}."), value=rating,
                        choices=", ".join(model.RATING_CODES))
    day = parse_date(on) or date.today()
    with ws.transaction():
        row = _current(ws, problem_id)
        if row["status"] not in DONE_STATUSES:
            raise _Refused(N_("A problem that is “{current}” has not been resolved yet, so the "
                              "worker cannot rate it."), current=row["status"])
        return ws.insert("problem_ratings", {
            "problem_id": problem_id, "on_date": day.isoformat(), "at": wall_time(),
            "actor_id": ws.actor_id, "rating": rating, "comment": _plain(comment).strip(),
            "response_id": response_id})


def timeline(ws, problem_id: str) -> list[dict[str, Any]]:
    """Everything that happened to a problem, oldest first: status changes, feedback,
    replies and ratings, each with who (the cadre's name when known), when and the note."""
    _current(ws, problem_id)
    rows = ws.query(
        "SELECT e.hlc AS hlc, e.kind AS kind, e.on_date AS on_date, e.at AS at, e.from_status, e.to_status,"
        " e.note AS text, NULL AS rating, c.name AS actor_name FROM problem_events e"
        " LEFT JOIN cadres c ON c.id = e.actor_id WHERE e.problem_id = ? AND e.kind != 'note'"
        " UNION ALL SELECT r.hlc, 'reply', r.on_date, r.at, NULL, NULL, r.text, NULL, c.name"
        " FROM problem_replies r LEFT JOIN cadres c ON c.id = r.actor_id WHERE r.problem_id = ?"
        " UNION ALL SELECT g.hlc, 'rating', g.on_date, g.at, NULL, NULL, g.comment, g.rating,"
        " c.name FROM problem_ratings g LEFT JOIN cadres c ON c.id = g.actor_id"
        " WHERE g.problem_id = ? ORDER BY on_date, hlc",
        (problem_id, problem_id, problem_id))
    return [{k: r[k] for k in r.keys() if k != "hlc"} for r in rows]
