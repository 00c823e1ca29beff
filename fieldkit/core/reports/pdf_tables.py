"""Report tables as reportlab tables: column widths from the content, header rows repeated on
every page, spanning headers, right-aligned numbers, a bold total row, and text that wraps
inside its cell (Chinese included) so nothing runs outside its box.

``plan_table`` decides how wide each column is and whether the table needs a landscape page;
``pdf_table`` builds the flowable.
"""

from __future__ import annotations

from dataclasses import dataclass
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from fieldkit.core.reports.fonts import (LATIN, LATIN_BOLD, font_for, markup, printable, runs,
                                         text_width)
from fieldkit.core.reports.model import MERGED, TEXT, Table
from fieldkit.core.reports.text import format_number

PAD = 8.0          # left + right cell padding
MIN_TEXT = 56.0    # narrowest a wrapping text column may become
HEADER_BG = colors.HexColor("#E8EEF6")
TOTAL_BG = colors.HexColor("#F4F4F4")
RULE = colors.HexColor("#8C8C8C")


@dataclass
class TablePlan:
    widths: list[float]
    size: float
    landscape: bool


def _unbreakable(text: str) -> bool:
    """A short run of Latin letters, digits and dashes: a date or a code, never wrapped."""
    return len(text) <= 10 and text.isascii() and " " not in text


def _natural(table: Table, body: str, heading: str, size: float) -> tuple[list[float], list[float]]:
    """Per column: the width its longest cell needs on one line, and the least it can have
    (numbers never wrap; headers may wrap onto two lines)."""
    natural, least = [], []
    for c, kind in enumerate(table.kinds):
        rows = table.rows[:-1] if table.total_row else table.rows
        cells = [format_number(row[c], kind) for row in rows if c < len(row)]
        # a header spanning several columns wraps over their joint width: not counted here
        heads = [h[c] for h in table.header if h[c] not in (None, "")
                 and not (c + 1 < len(h) and h[c + 1] is MERGED)]
        cell_w = max([text_width(v, body, size) for v in cells] + [0]) + PAD
        if table.total_row and table.rows and c < len(table.rows[-1]):
            total = format_number(table.rows[-1][c], kind)
            cell_w = max(cell_w, text_width(total, heading if kind == TEXT else LATIN_BOLD,
                                            size) + PAD)
        head_w = max([text_width(h, heading, size) for h in heads] + [0]) + PAD
        natural.append(max(cell_w, head_w))
        if kind == TEXT and not all(_unbreakable(v) for v in cells):
            least.append(min(natural[-1], MIN_TEXT))
        elif kind == TEXT:      # dates and short codes (2024-05-06, P7) stay on one line
            least.append(max(cell_w, min(head_w, head_w / 2 + PAD)))
        else:
            least.append(max(cell_w, min(head_w, head_w / 2 + PAD)))
    return natural, least


def plan_table(table: Table, body: str, heading: str, portrait: float, landscape: float
               ) -> TablePlan:
    """Widths for the frame the table fits: portrait if it can, else landscape, else a
    smaller type size."""
    for size, frame, is_landscape in ((9.0, portrait, False), (9.0, landscape, True),
                                      (7.5, landscape, True), (6.5, landscape, True)):
        natural, least = _natural(table, body, heading, size)
        if sum(least) <= frame:
            return TablePlan(_share(natural, least, table.kinds, frame), size, is_landscape)
    return TablePlan(_share(natural, least, table.kinds, landscape), 6.5, True)


def _share(natural: list[float], least: list[float], kinds: list[str], frame: float
           ) -> list[float]:
    if sum(natural) <= frame:
        return natural
    widths = list(least)
    spare = frame - sum(least)
    wants = [n - m for n, m in zip(natural, least)]
    if spare > 0 and sum(wants) > 0:
        widths = [m + spare * w / sum(wants) for m, w in zip(least, wants)]
    return widths


def _styles(body: str, heading: str, size: float) -> dict[str, ParagraphStyle]:
    leading = size * 1.3
    return {
        "text": ParagraphStyle("cell", fontName=body, fontSize=size, leading=leading,
                               wordWrap="CJK", alignment=TA_LEFT),
        "head": ParagraphStyle("head", fontName=heading, fontSize=size, leading=leading,
                               wordWrap="CJK", alignment=TA_CENTER),
        "total": ParagraphStyle("total", fontName=heading, fontSize=size, leading=leading,
                                wordWrap="CJK", alignment=TA_LEFT),
    }


CELL_HEIGHT = 400  # points: a table row must fit on a page, landscape pages included


def _fits_a_page(text: str, width: float, size: float) -> str:
    """``text`` cut (ending in “…”) where a cell of ``width`` would grow taller than a page:
    a table row cannot be split across pages, and one answer of 40,000 characters in a
    report's examples stopped the whole PDF. Data exports keep every character."""
    per_line = max(1, int(width / size))
    lines = max(1, int(CELL_HEIGHT / (size * 1.5)))
    limit = per_line * lines
    if len(text) <= limit and text.count("\n") < lines:
        return text
    kept, used = [], 0
    for line in text.split("\n"):
        rows = max(1, -(-len(line) // per_line))
        if used + rows > lines:
            room = (lines - used) * per_line
            if room > 0:
                kept.append(line[:room - 1])
            break
        kept.append(line)
        used += rows
    return "\n".join(kept).rstrip() + "…"


def pdf_table(table: Table, plan: TablePlan, body: str, heading: str) -> RLTable:
    st = _styles(body, heading, plan.size)
    data = []
    spans = []
    for r, row in enumerate(table.header):
        cells = []
        for c, value in enumerate(row):
            if value is MERGED:
                start = c - 1
                while row[start] is MERGED:
                    start -= 1
                spans.append(("SPAN", (start, r), (c, r)))
                cells.append("")
            else:
                cells.append(Paragraph(markup(str(value), heading), st["head"]) if value else "")
        data.append(cells)
    if len(table.header) == 2:   # a top cell with nothing under it spans both header rows
        for c, (top, below) in enumerate(zip(*table.header)):
            if top not in (None, "") and below in (None, ""):
                spans.append(("SPAN", (c, 0), (c, 1)))
    last = len(table.rows) - 1
    fonts: list[tuple] = []
    for i, row in enumerate(table.rows):
        total = table.total_row and i == last
        cells: list = []
        for c, kind in enumerate(table.kinds):
            value = row[c] if c < len(row) else ""
            text = printable(format_number(value, kind))
            if total and kind == TEXT:
                cells.append(Paragraph(markup(text, heading), st["total"]))
            elif kind != TEXT or ("\n" not in text and len(runs(text)) <= 1
                                  and text_width(text, body, plan.size) + PAD <= plan.widths[c]):
                cells.append(text)   # a plain string in one face: no wrapping, much faster
                if kind == TEXT and font_for(text, body) != body:
                    fonts.append(("FONTNAME", (c, len(data)), (c, len(data)), LATIN))
            else:
                cells.append(Paragraph(markup(_fits_a_page(text, plan.widths[c], plan.size),
                                              body), st["text"]))
        data.append(cells)
    heads = len(table.header)
    numbers = [c for c, kind in enumerate(table.kinds) if kind != TEXT]
    style = [("GRID", (0, 0), (-1, -1), 0.4, RULE),
             ("FONTNAME", (0, 0), (-1, -1), body),
             ("FONTSIZE", (0, heads), (-1, -1), plan.size),
             *[("ALIGN", (c, heads), (c, -1), "RIGHT") for c in numbers],
             *[("FONTNAME", (c, heads), (c, -1), LATIN) for c in numbers], *fonts,
             ("BACKGROUND", (0, 0), (-1, heads - 1), HEADER_BG),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("LEFTPADDING", (0, 0), (-1, -1), PAD / 2),
             ("RIGHTPADDING", (0, 0), (-1, -1), PAD / 2),
             ("LINEBELOW", (0, heads - 1), (-1, heads - 1), 0.9, RULE), *spans]
    if table.total_row and table.rows:
        style += [("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG),
                  ("FONTNAME", (1, -1), (-1, -1), LATIN_BOLD),
                  ("LINEABOVE", (0, -1), (-1, -1), 0.9, RULE)]
    result = RLTable(data, colWidths=plan.widths, repeatRows=heads, style=TableStyle(style),
                     hAlign="CENTER")
    return result
