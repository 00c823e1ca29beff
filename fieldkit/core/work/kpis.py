"""The work system's KPIs, defined once. The dashboard, the CLI (`fieldkit kpi`) and the work
reports all read them from ``kpis()``, so a printed figure and the screen never disagree.

A KPI set covers a ``Period`` (an inclusive range of days: a month, quarter, half-year, year
or custom range) and a ``Scope`` (everything; an org unit with all its sub-units; a site;
or a cadre). "In P" means a date between the period's first and last day, inclusive.
``as_of`` is the period's last day, or today when the period has not ended yet.

Activities (not deleted, in scope: the activity's org unit in the subtree / its site /
the cadre took part):

- ``activities``: activities dated in P.
- ``activities_by_kind``: for each of the five kinds, activities in P of that kind (an
  activity of two kinds counts once under each).
- ``workers_reached``: the sum of workers reached by activities in P.
- ``cadre_days``: for each cadre taking part in an activity in P, 1 for a full day and 0.5
  for a half day, summed. Scope picks the cadres (org unit: the cadres of the subtree;
  cadre: that cadre) or the activities (site: activities at the site).
- ``cadres_in_scope``: active cadres of the org unit subtree (all active cadres without a
  scope; 1 for a cadre; for a site, the cadres with an activity there in P).
- ``cadres_meeting_quota``: cadres in scope with at least 1 cadre-day in every calendar
  month of P that has begun by ``as_of``.

Problems (in scope: the problem's org unit in the subtree / its site / its
cadre):

- ``registered`` / ``resolved`` / ``replied`` / ``closed`` / ``escalated``: problems whose
  registration / resolution (已办结) / reply (已回复) / closure (销号) / escalation (已上报)
  date is in P. A reopened problem loses its resolution, reply and closure dates until it
  is resolved again (its history keeps the old ones).
- ``overdue``: problems registered by ``as_of`` with a deadline before ``as_of`` and not
  resolved by ``as_of`` (still open, or resolved after ``as_of``).
- ``feedback_overdue``: open cross-department problems whose last feedback (or their
  registration) is more than their feedback interval before ``as_of``.
- ``completion_rate`` (办结率): of the problems registered in P, the fraction resolved by
  the period's last day. None when none were registered.
- ``reply_rate`` (回复率): of the problems resolved in P, the fraction replied to by
  ``as_of``. None when none were resolved.
- ``satisfaction_rate`` (满意率) = ``satisfied`` / ``rated``: ``rated`` counts the problems
  with at least one rating dated in P; ``satisfied`` those whose latest rating in P is 满意
  or 基本满意. None when nothing was rated.
- ``median_days_to_resolve``: the median, over problems resolved in P, of the days from
  registration to resolution (the mean of the two middle values for an even count). None
  when none were resolved.
- ``registered_by_grade`` / ``registered_by_category``: problems registered in P by grade
  and by category.

Every figure is one SQL aggregate over indexed columns; nothing is counted in Python.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fieldkit.core.work.directory import shown_name_sql
from fieldkit.core.work.activities import scope_filter
from fieldkit.core.work.model import KIND_CODES, Kpis, Period, Scope
from fieldkit.core.work.queries import FEEDBACK_OVERDUE_SQL, org_subtree_sql

_OPEN = "('registered', 'accepted', 'in_progress', 'escalated')"


def kpis(ws, *, period: Period | str, scope: Scope | None = None,
         today: date | None = None) -> Kpis:
    """The KPI set of ``period`` and ``scope`` (definitions in this module's docstring)."""
    period = Period.parse(period) if isinstance(period, str) else period
    scope = scope or Scope()
    today = today or date.today()
    as_of = min(period.end, today)
    start, end, asof = period.start.isoformat(), period.end.isoformat(), as_of.isoformat()
    out = Kpis(period=period.name, start=start, end=end, as_of=asof, scope=scope.to_dict())
    _activities(ws, out, scope, start, end)
    _cadres(ws, out, scope, period, start, end, as_of)
    _problems(ws, out, scope, start, end, asof)
    return out


def monthly_counts(ws, *, period: Period | str, scope: Scope | None = None
                   ) -> dict[str, dict[str, int]]:
    """For each month of ``period`` (YYYY-MM), its ``activities`` and problems ``resolved``,
    by the same definitions as ``kpis()`` (and equal to ``kpis(month)``'s figures, tested),
    in two grouped queries instead of one KPI set per month: the dashboard's chart."""
    period = Period.parse(period) if isinstance(period, str) else period
    scope = scope or Scope()
    start, end = period.start.isoformat(), period.end.isoformat()
    out = {m: {"activities": 0, "resolved": 0} for m in period.months()}
    prefix, cond, params = scope_filter(scope)
    cond = cond.replace("a.org_unit_id IN", "+a.org_unit_id IN").replace(
        "a.site_id = ?", "+a.site_id = ?")
    head, tail = (params, []) if prefix else ([], params)
    for month, count in ws.query(
            prefix + "SELECT substr(a.date, 1, 7), count(*) FROM activities a WHERE"
            " a.deleted = 0 AND a.date BETWEEN ? AND ? AND " + cond + " GROUP BY 1",
            [*head, start, end, *tail]):
        out[month]["activities"] = count
    prefix, cond, params = _problem_scope(scope)
    head, tail = (params, []) if prefix else ([], params)
    for month, count in ws.query(
            prefix + "SELECT substr(p.resolved_on, 1, 7), count(*) FROM problems p WHERE"
            " p.resolved_on BETWEEN ? AND ?" + (f" AND {cond}" if cond else "")
            + " GROUP BY 1", [*head, start, end, *tail]):
        out[month]["resolved"] = count
    return out


def cadre_scope(ws, cadre_id: str | None) -> tuple[Scope, str]:
    """A cadre's scope (their org unit with its sub-units; everything when no cadre is given
    or the cadre has no org unit) and the org unit's name ("" for everything): what the
    dashboard shows the person working on this laptop."""
    if cadre_id:
        rows = ws.query(f"SELECT c.org_unit_id, {shown_name_sql('org_units', 'o')} FROM cadres c"
                        " LEFT JOIN org_units o"
                        " ON o.id = c.org_unit_id WHERE c.id = ?", (cadre_id,))
        if rows and rows[0][0]:
            return Scope(org_unit_id=rows[0][0]), rows[0][1] or ""
    return Scope(), ""


def _activities(ws, out: Kpis, scope: Scope, start: str, end: str) -> None:
    prefix, cond, params = scope_filter(scope)
    # read from the covering activities_kpi index, not the per-scope ones (see above)
    cond = cond.replace("a.org_unit_id IN", "+a.org_unit_id IN").replace(
        "a.site_id = ?", "+a.site_id = ?")
    head, tail = (params, []) if prefix else ([], params)
    kinds = ", ".join(f"coalesce(sum(a.k_{k}), 0)" for k in KIND_CODES)
    row = ws.query(prefix + f"SELECT count(*), coalesce(sum(a.workers_reached), 0), {kinds}"
                   " FROM activities a WHERE a.deleted = 0 AND a.date BETWEEN ? AND ? AND "
                   + cond, [*head, start, end, *tail])[0]
    out.activities, out.workers_reached = row[0], row[1]
    out.activities_by_kind = {k: row[2 + i] for i, k in enumerate(KIND_CODES)}


def _cadre_ids(ws, scope: Scope) -> set[str] | None:
    """The cadres whose days count (None: every cadre taking part in a counted activity)."""
    if scope.org_unit_id:
        return {r[0] for r in ws.query(
            org_subtree_sql() + "SELECT id FROM cadres WHERE active = 1 AND org_unit_id IN"
            " (SELECT id FROM scope_units)", [scope.org_unit_id])}
    if scope.cadre_id:
        return {scope.cadre_id}
    if scope.site_id:
        return None
    return {r[0] for r in ws.query("SELECT id FROM cadres WHERE active = 1")}


def _cadres(ws, out: Kpis, scope: Scope, period: Period, start: str, end: str,
            as_of: date) -> None:
    """Cadre-days, cadres in scope and cadres meeting the quota from each cadre's days per
    month: whole months of P are read from ``cadre_months`` (per cadre, month and site,
    kept by triggers: a few hundred rows for a year), the days of a month P covers only in
    part from ``cadre_days`` (each cadre's share of each activity). At most cadres x months
    rows come back."""
    wanted = _cadre_ids(ws, scope)
    per_cadre: dict[str, dict[str, float]] = {}
    for cadre, month, days in days_per_month(ws, scope, start, end):
        if wanted is None or cadre in wanted:
            per_cadre.setdefault(cadre, {})[month] = days
    out.cadre_days = float(sum(sum(m.values()) for m in per_cadre.values()))
    out.cadres_in_scope = len(per_cadre) if wanted is None else len(wanted)
    months = [m for m in period.months() if m <= f"{as_of.year}-{as_of.month:02d}"]
    out.cadres_meeting_quota = 0 if not months else sum(
        1 for m in per_cadre.values() if all(m.get(month, 0) >= 1 for month in months))


def _whole_months(start: str, end: str) -> tuple[str, str] | None:
    """The first and last month (YYYY-MM) lying wholly inside [start, end], or None."""
    first = date.fromisoformat(start)
    last = date.fromisoformat(end)
    if first.day != 1:
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    after = last + timedelta(days=1)
    if after.day != 1:
        last = date(last.year, last.month, 1) - timedelta(days=1)
    lo, hi = f"{first.year}-{first.month:02d}", f"{last.year}-{last.month:02d}"
    return (lo, hi) if first <= last and lo <= hi else None


def days_per_month(ws, scope: Scope, start: str, end: str) -> list:
    """(cadre, YYYY-MM, days) of every cadre with days in [start, end] (only the site's
    activities for a site scope; only the cadre for a cadre scope)."""
    day_cond, month_cond, extra = "", "", []
    if scope.cadre_id:
        day_cond, month_cond, extra = " AND cadre_id = ?", " AND cadre_id = ?", [scope.cadre_id]
    elif scope.site_id:
        day_cond, month_cond, extra = " AND site_id = ?", " AND site_key = ?", [scope.site_id]
    days_sql = ("SELECT cadre_id, substr(date, 1, 7) AS month, value AS days FROM cadre_days"
                " WHERE date BETWEEN ? AND ? AND deleted = 0" + day_cond)
    whole = _whole_months(start, end)
    if whole is None:
        parts, params = [days_sql], [start, end, *extra]
    else:
        lo, hi = whole
        parts = ["SELECT cadre_id, month, days FROM cadre_months WHERE month BETWEEN ? AND ?"
                 " AND days > 0" + month_cond]
        params = [lo, hi, *extra]
        if start < f"{lo}-01":                       # the days before the first whole month
            parts.append(days_sql)
            params += [start, f"{lo}-00", *extra]
        if end > f"{hi}-31":                         # the days after the last whole month
            parts.append(days_sql)
            params += [f"{hi}-32", end, *extra]
    return ws.query("SELECT cadre_id, month, sum(days) FROM (" + " UNION ALL ".join(parts)
                    + ") GROUP BY 1, 2", params)


def _problem_scope(scope: Scope) -> tuple[str, str, list[Any]]:
    """The scope as a condition the planner checks inside the covering range indexes (the
    unary + keeps it from switching to the per-scope indexes and their row lookups)."""
    if scope.org_unit_id:
        return (org_subtree_sql(), "+p.org_unit_id IN (SELECT id FROM scope_units)",
                [scope.org_unit_id])
    if scope.site_id:
        return "", "+p.site_id = ?", [scope.site_id]
    if scope.cadre_id:
        return "", "+p.cadre_id = ?", [scope.cadre_id]
    return "", "", []


def _problems(ws, out: Kpis, scope: Scope, start: str, end: str, asof: str) -> None:
    """Each figure reads a range of the one index that covers it (see schema)."""
    prefix, cond, params = _problem_scope(scope)
    head, tail = (params, []) if prefix else ([], params)
    where_scope = f" AND {cond}" if cond else ""

    def rows(select: str, where: str, values: list[Any], after: str = "",
             more: tuple = ()) -> list:
        return ws.query(prefix + select + " FROM problems p WHERE " + where + where_scope
                        + after, [*head, *values, *tail, *more])

    completed = 0
    for grade, category, count, done in rows(
            "SELECT p.grade, p.category, count(*), coalesce(sum(p.resolved_on <= ?), 0)",
            "p.registered_on BETWEEN ? AND ?", [end, start, end],
            " GROUP BY p.grade, p.category"):
        out.registered += count
        completed += done
        out.registered_by_grade[grade] = out.registered_by_grade.get(grade, 0) + count
        out.registered_by_category[category] = \
            out.registered_by_category.get(category, 0) + count
    out.registered_by_grade = dict(sorted(out.registered_by_grade.items()))
    out.registered_by_category = dict(sorted(out.registered_by_category.items()))
    resolved, answered = rows("SELECT count(*), coalesce(sum(p.replied_on <= ?), 0)",
                              "p.resolved_on BETWEEN ? AND ?", [asof, start, end])[0]
    out.resolved = resolved
    for column in ("replied", "closed", "escalated"):
        setattr(out, column, rows("SELECT count(*)", f"p.{column}_on BETWEEN ? AND ?",
                                  [start, end])[0][0])
    out.overdue = rows("SELECT count(*)", f"p.status IN {_OPEN} AND p.deadline < ? AND"
                       " p.registered_on <= ?", [asof, asof])[0][0] + rows(
        "SELECT count(*)", "p.resolved_on > ? AND p.deadline < ? AND p.registered_on <= ?",
        [asof, asof, asof])[0][0]
    out.feedback_overdue = rows("SELECT count(*)", FEEDBACK_OVERDUE_SQL, [asof])[0][0]
    out.completion_rate = completed / out.registered if out.registered else None
    out.reply_rate = answered / out.resolved if out.resolved else None
    # each problem's latest rating in the period (SQLite takes the bare column from the
    # row holding the max)
    # (a scope looks each rated problem up in the narrow problems_scope index)
    join = " CROSS JOIN problems p INDEXED BY problems_scope ON p.id = g.problem_id" \
        if cond else ""
    rated = ws.query(
        prefix + "SELECT count(*), coalesce(sum(rating IN ('satisfied', 'basic')), 0) FROM"
        " (SELECT g.rating AS rating, max(g.on_date || g.hlc) FROM problem_ratings g" + join
        + " WHERE g.on_date BETWEEN ? AND ?" + where_scope + " GROUP BY g.problem_id)",
        [*head, start, end, *tail])[0]
    out.rated, out.satisfied = rated[0], rated[1]
    out.satisfaction_rate = out.satisfied / out.rated if out.rated else None
    out.median_days_to_resolve = None
    if resolved:
        values = [r[0] for r in rows(
            "SELECT julianday(p.resolved_on) - julianday(p.registered_on) AS days",
            "p.resolved_on BETWEEN ? AND ?", [start, end], " ORDER BY days LIMIT ? OFFSET ?",
            (2 - resolved % 2, (resolved - 1) // 2))]
        out.median_days_to_resolve = sum(values) / len(values)
