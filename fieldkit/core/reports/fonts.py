"""The fonts reports are printed in, registered with reportlab once per process.

Chinese official documents set body text in a Song (Ming) face and headings in a bold
sans (黑体). Both fonts ship in ``resources/fonts`` with their licences and have TrueType
(glyf) outlines, which reportlab embeds as a subset of the characters used, so the PDF
prints the same on a machine with no Chinese fonts at all:

- AR PL UMing CN (``uming.ttc``, face 0; Arphic Public License), for body text and tables;
- Droid Sans Fallback (``DroidSansFallbackFull.ttf``; Apache-2.0), for headings. It has no
  Latin letters or digits, so headings set those in DejaVu Sans Bold
  (``DejaVuSans-Bold.ttf``; Bitstream Vera licence): ``markup`` switches font per run.
- UMing's Latin letters and digits are typewriter-like, so runs of Latin text and numbers
  in body text are set in DejaVu Serif (``DejaVuSerif.ttf``, same licence), as Chinese
  documents set Latin text and figures in a roman face.
"""

from __future__ import annotations

import re
import threading
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fieldkit.core.paths import resource_path

SONG = "FieldkitSong"
HEI = "FieldkitHei"
LATIN_BOLD = "FieldkitLatinBold"
LATIN = "FieldkitLatin"
FILES = {SONG: ("uming.ttc", 0), HEI: ("DroidSansFallbackFull.ttf", 0),
         LATIN_BOLD: ("DejaVuSans-Bold.ttf", 0), LATIN: ("DejaVuSerif.ttf", 0)}
PARTNER = {SONG: LATIN, HEI: LATIN_BOLD}   # the face for Latin runs beside each CJK face


def is_latin(ch: str) -> bool:
    """Set in the Latin face: ASCII and the Latin letters with accents (not CJK punctuation,
    nor “” and …, which Chinese text takes from the Chinese face)."""
    return " " <= ch <= "\u024f" and ch != "\n"


def runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (run, is_latin) pieces."""
    out: list[tuple[str, bool]] = []
    for ch in text:
        latin = is_latin(ch)
        if out and out[-1][1] == latin:
            out[-1] = (out[-1][0] + ch, latin)
        else:
            out.append((ch, latin))
    return out


def font_for(text: str, font: str) -> str:
    """One face for a whole string (a chart label, a table cell): the Latin partner when the
    string has only Latin characters, else the Chinese face."""
    partner = PARTNER.get(font)
    if partner and text and all(is_latin(ch) for ch in text):
        return partner
    return font

_lock = threading.Lock()


def register_fonts() -> tuple[str, str]:
    """Register both fonts (idempotent, thread-safe) and return (body, heading) names."""
    from fieldkit.core.reports import cjk_breaks

    cjk_breaks.install()
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, (file, index) in FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file)),
                                               subfontIndex=index))
    return SONG, HEI


# characters that take no room in print (control characters, bidi and other format marks:
# a pasted U+202E, a NUL from an old note); the fonts have no glyph for them, so the PDF
# would show each as an empty box
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def printable(text: str) -> str:
    """``text`` without the characters print has no room for (line breaks and tabs kept)."""
    return _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def markup(text: str, font: str) -> str:
    """``text`` as Paragraph markup (escaped, line breaks kept), with runs of Latin letters
    and digits set in the Latin partner of ``font``."""
    partner = PARTNER.get(font)
    out = []
    for run, latin in runs(printable(text)):
        body = escape(run).replace("\n", "<br/>")
        out.append(f'<font name="{partner}">{body}</font>' if latin and partner else body)
    return "".join(out)


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` as ``markup`` sets it (Latin runs in the partner face)."""
    partner = PARTNER.get(font)
    if not partner:
        return pdfmetrics.stringWidth(text, font, size)
    return sum(pdfmetrics.stringWidth(run, partner if latin else font, size)
               for run, latin in runs(text))


from fieldkit.core.reports.cjk_breaks import CANNOT_START  # noqa: E402


_TOKENS = re.compile(r"[A-Za-z0-9.,:;%()'’/&+\-]+ *| +|.", re.S)


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    """(One face for the whole text, as a drawn string has.) Break ``text`` into at most
    ``max_lines`` lines no wider than ``width``: Chinese between any two characters (never
    before closing punctuation), Latin words whole unless a word alone is too wide; the last
    line ends in … if the text is cut."""
    def fits(line: str) -> bool:
        return pdfmetrics.stringWidth(line.rstrip(), font, size) <= width

    tokens: list[str] = []
    for token in _TOKENS.findall(text):
        tokens.extend([token] if fits(token) else list(token))
    lines: list[str] = []
    current = ""
    for token in tokens:
        if fits(current + token) or not current:
            current += token
            continue
        if token[0] in CANNOT_START and len(current) > 1:   # carry the last character down
            current, token = current[:-1], current[-1] + token
        lines.append(current.rstrip())
        current = token.lstrip()
        if len(lines) == max_lines:
            last = lines[-1]
            while last and not fits(last + "…"):
                last = last[:-1]
            lines[-1] = last.rstrip() + "…"
            return lines
    if current:
        lines.append(current.rstrip())
    return lines or [""]
