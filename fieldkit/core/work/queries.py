"""Read functions of the work wing: problems by filter, one problem, scopes, overdue rules.

Other wings and the future reports/ query layer read the ledger through these functions.
The overdue rules are written once, as SQL conditions, and used by lists, the problem
view and the KPIs alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldkit.core.i18n import N_
from fieldkit.core.work.errors import ProblemNotFound, WorkError
from fieldkit.core.work.model import DONE_STATUSES, OPEN_STATUSES, PERIOD_DATES, ProblemFilter

_OPEN = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"
_DONE = "(" + ", ".join(f"'{s}'" for s in DONE_STATUSES) + ")"

# past its deadline and not resolved (parameter: the day it is judged on)
OVERDUE_SQL = f"(p.status IN {_OPEN} AND p.deadline IS NOT NULL AND p.deadline < ?)"
# a cross-department problem whose last feedback to the worker (or its registration) is
# longer ago than its feedback interval (parameter: the day it is judged on)
FEEDBACK_OVERDUE_SQL = (
    f"(p.grade = 'cross_department' AND p.status IN {_OPEN}"
    " AND p.feedback_interval_days IS NOT NULL"
    " AND julianday(?) - julianday(coalesce(p.last_feedback_on, p.registered_on))"
    " > p.feedback_interval_days)")

PERSONAL_FIELDS = ("worker_name", "worker_phone")


def org_subtree_sql() -> str:
    """A CTE naming ``scope_units(id)``: the org unit given as parameter and all below it."""
    return ("WITH RECURSIVE scope_units(id) AS (SELECT ? UNION"
            " SELECT o.id FROM org_units o JOIN scope_units s ON o.parent_id = s.id) ")


def org_subtree(ws, org_unit_id: str) -> list[str]:
    return [r[0] for r in ws.query(org_subtree_sql() + "SELECT id FROM scope_units",
                                   (org_unit_id,))]


def resolve_problem_id(ws, ref: str) -> str:
    """A problem's full id from its id or the first characters of it (as lists show)."""
    ref = (ref or "").strip()
    if len(ref) < 4:
        raise ProblemNotFound(N_("No problem has the id “{problem}”."), problem=ref)
    rows = ws.query("SELECT id FROM problems WHERE id LIKE ? LIMIT 2",
                    (ref.replace("%", "").replace("_", "\\_") + "%",))
    if not rows:
        raise ProblemNotFound(N_("No problem has the id “{problem}”."), problem=ref)
    if len(rows) > 1:
        raise WorkError(N_("More than one problem starts with “{problem}”; give more of its "
                           "id."), problem=ref)
    return rows[0]["id"]


def problem_select(*, shown_names: bool = False, with_rowid: bool = False) -> str:
    """The SELECT of a problem with its names, overdue flags (two parameters: the day it
    is judged on) and latest rating. ``shown_names``: sites and org units by the name a
    person reads in the interface's language (``directory.shown_name_sql``)."""
    from fieldkit.core.work.directory import shown_name_sql

    site = shown_name_sql("sites", "s") if shown_names else "s.name"
    unit = shown_name_sql("org_units", "o") if shown_names else "o.name"
    return (
        f"SELECT {'p.rowid AS rowid_, ' if with_rowid else ''}p.*, {site} AS site_name,"
        f" {unit} AS org_unit_name, c.name AS cadre_name,"
        f" {OVERDUE_SQL} AS overdue, {FEEDBACK_OVERDUE_SQL} AS feedback_overdue,"
        " (SELECT r.rating FROM problem_ratings r WHERE r.problem_id = p.id"
        "  ORDER BY r.on_date DESC, r.at DESC LIMIT 1) AS latest_rating"
        " FROM problems p LEFT JOIN sites s ON s.id = p.site_id"
        " LEFT JOIN org_units o ON o.id = p.org_unit_id LEFT JOIN cadres c ON c.id = p.cadre_id")


_SELECT = problem_select()


def _row(r, include_personal: bool) -> dict[str, Any]:
    out = dict(r)
    out["overdue"] = bool(out["overdue"])
    out["feedback_overdue"] = bool(out["feedback_overdue"])
    out["anonymous"] = bool(out["anonymous"])
    out["co_departments"] = [d for d in out["co_departments"].split("\n") if d]
    out["attachments"] = out["attachments"].split()
    if not include_personal:
        for key in PERSONAL_FIELDS:
            out.pop(key, None)
    return out


def get_problem(ws, problem_id: str, *, today: date | None = None,
                include_personal: bool = True, shown_names: bool = False) -> dict[str, Any]:
    """One problem with names, overdue flags and latest rating (personal fields included:
    it is the problem's own view; ``shown_names`` as in ``problem_select``)."""
    day = (today or date.today()).isoformat()
    select = problem_select(shown_names=True) if shown_names else _SELECT
    rows = ws.query(select + " WHERE p.id = ?", (day, day, problem_id))
    if not rows:
        raise ProblemNotFound(N_("No problem has the id “{problem}”."), problem=problem_id)
    return _row(rows[0], include_personal)


def filter_sql(flt: ProblemFilter, day: str) -> tuple[str, str, list[Any]]:
    """``(prefix, where, params)`` selecting the problems ``flt`` asks for (alias ``p``),
    judged on ``day``; the prefix is a CTE to put before the SELECT (or "")."""
    where, params = ["1"], []
    prefix = ""
    if flt.org_unit_id:
        prefix = org_subtree_sql()
        params.append(flt.org_unit_id)
        where.append("p.org_unit_id IN (SELECT id FROM scope_units)")
    if flt.status in ("open", "done"):
        where.append(f"p.status IN {_OPEN if flt.status == 'open' else _DONE}")
    elif flt.status:
        where.append("p.status = ?")
        params.append(flt.status)
    for column in ("grade", "category", "site_id", "cadre_id"):
        value = getattr(flt, column)
        if value:
            where.append(f"p.{column} = ?")
            params.append(value)
    if flt.overdue_only:
        where.append(f"({OVERDUE_SQL} OR {FEEDBACK_OVERDUE_SQL})")
        params += [day, day]
    if flt.period_of not in PERIOD_DATES:
        raise ValueError(f"unknown period_of {flt.period_of!r}")
    if flt.registered_from:
        where.append(f"p.{flt.period_of}_on >= ?")
        params.append(flt.registered_from.isoformat())
    if flt.registered_to:
        where.append(f"p.{flt.period_of}_on <= ?")
        params.append(flt.registered_to.isoformat())
    if flt.text.strip():
        where.append("(p.title LIKE ? OR p.description LIKE ?)")
        params += [f"%{flt.text.strip()}%"] * 2
    return prefix, " AND ".join(where), params


def list_problems(ws, flt: ProblemFilter | None = None, *,
                  today: date | None = None) -> list[dict[str, Any]]:
    """Problems matching ``flt``, newest registration first. Workers' names and phones are
    left out unless ``flt.include_personal``."""
    flt = flt or ProblemFilter()
    day = (today or date.today()).isoformat()
    prefix, where, params = filter_sql(flt, day)
    # the CTE's parameter comes first, then the SELECT's two overdue days, then the filter's
    cte = params[:1] if prefix else []
    sql = (prefix + _SELECT + " WHERE " + where
           + " ORDER BY p.registered_on DESC, p.rowid DESC LIMIT ?")
    rows = ws.query(sql, [*cte, day, day, *params[len(cte):], flt.limit])
    return [_row(r, flt.include_personal) for r in rows]


def row_dict(r, include_personal: bool = False) -> dict[str, Any]:
    """A row of ``problem_select()`` as plain data (for other modules of the wing)."""
    return _row(r, include_personal)


_NOT_FOUND = {
    "sites": N_("There is no site “{name}” in the directory."),
    "cadres": N_("There is no cadre “{name}” in the directory."),
    "org_units": N_("There is no org unit “{name}” in the directory."),
}


def find_in_directory(ws, table: str, name_or_id: str | None) -> str | None:
    """The id of the site, cadre or org unit named by id, name or English name (any case)."""
    if not name_or_id:
        return None
    text = name_or_id.strip()
    english = ", name_en" if table != "cadres" else ""
    for r in ws.query(f"SELECT id, name{english} FROM {table} ORDER BY active DESC"):
        names = [r["id"], r["name"]] + ([r["name_en"]] if english else [])
        if any(n and n.strip().lower() == text.lower() for n in names):
            return r["id"]
    raise WorkError(_NOT_FOUND[table], name=text)
