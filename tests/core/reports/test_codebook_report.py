"""The codebook report: codes, definitions, frequencies, quotes (redacted by default) and
co-occurring codes, in the document model and written as PDF, Excel and Word."""

import sys
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parents[1] / "interviews"))
from analysis_fixtures import N1_BODY, build_coded  # noqa: E402

from fieldkit.core.interviews import notes, segments  # noqa: E402
from fieldkit.core.reports.codebook import (CodebookReportSpec,  # noqa: E402
                                            build_codebook_report)
from fieldkit.core.reports.model import Heading, Paragraph, Table  # noqa: E402
from fieldkit.core.reports.output import write_document  # noqa: E402


@pytest.fixture
def coded(workspace):
    out = build_coded(workspace)
    # a quote that names the interviewee
    n1 = out.notes["N1"]
    notes.set_body(workspace, n1, "张伟说：" + N1_BODY)
    segments.apply_codes(workspace, n1, 0, 9, [out.codes["pay"]], quote=True)
    return out


def blocks(doc, key):
    return next(s for s in doc.sections if s.key == key).blocks


def test_document_figures_and_quotes(coded):
    doc = build_codebook_report(coded.ws, language="zh_CN")
    assert [s.key for s in doc.sections] == ["overview", "codes", "cooccurrence", "quotes",
                                             "appendix"]
    table = next(b for b in blocks(doc, "overview") if isinstance(b, Table))
    assert table.header == [["编码", "定义", "片段数", "访谈记录数"]]
    assert [r[0].strip("\u3000") for r in table.rows] == ["家庭", "子女托管", "家人担心健康",
                                                          "工作条件", "高原反应", "薪酬"]
    rows = {r[0].strip("\u3000"): r[1:] for r in table.rows}
    assert rows["子女托管"] == ["孩子假期无人照看", 3, 3]
    assert rows["薪酬"] == ["", 3, 2]                        # N1 twice, N2 once
    assert "3 份访谈记录中共有 11 个编码片段" in blocks(doc, "overview")[1].text
    texts = [b.text for b in blocks(doc, "codes") if isinstance(b, Paragraph)]
    assert "“暑期托管难”" in texts and "“暑期托管难找”" in texts
    assert "—— 青藏铁路三标 · 铁路施工人员 · 2026-06-01" in texts
    assert "“×××说：暑期托管难”" in texts                      # the name is masked
    assert not any("张伟" in t for t in texts)
    headings = [b.text for b in blocks(doc, "codes") if isinstance(b, Heading)]
    assert headings[1:3] == ["家庭", "家庭/子女托管"]
    pairs = next(b for b in blocks(doc, "cooccurrence") if isinstance(b, Table)).rows
    # the added 薪酬 quote (张伟说：暑期托管难) overlaps 家庭 and 子女托管 too
    assert sorted(map(tuple, pairs)) == [("家庭", "家庭/子女托管", 1), ("家庭", "薪酬", 1),
                                         ("家庭/子女托管", "薪酬", 1),
                                         ("家庭/家人担心健康", "工作条件", 1)]
    quotes = next(s for s in doc.sections if s.key == "quotes")
    assert quotes.data and len(quotes.blocks[0].rows) == 5


def test_personal_data_on_request_and_quote_limit(coded):
    doc = build_codebook_report(coded.ws, CodebookReportSpec(include_personal=True,
                                                             quotes_per_code=1),
                                language="en")
    texts = [b.text for b in blocks(doc, "codes") if isinstance(b, Paragraph)]
    assert "“张伟说：暑期托管难”" in texts
    assert "“暑期托管难找”" not in texts                       # one quote per code
    assert "—— Qinghai-Tibet Railway lot 3 · 铁路施工人员 · 2026-06-01" in texts
    assert doc.cover.title == "Codebook report"


def test_empty_workspace(workspace):
    doc = build_codebook_report(workspace, language="zh_CN")
    assert "编码表是空的。" in [b.text for b in blocks(doc, "overview")
                         if isinstance(b, Paragraph)]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_written_as_pdf_excel_and_word(coded, tmp_path, language):
    doc = build_codebook_report(coded.ws, language=language)
    pdf = write_document(doc, tmp_path / "c.pdf", "pdf", language=language)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "暑期托管难找" in text and "张伟" not in text
    assert ("编码与引语" if language == "zh_CN" else "Codes and quotes") in text
    book = load_workbook(write_document(doc, tmp_path / "c.xlsx", "xlsx", language=language))
    quotes = book["引语" if language == "zh_CN" else "Quotes"]
    values = [c for row in quotes.iter_rows(values_only=True) for c in row if c]
    assert "暑期托管难找" in values and not any("张伟" in str(v) for v in values)
    word = WordDocument(write_document(doc, tmp_path / "c.docx", "docx", language=language))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    assert "“暑期托管难找”" in paragraphs and "张伟" not in paragraphs


def test_quote_blocks_for_other_reports(coded):
    from fieldkit.core.reports.codebook import quote_blocks

    family = coded.codes["family"]
    blocks = quote_blocks(coded.ws, [family], language="zh_CN")
    texts = [b.text for b in blocks]
    assert texts[0] == "家庭" and isinstance(blocks[0], Heading)
    # the children's quotes come with it, names masked
    assert "“暑期托管难”" in texts and "“家人担心安全”" in texts
    assert not any("张伟" in t for t in texts)
    assert quote_blocks(coded.ws, [family], language="zh_CN", include_children=False) == []
    every = [b.text for b in quote_blocks(coded.ws, None, language="en", per_code=1)
             if isinstance(b, Heading)]
    assert every == ["家庭/子女托管", "家庭/家人担心健康", "工作条件/高原反应", "薪酬"]


def test_word_file_has_no_empty_contents_page(coded, tmp_path):
    doc = build_codebook_report(coded.ws, language="zh_CN")
    word = WordDocument(write_document(doc, tmp_path / "c.docx", "docx", language="zh_CN"))
    assert not any("".join(p.text.split()) in ("目录", "Contents") for p in word.paragraphs)
