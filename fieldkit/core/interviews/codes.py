"""The codebook (编码表): hierarchical codes with a colour and a description; adding,
renaming, moving (never under itself), merging (segments move to the survivor) and
deleting them.

Invariants every function keeps: no two live codes under the same parent share a name (so
a path such as "安全/高原反应" names one code), the tree has no cycles, and a merged or
deleted code is kept with ``deleted=1`` (a merged one with ``merged_into``) so its
history and synced copies still resolve.
"""

from __future__ import annotations

import re
from typing import Any

from fieldkit.core.i18n import N_
from fieldkit.core.plain_text import without_controls as _plain
from fieldkit.core.interviews.errors import CodeNotFound, InterviewError
from fieldkit.core.interviews.model import DEFAULT_COLOUR, Code, MergeResult

SEPARATOR = "/"
MAX_NAME = 100
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# colours given to new codes in turn when none is chosen: light enough to read text on
PALETTE = ("#f2c14e", "#8ecae6", "#b5e48c", "#f4a3a8", "#cdb4db", "#ffd6a5", "#a0c4ff",
           "#caffbf", "#ffadad", "#bdb2ff", "#fdffb6", "#9bf6ff")


def _name(value: str) -> str:
    name = " ".join(_plain(value).split())
    if not name:
        raise InterviewError(N_("A code needs a name."))
    if SEPARATOR in name:
        raise InterviewError(N_("“{name}”: a code's name cannot contain “/” (it separates "
                                "the levels of a path)."), name=name)
    if len(name) > MAX_NAME:
        raise InterviewError(N_("The code's name is too long (at most {limit} characters)."),
                             limit=MAX_NAME)
    return name


def _colour(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    value = str(value).strip()
    if not _COLOUR.match(value):
        raise InterviewError(N_("“{value}” is not a colour; write it as #f2c14e."), value=value)
    return value.lower()


def _live(ws, code_id: str | None) -> dict[str, Any]:
    row = ws.get("interview_codes", code_id) if code_id else None
    if row is None or row["deleted"]:
        raise CodeNotFound(N_("The code was not found. It may have been deleted or merged."))
    return row


def _sibling_named(ws, parent_id: str | None, name: str, except_id: str | None = None):
    rows = ws.query("SELECT id FROM interview_codes WHERE deleted = 0 AND name = ? AND "
                    "parent_id IS ? AND id IS NOT ?", (name, parent_id, except_id))
    return rows[0]["id"] if rows else None


def _refuse_duplicate(ws, parent_id: str | None, name: str, except_id: str | None = None):
    if _sibling_named(ws, parent_id, name, except_id):
        raise InterviewError(N_("A code named “{name}” is already at this level of the "
                                "codebook."), name=name)


def _next_position(ws, parent_id: str | None) -> int:
    return ws.scalar("SELECT coalesce(max(position), 0) + 1 FROM interview_codes "
                     "WHERE parent_id IS ? AND deleted = 0", (parent_id,))


def add_code(ws, name: str, parent_id: str | None = None, colour: str | None = None,
             description: str = "") -> str:
    """Add a code (under ``parent_id``, or at the top) and return its id."""
    name = _name(name)
    colour = _colour(colour)
    with ws.transaction():
        if parent_id:
            _live(ws, parent_id)
        _refuse_duplicate(ws, parent_id or None, name)
        if colour is None:
            count = ws.scalar("SELECT count(*) FROM interview_codes")
            colour = PALETTE[count % len(PALETTE)]
        return ws.insert("interview_codes", {
            "name": name, "parent_id": parent_id or None, "colour": colour,
            "description": _plain(description).strip(),
            "position": _next_position(ws, parent_id or None)})


def rename_code(ws, code_id: str, name: str) -> None:
    name = _name(name)
    with ws.transaction():
        row = _live(ws, code_id)
        _refuse_duplicate(ws, row["parent_id"], name, code_id)
        ws.update("interview_codes", code_id, {"name": name})


def update_code(ws, code_id: str, *, colour: str | None = None,
                description: str | None = None) -> None:
    """Change a code's colour and/or description (None leaves it as it is)."""
    values: dict[str, Any] = {}
    if colour is not None:
        values["colour"] = _colour(colour) or DEFAULT_COLOUR
    if description is not None:
        values["description"] = _plain(description).strip()
    with ws.transaction():
        _live(ws, code_id)
        ws.update("interview_codes", code_id, values)


def descendant_ids(ws, code_id: str) -> list[str]:
    """The code and every live code below it, the code itself first."""
    rows = ws.query("""
        WITH RECURSIVE below(id) AS (
            SELECT ? UNION ALL
            SELECT c.id FROM interview_codes c JOIN below b ON c.parent_id = b.id
            WHERE c.deleted = 0)
        SELECT id FROM below""", (code_id,))
    return [r["id"] for r in rows]


def move_code(ws, code_id: str, new_parent_id: str | None) -> None:
    """Put a code (with everything below it) under another code, or at the top level
    (``None``). Refused under itself or one of its own descendants."""
    with ws.transaction():
        row = _live(ws, code_id)
        new_parent_id = new_parent_id or None
        if new_parent_id:
            _live(ws, new_parent_id)
            if new_parent_id in descendant_ids(ws, code_id):
                raise InterviewError(N_("“{name}” cannot go under itself or one of its own "
                                        "sub-codes."), name=row["name"])
        if new_parent_id == row["parent_id"]:
            return
        _refuse_duplicate(ws, new_parent_id, row["name"], code_id)
        ws.update("interview_codes", code_id, {
            "parent_id": new_parent_id, "position": _next_position(ws, new_parent_id)})


def merge_codes(ws, source_id: str, target_id: str) -> MergeResult:
    """Merge ``source`` into ``target``: its segments get the target code (a segment
    whose note and span already carry the target collapses into that one, keeping its
    memo and flags), its memos move to the target, its sub-codes move under the target (a
    sub-code named like one already there is merged into it, and so on down), and the
    source is kept as deleted with ``merged_into`` = target. One transaction."""
    result = MergeResult(source_id=source_id, target_id=target_id)
    with ws.transaction():
        source, target = _live(ws, source_id), _live(ws, target_id)
        if source_id == target_id:
            raise InterviewError(N_("A code cannot be merged into itself."))
        if target_id in descendant_ids(ws, source_id):
            raise InterviewError(N_("“{source}” cannot be merged into its own sub-code "
                                    "“{target}”."), source=source["name"], target=target["name"])
        _merge(ws, source_id, target_id, result)
    return result


def _merge(ws, source_id: str, target_id: str, result: MergeResult) -> None:
    for child in ws.query("SELECT id, name FROM interview_codes WHERE parent_id = ? AND "
                          "deleted = 0 ORDER BY position", (source_id,)):
        twin = _sibling_named(ws, target_id, child["name"])
        if twin:
            _merge(ws, child["id"], twin, result)
        else:
            ws.update("interview_codes", child["id"], {
                "parent_id": target_id, "position": _next_position(ws, target_id)})
            result.children += 1
    for seg in ws.query("SELECT * FROM interview_segments WHERE code_id = ? AND deleted = 0",
                        (source_id,)):
        same = ws.query("SELECT * FROM interview_segments WHERE code_id = ? AND note_id = ? AND "
                        "start = ? AND end = ? AND deleted = 0 AND lost = ?",
                        (target_id, seg["note_id"], seg["start"], seg["end"], seg["lost"]))
        if same:
            keep = same[0]
            memo = keep["memo"] if not seg["memo"] or seg["memo"] in keep["memo"] else \
                (keep["memo"] + "\n" + seg["memo"]).strip()
            ws.update("interview_segments", keep["id"], {
                "memo": memo, "important": keep["important"] or seg["important"],
                "quote": keep["quote"] or seg["quote"]})
            ws.update("interview_segments", seg["id"], {"deleted": 1})
            for memo_row in ws.query("SELECT id FROM interview_memos WHERE target_kind = "
                                     "'segment' AND target_id = ?", (seg["id"],)):
                ws.update("interview_memos", memo_row["id"], {"target_id": keep["id"]})
            result.collapsed += 1
        else:
            ws.update("interview_segments", seg["id"], {"code_id": target_id})
            result.moved += 1
    for memo_row in ws.query("SELECT id FROM interview_memos WHERE target_kind = 'code' AND "
                             "target_id = ?", (source_id,)):
        ws.update("interview_memos", memo_row["id"], {"target_id": target_id})
    ws.update("interview_codes", source_id, {"merged_into": target_id, "deleted": 1})


def delete_code(ws, code_id: str, *, with_segments: bool = False) -> int:
    """Delete a code and every code below it. Refused while any of them codes a segment,
    unless ``with_segments`` (then those segments are removed too). Returns the number of
    segments removed."""
    with ws.transaction():
        row = _live(ws, code_id)
        ids = descendant_ids(ws, code_id)
        marks = ",".join("?" * len(ids))
        segments = [r["id"] for r in ws.query(
            f"SELECT id FROM interview_segments WHERE deleted = 0 AND code_id IN ({marks})", ids)]
        if segments and not with_segments:
            raise InterviewError(N_("“{name}” still codes {count} segment(s); remove them or "
                                    "merge the code into another."), name=row["name"],
                                 count=len(segments))
        for segment_id in segments:
            ws.update("interview_segments", segment_id, {"deleted": 1})
        for one in reversed(ids):
            ws.update("interview_codes", one, {"deleted": 1})
    return len(segments)


def codebook(ws) -> list[Code]:
    """Every live code in tree order (each parent before its children, siblings by
    position then name), with ``depth``, ``path`` and live ``segment_count``."""
    rows = ws.query("""
        SELECT c.*, (SELECT count(*) FROM interview_segments g
                     JOIN interview_notes n ON n.id = g.note_id
                     WHERE g.code_id = c.id AND g.deleted = 0 AND g.lost = 0
                       AND n.deleted = 0) AS segment_count
        FROM interview_codes c WHERE c.deleted = 0 ORDER BY c.position, c.name, c.id""")
    children: dict[str | None, list] = {}
    ids = {r["id"] for r in rows}
    for r in rows:
        parent = r["parent_id"] if r["parent_id"] in ids else None
        children.setdefault(parent, []).append(r)
    out: list[Code] = []

    def walk(parent: str | None, depth: int, prefix: str) -> None:
        for r in children.get(parent, ()):
            path = prefix + r["name"]
            out.append(Code(id=r["id"], name=r["name"], parent_id=r["parent_id"],
                            colour=r["colour"], description=r["description"],
                            position=r["position"], depth=depth, path=path,
                            segment_count=r["segment_count"]))
            walk(r["id"], depth + 1, path + SEPARATOR)

    walk(None, 0, "")
    return out


def code_paths(ws) -> dict[str, str]:
    """Each live code's path by id (cheap: no segment counts)."""
    rows = ws.query("SELECT id, name, parent_id FROM interview_codes WHERE deleted = 0")
    by_id = {r["id"]: r for r in rows}
    paths: dict[str, str] = {}

    def path(code_id: str, depth: int = 0) -> str:
        if code_id not in paths:
            r = by_id[code_id]
            parent = r["parent_id"]
            paths[code_id] = (path(parent, depth + 1) + SEPARATOR if parent in by_id and
                              depth < 100 else "") + r["name"]
        return paths[code_id]

    for code_id in by_id:
        path(code_id)
    return paths


def get_code(ws, code_id: str) -> Code:
    for code in codebook(ws):
        if code.id == code_id:
            return code
    raise CodeNotFound(N_("The code was not found. It may have been deleted or merged."))


def split_path(path: str) -> list[str]:
    """The names along a path ("安全/高原反应" -> ["安全", "高原反应"]), spaces tidied."""
    return [" ".join(part.split()) for part in _plain(path).split(SEPARATOR)
            if part.strip()]


def code_by_path(ws, path: str) -> Code | None:
    wanted = SEPARATOR.join(split_path(path))
    return next((c for c in codebook(ws) if c.path == wanted), None)


def ensure_path(ws, path: str, *, colour: str | None = None, description: str = "") -> tuple[str, bool]:
    """The id of the code at ``path``, creating it and any missing parents; and whether the
    last one was created. Colour and description go to a created code only."""
    names = split_path(path)
    if not names:
        raise InterviewError(N_("A code needs a name."))
    parent, created = None, False
    with ws.transaction():
        for i, name in enumerate(names):
            found = _sibling_named(ws, parent, _name(name))
            last = i == len(names) - 1
            if found:
                parent, created = found, False
            else:
                parent = add_code(ws, name, parent, colour if last else None,
                                  description if last else "")
                created = True
    return parent, created
