"""The survey report's data sheets: only in the workbook, one row per counted response,
personal questions left out unless asked, header frozen with filter buttons."""

import openpyxl
from pypdf import PdfReader

from fieldkit.core.reports.output import write_document
from fieldkit.core.reports.spec import DEFAULT_SECTIONS, SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report


def _data_sheet(path):
    book = openpyxl.load_workbook(path)
    return book["Data"]


def test_data_sheets_in_the_workbook_only(report_ws, tmp_path):
    spec = SurveyReportSpec("needs_survey", sections=DEFAULT_SECTIONS + ("data",))
    doc = build_survey_report(report_ws, spec, language="en")
    sheet = _data_sheet(write_document(doc, tmp_path / "r.xlsx", "xlsx", language="en"))
    rows = list(sheet.iter_rows(values_only=True))
    header_row = next(i for i, r in enumerate(rows) if r[0] == "Response ID")
    header = rows[header_row]
    body = rows[header_row + 1:]
    assert len(body) == 8                  # the deleted and the superseded are not counted
    assert not any("worker_name" in (h or "") for h in header)
    assert "Left out as personal data" in rows[1][0]
    assert sheet.freeze_panes == f"B{header_row + 2}" and sheet.auto_filter.ref
    ages = [r[header.index(next(h for h in header if h and "(age)" in h))] for r in body]
    assert sorted(a for a in ages if a is not None) == [20, 25, 30, 35, 40, 45, 50]
    # the PDF is the same report with or without the data section
    plain = build_survey_report(report_ws, SurveyReportSpec("needs_survey"), language="en")
    with_data = PdfReader(write_document(doc, tmp_path / "d.pdf", "pdf", language="en"))
    without = PdfReader(write_document(plain, tmp_path / "p.pdf", "pdf", language="en"))
    assert len(with_data.pages) == len(without.pages)


def test_personal_data_in_the_data_sheet_when_asked(report_ws, tmp_path):
    spec = SurveyReportSpec("needs_survey", sections=("data",), include_personal=True)
    doc = build_survey_report(report_ws, spec, language="en")
    sheet = _data_sheet(write_document(doc, tmp_path / "r.xlsx", "xlsx", language="en"))
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "张三" in values and "李四" in values
