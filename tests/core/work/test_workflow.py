"""What a screen may offer next: legal moves by status and grade; withdrawing a focus."""

import pytest

from fieldkit.core.work import cases, ledger, workflow
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.queries import get_problem


def _moves(problem):
    return [(m["status"], m["needs_note"]) for m in workflow.next_moves(problem)]


def test_next_moves_follow_the_workflow_and_the_grade(work_ws):
    ws = work_ws
    short = ledger.log_problem(ws, title="食堂", grade="short_term", registered_on="2024-05-01")
    systemic = ledger.log_problem(ws, title="标准", grade="systemic", registered_on="2024-05-01")
    assert _moves(get_problem(ws, short)) == [("accepted", False)]
    for pid in (short, systemic):
        ledger.move(ws, pid, "accepted", on="2024-05-02")
    assert _moves(get_problem(ws, short)) == [("in_progress", False)]       # no escalation
    assert _moves(get_problem(ws, systemic)) == [("in_progress", False), ("escalated", False)]
    assert workflow.next_moves(get_problem(ws, systemic))[1]["needs_body"]
    for status in ("in_progress", "resolved"):
        ledger.move(ws, short, status, on="2024-05-03")
    problem = get_problem(ws, short)
    assert _moves(problem) == [("replied", True), ("in_progress", True)]
    assert [m["reopen"] for m in workflow.next_moves(problem)] == [False, True]
    assert workflow.can_be_rated(problem) and not workflow.can_be_rated(get_problem(ws, systemic))
    # every move offered is one core accepts
    for move in workflow.next_moves(get_problem(ws, systemic)):
        assert move["status"] in ledger.TRANSITIONS["accepted"]


def test_withdraw_focus_frees_the_leaders_slot(work_ws):
    ws = work_ws
    ids = [ledger.log_problem(ws, title=f"问题{i}", grade="short_term",
                             registered_on="2024-05-01") for i in range(3)]
    leader = ws.ids["zhao"]
    first = cases.set_focus(ws, ids[0], leader, "2024-Q2")
    cases.set_focus(ws, ids[1], leader, "2024-Q2")
    with pytest.raises(WorkError):
        cases.set_focus(ws, ids[2], leader, "2024-Q2")
    workflow.withdraw_focus(ws, first)
    cases.set_focus(ws, ids[2], leader, "2024-Q2")
    assert {f["problem_id"] for f in cases.focus_problems(ws, "2024-Q2")} == {ids[1], ids[2]}
    with pytest.raises(WorkError):
        workflow.withdraw_focus(ws, first)
    standing = workflow.problem_standing(ws, ids[2])
    assert [f["quarter"] for f in standing["focus"]] == ["2024-Q2"] and standing["cases"] == []


def test_feedback_due_matches_the_overdue_rule(work_ws):
    from datetime import date

    pid = ledger.log_problem(work_ws, title="工资", grade="cross_department",
                             lead_department="人社局", registered_on="2024-05-01",
                             feedback_interval_days=10)
    problem = get_problem(work_ws, pid, today=date(2024, 5, 11))
    assert workflow.feedback_due(problem) == "2024-05-11" and not problem["feedback_overdue"]
    assert get_problem(work_ws, pid, today=date(2024, 5, 12))["feedback_overdue"]
    ledger.record_feedback(work_ws, pid, "已联系", on="2024-05-08")
    assert workflow.feedback_due(get_problem(work_ws, pid)) == "2024-05-18"
    short = ledger.log_problem(work_ws, title="食堂", grade="short_term", registered_on="2024-05-01")
    assert workflow.feedback_due(get_problem(work_ws, short)) is None
