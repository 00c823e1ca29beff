"""The Excel report, read back with openpyxl and as a zip: sheets, native charts, numbers as
numbers, user text never a formula, print titles and fit-to-width."""

import re
import zipfile

import openpyxl
import pytest

from fieldkit.core.errors import Cancelled
from fieldkit.core.progress import CancelToken
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report
from fieldkit.core.reports.xlsx import write_xlsx
from fieldkit.core.spreadsheet_out import OutputFileError


@pytest.fixture
def workbook_path(report_ws, tmp_path):
    spec = SurveyReportSpec("needs_survey", group_by="work_type",
                            findings="=HYPERLINK(\"http://x\")\n\n+1 职工反映食堂", title="@SUM(1)")
    doc = build_survey_report(report_ws, spec, language="zh_CN")
    return write_xlsx(doc, tmp_path / "报告.xlsx", language="zh_CN")


def test_sheets_tables_and_numbers(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames[:2] == ["汇总", "基本情况"] and "附录" in book.sheetnames
    questions = [n for n in book.sheetnames if re.fullmatch(r"Q\d+", n)]
    crosstabs = [n for n in book.sheetnames if re.fullmatch(r"X\d+", n)]
    assert len(questions) == 9 and len(crosstabs) == 2     # needs, childcare by work_type
    needs = next(book[n] for n in questions if book[n]["A1"].value.endswith("您最需要的服务"))
    rows = {r[0]: r[1:4] for r in needs.iter_rows(values_only=True) if r[0]}
    assert rows["休息难"][0] == 4 and rows["休息难"][1] == pytest.approx(4 / 7)
    assert rows["休息难"][2] == pytest.approx(4 / 12)
    assert rows["合计"][0] == 12
    header_row = next(c.row for c in needs["A"] if c.value == "选项")
    assert needs.print_title_rows == f"${header_row}:${header_row}"
    assert needs.page_setup.fitToWidth == 1 and needs.sheet_properties.pageSetUpPr.fitToPage
    percent = next(c for c in needs["C"] if isinstance(c.value, float))
    assert percent.number_format == "0.0%"


def test_user_text_is_text_and_never_a_formula(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    values = [c.value for c in book["汇总"]["A"]]
    assert "@SUM(1)" in values and '=HYPERLINK("http://x")' in values
    assert "+1 职工反映食堂" in values


def test_every_question_sheet_has_a_native_chart(workbook_path):
    with zipfile.ZipFile(workbook_path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        workbook = z.read("xl/workbook.xml").decode()
        chart_xml = z.read(charts[0]).decode()
    # questions with numbers or choices (7 of 9; the two text questions have none),
    # 2 cross-tabulations, the sites of the overview
    assert len(charts) == 7 + 2 + 1
    assert "<barChart>" in chart_xml and "_xlnm.Print_Titles" in workbook


def test_refusals_and_cancel(report_ws, tmp_path):
    doc = build_survey_report(report_ws, SurveyReportSpec("needs_survey"), language="en")
    with pytest.raises(OutputFileError):
        write_xlsx(doc, tmp_path / "missing" / "r.xlsx", language="en")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        write_xlsx(doc, tmp_path / "r.xlsx", language="en", cancel=token)
    assert not (tmp_path / "r.xlsx").exists()
    book = openpyxl.load_workbook(write_xlsx(doc, tmp_path / "r.xlsx", language="en"))
    assert book.sheetnames[0] == "Summary"
