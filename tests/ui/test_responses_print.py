"""Print… on the responses page: what the filters show, with the columns shown, sent to a
QPrinter that writes a PDF file (no real printer needed); personal columns left out."""

from PySide6.QtPrintSupport import QPrinter
from pypdf import PdfReader

from fieldkit.core.reports.responses_table import build_responses_table
from test_responses_page import add_responses, open_browser, wait_count


def test_print_writes_the_filtered_list(main_window, qtbot, tmp_path):
    rows = add_responses(main_window, 60)
    page = open_browser(main_window)
    assert page.print_button.text() == "Print…"
    site = rows[0]["site_id"]
    page.filters.site.setCurrentIndex(page.filters.site.findData(site))
    expected = sum(r["site_id"] == site for r in rows)
    wait_count(qtbot, page, expected)
    page._show_columns(["started", "site", "q:work_type", "q:contact_name"])
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    printed = []
    page.print_responses(printer, printed.append)
    qtbot.waitUntil(lambda: bool(printed), timeout=120_000)
    main_window.idle()
    source = PdfReader(printed[0]["pdf"])
    assert len(PdfReader(target).pages) == len(source.pages) == len(printed[0]["pages"]) >= 1
    text = "".join(p.extract_text() for p in source.pages)
    assert f"{expected} responses" in text
    # the columns shown, the filtered rows, and the personal column left out
    flt = page.current_filter()
    doc = main_window.tasks.executor.submit(
        lambda ws: build_responses_table(ws, flt, [c.key for c in page.model.columns],
                                         language="en")).result(60)
    table = doc.sections[0].blocks[-1]
    assert len(table.rows) == expected
    assert table.header[0][:3] == ["No.", "Started", "Site"]
    assert "Left out as personal data" in text and len(table.header[0]) == 4
