"""Pages of responses for the browser, fast at any depth.

``response_query.page`` carries every column (answers included) through ``ORDER BY ...
OFFSET``, so a page deep in 50,000 responses costs 100 ms or more. Here a page is found in
two steps: the row ids of the page from a narrow query (for the default order the
listing index answers it alone: ``ORDER BY started_at, rowid`` in one direction), then
the full rows of just those ids. Same filter (``ResponseFilter.where``), same sortable
columns; ties are broken by rowid, consistently for every page of one listing.
"""

from __future__ import annotations

from fieldkit.core.responses.query import SORTABLE, ResponseFilter, count, short_search_count
from fieldkit.core.responses.search_index import form_token, text_test
from fieldkit.core.store.workspace import Workspace
from fieldkit.core.work.directory import shown_name_sql

_COLUMNS = ("r.rowid AS rowid_, r.id, r.form_version, r.status, r.review_state,"
            " r.review_comment, r.started_at, r.finished_at, r.revision, r.deleted,"
            " r.supersedes_id, r.superseded_by, r.answers, {site} AS site_name,"
            " c.name AS cadre_name, r.source")
_JOINS = {"s.": " LEFT JOIN sites s ON s.id = r.site_id",
          "c.": " LEFT JOIN cadres c ON c.id = r.cadre_id"}


def page_rows(ws: Workspace, flt: ResponseFilter, offset: int = 0,
              limit: int = 200, total: int | None = None) -> list[dict]:
    """One page of rows (``answers`` still a JSON string), in the filter's order.
    ``total``, when known, is the filter's count (it helps choose how to search)."""
    order = SORTABLE.get(flt.order_by, "r.started_at")
    direction = "DESC" if flt.descending else "ASC"
    join = _JOINS.get(order[:2], "")
    # sites sort by the name shown (the English name in the English interface)
    sort = shown_name_sql("sites", "s") if order == "s.name" else order
    if flt.short_search():
        if total is None:
            total = short_search_count(ws, flt)
        if total <= offset:
            return []
        if _walk_the_listing(ws, flt, order, offset + limit, total):
            where, params = flt.where(with_text=False)
            join += " JOIN response_search t ON t.rowid = r.rowid"
            test, needle = text_test("t.text", flt.text.strip())
            where += f" AND {test}"
            params.append(needle)
        else:  # few matches: fetch them and sort, rather than walk the listing past the rest
            where, params = flt.where()
            sort = "+" + sort
    else:
        where, params = flt.where()
    rowids = [r[0] for r in ws.query(
        f"SELECT r.rowid FROM responses r{join} WHERE {where}"
        f" ORDER BY {sort} {direction}, r.rowid {direction} LIMIT ? OFFSET ?",
        [*params, limit, offset])]
    if not rowids:
        return []
    marks = ",".join("?" * len(rowids))
    columns = _COLUMNS.format(site=shown_name_sql("sites", "s"))  # English names in English
    rows = ws.query(f"SELECT {columns} FROM responses r{_JOINS['s.']}{_JOINS['c.']}"
                    f" WHERE r.rowid IN ({marks})", rowids)
    by_rowid = {row["rowid_"]: dict(row) for row in rows}
    return [by_rowid[i] for i in rowids if i in by_rowid]


def first_page(ws: Workspace, flt: ResponseFilter, limit: int) -> tuple[int, list[dict]]:
    """The count and the first page, in one trip to the database thread."""
    total = count(ws, flt)
    return total, page_rows(ws, flt, 0, limit, total)


def _walk_the_listing(ws: Workspace, flt: ResponseFilter, order: str, needed: int,
                      total: int) -> bool:
    """Whether a short search's page is best found by walking the listing in its order,
    testing each response's text, rather than through the index. The index hands over
    every match at once (100,000 for 托管 in a survey where it is an option's label), and
    putting them where the listing can look them up costs 30 ms; when matches are that
    common the walk meets a page of them within a few hundred rows. The walk is chosen
    when it should visit fewer rows than there are matches to set aside."""
    if order != "r.started_at" or total < needed:
        return False
    in_form = ws.scalar("SELECT count(*) FROM response_grams WHERE response_grams MATCH ?",
                        (f'"{form_token(flt.form_id)}"',))
    return needed * in_form < total * total // 8
