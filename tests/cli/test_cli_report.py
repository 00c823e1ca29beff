"""``fieldkit report survey``: real processes on a demo workspace."""

import json

import openpyxl
import pytest
from pypdf import PdfReader

from fieldkit_testing import run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "demo.fieldkit"
    result = run_cli("demo", "--no-gui", "--workspace", path)
    assert result.returncode == 0, result.stderr
    return path


def test_survey_report_as_pdf_with_json(demo, tmp_path):
    out = tmp_path / "report.pdf"
    result = run_cli("--workspace", demo, "--lang", "zh_CN", "report", "survey",
                     "frontline_needs", "-o", out, "--group-by", "work_type",
                     "--status", "complete", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "pdf" and data["charts"] > 10 and data["tables"] > 10
    text = "".join(p.extract_text() for p in PdfReader(out).pages[:6])
    assert "基本情况" in text and "第 1 页" in text


def test_user_errors_exit_1_without_traceback(demo, tmp_path):
    for args in (("frontline_needs", "-o", tmp_path / "r.txt"),
                 ("frontline_needs", "-o", tmp_path / "r.pdf", "--group-by", "top_needs"),
                 ("frontline_needs", "-o", tmp_path / "r.pdf", "--site", "不存在的站点"),
                 ("no_such_form", "-o", tmp_path / "r.pdf"),
                 ("frontline_needs", "-o", tmp_path / "nowhere" / "r.pdf")):
        result = run_cli("--workspace", demo, "--lang", "zh_CN", "report", "survey", *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip()
    assert not list(tmp_path.iterdir())
    result = run_cli("--workspace", demo, "report", "survey", "frontline_needs")
    assert result.returncode == 2


def test_survey_report_as_excel_and_word(demo, tmp_path):
    import docx

    for fmt in ("xlsx", "docx"):
        out = tmp_path / f"report.{fmt}"
        result = run_cli("--workspace", demo, "--lang", "en", "report", "survey",
                         "altitude_health", "-o", out)
        assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames[:2] == ["Summary", "Overview"]
    headings = [p.text for p in docx.Document(tmp_path / "report.docx").paragraphs
                if p.style.name == "Heading 1"]
    assert headings[0] == "1. Overview"
