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


class Layout:
    """The columns of a table by position, shared by all its rows: ``slots[i]`` is the
    column at index i (None where the header cell is blank), ``by_field`` the indices of
    the columns of each field, in order."""

    __slots__ = ("slots", "by_field")

    def __init__(self, columns: list[Column]) -> None:
        width = max((c.index for c in columns), default=-1) + 1
        self.slots: list[Column | None] = [None] * width
        self.by_field: dict[str, tuple[int, ...]] = {}
        for column in columns:
            self.slots[column.index] = column
            self.by_field[column.field] = (*self.by_field.get(column.field, ()), column.index)


class Row:
    """A data row: its spreadsheet row number and its cell texts by column index.

    The texts are kept as read (one list per row) and paired with columns only when
    asked: forms have thousands of cells, and most are read just once, by position."""

    __slots__ = ("number", "values", "layout")

    def __init__(self, number: int, values: list[str], layout: Layout) -> None:
        self.number, self.values, self.layout = number, values, layout

    @property
    def cells(self) -> list[tuple[Column, str]]:
        """The non-empty cells that have a header, in column order."""
        slots = self.layout.slots
        return [(column, value) for column, value in zip(slots, self.values) if value and column is not None]

    def get(self, name: str) -> str:
        """The first non-empty cell of a column of field ``name`` ("" if none)."""
        values = self.values
        for index in self.layout.by_field.get(name, ()):
            if index < len(values) and values[index]:
                return values[index]
        return ""


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
    layout = Layout(table.columns)
    slots = layout.slots
    orphans: dict[int, int] = {}  # column index -> first row with data there
    # Usually every cell of a row is below a header: no per-cell work then.
    gapless = None not in slots
    for number, cells in raw.rows[1:]:
        if not gapless or len(cells) > len(slots):
            headed = False
            for index, value in enumerate(cells):
                if value:
                    if index < len(slots) and slots[index] is not None:
                        headed = True
                    else:
                        orphans.setdefault(index, number)
            if not headed:
                continue
        table.rows.append(Row(number, cells, layout))
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
