"""The built-in 问题办理满意度回访 questionnaire (form ``problem_followup``) and the ledger.

``start_followup`` begins a follow-up response pre-filled from a problem (its ledger
number, title, site, grade, date raised). ``finalise_followup`` finalises it and records
the worker's rating on that problem in the same transaction, so the follow-up call and
the ledger never disagree. The form's 1-5 satisfaction maps onto the ledger's three
ratings: 4-5 满意, 3 基本满意, 1-2 不满意. Recording is idempotent per response.

Only the responses wing's public functions are used (``start``, ``get``, ``finalise``).
"""

from __future__ import annotations

from typing import Any

from fieldkit.core import responses
from fieldkit.core.work import ledger
from fieldkit.core.work.queries import get_problem, resolve_problem_id

FORM_ID = "problem_followup"
RATING_FOR_SCORE = {"5": "satisfied", "4": "satisfied", "3": "basic", "2": "unsatisfied",
                    "1": "unsatisfied"}
FORM_GRADE = {"short_term": "time_limited", "cross_department": "multi_department",
              "systemic": "escalated"}


def start_followup(ws, problem_id: str, *, cadre_id: str | None = None) -> str:
    """A draft follow-up response for a problem, with what the ledger already knows."""
    problem = get_problem(ws, problem_id)
    answers: dict[str, Any] = {
        "problem_ref": problem["id"], "problem_summary": problem["title"],
        "site_name": problem.get("site_name") or "", "raised_date": problem["registered_on"],
        "problem_grade": FORM_GRADE[problem["grade"]]}
    return responses.start(ws, FORM_ID, site_id=problem["site_id"], cadre_id=cadre_id,
                           activity_id=problem["activity_id"], answers=answers)


def finalise_followup(ws, response_id: str, answers: dict[str, Any],
                      metadata: dict[str, str] | None = None) -> str | None:
    """Finalise a follow-up response and record its rating on the problem, in one
    transaction (either both are written or neither). Returns the rating's id, or None
    when the worker was not reached or gave no overall satisfaction."""
    with ws.transaction():
        responses.finalise(ws, response_id, answers, metadata)
        return rating_from_followup(ws, response_id)


def rating_from_followup(ws, response_id: str) -> str | None:
    """Record the rating a completed follow-up response carries (once per response)."""
    response = responses.get(ws, response_id)
    if response["form_id"] != FORM_ID or response["status"] != "complete":
        return None
    answers = response["answers"]
    rating = RATING_FOR_SCORE.get(str(answers.get("satisfaction") or ""))
    if answers.get("reached") == "no" or rating is None or not answers.get("problem_ref"):
        return None
    existing = ws.scalar("SELECT id FROM problem_ratings WHERE response_id = ?", (response_id,))
    if existing:
        return existing
    problem_id = resolve_problem_id(ws, str(answers["problem_ref"]))
    day = (response.get("finished_at") or "")[:10] or None
    return ledger.rate(ws, problem_id, rating, comment=str(answers.get("suggestions") or ""),
                       on=day, response_id=response_id)
