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


def test_work_report_ledger_and_definitions(demo, tmp_path):
    from datetime import date

    year = str(date.today().year)
    out = tmp_path / "work.pdf"
    result = run_cli("--workspace", demo, "--lang", "zh_CN", "report", "work", "--period", year,
                     "-o", out, "--save-as", "年度工作", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == year and data["tables"] > 8 and data["charts"] >= 2
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "工作报告" in text and "超期问题" in text and "典型案例" in text
    # the saved definition rebuilds the report, here as Word, for another period
    result = run_cli("--workspace", demo, "report", "definitions", "--kind", "work", "--json")
    saved = json.loads(result.stdout)
    assert [(d["name"], d["kind"], d["spec"]["period"]) for d in saved] == \
        [("年度工作", "work", year)]
    result = run_cli("--workspace", demo, "--lang", "en", "report", "work", "--definition",
                     "年度工作", "--period", f"{year}-H2", "-o", tmp_path / "h2.docx")
    assert result.returncode == 0, result.stderr
    assert "Report written to" in result.stdout
    # the year-end ledger: one row per problem, text not formulas, names left out
    result = run_cli("--workspace", demo, "report", "ledger", "--year", year, "-o",
                     tmp_path / "ledger.xlsx", "--json")
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "ledger.xlsx").worksheets[0]
    assert sheet.max_row > 10 and sheet.auto_filter.ref and sheet.freeze_panes == "E2"
    assert "Raised by" not in [c.value for c in sheet[1]]


def test_work_report_user_errors(demo, tmp_path):
    for args in (("work", "--period", "2024-Q5", "-o", tmp_path / "r.pdf"),
                 ("work", "-o", tmp_path / "r.pdf"),
                 ("work", "--period", "2024", "--scope", "没有这个单位", "-o", tmp_path / "r.pdf"),
                 ("work", "--definition", "没有这个报告", "-o", tmp_path / "r.pdf"),
                 ("ledger", "--year", "2024", "-o", tmp_path / "r.pdf"),
                 ("survey", "frontline_needs", "--definition", "没有", "-o", tmp_path / "r.pdf")):
        result = run_cli("--workspace", demo, "--lang", "zh_CN", "report", *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip()
    assert not list(tmp_path.iterdir())


def test_survey_report_from_a_saved_definition(demo, tmp_path):
    findings = tmp_path / "findings.txt"
    findings.write_text("夜班职工吃饭难，建议增设夜间食堂。", encoding="utf-8")
    result = run_cli("--workspace", demo, "--lang", "zh_CN", "report", "survey",
                     "frontline_needs", "-o", tmp_path / "a.pdf", "--group-by", "work_type",
                     "--findings", findings, "--save-as", "一线需求调研")
    assert result.returncode == 0, result.stderr
    result = run_cli("--workspace", demo, "--lang", "zh_CN", "report", "survey",
                     "frontline_needs", "--definition", "一线需求调研", "-o", tmp_path / "b.pdf")
    assert result.returncode == 0, result.stderr
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    assert "增设夜间食堂" in text
    result = run_cli("--workspace", demo, "report", "survey", "altitude_health",
                     "--definition", "一线需求调研", "-o", tmp_path / "c.pdf")
    assert result.returncode == 1 and "frontline_needs" in result.stderr


def test_a_findings_file_that_cannot_be_read_says_why(demo, tmp_path):
    """A missing findings file is missing, a folder is a folder: not "it must be UTF-8"."""
    (tmp_path / "folder").mkdir()
    for given, expected in ((tmp_path / "missing.txt", "不存在"), (tmp_path / "folder", "文件夹")):
        result = run_cli("--workspace", demo, "--lang", "zh_CN", "report", "survey",
                         "frontline_needs", "-o", tmp_path / "r.pdf", "--findings", given)
        assert result.returncode == 1 and expected in result.stderr, result.stderr
        assert "UTF-8" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.pdf").exists()
