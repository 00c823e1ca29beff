"""Normalising the text people type into spreadsheets: full-width characters, stray
spaces, numbering such as “3、” or “Q3.”, trailing colons."""

from __future__ import annotations

import re
import unicodedata

_NUMBERING = re.compile(r"^\s*(?:Q|q|第)?\s*\d+(?:\.\d+)*\s*(?:[、.．:：)）]|题)\s*")
_TRAILING = re.compile(r"[\s:：*＊]+$")
_SPACES = re.compile(r"\s+")
_REQUIRED_MARK = re.compile(r"[（(](?:必填|必答|required|单选|多选|单选题|多选题)[)）]", re.IGNORECASE)

BLANKS = {"", "n/a", "na", "(跳过)", "（跳过）", "(空)", "（空）", "跳过", "空", "-", "—", "--",
          "null", "none", "#n/a", "(skipped)", "skipped"}


def fold(text: str) -> str:
    """Full-width to half-width (ＡＢＣ１２３ -> ABC123), collapse spaces, strip."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def header_key(text: str) -> str:
    """A header reduced to what identifies it: no numbering, marks, case or colon."""
    text = _NUMBERING.sub("", fold(text))
    for _ in range(2):  # "1、第1题 …": an export's own numbering before the question's
        stripped = _NUMBERING.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    text = _REQUIRED_MARK.sub("", text)
    text = _TRAILING.sub("", text)
    return text.lower()


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and fold(value).lower() in BLANKS
