"""Filling the built-in 问题办理满意度回访 questionnaire from a problem records its rating."""

import pytest

from fieldkit.core import responses
from fieldkit.core.forms.store import load_builtin_forms
from fieldkit.core.work import followup, ledger, queries
from fieldkit.core.work.errors import TransitionRefused


def _resolved(ws):
    pid = ledger.log_problem(ws, title="夜班职工就餐不便", grade="short_term",
                             site_id=ws.ids["site_city"], registered_on="2024-05-01")
    for status in ("accepted", "in_progress", "resolved"):
        ledger.move(ws, pid, status, on="2024-05-05")
    return pid


ANSWERS = {"followup_method": "phone", "reached": "yes", "respondent_role": "self",
           "problem_category": "living_conditions", "kept_informed": "regularly",
           "replied_in_time": "yes", "days_to_reply": 4, "resolved": "resolved",
           "satisfaction": "4", "timeliness_rating": "4", "attitude_rating": "5",
           "want_followup": "no", "would_return": "yes", "nominate_typical_case": "yes",
           "suggestions": "食堂夜间开放了"}


def test_a_followup_records_the_rating_once(work_ws):
    load_builtin_forms(work_ws)
    pid = _resolved(work_ws)
    rid = followup.start_followup(work_ws, pid)
    draft = responses.get(work_ws, rid)["answers"]
    assert draft["problem_ref"] == pid and draft["problem_grade"] == "time_limited"
    answers = {**draft, **ANSWERS}
    rating_id = followup.finalise_followup(work_ws, rid, answers)
    assert rating_id is not None
    assert queries.get_problem(work_ws, pid)["latest_rating"] == "satisfied"
    row = work_ws.get("problem_ratings", rating_id)
    assert row["response_id"] == rid and row["comment"] == "食堂夜间开放了"
    assert followup.rating_from_followup(work_ws, rid) == rating_id  # once per response
    assert work_ws.scalar("SELECT count(*) FROM problem_ratings") == 1


def test_an_unresolved_problem_refuses_and_nothing_is_finalised(work_ws):
    load_builtin_forms(work_ws)
    pid = ledger.log_problem(work_ws, title="宿舍漏雨", grade="short_term",
                             site_id=work_ws.ids["site_city"], registered_on="2024-05-01")
    rid = followup.start_followup(work_ws, pid)
    answers = {**responses.get(work_ws, rid)["answers"], **ANSWERS, "satisfaction": "5"}
    with pytest.raises(TransitionRefused):
        followup.finalise_followup(work_ws, rid, answers)
    assert responses.get(work_ws, rid)["status"] == "draft"  # both or neither
    assert work_ws.scalar("SELECT count(*) FROM problem_ratings") == 0
