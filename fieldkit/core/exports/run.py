"""Export the responses of a form: the one function the command line and the app call.

Reads the responses through the responses wing (``response_export_rows``), builds the
tables (``layout``) and the rows (``rows``) and hands them to one format's writer. Reports
progress and checks Cancel every few hundred responses; a cancelled or failed export
leaves no file (every writer writes beside its target and renames when complete).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from fieldkit.core.exports.about import About
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.layout import build_layout
from fieldkit.core.exports.rows import RowBuilder
from fieldkit.core.i18n import N_, current_language
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.responses.export_rows import count_matching, form_versions, iter_matching
from fieldkit.core.responses.query import ResponseFilter
from fieldkit.core.store.workspace import Workspace

FORMATS = ("xlsx", "csv", "sav", "sqlite")
SUFFIXES = {"xlsx": ".xlsx", "csv": ".csv", "sav": ".sav", "sqlite": ".sqlite"}


@dataclass
class ExportOptions:
    format: str = "xlsx"
    codes: bool = False               # stored codes instead of option labels
    include_personal: bool = False
    encoding: str = "utf-8"           # CSV only: utf-8 (with BOM) or gb18030
    batch_id: str | None = None       # only the responses of one import batch
    filters: list[tuple[str, str]] = field(default_factory=list)  # shown in the file


@dataclass
class ExportResult:
    form_id: str
    format: str
    files: list[str]
    responses: int
    entries: dict[str, int]
    personal_included: list[str]
    personal_left_out: list[str]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def export_responses(ws: Workspace, flt: ResponseFilter, target: str | Path,
                     options: ExportOptions | None = None, *,
                     progress: ProgressCallback | None = None,
                     cancel: CancelToken | None = None) -> ExportResult:
    """Write the responses ``flt`` lets through to ``target`` in ``options.format``."""
    options = options or ExportOptions()
    if options.format not in FORMATS:
        raise ExportError(N_("Unknown export format “{format}”: use xlsx, csv, sav or sqlite."),
                          format=options.format)
    versions = form_versions(ws, flt.form_id)
    layout = build_layout(flt.form_id, versions, include_personal=options.include_personal,
                          language=current_language())
    codes = options.codes or options.format in ("sqlite", "sav")
    about = About(layout, codes, list(options.filters))
    total = count_matching(ws, flt, options.batch_id)
    # SPSS and the analysis database keep codes and give the labels beside them (value
    # labels; labels tables and a view); the other formats write what was asked for.
    builder = RowBuilder(layout, codes=codes)
    tracker = Progress(total, progress, cancel, every=max(1, min(1000, total // 50 or 1)))
    tracker.cancel.raise_if_cancelled()

    def stream() -> Iterator:
        done = 0
        for chunk in iter_matching(ws, flt, options.batch_id, chunk=250):
            for row in chunk:
                yield builder.response(row)
            done += len(chunk)
            tracker.step(done)
        tracker.step(total)

    rows = stream()
    try:
        files = _write(options, layout, rows, Path(target), about)
    finally:
        rows.close()  # the query's cursor is closed even when a writer stops early
    return ExportResult(
        flt.form_id, options.format, [str(f) for f in files], about.counts.get("", 0),
        {t.key: about.counts.get(t.key, 0) for t in layout.tables[1:]},
        [name for name, _ in layout.personal_included], [name for name, _ in layout.left_out])


def _write(options: ExportOptions, layout, stream, target: Path, about: About) -> list:
    if options.format == "xlsx":
        from fieldkit.core.exports.xlsx import write_xlsx

        return [write_xlsx(layout, stream, target, about)]
    if options.format == "csv":
        from fieldkit.core.exports.csv_file import write_csv

        return write_csv(layout, stream, target, about, encoding=options.encoding)
    if options.format == "sav":
        from fieldkit.core.exports.sav import write_sav

        return write_sav(layout, stream, target, about)
    from fieldkit.core.exports.sqlite_db import write_sqlite

    return [write_sqlite(layout, stream, target, about)]


def personal_questions(ws: Workspace, form_id: str) -> list[tuple[str, str]]:
    """(name, label) of the questions of any version of the form that are personal data."""
    layout = build_layout(form_id, form_versions(ws, form_id), language=current_language())
    return layout.left_out


def export_with_filter_lines(ws: Workspace, flt: ResponseFilter, target: str | Path,
                             options: ExportOptions, *, progress: ProgressCallback | None = None,
                             cancel: CancelToken | None = None) -> ExportResult:
    """``export_responses`` for a filter made in the app: the file lists that filter."""
    from fieldkit.core.exports.filters import describe_filter

    options.filters = describe_filter(ws, flt)
    return export_responses(ws, flt, target, options, progress=progress, cancel=cancel)
