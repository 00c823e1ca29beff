"""Coded segments (编码片段): a span of a note's text carrying one code, with its coder, the
time it was coded, a memo and the "important" and "quote" flags.

Spans are Python ``str`` indices (code points) into the note's body, end exclusive, never
empty. Segments may overlap; the same code on exactly the same span of a note is kept once.
"""

from __future__ import annotations

from typing import Any, Iterable

from fieldkit.core.i18n import N_
from fieldkit.core.plain_text import without_controls as _plain
from fieldkit.core.interviews.codes import _live as _live_code
from fieldkit.core.interviews.codes import code_paths
from fieldkit.core.interviews.errors import InterviewError, NoteNotFound, SegmentNotFound
from fieldkit.core.interviews.model import Segment
from fieldkit.core.store.workspace import wall_time


def _note_body(ws, note_id: str) -> str:
    row = ws.get("interview_notes", note_id) if note_id else None
    if row is None or row["deleted"]:
        raise NoteNotFound(N_("The interview note was not found. It may have been deleted."))
    return row["body"]


def _check_span(body: str, start: Any, end: Any) -> tuple[int, int]:
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        start = end = -1
    if not 0 <= start < end <= len(body):
        raise InterviewError(N_("Select some text of the note first (characters {start} to "
                                "{end} are not in a note of {length})."),
                             start=start, end=end, length=len(body))
    return start, end


def apply_codes(ws, note_id: str, start: int, end: int, code_ids: Iterable[str], *,
                coder_id: str | None = None, coder: str = "", memo: str = "",
                important: bool = False, quote: bool = False) -> list[str]:
    """Code ``body[start:end]`` with each code; returns one segment id per code, in order.
    A code already on exactly this span is not added again (its segment's id is returned)."""
    code_ids = list(dict.fromkeys(c for c in code_ids if c))
    if not code_ids:
        raise InterviewError(N_("Choose at least one code."))
    with ws.transaction():
        body = _note_body(ws, note_id)
        start, end = _check_span(body, start, end)
        if coder_id:
            name = ws.scalar("SELECT name FROM cadres WHERE id = ?", (coder_id,))
            if name is None:
                raise InterviewError(N_("The cadre was not found. It may have been deleted."))
            coder = coder or name
        ids = []
        for code_id in code_ids:
            _live_code(ws, code_id)
            existing = ws.scalar("SELECT id FROM interview_segments WHERE note_id = ? AND "
                                 "code_id = ? AND start = ? AND end = ? AND deleted = 0 AND "
                                 "lost = 0", (note_id, code_id, start, end))
            if existing:
                ids.append(existing)
                continue
            ids.append(ws.insert("interview_segments", {
                "note_id": note_id, "code_id": code_id, "start": start, "end": end,
                "text": body[start:end], "coder_id": coder_id or None,
                "coder": (coder or "").strip(), "coded_at": wall_time(),
                "memo": _plain(memo).strip(), "important": int(bool(important)),
                "quote": int(bool(quote))}))
        return ids


def _row(ws, segment_id: str) -> dict[str, Any]:
    row = ws.get("interview_segments", segment_id) if segment_id else None
    if row is None or row["deleted"]:
        raise SegmentNotFound(N_("The coded segment was not found. It may have been removed."))
    return row


def update_segment(ws, segment_id: str, *, memo: str | None = None,
                   important: bool | None = None, quote: bool | None = None) -> dict[str, Any]:
    """Change a segment's memo and flags (None leaves one as it is). Returns the changes."""
    values: dict[str, Any] = {}
    if memo is not None:
        values["memo"] = _plain(memo).strip()
    if important is not None:
        values["important"] = int(bool(important))
    if quote is not None:
        values["quote"] = int(bool(quote))
    with ws.transaction():
        _row(ws, segment_id)
        return ws.update("interview_segments", segment_id, values)


def remove_segment(ws, segment_id: str) -> None:
    """Take a code off a span (the segment is kept as deleted, for the journal and sync)."""
    with ws.transaction():
        _row(ws, segment_id)
        ws.update("interview_segments", segment_id, {"deleted": 1})


def place_segment(ws, segment_id: str, start: int, end: int) -> str:
    """Put a segment (typically a lost one) on ``body[start:end]`` of its note. If its code
    is already on that span, this one is removed and the other's id returned."""
    with ws.transaction():
        row = _row(ws, segment_id)
        body = _note_body(ws, row["note_id"])
        start, end = _check_span(body, start, end)
        other = ws.scalar("SELECT id FROM interview_segments WHERE note_id = ? AND code_id = ? "
                          "AND start = ? AND end = ? AND deleted = 0 AND lost = 0 AND id != ?",
                          (row["note_id"], row["code_id"], start, end, segment_id))
        if other:
            ws.update("interview_segments", segment_id, {"deleted": 1})
            return other
        ws.update("interview_segments", segment_id, {
            "start": start, "end": end, "text": body[start:end], "lost": 0})
        return segment_id


_SQL = """
    SELECT g.*, c.name AS code_name, c.colour AS colour, n.title AS note_title
    FROM interview_segments g
    JOIN interview_codes c ON c.id = g.code_id
    JOIN interview_notes n ON n.id = g.note_id
"""


def _segments(ws, where: str, params: tuple) -> list[Segment]:
    paths = code_paths(ws)
    return [Segment(id=r["id"], note_id=r["note_id"], code_id=r["code_id"], start=r["start"],
                    end=r["end"], text=r["text"], code_name=r["code_name"],
                    code_path=paths.get(r["code_id"], r["code_name"]), colour=r["colour"],
                    coder_id=r["coder_id"], coder=r["coder"], coded_at=r["coded_at"],
                    memo=r["memo"], important=bool(r["important"]), quote=bool(r["quote"]),
                    lost=bool(r["lost"]), note_title=r["note_title"])
            for r in ws.query(_SQL + " WHERE " + where + " ORDER BY g.start, g.end, c.position, "
                              "c.name, g.id", params)]


def get_segment(ws, segment_id: str) -> Segment:
    found = _segments(ws, "g.id = ? AND g.deleted = 0", (segment_id,))
    if not found:
        raise SegmentNotFound(N_("The coded segment was not found. It may have been removed."))
    return found[0]


def segments_for_note(ws, note_id: str, *, include_lost: bool = False) -> list[Segment]:
    """A note's segments by position, with code name, path and colour (lost ones only
    when asked: they no longer point at the note's text)."""
    where = "g.note_id = ? AND g.deleted = 0 AND c.deleted = 0"
    if not include_lost:
        where += " AND g.lost = 0"
    return _segments(ws, where, (note_id,))


def lost_segments(ws, note_id: str | None = None) -> list[Segment]:
    """Segments whose text was deleted from their note, to show the user (and put back
    with ``place_segment`` or remove)."""
    where = "g.lost = 1 AND g.deleted = 0 AND c.deleted = 0 AND n.deleted = 0"
    if note_id:
        return _segments(ws, where + " AND g.note_id = ?", (note_id,))
    return _segments(ws, where, ())
