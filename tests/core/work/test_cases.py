"""Typical cases (nominate, rank, select ten) and leaders' focus problems."""

from datetime import date

import pytest

from fieldkit.core.work import cases, ledger
from fieldkit.core.work.errors import WorkError


def _resolved(ws, title, day="2024-05-10"):
    pid = ledger.log_problem(ws, title=title, grade="short_term", site_id=ws.ids["site_city"],
                             registered_on="2024-05-01")
    for status in ("accepted", "in_progress", "resolved"):
        ledger.move(ws, pid, status, on=day)
    return pid


def test_nominate_rank_and_select(work_ws):
    open_one = ledger.log_problem(work_ws, title="未办结", grade="short_term",
                                  registered_on="2024-05-01")
    with pytest.raises(WorkError, match="Only a resolved"):
        cases.nominate_case(work_ws, open_one, "写得很好")
    ids = [cases.nominate_case(work_ws, _resolved(work_ws, f"案例{i}"), f"经验{i}",
                               on="2024-06-01") for i in range(12)]
    first = cases.candidates(work_ws, "2024-H1")
    assert len(first) == 12 and first[0]["half_year"] == "2024-H1"
    pid = first[0]["problem_id"]
    with pytest.raises(WorkError, match="already a candidate"):
        cases.nominate_case(work_ws, pid, "again")
    with pytest.raises(WorkError):
        cases.nominate_case(work_ws, pid, "  ")
    cases.rank_cases(work_ws, "2024-H1", [ids[5], ids[2]])
    assert [c["id"] for c in cases.candidates(work_ws, "2024-H1")][:2] == [ids[5], ids[2]]
    with pytest.raises(WorkError, match="At most 10"):
        cases.select_cases(work_ws, "2024-H1", ids[:11])
    cases.select_cases(work_ws, "2024-H1", ids[:10])
    assert sum(c["selected"] for c in cases.candidates(work_ws, "2024-H1")) == 10
    cases.select_cases(work_ws, "2024-H1", ids[:3])
    assert sum(c["selected"] for c in cases.candidates(work_ws, "2024-H1")) == 3
    cases.withdraw_case(work_ws, ids[0])
    assert len(cases.candidates(work_ws, "2024-H1")) == 11
    assert cases.candidates(work_ws, "2024-H2") == []


def test_leaders_focus_one_or_two_a_quarter(work_ws):
    zhao, qian = work_ws.ids["zhao"], work_ws.ids["qian"]
    p = [ledger.log_problem(work_ws, title=f"聚焦{i}", grade="short_term",
                            registered_on="2024-04-01") for i in range(3)]
    cases.set_focus(work_ws, p[0], zhao, "2024-Q2")
    cases.set_focus(work_ws, p[0], zhao, "2024-Q2")  # twice: still one
    cases.set_focus(work_ws, p[1], zhao, "2024-Q2")
    with pytest.raises(WorkError, match="at most 2"):
        cases.set_focus(work_ws, p[2], zhao, "2024-Q2")
    cases.set_focus(work_ws, p[2], qian, "2024-Q1")
    focus = cases.focus_problems(work_ws, "2024-Q2", today=date(2024, 5, 1))
    assert [f["title"] for f in focus] == ["聚焦0", "聚焦1"]
    assert focus[0]["overdue"] is True  # default 15-day deadline passed
    assert [r["name"] for r in cases.leaders_without_focus(work_ws, "2024-Q2")] == ["钱二"]
