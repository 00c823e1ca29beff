"""Integrity check and backup of a workspace."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from fieldkit import __version__
from fieldkit.core import schema
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, ProgressCallback, no_progress
from fieldkit.core.workspace import Workspace


def check(ws: Workspace) -> dict[str, Any]:
    """What ``fieldkit check`` reports: integrity, schema version, counts."""
    integrity = [r[0] for r in ws.conn.execute("PRAGMA integrity_check")]
    fk_violations = len(ws.conn.execute("PRAGMA foreign_key_check").fetchall())
    counts = {t: ws.scalar(f"SELECT count(*) FROM {t}") for t in schema.SYNCED_TABLES}
    counts["journal"] = ws.scalar("SELECT count(*) FROM journal")
    return {
        "path": str(ws.path),
        "workspace_id": ws.workspace_id,
        "fieldkit_version": __version__,
        "schema_version": ws.schema_version,
        "schema_version_supported": schema.SCHEMA_VERSION,
        "integrity": "ok" if integrity == ["ok"] else "; ".join(integrity[:20]),
        "foreign_key_violations": fk_violations,
        "counts": counts,
        "size_bytes": ws.path.stat().st_size,
        "ok": integrity == ["ok"] and fk_violations == 0,
    }


def backup(ws: Workspace, target: str | os.PathLike, overwrite: bool = False, *,
           progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> Path:
    """Copy the workspace with SQLite's backup API (safe while it is in use).

    Written to a temporary file beside the target and renamed when complete, so a cancelled
    or failed backup never leaves a half-written file under the target's name.
    """
    target = Path(target).expanduser()
    cancel = cancel or CancelToken()
    if not target.parent.is_dir():
        raise WorkspaceError(N_("The folder {folder} does not exist. If it is on a USB drive, "
                                "check that it is connected."), folder=str(target.parent))
    if target.exists() and not overwrite:
        raise WorkspaceError(N_("{path} already exists. Choose another name, or allow overwriting."),
                             path=str(target))
    if target.resolve() == ws.path.resolve():
        raise WorkspaceError(N_("A backup cannot overwrite the workspace itself."))
    partial = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(partial)

    def step(status: int, remaining: int, total: int) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt  # the only way to stop sqlite3.backup mid-way
        progress(total - remaining, total, "")

    try:
        ws.conn.backup(dest, pages=64, progress=step)
        ok = dest.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        dest.close()
        if not ok:
            raise WorkspaceError(N_("The backup copy failed its integrity check; nothing was saved."))
        os.replace(partial, target)
    except KeyboardInterrupt:
        dest.close()
        partial.unlink(missing_ok=True)
        cancel.raise_if_cancelled()
        raise
    except sqlite3.Error as exc:
        dest.close()
        partial.unlink(missing_ok=True)
        raise WorkspaceError(N_("The backup to {path} failed: {reason}"), path=str(target),
                             reason=str(exc)) from None
    except BaseException:
        dest.close()
        partial.unlink(missing_ok=True)
        raise
    return target
