"""Full-text search across interview notes that works for Chinese, and one search over
notes, questionnaire text answers and problems (``search_everything``).

A query is split on spaces into terms; a note matches when every term is in its title or
body (case folded). Chinese has no spaces between words, so the indexes are not word
indexes: a term of three characters or more is looked up in ``note_fts`` (trigram, any
substring), a term of one or two characters (托管) in ``note_grams``, which holds each
character and each pair of adjacent characters of a note as one token. Both answer
exactly (no false hits), so the only scan left is finding the matched spans in the few
notes shown.

Both are derived data (migration 12), never journaled. Plain-SQL triggers on
``interview_notes`` put every written note in ``note_search_queue`` (with the text the
indexes still hold for it), so that any tool can write notes; ``refresh_note_index``
indexes the queue, and every search calls it first. Should it fail (a workspace on
read-only media), the queued notes are scanned instead, so a search is never wrong.

Spans count code points (Python ``str`` indices, as segment positions do), end exclusive.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from operator import add
from typing import Any

from fieldkit.core.errors import FieldkitError
from fieldkit.core.responses.search_index import fold, gram_query

SNIPPET_BEFORE = 30     # characters of context shown before the first match
SNIPPET_LENGTH = 120    # characters in a snippet
MAX_SPANS = 500         # matched spans returned for one note's body


def trigram_query(text: str) -> str:
    """The MATCH expression for the notes' trigram index (note_fts): ``text`` as a phrase."""
    return '"' + text.replace('"', '""') + '"'


@dataclass
class NoteHit:
    """A note that matches: where its terms are (``title_spans``, ``body_spans``) for
    highlighting the note, and a ``snippet`` of the body around the first match with
    ``snippet_spans`` counted from the snippet's start."""
    note_id: str
    title: str
    on_date: str | None = None
    site_name: str = ""
    occupation: str = ""
    title_spans: list[list[int]] = field(default_factory=list)
    body_spans: list[list[int]] = field(default_factory=list)
    snippet: str = ""
    snippet_start: int = 0
    snippet_spans: list[list[int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class NoteSearchResult:
    query: str
    total: int = 0
    hits: list[NoteHit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total,
                "hits": [h.to_dict() for h in self.hits]}


def terms(query: str) -> list[str]:
    """The distinct terms of a query, longest first (a span of a longer term wins)."""
    seen: list[str] = []
    for term in query.split():
        if term not in seen:
            seen.append(term)
    return sorted(seen, key=len, reverse=True)


def find_spans(text: str, query_terms: list[str], limit: int = MAX_SPANS) -> list[list[int]]:
    """Where the terms occur in ``text`` (folded), as sorted, non-overlapping [start, end]."""
    folded = fold(text)
    found: list[list[int]] = []
    for term in query_terms:
        needle = fold(term)
        at = folded.find(needle)
        while at >= 0 and len(found) < limit * 2:
            found.append([at, at + len(needle)])
            at = folded.find(needle, at + len(needle))
    found.sort()
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged[:limit]


def snippet(text: str, spans: list[list[int]]) -> tuple[str, int, list[list[int]]]:
    """A piece of ``text`` around its first span, its offset, and the spans inside it."""
    if not spans:
        return text[:SNIPPET_LENGTH], 0, []
    start = max(0, spans[0][0] - SNIPPET_BEFORE)
    end = min(len(text), start + SNIPPET_LENGTH)
    inside = [[max(s, start) - start, min(e, end) - start] for s, e in spans
              if s < end and e > start]
    return text[start:end], start, inside


class _Tokens(dict):
    """The ``note_grams`` token of each character or pair met so far: hex code points, as
    ``search_index.gram_query`` writes them ("" for one holding a space: never searched)."""

    def __missing__(self, gram: str) -> str:
        token = "" if any(c.isspace() for c in gram) else "x".join(
            format(ord(c), "x") for c in gram)
        if len(self) < 500_000:
            self[gram] = token
        return token


_TOKENS = _Tokens()


def note_grams(title: str, body: str) -> str:
    """The distinct one- and two-character tokens of a note's title and body. (Notes are
    long and their lines unique, so the whole text is done at once, with no line cache.)"""
    text = fold(title + "\n" + body)
    found = set(map(add, text, text[1:]))
    found.update(text)
    return " ".join(filter(None, map(_TOKENS.__getitem__, found)))


def refresh_note_index(ws) -> int:
    """Index the notes written since the last search (``note_search_queue``), in one
    transaction; returns how many. Cheap when nothing is queued."""
    rows = ws.query("SELECT q.rowid, q.indexed, q.old_title, q.old_body, n.title, n.body"
                    " FROM note_search_queue q LEFT JOIN interview_notes n ON n.rowid = q.rowid")
    if not rows:
        return 0
    old = [(r[0], r[2], r[3]) for r in rows if r[1]]
    new = [(r[0], r[4], r[5]) for r in rows if r[4] is not None]
    with ws.transaction():
        ws.conn.executemany("INSERT INTO note_fts (note_fts, rowid, title, body)"
                            " VALUES ('delete', ?, ?, ?)", old)
        ws.conn.executemany("INSERT INTO note_grams (note_grams, rowid, grams)"
                            " VALUES ('delete', ?, ?)",
                            [(rowid, note_grams(t, b)) for rowid, t, b in old])
        ws.conn.executemany("INSERT INTO note_fts (rowid, title, body) VALUES (?, ?, ?)", new)
        ws.conn.executemany("INSERT INTO note_grams (rowid, grams) VALUES (?, ?)",
                            [(rowid, note_grams(t, b)) for rowid, t, b in new])
        ws.conn.executemany("DELETE FROM note_search_queue WHERE rowid = ?",
                            [(r[0],) for r in rows])
    return len(rows)


def rebuild_note_index(ws) -> int:
    """Build both indexes again from every note (derived data: nothing is lost)."""
    with ws.transaction():
        ws.conn.execute("INSERT INTO note_fts (note_fts) VALUES ('rebuild')")
        ws.conn.execute("INSERT INTO note_grams (note_grams) VALUES ('delete-all')")
        ws.conn.execute("DELETE FROM note_search_queue")
        rows = ws.query("SELECT rowid, title, body FROM interview_notes")
        ws.conn.executemany("INSERT INTO note_grams (rowid, grams) VALUES (?, ?)",
                            [(r[0], note_grams(r[1], r[2])) for r in rows])
    return len(rows)


def _where(query_terms: list[str], queued: bool) -> tuple[str, list[str]]:
    """SQL restricting ``n.rowid`` to notes holding every term, with its parameters. Notes
    still ``queued`` are scanned, not looked up."""
    clauses, params = [], []
    for term in query_terms:
        if len(term) >= 3:
            clause = "n.rowid IN (SELECT rowid FROM note_fts WHERE note_fts MATCH ?)"
            params.append(trigram_query(term))
        else:
            clause = "n.rowid IN (SELECT rowid FROM note_grams WHERE note_grams MATCH ?)"
            params.append(gram_query(term))
        if queued:
            clause = (f"(({clause} AND n.rowid NOT IN (SELECT rowid FROM note_search_queue))"
                      " OR (n.rowid IN (SELECT rowid FROM note_search_queue) AND"
                      " fieldkit_contains(n.title || char(10) || n.body, ?)))")
            params.append(fold(term))
        clauses.append(clause)
    return " AND ".join(clauses), params


def _refresh_if_possible(ws) -> bool:
    """Index the queue; whether notes are still queued (the workspace could not be
    written, e.g. on read-only media)."""
    if not getattr(ws, "read_only", False):  # a write-protected workspace is searched as is
        try:
            refresh_note_index(ws)
        except (sqlite3.OperationalError, FieldkitError):  # read-only media, another writer
            pass
    return bool(ws.scalar("SELECT EXISTS (SELECT 1 FROM note_search_queue)"))


def search_notes(ws, query: str, *, limit: int = 50, offset: int = 0,
                 include_deleted: bool = False) -> NoteSearchResult:
    """Notes holding every term of ``query``, newest interview first (undated last), with
    matched spans."""
    query_terms = terms(query)
    result = NoteSearchResult(query.strip())
    if not query_terms:
        return result
    where, params = _where(query_terms, _refresh_if_possible(ws))
    where += " AND n.deleted = 0" if not include_deleted else " AND n.deleted >= 0"
    # The (deleted, on_date) index holds all the listing needs: counting and ordering the
    # matches never reads the notes' long texts; only the page shown is read.
    listing = f"FROM interview_notes n INDEXED BY interview_notes_date WHERE {where}"
    result.total = ws.scalar(f"SELECT count(*) {listing}", params)
    if not result.total:
        return result
    page = [r[0] for r in ws.query(f"SELECT n.rowid {listing}"
                                   " ORDER BY n.on_date DESC, n.rowid DESC LIMIT ? OFFSET ?",
                                   [*params, limit, offset])]
    found = {r["rowid"]: r for r in ws.query(
        "SELECT n.rowid, n.id, n.title, n.body, n.on_date, n.occupation, s.name AS site_name"
        " FROM interview_notes n LEFT JOIN sites s ON s.id = n.site_id"
        f" WHERE n.rowid IN ({','.join('?' * len(page))})", page)}
    rows = [found[rowid] for rowid in page]
    for r in rows:
        body_spans = find_spans(r["body"], query_terms)
        text, start, inside = snippet(r["body"], body_spans)
        result.hits.append(NoteHit(
            r["id"], r["title"], r["on_date"], r["site_name"] or "", r["occupation"],
            find_spans(r["title"], query_terms), body_spans, text, start, inside))
    return result


# -- one search box over every wing ---------------------------------------------------------

def _hit(kind: str, record_id: str, title: str, text: str, query_terms: list[str], *,
         site: str = "", on_date: str | None = None, extra: dict | None = None) -> dict:
    spans = find_spans(text, query_terms)
    piece, _, inside = snippet(text, spans)
    return {"kind": kind, "id": record_id, "title": title, "snippet": piece,
            "spans": inside, "title_spans": find_spans(title, query_terms), "site": site,
            "date": on_date, **(extra or {})}


def _matching_line(ws, response_id: str, needle: str) -> str:
    """The typed answer or chosen option's label holding ``needle`` (a search finds what
    was chosen, not only what was typed), from the responses wing's ``search_text``."""
    from fieldkit.core import responses

    record = responses.get(ws, response_id)
    text = responses.search_text(ws, record["form_record_id"], record["answers"])
    return next((line for line in text.split("\n") if needle in fold(line)), "")


def search_responses(ws, query: str, *, limit: int = 20) -> tuple[int, list[dict]]:
    """Responses of every form whose search text holds ``query`` (the responses wing's own
    index, through ``response_query``); the snippet is the first answer holding it."""
    from fieldkit.core.forms.store import list_forms
    from fieldkit.core.responses.query import ResponseFilter, count, page

    text = query.strip()
    total, hits = 0, []
    if not text:
        return 0, []
    needle = fold(text)
    for form in list_forms(ws):
        flt = ResponseFilter(form_id=form["form_id"], text=text)
        found = count(ws, flt)
        total += found
        if not found or len(hits) >= limit:
            continue
        for row in page(ws, flt, 0, limit - len(hits)):
            shown = _matching_line(ws, row["id"], needle)
            hits.append(_hit("response", row["id"], form["title"] or form["form_id"], shown,
                             [text], site=row["site_name"] or "",
                             on_date=(row["started_at"] or "")[:10] or None,
                             extra={"form_id": form["form_id"]}))
    return total, hits


def search_problems(ws, query: str, *, limit: int = 20) -> tuple[list[dict], bool]:
    """Problems of the ledger whose title or description holds ``query`` (the work wing's
    ``list_problems`` text filter; workers' names are left out), newest first, and whether
    that is all of them (else there are more than ``limit``)."""
    from fieldkit.core.work.model import ProblemFilter
    from fieldkit.core.work.queries import list_problems

    text = query.strip()
    if not text:
        return [], True
    found = list_problems(ws, ProblemFilter(text=text, limit=limit + 1))
    return [_hit("problem", p["id"], p["title"], p.get("description") or "", [text],
                 site=p.get("site_name") or "", on_date=p.get("registered_on"),
                 extra={"status": p.get("status")})
            for p in found[:limit]], len(found) <= limit


def search_everything(ws, query: str, limit: int = 20) -> dict[str, Any]:
    """One search box: interview notes, questionnaire answers and problems, each wing
    searched through its own public function. Every hit has ``kind``, ``id``, ``title``,
    a ``snippet`` with the matched ``spans`` in it, ``site`` and ``date``. Each kind has
    its ``total``; for problems it counts at most ``limit`` (``complete`` False: more).
    Notes match every term of the query; answers and problems the query as one phrase."""
    notes = search_notes(ws, query, limit=limit)
    note_hits = [{"kind": "note", "id": h.note_id, "title": h.title, "snippet": h.snippet,
                  "spans": h.snippet_spans, "title_spans": h.title_spans,
                  "site": h.site_name, "date": h.on_date, "occupation": h.occupation}
                 for h in notes.hits]
    response_total, responses = search_responses(ws, query, limit=limit)
    problems, complete = search_problems(ws, query, limit=limit)
    return {"query": query.strip(),
            "notes": {"total": notes.total, "hits": note_hits, "complete": True},
            "responses": {"total": response_total, "hits": responses, "complete": True},
            "problems": {"total": len(problems), "hits": problems, "complete": complete}}
