"""Responses as an SQLite analysis database (opens in Datasette, DB Browser, pandas, R).

- one table per form (named by its form_id) and one per repeat (``<form>__<repeat>``),
  each row keyed by ``_id``; a repeat's rows name their parent with ``_parent_id`` and
  their response with ``_response_id`` (foreign keys, checked before the file is kept);
- values are the stored codes (numbers as numbers); a select_multiple question is its
  codes as stored, plus one 0/1 column per option (``needs__rest``);
- ``labels``: every column's label; ``value_labels``: every option's label;
- ``<form>_labelled``: a view of the responses with labels instead of codes;
- ``export_info``: what was exported, with which filter, and whether personal data is in.

Written with the standard library's sqlite3 (no run-time dependency for a dozen
statements), into a file beside the target that is renamed when complete.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from pathlib import Path
from typing import Iterable

from fieldkit.core.exports.about import About
from fieldkit.core.exports.layout import (NUMBER, OPTION, RANKED, SELECT_MULTIPLE,
                                          SELECT_ONE, Column, Layout, Table)
from fieldkit.core.i18n import tr
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES
from fieldkit.core.spreadsheet_out import write_atomically
from fieldkit.core.store.faults import sqlite_kind

_BATCH = 500


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_name(layout: Layout, table: Table) -> str:
    base = re.sub(r"\W", "_", layout.form_id) or "responses"
    return base if not table.key else f"{base}__{re.sub(r'[^0-9A-Za-z_]', '_', table.key)}"


def column_name(column: Column) -> str:
    return column.key.replace("/", "__")


def _type(column: Column) -> str:
    if column.kind == OPTION or column.key in ("_revision", "_index", "_import_row"):
        return "INTEGER"
    if column.kind == NUMBER:
        return "NUMERIC"
    return "TEXT"


def _create(layout: Layout, table: Table) -> str:
    parts = []
    for column in table.columns:
        spec = f"{quote(column_name(column))} {_type(column)}"
        if column.key == "_id":
            spec += " PRIMARY KEY NOT NULL"
        parts.append(spec)
    if table.key:
        parent = layout.table(table.parent) if table.parent else layout.tables[0]
        parts.append(f"FOREIGN KEY (_parent_id) REFERENCES {quote(table_name(layout, parent))}"
                     " (_id)")
        parts.append(f"FOREIGN KEY (_response_id) REFERENCES "
                     f"{quote(table_name(layout, layout.tables[0]))} (_id)")
    return f"CREATE TABLE {quote(table_name(layout, table))} ({', '.join(parts)})"


def _labelled_view(layout: Layout) -> str:
    table = layout.tables[0]
    selects = []
    for column in table.columns:
        name = quote(column_name(column))
        if column.kind == SELECT_ONE or column.key in ("_status", "_review"):
            question = column.question or column.key
            selects.append(
                f"COALESCE((SELECT v.label FROM value_labels v WHERE v.question = "
                f"'{_sql_text(question)}' AND v.value = t.{name}), t.{name}) AS {name}")
        elif column.kind in (SELECT_MULTIPLE, RANKED):
            selects.append(
                f"(SELECT group_concat(label, ', ') FROM (SELECT v.label FROM value_labels v "
                f"WHERE v.question = '{_sql_text(column.question)}' AND instr(' ' || t.{name} "
                f"|| ' ', ' ' || v.value || ' ') > 0 ORDER BY v.position)) AS {name}")
        else:
            selects.append(f"t.{name}")
    return (f"CREATE VIEW {quote(table_name(layout, table) + '_labelled')} AS SELECT "
            + ", ".join(selects) + f" FROM {quote(table_name(layout, table))} t")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def write_sqlite(layout: Layout, stream: Iterable, target: str | Path, about: About) -> Path:
    """Write the analysis database to ``target`` (replacing a file there when complete)."""

    def write(temp: str) -> None:
        db = sqlite3.connect(temp)
        try:
            _fill(db, layout, stream, about)
        except sqlite3.Error as exc:
            # the analysis file's disk is full or gone: said of that file (SQLite's error
            # would otherwise read as the workspace's own disk being full)
            code = {"full": errno.ENOSPC, "io": errno.EIO,
                    "readonly": errno.EROFS}.get(sqlite_kind(exc) or "")
            if code is None:
                raise
            raise OSError(code, os.strerror(code)) from None
        finally:
            db.close()

    return write_atomically(target, write)


def _fill(db: sqlite3.Connection, layout: Layout, stream: Iterable, about: About) -> None:
    db.execute("PRAGMA journal_mode = OFF")   # a new file, kept only once complete
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    db.execute("CREATE TABLE export_info (position INTEGER PRIMARY KEY, item TEXT NOT NULL,"
               " value TEXT NOT NULL)")
    db.execute("CREATE TABLE labels (table_name TEXT NOT NULL, column_name TEXT NOT NULL,"
               " question TEXT, option TEXT, label TEXT NOT NULL, kind TEXT NOT NULL,"
               " personal INTEGER NOT NULL, PRIMARY KEY (table_name, column_name))")
    db.execute("CREATE TABLE value_labels (question TEXT NOT NULL, value TEXT NOT NULL,"
               " label TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (question, value))")
    inserts = {}
    for table in layout.tables:
        db.execute(_create(layout, table))
        name = table_name(layout, table)
        # The export's own new database, not the workspace (whose synced tables only
        # Workspace writes, journaled: tests/core/test_journal.py looks for such SQL).
        inserts[table.key] = ("INSERT INTO " + quote(name) + " VALUES "
                              f"({', '.join('?' * len(table.columns))})")
        db.executemany("INSERT INTO labels VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (name, column_name(c), c.question or None, c.option or None, c.label, c.kind,
             int(c.personal)) for c in table.columns])
        for column in table.columns:
            if column.kind in (SELECT_ONE, SELECT_MULTIPLE, RANKED):
                db.executemany("INSERT OR IGNORE INTO value_labels VALUES (?, ?, ?, ?)", [
                    (column.question, code, label, position)
                    for position, (code, label) in enumerate(column.choices.items())])
    for key, known in (("_status", STATUSES), ("_review", REVIEW_STATES)):
        db.executemany("INSERT INTO value_labels VALUES (?, ?, ?, ?)",
                       [(key, code, tr(label), n) for n, (code, label) in enumerate(known)])
    db.execute(_labelled_view(layout))
    pending: dict[str, list] = {t.key: [] for t in layout.tables}
    counts = dict.fromkeys(pending, 0)
    main = pending[""]
    for row, repeats in stream:
        main.append(row)
        for key, values in repeats:
            pending[key].append(values)
        if len(main) >= _BATCH:
            _flush(db, inserts, pending, counts)
    _flush(db, inserts, pending, counts)
    about.counts.update(counts)
    db.executemany("INSERT INTO export_info VALUES (?, ?, ?)",
                   [(n, item, value) for n, (item, value) in enumerate(about.lines(), 1)])
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # a bug, never the user's data: say so rather than keep a broken file
        raise RuntimeError(f"export database has broken links: {problems[:3]}")
    db.execute("COMMIT")


def _flush(db, inserts: dict, pending: dict, counts: dict) -> None:
    for key, rows in pending.items():  # parents first: the tables are in that order
        if rows:
            db.executemany(inserts[key], rows)
            counts[key] += len(rows)
            rows.clear()

