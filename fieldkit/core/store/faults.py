"""Faults of the machine, not of fieldkit: a full disk, read-only media, a damaged file.

SQLite and the operating system report these as ``sqlite3.Error`` or ``OSError`` with
English text ("database or disk is full", "No space left on device"). ``fault_for`` turns
them into a ``FieldkitError`` that says what happened and what to do, in the user's
language and with no English fragment, so the command line and the app show them like
any other refusal instead of as an unexpected problem with a crash log. Anything it does
not recognise (a constraint broken by a bug) is left alone and returns None.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from fieldkit.core.errors import FieldkitError, WorkspaceError
from fieldkit.core.i18n import N_


class DiskFull(WorkspaceError):
    """No space left where fieldkit had to write."""


class ReadOnlyMedia(WorkspaceError):
    """The workspace or the target folder cannot be written."""


class WorkspaceDamaged(WorkspaceError):
    """SQLite found the workspace file damaged."""


DAMAGED = N_("The workspace {path} is damaged and cannot be read safely. Nothing was changed. "
             "Restore a backup (Settings, Restore…, or the command fieldkit restore BACKUP) "
             "and keep the damaged file for inspection.")
DISK_FULL = N_("There is not enough free space on the drive holding {path}. Nothing was "
               "changed. Free some space on that drive, or use another drive, and try again.")
DISK_FULL_NO_PATH = N_("There is not enough free space on the drive. Nothing was changed. Free "
                       "some space, or save to another drive, and try again.")
READ_ONLY_WORKSPACE = N_("The workspace {path} is open read-only (the file or its drive is "
                         "write-protected), so changes cannot be saved. Nothing was changed. "
                         "Copy it to a folder you can write to, or clear its read-only mark, "
                         "then open it again.")
READ_ONLY_TARGET = N_("fieldkit cannot write {path}: the drive or folder is read-only. Nothing "
                      "was written. Choose a folder you can write to.")
IO_ERROR = N_("Could not read or write {path}. If it is on a USB drive, check that the drive "
              "is still connected.")
IO_ERROR_NO_PATH = N_("A file could not be read or written. If you are using a USB drive, "
                      "check that it is still connected.")


def sqlite_kind(exc: BaseException) -> str | None:
    """``full``, ``readonly``, ``damaged``, ``io``, ``busy`` or None, from SQLite's own code."""
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name == "SQLITE_FULL" or "database or disk is full" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "readonly"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text \
            or "file is not a database" in text:
        return "damaged"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "busy"
    return None


DAMAGED_NO_PATH = N_("The workspace is damaged and cannot be read safely. Nothing was changed. "
                     "Restore a backup (Settings, Restore…) and keep the damaged file for "
                     "inspection.")
READ_ONLY_NO_PATH = N_("The workspace is open read-only (the file or its drive is "
                       "write-protected), so changes cannot be saved. Nothing was changed.")


def workspace_fault(exc: BaseException, path: Path | str | None) -> WorkspaceError | None:
    """The user-facing error for a SQLite fault on the workspace at ``path``."""
    kind = sqlite_kind(exc)
    if path is None and kind in ("full", "readonly", "damaged", "io"):
        return {"full": DiskFull(DISK_FULL_NO_PATH), "readonly": ReadOnlyMedia(READ_ONLY_NO_PATH),
                "damaged": WorkspaceDamaged(DAMAGED_NO_PATH),
                "io": WorkspaceError(IO_ERROR_NO_PATH)}[kind]
    where = str(path) if path is not None else "?"
    if kind == "full":
        return DiskFull(DISK_FULL, path=where)
    if kind == "readonly":
        return ReadOnlyMedia(READ_ONLY_WORKSPACE, path=where)
    if kind == "damaged":
        return WorkspaceDamaged(DAMAGED, path=where)
    if kind == "io":
        if path is not None and _no_space_beside(Path(path)):  # SQLite says "I/O error"
            return DiskFull(DISK_FULL, path=where)
        return WorkspaceError(IO_ERROR, path=where)
    if kind == "busy":
        return WorkspaceError(
            N_("The workspace {path} is in use by another program (perhaps fieldkit is already "
               "open in another window). Close it there and try again."), path=where)
    return None


def _no_space_beside(path: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def file_fault(exc: BaseException) -> FieldkitError | None:
    """The user-facing error for an ``OSError`` while writing a file (export, template)."""
    if not isinstance(exc, OSError):
        return None
    name = exc.filename
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull(DISK_FULL, path=name) if name else DiskFull(DISK_FULL_NO_PATH)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and name:
        return ReadOnlyMedia(READ_ONLY_TARGET, path=name)
    if exc.errno == errno.EIO:
        return WorkspaceError(IO_ERROR, path=name) if name else WorkspaceError(IO_ERROR_NO_PATH)
    return None


def fault_for(exc: BaseException, workspace: Path | str | None = None) -> FieldkitError | None:
    """A ``FieldkitError`` for a machine fault anywhere (SQLite or file), else None."""
    if isinstance(exc, FieldkitError):
        return exc
    return workspace_fault(exc, workspace) or file_fault(exc)
