"""The problem ledger: grades and their rules, the status workflow, history, replies,
ratings, overdue detection, personal data, double submits."""

import threading
from datetime import date

import pytest

from fieldkit.core import i18n
from fieldkit.core.work import ledger, queries
from fieldkit.core.work.errors import TransitionRefused, WorkError
from fieldkit.core.work.ledger import ProblemValidationError
from fieldkit.core.work.model import ProblemFilter


def _short(ws, **kw):
    values = dict(title="宿舍空调坏了", grade="short_term", site_id=ws.ids["site_city"],
                  registered_on="2024-05-01", category="housing_commute")
    values.update(kw)
    return ledger.log_problem(ws, **values)


def test_short_term_gets_the_default_deadline_and_it_is_configurable(work_ws):
    pid = _short(work_ws)
    p = queries.get_problem(work_ws, pid)
    assert p["deadline"] == "2024-05-16" and p["status"] == "registered"
    assert p["org_unit_id"] == work_ws.ids["city"]  # from the site
    ledger.set_default_deadline_days(work_ws, 7)
    assert queries.get_problem(work_ws, _short(work_ws))["deadline"] == "2024-05-08"
    assert queries.get_problem(work_ws, _short(work_ws, deadline="2024-06-30"))["deadline"] \
        == "2024-06-30"


def test_every_rule_broken_is_reported_at_once_and_nothing_written(work_ws):
    with pytest.raises(ProblemValidationError) as err:
        ledger.log_problem(work_ws, title=" ", grade="cross_department", category="nonsense",
                           registered_on="2024-05-10", deadline="2024-05-01",
                           worker_phone="abc")
    fields = [f for f, _, _ in err.value.problems]
    assert fields == ["title", "category", "deadline", "lead_department", "worker_phone"]
    i18n.set_language("zh_CN")
    assert "牵头部门" in err.value.message()
    assert work_ws.scalar("SELECT count(*) FROM problems") == 0


def test_cross_department_and_systemic_rules(work_ws):
    pid = ledger.log_problem(work_ws, title="工资拖欠", grade="cross_department",
                             lead_department="人社局", co_departments=["住建委", " ", "法院"],
                             registered_on="2024-05-01")
    p = queries.get_problem(work_ws, pid)
    assert p["feedback_interval_days"] == 14 and p["co_departments"] == ["住建委", "法院"]
    assert p["deadline"] is None
    # feedback interval missed after 14 days without feedback
    assert queries.get_problem(work_ws, pid, today=date(2024, 5, 15))["feedback_overdue"] is False
    assert queries.get_problem(work_ws, pid, today=date(2024, 5, 16))["feedback_overdue"] is True
    ledger.record_feedback(work_ws, pid, "已协调人社局", on="2024-05-10")
    assert queries.get_problem(work_ws, pid, today=date(2024, 5, 16))["feedback_overdue"] is False

    systemic = ledger.log_problem(work_ws, title="高原津贴标准", grade="systemic",
                                  registered_on="2024-05-01")
    ledger.move(work_ws, systemic, "accepted", on="2024-05-02")
    with pytest.raises(WorkError, match="escalated to"):
        ledger.move(work_ws, systemic, "escalated", on="2024-05-03")
    ledger.move(work_ws, systemic, "escalated", on="2024-05-03", escalated_to="全国总工会")
    p = queries.get_problem(work_ws, systemic)
    assert (p["status"], p["escalated_to"], p["escalated_on"]) == \
        ("escalated", "全国总工会", "2024-05-03")
    # a short-term problem is never escalated
    short = _short(work_ws)
    ledger.move(work_ws, short, "accepted", on="2024-05-02")
    with pytest.raises(TransitionRefused, match="Only systemic"):
        ledger.move(work_ws, short, "escalated", escalated_to="全国总工会")


def test_the_workflow_to_closure_with_its_timeline(work_ws):
    work_ws.actor_id = work_ws.ids["zhao"]
    pid = _short(work_ws, worker_name="王师傅", worker_phone="138 0000 1111")
    for status, day in (("accepted", "2024-05-02"), ("in_progress", "2024-05-03"),
                        ("resolved", "2024-05-09")):
        ledger.move(work_ws, pid, status, on=day)
    ledger.move(work_ws, pid, "replied", on="2024-05-10", note="空调已更换")
    ledger.move(work_ws, pid, "closed", on="2024-05-12", note="职工确认")
    p = queries.get_problem(work_ws, pid)
    assert (p["resolved_on"], p["replied_on"], p["closed_on"]) == \
        ("2024-05-09", "2024-05-10", "2024-05-12")
    steps = [(t["kind"], t["from_status"], t["to_status"]) for t in ledger.timeline(work_ws, pid)]
    assert steps == [("status", None, "registered"), ("status", "registered", "accepted"),
                     ("status", "accepted", "in_progress"), ("status", "in_progress", "resolved"),
                     ("status", "resolved", "replied"), ("reply", None, None),
                     ("status", "replied", "closed")]
    assert {t["actor_name"] for t in ledger.timeline(work_ws, pid)} == {"赵一"}
    # reopen needs a reason, and clears the done dates (the history keeps them)
    with pytest.raises(WorkError, match="reason"):
        ledger.move(work_ws, pid, "in_progress", on="2024-06-01")
    ledger.move(work_ws, pid, "in_progress", on="2024-06-01", note="空调又坏了")
    p = queries.get_problem(work_ws, pid)
    assert p["status"] == "in_progress" and p["resolved_on"] is None and p["closed_on"] is None
    assert len(ledger.timeline(work_ws, pid)) == 8


def test_illegal_moves_are_refused_with_a_translated_message(work_ws):
    pid = _short(work_ws)
    with pytest.raises(TransitionRefused) as err:
        ledger.move(work_ws, pid, "closed")
    assert "Registered (登记)" in err.value.message("en")
    assert "Allowed next: accepted" in err.value.message("en")
    zh = err.value.message("zh_CN")
    assert "登记" in zh and "销号" in zh and "cannot" not in zh
    with pytest.raises(WorkError):
        ledger.move(work_ws, pid, "bogus")
    with pytest.raises(WorkError, match="before the problem was registered"):
        ledger.move(work_ws, pid, "accepted", on="2024-04-01")
    assert work_ws.scalar("SELECT count(*) FROM problem_events") == 1
    assert queries.get_problem(work_ws, pid)["status"] == "registered"


def test_a_double_submit_is_refused_and_writes_once(work_ws, tmp_path):
    from fieldkit.core.store.workspace import Workspace

    pid = _short(work_ws)
    ledger.move(work_ws, pid, "accepted", on="2024-05-02")
    with pytest.raises(TransitionRefused, match="already"):
        ledger.move(work_ws, pid, "accepted", on="2024-05-02")
    with pytest.raises(TransitionRefused, match="changed meanwhile"):
        ledger.move(work_ws, pid, "in_progress", expected_from="registered")
    # two connections moving the same problem at once: one wins, the other is refused
    results = []

    def attempt():
        ws = Workspace.open(work_ws.path)
        try:
            ledger.move(ws, pid, "in_progress", on="2024-05-03")
            results.append("moved")
        except TransitionRefused:
            results.append("refused")
        finally:
            ws.close()
    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["moved", "refused"]
    assert work_ws.scalar("SELECT count(*) FROM problem_events WHERE to_status = 'in_progress'") == 1


def test_ratings_accumulate_and_replies_too(work_ws):
    pid = _short(work_ws)
    with pytest.raises(TransitionRefused):
        ledger.rate(work_ws, pid, "satisfied")
    for status in ("accepted", "in_progress", "resolved"):
        ledger.move(work_ws, pid, status, on="2024-05-05")
    ledger.reply(work_ws, pid, "已修好", on="2024-05-06")
    ledger.reply(work_ws, pid, "补充：已加装遮阳棚", on="2024-05-07")
    ledger.rate(work_ws, pid, "unsatisfied", comment="太慢", on="2024-05-06")
    ledger.rate(work_ws, pid, "satisfied", on="2024-05-20")
    assert work_ws.scalar("SELECT count(*) FROM problem_replies") == 2
    assert [r["rating"] for r in work_ws.query(
        "SELECT rating FROM problem_ratings ORDER BY on_date")] == ["unsatisfied", "satisfied"]
    assert queries.get_problem(work_ws, pid)["latest_rating"] == "satisfied"
    with pytest.raises(WorkError):
        ledger.rate(work_ws, pid, "great")


def test_overdue_and_personal_data_in_lists(work_ws):
    late = _short(work_ws, title="食堂饭菜", worker_name="李师傅", worker_phone="13900001111")
    done = _short(work_ws, title="安全帽")
    for status in ("accepted", "in_progress", "resolved"):
        ledger.move(work_ws, done, status, on="2024-05-05")
    rows = queries.list_problems(work_ws, today=date(2024, 6, 1))
    assert {r["id"]: r["overdue"] for r in rows} == {late: True, done: False}
    assert "worker_name" not in rows[0] and "worker_phone" not in rows[0]
    with_personal = queries.list_problems(work_ws, ProblemFilter(include_personal=True),
                                          today=date(2024, 6, 1))
    assert {r["worker_name"] for r in with_personal} == {"李师傅", ""}
    only = queries.list_problems(work_ws, ProblemFilter(overdue_only=True), today=date(2024, 6, 1))
    assert [r["id"] for r in only] == [late]
    assert queries.list_problems(work_ws, today=date(2024, 5, 16))[0]["overdue"] is False


def test_anonymous_keeps_no_name_and_scope_includes_children(work_ws):
    pid = _short(work_ws, anonymous=True, worker_name="不该存", site_id=work_ws.ids["site_district"])
    assert queries.get_problem(work_ws, pid)["worker_name"] == ""
    city = queries.list_problems(work_ws, ProblemFilter(org_unit_id=work_ws.ids["city"]))
    other = queries.list_problems(work_ws, ProblemFilter(org_unit_id=work_ws.ids["other"]))
    assert [r["id"] for r in city] == [pid] and other == []


def test_short_ids_resolve(work_ws):
    pid = _short(work_ws)
    assert queries.resolve_problem_id(work_ws, pid[:8]) == pid
    with pytest.raises(WorkError):
        queries.resolve_problem_id(work_ws, "zzzzzzzz")
