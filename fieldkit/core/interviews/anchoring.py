"""Re-anchoring coded segments when a note's text changes. Pure functions, no database.

Positions are Python ``str`` indices (code points), from 0, end exclusive. A segment
``(start, end)`` *covers* the characters ``old[start:end]``.

An edit is a splice, ``Edit(position, removed, inserted)``: ``removed`` characters from
``position`` are replaced by ``inserted`` new ones (an insertion has ``removed == 0``, a
deletion ``inserted == 0``). The rule, applied edit by edit:

- **Lost**: a segment any of whose characters is removed (deleted or replaced) is lost.
  It is never shrunk or moved onto other text; the caller reports it. A lost segment is
  no longer tracked (its position stays where it was last good).
- **Shifted**: an edit that ends at or before the segment's first character
  (``position + removed <= start``) moves it by ``inserted - removed``. Text inserted
  exactly at ``start`` is before the segment, so it shifts, not grows.
- **Grown**: text inserted strictly inside (``start < position < end``, nothing removed)
  becomes part of the segment, which grows by ``inserted`` (as in QualCoder and Taguette:
  a word added inside a coded sentence is coded with it).
- **Unchanged**: an edit at or after the segment's end (``position >= end``).

So after any sequence of edits, a surviving segment covers *the same characters*: each
character it covered is still in the text, unchanged and in the same order, the first and
the last of them are the segment's new first and last characters, and the only other
characters between them are ones inserted strictly inside. Removing those inserted
characters from ``new[start:end]`` gives back exactly ``old[start:end]``.

When only the old and the new text are known (a whole text replaced), ``diff_edits``
finds the edits with a diff: common prefix and suffix first, then ``difflib`` by
characters (by lines first for long changes). A diff cannot know *which* of two equal
characters was removed ("aab" -> "ab"); it picks one, and the rule above applies to the
edits it found. An editor that knows its edits should pass them (``apply_edits``).
"""

from __future__ import annotations

import difflib
from typing import Iterable, NamedTuple, Sequence

Span = tuple[int, int]
# a changed middle larger than this (characters of the old side times the new side) is
# diffed by lines first, then by characters inside each changed block of lines; a block
# still that large is taken as replaced whole (its segments are reported lost)
_CHAR_DIFF_CELLS = 4_000_000


class Edit(NamedTuple):
    """Replace ``removed`` characters at ``position`` with ``inserted`` new ones."""
    position: int
    removed: int
    inserted: int


def apply_edit(spans: Sequence[Span | None], edit: Edit) -> list[Span | None]:
    """Each span after one edit: its new (start, end), or None when it is lost (spans
    already None stay None)."""
    pos, removed, inserted = edit
    cut_end = pos + removed
    delta = inserted - removed
    out: list[Span | None] = []
    for span in spans:
        if span is None:
            out.append(None)
            continue
        start, end = span
        if start == end:  # an empty span is a point; lost when text around it is removed
            if pos < start < cut_end:
                out.append(None)
            elif pos <= start and cut_end <= start:
                out.append((start + delta, end + delta))
            else:
                out.append(span)
            continue
        if removed and pos < end and cut_end > start:
            out.append(None)                       # one of its characters is removed
        elif cut_end <= start:
            out.append((start + delta, end + delta))  # before it (or at its start)
        elif pos >= end:
            out.append(span)                         # after it
        else:                                        # pure insertion strictly inside
            out.append((start, end + inserted))
    return out


def apply_edits(spans: Sequence[Span], edits: Iterable[Edit]) -> list[Span | None]:
    """Each span after the edits, applied in order (each edit's position counts in the
    text as the edits before it left it)."""
    current: list[Span | None] = [tuple(s) for s in spans]  # type: ignore[misc]
    for edit in edits:
        current = apply_edit(current, Edit(*edit))
    return current


def splice(text: str, edit: Edit, new_chars: str) -> str:
    """``text`` after ``edit``, with ``new_chars`` (``edit.inserted`` long) put in."""
    pos, removed, inserted = edit
    if len(new_chars) != inserted or pos < 0 or pos + removed > len(text):
        raise ValueError("the edit does not fit the text")
    return text[:pos] + new_chars + text[pos + removed:]


def diff_edits(old: str, new: str) -> list[Edit]:
    """Edits that turn ``old`` into ``new``, in the order to apply them (last first, so
    each position still counts in ``old``)."""
    prefix = _common_prefix(old, new)
    limit = min(len(old), len(new)) - prefix
    suffix = _common_suffix(old, new, limit)
    a, b = old[prefix:len(old) - suffix], new[prefix:len(new) - suffix]
    if not a and not b:
        return []
    blocks = list(_diff_blocks(a, b))
    edits = [Edit(prefix + i1, i2 - i1, j2 - j1) for i1, i2, j1, j2 in blocks]
    return edits[::-1]


def reanchor(old: str, new: str, spans: Sequence[Span]) -> list[Span | None]:
    """Each span's position in ``new``, or None when its text was removed (the rule in the
    module docstring, applied to the edits ``diff_edits`` finds)."""
    return apply_edits(spans, diff_edits(old, new))


def suggest(old: str, new: str, span: Span, edits: Iterable[Edit] | None = None) -> Span | None:
    """For a lost segment: the stretch of ``new`` that took the place of ``old[start:end]``
    (its surviving characters and whatever replaced the removed ones), to offer the user
    as where it could be put back; None when nothing is left there (all of it deleted)."""
    start, end = span
    for pos, removed, inserted in (diff_edits(old, new) if edits is None else edits):
        cut_end, delta = pos + removed, inserted - removed
        if start >= cut_end:
            start += delta
        elif start > pos:
            start = pos
        if end > pos:
            end = end + delta if end >= cut_end else pos + inserted
    return (start, end) if end > start else None


# -- the diff --------------------------------------------------------------------------------

def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n  # binary search on slices: C-speed comparisons on long texts
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _diff_blocks(a: str, b: str, offset_a: int = 0, offset_b: int = 0,
                 by_lines: bool | None = None):
    """(i1, i2, j1, j2) of every changed block, in order: ``a[i1:i2]`` becomes
    ``b[j1:j2]``."""
    if not a or not b or (len(a) * len(b) > _CHAR_DIFF_CELLS and by_lines is False):
        yield (offset_a, offset_a + len(a), offset_b, offset_b + len(b))
        return
    if len(a) * len(b) <= _CHAR_DIFF_CELLS:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                yield (offset_a + i1, offset_a + i2, offset_b + j1, offset_b + j2)
        return
    # long on both sides: match whole lines, then characters inside each changed block
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    starts_a, starts_b = _starts(lines_a), _starts(lines_b)
    matcher = difflib.SequenceMatcher(None, lines_a, lines_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ca, cb = a[starts_a[i1]:starts_a[i2]], b[starts_b[j1]:starts_b[j2]]
        yield from _diff_blocks(ca, cb, offset_a + starts_a[i1], offset_b + starts_b[j1],
                                by_lines=False)


def _starts(lines: list[str]) -> list[int]:
    out, total = [0], 0
    for line in lines:
        total += len(line)
        out.append(total)
    return out
