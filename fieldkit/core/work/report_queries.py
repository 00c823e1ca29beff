"""Read functions the work reports need beyond ``kpis()``: per-kind workers reached, each
cadre's days month by month, problems by status, the overdue list and the year-end ledger's
rows with their whole history.

Every function reads only this wing's tables (plus names from the directory) and uses the
same definitions as ``kpis.kpis``, so a report's lists add up to the KPI figures: the
overdue list has ``kpis().overdue`` rows, the cadres meeting the quota are
``kpis().cadres_meeting_quota``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fieldkit.core.work.activities import scope_filter
from fieldkit.core.work.kpis import days_per_month
from fieldkit.core.work.model import KIND_CODES, OPEN_STATUSES, Period, Scope
from fieldkit.core.work.queries import PERSONAL_FIELDS, org_subtree_sql

_OPEN = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


def problem_scope(scope: Scope | None, alias: str = "p") -> tuple[str, str, list[Any]]:
    """(CTE prefix, WHERE condition, parameters) limiting problems to a scope."""
    scope = scope or Scope()
    if scope.org_unit_id:
        return (org_subtree_sql(), f"{alias}.org_unit_id IN (SELECT id FROM scope_units)",
                [scope.org_unit_id])
    if scope.site_id:
        return "", f"{alias}.site_id = ?", [scope.site_id]
    if scope.cadre_id:
        return "", f"{alias}.cadre_id = ?", [scope.cadre_id]
    return "", "1", []


def workers_by_kind(ws, period: Period, scope: Scope | None = None) -> dict[str, dict[str, int]]:
    """For each kind: activities in the period of that kind and the workers they reached
    (an activity of two kinds counts under each, as in ``kpis().activities_by_kind``)."""
    prefix, cond, params = scope_filter(scope)
    sums = ", ".join(f"coalesce(sum(a.k_{k}), 0), coalesce(sum(a.k_{k} * a.workers_reached), 0)"
                     for k in KIND_CODES)
    head, tail = (params, []) if prefix else ([], params)
    row = ws.query(prefix + f"SELECT {sums} FROM activities a WHERE a.deleted = 0 AND"
                   " a.date BETWEEN ? AND ? AND " + cond,
                   [*head, period.start.isoformat(), period.end.isoformat(), *tail])[0]
    return {k: {"activities": row[2 * i], "workers": row[2 * i + 1]}
            for i, k in enumerate(KIND_CODES)}


def _cadres_in_scope(ws, scope: Scope) -> dict[str, dict[str, str]] | None:
    """Cadres whose days count, with names (None: those with a day at the scope's site)."""
    sql = ("SELECT c.id, c.name, coalesce(o.name, '') AS org FROM cadres c"
           " LEFT JOIN org_units o ON o.id = c.org_unit_id")
    if scope.org_unit_id:
        rows = ws.query(org_subtree_sql() + sql + " WHERE c.active = 1 AND c.org_unit_id IN"
                        " (SELECT id FROM scope_units)", [scope.org_unit_id])
    elif scope.cadre_id:
        rows = ws.query(sql + " WHERE c.id = ?", [scope.cadre_id])
    elif scope.site_id:
        return None
    else:
        rows = ws.query(sql + " WHERE c.active = 1")
    return {r["id"]: {"name": r["name"], "org_unit_name": r["org"]} for r in rows}


def cadre_months(ws, period: Period, scope: Scope | None = None, *,
                 today: date | None = None) -> list[dict[str, Any]]:
    """Each cadre in scope with their days with frontline workers in every month of the
    period, the total, and the months (begun by the period's ``as_of``) below one day.

    Shortest first, then by name. ``meets_quota`` is the KPI's rule (at least one day in
    every month begun), so the cadres meeting it are ``kpis().cadres_meeting_quota``."""
    scope = scope or Scope()
    as_of = min(period.end, today or date.today())
    begun = [m for m in period.months() if m <= f"{as_of.year}-{as_of.month:02d}"]
    days: dict[str, dict[str, float]] = {}
    for cadre, month, value in days_per_month(ws, scope, period.start.isoformat(),
                                              period.end.isoformat()):
        days.setdefault(cadre, {})[month] = float(value)
    people = _cadres_in_scope(ws, scope)
    if people is None:
        people = {}
        for cadre in days:
            r = ws.query("SELECT c.name, coalesce(o.name, '') FROM cadres c LEFT JOIN org_units"
                         " o ON o.id = c.org_unit_id WHERE c.id = ?", (cadre,))
            people[cadre] = {"name": r[0][0] if r else cadre,
                             "org_unit_name": r[0][1] if r else ""}
    out = []
    for cadre, who in people.items():
        months = {m: days.get(cadre, {}).get(m, 0.0) for m in period.months()}
        short = [m for m in begun if months[m] < 1]
        out.append({"cadre_id": cadre, **who, "months": months,
                    "total": sum(months.values()), "short_months": short,
                    "meets_quota": bool(begun) and not short})
    out.sort(key=lambda r: (r["meets_quota"], r["total"], r["name"]))
    return out


def problems_by_status(ws, period: Period, scope: Scope | None = None) -> dict[str, int]:
    """Problems registered in the period, by their status today."""
    prefix, cond, params = problem_scope(scope)
    head, tail = (params, []) if prefix else ([], params)
    return {r[0]: r[1] for r in ws.query(
        prefix + "SELECT p.status, count(*) FROM problems p WHERE p.registered_on BETWEEN ? AND"
        f" ? AND {cond} GROUP BY p.status",
        [*head, period.start.isoformat(), period.end.isoformat(), *tail])}


_NAMES = (", s.name AS site_name, o.name AS org_unit_name, c.name AS cadre_name"
          " FROM problems p LEFT JOIN sites s ON s.id = p.site_id"
          " LEFT JOIN org_units o ON o.id = p.org_unit_id LEFT JOIN cadres c ON c.id = p.cadre_id")


def _plain(row, include_personal: bool) -> dict[str, Any]:
    out = dict(row)
    out["co_departments"] = [d for d in (out.get("co_departments") or "").split("\n") if d]
    out["anonymous"] = bool(out.get("anonymous"))
    if not include_personal:
        for key in PERSONAL_FIELDS:
            out.pop(key, None)
    return out


def overdue_problems(ws, as_of: date, scope: Scope | None = None, *,
                     include_personal: bool = False) -> list[dict[str, Any]]:
    """Problems overdue on ``as_of`` (the KPI's definition: registered by then, deadline
    before it, not resolved by then), most days overdue first, with ``days_overdue``."""
    prefix, cond, params = problem_scope(scope)
    head, tail = (params, []) if prefix else ([], params)
    day = as_of.isoformat()
    rows = ws.query(
        prefix + "SELECT p.*, CAST(julianday(?) - julianday(p.deadline) AS INTEGER)"
        " AS days_overdue" + _NAMES + " WHERE p.deadline < ? AND p.registered_on <= ? AND"
        f" (p.status IN {_OPEN} OR p.resolved_on > ?) AND {cond}"
        " ORDER BY p.deadline, p.registered_on, p.title",
        [*head, day, day, day, day, *tail])
    return [_plain(r, include_personal) for r in rows]


def ledger_rows(ws, period: Period, scope: Scope | None = None, *, today: date | None = None,
                include_personal: bool = False) -> list[dict[str, Any]]:
    """The problems of a period's ledger (台账) with their whole history: those registered in
    the period, and those carried over (registered before it and not yet resolved when it
    began). Each row has ``events`` (status changes and feedback), ``replies`` and
    ``ratings`` (oldest first), ``typical_case`` and ``carried_over``."""
    prefix, cond, params = problem_scope(scope)
    head, tail = (params, []) if prefix else ([], params)
    start, end = period.start.isoformat(), period.end.isoformat()
    day = min(period.end, today or date.today()).isoformat()
    where = (" WHERE p.registered_on <= ? AND (p.registered_on >= ? OR p.resolved_on IS NULL"
             f" OR p.resolved_on >= ?) AND {cond}")
    values = [*head, day, day, day, end, start, start, *tail]
    rows = ws.query(
        prefix + "SELECT p.*, (p.status IN " + _OPEN + " AND p.deadline IS NOT NULL AND"
        " p.deadline < ?) OR (p.resolved_on > ? AND p.deadline < ?) AS overdue" + _NAMES
        + where + " ORDER BY p.registered_on, p.rowid", values)
    problems = {r["id"]: {**_plain(r, include_personal), "overdue": bool(r["overdue"]),
                          "carried_over": r["registered_on"] < start, "events": [],
                          "replies": [], "ratings": [], "typical_case": None}
                for r in rows}
    if not problems:
        return []
    ids = json.dumps(list(problems))
    chosen = "SELECT value FROM json_each(?)"
    history = (
        "SELECT e.problem_id, 'event', e.kind, e.on_date, e.from_status, e.to_status, e.note,"
        " c.name, e.hlc FROM problem_events e LEFT JOIN cadres c ON c.id = e.actor_id"
        " WHERE e.kind != 'note' AND e.problem_id IN (" + chosen + ")"
        " UNION ALL SELECT r.problem_id, 'reply', NULL, r.on_date, NULL, NULL, r.text, c.name,"
        " r.hlc FROM problem_replies r LEFT JOIN cadres c ON c.id = r.actor_id"
        " WHERE r.problem_id IN (" + chosen + ")"
        " UNION ALL SELECT g.problem_id, 'rating', g.rating, g.on_date, NULL, NULL, g.comment,"
        " c.name, g.hlc FROM problem_ratings g LEFT JOIN cadres c ON c.id = g.actor_id"
        " WHERE g.problem_id IN (" + chosen + ") ORDER BY 4, 9")
    for r in ws.query(history, [ids] * 3):
        item = problems.get(r[0])
        if item is None:
            continue
        if r[1] == "event":
            item["events"].append({"kind": r[2], "on_date": r[3], "from_status": r[4],
                                   "to_status": r[5], "note": r[6] or "", "actor_name": r[7]})
        elif r[1] == "reply":
            item["replies"].append({"on_date": r[3], "text": r[6] or "", "actor_name": r[7]})
        else:
            item["ratings"].append({"on_date": r[3], "rating": r[2], "comment": r[6] or ""})
    for r in ws.query("SELECT problem_id, half_year, selected, rank, write_up FROM"
                      " typical_cases WHERE withdrawn = 0 ORDER BY half_year"):
        if r[0] in problems:
            problems[r[0]]["typical_case"] = {"half_year": r[1], "selected": bool(r[2]),
                                              "rank": r[3], "write_up": r[4]}
    return list(problems.values())


def problem_ids(ws, scope: Scope | None = None) -> set[str] | None:
    """The ids of the problems in scope (None: every problem, no scope given)."""
    scope = scope or Scope()
    if not (scope.org_unit_id or scope.site_id or scope.cadre_id):
        return None
    prefix, cond, params = problem_scope(scope)
    return {r[0] for r in ws.query(prefix + f"SELECT p.id FROM problems p WHERE {cond}",
                                   params)}
