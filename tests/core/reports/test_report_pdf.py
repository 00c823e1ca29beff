"""The PDF report: opened again with pypdf (and pdffonts where installed) to check pages, fonts,
the Chinese text and the figures, page headers and footers, repeated table headers,
landscape pages for wide tables and Chinese line breaking."""

import shutil
import subprocess

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph as RLParagraph

from fieldkit.core.errors import Cancelled
from fieldkit.core.progress import CancelToken
from fieldkit.core.reports.fonts import register_fonts
from fieldkit.core.reports.model import COUNT, TEXT, Cover, Document, Section, Table
from fieldkit.core.reports.pdf import PORTRAIT_W, _styles, write_pdf
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report
from fieldkit.core.spreadsheet_out import OutputFileError


def fonts_of(reader):
    """Every font used on any page: (base name, embedded?)."""
    found = {}
    for page in reader.pages:
        resources = page["/Resources"]
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = bool(descriptor and any(k in descriptor.get_object() for k in
                                               ("/FontFile", "/FontFile2", "/FontFile3")))
            found[str(font["/BaseFont"])] = embedded
    return found


@pytest.fixture
def zh_pdf(report_ws, tmp_path):
    spec = SurveyReportSpec("needs_survey", group_by="work_type", issuer="天津市总工会",
                            findings="职工最关心休息和吃饭问题。")
    doc = build_survey_report(report_ws, spec, language="zh_CN")
    return write_pdf(doc, tmp_path / "报告.pdf", language="zh_CN")


def test_pdf_has_its_pages_fonts_text_and_figures(zh_pdf):
    reader = PdfReader(zh_pdf)
    pages = len(reader.pages)
    assert pages >= 5
    fonts = fonts_of(reader)
    assert fonts and all(fonts.values()), fonts
    assert any("UMing" in name for name in fonts) and not any("Helvetica" in n for n in fonts)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("职工需求调查专题调研报告", "天津市总工会", "目", "一、基本情况",
                     "休息难", "57.1%", "33.3%", "合计", "中位数", "主要发现",
                     "职工最关心休息和吃饭问题。", "附录：调查方法与数据说明",
                     f"共 {pages - 1} 页"):
        assert expected in text, expected
    # the cover has no header or footer; the next page is 第 1 页
    assert "页" not in reader.pages[0].extract_text()
    assert "第 1 页" in reader.pages[1].extract_text()
    assert "电话13812345678" not in text and "电话138********" in text
    assert "张三" not in text


def test_pdffonts_sees_every_font_embedded(zh_pdf):
    tool = shutil.which("pdffonts")
    if tool is None:   # pypdf checked the same above
        return
    out = subprocess.run([tool, str(zh_pdf)], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row   # the emb column


def test_long_table_repeats_its_header_and_wide_table_turns_landscape(tmp_path):
    rows = [[f"站点{i:03d}", i] for i in range(120)]
    long = Table([["站点名称", "答卷数"]], rows, [TEXT, COUNT], caption="长表")
    wide = Table([[f"第{i}列很长的标题" for i in range(14)]], [[f"值{i}" for i in range(14)]],
                 [TEXT] * 14, caption="宽表")
    doc = Document(Cover("测试"), [Section("a", "a", [long]), Section("b", "b", [wide])],
                   show_cover=False, show_contents=False)
    reader = PdfReader(write_pdf(doc, tmp_path / "t.pdf", language="zh_CN"))
    texts = [p.extract_text() for p in reader.pages]
    with_rows = [t for t in texts if "站点0" in t]
    assert len(with_rows) >= 3 and all("站点名称" in t for t in with_rows)
    last = reader.pages[-1]
    assert float(last.mediabox.width) > float(last.mediabox.height)   # landscape
    assert float(reader.pages[0].mediabox.width) < float(reader.pages[0].mediabox.height)


def test_chinese_lines_never_start_with_closing_punctuation():
    body, heading = register_fonts()
    style = _styles(body, heading, "zh_CN")["body"]
    text = "职工反映，" * 7 + "食堂夜班没有热饭。" + "宿舍、驿站、（托管班）、，。" * 9
    for width in (PORTRAIT_W, 200, 157, 101):
        para = RLParagraph(text, style)
        para.wrap(width, 1000)
        assert para.blPara.kind == 0   # one font: lines are (space, [text])
        lines = ["".join(line[1]) for line in para.blPara.lines]
        assert len(lines) > 1
        for line in lines[1:]:
            assert line and line[0] not in "，。、；：）》", (width, line)


def test_refusals_and_cancel(report_ws, tmp_path):
    doc = build_survey_report(report_ws, SurveyReportSpec("needs_survey"), language="en")
    with pytest.raises(OutputFileError):
        write_pdf(doc, tmp_path / "missing" / "r.pdf", language="en")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        write_pdf(doc, tmp_path / "r.pdf", language="en", cancel=token)
    assert list(tmp_path.iterdir()) == [tmp_path / "ws.fieldkit"] or \
        not (tmp_path / "r.pdf").exists()
    seen = []
    write_pdf(doc, tmp_path / "r.pdf", language="en", progress=lambda d, t, m: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    english = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages)
    assert "Page 1 of" in english and "Results by question" in english
