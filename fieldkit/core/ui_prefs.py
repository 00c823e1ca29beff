"""Small remembered choices of the desktop screens (which columns the responses browser
shows for each form, ...), kept apart from the settings proper.

Stored as ``ui_prefs.json`` next to ``settings.json`` in the user's config folder and
written atomically, like the settings, so a power cut cannot leave it half-written. A
missing or damaged file simply means: no remembered choices.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from fieldkit.core.paths import config_dir

_lock = threading.Lock()


def prefs_path() -> Path:
    return config_dir() / "ui_prefs.json"


def load() -> dict[str, Any]:
    try:
        data = json.loads(prefs_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(data: dict[str, Any]) -> None:
    from fieldkit.core.settings import write_json_atomically

    write_json_atomically(prefs_path(), data)


def get(section: str, key: str, default: Any = None) -> Any:
    """``ui_prefs[section][key]``, or ``default``."""
    value = load().get(section)
    if not isinstance(value, dict):
        return default
    return value.get(key, default)


def put(section: str, key: str, value: Any) -> None:
    """Remember ``value`` as ``ui_prefs[section][key]`` (read-modify-write under a lock).
    A read-only profile loses the choice for this run only."""
    with _lock:
        data = load()
        entry = data.get(section)
        if not isinstance(entry, dict):
            entry = data[section] = {}
        entry[key] = value
        try:
            save(data)
        except OSError:
            pass


def response_columns(form_id: str) -> list[str] | None:
    """The columns chosen for ``form_id`` in the responses browser (None: not chosen yet)."""
    value = get("response_columns", form_id)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def set_response_columns(form_id: str, keys: list[str]) -> None:
    put("response_columns", form_id, list(keys))
