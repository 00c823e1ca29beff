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

import bisect
import difflib
from typing import Iterable, NamedTuple, Sequence

Span = tuple[int, int]
# a changed middle larger than this (characters of the old side times the new side) is
# diffed by lines first, then by characters inside each changed block of lines; a block
# still that large, or beyond the whole diff's budget, is taken as replaced whole (its
# segments are reported lost): a save never waits minutes on a diff
_CHAR_DIFF_CELLS = 4_000_000
_CHAR_DIFF_BUDGET = 16_000_000


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
    return apply_disjoint_edits(spans, diff_edits(old, new))


def apply_disjoint_edits(spans: Sequence[Span], edits: Iterable[Edit]) -> list[Span | None]:
    """The same as ``apply_edits`` for edits that do not overlap and whose positions all
    count in the original text (what ``diff_edits`` returns), in one pass: each span looks
    only at the edits before it (a running sum) and those inside it."""
    ordered = sorted(Edit(*e) for e in edits)
    cut_ends = [pos + removed for pos, removed, _ in ordered]
    shifts = [0]
    for _, removed, inserted in ordered:
        shifts.append(shifts[-1] + inserted - removed)
    out: list[Span | None] = []
    for start, end in spans:
        before = bisect.bisect_right(cut_ends, start)
        shift = shifts[before]
        if start == end:
            inside = before < len(ordered) and ordered[before].position < start
            out.append(None if inside else (start + shift, end + shift))
            continue
        grow, lost = 0, False
        for k in range(before, len(ordered)):
            pos, removed, inserted = ordered[k]
            if pos >= end:
                break
            if removed:
                lost = True
                break
            grow += inserted
        out.append(None if lost else (start + shift, end + shift + grow))
    return out


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
                 by_lines: bool | None = None, budget: list[int] | None = None):
    """(i1, i2, j1, j2) of every changed block, in order: ``a[i1:i2]`` becomes
    ``b[j1:j2]``. Characters are compared with difflib while the work stays small (each
    block at most ``_CHAR_DIFF_CELLS``, all of them ``_CHAR_DIFF_BUDGET``); longer changes
    are matched by lines first; what is still too large is one replaced block."""
    budget = [_CHAR_DIFF_BUDGET] if budget is None else budget
    if not a or not b:
        yield (offset_a, offset_a + len(a), offset_b, offset_b + len(b))
        return
    cells = len(a) * len(b)
    if cells <= _CHAR_DIFF_CELLS and cells <= budget[0]:
        budget[0] -= cells
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                yield (offset_a + i1, offset_a + i2, offset_b + j1, offset_b + j2)
        return
    if by_lines is False:
        yield (offset_a, offset_a + len(a), offset_b, offset_b + len(b))
        return
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    starts_a, starts_b = _starts(lines_a), _starts(lines_b)
    for i1, i2, j1, j2 in _line_changes(lines_a, lines_b):
        ca, cb = a[starts_a[i1]:starts_a[i2]], b[starts_b[j1]:starts_b[j2]]
        yield from _diff_blocks(ca, cb, offset_a + starts_a[i1], offset_b + starts_b[j1],
                                by_lines=False, budget=budget)


def _line_changes(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """Changed ranges of lines (i1, i2, j1, j2), in order, by patience diff: lines that
    occur once on each side anchor the match (their longest increasing run), and the
    stretches between anchors are matched the same way. Stretches without such lines are
    matched by difflib when small, else taken as changed whole; the total work is capped."""
    out: list[tuple[int, int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    work = 0
    limit = 40 * (len(a) + len(b)) + 1000
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
        if alo == ahi and blo == bhi:
            continue
        work += (ahi - alo) + (bhi - blo)
        if alo == ahi or blo == bhi or work > limit:
            out.append((alo, ahi, blo, bhi))
            continue
        anchors = _unique_anchors(a, alo, ahi, b, blo, bhi)
        if not anchors:
            if (ahi - alo) * (bhi - blo) <= _CHAR_DIFF_CELLS:
                matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
                out.extend((alo + i1, alo + i2, blo + j1, blo + j2)
                           for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
            else:
                out.append((alo, ahi, blo, bhi))
            continue
        prev_i, prev_j = alo, blo
        for i, j in anchors:
            stack.append((prev_i, i, prev_j, j))
            prev_i, prev_j = i + 1, j + 1
        stack.append((prev_i, ahi, prev_j, bhi))
    out.sort()
    return out


def _unique_anchors(a, alo, ahi, b, blo, bhi) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines occurring exactly once in a[alo:ahi] and in b[blo:bhi], the
    longest run of them increasing on both sides (patience sorting)."""
    count_a: dict[str, int] = {}
    for i in range(alo, ahi):
        count_a[a[i]] = -1 if a[i] in count_a else i
    count_b: dict[str, int] = {}
    for j in range(blo, bhi):
        count_b[b[j]] = -1 if b[j] in count_b else j
    pairs = [(i, count_b[line]) for line, i in count_a.items()
             if i >= 0 and count_b.get(line, -1) >= 0]
    pairs.sort()
    # longest increasing subsequence of j, with back links
    tails: list[int] = []
    tail_index: list[int] = []
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[pos] = j
            tail_index[pos] = k
        back[k] = tail_index[pos - 1] if pos else -1
    run, k = [], tail_index[-1] if tail_index else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def _starts(lines: list[str]) -> list[int]:
    out, total = [0], 0
    for line in lines:
        total += len(line)
        out.append(total)
    return out


# -- editor positions ------------------------------------------------------------------------
# Qt's text widgets count UTF-16 code units; segments count code points. They differ only
# after a character outside the Basic Multilingual Plane (emoji, rare CJK extension B+).

def _has_astral(text: str) -> bool:
    return bool(text) and max(text) > "\uffff"


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset (a QTextCursor position) of code point ``index`` of ``text``."""
    if not _has_astral(text[:index]):
        return index
    return index + sum(1 for c in text[:index] if c > "\uffff")


def from_utf16(text: str, offset: int) -> int:
    """The code point index of UTF-16 ``offset`` in ``text`` (a position inside a surrogate
    pair counts as the character's start)."""
    if not _has_astral(text):
        return offset
    units = 0
    for index, c in enumerate(text):
        width = 2 if c > "\uffff" else 1
        if units + width > offset:
            return index
        units += width
    return len(text)
