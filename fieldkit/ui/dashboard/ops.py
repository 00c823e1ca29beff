"""The dashboard's database-thread function: everything the page shows, as plain data.

Every figure comes from the work wing's own functions (``kpis.kpis`` for the counts and
rates, ``kpis.monthly_counts`` for the chart, ``cadres_without_a_day``,
``leaders_without_focus``, ``list_problems``), the same ones the CLI and the work reports
use, so the screen and the printed report never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldkit.core import overview
from fieldkit.core.work import activities, cases, kpis, queries
from fieldkit.core.work.model import Period, ProblemFilter, quarter_of

CHART_MONTHS = 12
LIST_LIMIT = 50


def last_months(today: date, count: int = CHART_MONTHS) -> list[str]:
    """The ``count`` months ending with today's, oldest first (YYYY-MM)."""
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def dashboard(ws, actor_id: str | None, today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    scope, scope_name = kpis.cadre_scope(ws, actor_id)
    month, year, quarter = f"{today:%Y-%m}", str(today.year), quarter_of(today)
    base = overview.dashboard(ws, actor_id)
    months = last_months(today)
    last_day = Period.parse(months[-1]).end
    series = kpis.monthly_counts(ws, period=f"{months[0]}-01..{last_day}", scope=scope)
    chart = [{"month": m, **series[m]} for m in months]
    overdue = queries.list_problems(ws, ProblemFilter(overdue_only=True,
                                                      org_unit_id=scope.org_unit_id,
                                                      limit=LIST_LIMIT), today=today)
    return {
        **base,
        "today": today.isoformat(),
        "month": month, "year": year, "quarter": quarter,
        "scope": scope.to_dict(), "scope_name": scope_name,
        "kpis_month": kpis.kpis(ws, period=month, scope=scope, today=today).to_dict(),
        "kpis_year": kpis.kpis(ws, period=year, scope=scope, today=today).to_dict(),
        "chart": chart,
        "overdue": [{"id": p["id"], "title": p["title"], "deadline": p["deadline"],
                     "site_name": p["site_name"] or "", "overdue": p["overdue"],
                     "feedback_overdue": p["feedback_overdue"]} for p in overdue],
        "behind": activities.cadres_without_a_day(ws, month, org_unit_id=scope.org_unit_id),
        "leaders_without_focus": cases.leaders_without_focus(ws, quarter),
        "recent_activities": [
            {"id": a["id"], "date": a["date"], "site_name": a.get("site_name") or "",
             "cadre_names": a["cadre_names"], "kinds": a["kinds"],
             "workers_reached": a["workers_reached"]}
            for a in activities.list_activities(ws, scope=scope, limit=10)],
    }
