"""Write a report ``Document`` as a Word document that cadres finish in Word or WPS.

Headings use Word's own Heading 1 and Heading 2 styles (so the navigation pane and the
table of contents field work), tables are Word tables whose header rows repeat on every
page, wide tables get a landscape section, charts are the PDF's charts as PNG pictures,
and the footer counts 第 X 页 / 共 Y 页 with Word's PAGE and NUMPAGES fields. Fonts are
named, not embedded (宋体 body, 黑体 headings, Times New Roman for Latin), as the machines
that edit the document have them. The file is written atomically.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.ns import qn
from docx.table import _Cell
from docx.shared import Cm, Pt, RGBColor

from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.reports.model import (MERGED, TEXT, Chart, Document, Heading, Paragraph,
                                         Table)
from fieldkit.core.reports.png import chart_png
from fieldkit.core.reports.text import format_number, t
from fieldkit.core.spreadsheet_out import write_atomically

BODY_CJK, HEAD_CJK, LATIN = "宋体", "黑体", "Times New Roman"
TABLE_STYLE, TABLE_STYLE_ID = "Table Text", "TableText"
WIDE_COLUMNS = 8
# characters XML 1.0 cannot hold (NUL, BEL, ESC... from a pasted or imported text): Word's
# XML would refuse the whole document, so they are left out of it
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _x(text) -> str:
    """``text`` as XML can hold it."""
    return _NOT_XML.sub("", str(text or ""))


def _fonts(style_or_run, cjk: str, latin: str = LATIN) -> None:
    font = style_or_run.font
    font.name = latin
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), cjk if attribute == "w:eastAsia" else latin)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _setup_styles(word, language: str) -> None:
    normal = word.styles["Normal"]
    _fonts(normal, BODY_CJK)
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    from docx.enum.style import WD_STYLE_TYPE

    cells = word.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(10.5)
    cells.paragraph_format.line_spacing = 1.0
    cells.paragraph_format.first_line_indent = Pt(0)
    for name, size in (("Heading 1", 16), ("Heading 2", 14), ("Title", 24)):
        style = word.styles[name]
        _fonts(style, HEAD_CJK, LATIN)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)


def _field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word fills in."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _header_footer(section, title: str, language: str) -> None:
    header = section.header.paragraphs[0]
    header.text = _x(title)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in header.runs:
        run.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    template = t(language, N_("Page {page} of {pages}"))
    before, _, rest = template.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    footer.add_run(before)
    _field(footer, "PAGE")
    footer.add_run(middle)
    _field(footer, "NUMPAGES")
    footer.add_run(after)
    for run in footer.runs:
        run.font.size = Pt(9)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _put(cell, text: str, *, bold: bool = False, right: bool = False,
         center: bool = False) -> None:
    """Fill a new cell: its one paragraph is replaced by XML built at once (python-docx's
    run and font objects cost milliseconds a cell)."""
    align = "right" if right else "center" if center else ""
    xml = (f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{TABLE_STYLE_ID}"/>'
           + (f'<w:jc w:val="{align}"/>' if align else "") + "</w:pPr><w:r>"
           + ("<w:rPr><w:b/></w:rPr>" if bold else "")
           + f'<w:t xml:space="preserve">{escape(_x(text))}</w:t></w:r></w:p>')
    tc = cell._tc
    tc.remove(tc.p_lst[0])
    tc.append(parse_xml(xml))


def _table(word, table: Table) -> None:
    """Cells are reached through the row XML directly: python-docx's ``table.cell()`` walks
    the whole grid each call, which made a 60-table report take a minute."""
    heads = len(table.header)
    grid = word.add_table(rows=heads + len(table.rows), cols=table.columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [[_Cell(tc, grid) for tc in row._tr.tc_lst] for row in grid.rows]
    merges = []
    for r, header in enumerate(table.header):
        _repeat_header(grid.rows[r])
        for c, value in enumerate(header):
            if value is MERGED:
                continue
            span = c
            while span + 1 < len(header) and header[span + 1] is MERGED:
                span += 1
            if span > c:
                merges.append(((r, c), (r, span)))
            elif r == 0 and heads == 2 and table.header[1][c] in ("", None):
                merges.append(((0, c), (1, c)))
            if value:
                _put(rows[r][c], str(value), bold=True, center=True)
    last = len(table.rows) - 1
    for i, values in enumerate(table.rows):
        cells = rows[heads + i]
        total = table.total_row and i == last
        for c, (value, kind) in enumerate(zip(values, table.kinds)):
            _put(cells[c], format_number(value, kind), bold=total, right=kind != TEXT)
    for (r1, c1), (r2, c2) in merges:
        rows[r1][c1].merge(rows[r2][c2])


def _caption(word, text: str) -> None:
    paragraph = word.add_paragraph(_x(text))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.font.bold = True
        run.font.size = Pt(10.5)


def _orientation(word, landscape: bool):
    section = word.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    return section


def write_docx(document: Document, target, *, language: str,
               progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None) -> Path:
    """Write ``document`` to ``target`` (atomically); returns the path written."""
    word = WordDocument()
    _setup_styles(word, language)
    first = word.sections[0]
    first.page_width, first.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(first, side, Cm(2.6))
    first.top_margin, first.bottom_margin = Cm(3.0), Cm(2.5)
    word.core_properties.title = _x(document.title)
    word.core_properties.author = _x(document.cover.authors)
    indent = Pt(24) if language == "zh_CN" else Pt(0)
    c = document.cover
    if document.show_cover:
        first.different_first_page_header_footer = True
        for _ in range(6):
            word.add_paragraph()
        word.add_paragraph(_x(c.title), style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
        if c.subtitle:
            word.add_paragraph(_x(c.subtitle)).alignment = WD_ALIGN_PARAGRAPH.CENTER
        for _ in range(8):
            word.add_paragraph()
        for line in (c.issuer, c.date, c.authors and t(language, N_("Prepared by: {authors}"),
                                                       authors=c.authors)):
            if line:
                word.add_paragraph(_x(line)).alignment = WD_ALIGN_PARAGRAPH.CENTER
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _header_footer(first, document.title, language)
    if document.show_contents:
        heading = word.add_paragraph(t(language, N_("Contents")))
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.runs[0].font.size = Pt(16)
        heading.runs[0].font.bold = True
        _field(word.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
               t(language, N_("Right-click here and choose Update Field to build the table "
                              "of contents.")))
        settings = word.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    steps = Progress(len(document.sections), progress, cancel)
    tables = figures = 0
    landscape = False
    for n, section in enumerate(document.sections, start=1):
        if section.data:
            continue
        wide = any(isinstance(b, Table) and b.columns > WIDE_COLUMNS for b in section.blocks)
        if wide != landscape:
            _orientation(word, wide)
            landscape = wide
        for block in section.blocks:
            if isinstance(block, Heading):
                word.add_heading(_x(block.text), level=block.level)
            elif isinstance(block, Paragraph):
                paragraph = word.add_paragraph(_x(block.text))
                if block.style == "note":
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
                        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
                else:
                    paragraph.paragraph_format.first_line_indent = indent
            elif isinstance(block, Table):
                tables += 1
                _caption(word, t(language, N_("Table {n}"), n=tables) + "  " + block.caption)
                _table(word, block)
                word.add_paragraph()
            elif isinstance(block, Chart):
                figures += 1
                data, width, _ = chart_png(block, 430, dpi=150)
                word.add_picture(io.BytesIO(data), width=Pt(width))
                word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                _caption(word, t(language, N_("Figure {n}"), n=figures) + "  " + block.title)
        steps.step(n)
    buffer = io.BytesIO()
    word.save(buffer)

    def write(temp: str) -> None:
        with open(temp, "wb") as handle:
            handle.write(buffer.getvalue())

    return write_atomically(target, write)
