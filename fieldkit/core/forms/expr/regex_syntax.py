"""Parse Java-style regular expressions (the subset ODK forms use) into a small tree.

Tree nodes are tuples: ``('char', test)`` with ``test(ch) -> bool``, ``('literal', ch)``,
``('assert', kind)`` for ^ $ \\b \\B \\A \\z \\Z, ``('seq', items)``, ``('alt', seqs)`` and
``('rep', node, min, max_or_None)``. Anything that needs backtracking (backreferences,
lookaround, atomic groups, possessive quantifiers, inline flags) is refused by name.
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from fieldkit.core.i18n import N_

from .errors import EvaluationError

MAX_REPEAT = 1_000
MAX_GROUP_DEPTH = 50
LINE_END = "\n\r\u0085\u2028\u2029"
_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


_CLASSES: dict[str, Callable[[str], bool]] = {
    "d": lambda c: "0" <= c <= "9",
    "w": lambda c: c.isascii() and (c.isalnum() or c == "_"),
    "s": lambda c: c in " \t\n\x0b\f\r",
}
_PROPERTIES: dict[str, Callable[[str], bool]] = {
    "L": lambda c: unicodedata.category(c)[0] == "L",
    "Lu": lambda c: unicodedata.category(c) == "Lu",
    "Ll": lambda c: unicodedata.category(c) == "Ll",
    "N": lambda c: unicodedata.category(c)[0] == "N",
    "Nd": lambda c: unicodedata.category(c) == "Nd",
    "P": lambda c: unicodedata.category(c)[0] == "P",
    "Han": lambda c: any(lo <= ord(c) <= hi for lo, hi in _HAN),
}
_PROPERTIES["IsHan"] = _PROPERTIES["Han"]
_SIMPLE_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}


class PatternParser:
    """Pattern text -> tree of tuples: ('char', test) ('assert', kind) ('seq', items)
    ('alt', seqs) ('rep', node, min, max|None)."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.depth = 0

    def error(self, at: int | None = None) -> EvaluationError:
        return EvaluationError(N_("Invalid regular expression '{pattern}' at character {at}"),
                               pattern=self.p, at=(self.i if at is None else at) + 1)

    def unsupported(self, feature: str) -> EvaluationError:
        return EvaluationError(N_("The regular expression '{pattern}' uses '{feature}', which is not supported"),
                               pattern=self.p, feature=feature)

    def parse(self) -> tuple:
        node = self.alternation()
        if self.i < len(self.p):
            raise self.error()  # an unmatched ')'
        return node

    def alternation(self) -> tuple:
        seqs = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            seqs.append(self.sequence())
        return seqs[0] if len(seqs) == 1 else ("alt", seqs)

    def sequence(self) -> tuple:
        items: list[tuple] = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            start = self.i
            atom = self.atom()
            items.append(self.quantified(atom, start))
        return ("seq", items)

    def quantified(self, atom: tuple, start: int) -> tuple:
        p = self.p
        while self.i < len(p) and p[self.i] in "*+?{":
            ch = p[self.i]
            if ch == "{":
                low, high = self.bounds()
            else:
                self.i += 1
                low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[ch]
            if self.i < len(p) and p[self.i] == "?":
                self.i += 1  # lazy: same yes/no answer
            elif self.i < len(p) and p[self.i] == "+":
                raise self.unsupported(p[start:self.i + 1])  # possessive
            atom = ("rep", atom, low, high)
        return atom

    def bounds(self) -> tuple[int, int | None]:
        p, start = self.p, self.i
        end = p.find("}", start)
        body = p[start + 1:end] if end > 0 else ""
        low_text, comma, high_text = body.partition(",")
        if end < 0 or not low_text.isdigit() or (high_text and not high_text.isdigit()):
            raise self.error(start)
        low = int(low_text)
        high = (int(high_text) if high_text else None) if comma else low
        if low > MAX_REPEAT or (high is not None and high > MAX_REPEAT):
            raise too_complex(self.p)
        if high is not None and high < low:
            raise self.error(start)
        self.i = end + 1
        return low, high

    def atom(self) -> tuple:
        p = self.p
        ch = p[self.i]
        if ch == "(":
            return self.group()
        if ch == "[":
            return ("char", self.char_class())
        if ch in "*+?{":
            raise self.error()  # nothing to repeat
        self.i += 1
        if ch == ".":
            return ("char", lambda c: c not in LINE_END)
        if ch == "^":
            return ("assert", "bol")
        if ch == "$":
            return ("assert", "eol")
        if ch == "\\":
            return self.escape(in_class=False)
        return ("char", ch.__eq__)

    def group(self) -> tuple:
        p, start = self.p, self.i
        self.i += 1
        if p.startswith("?:", self.i):
            self.i += 2
        elif p.startswith("?<", self.i) and self.i + 2 < len(p) and p[self.i + 2] not in "=!":
            end = p.find(">", self.i)
            if end < 0:
                raise self.error(start)
            self.i = end + 1  # named group: the name does not matter for yes/no
        elif p.startswith("?", self.i):  # lookaround, atomic groups, inline flags
            raise self.unsupported(p[start:start + (4 if p.startswith(("?<=", "?<!"), self.i) else 3)])
        self.depth += 1
        if self.depth > MAX_GROUP_DEPTH:
            raise too_complex(self.p)
        node = self.alternation()
        self.depth -= 1
        if self.i >= len(p) or p[self.i] != ")":
            raise self.error(start)
        self.i += 1
        return node

    def escape(self, in_class: bool) -> tuple:
        """After a backslash. Returns ('char', test), ('assert', kind) or ('literal', ch) in classes."""
        p, start = self.p, self.i - 1
        if self.i >= len(p):
            raise self.error(start)
        ch = p[self.i]
        self.i += 1
        if ch.lower() in _CLASSES:
            test = _CLASSES[ch.lower()]
            return ("char", test if ch.islower() else (lambda c, t=test: not t(c)))
        if ch in "pP":
            if not p.startswith("{", self.i) or p.find("}", self.i) < 0:
                raise self.error(start)
            end = p.find("}", self.i)
            name = p[self.i + 1:end]
            self.i = end + 1
            test = _PROPERTIES.get(name)
            if test is None:
                raise self.unsupported(p[start:self.i])
            return ("char", test if ch == "p" else (lambda c, t=test: not t(c)))
        if not in_class and ch in "bBAzZ":
            return ("assert", {"b": "word", "B": "nonword", "A": "bol", "z": "eos", "Z": "eol"}[ch])
        if ch in _SIMPLE_ESCAPES:
            return ("literal", _SIMPLE_ESCAPES[ch])
        if ch in "xu":
            if ch == "x" and p.startswith("{", self.i):
                end = p.find("}", self.i)
                digits, self.i = p[self.i + 1:end if end > 0 else self.i], (end + 1 if end > 0 else self.i)
            else:
                width = 2 if ch == "x" else 4
                digits = p[self.i:self.i + width]
                self.i += width
                if len(digits) != width:
                    raise self.error(start)
            try:
                return ("literal", chr(int(digits, 16)))
            except (ValueError, OverflowError):
                raise self.error(start) from None
        if ch == "0":
            end = self.i
            while end < len(p) and end < self.i + 3 and p[end] in "01234567":
                end += 1
            digits, self.i = p[self.i:end], end
            return ("literal", chr(int(digits or "0", 8)))
        if ch.isdigit() or ch == "k":
            raise self.unsupported(p[start:self.i])  # backreference
        if ch == "Q":
            end = p.find("\\E", self.i)
            end = len(p) if end < 0 else end
            text, self.i = p[self.i:end], min(len(p), end + 2)
            if in_class:
                raise self.unsupported("\\Q")
            return ("seq", [("char", c.__eq__) for c in text])
        if ch.isalnum():
            raise self.error(start)
        return ("literal", ch)

    def char_class(self) -> Callable[[str], bool]:
        p, start = self.p, self.i
        self.i += 1
        negate = self.i < len(p) and p[self.i] == "^"
        if negate:
            self.i += 1
        ranges: list[tuple[int, int]] = []
        tests: list[Callable[[str], bool]] = []
        first = True
        while True:
            if self.i >= len(p):
                raise self.error(start)
            ch = p[self.i]
            if ch == "]" and not first:
                self.i += 1
                break
            first = False
            if ch == "[" or p.startswith("&&", self.i):
                raise self.unsupported(p[self.i:self.i + 2])  # nested classes, intersections
            low = self._class_char()
            if low is None:
                continue
            if isinstance(low, str) and p.startswith("-", self.i) and self.i + 1 < len(p) and p[self.i + 1] != "]":
                self.i += 1
                high = self._class_char()
                if not isinstance(high, str) or ord(high) < ord(low):
                    raise self.error(start)
                ranges.append((ord(low), ord(high)))
            elif isinstance(low, str):
                ranges.append((ord(low), ord(low)))
            else:
                tests.append(low)
        return _make_class(ranges, tests, negate)

    def _class_char(self):
        """One member of a class: a character, or a test for \\d, \\w, \\p{..} inside brackets."""
        ch = self.p[self.i]
        self.i += 1
        if ch != "\\":
            return ch
        kind, value = self.escape(in_class=True)
        if kind == "literal":
            return value
        return value  # a test


def _make_class(ranges: list[tuple[int, int]], tests: list[Callable[[str], bool]], negate: bool):
    if not tests and sum(hi - lo + 1 for lo, hi in ranges) <= 512:
        members = frozenset(chr(o) for lo, hi in ranges for o in range(lo, hi + 1))
        return (lambda c: c not in members) if negate else members.__contains__

    def test(c: str) -> bool:
        o = ord(c)
        hit = any(lo <= o <= hi for lo, hi in ranges) or any(t(c) for t in tests)
        return hit != negate
    return test


def too_complex(pattern: str) -> EvaluationError:
    return EvaluationError(N_("The regular expression '{pattern}' is too long or too complex"), pattern=pattern)
