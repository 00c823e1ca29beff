"""Finding responses: filters, full-text search and paging, all in SQL.

The responses browser shows 50,000 responses without loading them: it asks for a count
and then for pages of rows as they scroll into view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.responses.search_index import fold, form_token, gram_query, is_exact, text_test
from fieldkit.core.store.workspace import Workspace
from fieldkit.core.work import directory

SORTABLE = {"started_at": "r.started_at", "finished_at": "r.finished_at",
            "status": "r.status", "review_state": "r.review_state", "site": "s.name",
            "cadre": "c.name", "form_version": "r.form_version", "revision": "r.revision"}


@dataclass
class ResponseFilter:
    form_id: str
    version: str | None = None
    site_id: str | None = None
    cadre_id: str | None = None
    status: str | None = None
    review_state: str | None = None
    date_from: str | None = None        # YYYY-MM-DD, on the start date
    date_to: str | None = None
    text: str = ""
    include_superseded: bool = False
    include_deleted: bool = False
    order_by: str = "started_at"
    descending: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def short_search(self) -> str:
        """The search when the index can count it with no look at the listing: a search
        and no filter but the form and the deleted/superseded switches. (The name is older
        than its reach: a longer search is counted this way too, each match checked.)"""
        text = self.text.strip()
        if any((self.version, self.site_id, self.cadre_id, self.status, self.review_state,
                self.date_from, self.date_to)):
            return ""
        return text

    def where(self, with_text: bool = True) -> tuple[str, list[Any]]:
        clauses, params = ["r.form_id = ?"], [self.form_id]
        for column, value in (("r.form_version", self.version), ("r.site_id", self.site_id),
                              ("r.cadre_id", self.cadre_id), ("r.status", self.status),
                              ("r.review_state", self.review_state)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.date_from:
            clauses.append("substr(r.started_at, 1, 10) >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("substr(r.started_at, 1, 10) <= ?")
            params.append(self.date_to)
        if not self.include_superseded:
            clauses.append("r.superseded_by IS NULL")
        if not self.include_deleted:
            clauses.append("r.deleted = 0")
        text = self.text.strip() if with_text else ""
        if text:  # the index of characters and pairs; beyond two characters, checked
            clauses.append("r.rowid IN (SELECT rowid FROM response_grams WHERE response_grams"
                           " MATCH ?)")
            params.append(gram_query(text))
            if not is_exact(text):
                test, needle = text_test(
                    "(SELECT text FROM response_search WHERE rowid = r.rowid)", text)
                clauses.append(test)
                params.append(needle)
        return " AND ".join(clauses), params


_FROM = (" FROM responses r LEFT JOIN sites s ON s.id = r.site_id"
         " LEFT JOIN cadres c ON c.id = r.cadre_id")


def totals(ws: Workspace) -> dict[str, int]:
    """The workspace's current responses (deleted and superseded revisions left out): how
    many are complete, draft, marked as having issues; and ``stored``, every response not
    deleted (revisions included), which says whether anything was collected at all."""
    row = ws.query(
        "SELECT coalesce(sum(status = 'complete'), 0) AS complete,"
        " coalesce(sum(status = 'draft'), 0) AS draft,"
        " coalesce(sum(review_state = 'has_issues'), 0) AS has_issues"
        " FROM responses WHERE deleted = 0 AND superseded_by IS NULL")[0]
    stored = ws.scalar("SELECT count(*) FROM responses WHERE deleted = 0")
    return {"complete": row["complete"], "draft": row["draft"],
            "has_issues": row["has_issues"], "stored": stored}


def count(ws: Workspace, flt: ResponseFilter) -> int:
    if flt.short_search():
        return short_search_count(ws, flt)
    where, params = flt.where()
    return ws.scalar(f"SELECT count(*) FROM responses r WHERE {where}", params)


def short_search_count(ws: Workspace, flt: ResponseFilter) -> int:
    """A search's count from the index: its matches in the form (the index merges the two
    lists; beyond two characters each is checked against its text, without a look at the
    responses), less the matches among the form's deleted or superseded responses, which
    are few and checked one by one. At 100,000 matches this is a few milliseconds where
    intersecting them with the listing took 90."""
    text = flt.short_search()
    match = f'{gram_query(text)} AND "{form_token(flt.form_id)}"'
    if is_exact(text):
        total = ws.scalar("SELECT count(*) FROM response_grams WHERE response_grams MATCH ?",
                          (match,))
    else:
        test, needle = text_test("s.text", text)
        total = ws.scalar("SELECT count(*) FROM response_grams g JOIN response_search s"
                          f" ON s.rowid = g.rowid WHERE response_grams MATCH ? AND {test}",
                          (match, needle))
    hidden = []  # the hidden responses, as ranges of the listing index
    if not flt.include_deleted:
        hidden += ["r.deleted < 0", "r.deleted > 0"]
    if not flt.include_superseded:
        hidden.append("r.deleted = 0 AND r.superseded_by IS NOT NULL" if not flt.include_deleted
                      else "r.superseded_by IS NOT NULL")
    for condition in hidden if total else ():
        total -= ws.scalar(
            "SELECT count(*) FROM responses r JOIN response_search s ON s.rowid = r.rowid"
            f" WHERE r.form_id = ? AND {condition} AND fieldkit_contains(s.text, ?)",
            (flt.form_id, fold(text)))
    return total


def page(ws: Workspace, flt: ResponseFilter, offset: int = 0, limit: int = 100) -> list[dict]:
    """One page of rows for the browser; ``answers`` stays a JSON string until shown."""
    where, params = flt.where()
    order = SORTABLE.get(flt.order_by, "r.started_at")
    if order == "s.name":   # sites sort by the name shown
        order = directory.shown_name_sql("sites", "s")
    direction = "DESC" if flt.descending else "ASC"
    rows = ws.query(
        "SELECT r.id, r.form_version, r.status, r.review_state, r.review_comment, r.started_at,"
        " r.finished_at, r.revision, r.deleted, r.supersedes_id, r.superseded_by, r.answers,"
        f" {directory.shown_name_sql('sites', 's')} AS site_name, c.name AS cadre_name,"
        " r.source" + _FROM +
        f" WHERE {where} ORDER BY {order} {direction}, r.id LIMIT ? OFFSET ?",
        [*params, limit, offset])
    return [dict(r) for r in rows]


def facets(ws: Workspace, form_id: str) -> dict[str, list[tuple[str, str]]]:
    """The values the filters offer: versions, sites and cadres that have responses."""
    versions = [(r[0], r[0]) for r in ws.query(
        "SELECT DISTINCT form_version FROM responses WHERE form_id = ? ORDER BY 1", (form_id,))]
    sites = [(r[0], r[1]) for r in ws.query(
        f"SELECT DISTINCT s.id, {directory.shown_name_sql('sites', 's')} FROM responses r"
        " JOIN sites s ON s.id = r.site_id WHERE r.form_id = ? ORDER BY 2 COLLATE PINYIN",
        (form_id,))]
    cadres = [(r[0], r[1]) for r in ws.query(
        "SELECT DISTINCT c.id, c.name FROM responses r JOIN cadres c ON c.id = r.cadre_id"
        " WHERE r.form_id = ? ORDER BY c.name COLLATE PINYIN", (form_id,))]
    return {"versions": versions, "sites": sites, "cadres": cadres}
