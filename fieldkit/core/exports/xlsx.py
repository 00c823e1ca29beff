"""Responses as an .xlsx workbook: an "About" sheet first, then one sheet per table.

Written with openpyxl's write-only mode (rows stream to disk; 50,000 × 80 stays far below
500 MB). Row 1 holds the labels, row 2 the names; both stay in view (frozen) and row 2
carries the filter buttons. Column widths count a Chinese character as two.

Every text is written as a text cell: openpyxl would store ``=HYPERLINK(...)`` as a
formula, so such a value goes in a cell typed as text; ``+1`` and ``@SUM(1)`` are text
cells already. Nothing is added to the text. A text longer than a cell holds (32,767
characters) is refused, naming the response and question, rather than cut: an export must
not change an answer. Control characters the format cannot hold at all are left out, as
in every workbook fieldkit writes (``spreadsheet_out``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from fieldkit.core.exports.about import HEADER_NOTE, About
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.layout import META, NUMBER, OPTION, Column, Layout, Table
from fieldkit.core.i18n import N_, tr
from fieldkit.core.spreadsheet_out import EXCEL_CELL_LIMIT, write_atomically

_BAD_SHEET_CHARACTERS = str.maketrans({c: "_" for c in "[]:*?/\\"})
_BOLD = Font(bold=True)
_GREY = Font(color="666666")
_WARN = PatternFill("solid", fgColor="FFE0E0")


def display_width(text: str) -> int:
    """Columns a text needs: a Chinese (wide) character counts as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _width(column: Column) -> float:
    label = display_width(column.label or column.key)
    if column.kind == META:
        base = {"_id": 38, "_started": 26, "_finalised": 26, "_parent_id": 38,
                "_response_id": 38}.get(column.key, 12)
        return max(base, min(label + 2, 30))
    if column.kind == OPTION:
        return min(max(label + 2, 6), 24)
    if column.kind == NUMBER:
        return min(max(label + 2, 8), 24)
    return min(max(label + 2, 14), 40)


def sheet_names(titles: list[str]) -> list[str]:
    """Valid, distinct sheet names (31 characters, none of []:*?/\\)."""
    names: list[str] = []
    taken = {"history"}
    for title in titles:
        base = (title.translate(_BAD_SHEET_CHARACTERS).strip("' ") or "Sheet")[:31]
        name, n = base, 2
        while name.lower() in taken:
            suffix = f" ({n})"
            name, n = base[:31 - len(suffix)] + suffix, n + 1
        taken.add(name.lower())
        names.append(name)
    return names


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


class _Sheet:
    def __init__(self, book: Workbook, table: Table, name: str) -> None:
        self.table = table
        self.sheet = book.create_sheet(name)
        self.rows = 0
        self.stripped = 0  # texts whose control characters a workbook cannot hold
        for index, column in enumerate(table.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = _width(column)
        self.sheet.freeze_panes = "B3"
        labels, names = [], []
        for column in table.columns:
            cell = _text_cell(self.sheet, column.label or column.key)
            cell.font = _BOLD
            labels.append(cell)
            cell = _text_cell(self.sheet, column.key)
            cell.font = _GREY
            names.append(cell)
        self.sheet.append(labels)
        self.sheet.append(names)

    def append(self, values: list) -> None:
        for value in values:
            if value.__class__ is str and (value[:1] == "=" or len(value) > EXCEL_CELL_LIMIT
                                           or not value.isprintable()):
                values = self._careful(values)
                break
        self.sheet.append(values)
        self.rows += 1

    def _careful(self, values: list) -> list:
        """The row with each text that openpyxl would not keep as it is in a text cell."""
        out = []
        for index, value in enumerate(values):
            if value.__class__ is str:
                if len(value) > EXCEL_CELL_LIMIT:
                    column = self.table.columns[index]
                    raise ExportError(
                        N_("The answer to “{question}” in response {response} has {length} "
                           "characters; a spreadsheet cell holds at most {limit}. Nothing was "
                           "written. Export as CSV or SQLite, which keep it whole."),
                        question=column.question or column.key, response=values[0],
                        length=len(value), limit=EXCEL_CELL_LIMIT)
                if ILLEGAL_CHARACTERS_RE.search(value):
                    self.stripped += 1
                    value = _text_cell(self.sheet, value)
                elif value[:1] == "=":
                    value = _text_cell(self.sheet, value)
            out.append(value)
        return out

    def close(self) -> None:
        last = get_column_letter(max(1, len(self.table.columns)))
        self.sheet.auto_filter.ref = f"A2:{last}{self.rows + 2}"


def write_xlsx(layout: Layout, stream: Iterable, target: str | Path, about: About) -> Path:
    """Write the rows of ``stream`` ((responses row, [(repeat key, row), ...]) per response)
    to ``target`` atomically; ``about`` gets the counts."""

    def write(temp: str) -> None:
        book = Workbook(write_only=True)
        names = sheet_names([tr("About")] + [t.title for t in layout.tables])
        info = book.create_sheet(names[0])
        sheets = {t.key: _Sheet(book, t, name) for t, name in zip(layout.tables, names[1:])}
        main = sheets[""]
        try:
            for row, repeats in stream:
                main.append(row)
                for key, values in repeats:
                    sheets[key].append(values)
        except BaseException:
            for sheet in sheets.values():  # end their streams now, not when collected
                try:
                    sheet.sheet.close()
                except Exception:
                    pass
            raise
        for key, sheet in sheets.items():
            sheet.close()
            about.counts[key] = sheet.rows
            about.stripped += sheet.stripped
        _write_about(info, about)
        book.save(temp)

    return write_atomically(target, write)


def _write_about(sheet, about: About) -> None:
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
    for index, (label, value) in enumerate(about.lines()):
        head, text = _text_cell(sheet, label), _text_cell(sheet, value)
        head.font = _BOLD
        if index == 0 and about.has_personal:
            head.fill = text.fill = _WARN
            text.font = _BOLD
        sheet.append([head, text])
    sheet.append([])
    sheet.append([_text_cell(sheet, tr(HEADER_NOTE))])
