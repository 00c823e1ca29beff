"""Text as people type it, without the control characters a paste or a hostile file can
bring (NUL, BEL, ESC, vertical tab, form feed, DEL).

Such characters are invisible on screen, cannot be written to Word, Excel or QDPX files
(XML 1.0 has no place for them) and, printed to a terminal, ESC sequences recolour or
rewrite it. Tabs and line breaks (``\\n``, ``\\r``) are kept, and so is every printable
character, right-to-left marks included (Arabic and Uyghur names need them).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from fieldkit.core.i18n import N_, translate

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: object) -> str:
    """``text`` (None as "") with the control characters left out."""
    return _CONTROL.sub("", "" if text is None else str(text))


def without_controls_mapped(text: str) -> tuple[str, Callable[[int], int]]:
    """The cleaned text and a function taking a position in ``text`` to the same place in
    the cleaned text (positions inside removed characters go to the next kept one), so
    spans given on the original (a QDPX project's coded passages) still cover their words."""
    removed = [m.start() for m in _CONTROL.finditer(text)]
    if not removed:
        return text, lambda position: position
    import bisect

    def where(position: int) -> int:
        return position - bisect.bisect_left(removed, position)

    return _CONTROL.sub("", text), where


def joined(messages: Iterable[str], language: str | None = None) -> str:
    """Several problems in one message, separated as the language separates clauses (“；”
    in Chinese, “; ” in English); each but the last loses its own full stop."""
    separator = translate(N_("; "), language)
    parts = [m.rstrip() for m in messages]
    return separator.join([m.rstrip("。.") for m in parts[:-1]] + parts[-1:])
