"""The small core additions the dashboard and the activities page use: the chart's monthly
counts equal kpis() of each month in every scope; a cadre's scope; filters, months and
link candidates of the activities list; compliance from cadre_days equals the hand count."""

from datetime import date

from fieldkit.core.work import activities, kpis, ledger
from fieldkit.core.work.model import Period, Scope


def test_monthly_counts_equal_kpis_of_each_month(work_demo_ws):
    ws = work_demo_ws
    org = ws.scalar("SELECT id FROM org_units WHERE name = '中铁十八局集团工会'")
    site = ws.scalar("SELECT site_id FROM activities WHERE deleted = 0 LIMIT 1")
    cadre = ws.scalar("SELECT cadre_id FROM activity_cadres LIMIT 1")
    year = str(date.today().year)
    for scope in (Scope(), Scope(org_unit_id=org), Scope(site_id=site), Scope(cadre_id=cadre)):
        series = kpis.monthly_counts(ws, period=year, scope=scope)
        assert list(series) == Period.parse(year).months()
        for month, counts in series.items():
            figures = kpis.kpis(ws, period=month, scope=scope)
            assert counts == {"activities": figures.activities, "resolved": figures.resolved}
        assert sum(c["activities"] for c in series.values()) == \
            kpis.kpis(ws, period=year, scope=scope).activities


def test_cadre_scope(work_ws):
    ws = work_ws
    assert kpis.cadre_scope(ws, None) == (Scope(), "")
    assert kpis.cadre_scope(ws, ws.ids["qian"]) == (Scope(org_unit_id=ws.ids["district"]),
                                                    "河西区总工会")


def test_list_filters_months_and_links(work_ws):
    ws = work_ws
    ids = ws.ids
    a = activities.log_activity(ws, on="2025-01-05", cadre_ids=[ids["zhao"], ids["qian"]],
                                kinds=["lecture", "visit"], site_id=ids["site_city"])
    activities.log_activity(ws, on="2025-02-07", cadre_ids=[ids["qian"]], kinds=["rights"],
                            site_id=ids["site_district"])
    activities.log_activity(ws, on="2025-02-09", cadre_ids=[ids["sun"]], kinds=["visit"],
                            site_id=ids["site_other"], duration="half")
    listed = activities.list_activities
    assert [r["id"] for r in listed(ws, site_id=ids["site_city"])] == [a]
    assert [r["date"] for r in listed(ws, cadre_id=ids["qian"])] == ["2025-02-07", "2025-01-05"]
    assert [r["date"] for r in listed(ws, kind="visit")] == ["2025-02-09", "2025-01-05"]
    assert listed(ws, kind="visit", cadre_id=ids["qian"], period=Period.parse("2025-02")) == []
    assert activities.activity_months(ws) == ["2025-02", "2025-01"]
    here = ledger.log_problem(ws, title="夜班休息室不足", grade="short_term",
                              site_id=ids["site_city"], registered_on="2025-01-05")
    there = ledger.log_problem(ws, title="码头缺饮水点", grade="short_term",
                               site_id=ids["site_other"], registered_on="2025-01-06")
    candidates = activities.link_candidates(ws, site_id=ids["site_city"])
    assert [(c["table"], c["id"], c["label"]) for c in candidates] == \
        [("problems", here, "夜班休息室不足")]
    assert {c["id"] for c in activities.link_candidates(ws)} == {here, there}
    month = {r["name"]: r for r in activities.monthly_compliance(ws, "2025-02")}
    assert (month["钱二"]["days"], month["孙三"]["days"], month["赵一"]["days"]) == (1, 0.5, 0)
    assert [r["name"] for r in activities.cadres_without_a_day(ws, "2025-02")] == ["赵一", "孙三"]
