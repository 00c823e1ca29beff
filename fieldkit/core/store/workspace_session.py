"""Opening a workspace, the parts around SQLite's own: a write-protected file opened for
reading only, and the start of a writing session (the file marked open, an unclean last
close noticed, what SQLite recovered checkpointed into the file, a new log generation).
``Workspace.open`` calls these; see ``wal_guard`` for why logs have generations."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from fieldkit.core.store import schema, wal_guard
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.store.faults import DiskFull, workspace_fault
from fieldkit.core.i18n import N_
from fieldkit.core.store.opening import classify_sqlite_error
from fieldkit.core.collation import register as register_collation
from fieldkit.core.responses.search_index import register_functions


def open_read_only(cls, path: Path, device_id: str, actor_id: str | None):
    """A write-protected workspace (read-only file, media or folder) opens for reading:
    check, backup, listing and browsing work; a write is refused with a clear message."""
    from fieldkit.core.store.workspace import _inspect

    uri = path.resolve().as_uri()
    conn = None
    try:
        if wal_guard.read_wal(path).has_content:
            try:  # pending changes in its log: SQLite must read them (needs a -shm)
                conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                if conn is not None:
                    conn.close()
                conn = None
        if conn is None:  # read the file as it is, leaving nothing beside it
            conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True,
                                   isolation_level=None)
        conn.row_factory = sqlite3.Row
        register_functions(conn)  # searching calls them, read-only or not
        register_collation(conn)
        version = _inspect(conn, path, allow_empty=False)
        if version < schema.SCHEMA_VERSION:
            raise WorkspaceError(
                N_("The workspace {path} is read-only and was saved by an older version of "
                   "fieldkit, so it cannot be upgraded. Copy it to a folder you can write "
                   "to, then open it again."), path=str(path))
        ws = cls(path, conn, device_id, actor_id)
        ws.read_only = True
        ws.workspace_id
        ws.notices.append(WorkspaceError(
            N_("The workspace {path} is read-only (the file or its drive is "
               "write-protected). It is open for reading; changes cannot be saved."),
            path=str(path)))
        return ws
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise classify_sqlite_error(exc, path) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise


def begin_session(ws, guard: "wal_guard.GuardResult") -> None:
    """Note in the file itself that it is open (so a copy of the file alone, made before
    it was closed, is known to be possibly incomplete), note an unclean last close, put
    everything SQLite recovered into the file, and start a log generation."""
    if guard.orphan is not None:
        ws.notices.append(WorkspaceError(
            N_("A '-wal' file beside {path} did not belong to it (the workspace file was "
               "replaced while changes were still pending). It was not applied; it was kept "
               "as {orphan}."), path=str(ws.path), orphan=str(guard.orphan)))
    previous = ws.meta("open_since")
    extra = {}
    if not guard.in_use:
        if guard.unclean or previous is not None:
            extra["last_unclean_close"] = json.dumps(
                {"open_since": previous or "", "found": _now(),
                 "log_recovered": guard.unclean}, ensure_ascii=False)
            ws.notices.append(WorkspaceError(
                N_("The workspace {path} was not closed cleanly last time (fieldkit or the "
                   "computer stopped while it was open). The changes saved before that "
                   "were recovered.") if guard.unclean else
                N_("The workspace {path} was not closed cleanly last time, and no pending "
                   "changes were found beside it. If this file was copied while fieldkit "
                   "had it open, changes made after {since} may be missing from it."),
                path=str(ws.path), since=previous or "?"))
        extra["open_since"] = _now()
        ws._session = True
    try:
        if guard.unclean:  # put what SQLite recovered into the file before anything else
            ws.checkpoint()
        wal_guard.start_generation(ws.conn, ws.path, extra)
        ws.checkpoint()
    except DiskFull as exc:  # still open it: reading, checking, backing up elsewhere work
        ws._session = False
        ws.notices.append(exc)
    except sqlite3.Error as exc:
        fault = workspace_fault(exc, ws.path)
        if not isinstance(fault, DiskFull):
            raise
        ws._session = False
        ws.notices.append(fault)


def _now() -> str:
    from fieldkit.core.store.workspace import wall_time

    return wall_time()
