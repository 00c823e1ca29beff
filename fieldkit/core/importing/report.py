"""The problems of an import preview as an .xlsx the user can fix the data from: a list of
problems, and the data itself with every offending cell highlighted and annotated."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import tr, translate
from fieldkit.core.importing.table import read_tables

ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
FORMULA_START = ("=", "+", "-", "@")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula is written as text (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_report(preview, source_path: str | Path, target: str | Path) -> Path:
    target = Path(target)
    book = Workbook()
    sheet = book.active
    sheet.title = tr("Problems")[:31]
    headers = [tr("Row"), tr("Column"), tr("Header"), tr("Question"), tr("Problem"),
               tr("Expected"), tr("Found"), tr("Severity")]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for problem in preview.problems():
        sheet.append([problem.row, problem.location(), safe_cell(problem.header), problem.question,
                      safe_cell(problem.message()),
                      translate(problem.expected) if problem.expected else "",
                      safe_cell(problem.found),
                      tr("error") if problem.severity == "error" else tr("warning")])
    for letter, width in zip("ABCDEFGH", (8, 8, 24, 18, 60, 28, 24, 10)):
        sheet.column_dimensions[letter].width = width
    data = book.create_sheet(tr("Data")[:31])
    table = next((t for t in read_tables(source_path, preview.sheet or None)
                  if t.sheet == preview.sheet), None)
    marks = {}
    for problem in preview.problems():
        if problem.column and not problem.sheet:  # a repeat sheet's cells are not copied here
            marks[(problem.row, problem.column)] = problem
    if table is not None:
        for number, cells in table.rows:
            for index, value in enumerate(cells):
                cell = data.cell(row=number, column=index + 1, value=safe_cell(value))
                problem = marks.get((number, column_letter(index)))
                if problem is not None:
                    cell.fill = ERROR_FILL if problem.severity == "error" else WARNING_FILL
                    cell.comment = Comment(problem.message(), "fieldkit")
    partial = target.with_name(target.name + ".partial.xlsx")
    book.save(partial)
    partial.replace(target)
    return target
