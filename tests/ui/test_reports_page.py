"""The reports page on the demo workspace: pick a form and a grouping, write findings,
preview the rendered pages, save as PDF, Excel and Word; screenshots in both languages."""

import docx
import openpyxl
from pypdf import PdfReader

from fieldkit_testing import save_shot
from tests_ui_helpers import open_main_window, type_text


import pytest


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
