"""Pick a report writer by format: the one entry point the CLI and the app call to write a
built ``Document``."""

from __future__ import annotations

from pathlib import Path

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, ProgressCallback

FORMATS = ("pdf", "xlsx", "docx")


def format_for(target: str | Path, given: str | None = None) -> str:
    """The format asked for, else the one the file name ends in."""
    fmt = (given or Path(target).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise FieldkitError(N_("A report can be written as PDF, Excel (.xlsx) or Word (.docx); "
                               "“{file}” is none of these. Give --format or a file name ending "
                               "in .pdf, .xlsx or .docx."), file=str(target))
    return fmt


def write_document(document, target: str | Path, fmt: str, *, language: str,
                   progress: ProgressCallback | None = None,
                   cancel: CancelToken | None = None) -> Path:
    if fmt == "pdf":
        from fieldkit.core.reports.pdf import write_pdf as writer
    elif fmt == "xlsx":
        from fieldkit.core.reports.xlsx import write_xlsx as writer
    else:
        from fieldkit.core.reports.docx import write_docx as writer
    return writer(document, target, language=language, progress=progress, cancel=cancel)
