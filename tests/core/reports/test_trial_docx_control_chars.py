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
