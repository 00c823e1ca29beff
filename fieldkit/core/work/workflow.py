"""What can be done next with a problem, for a screen that offers only legal actions.

``next_moves(problem)`` lists the statuses the workflow (``ledger.TRANSITIONS``) allows
from the problem's current one, with what each needs (a note for a reply or a reopening,
the body for an escalation), leaving out escalation for problems that are not systemic
(``ledger.move`` would refuse it). ``problem_standing(ws, problem_id)`` says whether the
problem is a typical-case candidate and whose focus it is, for the problem's own view.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fieldkit.core.work.ledger import TRANSITIONS
from fieldkit.core.work.model import DONE_STATUSES, OPEN_STATUSES


def next_moves(problem: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"status", "reopen", "needs_note", "needs_body"}]`` in the workflow's order."""
    current = problem["status"]
    moves = []
    for status in TRANSITIONS[current]:
        if status == "escalated" and problem["grade"] != "systemic":
            continue
        reopen = current in DONE_STATUSES and status == "in_progress"
        moves.append({"status": status, "reopen": reopen,
                      "needs_note": reopen or status == "replied",
                      "needs_body": status == "escalated"})
    return moves


def feedback_due(problem: dict[str, Any]) -> str | None:
    """The day the worker should next hear of progress on an open problem with a feedback
    interval: its interval after the last feedback (or registration), as
    ``queries.FEEDBACK_OVERDUE_SQL`` judges it. None when nothing is due."""
    interval = problem.get("feedback_interval_days")
    if not interval or problem["grade"] != "cross_department" \
            or problem["status"] not in OPEN_STATUSES:
        return None
    since = date.fromisoformat(problem.get("last_feedback_on") or problem["registered_on"])
    return (since + timedelta(days=int(interval))).isoformat()


def can_be_rated(problem: dict[str, Any]) -> bool:
    """A worker rates a problem once it is resolved (and may rate it again later)."""
    return problem["status"] in DONE_STATUSES


def problem_standing(ws, problem_id: str) -> dict[str, list[dict[str, Any]]]:
    """The problem's typical-case nominations (half year, rank, selected, write-up) and the
    leaders focusing on it (quarter, leader's name), withdrawn ones left out."""
    cases = [dict(r) for r in ws.query(
        "SELECT id, half_year, write_up, rank, selected FROM typical_cases"
        " WHERE problem_id = ? AND withdrawn = 0 ORDER BY half_year", (problem_id,))]
    focus = [dict(r) for r in ws.query(
        "SELECT f.id, f.quarter, f.leader_id, c.name AS leader_name FROM problem_focus f"
        " JOIN cadres c ON c.id = f.leader_id WHERE f.problem_id = ? AND f.withdrawn = 0"
        " ORDER BY f.quarter, c.name", (problem_id,))]
    for case in cases:
        case["selected"] = bool(case["selected"])
    return {"cases": cases, "focus": focus}


def withdraw_focus(ws, focus_id: str) -> None:
    """A leader no longer takes up this problem this quarter (kept in the history, no
    longer listed or counted), so another can be chosen."""
    from fieldkit.core.i18n import N_
    from fieldkit.core.work.errors import WorkError

    with ws.transaction():
        if not ws.scalar("SELECT 1 FROM problem_focus WHERE id = ? AND withdrawn = 0",
                         (focus_id,)):
            raise WorkError(N_("This focus problem was already withdrawn."))
        ws.update("problem_focus", focus_id, {"withdrawn": 1})
