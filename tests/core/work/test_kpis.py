"""Every KPI against figures worked out by hand from a small fixture (see each comment)."""

from datetime import date

import pytest

from fieldkit.core.work import activities, kpis, ledger
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.model import Period, Scope

TODAY = date(2024, 7, 15)


@pytest.fixture
def kpi_ws(work_ws):
    ws, ids = work_ws, work_ws.ids
    act = activities.log_activity
    # A1..A8 (A6 and A7 fall outside 2024-Q2)
    act(ws, on="2024-04-10", cadre_ids=[ids["zhao"], ids["qian"]], kinds=["lecture", "visit"],
        workers_reached=30, site_id=ids["site_city"])
    act(ws, on="2024-05-15", cadre_ids=[ids["zhao"]], kinds=["visit"], workers_reached=10,
        duration="half", site_id=ids["site_city"])
    act(ws, on="2024-05-20", cadre_ids=[ids["zhao"]], kinds=["rights"], workers_reached=5,
        duration="half", site_id=ids["site_city"])
    act(ws, on="2024-06-02", cadre_ids=[ids["qian"]], kinds=["solve"], workers_reached=8,
        site_id=ids["site_district"])
    act(ws, on="2024-06-03", cadre_ids=[ids["sun"]], kinds=["befriend"], workers_reached=12,
        site_id=ids["site_other"])
    act(ws, on="2024-07-01", cadre_ids=[ids["zhao"]], kinds=["lecture"], workers_reached=100)
    act(ws, on="2024-03-31", cadre_ids=[ids["qian"]], kinds=["visit"], workers_reached=7)
    act(ws, on="2024-06-20", cadre_ids=[ids["zhao"]], kinds=["visit"], site_id=ids["site_city"])

    def problem(title, grade="short_term", site="site_city", **kw):
        return ledger.log_problem(ws, title=title, grade=grade, site_id=ids[site], **kw)

    def walk(pid, *steps):
        for status, day, *note in steps:
            ledger.move(ws, pid, status, on=day, note=note[0] if note else "")
    p1 = problem("P1", registered_on="2024-04-01", category="housing_commute")
    walk(p1, ("accepted", "2024-04-02"), ("in_progress", "2024-04-03"),
         ("resolved", "2024-04-11"), ("replied", "2024-04-12", "已解决"), ("closed", "2024-04-20"))
    ledger.rate(ws, p1, "unsatisfied", on="2024-04-13")
    ledger.rate(ws, p1, "satisfied", on="2024-05-02")
    p2 = problem("P2", registered_on="2024-05-01", deadline="2024-05-10")
    walk(p2, ("accepted", "2024-05-02"), ("in_progress", "2024-05-03"))
    problem("P3", registered_on="2024-06-25")
    p4 = problem("P4", grade="cross_department", lead_department="人社局",
                 registered_on="2024-04-05")
    walk(p4, ("accepted", "2024-04-06"), ("in_progress", "2024-04-07"),
         ("resolved", "2024-06-05"), ("replied", "2024-07-02", "已回复"))
    ledger.rate(ws, p4, "unsatisfied", on="2024-06-10")
    p5 = problem("P5", grade="systemic", registered_on="2024-03-20")
    walk(p5, ("accepted", "2024-03-21"))
    ledger.move(ws, p5, "escalated", on="2024-04-15", escalated_to="全国总工会")
    p6 = problem("P6", registered_on="2024-03-01")
    walk(p6, ("accepted", "2024-03-02"), ("in_progress", "2024-03-03"),
         ("resolved", "2024-04-20"), ("replied", "2024-04-21", "已回复"))
    ledger.rate(ws, p6, "satisfied", on="2024-04-22")
    p7 = problem("P7", site="site_other", registered_on="2024-05-05", deadline="2024-05-06")
    walk(p7, ("accepted", "2024-05-05"))
    p8 = problem("P8", site="site_district", registered_on="2024-06-01")
    walk(p8, ("accepted", "2024-06-01"), ("in_progress", "2024-06-02"), ("resolved", "2024-06-03"))
    p9 = problem("P9", grade="cross_department", lead_department="住建委",
                 registered_on="2024-06-01")
    walk(p9, ("accepted", "2024-06-05"))
    return ws


def test_the_whole_quarter(kpi_ws):
    k = kpis.kpis(kpi_ws, period="2024-Q2", today=TODAY)
    assert (k.start, k.end, k.as_of) == ("2024-04-01", "2024-06-30", "2024-06-30")
    assert k.activities == 6                       # A1-A5, A8
    assert k.activities_by_kind == {"lecture": 1, "visit": 3, "rights": 1, "befriend": 1,
                                    "solve": 1}
    assert k.workers_reached == 65                 # 30+10+5+8+12+0
    assert k.cadre_days == 6.0                     # A1 2 cadres, A2 .5, A3 .5, A4 1, A5 1, A8 1
    assert (k.cadres_in_scope, k.cadres_meeting_quota) == (3, 1)   # only 赵一 every month
    assert k.registered == 7                       # P1-P4, P7-P9
    assert (k.resolved, k.replied, k.closed, k.escalated) == (4, 2, 1, 1)
    assert k.completion_rate == pytest.approx(3 / 7)   # P1, P4, P8 of the 7
    assert k.reply_rate == pytest.approx(2 / 4)        # P1, P6 of P1, P4, P6, P8
    assert (k.overdue, k.feedback_overdue) == (2, 1)   # P2, P7; P9 (25 days > 14)
    assert (k.rated, k.satisfied) == (3, 2)            # P1 (latest 满意), P4 不满意, P6 满意
    assert k.satisfaction_rate == pytest.approx(2 / 3)
    assert k.median_days_to_resolve == 30.0            # 2, 10, 50, 61
    assert k.registered_by_grade == {"cross_department": 2, "short_term": 5}
    assert k.registered_by_category == {"housing_commute": 1, "other": 6}


def test_scopes(kpi_ws):
    ids = kpi_ws.ids
    city = kpis.kpis(kpi_ws, period="2024-Q2", scope=Scope(org_unit_id=ids["city"]), today=TODAY)
    assert (city.activities, city.workers_reached, city.cadre_days) == (5, 53, 5.0)
    assert city.activities_by_kind["befriend"] == 0
    assert (city.cadres_in_scope, city.cadres_meeting_quota) == (2, 1)
    assert (city.registered, city.overdue, city.resolved) == (6, 1, 4)   # without P7
    assert city.completion_rate == pytest.approx(3 / 6)
    qian = kpis.kpis(kpi_ws, period="2024-Q2", scope=Scope(cadre_id=ids["qian"]), today=TODAY)
    assert (qian.activities, qian.cadre_days, qian.cadres_meeting_quota) == (2, 2.0, 0)
    site = kpis.kpis(kpi_ws, period="2024-Q2", scope=Scope(site_id=ids["site_district"]),
                     today=TODAY)
    assert (site.activities, site.cadre_days, site.cadres_in_scope) == (1, 1.0, 1)
    assert (site.registered, site.resolved, site.completion_rate, site.reply_rate) == \
        (1, 1, 1.0, 0.0)
    assert site.median_days_to_resolve == 2.0 and site.satisfaction_rate is None


def test_a_month_and_a_period_not_over_yet(kpi_ws):
    may = kpis.kpis(kpi_ws, period="2024-05", today=TODAY)
    assert (may.registered, may.resolved, may.overdue) == (2, 0, 2)
    assert may.reply_rate is None and may.median_days_to_resolve is None
    assert (may.rated, may.satisfaction_rate) == (1, 1.0)
    q3 = kpis.kpis(kpi_ws, period="2024-Q3", today=TODAY)
    assert q3.as_of == "2024-07-15"
    assert (q3.activities, q3.cadres_meeting_quota) == (1, 1)   # July has begun, 赵一 has A6
    assert q3.completion_rate is None
    empty = kpis.kpis(kpi_ws, period="2023", today=TODAY)
    assert empty.to_dict()["reply_rate"] is None and empty.registered == 0


def test_periods():
    assert Period.parse("2024-Q2") == Period(date(2024, 4, 1), date(2024, 6, 30), "2024-Q2")
    assert Period.parse("2024-H2").start == date(2024, 7, 1)
    assert Period.parse("2024-2").name == "2024-02" and Period.parse("2024-2").end.day == 29
    assert Period.parse("2024").months()[-1] == "2024-12"
    assert Period.parse("2024-03-01..2024-04-15").months() == ["2024-03", "2024-04"]
    for bad in ("2024-13", "2024-Q5", "spring", "2024-05-01..2024-04-01"):
        with pytest.raises(WorkError):
            Period.parse(bad)


def test_a_deleted_activity_stops_counting(kpi_ws):
    from fieldkit.core.work import activities

    before = kpis.kpis(kpi_ws, period="2024-Q2", today=TODAY)
    first = kpi_ws.scalar("SELECT id FROM activities WHERE date = '2024-04-10'")
    activities.set_deleted(kpi_ws, first)
    after = kpis.kpis(kpi_ws, period="2024-Q2", today=TODAY)
    assert (after.activities, after.cadre_days) == (before.activities - 1, before.cadre_days - 2)
    activities.set_deleted(kpi_ws, first, False)
    assert kpis.kpis(kpi_ws, period="2024-Q2", today=TODAY).cadre_days == before.cadre_days
