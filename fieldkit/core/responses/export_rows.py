"""Reading responses for an export: every current response of a form that a filter lets
through, oldest first, in chunks, with the few fields an export needs.

Part of the responses wing (it reads the ``responses`` table, and sites and cadres only by
the names the browser's query already joins); the exports package calls these functions
and never writes SQL of its own.
"""

from __future__ import annotations

from typing import Any, Iterator

from fieldkit.core.i18n import N_
from fieldkit.core.responses.query import ResponseFilter, facets
from fieldkit.core.responses.records import definition_for
from fieldkit.core.store.workspace import Workspace

# The columns of each row, in this order (rows are sqlite3.Row: by name or position).
FIELDS = ("id", "form_record_id", "form_version", "status", "review_state", "review_comment",
          "revision", "started_at", "finished_at", "answers", "source", "import_batch_id",
          "site_name", "cadre_name")
_SELECT = ("SELECT r.id, r.form_record_id, r.form_version, r.status, r.review_state,"
           " r.review_comment, r.revision, r.started_at, r.finished_at, r.answers, r.source,"
           " r.import_batch_id, s.name AS site_name, c.name AS cadre_name"
           " FROM responses r LEFT JOIN sites s ON s.id = r.site_id"
           " LEFT JOIN cadres c ON c.id = r.cadre_id")


def _where(flt: ResponseFilter, batch_id: str | None) -> tuple[str, list[Any]]:
    where, params = flt.where()
    if batch_id:
        where += " AND r.import_batch_id = ?"
        params = [*params, batch_id]
    return where, params


def count_matching(ws: Workspace, flt: ResponseFilter, batch_id: str | None = None) -> int:
    """How many responses an export with this filter holds."""
    where, params = _where(flt, batch_id)
    return ws.scalar(f"SELECT count(*) FROM responses r WHERE {where}", params)


def iter_matching(ws: Workspace, flt: ResponseFilter, batch_id: str | None = None, *,
                  chunk: int = 2000) -> Iterator[list]:
    """The responses that match, oldest first (then by id), ``chunk`` rows at a time; each
    row has the ``FIELDS``. Read with one statement, so a long export sees one state of
    the workspace (all of this runs on the workspace's own thread)."""
    where, params = _where(flt, batch_id)
    cursor = ws.conn.execute(f"{_SELECT} WHERE {where} ORDER BY r.started_at, r.id", params)
    try:
        while True:
            rows = cursor.fetchmany(chunk)
            if not rows:
                return
            yield rows
    finally:
        cursor.close()


def form_versions(ws: Workspace, form_id: str) -> list[tuple[str, str, Any]]:
    """(form record id, version, definition) of every stored version, newest first."""
    from fieldkit.core.forms.store import FormNotFound, version_key

    records = ws.query("SELECT id, version FROM forms WHERE form_id = ?", (form_id,))
    if not records:
        raise FormNotFound(N_("There is no form “{form_id}” in this workspace."), form_id=form_id)
    records = sorted(records, key=lambda r: version_key(r["version"]), reverse=True)
    return [(r["id"], r["version"], definition_for(ws, r["id"])) for r in records]


def find_choice(ws: Workspace, form_id: str, kind: str, text: str) -> str | None:
    """The id of the site or cadre (``kind`` "sites" or "cadres") named or identified by
    ``text`` among those with responses to the form; None when there is none."""
    text = text.strip()
    for record_id, name in facets(ws, form_id)[kind]:
        if text in (record_id, name):
            return record_id
    return None
