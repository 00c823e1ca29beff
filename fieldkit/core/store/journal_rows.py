"""An insert's journal entry names the row it wrote by a digest instead of copying it.

A record's values are stored once, in its table. The journal entry of an insert holds
``{"row_digest": D}``, where D fingerprints the row exactly as SQLite stored it; each later
update keeps the old and new value of every field it changed, and a delete keeps the last
values. So the values a record was created with are the row now, walked back through its
updates (``first_values``), and D proves the walk right: ``check`` recomputes it, and history
and sync read inserts through ``materialize`` as if the values had been copied.

Copying every inserted row into the journal made it the largest part of a workspace (40 %
of 255 MB at 100,000 responses in issue 10's trial), for no reader that could not get the
same values back this way. Entries written before this change (the values themselves,
``[null, value]`` per field) are still read and checked as they are.

The digest covers every column but the identity ones (id, device_id, hlc), leaving out
values equal to their column's default, so a column added by a later migration (holding its
default in old rows) does not change the digest of rows written before it. A migration that
rewrites values in a synced table without journaling them would; don't write one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable

from fieldkit.core.store.journal_values import _NO_DEFAULT, canonical_json

ROW_DIGEST = "row_digest"
IDENTITY = ("id", "device_id", "hlc")
_BLOBS = {bytes, bytearray, memoryview}

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def digest_plan(columns: list[str], defaults: dict[str, Any]) -> list[tuple[int, str, Any]]:
    """What ``row_digest`` reads of a table's rows: (position, column, default) of each
    non-identity column, by column name. Worked out once per table."""
    return sorted(((i, c, defaults.get(c, _NO_DEFAULT)) for i, c in enumerate(columns)
                   if c not in IDENTITY), key=lambda p: p[1])


def row_digest(plan: list[tuple[int, str, Any]], row: Any) -> str:
    """The fingerprint of a stored row (a tuple in ``SELECT *`` order, or a dict by column):
    its non-identity values that differ from their column's default, by column name."""
    pairs = []
    by_name = row.get if isinstance(row, dict) else None
    for position, column, default in plan:
        value = by_name(column) if by_name else row[position]
        if value == default and type(value) is type(default):
            continue
        pairs.append((column, value))
    return _fingerprint(pairs)


def _fingerprint(pairs: list[tuple[str, Any]]) -> str:
    """The digest of (column, value) pairs in column order; a blob counts by its SHA-256."""
    pairs = [(c, {"blob_sha256": hashlib.sha256(v).hexdigest()} if type(v) in _BLOBS else v)
             for c, v in pairs]
    return hashlib.blake2b(_ENCODE(pairs).encode("utf-8"), digest_size=16).hexdigest()


def _affinity(declared: str) -> str:
    """SQLite's column affinity for a declared type (its documented rules, in order)."""
    declared = (declared or "").upper()
    if "INT" in declared:
        return "integer"
    if any(word in declared for word in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if not declared or "BLOB" in declared:
        return "blob"
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "numeric"


# The Python types SQLite stores unchanged (and gives back as the same value) in a column of
# each affinity; anything else may be converted (3 into a TEXT column is read back as '3').
_KEPT = {"text": {str, bytes, type(None)},
         "integer": {int, bool, bytes, type(None)}, "numeric": {int, bool, bytes, type(None)},
         "real": {float, bytes, type(None)},
         "blob": {str, int, bool, float, bytes, type(None)}}


def values_plan(table_info: list[Any], given: tuple[str, ...], defaults: dict[str, Any]):
    """How to digest a row from the values an insert gives (``given`` columns, in order)
    without reading it back: (column, position, kept types, default) by column name; None
    when a column left out takes a default SQLite works out (a time, an expression), which
    only the stored row knows."""
    plan, at = [], {c: i for i, c in enumerate(given)}
    for row in table_info:
        column, declared = row[1], row[2]
        if column in IDENTITY:
            continue
        default = defaults.get(column, _NO_DEFAULT)
        if column not in at:
            if default is _NO_DEFAULT:
                return None
            continue  # stored as its default: left out of the digest
        plan.append((column, at[column], _KEPT[_affinity(declared)], default))
    plan.sort(key=lambda p: p[0])
    return plan


def values_digest(plan: list[tuple[str, int, set, Any]], values: tuple) -> str | None:
    """``row_digest`` of the row these values make, or None when one of them may be stored
    differently from how it was given (then the row is read back)."""
    pairs = []
    for column, position, kept, default in plan:
        value = values[position]
        kind = type(value)
        if kind not in kept:
            if not isinstance(value, str) or str not in kept:  # JsonText, ContentText
                return None
            value, kind = str(value), str
        if kind is bool:
            value, kind = int(value), int
        elif kind is float and value != value:  # NaN: SQLite stores NULL
            return None
        if value == default and kind is type(default):
            continue
        pairs.append((column, value))
    return _fingerprint(pairs)


def is_digest_insert(operation: str, changes: Any) -> bool:
    return operation == "insert" and isinstance(changes, dict) and ROW_DIGEST in changes


class Inconsistent(ValueError):
    """The row and its journal disagree: ``column`` names where, when it is known."""

    def __init__(self, column: str = "") -> None:
        super().__init__(column)
        self.column = column


def walk_back(state: dict[str, Any], changes: dict[str, Any]) -> None:
    """Undo one update entry on ``state`` (the record's values just after it), in place.
    Raises ``Inconsistent`` when a value is not what the entry says it changed it to."""
    for column, change in changes.items():
        if isinstance(change, dict) and "patch" in change:
            text = state.get(column)
            try:
                value = json.loads(text) if text else {}
            except (TypeError, ValueError):
                raise Inconsistent(column) from None
            if not isinstance(value, dict):
                raise Inconsistent(column)
            for key, pair in change["patch"].items():
                old, new = pair
                if value.get(key) != new:
                    raise Inconsistent(column)
                if old is None:
                    value.pop(key, None)
                else:
                    value[key] = old
            state[column] = canonical_json(value)
        elif isinstance(change, list) and len(change) == 2:
            if state.get(column) != change[1]:
                raise Inconsistent(column)
            state[column] = change[0]
        else:
            raise Inconsistent(column)


def first_values(entries: list[dict[str, Any]], index: int,
                 current: dict[str, Any] | None) -> dict[str, Any]:
    """The record's values just after the insert at ``entries[index]``: the state at the end
    of that life (the row now, or what the next delete kept) walked back through the updates
    in between. ``entries`` are the record's journal entries in order, changes parsed."""
    end = next((i for i in range(index + 1, len(entries))
                if entries[i]["operation"] in ("delete", "insert")), len(entries))
    if end < len(entries) and entries[end]["operation"] == "delete":
        state = {k: pair[0] for k, pair in entries[end]["changes"].items()}
    elif end == len(entries) and current is not None:
        state = dict(current)
    else:
        raise Inconsistent()
    for entry in reversed(entries[index + 1:end]):
        if entry["operation"] == "update":
            walk_back(state, entry["changes"])
    return state


def materialize(entries: list[dict[str, Any]], current: dict[str, Any] | None,
                columns: list[str], defaults: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries with each digest insert's changes filled in as ``{column: [None, value]}``
    (values equal to their default left out, blobs named by hash), the shape entries had
    when inserts copied their values. An insert whose values cannot be walked back to (a
    damaged workspace: ``check`` reports it) keeps its digest."""
    out = []
    for index, entry in enumerate(entries):
        changes = entry["changes"]
        if is_digest_insert(entry["operation"], changes):
            try:
                state = first_values(entries, index, current)
            except Inconsistent:
                state = None
            if state is not None and row_digest(
                    digest_plan(columns, defaults),
                    {c: state.get(c) for c in columns}) == changes[ROW_DIGEST]:
                entry = {**entry, "changes": _as_changes(state, defaults)}
        out.append(entry)
    return out


def _as_changes(state: dict[str, Any], defaults: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for column, value in state.items():
        if column in IDENTITY:
            continue
        default = defaults.get(column, _NO_DEFAULT)
        if type(value) is type(default) and value == default:
            continue
        if isinstance(value, (bytes, bytearray, memoryview)):
            value = {"blob_sha256": hashlib.sha256(value).hexdigest(), "size": len(value)}
        changes[column] = [None, value]
    return changes
