"""The one translation layer for core messages, UI text and report text.

Source strings are English and double as message ids. Mark a string with ``tr(...)``
where it is shown, or with ``N_(...)`` where it is defined and translated later
(error classes, field labels). Catalogues live in ``resources/translations/<lang>.json``
as ``{english: translation}``, split into one file per area
(``zh_CN/core.json``, ``zh_CN/ui.json``, ...) and merged when loaded; ``tests/core/test_i18n.py`` fails when a marked string
has no zh_CN entry, so the catalogue can never fall behind the code.
"""

from __future__ import annotations

import json
import locale
import os
import threading

from fieldkit.core.paths import resource_path

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"

_lock = threading.Lock()
_catalogues: dict[str, dict[str, str]] = {}
_current = DEFAULT_LANGUAGE


def N_(msgid: str) -> str:
    """Mark a string for translation without translating it now."""
    return msgid


def load_catalogue(language: str) -> dict[str, str]:
    with _lock:
        if language not in _catalogues:
            if language == "en":
                _catalogues[language] = {}
            else:
                merged: dict[str, str] = {}
                folder = resource_path("translations", language)
                for path in sorted(folder.glob("*.json")):
                    with open(path, encoding="utf-8") as fh:
                        merged.update(json.load(fh))
                _catalogues[language] = merged
        return _catalogues[language]


def normalise_language(code: str | None) -> str:
    """Map a locale name such as ``zh_TW.UTF-8``, ``zh-Hans`` or ``en_GB`` to a supported language."""
    if not code:
        return DEFAULT_LANGUAGE
    code = code.strip().replace("-", "_").split(".")[0]
    if code.lower().startswith("zh"):
        return "zh_CN"
    if code.lower().startswith("en") or code in ("C", "POSIX"):
        return "en"
    return "en"


def system_language() -> str:
    """The language of this computer's locale: Chinese for any zh locale, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return normalise_language(value.split(":")[0])
    try:
        loc = locale.getlocale()[0]
    except ValueError:
        loc = None
    if not loc and os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        loc = locale.windows_locale.get(lang_id)
    return normalise_language(loc) if loc else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        language = normalise_language(language)
    load_catalogue(language)
    _current = language


def current_language() -> str:
    return _current


def translate(msgid: str, language: str | None = None) -> str:
    catalogue = load_catalogue(language or _current)
    return catalogue.get(msgid) or msgid


def tr(msgid: str, /, **params: object) -> str:
    """Translate ``msgid`` into the current language and fill ``{name}`` placeholders."""
    text = translate(msgid)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text
