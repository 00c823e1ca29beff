"""Findings pasted as thousands of lines (a whole document) used to take minutes to set in
the PDF (reportlab re-breaks what is left of a paragraph at every page): the text is now set
in pieces of a few lines that read as one paragraph, every line kept."""

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle

from fieldkit.core.reports import pdf
from fieldkit.core.reports.model import Cover, Document, Paragraph, Section

LINE = "职工反映宿舍热水不足，晚上下班后排队洗澡要等一个小时"


def test_a_many_line_paragraph_is_set_in_pieces():
    text = "\n".join(f"{LINE}{n}。" for n in range(1000))
    style = ParagraphStyle("quote", fontName="Helvetica", spaceBefore=3, spaceAfter=6,
                           firstLineIndent=21)
    pieces = pdf._paragraphs(text, style)
    assert len(pieces) == 1000 // pdf.LINES_PER_PIECE
    assert pieces[0].style.firstLineIndent == 21 and pieces[0].style.spaceAfter == 0
    assert pieces[1].style.firstLineIndent == 0 and pieces[1].style.spaceBefore == 0
    assert pieces[-1].style.spaceAfter == 6
    assert len(pdf._paragraphs("一行\n两行", style)) == 1


def test_the_pdf_keeps_every_line_of_long_findings(tmp_path):
    text = "\n".join(f"{LINE}{n}。" for n in range(300))
    doc = Document(Cover(title="工作报告"), [Section("findings", "主要发现",
                                                     [Paragraph(text, "quote")])],
                   show_cover=False, show_contents=False)
    path = pdf.write_pdf(doc, tmp_path / "f.pdf", language="zh_CN")
    words = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "0。" in words and "299。" in words


def test_a_table_cell_taller_than_a_page_is_cut_not_fatal(tmp_path):
    """One answer of 40,000 characters among a question's examples made the PDF fail
    (reportlab cannot split a table row across pages); the cell now ends in “…”."""
    from fieldkit.core.reports.model import Table

    table = Table([["答案示例", "出现次数"]], [["长" * 40_000, 1], ["天津市宝坻区", 9]],
                  ["text", "count"], caption="所在地区")
    doc = Document(Cover(title="调研报告"), [Section("q", "所在地区", [table])],
                   show_cover=False, show_contents=False)
    path = pdf.write_pdf(doc, tmp_path / "t.pdf", language="zh_CN")
    words = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "…" in words and "天津市宝坻区" in words
