"""Import batches: every import that added responses, listed so that any of them can be taken
back later (not only on the wizard's last page)."""

from __future__ import annotations

import json
from typing import Any

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_
from fieldkit.core.store.workspace import Workspace


class BatchNotFound(FieldkitError):
    """No import batch has that id."""


def list_batches(ws: Workspace, form_id: str | None = None) -> list[dict[str, Any]]:
    """Newest first: when, which file and sheet, which form, how many responses the import
    added and how many of them are still there, and whether it was undone."""
    where, params = ("WHERE b.form_id = ?", (form_id,)) if form_id else ("", ())
    rows = ws.query(
        "SELECT b.id, b.form_id, f.title, b.file_name, b.sheet, b.imported_at, b.undone,"
        " b.counts,"
        " (SELECT count(*) FROM responses r WHERE r.import_batch_id = b.id) AS added,"
        " (SELECT count(*) FROM responses r WHERE r.import_batch_id = b.id AND r.deleted = 0"
        "  AND r.superseded_by IS NULL) AS live"
        f" FROM import_batches b LEFT JOIN forms f ON f.id = b.form_record_id {where}"
        " ORDER BY b.imported_at DESC, b.rowid DESC", params)
    out = []
    for row in rows:
        try:
            counts = json.loads(row["counts"] or "{}")
        except ValueError:
            counts = {}
        out.append({"id": row["id"], "form_id": row["form_id"],
                    "form_title": row["title"] or row["form_id"], "file": row["file_name"],
                    "sheet": row["sheet"], "imported_at": row["imported_at"],
                    "imported": row["added"], "remaining": row["live"],
                    "duplicates": int(counts.get("duplicates", 0) or 0),
                    "rejected": int(counts.get("rejected", 0) or 0),
                    "undone": bool(row["undone"])})
    return out


def find_batch(ws: Workspace, batch_id: str) -> dict[str, Any]:
    """A batch by its id, or by the start of it (as the batches list prints it)."""
    text = batch_id.strip()
    matches = [b for b in list_batches(ws) if text and b["id"].startswith(text)]
    if len(matches) != 1:
        raise BatchNotFound(N_("There is no import batch “{batch}”. `fieldkit responses "
                               "batches` lists them."), batch=batch_id)
    return matches[0]


def undo(ws: Workspace, batch_id: str) -> int:
    """Take back every response the batch added (journaled, so itself undoable from the
    journal); running it again takes back nothing more. Returns how many were taken back."""
    from fieldkit.core.importing.pipeline import undo_batch

    return undo_batch(ws, find_batch(ws, batch_id)["id"])
