"""A workspace's schema at open: is this file a fieldkit workspace this version can read,
and the migrations that bring an older one up to date (a copy kept first)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fieldkit.core.errors import WorkspaceError
from fieldkit.core.i18n import N_
from fieldkit.core.store import schema, wal_guard


def inspect_version(conn: sqlite3.Connection, path: Path, allow_empty: bool) -> int:
    """Return the schema version; refuse files that are not (our) workspaces, or too new."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != schema.APPLICATION_ID:
        if tables == 0 and app_id == 0 and allow_empty:
            return 0
        raise WorkspaceError(N_("{path} is a database, but not a fieldkit workspace."),
                             path=str(path))
    refuse_too_new(version, path)
    return version


def refuse_too_new(version: int, path: Path) -> None:
    """A file written by a newer fieldkit is not opened (nor restored) by this one."""
    if version > schema.SCHEMA_VERSION:
        raise WorkspaceError(
            N_("{path} was saved by a newer version of fieldkit (schema {found}); this version "
               "understands schema {supported} at most. Update fieldkit to open it."),
            path=str(path), found=version, supported=schema.SCHEMA_VERSION)


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply each missing migration in its own transaction, with the version bump inside it."""
    for number in range(version + 1, schema.SCHEMA_VERSION + 1):
        script = schema.MIGRATIONS[number - 1]
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\n"
                f"PRAGMA application_id = {schema.APPLICATION_ID};\n"
                f"PRAGMA user_version = {number};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def backup_before_upgrade(conn: sqlite3.Connection, path: Path, version: int) -> None:
    target = path.with_name(f"{path.name}.schema{version}.bak")
    if target.exists():
        return
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        conn.backup(dest)
        if dest.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            wal_guard.renew_copy(dest)  # a copy never claims the original's log
    finally:
        dest.close()
