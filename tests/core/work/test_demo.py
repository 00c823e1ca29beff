"""The demo's year of work is believable and complete: every status and grade, overdue
problems, ratings, candidate cases, cadres behind this month."""

from datetime import date

from fieldkit.core.work import activities, cases, kpis, queries
from fieldkit.core.work.model import (GRADE_CODES, STATUS_CODES, ProblemFilter, half_year_of,
                                      quarter_of)


def test_demo_has_a_year_of_work(work_demo_ws):
    ws = work_demo_ws
    today = date.today()
    statuses = {r[0] for r in ws.query("SELECT DISTINCT status FROM problems")}
    assert statuses == set(STATUS_CODES)
    assert {r[0] for r in ws.query("SELECT DISTINCT grade FROM problems")} == set(GRADE_CODES)
    assert queries.list_problems(ws, ProblemFilter(overdue_only=True))
    months = {r[0] for r in ws.query("SELECT DISTINCT substr(date, 1, 7) FROM activities")}
    assert len(months) >= 12
    behind = activities.cadres_without_a_day(ws, f"{today.year}-{today.month:02d}")
    assert 3 <= len(behind) < 13
    assert ws.scalar("SELECT count(*) FROM problem_ratings") > 10
    assert ws.scalar("SELECT count(DISTINCT rating) FROM problem_ratings") == 3
    assert ws.scalar("SELECT count(*) FROM typical_cases") > 5
    assert cases.focus_problems(ws, quarter_of(today))
    assert isinstance(cases.candidates(ws, half_year_of(today)), list)
    year = kpis.kpis(ws, period=f"{today.year - 1}-{today.month:02d}-01..{today.isoformat()}")
    assert year.activities > 200 and year.registered > 40
    assert 0 < year.completion_rate < 1 and 0 < year.satisfaction_rate <= 1
    # sites and cadres of the demo directory are the ones used
    assert ws.scalar("SELECT count(*) FROM activities WHERE site_id IS NULL") == 0
    assert ws.scalar("SELECT count(*) FROM problems p WHERE NOT EXISTS (SELECT 1 FROM cadres c"
                     " WHERE c.id = p.cadre_id)") == 0


def test_replaying_the_journal_rebuilds_the_work_tables(work_demo_ws):
    """Every work write went through the journal: replaying it gives the same rows."""
    import hashlib
    import sys
    from pathlib import Path

    from fieldkit.core.store import schema

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/core
    from test_journal import replay

    ws = work_demo_ws
    rebuilt = replay(ws)
    work_tables = [t for t in schema.SYNCED_TABLES if t in (
        "activities", "activity_cadres", "activity_links", "work_choices", "problems",
        "problem_events", "problem_replies", "problem_ratings", "problem_focus", "typical_cases")]
    assert len(work_tables) == 10
    for table in work_tables:
        defaults = {c["name"]: c["dflt_value"] for c in ws.query(f"PRAGMA table_info({table})")}
        actual = {r["id"]: dict(r) for r in ws.query(f"SELECT * FROM {table}")}
        assert actual.keys() == rebuilt[table].keys(), table
        for record_id, row in actual.items():
            for column, value in row.items():
                if isinstance(value, bytes):
                    value = hashlib.sha256(value).hexdigest()
                if column in rebuilt[table][record_id]:
                    assert rebuilt[table][record_id][column] == value, (table, column)
                else:
                    default = defaults[column]
                    expected = None if default is None else ws.scalar(f"SELECT {default}")
                    assert value == expected, (table, column, value)
    # the derived cadre_days table matches its source
    assert ws.scalar("SELECT count(*) FROM cadre_days") == \
        ws.scalar("SELECT count(*) FROM activity_cadres")
