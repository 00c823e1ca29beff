"""Opening a workspace, the parts around SQLite's own: a write-protected file opened for
reading only, and the start of a writing session (the file marked open, an unclean last
close noticed, what SQLite recovered checkpointed into the file, a new log generation).
``Workspace.open`` calls these; see ``wal_guard`` for why logs have generations."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import sys
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
    from fieldkit.core.store.upgrade import inspect_version

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
        version = inspect_version(conn, path, allow_empty=False)
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
    since, alive = _read_mark(previous, ws.path)
    extra = {}
    if not guard.in_use and not (alive and not guard.unclean):
        if guard.unclean or previous is not None:
            extra["last_unclean_close"] = json.dumps(
                {"open_since": since, "found": _now(),
                 "log_recovered": guard.unclean}, ensure_ascii=False)
            ws.notices.append(WorkspaceError(
                N_("The workspace {path} was not closed cleanly last time (fieldkit or the "
                   "computer stopped while it was open). The changes saved before that "
                   "were recovered.") if guard.unclean else
                N_("The workspace {path} was not closed cleanly last time, and no pending "
                   "changes were found beside it. If this file was copied while fieldkit "
                   "had it open, changes made after {since} may be missing from it."),
                path=str(ws.path), since=since or "?"))
        extra["open_since"] = _mark(ws.path)
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


def _mark(path: Path) -> str:
    """What ``open_since`` holds while a program has the workspace open: since when, and
    which process on which computer has which file, so that another program opening the
    same file at the same moment (before this one's lock on it shows) takes it for open,
    not for left open. A copy of the file (another path or file) still reads as left open."""
    return json.dumps({"since": _now(), "pid": os.getpid(), "host": socket.gethostname(),
                       "file": _identity(path)}, ensure_ascii=False)


def _identity(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"{os.path.realpath(path)}:{st.st_ino}"


def _read_mark(value: str | None, path: Path) -> tuple[str, bool]:
    """(since when, whether the process that marked this very file is running on this
    computer now). Marks written before they named their process are a bare time."""
    if not value:
        return "", False
    try:
        mark = json.loads(value) if value.startswith("{") else None
    except ValueError:
        mark = None
    if not isinstance(mark, dict):
        return value, False
    alive = (mark.get("host") == socket.gethostname() and mark.get("file") == _identity(path)
             and _running(mark.get("pid")))
    return str(mark.get("since") or ""), alive


def _running(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            return bool(kernel.GetExitCodeProcess(handle, ctypes.byref(code))) \
                and code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _now() -> str:
    from fieldkit.core.store.workspace import wall_time

    return wall_time()
