"""Verify what a workspace holds, beyond SQLite's own structural check.

``PRAGMA integrity_check`` proves the file's pages fit together, not that what they hold
is intact: a few flipped bytes inside a stored answer leave a well-formed file with
invalid UTF-8 (which later crashes whatever reads it) or JSON that no longer parses.
``verify`` also checks that every stored text is valid UTF-8 and every JSON field
parses, that each record's current values equal the replay of its journal entries,
and that blobs and form definitions still match their SHA-256. Problems are returned as
data (``Problem``), translated when shown.

Reads go through the given connection with ``text_factory=bytes``, so damaged text is
found and reported instead of raising halfway through.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterator

from fieldkit.core.store import schema
from fieldkit.core.store.journal_values import column_defaults
from fieldkit.core.store.journal_rows import (IDENTITY, ROW_DIGEST, Inconsistent, digest_plan,
                                              first_values, is_digest_insert, row_digest)
from fieldkit.core.i18n import N_, translate
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback

JSON_COLUMNS = {"forms": ("definition",), "responses": ("answers", "source"),
                "import_batches": ("mapping", "counts"), "import_mappings": ("mapping",)}
BLOB_COLUMNS = {"attachments": ("data",)}
MAX_PROBLEMS = 200

STRUCTURE = N_("The file's structure is damaged: SQLite's own check found {count} problem(s).")
UNREADABLE = N_("Part of the file cannot be read at all; SQLite reports it damaged.")
BAD_TEXT = N_("{table} {record}: a stored text is not valid UTF-8 (damaged bytes).")
BAD_JSON = N_("{table} {record}: a stored JSON field does not parse.")
DIFFERS = N_("{table} {record}: its current values differ from its change history.")
NO_HISTORY = N_("{table} {record}: the record has no change history.")
MISSING = N_("{table} {record}: the record is missing, although its change history says it "
             "exists.")
BLOB_HASH = N_("{table} {record}: its content does not match its SHA-256 fingerprint.")
BAD_JOURNAL = N_("Change history entry {record} is damaged (not valid UTF-8 or JSON).")
BAD_META = N_("A workspace setting ({record}) is damaged (not valid UTF-8).")
FOREIGN_KEYS = N_("{count} record(s) refer to records that do not exist.")


@dataclass
class Problem:
    kind: str                 # structure, unreadable, utf8, json, journal, hash, missing, ...
    msgid: str
    table: str = ""
    record: str = ""
    column: str = ""
    count: int = 0
    detail: list[str] = field(default_factory=list)

    def message(self, language: str | None = None) -> str:
        from fieldkit.core.overview import TABLE_LABELS

        label = TABLE_LABELS.get(self.table)
        table = translate(label, language) if label else self.table
        return translate(self.msgid, language).format(table=table, record=self.record,
                                                      count=self.count)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "table": self.table, "record": self.record,
                "column": self.column, "message": self.message(),
                "message_en": self.message("en"), **({"detail": self.detail}
                                                    if self.detail else {})}


class _Found(list):
    """The problems found so far; stops counting details past MAX_PROBLEMS."""

    total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self) < MAX_PROBLEMS:
            self.append(problem)


def verify(conn: sqlite3.Connection, *, progress: ProgressCallback | None = None,
           cancel: CancelToken | None = None) -> tuple[list[Problem], int]:
    """All problems found (at most ``MAX_PROBLEMS`` listed) and their total count."""
    found = _Found()
    saved = conn.text_factory, conn.row_factory
    conn.text_factory, conn.row_factory = bytes, None
    try:
        structure = [r[0] for r in conn.execute("PRAGMA integrity_check(100)")]
        if structure != [b"ok"]:
            found.add(Problem("structure", STRUCTURE, count=len(structure),
                              detail=[_text(r) for r in structure[:20]]))
        fk = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        if fk:
            found.add(Problem("foreign_keys", FOREIGN_KEYS, count=fk))
        for key, in conn.execute("SELECT CAST(key AS BLOB) FROM meta"):
            if _decode(key) is None:
                found.add(Problem("utf8", BAD_META, table="meta", record=_text(key)))
        total = conn.execute("SELECT count(*) FROM journal").fetchone()[0]
        steps = Progress(max(total, 1), progress, cancel)
        done = 0
        for table in schema.SYNCED_TABLES:
            # fast pass with SQLite decoding text; where damaged text makes that raise,
            # the table again with raw bytes, to say which record holds it
            try:
                conn.text_factory = str
                part = _Found()
                done = _scan_table(conn, table, part, steps, done, raw=False)
            except sqlite3.OperationalError as exc:
                if "decode" not in str(exc).lower():
                    raise
                conn.text_factory = bytes
                part = _Found()
                done = _scan_table(conn, table, part, steps, done, raw=True)
            for problem in part:
                found.add(problem)
            found.total += part.total - len(part)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError):
            raise
        found.add(Problem("unreadable", UNREADABLE, detail=[str(exc)]))
    finally:
        conn.text_factory, conn.row_factory = saved
    return list(found), found.total


def _scan_table(conn, table: str, found: _Found, steps: Progress, done: int, *,
                raw: bool) -> int:
    """Walk the table and its journal entries side by side, both in id order (one pass
    each, no lookups), replaying each record's entries and comparing."""
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    columns = [r[1] if isinstance(r[1], str) else r[1].decode() for r in info]
    defaults = column_defaults(info)
    plan = digest_plan(columns, defaults)
    at = columns.index("id")
    journal = _journal_by_record(conn, table, found, raw)
    pending = next(journal, None)

    def history_only(record_id, entries) -> None:
        if _replay(entries) not in (None, "deleted"):
            found.add(Problem("missing", MISSING, table=table, record=_text(record_id)))

    for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
        record_id = row[at]
        while pending is not None and pending[0] < record_id:
            history_only(*pending)
            pending = next(journal, None)
        values = dict(zip(columns, row))
        name = _text(record_id)
        if pending is not None and pending[0] == record_id:
            done += len(pending[1])
            steps.step(done)
            replayed = _replay(pending[1])
            pending = next(journal, None)
            if replayed == "deleted":  # present, although its history ends deleted
                if _verify_row(table, name, values, None, found, raw):
                    found.add(Problem("journal", DIFFERS, table=table, record=name))
            elif isinstance(replayed, RowHistory):
                _verify_row(table, name, values, None, found, raw,
                            history=(replayed, plan))
            else:  # None: an entry this check cannot judge; the row is still checked
                _verify_row(table, name, values, replayed, found, raw, defaults=defaults)
            continue
        if _verify_row(table, name, values, None, found, raw):
            found.add(Problem("journal", NO_HISTORY, table=table, record=name))
    while pending is not None:
        history_only(*pending)
        pending = next(journal, None)
    return done


def _verify_row(table: str, record_id: str, raw: dict[str, Any], replayed: dict | None,
                found: _Found, decode: bool = False, history: tuple | None = None,
                defaults: dict[str, Any] | None = None) -> bool:
    """Check one row's text, JSON, hashes and (given a replay) journal. True if sound.
    A JSON field equal to its journal's replay is not parsed again: the journal holds what
    was written, so only a field that differs can be damaged."""
    blobs = BLOB_COLUMNS.get(table, ())
    values = raw
    if decode:  # read as raw bytes: damaged text shows here
        values = {}
        for column, value in raw.items():
            if isinstance(value, bytes) and column not in blobs:
                value = _decode(value)
                if value is None:
                    found.add(Problem("utf8", BAD_TEXT, table=table, record=record_id,
                                      column=column))
                    return False
            values[column] = value
    differs = []
    if history is not None:  # a row named by its digest: equal to it means as written
        rows, plan = history
        column = rows.differs(plan, values)
        if column is None:
            return True
        differs.append(column)  # the checks below may say more plainly what is damaged
    if replayed is not None:
        for column, expected in replayed.items():
            if column not in values:
                continue
            actual = values[column]
            if isinstance(expected, tuple):  # content named by its hash in the journal
                kind, digest = expected
                data = actual if kind == "blob" else (actual or "").encode()
                actual, expected = hashlib.sha256(data).hexdigest(), digest
            if actual != expected:
                differs.append(column)
        # a field the history never wrote holds its column's default (entries that copied
        # their values left defaults out); a constant default is checked, so a value
        # changed there is found too
        for column, default in (defaults or {}).items():
            if column in replayed or column in IDENTITY or column not in values:
                continue
            if type(default) in (str, int) and values[column] != default:
                differs.append(column)
    for column in JSON_COLUMNS.get(table, ()):
        text = values.get(column)
        if text and (replayed is None or column in differs or column not in replayed):
            try:
                json.loads(text)
            except ValueError:
                found.add(Problem("json", BAD_JSON, table=table, record=record_id,
                                  column=column))
                return False
    if table == "attachments" and isinstance(values.get("data"), bytes):
        if hashlib.sha256(values["data"]).hexdigest() != values.get("sha256"):
            found.add(Problem("hash", BLOB_HASH, table=table, record=record_id, column="data"))
            return False
    if table == "forms" and isinstance(values.get("definition"), str):
        if hashlib.sha256(values["definition"].encode()).hexdigest() != values.get("content_hash"):
            found.add(Problem("hash", BLOB_HASH, table=table, record=record_id,
                              column="definition"))
            return False
    if differs:
        found.add(Problem("journal", DIFFERS, table=table, record=record_id, column=differs[0]))
        return False
    return True


def _journal_by_record(conn, table: str, found: _Found, raw: bool) -> Iterator[tuple[Any, list]]:
    """Each record's journal entries in order (the journal_record index gives the order)."""
    rows = conn.execute("SELECT seq, record_id, operation, changes, hlc, device_id FROM journal"
                        " WHERE table_name = ? ORDER BY record_id, seq", (table,))
    current, entries = None, []
    loads = json.loads
    for seq, record_id, operation, changes, hlc, device in rows:
        if raw:
            text, hlc, device, operation = (_decode(changes), _decode(hlc), _decode(device),
                                            _text(operation))
        else:
            text = changes
        try:
            parsed = loads(text) if text is not None else None
        except ValueError:
            parsed = None
        if parsed is None or hlc is None or device is None or (raw and _decode(record_id) is None):
            found.add(Problem("journal", BAD_JOURNAL, table="journal", record=str(seq)))
            parsed = None
        if record_id != current and entries:
            yield current, entries
            entries = []
        current = record_id
        entries.append((operation, parsed, hlc, device))
    if entries:
        yield current, entries


def _replay(entries: list) -> dict | str | None:
    """The record's fields as its journal says they are now; "deleted"; or None when an
    entry is unreadable or in a shape this check does not know (then it is not judged)."""
    from fieldkit.core.store.workspace import apply_patch, journaled_value

    record: dict[str, Any] = {}
    for index, (operation, changes, hlc, device) in enumerate(entries):
        if changes is None or not isinstance(changes, dict):
            return None
        if operation == "delete":
            record = {}
            deleted = True
            continue
        deleted = False
        if is_digest_insert(operation, changes):
            last = len(entries) - 1
            if any(e[0] == "delete" for e in entries[index + 1:]):
                continue  # an earlier life, ended by a delete that kept its values
            if any(e[1] is None or not isinstance(e[1], dict) for e in entries[index + 1:]):
                return None
            return RowHistory(entries, index, entries[last][2])
        if not record:
            record["device_id"] = device
        for key, change in changes.items():
            if isinstance(change, dict) and "patch" in change:
                previous = record.get(key)
                try:
                    record[key] = apply_patch(previous, change)
                except (ValueError, TypeError, KeyError, AttributeError):
                    return None
            elif isinstance(change, list) and len(change) == 2:
                new = change[1]
                if isinstance(new, dict) and "blob_sha256" in new:
                    record[key] = ("blob", new["blob_sha256"])
                elif isinstance(new, dict) and "text_sha256" in new:
                    record[key] = ("text", new["text_sha256"])
                elif isinstance(new, dict) and "json" in new:  # answers embedded as an object
                    record[key] = journaled_value(new)
                else:
                    record[key] = new
            else:
                return None
        record["hlc"] = hlc
    return "deleted" if entries and deleted else record


@dataclass
class RowHistory:
    """A record's life since an insert that named its row by digest (``journal_rows``):
    checked by walking the row back through the updates since, to the digest."""
    entries: list
    index: int
    hlc: Any

    def differs(self, plan: list, values: dict[str, Any]) -> str | None:
        """None when the row agrees with its history; else the column that does not (""
        when only the digest shows it)."""
        if values.get("hlc") != self.hlc:
            return "hlc"
        entries = [{"operation": op, "changes": changes} for op, changes, _, _ in self.entries]
        try:
            state = first_values(entries, self.index, values)
        except Inconsistent as exc:
            return exc.column
        expected = entries[self.index]["changes"][ROW_DIGEST]
        if row_digest(plan, state) != expected:
            return ""
        return None


def _decode(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    try:
        return bytes(value).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)
