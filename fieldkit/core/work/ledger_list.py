"""The ledger's list, a page at a time, for a screen over tens of thousands of problems.

``count_problems`` counts what a ``ProblemFilter`` selects; ``problem_page`` returns one
page of it in a chosen order. A page is found in two steps, as the responses browser
does (``response_paging``): the rowids of the page from a narrow query, then the full rows
(names, overdue flags, latest rating) of just those rowids. Ties are broken by rowid, so
the pages of one listing never overlap or skip a row.

Sites and org units carry the name a person reads in the interface's language.
``days_overdue`` is added to each row: whole days past the deadline of an open problem
(0 when it is not overdue by its deadline), the same rule as ``queries.OVERDUE_SQL``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldkit.core.work.model import ProblemFilter
from fieldkit.core.work.directory import shown_name_sql
from fieldkit.core.work.queries import OVERDUE_SQL, filter_sql, problem_select, row_dict

# the orders a list can ask for: key -> SQL expression (alias p, s for the site)
SORTABLE = {
    "registered": "p.registered_on",
    "title": "p.title",
    "site": "s.name",
    "category": "p.category",
    "grade": "p.grade",
    "status": "p.status",
    "deadline": "p.deadline",
    # the most overdue first when descending; problems not overdue sort after them
    "overdue": f"CASE WHEN {OVERDUE_SQL} THEN julianday(?) - julianday(p.deadline) ELSE 0 END",
    "lead_department": "p.lead_department",
}


def _day(today: date | None) -> str:
    return (today or date.today()).isoformat()


def days_overdue(problem: dict[str, Any], today: date | None = None) -> int:
    """Whole days past the deadline of a problem judged overdue (its ``overdue`` flag, as
    ``queries`` computes it for ``today``); 0 otherwise."""
    if not problem.get("overdue") or not problem.get("deadline"):
        return 0
    return ((today or date.today()) - date.fromisoformat(problem["deadline"])).days


def count_problems(ws, flt: ProblemFilter, *, today: date | None = None) -> int:
    day = _day(today)
    prefix, where, params = filter_sql(flt, day)
    return ws.scalar(f"{prefix}SELECT COUNT(*) FROM problems p WHERE {where}", params)


def problem_page(ws, flt: ProblemFilter, offset: int = 0, limit: int = 200, *,
                 order_by: str = "registered", descending: bool = True,
                 today: date | None = None) -> list[dict[str, Any]]:
    """Rows ``offset`` to ``offset + limit`` of the filter's problems in the given order
    (workers' names and phones left out unless ``flt.include_personal``)."""
    day = _day(today)
    order = SORTABLE.get(order_by, SORTABLE["registered"])
    if order_by == "site":          # by the name shown (English names in English)
        order = shown_name_sql("sites", "s")
    direction = "DESC" if descending else "ASC"
    prefix, where, params = filter_sql(flt, day)
    join = " LEFT JOIN sites s ON s.id = p.site_id" if order_by == "site" else ""
    order_params = [day, day] if order_by == "overdue" else []
    cte, rest = (params[:1], params[1:]) if prefix else ([], params)
    # parameters in the order they appear: CTE, WHERE, ORDER BY, LIMIT/OFFSET
    rowids = [r[0] for r in ws.query(
        f"{prefix}SELECT p.rowid FROM problems p{join} WHERE {where}"
        f" ORDER BY {order} {direction}, p.rowid {direction} LIMIT ? OFFSET ?",
        [*cte, *rest, *order_params, int(limit), int(offset)])]
    if not rowids:
        return []
    marks = ",".join("?" * len(rowids))
    rows = ws.query(problem_select(shown_names=True, with_rowid=True)
                    + f" WHERE p.rowid IN ({marks})", [day, day, *rowids])
    by_rowid = {}
    for r in rows:
        out = row_dict(r, flt.include_personal)
        out["days_overdue"] = days_overdue(out, date.fromisoformat(day))
        by_rowid[out.pop("rowid_")] = out
    return [by_rowid[i] for i in rowids if i in by_rowid]


def first_page(ws, flt: ProblemFilter, limit: int = 200, *, order_by: str = "registered",
               descending: bool = True, today: date | None = None
               ) -> tuple[int, list[dict[str, Any]]]:
    """The count and the first page, in one trip to the database thread."""
    return (count_problems(ws, flt, today=today),
            problem_page(ws, flt, 0, limit, order_by=order_by, descending=descending,
                         today=today))
