"""The Word report, read back with python-docx: real headings, Word tables with repeating
header rows, charts as pictures, page fields in the footer; and, where LibreOffice is
installed, both the .docx and the .xlsx convert headlessly (they open without repair)."""

import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from fieldkit.core.reports.docx import write_docx
from fieldkit.core.reports.png import chart_png
from fieldkit.core.reports.model import Chart
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report
from fieldkit.core.reports.xlsx import write_xlsx
from fieldkit.core.spreadsheet_out import OutputFileError


@pytest.fixture
def zh_doc(report_ws):
    spec = SurveyReportSpec("needs_survey", group_by="work_type", findings="职工最关心休息。")
    return build_survey_report(report_ws, spec, language="zh_CN")


def test_docx_has_headings_tables_pictures_and_page_fields(zh_doc, tmp_path):
    path = write_docx(zh_doc, tmp_path / "报告.docx", language="zh_CN")
    word = docx.Document(path)
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "一、基本情况") in headings
    assert ("Heading 2", "（四）您最需要的服务") in headings
    assert any(text == "四、主要发现" for _, text in headings)
    assert "职工最关心休息。" in [p.text for p in word.paragraphs]
    counts = zh_doc.counts()
    assert len(word.tables) == counts["tables"] and len(word.inline_shapes) == counts["charts"]
    needs = next(t for t in word.tables if t.rows[1].cells[0].text == "休息难")
    assert [c.text for c in needs.rows[1].cells] == ["休息难", "4", "57.1%", "33.3%"]
    assert [c.text for c in needs.rows[-1].cells][:2] == ["合计", "12"]
    assert needs.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    cross = next(t for t in word.tables if len(t.columns) > 4 and t.rows[1].cells[2].text == "人数")
    assert cross.rows[0].cells[2].text == cross.rows[0].cells[3].text == "休息难"   # merged
    footer = word.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "第" in footer
    assert "TOC" in word.element.body.xml


def test_chart_png_is_a_real_picture():
    data, width, height = chart_png(Chart("图", ["甲", "乙"], [("n", [1, 2])]), 300, dpi=100)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and width == 300 and height > 50


def test_docx_refuses_missing_folder(zh_doc, tmp_path):
    with pytest.raises(OutputFileError):
        write_docx(zh_doc, tmp_path / "missing" / "r.docx", language="zh_CN")


def test_libreoffice_opens_docx_and_xlsx(zh_doc, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:   # python-docx and openpyxl re-read them in the other tests
        return
    files = [write_docx(zh_doc, tmp_path / "r.docx", language="zh_CN"),
             write_xlsx(zh_doc, tmp_path / "r.xlsx", language="zh_CN")]
    for path in files:
        out = tmp_path / f"out_{path.suffix[1:]}"
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "pdf", "--outdir", str(out), str(path)],
                       capture_output=True, timeout=240)
        converted = out / (path.stem + ".pdf")
        assert converted.exists() and converted.stat().st_size > 5000, path
