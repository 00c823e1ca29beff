"""The responses wing's read API for reports: every figure of a survey report, as SQL.

This is the one module of ``reports/`` that reads the ``responses`` table (and the site
names beside it). It picks responses with the responses wing's own ``ResponseFilter`` (so a
report covers exactly what the responses page shows for the same filters), adds the import
batch, and aggregates the answers in SQLite with ``json_extract``/``json_each`` over
``responses.answers``: counting 6,000 questionnaires of 80 questions must stay small next to
laying out the report, so no answer is loaded into Python to be counted.

Answers are stored as text: a select_one holds a choice name, a select_multiple the chosen
names separated by spaces, numbers and dates their typed text. Questions inside repeats are
lists and are not summarised here.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from fieldkit.core.reports.spec import ReportFilters
from fieldkit.core.response_query import ResponseFilter
from fieldkit.core.workspace import Workspace

# A number as typed: digits, an optional sign, point and exponent, nothing else.
_NUMERIC = ("({v}) != '' AND ({v}) NOT GLOB '*[^0-9.eE+-]*' AND ({v}) GLOB '*[0-9]*'")


def path(name: str) -> str:
    """The JSON path of a top-level answer (quoted: names may hold dots or dashes)."""
    return '$."' + name.replace('"', '""') + '"'


@dataclass
class Selection:
    """The responses a report covers, as a SQL common table expression ``sel``."""

    form_id: str
    filters: ReportFilters

    def cte(self) -> tuple[str, list[Any]]:
        f = self.filters
        where, params = ResponseFilter(
            form_id=self.form_id, version=f.version, site_id=f.site_id, cadre_id=f.cadre_id,
            status=f.status, review_state=f.review_state, date_from=f.date_from,
            date_to=f.date_to).where()
        if f.batch_id:
            where += " AND r.import_batch_id = ?"
            params.append(f.batch_id)
        return ("WITH sel AS (SELECT r.answers AS answers, r.site_id AS site_id, r.status AS"
                " status, r.review_state AS review_state, r.form_version AS form_version,"
                " substr(r.started_at, 1, 10) AS day FROM responses r WHERE " + where + ") ",
                list(params))


def _query(ws: Workspace, sel: Selection, sql: str, params: list[Any] = ()):  # type: ignore[assignment]
    head, head_params = sel.cte()
    return ws.query(head + sql, [*head_params, *params])


def overview(ws: Workspace, sel: Selection) -> dict[str, Any]:
    """Sample size, number of sites and the first and last day covered."""
    row = _query(ws, sel, "SELECT count(*), count(DISTINCT site_id), min(nullif(day, '')),"
                          " max(nullif(day, '')) FROM sel")[0]
    return {"responses": row[0], "sites": row[1], "first_day": row[2] or "",
            "last_day": row[3] or ""}


def by_site(ws: Workspace, sel: Selection) -> list[tuple[str, int]]:
    """Responses per site, most first; responses with no site come last under ''."""
    rows = _query(ws, sel, "SELECT coalesce(s.name, '') AS name, count(*) AS n FROM sel"
                           " LEFT JOIN sites s ON s.id = sel.site_id GROUP BY sel.site_id"
                           " ORDER BY name = '', n DESC, name")
    return [(r[0], r[1]) for r in rows]


def by_column(ws: Workspace, sel: Selection, column: str) -> list[tuple[str, int]]:
    """Responses per status, review state or form version."""
    if column not in ("status", "review_state", "form_version"):
        raise ValueError(column)
    rows = _query(ws, sel, f"SELECT {column}, count(*) FROM sel GROUP BY 1 ORDER BY 1")
    return [(r[0], r[1]) for r in rows]


def answered(ws: Workspace, sel: Selection) -> dict[str, int]:
    """How many responses answered each question (a non-empty answer), in one pass."""
    rows = _query(ws, sel, "SELECT j.key, count(*) FROM sel, json_each(sel.answers) j"
                           " WHERE j.value IS NOT NULL AND j.value != '' AND j.type != 'array'"
                           " GROUP BY j.key")
    return {r[0]: r[1] for r in rows}


def single_counts(ws: Workspace, sel: Selection, names: list[str]) -> dict[str, dict[str, int]]:
    """For select_one questions: {question: {value: responses}}, all questions in one pass."""
    if not names:
        return {}
    rows = _query(ws, sel, "SELECT j.key, j.value, count(*) FROM sel, json_each(sel.answers) j"
                           " WHERE j.key IN (SELECT value FROM json_each(?)) AND j.value != ''"
                           " AND j.type = 'text' GROUP BY j.key, j.value",
                  [json.dumps(names)])
    out: dict[str, dict[str, int]] = {n: {} for n in names}
    for key, value, n in rows:
        out[key][value] = n
    return out


def multiple_counts(ws: Workspace, sel: Selection, name: str,
                    choices: list[str]) -> dict[str, int]:
    """For a select_multiple question: {choice: responses that chose it}."""
    rows = _query(ws, sel, "SELECT c.value, count(*) FROM sel JOIN json_each(?) c"
                           " ON instr(' ' || json_extract(sel.answers, ?) || ' ',"
                           " ' ' || c.value || ' ') > 0 GROUP BY c.value",
                  [json.dumps(choices), path(name)])
    return {r[0]: r[1] for r in rows}


def _values() -> str:
    """``vals(x)``: the numeric answers of the question whose path is the next two
    parameters."""
    return ("vals AS (SELECT CAST(v AS REAL) AS x FROM (SELECT json_extract(sel.answers, ?) AS v,"
            " json_type(sel.answers, ?) AS ty FROM sel) WHERE ty IN ('text', 'integer', 'real')"
            " AND " + _NUMERIC.format(v="v") + ") ")


def numeric_summary(ws: Workspace, sel: Selection, name: str) -> dict[str, float] | None:
    """n, mean, min, max and the quartiles (linear interpolation between the two nearest
    ranks, as Excel's QUARTILE.INC), or None when nobody answered with a number."""
    p = path(name)
    n, mean, low, high = _query(ws, sel, ", " + _values() + "SELECT count(*), avg(x), min(x),"
                                " max(x) FROM vals", [p, p])[0]
    if not n:
        return None
    ranks: dict[str, tuple[int, int, float]] = {}
    for label, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
        h = (n - 1) * q
        ranks[label] = (math.floor(h), math.ceil(h), h - math.floor(h))
    wanted = sorted({i for lo, hi, _ in ranks.values() for i in (lo, hi)})
    rows = _query(ws, sel, ", " + _values() + ", ordered AS (SELECT x, row_number() OVER"
                  " (ORDER BY x) - 1 AS i FROM vals) SELECT i, x FROM ordered WHERE i IN"
                  " (SELECT value FROM json_each(?))", [p, p, json.dumps(wanted)])
    at = {r[0]: r[1] for r in rows}
    out = {"n": n, "mean": mean, "min": low, "max": high}
    for label, (lo, hi, frac) in ranks.items():
        out[label] = at[lo] + (at[hi] - at[lo]) * frac
    return out


def histogram(ws: Workspace, sel: Selection, name: str, start: float, width: float,
              bins: int) -> list[int]:
    """Counts of numeric answers in ``bins`` bins of ``width`` from ``start``; the last bin
    also holds its upper edge."""
    p = path(name)
    rows = _query(ws, sel, ", " + _values() + "SELECT min(CAST((x - ?) / ? AS INTEGER), ?) AS b,"
                  " count(*) FROM vals GROUP BY b", [p, p, start, width, bins - 1])
    counts = [0] * bins
    for b, n in rows:
        counts[max(0, b)] += n
    return counts


def by_month(ws: Workspace, sel: Selection, name: str) -> list[tuple[str, int]]:
    """Date answers counted by month (YYYY-MM), in order."""
    rows = _query(ws, sel, "SELECT substr(json_extract(sel.answers, ?), 1, 7) AS m, count(*)"
                           " FROM sel WHERE json_extract(sel.answers, ?) GLOB"
                           " '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY m ORDER BY m",
                  [path(name), path(name)])
    return [(r[0], r[1]) for r in rows]


def text_summary(ws: Workspace, sel: Selection, name: str, examples: int = 5
                 ) -> tuple[int, list[tuple[str, int]]]:
    """How many answered, and the most frequent answers with their counts."""
    p = path(name)
    rows = _query(ws, sel, "SELECT json_extract(sel.answers, ?) AS t, count(*) AS n FROM sel"
                           " WHERE json_type(sel.answers, ?) = 'text' AND trim(t) != ''"
                           " GROUP BY t ORDER BY n DESC, t LIMIT ?", [p, p, examples])
    total = _query(ws, sel, "SELECT count(*) FROM sel WHERE json_type(sel.answers, ?) = 'text'"
                            " AND trim(json_extract(sel.answers, ?)) != ''", [p, p])[0][0]
    return total, [(r[0], r[1]) for r in rows]


def groups(ws: Workspace, sel: Selection, group: str) -> dict[str, int]:
    """Responses per answer of the grouping question ('' = not answered)."""
    rows = _query(ws, sel, "SELECT coalesce(json_extract(sel.answers, ?), '') AS g, count(*)"
                           " FROM sel GROUP BY g", [path(group)])
    return {r[0]: r[1] for r in rows}


def crosstab(ws: Workspace, sel: Selection, group: str, name: str, *, multiple: bool,
             choices: list[str]) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Counts of each answer of ``name`` within each group, and per group the number of
    responses that answered ``name`` (the base of the row percentages)."""
    g, q = path(group), path(name)
    if multiple:
        rows = _query(ws, sel, "SELECT coalesce(json_extract(sel.answers, ?), '') AS g, c.value,"
                               " count(*) FROM sel JOIN json_each(?) c ON instr(' ' ||"
                               " json_extract(sel.answers, ?) || ' ', ' ' || c.value || ' ') > 0"
                               " GROUP BY g, c.value", [g, json.dumps(choices), q])
    else:
        rows = _query(ws, sel, "SELECT coalesce(json_extract(sel.answers, ?), '') AS g,"
                               " json_extract(sel.answers, ?) AS v, count(*) FROM sel"
                               " WHERE json_type(sel.answers, ?) = 'text' AND v != ''"
                               " GROUP BY g, v", [g, q, q])
    cells = {(r[0], r[1]): r[2] for r in rows}
    bases = _query(ws, sel, "SELECT coalesce(json_extract(sel.answers, ?), '') AS g, count(*)"
                            " FROM sel WHERE json_type(sel.answers, ?) = 'text' AND"
                            " trim(json_extract(sel.answers, ?)) != '' GROUP BY g", [g, q, q])
    return cells, {r[0]: r[1] for r in bases}
