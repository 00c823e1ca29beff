"""Interview notes (访谈记录): writing, editing (with segments re-anchored), listing, soft
deletion, and the interviewee attributes users define.

``set_body`` is the only way a note's text changes: it writes the new text and moves,
grows or marks lost every segment of the note in the same transaction (``anchoring``
holds the rule), so coding never points at text it no longer covers.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Iterable, Sequence

import orjson

from fieldkit.core.i18n import N_
from fieldkit.core.plain_text import without_controls as _plain
from fieldkit.core.typed_dates import FIRST_DAY, LAST_DAY, record_day  # noqa: F401
from fieldkit.core.interviews import anchoring
from fieldkit.core.interviews.errors import InterviewError, NoteNotFound
from fieldkit.core.interviews.model import AnchorReport, Attribute, Note, NoteFilter
from fieldkit.core.store.journal_values import canonical_json
from fieldkit.core.store.workspace import wall_time

MAX_TITLE = 200
MAX_BODY = 2_000_000
MAX_SUGGESTIONS = 200
METADATA = ("title", "on_date", "site_id", "activity_id", "interviewee_name",
            "interviewee_contact", "occupation", "age_band", "attributes", "interviewers")
_ATTRIBUTE_NAME = re.compile(r"^[^\s/\"'\\]{1,40}$")


# -- checks ----------------------------------------------------------------------------------



def _date(value: date | str | None) -> str | None:
    """A date as stored (2024-05-01), checked; None for none. Also used for filters."""
    day = record_day(value, InterviewError)
    return day.isoformat() if day else None


def _title(value: str) -> str:
    title = " ".join(_plain(value).split())
    if not title:
        raise InterviewError(N_("An interview note needs a title."))
    if len(title) > MAX_TITLE:
        raise InterviewError(N_("The title is too long (at most {limit} characters)."),
                             limit=MAX_TITLE)
    return title


def _body(value: str) -> str:
    body = _plain(value)
    if len(body) > MAX_BODY:
        raise InterviewError(N_("The note is too long ({count} characters; at most {limit})."),
                             count=len(body), limit=MAX_BODY)
    return body


def _exists(ws, table: str, record_id: str | None) -> bool:
    return not record_id or ws.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)) == 1


def _check_links(ws, site_id: str | None, activity_id: str | None) -> None:
    if not _exists(ws, "sites", site_id):
        raise InterviewError(N_("The site was not found. It may have been deleted."))
    if not _exists(ws, "activities", activity_id):
        raise InterviewError(N_("The activity was not found. It may have been deleted."))


def _interviewers(ws, values: Iterable[str] | None) -> str:
    ids = [str(v) for v in (values or ()) if v]
    for cadre_id in ids:
        if not _exists(ws, "cadres", cadre_id):
            raise InterviewError(N_("The cadre was not found. It may have been deleted."))
    return json.dumps(list(dict.fromkeys(ids)), ensure_ascii=False)


def _attributes(ws, values: dict[str, Any] | None) -> str:
    values = {str(k): _plain(v).strip() for k, v in (values or {}).items()}
    known = {a.name for a in list_attributes(ws)}
    for name in values:
        if name not in known:
            raise InterviewError(N_("“{name}” is not an interviewee attribute; define it "
                                    "first."), name=name)
    return canonical_json({k: v for k, v in values.items() if v != ""})


# -- notes -----------------------------------------------------------------------------------

def create_note(ws, *, title: str, body: str = "", on_date: date | str | None = None,
                site_id: str | None = None, activity_id: str | None = None,
                interviewee_name: str = "", interviewee_contact: str = "",
                occupation: str = "", age_band: str = "",
                attributes: dict[str, Any] | None = None, interviewers: Iterable[str] = (),
                source_file: str = "", source_hash: str = "") -> str:
    """Write a new note and return its id. ``interviewers`` are cadre ids; ``attributes``
    maps defined attribute names to values."""
    record = {"title": _title(title), "body": _body(body), "on_date": _date(on_date),
              "site_id": site_id or None, "activity_id": activity_id or None,
              "interviewee_name": _plain(interviewee_name).strip(),
              "interviewee_contact": _plain(interviewee_contact).strip(),
              "occupation": _plain(occupation).strip(), "age_band": _plain(age_band).strip(),
              "source_file": source_file, "source_hash": source_hash,
              "created_at": wall_time()}
    with ws.transaction():
        _check_links(ws, record["site_id"], record["activity_id"])
        record["attributes"] = _attributes(ws, attributes)
        record["interviewers"] = _interviewers(ws, interviewers)
        return ws.insert("interview_notes", record)


def _row(ws, note_id: str) -> dict[str, Any]:
    row = ws.get("interview_notes", note_id) if note_id else None
    if row is None:
        raise NoteNotFound(N_("The interview note was not found. It may have been deleted."))
    return row


def update_note(ws, note_id: str, **fields: Any) -> dict[str, Any]:
    """Change a note's metadata (any of ``METADATA``; the text changes through
    ``set_body``). ``attributes`` replaces the whole set. Returns what changed."""
    unknown = set(fields) - set(METADATA)
    if unknown:
        raise ValueError(f"not note metadata: {sorted(unknown)}")
    values: dict[str, Any] = {}
    with ws.transaction():
        _row(ws, note_id)
        for key, value in fields.items():
            if key == "title":
                values[key] = _title(value)
            elif key == "on_date":
                values[key] = _date(value)
            elif key in ("site_id", "activity_id"):
                values[key] = value or None
            elif key == "attributes":
                values[key] = _attributes(ws, value)
            elif key == "interviewers":
                values[key] = _interviewers(ws, value)
            else:
                values[key] = _plain(value).strip()
        _check_links(ws, values.get("site_id"), values.get("activity_id"))
        return ws.update("interview_notes", note_id, values, patch_fields=("attributes",))


def set_body(ws, note_id: str, new_body: str,
             edits: Sequence[anchoring.Edit] | None = None) -> AnchorReport:
    """Replace a note's text and re-anchor its segments, in one transaction.

    ``edits`` (optional) are the splices an editor made, in order; without them (or when
    they do not fit the two texts) a diff finds them. Segments whose text was removed are
    marked ``lost`` and listed with what they covered and, where part of it is still
    there, a suggested span to put them back (``segments.place_segment``)."""
    new_body = _body(new_body)
    report = AnchorReport(note_id=note_id)
    with ws.transaction():
        old_body = _row(ws, note_id)["body"]
        rows = ws.query("SELECT id, start, end, text FROM interview_segments WHERE note_id = ?"
                        " AND lost = 0 AND deleted = 0 ORDER BY start, end, id", (note_id,))
        spans = [(r["start"], r["end"]) for r in rows]
        found, used = _reanchor(old_body, new_body, spans, edits)
        # suggestions cost a pass over the edits each: offered while the lost are few
        suggest = sum(1 for n in found if n is None) <= MAX_SUGGESTIONS
        for row, span, new in zip(rows, spans, found):
            if new is None:
                report.lost.append(row["id"])
                report.lost_texts[row["id"]] = old_body[span[0]:span[1]]
                hint = anchoring.suggest(old_body, new_body, span, used) if suggest else None
                if hint is not None:
                    report.suggestions[row["id"]] = list(hint)
                ws.update("interview_segments", row["id"], {"lost": 1})
            elif new == span:
                report.kept.append(row["id"])
            else:
                report.moved[row["id"]] = list(new)
                ws.update("interview_segments", row["id"], {
                    "start": new[0], "end": new[1], "text": new_body[new[0]:new[1]]})
        ws.update("interview_notes", note_id, {"body": new_body})
    return report


def _reanchor(old: str, new: str, spans, edits) -> tuple[list, list]:
    """Spans moved by the editor's edits when they fit both texts, else by a diff; and the
    edits used (to suggest where lost segments could go)."""
    if edits is not None:
        edits = [anchoring.Edit(*e) for e in edits]
        length = len(old)
        for e in edits:
            if e[0] < 0 or e[1] < 0 or e[2] < 0 or e[0] + e[1] > length:
                break
            length += e[2] - e[1]
        else:
            if length == len(new):
                found = anchoring.apply_edits(spans, edits)
                if all(n is None or (new[n[0]] == old[s[0]] and new[n[1] - 1] == old[s[1] - 1])
                       for s, n in zip(spans, found) if s[1] > s[0]):
                    return found, edits
    diffed = anchoring.diff_edits(old, new)
    return anchoring.apply_disjoint_edits(spans, diffed), diffed


_COUNTS = """
    (SELECT count(*) FROM interview_segments g WHERE g.note_id = n.id AND g.deleted = 0
        AND g.lost = 0) AS segment_count,
    (SELECT count(*) FROM interview_segments g WHERE g.note_id = n.id AND g.deleted = 0
        AND g.lost = 1) AS lost_count"""


def _note_sql(ws, with_body: bool = True) -> str:
    columns = "n.*" if with_body else ", ".join(
        "n." + c for c in sorted(ws.columns("interview_notes")) if c != "body") + ", '' AS body"
    return (f"SELECT {columns}, s.name AS site_name, {_COUNTS}"
            " FROM interview_notes n LEFT JOIN sites s ON s.id = n.site_id")


def _json(text: str | None, empty: type):
    """A JSON field's value; ``empty()`` (a new dict or list) for an empty one."""
    return empty() if not text or text in ("{}", "[]") else orjson.loads(text)


def _note(row, personal: set[str]) -> Note:
    attributes = _json(row["attributes"], dict)
    return Note(id=row["id"], title=row["title"], body=row["body"],
                on_date=row["on_date"], site_id=row["site_id"], site_name=row["site_name"] or "",
                activity_id=row["activity_id"], interviewee_name=row["interviewee_name"],
                interviewee_contact=row["interviewee_contact"], occupation=row["occupation"],
                age_band=row["age_band"], attributes=attributes,
                personal_attributes=sorted(personal & set(attributes)) if personal else [],
                interviewers=_json(row["interviewers"], list),
                source_file=row["source_file"], attachments=row["attachments"].split(),
                created_at=row["created_at"], deleted=bool(row["deleted"]),
                segment_count=row["segment_count"], lost_count=row["lost_count"])


def get_note(ws, note_id: str) -> Note:
    """One note (deleted ones too: they can be restored)."""
    rows = ws.query(_note_sql(ws) + " WHERE n.id = ?", (note_id,)) if note_id else []
    if not rows:
        raise NoteNotFound(N_("The interview note was not found. It may have been deleted."))
    return _note(rows[0], personal_attribute_names(ws))


def find_note(ws, id_or_prefix: str) -> str:
    """The id of the note named by its id or the first characters of it (at least 4, as
    lists show 8); ``NoteNotFound`` when none or several match."""
    text = (id_or_prefix or "").strip().lower()
    if len(text) >= 4:
        rows = ws.query("SELECT id FROM interview_notes WHERE id = ? OR id LIKE ? LIMIT 2",
                        (text, text.replace("%", "").replace("_", "") + "%"))
        if len(rows) == 1:
            return rows[0]["id"]
        if len(rows) > 1:
            exact = [r["id"] for r in rows if r["id"] == text]
            if exact:
                return exact[0]
            raise NoteNotFound(N_("Several interview notes start with “{prefix}”; give more of "
                                  "the id."), prefix=text)
    raise NoteNotFound(N_("No interview note has the id “{prefix}”."), prefix=text)


def list_notes(ws, flt: NoteFilter | None = None, *, with_body: bool = True) -> list[Note]:
    """Notes matching the filter, newest interview first (notes without a date last)."""
    flt = flt or NoteFilter()
    where, params = [] if flt.include_deleted else ["n.deleted = 0"], []
    for column, value in (("site_id", flt.site_id), ("activity_id", flt.activity_id),
                          ("occupation", flt.occupation)):
        if value:
            where.append(f"n.{column} = ?")
            params.append(value)
    if flt.date_from:
        where.append("n.on_date >= ?")
        params.append(_date(flt.date_from))
    if flt.date_to:
        where.append("n.on_date <= ?")
        params.append(_date(flt.date_to))
    for name, value in (flt.attributes or {}).items():
        where.append("json_extract(n.attributes, ?) = ?")
        params += ['$."' + str(name).replace('"', '') + '"', str(value)]
    if flt.text:
        where.append("(instr(n.title, ?) > 0 OR instr(n.body, ?) > 0)")
        params += [flt.text, flt.text]
    # order and limit on the narrow columns first, then read just those rows: sorting whole
    # rows would carry every note's text through the sort
    sql = "SELECT n.id FROM interview_notes n" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY n.on_date IS NULL, n.on_date DESC, n.created_at DESC, n.rowid DESC LIMIT ?"
    ids = [r[0] for r in ws.query(sql, (*params, int(flt.limit)))]
    personal = personal_attribute_names(ws)
    found: dict[str, Note] = {}
    select = _note_sql(ws, with_body)
    for offset in range(0, len(ids), 500):
        chunk = ids[offset:offset + 500]
        for r in ws.query(select + f" WHERE n.id IN ({','.join('?' * len(chunk))})", chunk):
            found[r["id"]] = _note(r, personal)
    return [found[i] for i in ids]


def delete_note(ws, note_id: str) -> None:
    """Move a note to the bin (``deleted=1``); its segments and memos stay with it."""
    with ws.transaction():
        _row(ws, note_id)
        ws.update("interview_notes", note_id, {"deleted": 1})


def restore_note(ws, note_id: str) -> None:
    with ws.transaction():
        _row(ws, note_id)
        ws.update("interview_notes", note_id, {"deleted": 0})


def note_attachments(ws, note_id: str) -> list[dict[str, Any]]:
    """Name, type and size of each file attached to a note, with its ``reference``."""
    from fieldkit.core.store import attachments

    out = []
    for ref in _row(ws, note_id)["attachments"].split():
        meta = attachments.info(ws, ref)
        if meta is not None:
            out.append({"reference": ref, **meta})
    return out


# -- interviewee attributes ------------------------------------------------------------------

def define_attribute(ws, name: str, label: str, *, label_en: str = "",
                     personal: bool = False) -> str:
    """Define (or redefine) an interviewee attribute such as 工龄 or 户籍; returns its id.
    ``name`` is the key notes store values under; ``personal`` ones are redacted."""
    name = (name or "").strip()
    if not _ATTRIBUTE_NAME.match(name):
        raise InterviewError(N_("“{name}” cannot name an attribute: use at most 40 characters "
                                "without spaces, quotes or slashes."), name=name)
    label = (label or "").strip() or name
    with ws.transaction():
        rows = ws.query("SELECT id FROM interview_attributes WHERE name = ? AND deleted = 0",
                        (name,))
        values = {"label": label, "label_en": (label_en or "").strip(),
                  "personal": int(bool(personal))}
        if rows:
            ws.update("interview_attributes", rows[0]["id"], values)
            return rows[0]["id"]
        position = ws.scalar("SELECT coalesce(max(position), 0) + 1 FROM interview_attributes")
        return ws.insert("interview_attributes", {"name": name, **values, "position": position})


def remove_attribute(ws, name: str) -> None:
    """Stop offering an attribute (values already in notes are kept)."""
    with ws.transaction():
        for r in ws.query("SELECT id FROM interview_attributes WHERE name = ? AND deleted = 0",
                          (name,)):
            ws.update("interview_attributes", r["id"], {"deleted": 1})


def list_attributes(ws) -> list[Attribute]:
    return [Attribute(id=r["id"], name=r["name"], label=r["label"], label_en=r["label_en"],
                      personal=bool(r["personal"]), position=r["position"])
            for r in ws.query("SELECT * FROM interview_attributes WHERE deleted = 0"
                              " ORDER BY position, name")]


def personal_attribute_names(ws) -> set[str]:
    return {r[0] for r in ws.query("SELECT name FROM interview_attributes WHERE personal = 1"
                                   " AND deleted = 0")}
