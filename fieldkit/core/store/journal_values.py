"""How field values are written into the journal and read back from it.

A journal entry holds what a person changed, once. Large immutable content is named by its
SHA-256 (``ContentText``, blobs); a JSON object field (a response's answers) is embedded as
its object (``JsonText``) rather than as a string of escaped JSON; JSON object fields are
written one canonical way so a patch replays to identical text. ``workspace.py`` writes
entries with these; replay, ``check`` and sync read them back with ``journaled_value`` and
``apply_patch``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


class ContentText(str):
    """A text field value that the journal names by its SHA-256 (``sha256``) instead of
    copying: a 1,000-question form's definition is 200 KB, and copying it would double what
    storing a form writes. Stored in the table like any other text."""

    sha256: str

    def __new__(cls, text: str, sha256: str) -> "ContentText":
        value = super().__new__(cls, text)
        value.sha256 = sha256
        return value


class JsonText(str):
    """The canonical JSON text of an object field (a response's answers), carrying the object
    itself: the journal embeds the object as ``{"json": ...}`` instead of a string of escaped
    JSON, and replay rebuilds the text with ``canonical_json``. Make it with ``json_text``."""

    value: Any

    def __new__(cls, text: str, value: Any) -> "JsonText":
        made = super().__new__(cls, text)
        made.value = value
        return made


def json_patch(old: str | None, new: str) -> dict[str, Any]:
    """The keys of two JSON objects that differ, as ``{"patch": {key: [old, new]}}``."""
    before = json.loads(old) if old else {}
    after = json.loads(new) if new else {}
    return {"patch": {k: [before.get(k), after.get(k)] for k in before.keys() | after.keys()
                      if before.get(k) != after.get(k)}}


_NO_DEFAULT = object()


def column_defaults(table_info: list[Any]) -> dict[str, Any]:
    """Each column's default as a Python value (None for NULL; ``_NO_DEFAULT`` for an
    expression), from ``PRAGMA table_info`` rows (read as text or as bytes)."""
    defaults: dict[str, Any] = {}
    for row in table_info:
        name, text = row[1], row[4]
        name = name.decode() if isinstance(name, bytes) else name
        text = text.decode() if isinstance(text, bytes) else text
        if text is None or text.upper() == "NULL":
            defaults[name] = None
        elif text[:1] == "'" and text[-1:] == "'":
            defaults[name] = text[1:-1].replace("''", "'")
        else:
            try:
                defaults[name] = int(text)
            except ValueError:
                defaults[name] = _NO_DEFAULT
    return defaults


def _journal_value(value: Any) -> Any:
    """Blobs (attachments) and ``ContentText`` are named by their content hash in the
    journal, not copied; ``JsonText`` is embedded as its object."""
    if type(value) is JsonText:
        return {"json": value.value}
    if type(value) is ContentText:
        return {"text_sha256": value.sha256, "size": len(value)}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"blob_sha256": hashlib.sha256(value).hexdigest(), "size": len(value)}
    return value


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def canonical_json(value: Any) -> str:
    """The one way JSON object fields are written, so a patch replays to identical text."""
    return _CANONICAL(value)


def json_text(value: Any) -> JsonText:
    """``canonical_json(value)``, marked so that the journal embeds the object itself."""
    return JsonText(_CANONICAL(value), value)


def journaled_value(new: Any) -> Any:
    """The column value a journal entry's new value stands for (what replay writes): the
    canonical text of an embedded object, the hash of a blob or of a content text."""
    if isinstance(new, dict):
        if "json" in new:
            return canonical_json(new["json"])
        if "blob_sha256" in new:
            return new["blob_sha256"]
        if "text_sha256" in new:
            return new["text_sha256"]
    return new


def apply_patch(old: str | None, patch: dict[str, Any]) -> str:
    """Rebuild a JSON object field from its previous value and a journal patch."""
    value = json.loads(old) if old else {}
    for key, (_, new) in patch["patch"].items():
        if new is None:
            value.pop(key, None)
        else:
            value[key] = new
    return canonical_json(value)
