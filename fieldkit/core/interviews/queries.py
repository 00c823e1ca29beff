"""Retrieving coded segments (编码片段检索): every segment of a code, optionally with its child
codes, narrowed by site, interviewee attributes, coder and interview date.

Each row carries what a reader needs to quote it: the covered text, the note's title,
site, occupation and date, and the code's path ("家庭/子女托管"). Personal identifiers
(the interviewee's name and contact, attributes marked personal) are left out unless
``include_personal``; the interviewee's name is also masked inside the quoted text.
Lost segments (their text was deleted from the note) and deleted notes or segments are
never returned.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from fieldkit.core.i18n import N_
from fieldkit.core.interviews.errors import CodeNotFound

MASK = "×××"   # stands for an interviewee's name inside quoted text


@dataclass
class SegmentFilter:
    """What ``retrieve_segments`` returns; every field is optional. ``code_ids`` are
    alternatives (a segment with any of them); ``attributes`` maps an attribute name (or
    ``occupation`` / ``age_band``) to the value it must have; dates are the interview's."""
    code_ids: list[str] = field(default_factory=list)
    include_children: bool = False
    site_id: str | None = None
    occupation: str | None = None
    age_band: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    coder: str | None = None           # the coder's name as stored on the segment
    coder_id: str | None = None
    date_from: date | str | None = None
    date_to: date | str | None = None
    note_ids: list[str] = field(default_factory=list)
    quotes_only: bool = False
    important_only: bool = False
    include_personal: bool = False
    limit: int = 100_000


@dataclass
class RetrievedSegment:
    segment_id: str
    note_id: str
    code_id: str
    code_name: str
    code_path: str
    colour: str
    start: int
    end: int
    text: str
    note_title: str
    site_id: str | None
    site_name: str
    site_name_en: str
    on_date: str | None
    occupation: str
    age_band: str
    attributes: dict[str, str]
    interviewee_name: str
    coder: str
    coded_at: str
    memo: str
    important: bool
    quote: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def code_tree(ws) -> dict[str, dict[str, Any]]:
    """Every live code by id: name, parent, colour, description, position, ``path`` and
    ``depth`` (merged or deleted codes are left out)."""
    rows = ws.query("SELECT id, name, parent_id, colour, description, position"
                    " FROM interview_codes WHERE deleted = 0 AND merged_into IS NULL")
    codes = {r["id"]: dict(r) for r in rows}

    def path(code_id: str, seen: tuple = ()) -> list[str]:
        code = codes[code_id]
        parent = code["parent_id"]
        if parent in codes and parent not in seen:
            return path(parent, seen + (code_id,)) + [code["name"]]
        return [code["name"]]

    for code_id, code in codes.items():
        names = path(code_id)
        code["path"] = "/".join(names)
        code["depth"] = len(names) - 1
    return codes


def tree_order(codes: dict[str, dict[str, Any]]) -> list[str]:
    """Code ids depth first, siblings by position then name (the codebook's order)."""
    children: dict[str | None, list[str]] = {}
    for code_id, code in codes.items():
        parent = code["parent_id"] if code["parent_id"] in codes else None
        children.setdefault(parent, []).append(code_id)
    out: list[str] = []

    def walk(parent: str | None) -> None:
        for code_id in sorted(children.get(parent, []),
                              key=lambda i: (codes[i]["position"], codes[i]["name"])):
            out.append(code_id)
            walk(code_id)

    walk(None)
    return out


def with_descendants(codes: dict[str, dict[str, Any]], code_id: str) -> list[str]:
    """``code_id`` and every code below it."""
    out, todo = [], [code_id]
    while todo:
        current = todo.pop()
        if current in out:
            continue
        out.append(current)
        todo.extend(i for i, c in codes.items() if c["parent_id"] == current)
    return out


def personal_attributes(ws) -> set[str]:
    return {r[0] for r in ws.query("SELECT name FROM interview_attributes"
                                   " WHERE personal = 1 AND deleted = 0")}


def _iso(value: date | str | None) -> str | None:
    """A filter's date, checked (a mistyped 9999-99-99 is refused, not matched to nothing)."""
    from fieldkit.core.interviews.notes import _date

    return _date(value)


def retrieve_segments(ws, flt: SegmentFilter | None = None) -> list[RetrievedSegment]:
    """Coded segments matching ``flt``, by note date, note and position."""
    flt = flt or SegmentFilter()
    codes = code_tree(ws)
    where, params = ["g.deleted = 0", "g.lost = 0", "n.deleted = 0"], []
    if flt.code_ids:
        wanted: list[str] = []
        for code_id in flt.code_ids:
            if code_id not in codes:
                raise CodeNotFound(N_("No code in the codebook has the id “{code}”."),
                                   code=code_id)
            wanted += with_descendants(codes, code_id) if flt.include_children else [code_id]
        where.append(f"g.code_id IN ({','.join('?' * len(wanted))})")
        params += wanted
    for column, value in (("n.site_id", flt.site_id), ("n.occupation", flt.occupation),
                          ("n.age_band", flt.age_band), ("g.coder", flt.coder),
                          ("g.coder_id", flt.coder_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    for name, value in flt.attributes.items():
        if name in ("occupation", "age_band"):
            where.append(f"n.{name} = ?")
        else:
            where.append("json_extract(n.attributes, '$.' || json_quote(?)) = ?")
            params.append(name)
        params.append(value)
    if flt.date_from:
        where.append("n.on_date >= ?")
        params.append(_iso(flt.date_from))
    if flt.date_to:
        where.append("n.on_date <= ?")
        params.append(_iso(flt.date_to))
    if flt.note_ids:
        where.append(f"g.note_id IN ({','.join('?' * len(flt.note_ids))})")
        params += flt.note_ids
    if flt.quotes_only:
        where.append("g.quote = 1")
    if flt.important_only:
        where.append("g.important = 1")
    rows = ws.query(
        "SELECT g.id, g.note_id, g.code_id, g.start, g.end, g.coder, g.coded_at, g.memo,"
        " g.important, g.quote, n.title, n.body, n.site_id, n.on_date, n.occupation,"
        " n.age_band, n.attributes, n.interviewee_name, s.name AS site_name,"
        " s.name_en AS site_name_en"
        " FROM interview_segments g JOIN interview_notes n ON n.id = g.note_id"
        " LEFT JOIN sites s ON s.id = n.site_id"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY n.on_date IS NULL, n.on_date, n.rowid, g.start, g.end LIMIT ?",
        [*params, flt.limit])
    personal = set() if flt.include_personal else personal_attributes(ws)
    out = []
    for r in rows:
        code = codes.get(r["code_id"])
        if code is None:    # a segment left on a deleted code
            continue
        text = r["body"][r["start"]:r["end"]]
        name = r["interviewee_name"]
        if not flt.include_personal:
            if name.strip():
                text = text.replace(name.strip(), MASK)
            name = ""
        try:
            attributes = json.loads(r["attributes"] or "{}")
        except ValueError:
            attributes = {}
        attributes = {k: str(v) for k, v in attributes.items() if k not in personal}
        out.append(RetrievedSegment(
            r["id"], r["note_id"], r["code_id"], code["name"], code["path"], code["colour"],
            r["start"], r["end"], text, r["title"], r["site_id"], r["site_name"] or "",
            r["site_name_en"] or "", r["on_date"], r["occupation"], r["age_band"], attributes,
            name, r["coder"], r["coded_at"], r["memo"], bool(r["important"]), bool(r["quote"])))
    return out
