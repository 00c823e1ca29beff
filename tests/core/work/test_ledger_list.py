"""The ledger's list a page at a time: counts, orders, pages that never overlap, status
groups and periods by the day a KPI counts them."""

from datetime import date

from fieldkit.core.work import ledger, ledger_list, queries
from fieldkit.core.work.model import ProblemFilter

TODAY = date(2024, 7, 1)


def _problems(ws):
    ids = []
    for i in range(25):
        ids.append(ledger.log_problem(
            ws, title=f"问题{i:02d}", grade="short_term", site_id=ws.ids["site_city"],
            registered_on=f"2024-05-{i + 1:02d}", deadline=f"2024-06-{i + 1:02d}"))
    for pid in ids[:5]:
        for status in ("accepted", "in_progress", "resolved"):
            ledger.move(ws, pid, status, on="2024-06-10")
    return ids


def test_pages_cover_the_list_once_in_order(work_ws):
    ids = _problems(work_ws)
    flt = ProblemFilter()
    assert ledger_list.count_problems(work_ws, flt, today=TODAY) == 25
    seen = []
    for offset in range(0, 30, 10):
        seen += ledger_list.problem_page(work_ws, flt, offset, 10, order_by="title",
                                         descending=False, today=TODAY)
    assert [r["title"] for r in seen] == [f"问题{i:02d}" for i in range(25)]
    assert {r["id"] for r in seen} == set(ids)
    assert "worker_name" not in seen[0]


def test_overdue_order_and_days(work_ws):
    _problems(work_ws)
    rows = ledger_list.problem_page(work_ws, ProblemFilter(overdue_only=True), 0, 50,
                                    order_by="overdue", today=TODAY)
    # the five resolved ones are not overdue; the oldest deadline is the most overdue
    assert len(rows) == 20
    assert rows[0]["title"] == "问题05" and rows[0]["days_overdue"] == 25
    assert [r["days_overdue"] for r in rows] == sorted((r["days_overdue"] for r in rows),
                                                       reverse=True)


def test_status_groups_and_period_of(work_ws):
    _problems(work_ws)
    count = ledger_list.count_problems
    assert count(work_ws, ProblemFilter(status="done"), today=TODAY) == 5
    assert count(work_ws, ProblemFilter(status="open"), today=TODAY) == 20
    june = ProblemFilter(registered_from=date(2024, 6, 1), registered_to=date(2024, 6, 30))
    assert count(work_ws, june, today=TODAY) == 0
    june.period_of = "resolved"
    assert count(work_ws, june, today=TODAY) == 5
    # list_problems agrees with the counts, with an org-unit scope too
    scoped = ProblemFilter(org_unit_id=work_ws.ids["city"], status="open", limit=100)
    assert len(queries.list_problems(work_ws, scoped, today=TODAY)) == 20
    assert count(work_ws, scoped, today=TODAY) == 20
    assert count(work_ws, ProblemFilter(org_unit_id=work_ws.ids["other"])) == 0
