"""Text holding characters XML cannot carry (NUL, BEL, ESC, form feed: pasted from a terminal
or brought in by a QDPX project's source text) must not stop a report: the Word file leaves
those characters out and keeps the rest."""

import pytest
from docx import Document as WordDocument

from fieldkit.core.interviews import codes, memos, notes, segments
from fieldkit.core.reports.codebook import build_codebook_report
from fieldkit.core.reports.docx import write_docx
from fieldkit.core.reports.model import Cover, Document, Heading, Paragraph, Section, Table

HOSTILE = "宿舍\x00热水\x07不足\x1b[31m\x0b\x0c，\ufffe😀"


def test_word_writer_leaves_out_what_xml_cannot_hold(tmp_path):
    doc = Document(Cover(title="标题" + HOSTILE, subtitle=HOSTILE, authors=HOSTILE), [
        Section("s", "s", [Heading(HOSTILE), Paragraph(HOSTILE),
                           Table([["列" + HOSTILE]], [[HOSTILE]], ["text"], caption=HOSTILE)])])
    path = write_docx(doc, tmp_path / "r.docx", language="zh_CN")
    word = WordDocument(path)
    texts = [p.text for p in word.paragraphs] + [word.tables[0].rows[1].cells[0].text]
    assert "宿舍热水不足[31m，😀" in texts


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_codebook_report_of_a_note_with_control_characters(workspace, tmp_path, language):
    note = notes.create_note(workspace, title="访谈" + HOSTILE, body="职工说：" + HOSTILE)
    code = codes.add_code(workspace, "住宿", description="描述\x07")
    segments.apply_codes(workspace, note, 0, 12, [code], quote=True, memo="备忘\x00")
    memos.add_memo(workspace, "code", code, "备忘\x1b")
    doc = build_codebook_report(workspace, language=language)
    path = write_docx(doc, tmp_path / "codebook.docx", language=language)
    assert WordDocument(path).paragraphs


def test_pdf_text_has_no_boxes_for_invisible_characters(tmp_path):
    """A right-to-left override, a zero-width space or a NUL in a code's name printed as an
    empty box (the fonts have no glyph for them); print leaves them out, line breaks kept."""
    from pypdf import PdfReader

    from fieldkit.core.reports.fonts import markup, printable
    from fieldkit.core.reports.pdf import write_pdf

    assert printable("托\u202e管\u200b难\x00\r\n下一行\r末行") == "托管难\n下一行\n末行"
    assert "\u202e" not in markup("=HYPERLINK(\"x\")\u202e", "SONG")
    doc = Document(Cover(title="报告"), [Section("s", "s", [
        Paragraph("职工\u202e说\x07：托管难"),
        Table([["编码"]], [["住宿\u202e\u200b"]], ["text"], caption="表")])],
        show_cover=False, show_contents=False)
    path = write_pdf(doc, tmp_path / "r.pdf", language="zh_CN")
    words = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "职工说：托管难" in words and "住宿" in words
    assert "\u202e" not in words and "\x07" not in words and "\u200b" not in words
