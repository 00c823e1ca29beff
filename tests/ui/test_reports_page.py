"""The reports page on the demo workspace: pick a form and a grouping, write findings,
preview the rendered pages, save as PDF, Excel and Word; screenshots in both languages."""

import docx
import openpyxl
from pypdf import PdfReader

from fieldkit_testing import save_shot
from tests_ui_helpers import open_main_window, type_text


import pytest
from PySide6.QtCore import Qt


@pytest.fixture(autouse=True)
def _errors_fail_the_test(monkeypatch):
    """An error would open a modal message box and hang the test: fail with its text."""
    from fieldkit.ui import tasks

    def fail(parent, exc):
        raise AssertionError(tasks.error_text(exc)) from exc

    monkeypatch.setattr(tasks, "show_error", fail)


@pytest.fixture
def main_window(qtbot, tmp_path):
    """The demo workspace as ``fieldkit demo`` makes it: built-in forms and their answers."""
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace

    path = tmp_path / "demo.fieldkit"
    with open_workspace(path, create=True) as ws:
        demo.build_demo(ws)
    window, executor = open_main_window(qtbot, path)
    window.idle()
    yield window
    executor.shutdown()


def _wait_for_preview(page, qtbot):
    qtbot.waitUntil(lambda: page.pages.count() > 0 and page.print_button.isEnabled(),
                    timeout=180_000)


def test_preview_and_save_in_three_formats(main_window, qtbot, tmp_path):
    main_window.resize(1366, 768)
    main_window.show_page("reports")
    main_window.idle()
    page = main_window.page("reports")
    qtbot.waitUntil(lambda: page.group_by.count() > 1, timeout=30_000)
    page.form.setCurrentIndex(page.form.findData("frontline_needs"))
    main_window.idle()
    qtbot.waitUntil(lambda: page.group_by.findData("work_type") > 0, timeout=30_000)
    page.group_by.setCurrentIndex(page.group_by.findData("work_type"))
    page.findings.setFocus()
    type_text(qtbot, page.findings, "职工最关心暑期托管。")
    page.issuer.setText("天津市总工会")
    page.preview_button.click()
    _wait_for_preview(page, qtbot)
    main_window.idle()
    assert page.pages.count() == len(PdfReader(page._pdf).pages) > 10
    overview = PdfReader(page._pdf).pages[3].extract_text()
    assert "This report covers 36 responses from 4 sites" in overview
    assert page.pages.itemAt(0).widget().pixmap().width() > 300
    save_shot(main_window, "reports_page_en")
    for fmt in ("pdf", "xlsx", "docx"):
        target = tmp_path / f"report.{fmt}"
        page.save(fmt, str(target))
        qtbot.waitUntil(lambda: getattr(page, "saved_path", "") == str(target), timeout=180_000)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages)
    assert "职工最关心暑期托管。" in text and "天津市总工会" in text
    assert "Overview" in openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames
    word = docx.Document(tmp_path / "report.docx")
    assert "职工最关心暑期托管。" in [p.text for p in word.paragraphs]


def test_chinese_screenshot(main_window, qtbot):
    main_window.retranslate("zh_CN")
    main_window.resize(1366, 768)
    main_window.show_page("reports")
    main_window.idle()
    page = main_window.page("reports")
    qtbot.waitUntil(lambda: page.group_by.count() > 1, timeout=30_000)
    page.preview_button.click()
    _wait_for_preview(page, qtbot)
    main_window.idle()
    assert page.pages_label.text().startswith("共 ")
    image = page.pages.itemAt(3).widget().pixmap().toImage()
    assert image.height() > image.width() > 300        # a whole A4 page, not squeezed
    save_shot(main_window, "reports_page_zh_CN")


def test_work_report_preview_save_and_ledger(main_window, qtbot, tmp_path):
    from datetime import date

    main_window.resize(1366, 768)
    main_window.show_page("reports")
    main_window.idle()
    page = main_window.page("reports")
    page.kind.setCurrentIndex(page.kind.findData("work"))
    assert page.ledger_button.isVisible() and page.options.currentWidget() is page.work
    year = str(date.today().year)
    page.work.period.setEditText(year)
    qtbot.waitUntil(lambda: page.work.scope.count() > 1, timeout=30_000)
    page.preview_button.click()
    _wait_for_preview(page, qtbot)
    main_window.idle()
    text = "".join(p.extract_text() for p in PdfReader(page._pdf).pages)
    assert f"Work report: {year}" in text and "Overdue problems" in text
    save_shot(main_window, "reports_work_en")
    target = tmp_path / "work.docx"
    page.save("docx", str(target))
    qtbot.waitUntil(lambda: getattr(page, "saved_path", "") == str(target), timeout=180_000)
    headings = [p.text for p in docx.Document(target).paragraphs if p.style.name == "Heading 1"]
    assert "4. The problem ledger" in headings
    ledger = tmp_path / "ledger.xlsx"
    page.save_ledger(str(ledger))
    qtbot.waitUntil(lambda: getattr(page, "saved_path", "") == str(ledger), timeout=180_000)
    sheet = openpyxl.load_workbook(ledger).worksheets[0]
    assert sheet.title == "Ledger" and sheet.max_row > 10


def test_saved_definitions_rebuild_rename_delete(main_window, qtbot):
    main_window.show_page("reports")
    main_window.idle()
    page = main_window.page("reports")
    qtbot.waitUntil(lambda: page.group_by.count() > 1, timeout=30_000)
    # a survey report with a grouping and findings, saved under a name
    page.form.setCurrentIndex(page.form.findData("frontline_needs"))
    main_window.idle()
    qtbot.waitUntil(lambda: page.group_by.findData("work_type") > 0, timeout=30_000)
    page.group_by.setCurrentIndex(page.group_by.findData("work_type"))
    page.findings.setPlainText("夜班职工吃饭难。")
    page.save_definition("一线需求")
    main_window.idle()
    # a work report of a site, saved too
    page.kind.setCurrentIndex(page.kind.findData("work"))
    qtbot.waitUntil(lambda: page.work.scope.count() > 1, timeout=30_000)
    page.work.period.setEditText("2024-Q2")
    site = next(i for i in range(page.work.scope.count())
                if (page.work.scope.itemData(i) or "").startswith("site_id:"))
    page.work.scope.setCurrentIndex(site)
    page.findings.setPlainText("")
    page.save_definition("站点季度")
    main_window.idle()
    names = [page.saved.list.item(i).data(Qt.UserRole)["name"]
             for i in range(page.saved.list.count())]
    assert names == ["一线需求", "站点季度"]
    # rebuilding the survey definition brings back its form, grouping and text, and previews
    page.form.setCurrentIndex(page.form.findData("altitude_health"))
    main_window.idle()
    page.saved.select("一线需求")
    page.saved.rebuild_button.click()
    assert page.kind.currentData() == "survey"
    _wait_for_preview(page, qtbot)
    main_window.idle()
    qtbot.waitUntil(lambda: page.group_by.currentData() == "work_type", timeout=30_000)
    assert page.form.currentData() == "frontline_needs"
    assert page.findings.toPlainText() == "夜班职工吃饭难。"
    assert "夜班职工吃饭难。" in "".join(p.extract_text() for p in PdfReader(page._pdf).pages)
    # the work definition restores period and scope
    page.saved.select("站点季度")
    page.saved.rebuild_button.click()
    assert page.kind.currentData() == "work"
    assert page.work.period_code() == "2024-Q2" and page.work.scope.currentIndex() == site
    main_window.idle()
    page.rename_definition(page.saved.list.currentItem().data(Qt.UserRole), "站点二季度")
    main_window.idle()
    page.delete_definition(page.saved.list.currentItem().data(Qt.UserRole), confirm=False)
    main_window.idle()
    names = [page.saved.list.item(i).data(Qt.UserRole)["name"]
             for i in range(page.saved.list.count())]
    assert names == ["一线需求"]


def test_work_report_chinese_screenshot(main_window, qtbot):
    main_window.retranslate("zh_CN")
    main_window.resize(1366, 768)
    main_window.show_page("reports")
    main_window.idle()
    page = main_window.page("reports")
    page.kind.setCurrentIndex(page.kind.findData("work"))
    page.preview_button.click()
    _wait_for_preview(page, qtbot)
    main_window.idle()
    assert "工作报告" in PdfReader(page._pdf).pages[0].extract_text()
    save_shot(main_window, "reports_work_zh_CN")
