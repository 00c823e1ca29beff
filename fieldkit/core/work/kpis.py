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

Problems (not deleted, in scope: the problem's org unit in the subtree / its site / its
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

from datetime import date
from typing import Any

from fieldkit.core.work.activities import DAY_VALUE, scope_filter
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


def _activities(ws, out: Kpis, scope: Scope, start: str, end: str) -> None:
    prefix, cond, params = scope_filter(scope)
    head, tail = (params, []) if prefix else ([], params)
    kinds = ", ".join(f"coalesce(sum(a.k_{k}), 0)" for k in KIND_CODES)
    row = ws.query(prefix + f"SELECT count(*), coalesce(sum(a.workers_reached), 0), {kinds}"
                   " FROM activities a WHERE a.deleted = 0 AND a.date BETWEEN ? AND ? AND "
                   + cond, [*head, start, end, *tail])[0]
    out.activities, out.workers_reached = row[0], row[1]
    out.activities_by_kind = {k: row[2 + i] for i, k in enumerate(KIND_CODES)}


def _cadre_set(scope: Scope) -> tuple[str, str, list[Any]]:
    """(CTE prefix, condition on ``ac.cadre_id`` / activity ``a``, parameters)."""
    if scope.org_unit_id:
        return (org_subtree_sql(), "ac.cadre_id IN (SELECT id FROM cadres WHERE active = 1"
                " AND org_unit_id IN (SELECT id FROM scope_units))", [scope.org_unit_id])
    if scope.cadre_id:
        return "", "ac.cadre_id = ?", [scope.cadre_id]
    if scope.site_id:
        return "", "a.site_id = ?", [scope.site_id]
    return "", "1", []


def _cadres(ws, out: Kpis, scope: Scope, period: Period, start: str, end: str,
            as_of: date) -> None:
    prefix, cond, params = _cadre_set(scope)
    pairs = ("FROM activity_cadres ac JOIN activities a ON a.id = ac.activity_id"
             " WHERE a.deleted = 0 AND a.date BETWEEN ? AND ? AND " + cond)
    head = params if prefix else []
    tail = [] if prefix else params
    out.cadre_days = float(ws.scalar(prefix + f"SELECT coalesce(sum({DAY_VALUE}), 0) " + pairs,
                                     [*head, start, end, *tail]))
    if scope.org_unit_id:
        out.cadres_in_scope = ws.scalar(org_subtree_sql() + "SELECT count(*) FROM cadres WHERE"
                                        " active = 1 AND org_unit_id IN (SELECT id FROM"
                                        " scope_units)", [scope.org_unit_id])
    elif scope.cadre_id:
        out.cadres_in_scope = 1
    elif scope.site_id:
        out.cadres_in_scope = ws.scalar("SELECT count(DISTINCT ac.cadre_id) " + pairs,
                                        [start, end, *params])
    else:
        out.cadres_in_scope = ws.scalar("SELECT count(*) FROM cadres WHERE active = 1")
    months = [m for m in period.months() if m <= f"{as_of.year}-{as_of.month:02d}"]
    if not months:
        return
    active = "" if scope.site_id or scope.cadre_id else \
        " AND ac.cadre_id IN (SELECT id FROM cadres WHERE active = 1)"
    out.cadres_meeting_quota = ws.scalar(
        prefix + "SELECT count(*) FROM (SELECT ac.cadre_id FROM (SELECT ac.cadre_id,"
        f" substr(a.date, 1, 7) AS month, sum({DAY_VALUE}) AS days " + pairs + active
        + " AND substr(a.date, 1, 7) <= ? GROUP BY ac.cadre_id, month HAVING days >= 1) ac"
        " GROUP BY ac.cadre_id HAVING count(*) = ?)",
        [*head, start, end, *tail, months[-1], len(months)])


def _problem_scope(scope: Scope) -> tuple[str, str, list[Any]]:
    if scope.org_unit_id:
        return (org_subtree_sql(), "p.org_unit_id IN (SELECT id FROM scope_units)",
                [scope.org_unit_id])
    if scope.site_id:
        return "", "p.site_id = ?", [scope.site_id]
    if scope.cadre_id:
        return "", "p.cadre_id = ?", [scope.cadre_id]
    return "", "1", []


def _problems(ws, out: Kpis, scope: Scope, start: str, end: str, asof: str) -> None:
    prefix, cond, params = _problem_scope(scope)
    head, tail = (params, []) if prefix else ([], params)
    inp = "BETWEEN :start AND :end"
    named = {"start": start, "end": end, "asof": asof}
    sql = (
        "SELECT"
        f" coalesce(sum(p.registered_on {inp}), 0) AS registered,"
        f" coalesce(sum(p.resolved_on {inp}), 0) AS resolved,"
        f" coalesce(sum(p.replied_on {inp}), 0) AS replied,"
        f" coalesce(sum(p.closed_on {inp}), 0) AS closed,"
        f" coalesce(sum(p.escalated_on {inp}), 0) AS escalated,"
        f" coalesce(sum(p.registered_on {inp} AND p.resolved_on <= :end), 0) AS completed,"
        f" coalesce(sum(p.resolved_on {inp} AND p.replied_on <= :asof), 0) AS answered,"
        " coalesce(sum(p.registered_on <= :asof AND p.deadline < :asof AND"
        f" ((p.resolved_on IS NULL AND p.status IN {_OPEN}) OR p.resolved_on > :asof)), 0)"
        " AS overdue,"
        f" coalesce(sum({FEEDBACK_OVERDUE_SQL.replace('?', ':asof')}), 0) AS feedback_overdue"
        " FROM problems p WHERE p.deleted = 0 AND " + _named(cond, len(head) + len(tail)))
    row = _rows(ws, _prefix_named(prefix) + sql, {**named, **_params(head + tail)})[0]
    out.registered, out.resolved, out.replied, out.closed, out.escalated = \
        row["registered"], row["resolved"], row["replied"], row["closed"], row["escalated"]
    out.overdue, out.feedback_overdue = row["overdue"], row["feedback_overdue"]
    out.completion_rate = row["completed"] / out.registered if out.registered else None
    out.reply_rate = row["answered"] / out.resolved if out.resolved else None
    base = " FROM problems p WHERE p.deleted = 0 AND " + _named(cond, len(head + tail))
    group = {**named, **_params(head + tail)}
    for column, target in (("grade", out.registered_by_grade),
                           ("category", out.registered_by_category)):
        for r in _rows(ws, _prefix_named(prefix) + f"SELECT p.{column}, count(*)" + base
                          + f" AND p.registered_on {inp} GROUP BY p.{column}"
                          f" ORDER BY p.{column}", group):
            target[r[0]] = r[1]
    rated = _rows(ws, 
        _prefix_named(prefix) + "SELECT count(*), coalesce(sum(rating IN ('satisfied', 'basic')),"
        " 0) FROM (SELECT g.rating, row_number() OVER (PARTITION BY g.problem_id ORDER BY"
        " g.on_date DESC, g.hlc DESC) AS n FROM problem_ratings g JOIN problems p"
        f" ON p.id = g.problem_id WHERE g.on_date {inp} AND p.deleted = 0 AND "
        + _named(cond, len(head + tail)) + ") WHERE n = 1", group)[0]
    out.rated, out.satisfied = rated[0], rated[1]
    out.satisfaction_rate = out.satisfied / out.rated if out.rated else None
    out.median_days_to_resolve = _median(ws, prefix, cond, head + tail, start, end)


def _median(ws, prefix: str, cond: str, params: list[Any], start: str, end: str) -> float | None:
    named = {"start": start, "end": end, **_params(params)}
    where = (" FROM problems p WHERE p.deleted = 0 AND p.resolved_on BETWEEN :start AND :end"
             " AND " + _named(cond, len(params)))
    count = _scalar(ws, _prefix_named(prefix) + "SELECT count(*)" + where, named)
    if not count:
        return None
    middle = _rows(ws, _prefix_named(prefix) + "SELECT julianday(p.resolved_on) -"
                      " julianday(p.registered_on) AS days" + where
                      + " ORDER BY days LIMIT :n OFFSET :skip",
                      {**named, "n": 2 - count % 2, "skip": (count - 1) // 2})
    values = [r[0] for r in middle]
    return sum(values) / len(values)


def _params(values: list[Any]) -> dict[str, Any]:
    return {f"p{i}": v for i, v in enumerate(values)}


def _named(cond: str, count: int) -> str:
    """The scope condition with its ``?`` turned into :p0, :p1 … (named parameters)."""
    for i in range(count):
        cond = cond.replace("?", f":p{i}", 1)
    return cond


def _prefix_named(prefix: str) -> str:
    return prefix.replace("?", ":p0", 1)


def _rows(ws, sql: str, params: dict[str, Any]) -> list:
    """A read with named parameters (``Workspace.query`` takes positional ones)."""
    return ws.conn.execute(sql, params).fetchall()


def _scalar(ws, sql: str, params: dict[str, Any]) -> Any:
    row = ws.conn.execute(sql, params).fetchone()
    return row[0] if row else None
