"""Attachments: photos, recordings and files given as answers, stored as blobs inside the
workspace (one file carries everything to headquarters). An answer holds the reference
``att:<id>``; the journal names the blob by its SHA-256 instead of copying it."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from pathlib import Path

from fieldkit.core.errors import FieldkitError, os_reason
from fieldkit.core.i18n import N_
from fieldkit.core.store.workspace import Workspace

PREFIX = "att:"
MAX_BYTES = 64 * 1024 * 1024


def add(ws: Workspace, path: str | os.PathLike) -> str:
    """Store the file at ``path``; return its reference. The same content is stored once."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise FieldkitError(N_("“{file}” is not a file."), file=path.name)
        if size > MAX_BYTES:
            raise FieldkitError(N_("“{file}” is too large to attach ({size} MB; at most {limit} "
                                   "MB)."), file=path.name, size=size // 2**20,
                                limit=MAX_BYTES // 2**20)
        data = path.read_bytes()
    except FileNotFoundError:
        raise FieldkitError(N_("The file “{file}” does not exist."), file=path.name) from None
    except OSError as exc:
        raise FieldkitError(N_("The file “{file}” cannot be read: {reason}"), file=path.name,
                            reason=os_reason(exc)) from None
    digest = hashlib.sha256(data).hexdigest()
    existing = ws.scalar("SELECT id FROM attachments WHERE sha256 = ? AND file_name = ?",
                         (digest, path.name))
    if existing:
        return PREFIX + existing
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    record = ws.insert("attachments", {"file_name": path.name, "media_type": media_type,
                                       "size": len(data), "sha256": digest, "data": data})
    return PREFIX + record


def info(ws: Workspace, reference: str) -> dict | None:
    """Name, type and size of an attachment (not its bytes); None if it is not one."""
    if not reference.startswith(PREFIX):
        return None
    rows = ws.query("SELECT id, file_name, media_type, size, sha256 FROM attachments WHERE id = ?",
                    (reference[len(PREFIX):],))
    return dict(rows[0]) if rows else None


def save_to(ws: Workspace, reference: str, target: str | os.PathLike) -> Path:
    """Write an attachment's bytes to ``target`` (to open or hand it on)."""
    rows = ws.query("SELECT data FROM attachments WHERE id = ?", (reference[len(PREFIX):],))
    if not rows:
        raise FieldkitError(N_("The attachment was not found in this workspace."))
    target = Path(target)
    target.write_bytes(rows[0]["data"])
    return target
