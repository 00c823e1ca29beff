"""Editing a problem's details under its grade's rules; only what changed is written."""

import pytest

from fieldkit.core.work import ledger, ledger_edit, queries
from fieldkit.core.work.ledger import ProblemValidationError


def test_edit_keeps_the_rules_and_writes_only_changes(work_ws):
    ws = work_ws
    pid = ledger.log_problem(ws, title="食堂太贵", grade="short_term", registered_on="2024-05-01",
                             site_id=ws.ids["site_city"], worker_name="王五")
    before = ws.scalar("SELECT count(*) FROM journal")
    assert ledger_edit.edit_problem(ws, pid, title="食堂太贵") == {}
    assert ws.scalar("SELECT count(*) FROM journal") == before
    with pytest.raises(ProblemValidationError) as err:
        ledger_edit.edit_problem(ws, pid, grade="cross_department", deadline="2024-04-01")
    assert [f for f, _, _ in err.value.problems] == ["deadline", "lead_department"]
    assert queries.get_problem(ws, pid)["grade"] == "short_term"
    changed = ledger_edit.edit_problem(ws, pid, grade="cross_department", lead_department="人社局",
                                       co_departments=["住建委"], site_id=ws.ids["site_other"])
    assert set(changed) == {"grade", "lead_department", "co_departments",
                            "feedback_interval_days", "site_id", "org_unit_id"}
    p = queries.get_problem(ws, pid)
    assert p["feedback_interval_days"] == 14 and p["org_unit_id"] == ws.ids["other"]
    assert p["registered_on"] == "2024-05-01" and p["worker_name"] == "王五"
    ledger_edit.edit_problem(ws, pid, anonymous=True)
    assert queries.get_problem(ws, pid)["worker_name"] == ""
