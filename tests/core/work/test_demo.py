"""The demo's year of work is believable and complete: every status and grade, overdue
problems, ratings, candidate cases, cadres behind this month."""

from datetime import date

from fieldkit.core.work import activities, cases, kpis, queries
from fieldkit.core.work.model import (GRADE_CODES, STATUS_CODES, ProblemFilter, half_year_of,
                                      quarter_of)


def test_demo_has_a_year_of_work(demo_workspace):
    ws = demo_workspace
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
