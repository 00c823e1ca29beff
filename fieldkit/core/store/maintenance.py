"""Integrity check and backup of a workspace."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from fieldkit import __version__
from fieldkit.core.store import integrity, schema, wal_guard
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.store.faults import sqlite_kind, workspace_fault
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, ProgressCallback, no_progress
from fieldkit.core.store.workspace import Workspace


def check(ws: Workspace, *, progress: ProgressCallback = no_progress,
          cancel: CancelToken | None = None) -> dict[str, Any]:
    """What ``fieldkit check`` reports: SQLite's structural check, then what the workspace
    holds (``integrity.verify``), the schema version, counts, and an unclean last close."""
    problems, total = integrity.verify(ws.conn, progress=progress, cancel=cancel)
    counts: dict[str, Any] = {}
    try:
        for table in (*schema.SYNCED_TABLES, "journal"):
            counts[table] = ws.scalar(f"SELECT count(*) FROM {table}")
    except sqlite3.DatabaseError:
        pass  # already reported as a problem
    structure = [p for p in problems if p.kind in ("structure", "unreadable")]
    fk = next((p.count for p in problems if p.kind == "foreign_keys"), 0)
    unclean = _unclean_close(ws)
    return {
        "path": str(ws.path),
        "workspace_id": ws.workspace_id,
        "fieldkit_version": __version__,
        "schema_version": ws.schema_version,
        "schema_version_supported": schema.SCHEMA_VERSION,
        "integrity": "ok" if not problems else ("damaged" if structure else "problems"),
        "foreign_key_violations": fk,
        "problem_count": total,
        "problems": [p.to_dict() for p in problems],
        "counts": counts,
        "size_bytes": ws.path.stat().st_size,
        "read_only": ws.read_only,
        "last_unclean_close": unclean,
        "notices": [n.message() for n in ws.notices],
        "ok": not problems,
    }


def _unclean_close(ws: Workspace) -> dict[str, Any] | None:
    try:
        raw = ws.meta("last_unclean_close")
        return json.loads(raw) if raw else None
    except (sqlite3.Error, ValueError):
        return None


def backup(ws: Workspace, target: str | os.PathLike, overwrite: bool = False, *,
           even_if_damaged: bool = False, progress: ProgressCallback = no_progress,
           cancel: CancelToken | None = None) -> Path:
    """Copy the workspace with SQLite's backup API (safe while it is in use).

    Written to a temporary file beside the target and renamed when complete, so a cancelled
    or failed backup never leaves a half-written file under the target's name. The copy is
    checked like ``check`` does; a damaged workspace is not copied (a backup of damage would
    pass for a good one later) unless ``even_if_damaged``. The copy gets its own log
    generation nonce (see ``wal_guard``).
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
    dest = None

    def step(status: int, remaining: int, total: int) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt  # the only way to stop sqlite3.backup mid-way
        progress(total - remaining, total, "")

    try:
        dest = _connect_target(partial)
        ws.conn.backup(dest, pages=64, progress=step)
        problems, total = integrity.verify(dest, cancel=cancel)
        if problems and not even_if_damaged:
            raise BackupRefused(
                N_("The workspace {path} has {count} problem(s), so no backup was written: a "
                   "copy of damage would later pass for a good backup. Run the check (fieldkit "
                   "check) to see them, and restore an earlier backup. To copy it anyway, use the "
                   "command fieldkit backup --force."), path=str(ws.path), count=total, problems=problems)
        wal_guard.renew_copy(dest)
        dest.close()
        dest = None
        _fsync(partial)
        os.replace(partial, target)
        _fsync_folder(target.parent)
    except KeyboardInterrupt:
        _discard(dest, partial)
        cancel.raise_if_cancelled()
        raise
    except sqlite3.Error as exc:
        _discard(dest, partial)
        # the copy is written through ``dest``: a full or read-only drive there is the target's
        where = target if sqlite_kind(exc) in ("full", "readonly", "io") else ws.path
        fault = workspace_fault(exc, where)
        if fault is not None and where == target:
            fault = _target_fault(exc, target) or fault
        if fault is not None:
            raise fault from None
        raise WorkspaceError(N_("The backup to {path} failed: {reason}"), path=str(target),
                             reason=str(exc)) from None
    except OSError as exc:
        _discard(dest, partial)
        from fieldkit.core.store.faults import file_fault

        fault = file_fault(exc)
        if fault is not None:
            raise fault from None
        raise
    except BaseException:
        _discard(dest, partial)
        raise
    return target


class BackupRefused(WorkspaceError):
    """The workspace failed its check; ``problems`` says why."""

    def __init__(self, msgid: str, /, problems: list | None = None, **params: object) -> None:
        super().__init__(msgid, **params)
        self.problems = problems or []


def _connect_target(path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)
    return sqlite3.connect(path, isolation_level=None)


def _target_fault(exc: sqlite3.Error, target: Path) -> WorkspaceError | None:
    from fieldkit.core.store.faults import READ_ONLY_TARGET, ReadOnlyMedia

    if sqlite_kind(exc) == "readonly":
        return ReadOnlyMedia(READ_ONLY_TARGET, path=str(target))
    return None


def _discard(dest: sqlite3.Connection | None, partial: Path) -> None:
    if dest is not None:
        try:
            dest.close()
        except sqlite3.Error:
            pass
    for name in (partial, wal_guard.wal_path(partial), wal_guard.shm_path(partial),
                 partial.with_name(partial.name + "-journal")):
        try:
            name.unlink()
        except OSError:
            pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
