"""Chinese line breaking for reportlab paragraphs (``wordWrap="CJK"``).

reportlab breaks CJK text between any two characters and lets at most one character that
must not start a line hang in the margin; its list is Japanese and misses the full-width
comma, the semicolon, the closing bracket and quotation marks Chinese uses. A printed
report must not start a line with ，。、；：？！）》” nor end one with （《“, and nothing may
hang outside a table cell. This module replaces reportlab's CJK splitter with one that
moves the break back (a character or two goes down to the next line) until both rules
hold; Latin words inside Chinese text still break at spaces.

``install()`` patches ``reportlab.platypus.paragraph.cjkFragSplit`` once per process;
``fonts.register_fonts`` calls it, so every report writer gets it.
"""

from __future__ import annotations

import unicodedata

from reportlab.platypus import paragraph as _paragraph

CANNOT_START = set("，。、；：？！）》」』】〕〗〉’”…—·%,.;:?!)]}〃々〜～"
                   "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
CANNOT_END = set("（《「『【〔〖〈‘“([{")
_FUZZ = 1e-6
_installed = False


def _width(u, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


def _break_at(U, start: int, end: int) -> int:
    """Where the line from ``start`` should end when ``U[end]`` no longer fits."""
    brk = end
    if ord(U[brk]) < 0x3000:   # inside a Latin word: back to a space or a Chinese character
        for j in range(brk, (start + brk) // 2, -1):
            if unicodedata.category(U[j - 1]) == "Zs" or ord(U[j - 1]) >= 0x3000:
                brk = j
                break
    k = brk
    while k > start + 1 and (U[k] in CANNOT_START or U[k - 1] in CANNOT_END) and brk - k < 6:
        k -= 1
    if U[k] not in CANNOT_START and U[k - 1] not in CANNOT_END:
        brk = k
    return max(brk, start + 1)


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """A drop-in for reportlab's ``cjkFragSplit`` that keeps Chinese punctuation rules."""
    U = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            U.extend([_paragraph.cjkU(t, f, encoding) for t in text])
        else:
            U.append(_paragraph.cjkU(text, f, encoding))
    lines = []
    i = start = 0
    used = 0.0
    max_width = maxWidths[0]
    while i < len(U):
        u = U[i]
        i += 1
        used += _width(u, max_width)
        line_break = hasattr(u.frag, "lineBreak")
        if (used > max_width + _FUZZ and used > 0) or line_break:
            if not line_break:
                i = _break_at(U, start, i - 1)
            used = sum(_width(U[k], max_width) for k in range(start, i))
            lines.append(_paragraph.makeCJKParaLine(U[start:i], max_width, used,
                                                    max_width - used, line_break, calcBounds))
            max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
            start = i
            used = 0.0
    if used > 0:
        lines.append(_paragraph.makeCJKParaLine(U[start:], max_width, used, max_width - used,
                                                False, calcBounds))
    return _paragraph.ParaLines(kind=1, lines=lines)


def word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    """A drop-in for reportlab's ``wordSplit`` (one font in the paragraph):
    ``[[extra_space, line], ...]``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(word, bytes):
        word = word.decode(encoding)
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    widths = [stringWidth(ch, fontName, fontSize) for ch in word]
    lines = []
    i = start = 0
    used = 0.0
    max_width = maxWidths[0]
    while i < len(word):
        used += widths[i]
        i += 1
        if used > max_width + _FUZZ:
            i = _break_at(word, start, i - 1)
            used = sum(widths[start:i])
            lines.append([max_width - used, word[start:i]])
            max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
            start = i
            used = 0.0
    if start < len(word):
        lines.append([max_width - used, word[start:]])
    return lines


def install() -> None:
    global _installed
    if not _installed:
        _paragraph.cjkFragSplit = cjk_frag_split
        _paragraph.wordSplit = word_split
        _installed = True
