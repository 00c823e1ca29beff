"""The work report and the year-end ledger: every figure equals ``kpis()`` (the dashboard's
function) and the counts worked out by hand from ``work_report_fixture`` (see its docstring
and tests/core/work/test_kpis.py for the reasoning behind each number)."""

import subprocess
import shutil

import openpyxl
import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from fieldkit.core.reports.model import Chart, Paragraph, Table
from fieldkit.core.reports.output import write_document
from fieldkit.core.reports.work import build_work_report, period_label
from fieldkit.core.reports.work_ledger import write_ledger
from fieldkit.core.reports.work_spec import WorkReportSpec
from fieldkit.core.work import report_queries
from fieldkit.core.work.kpis import kpis
from fieldkit.core.work.model import Period, Scope
from work_report_fixture import TODAY, build_work


@pytest.fixture
def work_ws(workspace):
    return build_work(workspace)


def tables(document):
    return {b.name: b for _, b in document.blocks() if isinstance(b, Table)}


def figure(table, label):
    return next(r[1] for r in table.rows if r[0] == label)


def test_figures_equal_kpis_and_hand_counts(work_ws):
    doc = build_work_report(work_ws, WorkReportSpec("2024-Q2"), language="en", today=TODAY)
    k = kpis(work_ws, period="2024-Q2", today=TODAY)
    t = tables(doc)
    head = t["headline"]
    assert figure(head, "Activities with frontline workers") == k.activities == 6
    assert figure(head, "Workers reached") == k.workers_reached == 65
    assert figure(head, "Cadre-days with frontline workers") == k.cadre_days == 6.0
    assert figure(head, "Cadres with a day every month") == k.cadres_meeting_quota == 1
    ledger = t["ledger"]
    for name, value, hand in (("Problems registered", k.registered, 7),
                              ("Problems resolved", k.resolved, 4),
                              ("Problems replied to", k.replied, 2),
                              ("Problems closed", k.closed, 1),
                              ("Problems escalated", k.escalated, 1),
                              ("Problems overdue", k.overdue, 2),
                              ("Feedback overdue (cross-department)", k.feedback_overdue, 1)):
        assert figure(ledger, name) == value == hand, name
    assert figure(ledger, "Median days to resolve") == 30.0
    rates = {r[0]: (r[1], r[2]) for r in t["rates"].rows}
    assert rates["Reply rate"] == (pytest.approx(50.0), "2 of 4")
    assert rates["Completion rate"] == (pytest.approx(300 / 7), "3 of 7")
    assert rates["Satisfaction rate"] == (pytest.approx(200 / 3), "2 of 3")
    # activities by kind, with the workers those activities reached (A1 is lecture + visit)
    kinds = {r[0]: r[1:] for r in t["kinds"].rows}
    assert kinds["Lecture (宣讲)"] == [1, 30]
    assert kinds["Visit (走访)"] == [3, 40]            # A1 30 + A2 10 + A8 0
    assert kinds["All activities"] == [6, 65]
    assert {code: kinds[label][0] for code, label in (
        ("lecture", "Lecture (宣讲)"), ("visit", "Visit (走访)"), ("rights", "Rights protection (维权)"),
        ("befriend", "Befriending (交友)"), ("solve", "Solving problems (解难)"))} == \
        k.activities_by_kind
    grades = {r[0]: r[1] for r in t["grades"].rows}
    assert grades == {"Short-term (限时办结)": 5, "Cross-department (协同办理)": 2,
                      "Systemic, escalated (上报)": 0, "Total": 7}
    statuses = {r[0]: r[1] for r in t["statuses"].rows}
    assert statuses["Registered (登记)"] == 1 and statuses["Accepted (受理)"] == 2   # P3; P7, P9
    assert statuses["Closed (销号)"] == 1 and statuses["Total"] == 7
    categories = {r[0]: r[1] for r in t["categories"].rows}
    assert categories["Housing and commuting"] == 1 and categories["Other"] == 6


def test_cadres_overdue_focus_and_cases(work_ws):
    doc = build_work_report(work_ws, WorkReportSpec("2024-Q2"), language="en", today=TODAY)
    t = tables(doc)
    days = {r[0]: r[2:] for r in t["cadre_days"].rows}
    assert days["赵一"] == [1.0, 1.0, 1.0, 3.0, "Yes"]      # A1; A2 + A3 halves; A8
    assert days["钱二"] == [1.0, 0.0, 1.0, 2.0, "No"]       # A1; none; A4
    assert days["孙三"] == [0.0, 0.0, 1.0, 1.0, "No"]
    texts = [b.text for _, b in doc.blocks() if isinstance(b, Paragraph)]
    assert any("孙三: 2024-04, 2024-05" in x and "钱二: 2024-05" in x for x in texts)
    overdue = t["overdue"].rows
    assert [(r[1], r[5], r[6]) for r in overdue] == [("P7", "2024-05-06", 55),
                                                     ("P2", "2024-05-10", 51)]
    assert len(overdue) == kpis(work_ws, period="2024-Q2", today=TODAY).overdue
    assert t["focus_2024-Q2"].rows == [["赵一", "P2", "In progress (办理中)", "2024-05-10", "Yes"]]
    assert [r[1] for r in t["cases_2024-H1"].rows] == ["P1 宿舍到工地通勤远"]
    assert "1. P1 宿舍到工地通勤远: 开通职工通勤班车，每天接送120名职工。" in texts
    assert any(isinstance(b, Chart) for _, b in doc.blocks())


def test_a_scope_and_a_month(work_ws):
    ids = work_ws.ids
    spec = WorkReportSpec("2024-05", org_unit_id=ids["city"])
    doc = build_work_report(work_ws, spec, language="en", today=TODAY)
    k = kpis(work_ws, period="2024-05", scope=Scope(org_unit_id=ids["city"]), today=TODAY)
    t = tables(doc)
    assert figure(t["headline"], "Activities with frontline workers") == k.activities == 2
    assert figure(t["ledger"], "Problems registered") == k.registered == 1     # P2 (P7 is 港口)
    assert [r[1] for r in t["overdue"].rows] == ["P2"]
    assert {r[0] for r in t["cadre_days"].rows} == {"赵一", "钱二"}            # not 孙三
    assert doc.cover.subtitle == "市总工会"
    site = build_work_report(work_ws, WorkReportSpec("2024-Q2", site_id=ids["site_other"]),
                             language="en", today=TODAY)
    assert [r[1] for r in tables(site)["overdue"].rows] == ["P7"]
    assert "focus_2024-Q2" not in tables(site)                                 # P2 is elsewhere


def test_personal_data_only_when_asked(work_ws):
    hidden = build_work_report(work_ws, WorkReportSpec("2024-Q2"), language="en", today=TODAY)
    shown = build_work_report(work_ws, WorkReportSpec("2024-Q2", include_personal=True),
                              language="en", today=TODAY)
    assert tables(hidden)["overdue"].header[0][-1] == "Lead department"
    assert tables(shown)["overdue"].header[0][-1] == "Raised by"
    rows = report_queries.ledger_rows(work_ws, Period.parse("2024"), today=TODAY)
    assert all("worker_name" not in r and "worker_phone" not in r for r in rows)


def test_period_labels():
    assert period_label(Period.parse("2024-Q2"), "zh_CN") == "2024年第二季度"
    assert period_label(Period.parse("2024-H1"), "zh_CN") == "2024年上半年"
    assert period_label(Period.parse("2024-05"), "zh_CN") == "2024年5月"
    assert period_label(Period.parse("2024"), "en") == "2024"
    assert period_label(Period.parse("2024-05"), "en") == "May 2024"


def test_written_in_every_format(work_ws, tmp_path):
    doc = build_work_report(work_ws, WorkReportSpec("2024-Q2", findings="班车要常态化。"),
                            language="zh_CN", today=TODAY)
    pdf = write_document(doc, tmp_path / "w.pdf", "pdf", language="zh_CN")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("工作报告", "2024年第二季度", "超期问题", "班车要常态化", "赵一", "孙三"):
        assert expected in text, expected
    assert "13800001111" not in text and "王小明" not in text
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert all(" yes " in line for line in fonts.splitlines()[2:])
    xlsx = write_document(doc, tmp_path / "w.xlsx", "xlsx", language="zh_CN")
    book = openpyxl.load_workbook(xlsx)
    assert len(book.sheetnames) >= 7
    values = [c.value for s in book for row in s.iter_rows() for c in row if c.value is not None]
    assert 65 in values and "P7" in values
    docx = WordDocument(write_document(doc, tmp_path / "w.docx", "docx", language="zh_CN"))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert any("问题台账" in h for h in headings)
    assert len(docx.tables) >= 6


def test_year_end_ledger_workbook(work_ws, tmp_path):
    # a formula-looking title stays text
    from fieldkit.core.work import ledger

    ledger.log_problem(work_ws, title="=HYPERLINK(\"x\")", grade="short_term",
                       registered_on="2024-11-01")
    out = write_ledger(work_ws, WorkReportSpec("2024"), tmp_path / "ledger.xlsx",
                       language="en", today=TODAY)
    book = openpyxl.load_workbook(out)
    sheet = book["Ledger"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "E2" and sheet.auto_filter.ref == f"A1:AB{sheet.max_row}"
    assert "Raised by" not in header and "Timeline" in header
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 10                              # P1-P9 and the new one
    p1 = next(r for r in rows if r["Problem"].startswith("P1"))
    assert p1["Ratings"] == "2024-04-13 Unsatisfied (不满意)\n2024-05-02 Satisfied (满意): 班车开通了"
    assert p1["Timeline"].splitlines()[-1] == "2024-04-20 Replied (已回复) → Closed (销号)"
    assert p1["Replies to the worker"] == "2024-04-12 已解决"
    assert p1["Days to resolve"] == 10 and p1["Resolved on"].date().isoformat() == "2024-04-11"
    assert p1["Typical case"] == "first half of 2024"
    assert p1["Days past deadline"] is None                  # resolved 2024-04-11, due 04-16
    p2 = next(r for r in rows if r["Problem"] == "P2")       # due 2024-05-10, still open
    assert p2["Overdue"] == "Yes" and p2["Days past deadline"] == 66     # to 2024-07-15
    formula = next(c for c in sheet["D"] if c.value == "=HYPERLINK(\"x\")")
    assert formula.data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    personal = write_ledger(work_ws, WorkReportSpec("2024", include_personal=True),
                            tmp_path / "p.xlsx", language="zh_CN", today=TODAY)
    sheet = openpyxl.load_workbook(personal).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "王小明" in values and "13800001111" in values


def test_ledger_carries_over_unresolved_problems(work_ws):
    q3 = report_queries.ledger_rows(work_ws, Period.parse("2024-Q3"), today=TODAY)
    titles = {r["title"]: r["carried_over"] for r in q3}
    # P1, P6 and P8 were resolved before July; P4 was resolved on 2024-06-05
    assert set(titles) == {"P2", "P3", "P5", "P7", "P9"}
    assert all(titles.values())
