"""Why a workspace cannot be opened, said so a cadre understands it.

Checks run before SQLite touches the file, so a refused file is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from fieldkit.core.errors import WorkspaceError
from fieldkit.core.i18n import N_


def is_read_only_file(path: Path) -> bool:
    """True for a file marked read-only, even for an administrator who could write it anyway."""
    st = path.stat()
    writable_bits = st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return not writable_bits or not os.access(path, os.W_OK)


def check_path_for_open(path: Path, *, create: bool) -> bool:
    """Raise ``WorkspaceError`` if ``path`` cannot be a workspace; return whether it exists."""
    folder = path.parent
    if not folder.exists():
        raise WorkspaceError(
            N_("The folder {folder} does not exist. If the workspace is on a USB drive or a "
               "network drive, check that it is connected."), folder=str(folder))
    if path.is_dir():
        raise WorkspaceError(N_("{path} is a folder, not a workspace file."), path=str(path))
    exists = path.exists()
    if not exists and not create:
        raise WorkspaceError(N_("There is no workspace at {path}."), path=str(path))
    if not exists and not os.access(folder, os.W_OK):
        raise WorkspaceError(
            N_("fieldkit cannot write in the folder {folder}. Choose a folder you can write to."),
            folder=str(folder))
    if exists and path.stat().st_size and not _looks_like_sqlite(path):
        raise WorkspaceError(N_("{path} is not a fieldkit workspace (it is not a database file)."),
                             path=str(path))
    return exists


def opens_read_only(path: Path) -> bool:
    """A workspace that exists but cannot be written (marked read-only, or on read-only
    media or in a folder fieldkit cannot write to) is opened for reading only."""
    return path.exists() and (is_read_only_file(path) or not os.access(path.parent, os.W_OK))


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def classify_sqlite_error(exc: sqlite3.Error, path: Path) -> WorkspaceError:
    from fieldkit.core.store.faults import sqlite_kind, workspace_fault

    text = str(exc).lower()
    if sqlite_kind(exc) in ("full", "damaged") and "not a database" not in text:
        return workspace_fault(exc, path)
    if "locked" in text or "busy" in text:
        return WorkspaceError(
            N_("The workspace {path} is in use by another program (perhaps fieldkit is already "
               "open in another window). Close it there and try again."), path=str(path))
    if "readonly" in text or "read-only" in text:
        return WorkspaceError(
            N_("The workspace {path} is read-only. Copy it to a folder you can write to, or "
               "clear its read-only mark, then open it again."), path=str(path))
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return WorkspaceError(N_("{path} is not a fieldkit workspace, or it is damaged."),
                              path=str(path))
    if "unable to open" in text or "disk i/o" in text:
        return WorkspaceError(
            N_("Could not read or write {path}. If it is on a USB drive, check that the drive is "
               "still connected."), path=str(path))
    return WorkspaceError(N_("The workspace {path} could not be used: {reason}"),
                          path=str(path), reason=str(exc))
