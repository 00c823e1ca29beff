"""Finding the header in a survey sheet: title rows above it, one or two header rows
(a merged question header over per-option sub-headers), blank rows and columns."""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.core.importing.text import fold, header_key

SCAN_ROWS = 15


@dataclass
class HeaderInfo:
    header_rows: list[int]       # 0-based indices into the sheet's rows
    data_start: int              # first data row index
    columns: list[str]           # one header text per column ("" for a blank column)
    sub_headers: list[str]       # second-row text per column ("" when one header row)


def _texts(row: list) -> list[str]:
    """Cell texts as written (trimmed); matching folds them itself."""
    return ["" if v is None or not str(v).strip() else str(v).strip() for v in row]


def _is_number(text: str) -> bool:
    try:
        float(fold(text))
        return True
    except ValueError:
        return False


def detect_header(rows: list[list], known_keys: set[str]) -> HeaderInfo:
    """Pick the header row: many non-blank, mostly non-numeric cells, matching the form's
    question names and labels; skip title rows; detect a second (option) header row."""
    width = max((len(r) for r in rows[:SCAN_ROWS]), default=0)
    best, best_score = 0, (-1, -1)
    filled = [sum(1 for t in _texts(r) if t) for r in rows[:SCAN_ROWS]]
    widest = max(filled, default=0)
    for index, row in enumerate(rows[:SCAN_ROWS]):
        texts = [t for t in _texts(row) if t]
        if len(texts) < max(1, widest // 2):
            continue  # a title row, a note, or a blank row
        matches = sum(1 for t in texts if header_key(t) in known_keys)
        wordy = sum(1 for t in texts if not _is_number(t))
        score = (matches, wordy)
        if score > best_score:
            best, best_score = index, score
    top = _texts(rows[best]) + [""] * (width - len(rows[best])) if rows else []
    header_rows, sub = [best], [""] * len(top)
    if best + 1 < len(rows):
        below = _texts(rows[best + 1]) + [""] * (width - len(rows[best + 1]))
        gaps = [i for i, t in enumerate(top) if not t and below[i]]
        below_matches = sum(1 for t in below if t and header_key(t) in known_keys)
        numeric_below = sum(1 for t in below if t and _is_number(t))
        if gaps and numeric_below <= len([t for t in below if t]) // 3 and \
                below_matches + len(gaps) >= 1 and _looks_like_subheader(top, below):
            header_rows.append(best + 1)
            sub = below
            top = _forward_fill(top, below)
    return HeaderInfo(header_rows, header_rows[-1] + 1, top, sub)


def _looks_like_subheader(top: list[str], below: list[str]) -> bool:
    """A second header row sits under a merged cell: blanks in the top row that the row
    below fills, right after a non-blank top cell."""
    for i, text in enumerate(top):
        if not text and below[i] and i > 0 and any(top[j] for j in range(i)):
            return True
    return False


def _forward_fill(top: list[str], below: list[str]) -> list[str]:
    """A merged header spans the blank cells to its right while the row below has text."""
    filled, current = [], ""
    for text, sub in zip(top, below):
        if text:
            current = text
            filled.append(text)
        elif sub and current:
            filled.append(current)
        else:
            current = ""
            filled.append("")
    return filled
