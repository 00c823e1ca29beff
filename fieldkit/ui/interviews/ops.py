"""Database-thread functions of the interviews page: each calls the interviews wing's core
functions and returns plain data (dicts and lists) for the widgets.

A few are compositions the page needs in one step, so that nothing can come between
them on the database thread: ``code_selection`` saves the text the user sees and then
codes the selection in it; ``save_body`` returns the re-anchored segments with the
report of those lost.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fieldkit.core.store import attachments as attachment_store
from fieldkit.core.work.directory import choices_for
from fieldkit.core.i18n import N_
from fieldkit.core.interviews import codes, memos, notes, segments
from fieldkit.core.interviews.model import NoteFilter

LIST_FIELDS = ("id", "title", "on_date", "site_id", "site_name", "occupation",
               "segment_count", "lost_count", "source_file")
ACTIVITY_CHOICES = 300
# colours given to new codes in turn, so that neighbouring highlights differ
PALETTE = ("#f2c14e", "#7fb7be", "#e78f8e", "#9bc53d", "#c3a6e0", "#f4a261", "#5fa8d3",
           "#e9c46a", "#90be6d", "#f28482", "#84a59d", "#b5838d")


# -- the list of notes ------------------------------------------------------------------------

def page_choices(ws) -> dict:
    """What the filters and the details form offer: sites, recent activities, the
    interviewee attributes the user defined, and occupations already used."""
    from fieldkit.core.work.activities import list_activities

    activities = []
    for a in list_activities(ws, limit=ACTIVITY_CHOICES):
        label = " ".join(part for part in (a.get("date") or "", a.get("site_name") or "",
                                           a.get("cadre_names") or "") if part)
        activities.append((a["id"], label))
    used = sorted({n.occupation for n in notes.list_notes(ws, with_body=False)
                   if n.occupation})
    return {"sites": choices_for(ws, "sites"), "cadres": choices_for(ws, "cadres"),
            "activities": activities,
            "attributes": [a.to_dict() for a in notes.list_attributes(ws)],
            "occupations": used}


def list_notes(ws, filters: dict) -> list[dict]:
    """Notes matching ``filters`` (NoteFilter's fields), newest first, without their text.
    The text is searched with the analysis wing's index: every word (separated by spaces)
    must be in the title or the text, and two Chinese characters such as 托管 are enough."""
    from fieldkit.core.interviews.search import search_notes

    filters = dict(filters)
    text = (filters.pop("text", "") or "").strip()
    found = notes.list_notes(ws, NoteFilter(**filters), with_body=False)
    if text:
        hits = {h.note_id for h in search_notes(ws, text, limit=NoteFilter().limit).hits}
        found = [n for n in found if n.id in hits]
    return [{k: getattr(n, k) for k in LIST_FIELDS} for n in found]


def create_note(ws, title: str, site_id: str | None, on_date: str | None) -> str:
    return notes.create_note(ws, title=title, body="", site_id=site_id, on_date=on_date)


def delete_note(ws, note_id: str) -> None:
    notes.delete_note(ws, note_id)


def restore_note(ws, note_id: str) -> None:
    notes.restore_note(ws, note_id)


def import_files(ws, paths: list[str], site_id: str | None, *, progress=None,
                 cancel=None) -> dict:
    """Import note files: all checked first, then one transaction (or nothing)."""
    from fieldkit.core.interviews import note_files

    result = note_files.import_note_files(ws, paths, site_id=site_id, progress=progress,
                                          cancel=cancel)
    return result.to_dict()


# -- one note ---------------------------------------------------------------------------------

def _segments(ws, note_id: str) -> list[dict]:
    return [s.to_dict() for s in segments.segments_for_note(ws, note_id, include_lost=True)]


def _attachments(ws, note_id: str) -> list[dict]:
    return notes.note_attachments(ws, note_id)


def load_note(ws, note_id: str) -> dict:
    note = notes.get_note(ws, note_id)
    note_memos = memos.list_memos(ws, "note", note_id)
    return {"note": note.to_dict(), "segments": _segments(ws, note_id),
            "attachments": _attachments(ws, note_id),
            "memo": note_memos[0].text if note_memos else ""}


def save_body(ws, note_id: str, body: str, edits: list | None = None) -> dict:
    """Save the note's text (the core re-anchors its segments in the same transaction, by
    the editor's ``edits`` when they are known); returns the text saved, every segment
    afterwards and those this save lost."""
    report = notes.set_body(ws, note_id, body, edits)
    found = _segments(ws, note_id)
    lost_now = set(report.lost)
    lost = [dict(s, text=report.lost_texts.get(s["id"], s["text"]))
            for s in found if s["id"] in lost_now]
    return {"note_id": note_id, "body": body, "segments": found, "lost": lost,
            "report": report.to_dict()}


def code_selection(ws, note_id: str, body: str, edits: list | None, start: int, end: int,
                   code_ids: list[str], coder_id: str | None) -> dict:
    """Save ``body`` if it is not what is stored, then code ``body[start:end]``."""
    if notes.get_note(ws, note_id).body != body:
        result = save_body(ws, note_id, body, edits)
    else:
        result = {"note_id": note_id, "body": body, "lost": [], "report": None}
    result["created"] = segments.apply_codes(ws, note_id, start, end, code_ids,
                                             coder_id=coder_id)
    result["segments"] = _segments(ws, note_id)
    return result


def remove_segment(ws, note_id: str, segment_id: str) -> list[dict]:
    segments.remove_segment(ws, segment_id)
    return _segments(ws, note_id)


def update_segment(ws, note_id: str, segment_id: str, changes: dict) -> list[dict]:
    segments.update_segment(ws, segment_id, **changes)
    return _segments(ws, note_id)


def save_details(ws, note_id: str, values: dict, memo: str | None = None) -> dict:
    """Save the note's metadata (and its memo when given); returns the note."""
    notes.update_note(ws, note_id, **values)
    if memo is not None:
        _set_memo(ws, "note", note_id, memo)
    return notes.get_note(ws, note_id).to_dict()


def _set_memo(ws, kind: str, target_id: str | None, text: str, title: str = "") -> None:
    """The (first) memo on a target becomes ``text``; an emptied memo is deleted."""
    existing = memos.list_memos(ws, kind, target_id)
    if existing and not text.strip() and not (title or existing[0].title):
        memos.delete_memo(ws, existing[0].id)
    elif existing:
        if (existing[0].text, existing[0].title) != (text.strip(), title or existing[0].title):
            memos.update_memo(ws, existing[0].id, text=text, title=title or None)
    elif text.strip():
        memos.add_memo(ws, kind, target_id, text, title=title)


def workspace_memo(ws) -> dict:
    """The memo on the whole workspace (the project's memo), or an empty one."""
    found = memos.list_memos(ws, "workspace")
    return found[0].to_dict() if found else {"title": "", "text": ""}


def save_workspace_memo(ws, title: str, text: str) -> dict:
    _set_memo(ws, "workspace", None, text, title.strip())
    return workspace_memo(ws)


# -- attachments ------------------------------------------------------------------------------

def attach(ws, note_id: str, paths: list[str]) -> list[dict]:
    from fieldkit.core.interviews import note_files

    for path in paths:
        note_files.attach_file(ws, note_id, path)
    return _attachments(ws, note_id)


def detach(ws, note_id: str, ref: str) -> list[dict]:
    from fieldkit.core.interviews import note_files

    note_files.detach_file(ws, note_id, ref)
    return _attachments(ws, note_id)


def attachment_to_temp(ws, ref: str) -> str:
    """Write an attachment to a new temporary folder under its own name, to open it with
    the system's program for its type."""
    info = attachment_store.info(ws, ref) or {}
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", info.get("file_name") or "attachment")
    folder = Path(tempfile.mkdtemp(prefix="fieldkit-attachment-"))
    return str(attachment_store.save_to(ws, ref, folder / name))


# -- the codebook -----------------------------------------------------------------------------

def codebook(ws) -> list[dict]:
    """The codes in tree order, each with its count of segments and its memo."""
    code_memos = {m.target_id: m.text for m in memos.list_memos(ws, "code")}
    out = []
    for code in codes.codebook(ws):
        item = code.to_dict()
        item["count"] = code.segment_count
        item["memo"] = code_memos.get(code.id, "")
        out.append(item)
    return out


def codebook_action(ws, action: str, args: dict) -> dict:
    """Carry out one of the codebook panel's requests; returns the codebook afterwards and
    a message (msgid and parameters) to show, if any."""
    message = None
    if action == "add":
        count = len(codes.codebook(ws))
        codes.add_code(ws, args["name"], args.get("parent_id"),
                       colour=PALETTE[count % len(PALETTE)])
    elif action == "rename":
        codes.rename_code(ws, args["code_id"], args["name"])
    elif action == "colour":
        codes.update_code(ws, args["code_id"], colour=args["colour"])
    elif action == "describe":
        codes.update_code(ws, args["code_id"], description=args["description"])
        _set_memo(ws, "code", args["code_id"], args["memo"])
    elif action == "move":
        codes.move_code(ws, args["code_id"], args["parent_id"])
    elif action == "merge":
        result = codes.merge_codes(ws, args["source_id"], args["target_id"])
        message = (N_("Merged: {moved} segments moved, {collapsed} duplicates removed."),
                   {"moved": result.moved, "collapsed": result.collapsed})
    elif action == "delete":
        codes.delete_code(ws, args["code_id"], with_segments=True)
    elif action == "import":
        from fieldkit.core.interviews import codebook_xlsx

        result = codebook_xlsx.import_codebook_xlsx(ws, args["path"])
        message = (N_("Codebook imported: {added} codes added, {updated} updated, "
                      "{unchanged} unchanged."),
                   {"added": result.added, "updated": result.updated,
                    "unchanged": result.unchanged})
    elif action == "export":
        from fieldkit.core.interviews import codebook_xlsx

        count = codebook_xlsx.export_codebook_xlsx(ws, args["path"])
        message = (N_("{n} codes written to {path}"), {"n": count, "path": args["path"]})
    else:
        raise ValueError(action)
    return {"codes": codebook(ws), "message": message}


# -- retrieval --------------------------------------------------------------------------------

def retrieval_choices(ws) -> dict:
    """What the retrieval filters offer: codes (tree order), sites, coders, occupations."""
    choices = page_choices(ws)
    return {"codes": codebook(ws), "sites": choices["sites"], "cadres": choices["cadres"],
            "occupations": choices["occupations"]}


def retrieve(ws, filters: dict) -> list[dict]:
    """Coded segments matching ``filters`` (SegmentFilter's fields), personal data left out."""
    from fieldkit.core.interviews.queries import SegmentFilter, retrieve_segments

    return [s.to_dict() for s in retrieve_segments(ws, SegmentFilter(**filters))]


def put_back(ws, note_id: str, body: str, edits: list | None, segment_id: str, start: int,
             end: int) -> dict:
    """Put a lost segment back on ``body[start:end]`` (saving ``body`` first if needed)."""
    if notes.get_note(ws, note_id).body != body:
        result = save_body(ws, note_id, body, edits)
    else:
        result = {"note_id": note_id, "body": body, "lost": [], "report": None}
    segments.place_segment(ws, segment_id, start, end)
    result["segments"] = _segments(ws, note_id)
    return result


def export_segments(ws, filters: dict, target: str, language: str) -> dict:
    """The segments ``filters`` retrieve, as a workbook (text stays text)."""
    from fieldkit.core.interviews.analysis import write_segments_xlsx
    from fieldkit.core.interviews.queries import SegmentFilter, retrieve_segments

    rows = retrieve_segments(ws, SegmentFilter(**filters))
    return {"output": str(write_segments_xlsx(rows, target, language=language)),
            "count": len(rows)}


def export_frequencies(ws, by: str, include_children: bool, target: str,
                       language: str) -> dict:
    """Code frequencies by ``by`` and the co-occurrence table, in one workbook."""
    from fieldkit.core.interviews.analysis import write_analysis_xlsx

    return write_analysis_xlsx(ws, target, by=by, language=language,
                               include_children=include_children)
