"""The codebook as an .xlsx workbook: one row per code with its path ("安全/高原反应"), its
description and its colour, so a codebook can be drafted in Excel or WPS, shared between
sites and brought back.

Import reads the file through the same safety checks as survey spreadsheets
(``forms.workbook.read_workbook``: not a real workbook, password, zip bomb, XML bomb,
sheets too large), refuses cells holding formulas (a formula's value is whatever Excel
last computed, if it ever did), checks every row before writing, and writes everything in
one transaction. Codes are matched by path, so importing the same file twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path

from fieldkit.core.errors import FieldkitError
from fieldkit.core.plain_text import joined
from fieldkit.core.i18n import N_, tr, translate
from fieldkit.core.interviews import codes
from fieldkit.core.interviews.errors import CodebookError
from fieldkit.core.interviews.model import CodebookImportResult

HEADERS = (N_("Code path"), N_("Description"), N_("Colour"))
# header texts recognised in either language (lower-cased), by column role
_HEADER_NAMES = {
    "path": {"code path", "path", "code", "编码路径", "编码", "路径", "代码"},
    "description": {"description", "definition", "说明", "描述", "定义"},
    "colour": {"colour", "color", "颜色"},
}


def export_codebook_xlsx(ws, target: str | Path) -> int:
    """Write the codebook to ``target`` (atomically; every text cell stays text) and
    return how many codes were written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from fieldkit.core.spreadsheet_out import save_workbook, set_text, write_row

    book = Workbook()
    sheet = book.active
    sheet.title = tr("Codebook")[:31]
    write_row(sheet, 1, [tr(h) for h in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    entries = codes.codebook(ws)
    for row, code in enumerate(entries, start=2):
        set_text(sheet, row, 1, code.path)
        if code.description:
            set_text(sheet, row, 2, code.description).alignment = Alignment(wrap_text=True,
                                                                            vertical="top")
        cell = set_text(sheet, row, 3, code.colour)
        cell.fill = PatternFill("solid", fgColor=code.colour.lstrip("#").upper())
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 12
    sheet.freeze_panes = "A2"
    # printed: one page wide, as many pages down as it takes, headings on every page
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    save_workbook(book, target)
    return len(entries)


def _formula_cells(path: Path) -> list[tuple[str, str]]:
    """(sheet, cell) of every formula in an .xlsx/.xlsm (other formats: none found)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    from openpyxl import load_workbook

    found = []
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        found.append((sheet.title, cell.coordinate))
                        if len(found) >= 5:
                            return found
    finally:
        book.close()
    return found


def _roles(cells: list[str]) -> dict[str, int]:
    roles = {}
    for index, text in enumerate(cells):
        key = " ".join(str(text).split()).lower()
        for role, names in _HEADER_NAMES.items():
            if key in names and role not in roles:
                roles[role] = index
    return roles


class CodebookRowsRefused(CodebookError):
    """Rows of a codebook workbook that cannot be imported, all reported at once:
    ``problems`` holds (row, column letter, error)."""

    def __init__(self, file: str, problems: list[tuple[int, str, FieldkitError]]) -> None:
        super().__init__(N_("The codebook “{file}” was not imported: {details}"), file=file)
        self.problems = problems

    def message(self, language: str | None = None) -> str:
        where = translate(N_("row {row}, column {column}: {problem}"), language)
        details = joined((where.format(row=row, column=column, problem=exc.message(language))
                          for row, column, exc in self.problems[:20]), language)
        if len(self.problems) > 20:
            details += " …"
        return translate(self.msgid, language).format(file=self.params["file"], details=details)


def import_codebook_xlsx(ws, path: str | Path) -> CodebookImportResult:
    """Add the codes of a codebook workbook (the first sheet with a "Code path" / "编码路径"
    header). Missing parents are created; a code already at its path gets the row's
    description and colour when those cells are filled."""
    from fieldkit.core.forms.workbook import column_letter, read_workbook

    path = Path(path)
    sheets = read_workbook(path, as_text=True)
    formulas = _formula_cells(path)
    if formulas:
        sheet, cell = formulas[0]
        raise CodebookError(N_("Cell {cell} of sheet “{sheet}” in “{file}” holds a formula. "
                               "Type the value (or paste it as values) and import again."),
                            cell=cell, sheet=sheet, file=path.name)
    chosen = None
    for sheet in sheets:
        for number, cells in sheet.rows[:10]:
            roles = _roles(cells)
            if "path" in roles:
                chosen = (sheet, number, roles)
                break
        if chosen:
            break
    if chosen is None:
        raise CodebookError(N_("“{file}” has no column headed “{header}”: the codebook needs "
                               "one row of headings (Code path, Description, Colour) above "
                               "the codes."), file=path.name, header=tr(HEADERS[0]))
    sheet, header_row, roles = chosen
    rows, problems = [], []
    seen: dict[str, tuple[int, str, str]] = {}   # code path -> (row, description, colour)
    for number, cells in sheet.rows:
        if number <= header_row:
            continue

        def cell(role: str) -> str:
            index = roles.get(role)
            return str(cells[index]).strip() if index is not None and index < len(cells) else ""

        raw_path, description, colour = cell("path"), cell("description"), cell("colour")
        if not (raw_path or description or colour):
            continue
        path_column = column_letter(roles["path"])
        names = codes.split_path(raw_path)
        if not names:
            problems.append((number, path_column, FieldkitError(N_("the code path is empty"))))
            continue
        try:
            names = [codes._name(n) for n in names]
        except FieldkitError as exc:
            problems.append((number, path_column, exc))
            continue
        try:
            colour = codes._colour(colour) or ""
        except FieldkitError as exc:
            problems.append((number, column_letter(roles["colour"]), exc))
            continue
        code_path = codes.SEPARATOR.join(names)
        earlier = seen.get(code_path)
        if earlier is not None:
            if earlier[1:] != (description, colour):  # which one is meant? say, don't guess
                problems.append((number, path_column, FieldkitError(
                    N_("the code “{path}” is also on row {row}, with another description or "
                       "colour"), path=code_path, row=earlier[0])))
            continue
        seen[code_path] = (number, description, colour)
        rows.append((code_path, description, colour))
    if problems:
        raise CodebookRowsRefused(path.name, problems)
    result = CodebookImportResult(file=path.name)
    with ws.transaction():
        known = {p: i for i, p in codes.code_paths(ws).items()}
        for code_path, description, colour in rows:
            code_id = known.get(code_path)
            if code_id is None:
                names = codes.split_path(code_path)
                missing = sum(1 for depth in range(1, len(names) + 1)
                              if codes.SEPARATOR.join(names[:depth]) not in known)
                codes.ensure_path(ws, code_path, colour=colour or None,
                                  description=description)
                known = {p: i for i, p in codes.code_paths(ws).items()}  # parents made too
                result.added += missing
                continue
            row = ws.get("interview_codes", code_id)
            changes = {}
            if description and description != row["description"]:
                changes["description"] = description
            if colour and colour != row["colour"]:
                changes["colour"] = colour
            if changes:
                codes.update_code(ws, code_id, **changes)
                result.updated += 1
            else:
                result.unchanged += 1
    return result
