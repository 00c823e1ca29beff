"""Memos (备忘): a researcher's running thoughts, on the whole workspace, a note, a code
or a segment. Deleting one keeps it with ``deleted=1`` (journal and sync)."""

from __future__ import annotations

from typing import Any

from fieldkit.core.i18n import N_
from fieldkit.core.plain_text import without_controls as _plain
from fieldkit.core.interviews.errors import InterviewError, MemoNotFound
from fieldkit.core.interviews.model import MEMO_TARGETS, Memo
from fieldkit.core.store.workspace import wall_time

_TARGET_TABLES = {"note": "interview_notes", "code": "interview_codes",
                  "segment": "interview_segments"}
MAX_TEXT = 200_000


def _check_target(ws, target_kind: str, target_id: str | None) -> str | None:
    if target_kind not in MEMO_TARGETS:
        raise ValueError(f"not a memo target: {target_kind}")
    if target_kind == "workspace":
        return None
    row = ws.get(_TARGET_TABLES[target_kind], target_id) if target_id else None
    if row is None or row["deleted"]:
        raise InterviewError(N_("What the memo is about was not found. It may have been "
                                "deleted."))
    return target_id


def _text(text: str) -> str:
    text = _plain(text).strip()
    if len(text) > MAX_TEXT:
        raise InterviewError(N_("The memo is too long (at most {limit} characters)."),
                             limit=MAX_TEXT)
    return text


def add_memo(ws, target_kind: str, target_id: str | None, text: str, *, title: str = "",
             author: str = "") -> str:
    """Write a memo on ``target_kind`` (workspace, note, code or segment) and return its id."""
    text, title = _text(text), " ".join(_plain(title).split())
    if not text and not title:
        raise InterviewError(N_("A memo needs a title or some text."))
    with ws.transaction():
        target_id = _check_target(ws, target_kind, target_id)
        return ws.insert("interview_memos", {
            "target_kind": target_kind, "target_id": target_id, "title": title, "text": text,
            "author": (author or "").strip(), "written_at": wall_time()})


def _row(ws, memo_id: str) -> dict[str, Any]:
    row = ws.get("interview_memos", memo_id) if memo_id else None
    if row is None or row["deleted"]:
        raise MemoNotFound(N_("The memo was not found. It may have been deleted."))
    return row


def update_memo(ws, memo_id: str, *, title: str | None = None,
                text: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = " ".join(_plain(title).split())
    if text is not None:
        values["text"] = _text(text)
    with ws.transaction():
        row = _row(ws, memo_id)
        if not values.get("title", row["title"]) and not values.get("text", row["text"]):
            raise InterviewError(N_("A memo needs a title or some text."))
        return ws.update("interview_memos", memo_id, values)


def delete_memo(ws, memo_id: str) -> None:
    with ws.transaction():
        _row(ws, memo_id)
        ws.update("interview_memos", memo_id, {"deleted": 1})


def get_memo(ws, memo_id: str) -> Memo:
    return _memo(_row(ws, memo_id))


def _memo(r) -> Memo:
    return Memo(id=r["id"], target_kind=r["target_kind"], target_id=r["target_id"],
                title=r["title"], text=r["text"], author=r["author"],
                written_at=r["written_at"])


def list_memos(ws, target_kind: str | None = None, target_id: str | None = None) -> list[Memo]:
    """Memos, oldest first: all of them, those of one kind of target, or of one target."""
    where, params = ["deleted = 0"], []
    if target_kind:
        where.append("target_kind = ?")
        params.append(target_kind)
    if target_id:
        where.append("target_id = ?")
        params.append(target_id)
    return [_memo(r) for r in ws.query(
        "SELECT * FROM interview_memos WHERE " + " AND ".join(where) +
        " ORDER BY written_at, rowid", params)]
