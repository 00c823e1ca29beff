"""One XLSForm sheet as a header plus data rows, with the header problems found on it.

``Table`` pairs every non-blank data row with the parsed columns, checks the header row
(duplicate headers, required columns) and notices data under columns without a header.
It knows nothing about questions; ``xlsform_reader`` builds those from its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.core.forms.columns import Column, parse_headers
from fieldkit.core.forms.problems import Problems
from fieldkit.core.forms.workbook import RawSheet, column_letter
from fieldkit.core.i18n import N_


@dataclass
class Row:
    """A data row: its spreadsheet row number and its cells by parsed column."""

    number: int
    cells: list[tuple[Column, str]]  # only non-empty cells

    def get(self, name: str) -> str:
        return next((v for c, v in self.cells if c.field == name), "")


@dataclass
class Table:
    kind: str  # "survey", "choices" (also external_choices, osm) or "settings"
    sheet: str
    header_row: int = 0
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def column(self, name: str, sub: str = "", language: str | None = None) -> Column | None:
        return next((c for c in self.columns if (c.field, c.sub, c.language) == (name, sub, language)), None)

    def cell(self, column: Column | None, row: int) -> str:
        return f"{column_letter(column.index)}{row}" if column and row else ""


def read_table(kind: str, raw: RawSheet, problems: Problems) -> Table:
    table = Table(kind, raw.name)
    if not raw.rows:
        return table
    table.header_row, header_cells = raw.rows[0]
    headers = [(i, " ".join(text.split())) for i, text in enumerate(header_cells) if text]
    table.columns = parse_headers(kind, headers)
    _check_duplicates(table, problems)
    by_index = {c.index: c for c in table.columns}
    orphans: dict[int, int] = {}  # column index -> first row with data there
    for number, cells in raw.rows[1:]:
        row = Row(number, [])
        for index, value in enumerate(cells):
            if not value:
                continue
            column = by_index.get(index)
            if column is None:
                orphans.setdefault(index, number)
            else:
                row.cells.append((column, value))
        if row.cells:
            table.rows.append(row)
    for index, number in sorted(orphans.items()):
        letter = column_letter(index)
        problems.warn(
            raw.name, number, letter,
            N_("Column {letter} has no header, so what is written in it was ignored."),
            N_("Give the column a header, or delete its contents."),
            cell=f"{letter}{number}", letter=letter,
        )
    return table


def _check_duplicates(table: Table, problems: Problems) -> None:
    seen: dict[tuple, Column] = {}
    for column in table.columns:
        first = seen.get(column.identity)
        if first is None:
            seen[column.identity] = column
            continue
        hint = (N_("Delete one of the two “{header}” columns, or give it another name.")
                if first.header.lower() == column.header.lower()
                else N_("“{other}” and “{header}” are two names for the same column; keep only one of them."))
        problems.error(
            table.sheet, table.header_row, column.header,
            N_("Duplicate column header: {header}"), hint,
            cell=table.cell(column, table.header_row), header=column.header, other=first.header,
        )


def require_columns(table: Table, names: tuple[str, ...], problems: Problems) -> bool:
    """Report required columns the sheet lacks; True when all are present."""
    present = {c.field for c in table.columns}
    ok = True
    for name in names:
        if name not in present:
            ok = False
            problems.error(
                table.sheet, table.header_row, "",
                N_("The sheet has no “{column}” column."),
                N_("Add a column headed “{column}” to the first row of the sheet."),
                column=name,
            )
    return ok
