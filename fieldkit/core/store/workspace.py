"""A workspace: one SQLite file holding everything, written only through a journal.

Every insert, update or delete appends a journal entry in the same transaction (who, HLC
stamp, wall time with UTC offset, table, record; an update's changed fields with old and new
values, a delete's last values, an insert's digest of the row it stored: the values live
once, in the row, and ``journal_rows`` reads them back). The journal is the audit trail
and, later, the sync outbox. No other module writes to the
synced tables; ``tests/core/test_journal.py`` checks that.

The file alone holds the data: fieldkit checkpoints the write-ahead log into it at open, at
close and after large writes, and ties each log to its file (``wal_guard``) so a ``-wal`` left
beside a replaced file is set aside instead of applied. A write-protected file opens read-only.

Older workspaces' insert entries copy the values; large immutable content was named there
by its SHA-256 (attachment blobs, ``ContentText`` such as a form version's definition).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from fieldkit.core.store import schema, upgrade, wal_guard
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.store.faults import READ_ONLY_WORKSPACE, ReadOnlyMedia, workspace_fault
from fieldkit.core.store.hlc import HybridClock
from fieldkit.core.i18n import N_
from fieldkit.core.store.journal_values import (  # noqa: F401  (part of this module's API)
    ContentText, JsonText, _NO_DEFAULT, _journal_value, apply_patch, canonical_json,
    column_defaults, journaled_value, json_patch, json_text)
from fieldkit.core.store.journal_rows import (ROW_DIGEST, digest_plan, materialize, row_digest,
                                              values_digest, values_plan)
from fieldkit.core.store.opening import check_path_for_open, classify_sqlite_error, opens_read_only
from fieldkit.core.collation import register as register_collation


_JOURNAL_INSERT = ("INSERT INTO journal (hlc, wall_time, device_id, actor_id, table_name, record_id,"
                   " operation, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
# The log is checkpointed into the file after a commit that leaves it larger than this.
CHECKPOINT_BYTES = 16 * 1024 * 1024
# A response (its answers, provenance, ids) and its journal entry are 1-2 KB each: two fit
# in SQLite's usual 4 KB page, leaving a quarter of it empty. 8 KB pages hold five, so a
# workspace of 100,000 responses is 60 MB smaller (bench_scale.py). Set when a file is made.
PAGE_SIZE = 8192
# How a row just inserted is read back, as stored, for its journal entry's digest.
_READ_BACK = {t: f"SELECT * FROM {t} WHERE rowid = ?" for t in schema.SYNCED_TABLES}
# One encoder for every journal entry (json.dumps with options builds a new one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",", ":")).encode


def _digest_entry(digest: str) -> str:
    """An insert's journal entry: the digest of the row it stored (``journal_rows``)."""
    return f'{{"{ROW_DIGEST}":"{digest}"}}'


def new_id() -> str:
    return str(uuid.uuid4())


def _new_ids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs, as ``new_id`` makes them, from one read of the
    system's random source (a tenth of the time of ``uuid4()`` each, for bulk inserts)."""
    out = []
    raw = os.urandom(16 * count)
    for start in range(0, 16 * count, 16):
        h = (int.from_bytes(raw[start:start + 16], "big") & _UUID_CLEAR | _UUID_SET).to_bytes(
            16, "big").hex()
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


_UUID_CLEAR = ~(0xF000 << 64 | 0xC000 << 48) & (1 << 128) - 1  # version and variant bits
_UUID_SET = 0x4000 << 64 | 0x8000 << 48


_zone_cache: list = [0.0, None]


def wall_time() -> str:
    """Local time with its UTC offset, e.g. ``2024-12-12T09:30:00.123+08:00``.
    The local zone is looked up at most once a minute (it only changes with DST or travel)."""
    now = time.time()
    if now - _zone_cache[0] > 60 or _zone_cache[1] is None:
        _zone_cache[0], _zone_cache[1] = now, datetime.now().astimezone().tzinfo
    return datetime.fromtimestamp(now, _zone_cache[1]).isoformat(timespec="milliseconds")


class Workspace:
    """An open workspace. A connection belongs to the thread that opened it."""

    def __init__(self, path: Path, conn: sqlite3.Connection, device_id: str,
                 actor_id: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self.device_id = device_id
        self.actor_id = actor_id
        self.clock = HybridClock(device_id)
        self.clock.observe(conn.execute("SELECT max(hlc) FROM journal").fetchone()[0])
        self._columns: dict[str, frozenset[str]] = {}
        self._defaults: dict[str, dict[str, Any]] = {}
        self._id_pool: list[str] = []  # random ids made 256 at a time
        self._insert_sql: dict[tuple, str] = {}
        self._orders: dict[str, list[str]] = {}
        self._plans: dict[str, list[tuple[int, str, Any]]] = {}
        self._value_plans: dict[tuple, Any] = {}
        self._depth = 0
        self._workspace_id = ""
        self.read_only = False
        self.notices: list[WorkspaceError] = []  # what opening found and did, to tell the user
        self._session = False  # this connection marked the file "open" (cleared at close)

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = False, device_id: str | None = None,
             actor_id: str | None = None, busy_timeout: float = 3.0,
             backup_before_upgrade: bool = True) -> "Workspace":
        """Open (or with ``create=True`` create) a workspace, upgrading an older schema.

        Every way this can fail raises ``WorkspaceError`` with a message for the user,
        and leaves the file as it was.
        """
        path = Path(path).expanduser()
        exists = check_path_for_open(path, create=create)
        if device_id is None:
            from fieldkit.core.settings import device_id as local_device_id

            device_id = local_device_id()
        if exists and opens_read_only(path):
            return cls._open_read_only(path, device_id, actor_id)
        guard = wal_guard.inspect(path) if exists else wal_guard.GuardResult()
        mode = "rwc" if create else "rw"
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True,
                                   isolation_level=None, timeout=busy_timeout)
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc, path) from None
        try:
            conn.row_factory = sqlite3.Row
            # The responses' search index triggers need its SQL function on every connection;
            # imported here because responses/ sits above store/ (it imports the workspace).
            from fieldkit.core.responses.search_index import register_functions

            register_functions(conn)
            register_collation(conn)
            version = upgrade.inspect_version(conn, path, allow_empty=create or not exists)
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if version == 0:  # a new file: only now can its page size be chosen
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise WorkspaceError(N_("Could not switch {path} to safe-write (WAL) mode. "
                                        "Is it on a network drive?"), path=str(path))
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA wal_autocheckpoint = 0")  # fieldkit checkpoints: see wal_guard
            if version < schema.SCHEMA_VERSION:
                if version > 0 and backup_before_upgrade:
                    upgrade.backup_before_upgrade(conn, path, version)
                upgrade.migrate(conn, version)
            else:
                # prove we can write now, not halfway through the user's first change
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            ws = cls(path, conn, device_id, actor_id)
            ws._ensure_workspace_id()
            ws.workspace_id  # cache it while on the opening thread
            ws._begin_session(guard)
            return ws
        except sqlite3.Error as exc:
            conn.close()
            if not exists:
                _remove_files(path)  # a workspace that could not be created is not left half-made
            raise classify_sqlite_error(exc, path) from None
        except BaseException:
            conn.close()
            if not exists:
                _remove_files(path)
            raise

    @classmethod
    def _open_read_only(cls, path: Path, device_id: str, actor_id: str | None) -> "Workspace":
        from fieldkit.core.store.workspace_session import open_read_only

        return open_read_only(cls, path, device_id, actor_id)

    def _begin_session(self, guard: "wal_guard.GuardResult") -> None:
        from fieldkit.core.store.workspace_session import begin_session

        begin_session(self, guard)

    def checkpoint(self) -> bool:
        """Write everything committed into the workspace file itself and empty the log, so
        the one file holds all the data. Call after large writes; also run at open, at
        close and after any commit that grew the log past ``CHECKPOINT_BYTES``.
        Returns False when another reader kept it from completing (it is retried later)."""
        if self.read_only or self._depth:
            return False
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if _size(wal_guard.wal_path(self.path)) != 0:
                return False
            wal_guard.start_generation(self.conn, self.path)
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc, self.path) from None
        return True

    def _after_commit(self) -> None:
        if _size(wal_guard.wal_path(self.path)) > CHECKPOINT_BYTES:
            self.checkpoint()

    def close(self) -> None:
        """Close cleanly: everything is checkpointed into the file and its log removed."""
        if not self.read_only:
            steps = ["PRAGMA optimize", "PRAGMA wal_checkpoint(TRUNCATE)"]
            if self._session:
                steps.insert(1, "DELETE FROM meta WHERE key = 'open_since'")
            for sql in steps:  # each on its own: a full disk stops one, not the others
                try:
                    self.conn.execute(sql).fetchall()
                except sqlite3.Error:
                    pass
        self.conn.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_workspace_id(self) -> None:
        if self.meta("workspace_id") is None:
            with self.transaction():
                self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                  ("workspace_id", new_id()))
                self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                  ("created", wall_time()))

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def workspace_id(self) -> str:
        """Cached at open, so other threads may read it without touching the connection."""
        if not self._workspace_id:
            self._workspace_id = self.meta("workspace_id") or ""
        return self._workspace_id

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator["Workspace"]:
        """One user action: all of it is written, or none of it. Nested uses join the outer one."""
        if self._depth:  # joining the outer transaction
            yield self
            return
        if self.read_only:
            raise ReadOnlyMedia(READ_ONLY_WORKSPACE, path=str(self.path))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc, self.path) from None
        self._depth = 1
        try:
            yield self
        except BaseException as exc:
            self._depth = 0
            self._rollback()
            # SQLite has already rolled back after "disk full" and the like: say what happened
            fault = workspace_fault(exc, self.path) if isinstance(exc, sqlite3.Error) else None
            if fault is not None:
                raise fault from None
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise classify_sqlite_error(exc, self.path) from None
        self._after_commit()

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back by itself; the first error is the one to report

    # -- journaled writes ----------------------------------------------------------------

    def columns(self, table: str) -> frozenset[str]:
        cols = self._columns.get(table)
        if cols is None:
            if table not in schema.SYNCED_TABLES:
                raise ValueError(f"not a synced table: {table}")
            cols = frozenset(r[1] for r in self.conn.execute(f"PRAGMA table_info({table})"))
            self._columns[table] = cols
        return cols

    def _check_fields(self, table: str, fields: Iterable[str]) -> None:
        unknown = set(fields) - self.columns(table)
        if unknown or {"id", "device_id", "hlc"} & set(fields):
            raise ValueError(f"cannot write {sorted(unknown) or 'identity columns'} in {table}")

    def _column_defaults(self, table: str) -> dict[str, Any]:
        """Each column's default (None when it has none), as Python values."""
        defaults = self._defaults.get(table)
        if defaults is None:
            self.columns(table)
            defaults = column_defaults(self.conn.execute(f"PRAGMA table_info({table})").fetchall())
            self._defaults[table] = defaults
        return defaults

    def _journal(self, hlc: str, table: str, record_id: str, operation: str,
                 changes: dict[str, list[Any]]) -> None:
        self.conn.execute(_JOURNAL_INSERT, (hlc, wall_time(), self.device_id, self.actor_id, table,
                                            record_id, operation, _ENCODE(changes)))

    def _insert_statement(self, table: str, fields: tuple[str, ...]) -> str:
        """The INSERT for these fields of ``table`` (checked, then kept for the next call)."""
        key = (table, fields)
        sql = self._insert_sql.get(key)
        if sql is None:
            self._check_fields(table, fields)
            names = ["id", "device_id", "hlc", *fields]
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            self._insert_sql[key] = sql
        return sql

    def insert(self, table: str, values: dict[str, Any], record_id: str | None = None) -> str:
        """Insert a record with a new UUID (or ``record_id``) and journal it. Returns the id.
        The journal entry names the stored row by its digest (``journal_rows``)."""
        sql = self._insert_statement(table, tuple(values))
        if not record_id:
            if not self._id_pool:
                self._id_pool = _new_ids(256)
            record_id = self._id_pool.pop()
        if not self._depth:
            with self.transaction():
                return self.insert(table, values, record_id)
        hlc = self.clock.now()
        given = (record_id, self.device_id, hlc, *values.values())
        rowid = self.conn.execute(sql, given).lastrowid
        digest = self._given_digest(table, tuple(values), given[3:])
        if digest is None:
            stored = self.conn.execute(_READ_BACK[table], (rowid,)).fetchone()
            digest = self._stored_digest(table, stored)
        self.conn.execute(_JOURNAL_INSERT, (hlc, wall_time(), self.device_id, self.actor_id, table,
                                            record_id, "insert", _digest_entry(digest)))
        return record_id

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> list[str]:
        """Insert many records with the same fields, each journaled, in one transaction.
        The same as calling ``insert`` for each, with less overhead per row (imports)."""
        if not rows:
            return []
        keys = tuple(rows[0])
        sql = self._insert_statement(table, keys)
        ids, records, stamps = _new_ids(len(rows)), [], []
        now = wall_time()  # the rows are written together, in one statement
        for record_id, values in zip(ids, rows):
            if tuple(values) != keys:
                raise ValueError("insert_many needs the same fields in every row")
            hlc = self.clock.now()
            records.append((record_id, self.device_id, hlc, *values.values()))
            stamps.append(hlc)
        digests = [self._given_digest(table, keys, values[3:]) for values in records]
        with self.transaction():
            last = self.conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
            self.conn.executemany(sql, records)
            if None in digests:
                stored = self._rows_written(table, last, ids)
                digests = [d or self._stored_digest(table, row) for d, row in zip(digests, stored)]
            self.conn.executemany(_JOURNAL_INSERT, [
                (hlc, now, self.device_id, self.actor_id, table, record_id, "insert",
                 _digest_entry(digest))
                for hlc, record_id, digest in zip(stamps, ids, digests)])
        return ids

    def _rows_written(self, table: str, after_rowid: int, ids: list[str]) -> list[Any]:
        """The rows just inserted with ``ids``, as stored: new rows take the rowids after the
        largest one, in order; should they not (never seen), each is read by its id."""
        rows = self.conn.execute(f"SELECT * FROM {table} WHERE rowid > ? ORDER BY rowid",
                                 (after_rowid,)).fetchall()
        if len(rows) == len(ids) and all(row[0] == i for row, i in zip(rows, ids)):
            return rows
        return [self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (i,)).fetchone()
                for i in ids]

    def _given_digest(self, table: str, keys: tuple[str, ...], values: tuple) -> str | None:
        """The digest of the row these values make, when SQLite stores them as given."""
        plan = self._value_plans.get((table, keys), False)
        if plan is False:
            info = self.conn.execute(f"PRAGMA table_info({table})").fetchall()
            plan = self._value_plans[(table, keys)] = values_plan(
                info, keys, self._column_defaults(table))
        return values_digest(plan, values) if plan is not None else None

    def _stored_digest(self, table: str, stored: Any) -> str:
        plan = self._plans.get(table)
        if plan is None:
            plan = self._plans[table] = digest_plan(self._column_order(table),
                                                    self._column_defaults(table))
        return row_digest(plan, stored)

    def _column_order(self, table: str) -> list[str]:
        """The table's columns in ``SELECT *`` order."""
        order = self._orders.get(table)
        if order is None:
            self.columns(table)
            order = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]
            self._orders[table] = order
        return order

    def update(self, table: str, record_id: str, values: dict[str, Any],
               patch_fields: tuple[str, ...] = ()) -> dict[str, Any]:
        """Change fields of a record; journal only what really changed. Returns those changes.

        A field named in ``patch_fields`` holds a JSON object (a response's answers); its
        journal entry lists only the keys that changed, ``{"patch": {key: [old, new]}}``,
        so autosaving a long questionnaire every second does not copy it every time.
        """
        self._check_fields(table, values)
        with self.transaction():
            current = self.get(table, record_id)
            if current is None:
                raise WorkspaceError(N_("The record was not found. It may have been deleted."))
            changes: dict[str, Any] = {}
            for key, new in values.items():
                old = current[key]
                if old == new:
                    continue
                changes[key] = json_patch(old, new) if key in patch_fields else [old, new]
            if not changes:
                return {}
            hlc = self.clock.now()
            sets = ", ".join(f"{k} = ?" for k in changes)
            self.conn.execute(f"UPDATE {table} SET {sets}, hlc = ? WHERE id = ?",
                              (*(values[k] for k in changes), hlc, record_id))
            self._journal(hlc, table, record_id, "update", changes)
        return changes

    def delete(self, table: str, record_id: str) -> None:
        """Remove a record, keeping its last values in the journal so it can be restored."""
        with self.transaction():
            current = self.get(table, record_id)
            if current is None:
                return
            hlc = self.clock.now()
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
            self._journal(hlc, table, record_id, "delete",
                          {k: [v, None] for k, v in current.items()
                           if k not in ("id", "device_id", "hlc")})

    # -- reads ---------------------------------------------------------------------------

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        self.columns(table)
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone()
        return dict(row) if row else None

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = self.conn.execute(sql, tuple(params)).fetchone()
        return row[0] if row else None

    def history(self, table: str, record_id: str) -> list[dict[str, Any]]:
        """The record's journal entries in order, changes parsed; an insert's values are
        read back from the row (``journal_rows.materialize``)."""
        rows = self.query("SELECT * FROM journal WHERE table_name = ? AND record_id = ?"
                          " ORDER BY seq", (table, record_id))
        entries = [{**dict(r), "changes": json.loads(r["changes"])} for r in rows]
        if any(e["operation"] == "insert" and ROW_DIGEST in e["changes"] for e in entries):
            entries = materialize(entries, self.get(table, record_id), self._column_order(table),
                                  self._defaults.get(table) or self._column_defaults(table))
        return entries


# -- helpers for open() ---------------------------------------------------------------------

def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove_files(path: Path) -> None:
    for name in (path, wal_guard.wal_path(path), wal_guard.shm_path(path)):
        try:
            name.unlink()
        except OSError:
            pass

