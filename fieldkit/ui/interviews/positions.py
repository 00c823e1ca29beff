"""Positions in a note's text: code points (the core) against UTF-16 units (Qt).

The core counts a segment's start and end in Unicode code points (Python ``str`` indices,
as REFI-QDA does). Qt's ``QTextCursor`` counts UTF-16 code units, in which a character
beyond the Basic Multilingual Plane (an emoji, a rare CJK ideograph such as 𠀀) takes two.
``TextPositions`` converts between the two for one text; it only looks at those wide
characters, so a note without any converts by returning the number it was given.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class TextPositions:
    def __init__(self, text: str) -> None:
        # code-point index of every character that takes two UTF-16 units
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # ... and the UTF-16 index at which each of them starts
        self._wide_u16 = [i + n for n, i in enumerate(self._wide)]
        self.length = len(text)

    def wide_utf16(self) -> list[int]:
        """The UTF-16 position of each character that takes two units, in order."""
        return list(self._wide_u16)

    def to_utf16(self, point: int) -> int:
        """The UTF-16 position of code point ``point`` (0 … len(text))."""
        return point + bisect_left(self._wide, point)

    def to_point(self, unit: int) -> int:
        """The code point at UTF-16 position ``unit``; a position in the middle of a wide
        character (between its two halves) counts as the character's start."""
        before = bisect_left(self._wide_u16, unit)       # wide characters starting before
        point = unit - before
        if before and self._wide_u16[before - 1] + 1 == unit:
            point = self._wide[before - 1]               # inside a surrogate pair
        return point

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_points(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 selection as code points; an end inside a wide character takes it whole."""
        first = self.to_point(start)
        last = self.to_point(end)
        i = bisect_right(self._wide_u16, end - 1) - 1
        if i >= 0 and self._wide_u16[i] + 1 == end:      # end splits a surrogate pair
            last = self._wide[i] + 1
        return first, last


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
