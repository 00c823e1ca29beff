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

import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.reports.spec import ReportFilters
from fieldkit.core.response_query import ResponseFilter
from fieldkit.core.workspace import Workspace

# A number as typed: digits, an optional sign, point and exponent, nothing else.
_NUMERIC = ("({v}) != '' AND ({v}) NOT GLOB '*[^0-9.eE+-]*' AND ({v}) GLOB '*[0-9]*'")


def path(name: str) -> str:
    """The JSON path of a top-level answer (quoted: names may hold dots or dashes)."""
    return '$."' + name.replace('"', '""') + '"'


_serial = itertools.count(1)


@dataclass
class Selection:
    """The responses a report covers. On first use their answers are unpacked once, with
    ``json_each``, into two temporary tables of this connection (``r``: one row per response;
    ``a``: one row per answer, indexed by question), so that the hundred aggregations of a
    report do not parse the same 6,000 JSON documents a hundred times. Nothing is written to
    the workspace file; ``release`` drops the tables (closing the connection does too)."""

    form_id: str
    filters: ReportFilters
    name: str = field(default="", init=False)

    def cte(self) -> tuple[str, list[Any]]:
        f = self.filters
        where, params = ResponseFilter(
            form_id=self.form_id, version=f.version, site_id=f.site_id, cadre_id=f.cadre_id,
            status=f.status, review_state=f.review_state, date_from=f.date_from,
            date_to=f.date_to).where()
        if f.batch_id:
            where += " AND r.import_batch_id = ?"
            params.append(f.batch_id)
        return where, list(params)

    def prepare(self, ws: Workspace) -> str:
        if self.name:
            return self.name
        name = f"fk_report_{next(_serial)}"
        where, params = self.cte()
        ws.conn.execute(f"CREATE TEMP TABLE {name}_r AS SELECT r.rowid AS rid, r.site_id AS"
                        " site_id, r.status AS status, r.review_state AS review_state,"
                        " r.form_version AS form_version, substr(r.started_at, 1, 10) AS day"
                        f" FROM responses r WHERE {where}", params)
        ws.conn.execute(f"CREATE TEMP TABLE {name}_a AS SELECT r.rowid AS rid, j.key AS key,"
                        " j.value AS value, j.type AS type FROM responses r, json_each(r.answers)"
                        f" j WHERE {where} AND j.type != 'array'", params)
        ws.conn.execute(f"CREATE INDEX temp.{name}_a_key ON {name}_a (key, rid)")
        self.name = name
        return name

    def release(self, ws: Workspace) -> None:
        if self.name:
            ws.conn.execute(f"DROP TABLE IF EXISTS temp.{self.name}_r")
            ws.conn.execute(f"DROP TABLE IF EXISTS temp.{self.name}_a")
            self.name = ""


def _query(ws: Workspace, sel: Selection, sql: str, params: list[Any] = ()):  # type: ignore[assignment]
    """``sql`` with ``sel`` standing for the responses and ``ans`` for their answers."""
    name = sel.prepare(ws)
    # NOT MATERIALIZED: a name used twice in a query (a cross-tabulation joins the answers
    # to themselves) would otherwise be copied without its index each time
    head = (f"WITH sel AS NOT MATERIALIZED (SELECT * FROM {name}_r), ans AS NOT MATERIALIZED"
            f" (SELECT * FROM {name}_a) ")
    return ws.query(head + sql, list(params))


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
    """How many responses answered each question (a non-empty answer)."""
    rows = _query(ws, sel, "SELECT key, count(*) FROM ans WHERE value IS NOT NULL AND"
                           " value != '' GROUP BY key")
    return {r[0]: r[1] for r in rows}


def single_counts(ws: Workspace, sel: Selection, names: list[str]) -> dict[str, dict[str, int]]:
    """For select_one questions: {question: {value: responses}}, all questions at once."""
    if not names:
        return {}
    rows = _query(ws, sel, "SELECT key, value, count(*) FROM ans WHERE key IN (SELECT value"
                           " FROM json_each(?)) AND value != '' AND type = 'text'"
                           " GROUP BY key, value", [json.dumps(names)])
    out: dict[str, dict[str, int]] = {n: {} for n in names}
    for key, value, n in rows:
        out[key][value] = n
    return out


def multiple_counts(ws: Workspace, sel: Selection, name: str,
                    choices: list[str]) -> dict[str, int]:
    """For a select_multiple question: {choice: responses that chose it}."""
    rows = _query(ws, sel, "SELECT c.value, count(*) FROM ans JOIN json_each(?) c"
                           " ON instr(' ' || ans.value || ' ', ' ' || c.value || ' ') > 0"
                           " WHERE ans.key = ? GROUP BY c.value", [json.dumps(choices), name])
    return {r[0]: r[1] for r in rows}


def _values() -> str:
    """``vals(x)``: the numeric answers of the question named by the next parameter."""
    return ("vals AS (SELECT CAST(value AS REAL) AS x FROM ans WHERE key = ? AND type IN"
            " ('text', 'integer', 'real') AND " + _NUMERIC.format(v="value") + ") ")


def numeric_summary(ws: Workspace, sel: Selection, name: str) -> dict[str, float] | None:
    """n, mean, min, max and the quartiles (linear interpolation between the two nearest
    ranks, as Excel's QUARTILE.INC), or None when nobody answered with a number."""
    n, mean, low, high = _query(ws, sel, ", " + _values() + "SELECT count(*), avg(x), min(x),"
                                " max(x) FROM vals", [name])[0]
    if not n:
        return None
    ranks: dict[str, tuple[int, int, float]] = {}
    for label, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
        h = (n - 1) * q
        ranks[label] = (math.floor(h), math.ceil(h), h - math.floor(h))
    wanted = sorted({i for lo, hi, _ in ranks.values() for i in (lo, hi)})
    rows = _query(ws, sel, ", " + _values() + ", ordered AS (SELECT x, row_number() OVER"
                  " (ORDER BY x) - 1 AS i FROM vals) SELECT i, x FROM ordered WHERE i IN"
                  " (SELECT value FROM json_each(?))", [name, json.dumps(wanted)])
    at = {r[0]: r[1] for r in rows}
    out = {"n": n, "mean": mean, "min": low, "max": high}
    for label, (lo, hi, frac) in ranks.items():
        out[label] = at[lo] + (at[hi] - at[lo]) * frac
    return out


def histogram(ws: Workspace, sel: Selection, name: str, start: float, width: float,
              bins: int) -> list[int]:
    """Counts of numeric answers in ``bins`` bins of ``width`` from ``start``; the last bin
    also holds its upper edge."""
    rows = _query(ws, sel, ", " + _values() + "SELECT min(CAST((x - ?) / ? AS INTEGER), ?) AS b,"
                  " count(*) FROM vals GROUP BY b", [name, start, width, bins - 1])
    counts = [0] * bins
    for b, n in rows:
        counts[max(0, b)] += n
    return counts


def by_month(ws: Workspace, sel: Selection, name: str) -> list[tuple[str, int]]:
    """Date answers counted by month (YYYY-MM), in order."""
    rows = _query(ws, sel, "SELECT substr(value, 1, 7) AS m, count(*) FROM ans WHERE key = ?"
                           " AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY m"
                           " ORDER BY m", [name])
    return [(r[0], r[1]) for r in rows]


def text_summary(ws: Workspace, sel: Selection, name: str, examples: int = 5
                 ) -> tuple[int, list[tuple[str, int]]]:
    """How many answered, and the most frequent answers with their counts."""
    rows = _query(ws, sel, "SELECT value, count(*) AS n FROM ans WHERE key = ? AND"
                           " type = 'text' AND trim(value) != '' GROUP BY value"
                           " ORDER BY n DESC, value LIMIT ?", [name, examples])
    total = _query(ws, sel, "SELECT count(*) FROM ans WHERE key = ? AND type = 'text'"
                            " AND trim(value) != ''", [name])[0][0]
    return total, [(r[0], r[1]) for r in rows]


_GROUP = ("sel LEFT JOIN ans g ON g.rid = sel.rid AND g.key = ? AND g.type = 'text'")


def groups(ws: Workspace, sel: Selection, group: str) -> dict[str, int]:
    """Responses per answer of the grouping question ('' = not answered)."""
    rows = _query(ws, sel, f"SELECT coalesce(g.value, '') AS gv, count(*) FROM {_GROUP}"
                           " GROUP BY gv", [group])
    return {r[0]: r[1] for r in rows}


def crosstab(ws: Workspace, sel: Selection, group: str, name: str, *, multiple: bool,
             choices: list[str]) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Counts of each answer of ``name`` within each group, and per group the number of
    responses that answered ``name`` (the base of the row percentages)."""
    answered_q = f"{_GROUP} JOIN ans q ON q.rid = sel.rid AND q.key = ? AND q.type = 'text'"
    if multiple:
        rows = _query(ws, sel, f"SELECT coalesce(g.value, '') AS gv, c.value, count(*) FROM"
                               f" {answered_q} JOIN json_each(?) c ON instr(' ' || q.value ||"
                               " ' ', ' ' || c.value || ' ') > 0 GROUP BY gv, c.value",
                      [group, name, json.dumps(choices)])
    else:
        rows = _query(ws, sel, f"SELECT coalesce(g.value, '') AS gv, q.value, count(*) FROM"
                               f" {answered_q} WHERE q.value != '' GROUP BY gv, q.value",
                      [group, name])
    cells = {(r[0], r[1]): r[2] for r in rows}
    bases = _query(ws, sel, f"SELECT coalesce(g.value, '') AS gv, count(*) FROM {answered_q}"
                            " WHERE trim(q.value) != '' GROUP BY gv", [group, name])
    return cells, {r[0]: r[1] for r in bases}
