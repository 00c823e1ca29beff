"""Write a report ``Document`` as a PDF for printing: A4, landscape pages for wide tables,
a cover, a table of contents, headers with the title and footers with 第 X 页 / 共 Y 页.

Body text is set in a Song face and headings in a sans (``fonts.py``); both are embedded
as subsets. Paragraphs and table cells use reportlab's CJK line breaking, which keeps
closing punctuation (，。、）) off the start of a line. The file is written beside its
target and renamed into place (``spreadsheet_out.write_atomically``).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, KeepTogether,
                                NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer,
                                TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, ProgressCallback
from fieldkit.core.reports.charts import chart_drawing
from fieldkit.core.reports.fonts import (fit_lines, font_for, markup, register_fonts,
                                         text_width)
from fieldkit.core.reports.model import Chart, Document, Heading, PageBreak as DocPageBreak
from fieldkit.core.reports.model import Paragraph as DocParagraph
from fieldkit.core.reports.model import Table
from fieldkit.core.reports.pdf_tables import pdf_table, plan_table
from fieldkit.core.reports.text import t
from fieldkit.core.spreadsheet_out import write_atomically

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 25 * mm, 22 * mm
PORTRAIT_W = A4[0] - 2 * MARGIN_X
LANDSCAPE_W = A4[1] - 2 * MARGIN_X
GREY = colors.HexColor("#595959")
CONTENTS_AFTER = 6   # tables and charts from which a report gets a table of contents
KEEP_WHOLE = 14      # tables of up to this many rows move whole to the next page


def _styles(body: str, heading: str, language: str) -> dict[str, ParagraphStyle]:
    indent = 21 if language == "zh_CN" else 0     # two characters, as Chinese prose is set
    return {
        "body": ParagraphStyle("body", fontName=body, fontSize=10.5, leading=18,
                               wordWrap="CJK", firstLineIndent=indent, alignment=TA_JUSTIFY,
                               spaceAfter=4),
        "quote": ParagraphStyle("quote", fontName=body, fontSize=10.5, leading=18,
                                wordWrap="CJK", firstLineIndent=indent, spaceAfter=6),
        "note": ParagraphStyle("note", fontName=body, fontSize=8.5, leading=12,
                               wordWrap="CJK", textColor=GREY, spaceBefore=2, spaceAfter=8),
        "h1": ParagraphStyle("h1", fontName=heading, fontSize=15, leading=22, wordWrap="CJK",
                             spaceBefore=14, spaceAfter=8, keepWithNext=1),
        "h2": ParagraphStyle("h2", fontName=heading, fontSize=12, leading=18, wordWrap="CJK",
                             spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "caption": ParagraphStyle("caption", fontName=heading, fontSize=9, leading=13,
                                  wordWrap="CJK", alignment=TA_CENTER, spaceBefore=4,
                                  spaceAfter=4),
        "cover_title": ParagraphStyle("ct", fontName=heading, fontSize=24, leading=34,
                                      wordWrap="CJK", alignment=TA_CENTER),
        "cover_sub": ParagraphStyle("cs", fontName=heading, fontSize=15, leading=22,
                                    wordWrap="CJK", alignment=TA_CENTER, spaceBefore=10),
        "cover_line": ParagraphStyle("cl", fontName=body, fontSize=13, leading=22,
                                     wordWrap="CJK", alignment=TA_CENTER),
        "toc_title": ParagraphStyle("tt", fontName=heading, fontSize=16, leading=24,
                                    alignment=TA_CENTER, spaceAfter=12),
        "toc1": ParagraphStyle("toc1", fontName=body, fontSize=11, leading=18,
                               wordWrap="CJK", leftIndent=0, firstLineIndent=0),
        "toc2": ParagraphStyle("toc2", fontName=body, fontSize=10, leading=15,
                               wordWrap="CJK", leftIndent=18, firstLineIndent=0),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text, style.fontName), style)


LINES_PER_PIECE = 20


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """A user's text of many lines (findings pasted from a document, a long quote) set as
    pieces of at most ``LINES_PER_PIECE`` lines that read as one paragraph: reportlab
    re-breaks all that is left of a paragraph at every page it spans, so one paragraph of
    4,000 lines took minutes; pieces keep that work to their own few lines."""
    lines = text.split("\n")
    if len(lines) <= LINES_PER_PIECE:
        return [_p(text, style)]
    pieces = ["\n".join(lines[i:i + LINES_PER_PIECE])
              for i in range(0, len(lines), LINES_PER_PIECE)]
    first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    middle = ParagraphStyle(f"{style.name}-more", parent=style, spaceBefore=0, spaceAfter=0,
                            firstLineIndent=0)
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0,
                          firstLineIndent=0)
    return [_p(piece, first if i == 0 else last if i == len(pieces) - 1 else middle)
            for i, piece in enumerate(pieces)]


class _Template(BaseDocTemplate):
    """Reports headings to the table of contents and the PDF outline, and checks Cancel."""

    def __init__(self, filename, *, total: int, progress, cancel, cover: bool = False, **kw):
        super().__init__(filename, **kw)
        self._done, self._total = 0, total
        self._skip = 1 if cover else 0      # the cover has no number: page 2 is "page 1"
        self._progress, self._cancel = progress, cancel
        self._keys = 0

    def afterFlowable(self, flowable):
        if self._cancel is not None:
            self._cancel.raise_if_cancelled()
        self._done += 1
        if self._progress is not None and self._done % 20 == 0:
            self._progress(min(self._done, self._total - 1), self._total, "")
        level = {"h1": 0, "h2": 1}.get(getattr(getattr(flowable, "style", None), "name", ""))
        if level is not None:
            text = flowable.getPlainText()
            self._keys += 1
            key = f"h{self._keys}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, escape(text), self.page - self._skip, key))

    def handle_documentBegin(self):
        self._keys = 0
        super().handle_documentBegin()


def _canvas_class(title: str, language: str, body: str, cover: bool):
    """A canvas that holds every page until the end, so each footer can say 共 Y 页."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = body   # no unembedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            skip = 1 if cover else 0
            total = len(self._pages) - skip
            for number, state in enumerate(self._pages, start=1 - skip):
                self.__dict__.update(state)
                if number >= 1:
                    self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(body, 8.5)
            self.setFillColor(GREY)
            self.setStrokeColor(colors.HexColor("#BFBFBF"))
            head = fit_lines(title, body, 8.5, width - 2 * MARGIN_X, 1)[0]
            self.drawCentredString(width / 2, height - MARGIN_TOP + 10, head)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, height - MARGIN_TOP + 6, width - MARGIN_X, height - MARGIN_TOP + 6)
            footer = t(language, N_("Page {page} of {pages}"), page=number, pages=total)
            self.setFont(font_for(footer, body), 8.5)
            self.drawCentredString(width / 2, MARGIN_BOTTOM - 24, footer)
            self.restoreState()

    return NumberedCanvas


def _cover(document: Document, st, language: str) -> list:
    c = document.cover
    title = st["cover_title"]
    for size in (24, 22, 20, 18):   # one line if a slightly smaller size allows it
        if text_width(c.title, title.fontName, size) <= PORTRAIT_W:
            title = ParagraphStyle("ct1", parent=title, fontSize=size, leading=size * 1.4)
            break
    story = [Spacer(1, 55 * mm), _p(c.title, title)]
    if c.subtitle:
        story.append(_p(c.subtitle, st["cover_sub"]))
    story.append(Spacer(1, 85 * mm))
    for line in (c.issuer, c.date):
        if line:
            story.append(_p(line, st["cover_line"]))
    if c.authors:
        story.append(_p(t(language, N_("Prepared by: {authors}"), authors=c.authors),
                         st["cover_line"]))
    return story


def first_orientation(document: Document, body: str, heading: str) -> str:
    """The first page's orientation: landscape when the document opens (no cover, no
    contents) on a section with a wide table, so its first page is not left blank."""
    counts = document.counts()
    if document.show_cover or (document.show_contents
                               and counts["tables"] + counts["charts"] >= CONTENTS_AFTER):
        return "portrait"
    for section in document.sections:
        if section.data:
            continue
        return "landscape" if any(plan_table(b, body, heading, PORTRAIT_W, LANDSCAPE_W).landscape
                                  for b in section.blocks if isinstance(b, Table)) else "portrait"
    return "portrait"


def story_for(document: Document, language: str, body: str, heading: str) -> list:
    st = _styles(body, heading, language)
    story: list = []
    if document.show_cover:
        story += _cover(document, st, language)
        story += [NextPageTemplate("portrait"), PageBreak()]
    counts = document.counts()
    if document.show_contents and counts["tables"] + counts["charts"] >= CONTENTS_AFTER:
        toc = TableOfContents(levelStyles=[st["toc1"], st["toc2"]], dotsMinLevel=0,
                              tableStyle=TableStyle([
                                  ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("FONTNAME", (0, 0), (-1, -1), body),   # not Helvetica
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story += [_p(t(language, N_("Contents")), st["toc_title"]), toc,
                  PageBreak()]
    tables = figures = 0
    headings: set[int] = set()        # the heading paragraphs (by identity)
    orientation = first_orientation(document, body, heading) if not story else "portrait"
    for section in document.sections:
        if section.data:
            continue
        plans = {id(b): plan_table(b, body, heading, PORTRAIT_W, LANDSCAPE_W)
                 for b in section.blocks if isinstance(b, Table)}
        wanted = "landscape" if any(p.landscape for p in plans.values()) else "portrait"
        if wanted != orientation:
            story += [NextPageTemplate(wanted), PageBreak()]
            orientation = wanted
        width = LANDSCAPE_W if orientation == "landscape" else PORTRAIT_W
        for block in section.blocks:
            if isinstance(block, Heading):
                # a heading never ends a page: it moves on with what follows it
                if not (story and id(story[-1]) in headings):
                    story.append(CondPageBreak(60 * mm if block.level == 1 else 45 * mm))
                heading_flowable = _p(block.text, st["h1" if block.level == 1 else "h2"])
                headings.add(id(heading_flowable))
                story.append(heading_flowable)
            elif isinstance(block, DocParagraph):
                story += _paragraphs(block.text, st.get(block.style, st["body"]))
            elif isinstance(block, Table):
                tables += 1
                caption = t(language, N_("Table {n}"), n=tables) + "  " + block.caption
                table = pdf_table(block, plans[id(block)], body, heading)
                if len(block.rows) <= KEEP_WHOLE:    # a short table is not split
                    # (nor parted from a heading just above it: keepWithNext does not hold
                    # across a KeepTogether)
                    above = []
                    while story and id(story[-1]) in headings:
                        above.insert(0, story.pop())
                    story += [KeepTogether([*above, _p(caption, st["caption"]), table]),
                              Spacer(1, 6)]
                else:
                    # not keepWithNext: reportlab would move caption and table whole to the
                    # next page; a long table starts where it is if a few rows fit
                    story += [CondPageBreak(40 * mm), _p(caption, st["caption"]), table,
                              Spacer(1, 6)]
            elif isinstance(block, Chart):
                figures += 1
                caption = t(language, N_("Figure {n}"), n=figures) + "  " + block.title
                drawing = chart_drawing(block, min(width, 150 * mm))
                drawing.hAlign = "CENTER"
                story.append(KeepTogether([drawing, _p(caption, st["caption"])]))
            elif isinstance(block, DocPageBreak):
                story.append(PageBreak())
    return story


def write_pdf(document: Document, target, *, language: str,
              progress: ProgressCallback | None = None,
              cancel: CancelToken | None = None) -> Path:
    """Write ``document`` to ``target`` (atomically); returns the path written."""
    body, heading = register_fonts()
    story = story_for(document, language, body, heading)

    def write(temp: str) -> None:
        doc = _Template(temp, total=len(story) * 2, progress=progress, cancel=cancel,
                        cover=document.show_cover,
                        pagesize=A4, title=document.title, author=document.cover.authors,
                        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                        bottomMargin=MARGIN_BOTTOM)
        portrait = Frame(MARGIN_X, MARGIN_BOTTOM, PORTRAIT_W, A4[1] - MARGIN_TOP - MARGIN_BOTTOM,
                         id="p", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        wide = Frame(MARGIN_X, MARGIN_BOTTOM, LANDSCAPE_W, A4[0] - MARGIN_TOP - MARGIN_BOTTOM,
                     id="l", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        first = [PageTemplate("cover", [portrait], pagesize=A4)] if document.show_cover else []
        pages = [PageTemplate("portrait", [portrait], pagesize=A4),
                 PageTemplate("landscape", [wide], pagesize=landscape(A4))]
        if first_orientation(document, body, heading) == "landscape":
            pages.reverse()
        doc.addPageTemplates(first + pages)
        canvas = _canvas_class(document.title, language, body, document.show_cover)
        doc.multiBuild(list(story), canvasmaker=canvas)
        if progress is not None:
            progress(doc._total, doc._total, "")

    return write_atomically(target, write)
