"""The per-month cadre-days summary (``cadre_months``, migration 15) that keeps a year's
KPIs fast: always equal to the sums of ``cadre_days`` whatever is recorded, edited,
deleted or brought back; whole and partial months give the same figures as the days; a
workspace from before the migration gains it filled."""

import sqlite3

import pytest

from fieldkit.core.store import schema
from fieldkit.core.work import activities, kpis
from fieldkit.core.work.activity_edit import update_activity
from fieldkit.core.work.kpis import _whole_months
from fieldkit.core.work.model import Scope
from fieldkit.core.store.workspace import Workspace


def _summary(ws):
    return {(r[0], r[1], r[2]): r[3] for r in ws.query(
        "SELECT month, cadre_id, site_key, days FROM cadre_months WHERE days != 0")}


def _from_days(ws):
    return {(r[0], r[1], r[2]): r[3] for r in ws.query(
        "SELECT substr(date, 1, 7), cadre_id, coalesce(site_id, ''), sum(value)"
        " FROM cadre_days WHERE deleted = 0 GROUP BY 1, 2, 3")}


def test_the_summary_follows_every_change(work_ws):
    ws, ids = work_ws, work_ws.ids
    a1 = activities.log_activity(ws, on="2024-05-06", cadre_ids=[ids["zhao"], ids["qian"]],
                                 kinds=["visit"], site_id=ids["site_city"])
    a2 = activities.log_activity(ws, on="2024-05-31", cadre_ids=[ids["zhao"]],
                                 kinds=["lecture"], duration="half")
    activities.log_activity(ws, on="2024-06-01", cadre_ids=[ids["sun"]], kinds=["solve"],
                            site_id=ids["site_other"])
    assert _summary(ws) == _from_days(ws) and len(_summary(ws)) == 4
    steps = (lambda: update_activity(ws, a1, cadre_ids=[ids["qian"], ids["sun"]]),
             lambda: update_activity(ws, a1, on="2024-06-02", duration="half"),
             lambda: update_activity(ws, a1, site_id=ids["site_district"]),
             lambda: update_activity(ws, a2, site_id=ids["site_city"], duration="day"),
             lambda: activities.set_deleted(ws, a2),
             lambda: activities.set_deleted(ws, a2, False),
             lambda: activities.set_deleted(ws, a1))
    for step in steps:
        step()
        assert _summary(ws) == _from_days(ws)
    assert _summary(ws) == {("2024-05", ids["zhao"], ids["site_city"]): 1.0,
                            ("2024-06", ids["sun"], ids["site_other"]): 1.0}


@pytest.mark.parametrize("period", ["2024", "2024-Q2", "2024-05", "2024-05-06..2024-06-01",
                                    "2024-05-07..2024-05-31", "2024-04-15..2024-06-30",
                                    "2024-05-01..2024-06-10", "2024-05-31..2024-06-01"])
@pytest.mark.parametrize("scope", ["all", "site", "cadre", "org"])
def test_whole_and_partial_months_give_the_days_figures(work_ws, period, scope):
    ws, ids = work_ws, work_ws.ids
    for on, cadres, site, duration in (
            ("2024-04-30", ["zhao"], "site_city", "day"),
            ("2024-05-01", ["zhao", "qian"], "site_city", "half"),
            ("2024-05-06", ["qian"], None, "day"),
            ("2024-05-31", ["zhao"], "site_city", "day"),
            ("2024-06-01", ["sun", "zhao"], "site_other", "day"),
            ("2024-06-30", ["qian"], "site_district", "half")):
        activities.log_activity(ws, on=on, cadre_ids=[ids[c] for c in cadres],
                                kinds=["visit"], site_id=ids[site] if site else None,
                                duration=duration)
    chosen = {"all": Scope(), "site": Scope(site_id=ids["site_city"]),
              "cadre": Scope(cadre_id=ids["zhao"]), "org": Scope(org_unit_id=ids["city"])}
    k = kpis.kpis(ws, period=period, scope=chosen[scope])
    # by hand: the same figure straight from the day rows
    p = kpis.Period.parse(period)
    sql = ("SELECT coalesce(sum(d.value), 0) FROM cadre_days d JOIN cadres c ON"
           " c.id = d.cadre_id WHERE d.deleted = 0 AND d.date BETWEEN ? AND ?")
    params = [p.start.isoformat(), p.end.isoformat()]
    if scope == "site":
        sql, params = sql + " AND d.site_id = ?", [*params, ids["site_city"]]
    elif scope == "cadre":
        sql, params = sql + " AND d.cadre_id = ?", [*params, ids["zhao"]]
    elif scope == "org":
        sql, params = sql + " AND c.org_unit_id IN (?, ?)", [*params, ids["city"],
                                                             ids["district"]]
    assert k.cadre_days == ws.scalar(sql, params)


def test_whole_months():
    assert _whole_months("2024-01-01", "2024-12-31") == ("2024-01", "2024-12")
    assert _whole_months("2024-01-02", "2024-12-30") == ("2024-02", "2024-11")
    assert _whole_months("2024-02-01", "2024-02-29") == ("2024-02", "2024-02")
    assert _whole_months("2024-02-01", "2024-02-28") is None
    assert _whole_months("2024-03-15", "2024-04-10") is None
    assert _whole_months("2023-12-01", "2024-01-31") == ("2023-12", "2024-01")


def test_a_workspace_from_before_gains_the_summary(work_ws, tmp_path, monkeypatch):
    mine = next(i for i, m in enumerate(schema.MIGRATIONS) if "CREATE TABLE cadre_months" in m)
    path = tmp_path / "old.fieldkit"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:mine])
        m.setattr(schema, "SCHEMA_VERSION", mine)
        ws = Workspace.open(path, create=True)
        ws.conn.execute("ATTACH ? AS src", (str(work_ws.path),))
        for table in ("org_units", "sites", "cadres"):
            ws.conn.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
        ws.conn.commit()
        ws.conn.execute("DETACH src")
        ids = work_ws.ids
        gone = activities.log_activity(ws, on="2024-05-02", cadre_ids=[ids["zhao"]],
                                       kinds=["visit"])
        activities.log_activity(ws, on="2024-05-03", cadre_ids=[ids["zhao"], ids["qian"]],
                                kinds=["visit"], duration="half", site_id=ids["site_city"])
        activities.set_deleted(ws, gone)
        ws.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == mine
    conn.close()
    ws = Workspace.open(path)
    assert ws.schema_version == schema.SCHEMA_VERSION
    assert _summary(ws) == _from_days(ws) == {
        ("2024-05", ids["zhao"], ids["site_city"]): 0.5,
        ("2024-05", ids["qian"], ids["site_city"]): 0.5}
    assert kpis.kpis(ws, period="2024-05").cadre_days == 1.0
    ws.close()
