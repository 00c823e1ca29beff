"""Print… on the responses page: the responses the current filters show, with the columns
the page shows, as a table (``core/reports/responses_table.py`` says why a table and not
the survey report). Built and rendered on the database thread behind a progress dialog;
the pages go to the printer chosen in the system's print dialog."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from fieldkit.core.i18n import current_language, tr
from fieldkit.core.reports.output import write_document
from fieldkit.core.reports.preview import render_pages
from fieldkit.core.reports.responses_table import build_responses_table
from fieldkit.core.responses.query import ResponseFilter
from fieldkit.ui.reports.printing import paint_pages

PRINT_DPI = 200


def printable_pages(ws, flt: ResponseFilter, column_keys: list[str], language: str, *,
                    progress=None, cancel=None) -> dict:
    """Database thread: the table as a PDF in a temporary folder, and its pages as pictures."""
    document = build_responses_table(ws, flt, column_keys, language=language, cancel=cancel)
    folder = Path(tempfile.mkdtemp(prefix="fieldkit-print-"))
    pdf = write_document(document, folder / "responses.pdf", "pdf", language=language,
                         cancel=cancel)
    return {"pdf": str(pdf), "pages": render_pages(pdf, dpi=PRINT_DPI, progress=progress,
                                                   cancel=cancel)}


def print_responses(page, printer: QPrinter | None = None, on_printed=None) -> None:
    """Ask for a printer (unless one is given, as tests do) and print the filtered list."""
    if not page.form_id:
        return
    if printer is None:
        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(tr("Responses"))
        if QPrintDialog(printer, page).exec() != QPrintDialog.Accepted:
            return
    keys = [column.key for column in page.model.columns]

    def done(result: dict) -> None:
        paint_pages(printer, result["pages"])
        if on_printed is not None:
            on_printed(result)

    page.window_.tasks.run_with_progress(page, tr("Preparing pages for the printer…"),
                                         printable_pages, done, None, page.current_filter(),
                                         keys, current_language())
