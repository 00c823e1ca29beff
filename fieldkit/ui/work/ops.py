"""Database-thread functions of the ledger pages: each calls core and returns plain data."""

from __future__ import annotations

from typing import Any

from fieldkit.core.work import directory, ledger, ledger_list


def choices(ws) -> dict[str, Any]:
    """What the filters and the problem dialog offer: sites, org units, cadres (id, name),
    categories (code, msgid or the name a user added), the default deadline in days."""
    return {"sites": directory.choices_for(ws, "sites"),
            "org_units": directory.choices_for(ws, "org_units"),
            "cadres": directory.choices_for(ws, "cadres"),
            "categories": ledger.categories(ws),
            "deadline_days": ledger.default_deadline_days(ws)}


def load_problem(ws, problem_id: str) -> dict[str, Any]:
    """One problem with its personal fields (for its own dialog and view)."""
    from fieldkit.core.work.queries import get_problem

    return get_problem(ws, problem_id, include_personal=True, shown_names=True)


def link_choices(ws, site_id: str | None) -> dict[str, list[tuple[str, str]]]:
    """Activities and responses a problem can be linked to (at its site when chosen)."""
    from fieldkit.core.work import links

    return links.link_choices(ws, site_id)


def save_problem(ws, problem_id: str | None, values: dict[str, Any]) -> str:
    """Register a new problem or change one's details; returns its id."""
    from fieldkit.core.work import ledger_edit

    if problem_id is None:
        return ledger.log_problem(ws, **values)
    values = {k: v for k, v in values.items() if k in ledger_edit.EDITABLE}
    ledger_edit.edit_problem(ws, problem_id, **values)
    return problem_id


def problem_view(ws, problem_id: str) -> dict[str, Any]:
    """Everything the problem's view shows: the problem, its timeline, the legal next
    moves, its typical-case and focus standing, the cadres (for a leader's focus)."""
    from fieldkit.core.work import workflow
    from fieldkit.core.work.queries import get_problem

    from fieldkit.core.store import attachments as attachment_store

    problem = get_problem(ws, problem_id, include_personal=True, shown_names=True)
    problem["attachment_names"] = [
        (info or {}).get("file_name", ref) for ref in problem.get("attachments", [])
        for info in [attachment_store.info(ws, ref)]]
    problem["days_overdue"] = ledger_list.days_overdue(problem)
    problem["feedback_due"] = workflow.feedback_due(problem)
    return {"problem": problem, "timeline": ledger.timeline(ws, problem_id),
            "moves": workflow.next_moves(problem), "can_rate": workflow.can_be_rated(problem),
            "standing": workflow.problem_standing(ws, problem_id),
            "cadres": directory.choices_for(ws, "cadres")}


def move(ws, problem_id: str, status: str, note: str, on: str | None, expected_from: str,
         escalated_to: str | None) -> dict[str, Any]:
    ledger.move(ws, problem_id, status, note=note, on=on, expected_from=expected_from,
                escalated_to=escalated_to)
    return problem_view(ws, problem_id)


def reply(ws, problem_id: str, text: str, on: str | None) -> dict[str, Any]:
    ledger.reply(ws, problem_id, text, on=on)
    return problem_view(ws, problem_id)


def feedback(ws, problem_id: str, note: str, on: str | None) -> dict[str, Any]:
    ledger.record_feedback(ws, problem_id, note, on=on)
    return problem_view(ws, problem_id)


def rate(ws, problem_id: str, rating: str, comment: str, on: str | None) -> dict[str, Any]:
    ledger.rate(ws, problem_id, rating, comment=comment, on=on)
    return problem_view(ws, problem_id)


def nominate(ws, problem_id: str, write_up: str, half_year: str | None) -> dict[str, Any]:
    from fieldkit.core.work import cases

    cases.nominate_case(ws, problem_id, write_up, half_year=half_year or None)
    return problem_view(ws, problem_id)


def focus(ws, problem_id: str, leader_id: str, quarter: str) -> dict[str, Any]:
    from fieldkit.core.work import cases

    cases.set_focus(ws, problem_id, leader_id, quarter)
    return problem_view(ws, problem_id)


def start_followup(ws, problem_id: str, cadre_id: str | None) -> str:
    """A draft of the 问题办理满意度回访 questionnaire pre-filled from the problem."""
    from fieldkit.core.work import followup

    return followup.start_followup(ws, problem_id, cadre_id=cadre_id)


def cases_view(ws, half_year: str, quarter: str) -> dict[str, Any]:
    """A half year's typical-case candidates; a quarter's leaders' focus problems with
    their progress, and the leaders with none yet."""
    from fieldkit.core.work import cases
    from fieldkit.core.work.model import Period

    Period.parse(half_year)
    Period.parse(quarter)
    return {"half_year": half_year, "quarter": quarter,
            "candidates": cases.candidates(ws, half_year),
            "focus": cases.focus_problems(ws, quarter),
            "without_focus": cases.leaders_without_focus(ws, quarter)}


def rank_cases(ws, half_year: str, case_ids: list[str], quarter: str) -> dict[str, Any]:
    from fieldkit.core.work import cases

    cases.rank_cases(ws, half_year, case_ids)
    return cases_view(ws, half_year, quarter)


def select_cases(ws, half_year: str, case_ids: list[str], quarter: str) -> dict[str, Any]:
    from fieldkit.core.work import cases

    cases.select_cases(ws, half_year, case_ids)
    return cases_view(ws, half_year, quarter)


def withdraw_case(ws, half_year: str, case_id: str, quarter: str) -> dict[str, Any]:
    from fieldkit.core.work import cases

    cases.withdraw_case(ws, case_id)
    return cases_view(ws, half_year, quarter)


def withdraw_focus(ws, half_year: str, focus_id: str, quarter: str) -> dict[str, Any]:
    from fieldkit.core.work import workflow

    workflow.withdraw_focus(ws, focus_id)
    return cases_view(ws, half_year, quarter)
