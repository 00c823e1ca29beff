"""Write a report ``Document`` as an Excel workbook: a summary sheet (cover, overview,
findings, appendix and an index of sheets), one sheet per question and per cross-tabulation
with its table and a native Excel chart, and the data sheet when the report has one.

Numbers are real numbers (percentages as 0.0% cells), every text is a text cell (never a
formula, ``spreadsheet_out.set_text``), each sheet prints on pages one wide with its table
header repeated, and the file is written atomically (``spreadsheet_out.save_workbook``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.reports.model import (COUNT, MERGED, NUMBER, PERCENT, Chart, Document,
                                         Heading, Paragraph, Section, Table)
from fieldkit.core.spreadsheet_out import save_workbook, set_text
from fieldkit.core.reports.text import t

FORMATS = {COUNT: "#,##0", PERCENT: "0.0%", NUMBER: "#,##0.##"}
HEADER_FILL = PatternFill("solid", fgColor="E8EEF6")
TOTAL_FILL = PatternFill("solid", fgColor="F4F4F4")
THIN = Side(style="thin", color="8C8C8C")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
MERGE_TO = 8        # long paragraphs wrap across columns A-H
SHEET_NAMES = {"overview": N_("Overview"), "appendix": N_("Appendix"), "data": N_("Data")}


def _display_width(text: str) -> int:
    """Characters as Excel counts column width: Chinese characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Sheet:
    """Writes blocks one under another on a worksheet, keeping track of widths."""

    def __init__(self, sheet, language: str):
        self.sheet = sheet
        self.language = language
        self.row = 1
        self.widths: dict[int, int] = {}
        self.print_rows: tuple[int, int] | None = None
        self.wide = False

    def _fit(self, column: int, text: str, cap: int = 60) -> None:
        self.widths[column] = min(cap, max(self.widths.get(column, 8), _display_width(text) + 2))

    def text(self, text: str, *, bold: bool = False, size: float | None = None) -> None:
        cell = set_text(self.sheet, self.row, 1, text)
        if bold or size:
            cell.font = Font(bold=bold, size=size or 11)
        if "\n" in text or _display_width(text) > 90:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row,
                                   end_column=MERGE_TO)
            self.sheet.row_dimensions[self.row].height = 15 * max(
                1, text.count("\n") + 1 + _display_width(text) // 100)
        self.row += 1

    def table(self, table: Table) -> tuple[int, int]:
        """Write ``table``; returns (first data row, last data row)."""
        if table.caption:
            self.text(table.caption, bold=True)
        head_first = self.row
        for r, header in enumerate(table.header):
            for c, value in enumerate(header, start=1):
                if value is MERGED or (r > 0 and not value):
                    continue
                cell = set_text(self.sheet, self.row, c, value or "")
                cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                span = c
                while span < len(header) and header[span] is MERGED:
                    span += 1
                if span > c:
                    self.sheet.merge_cells(start_row=self.row, start_column=c, end_row=self.row,
                                           end_column=span)
                elif r == 0 and len(table.header) == 2 and table.header[1][c - 1] in ("", None):
                    self.sheet.merge_cells(start_row=self.row, start_column=c,
                                           end_row=self.row + 1, end_column=c)
                if span == c:
                    self._fit(c, value or "", 24)
            self.row += 1
        if self.print_rows is None:
            self.print_rows = (head_first, self.row - 1)
        first = self.row
        for i, values in enumerate(table.rows):
            total = table.total_row and i == len(table.rows) - 1
            for c, (value, kind) in enumerate(zip(values, table.kinds), start=1):
                if isinstance(value, str) or value is None:
                    cell = set_text(self.sheet, self.row, c, value or "")
                    self._fit(c, value or "")
                else:
                    cell = self.sheet.cell(row=self.row, column=c,
                                           value=value / 100 if kind == PERCENT else value)
                    cell.number_format = FORMATS.get(kind, "General")
                    self._fit(c, f"{value:,.1f}", 14)
                cell.border = BOX
                if total:
                    cell.font, cell.fill = BOLD, TOTAL_FILL
            self.row += 1
        self.wide = self.wide or table.columns > 8
        self.row += 1
        return first, self.row - 2

    def chart(self, chart: Chart) -> None:
        """A native bar chart over a small data block written to the right of the tables."""
        column = max(max(self.widths, default=1), MERGE_TO) + 2   # right of long text rows
        top = self.row_for_chart_data
        set_text(self.sheet, top, column, "")
        for s, (name, _) in enumerate(chart.series, start=1):
            set_text(self.sheet, top, column + s, name)
        for i, category in enumerate(chart.categories, start=1):
            set_text(self.sheet, top + i, column, category)
            for s, (_, values) in enumerate(chart.series, start=1):
                cell = self.sheet.cell(row=top + i, column=column + s,
                                       value=values[i - 1] / 100 if chart.percent else
                                       values[i - 1])
                cell.number_format = "0.0%" if chart.percent else "General"
        bar = BarChart()
        bar.type = "bar" if chart.horizontal and len(chart.series) == 1 else "col"
        bar.title = chart.title
        bar.style = 10
        bar.gapWidth = 0 if chart.kind == "histogram" else 60
        data = Reference(self.sheet, min_col=column + 1, max_col=column + len(chart.series),
                         min_row=top, max_row=top + len(chart.categories))
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(Reference(self.sheet, min_col=column, min_row=top + 1,
                                     max_row=top + len(chart.categories)))
        if len(chart.series) == 1:
            bar.legend = None
        if chart.horizontal:
            bar.x_axis.scaling.orientation = "maxMin"   # first option at the top
        bar.y_axis.numFmt = "0%" if chart.percent else "General"
        bar.y_axis.majorGridlines = None if chart.horizontal else bar.y_axis.majorGridlines
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.width = 18
        bar.height = max(7.5, 0.6 * len(chart.categories) + 3) if chart.horizontal else 9
        self.sheet.add_chart(bar, f"A{self.row}")
        self.row += int(bar.height * 2) + 2
        self.row_for_chart_data += len(chart.categories) + 2

    def finish(self) -> None:
        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        setup = self.sheet.page_setup
        setup.paperSize = self.sheet.PAPERSIZE_A4
        setup.orientation = "landscape" if self.wide else "portrait"
        setup.fitToWidth, setup.fitToHeight = 1, 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if self.print_rows:
            self.sheet.print_title_rows = f"{self.print_rows[0]}:{self.print_rows[1]}"
        self.sheet.print_options.horizontalCentered = True


def _sheet_name(section: Section, language: str, used: set[str]) -> str:
    base = t(language, SHEET_NAMES[section.sheet]) if section.sheet in SHEET_NAMES else \
        (section.sheet or section.key)
    name = "".join(ch for ch in base if ch not in "[]:*?/\\")[:31] or "Sheet"
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name[:28]}-{n}", n + 1
    used.add(candidate)
    return candidate


def _write_blocks(out: _Sheet, blocks) -> None:
    out.row_for_chart_data = out.row
    for block in blocks:
        if isinstance(block, Heading):
            out.text(block.text, bold=True, size=14 if block.level == 1 else 12)
        elif isinstance(block, Paragraph):
            out.text(block.text)
        elif isinstance(block, Table):
            out.table(block)
        elif isinstance(block, Chart):
            out.chart(block)


def _write_data(out: _Sheet, blocks) -> None:
    """A data sheet: its table's header stays in view and carries the filter buttons."""
    for block in blocks:
        if isinstance(block, Table):
            first, last = out.table(block)
            out.sheet.freeze_panes = f"B{first}"
            out.sheet.auto_filter.ref = (f"A{first - 1}:{get_column_letter(block.columns)}"
                                         f"{max(last, first - 1)}")
        else:
            _write_blocks(out, [block])


def write_xlsx(document: Document, target, *, language: str,
               progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None) -> Path:
    """Write ``document`` to ``target`` (atomically); returns the path written."""
    book = Workbook()
    summary = _Sheet(book.active, language)
    used: set[str] = set()
    book.active.title = t(language, N_("Summary"))
    used.add(book.active.title)
    c = document.cover
    summary.text(c.title, bold=True, size=16)
    for line in (c.subtitle, c.issuer, c.date, c.authors and t(language, N_(
            "Prepared by: {authors}"), authors=c.authors)):
        if line:
            summary.text(line)
    summary.row += 1
    steps = Progress(len(document.sections), progress, cancel)
    index: list[tuple[str, str]] = []
    for n, section in enumerate(document.sections, start=1):
        own_sheet = section.key[:2] in ("q:", "x:") or any(
            isinstance(b, (Table, Chart)) for b in section.blocks)
        if not own_sheet:
            _write_blocks(summary, section.blocks)
        else:
            sheet = book.create_sheet(_sheet_name(section, language, used))
            out = _Sheet(sheet, language)
            if section.data:
                _write_data(out, section.blocks)
            else:
                _write_blocks(out, section.blocks)
            out.finish()
            index.append((sheet.title, section.title))
        steps.step(n)
    if index:
        summary.row += 1
        summary.text(t(language, N_("Sheets in this workbook")), bold=True, size=12)
        summary.table(Table([[t(language, N_("Sheet")), t(language, N_("Contents"))]],
                            [list(i) for i in index], ["text", "text"]))
    summary.widths[1] = max(summary.widths.get(1, 10), 24)
    summary.finish()
    return save_workbook(book, target)
