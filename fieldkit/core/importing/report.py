"""The problems of an import preview as an .xlsx the user can fix the data from: a list of
problems, and the data itself with every offending cell highlighted and annotated.

Every text is written as a text cell, so a formula typed as an answer shows as typed (no
apostrophe added). A source cell longer than a spreadsheet cell holds is shown cut, marked
in red with a note, so that nobody fixes the data in the report and imports the cut text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import tr, translate
from fieldkit.core.importing.table import read_tables
from fieldkit.core.spreadsheet_out import EXCEL_CELL_LIMIT, check_folder, save_workbook, write_row

ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")


def _fit(value):
    if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
        return value[:EXCEL_CELL_LIMIT - 1] + "…", True
    return value, False


def write_report(preview, source_path: str | Path, target: str | Path) -> Path:
    target = Path(target)
    check_folder(target)
    book = Workbook()
    sheet = book.active
    sheet.title = tr("Problems")[:31]
    headers = [tr("Row"), tr("Column"), tr("Header"), tr("Question"), tr("Problem"),
               tr("Expected"), tr("Found"), tr("Severity")]
    write_row(sheet, 1, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, problem in enumerate(preview.problems(), start=2):
        write_row(sheet, number, [problem.row, problem.location(), _fit(problem.header)[0],
                                  _fit(problem.question_text())[0], _fit(problem.message())[0],
                                  translate(problem.expected) if problem.expected else "",
                                  _fit(problem.found)[0],
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
            write_row(data, number, [_fit(value)[0] for value in cells])
            for index, value in enumerate(cells):
                problem = marks.get((number, column_letter(index)))
                cut = _fit(value)[1]
                if problem is None and not cut:
                    continue
                cell = data.cell(row=number, column=index + 1)
                if cut:
                    cell.fill = ERROR_FILL
                    cell.comment = Comment(tr("This cell has {length} characters, more than a "
                                              "spreadsheet cell holds; it is cut here. Fix it in "
                                              "the original file.", length=len(value)), "fieldkit")
                else:
                    cell.fill = ERROR_FILL if problem.severity == "error" else WARNING_FILL
                    cell.comment = Comment(problem.message(), "fieldkit")
    return save_workbook(book, target)
