"""Put a backup back in place of a workspace, safely.

Copying a backup over a workspace by hand is how a workspace gets wrecked: a ``-wal``
left beside the old file is applied to the new one, a copy cut short by a full disk
leaves half a file, and the workspace as it was is gone. ``restore`` instead checks the
backup first (a fieldkit workspace that passes ``check``), refuses while the workspace
is open elsewhere, writes the copy to a temporary file in the same folder (fsynced),
keeps the current workspace and its ``-wal`` under a dated name, and only then renames
the copy into place.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldkit.core.store.upgrade import refuse_too_new
from fieldkit.core.store import integrity, schema, wal_guard
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.store.faults import file_fault, workspace_fault
from fieldkit.core.i18n import N_
from fieldkit.core.store.maintenance import _discard, _fsync, _fsync_folder
from fieldkit.core.store.opening import check_path_for_open
from fieldkit.core.progress import CancelToken, ProgressCallback, no_progress


@dataclass
class RestoreResult:
    path: Path                # the workspace, now holding the backup
    backup: Path
    kept: Path | None         # the workspace as it was before, under a dated name

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "backup": str(self.backup),
                "kept": str(self.kept) if self.kept else None}


def restore(backup: str | os.PathLike, workspace: str | os.PathLike, *,
            progress: ProgressCallback = no_progress,
            cancel: CancelToken | None = None) -> RestoreResult:
    """Replace ``workspace`` with ``backup``; the workspace must not be open anywhere."""
    backup, workspace = Path(backup).expanduser(), Path(workspace).expanduser()
    cancel = cancel or CancelToken()
    check_path_for_open(backup, create=False)
    if workspace.exists() and backup.resolve() == workspace.resolve():
        raise WorkspaceError(N_("A workspace cannot be restored from itself."))
    if not workspace.parent.is_dir():
        raise WorkspaceError(
            N_("The folder {folder} does not exist. If the workspace is on a USB drive or a "
               "network drive, check that it is connected."), folder=str(workspace.parent))
    if wal_guard.in_use(workspace):
        raise WorkspaceError(
            N_("The workspace {path} is open in fieldkit or another program. Close it there "
               "first; nothing was changed."), path=str(workspace))
    source = _open_backup(backup)
    temp = workspace.with_name(f".{workspace.name}.restoring-{os.getpid()}")
    dest = None
    try:
        _verify_backup(source, backup, cancel)
        dest = sqlite3.connect(temp, isolation_level=None)

        def step(status: int, remaining: int, total: int) -> None:
            if cancel.cancelled:
                raise KeyboardInterrupt
            progress(total - remaining, total, "")

        source.backup(dest, pages=256, progress=step)
        wal_guard.renew_copy(dest)  # its own log generation: never claims another's -wal
        if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise WorkspaceError(N_("The restored copy failed its integrity check; nothing was "
                                    "changed."))
        dest.close()
        dest = None
        _fsync(temp)
        kept = _keep_current(workspace)
        os.replace(temp, workspace)
        _fsync_folder(workspace.parent)
    except KeyboardInterrupt:
        _discard(dest, temp)
        cancel.raise_if_cancelled()
        raise
    except sqlite3.Error as exc:
        _discard(dest, temp)
        fault = workspace_fault(exc, workspace)
        if fault is None:
            raise
        raise fault from None
    except OSError as exc:
        _discard(dest, temp)
        fault = file_fault(exc)
        if fault is None:
            raise
        raise fault from None
    except BaseException:
        _discard(dest, temp)
        raise
    finally:
        source.close()
    return RestoreResult(workspace, backup, kept)


def _open_backup(backup: Path) -> sqlite3.Connection:
    """Read the backup without changing it (no log, no checkpoint, nothing written)."""
    uri = backup.resolve().as_uri()
    options = "mode=ro" if wal_guard.read_wal(backup).has_content else "mode=ro&immutable=1"
    try:
        return sqlite3.connect(f"{uri}?{options}", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise workspace_fault(exc, backup) or WorkspaceError(
            N_("{path} is not a fieldkit workspace, or it is damaged."), path=str(backup)) from None


def _verify_backup(conn: sqlite3.Connection, backup: Path, cancel: CancelToken) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        app_id, version = None, 0
    if app_id != schema.APPLICATION_ID:
        raise WorkspaceError(N_("{path} is not a fieldkit workspace, or it is damaged."),
                             path=str(backup))
    refuse_too_new(version, backup)
    problems, total = integrity.verify(conn, cancel=cancel)
    if problems:
        raise WorkspaceError(
            N_("The backup {path} has {count} problem(s) and was not restored; nothing was "
               "changed. Check it with: fieldkit --workspace {path} check"),
            path=str(backup), count=total)


def _keep_current(workspace: Path) -> Path | None:
    """Move the current workspace and its ``-wal`` aside under one dated name (together,
    so they stay a pair); drop its ``-shm``. None if there was no workspace."""
    if not workspace.exists():
        if wal_guard.wal_path(workspace).exists():
            wal_guard.set_aside(workspace)  # a stray log must not meet the restored file
        wal_guard.shm_path(workspace).unlink(missing_ok=True)
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = workspace.with_name(f"{workspace.stem}.before-restore-{stamp}{workspace.suffix}")
    number = 1
    while kept.exists() or wal_guard.wal_path(kept).exists():
        number += 1
        kept = workspace.with_name(
            f"{workspace.stem}.before-restore-{stamp}-{number}{workspace.suffix}")
    try:  # a second name for the old file: the workspace's own name never goes missing
        os.link(workspace, kept)
        linked = True
    except OSError:  # file systems without hard links (FAT on USB drives)
        linked = False
    wal = wal_guard.wal_path(workspace)
    if wal.exists():
        os.rename(wal, wal_guard.wal_path(kept))
    wal_guard.shm_path(workspace).unlink(missing_ok=True)
    if not linked:
        os.rename(workspace, kept)
    return kept
