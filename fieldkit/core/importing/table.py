"""Reading the file to import into rows of cells, whatever its format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.core.i18n import N_
from fieldkit.core.importing.csv_reader import read_csv
from fieldkit.core.importing.errors import ImportFileError
from fieldkit.core.progress import CancelToken

MAX_ROWS = 200_000
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass
class Table:
    file_name: str
    sheet: str
    rows: list[tuple[int, list]]     # (1-based row number in the file, cells)
    # rows of a CSV written in another encoding than the rest (row number -> encoding name)
    other_encoding: dict[int, str] = field(default_factory=dict)


def read_tables(path: str | Path, sheet: str | None = None,
                cancel: CancelToken | None = None) -> list[Table]:
    """The sheets of the file that hold data (just ``sheet`` when it is named)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(N_("The file “{file}” does not exist."), file=path.name)
    if path.stat().st_size == 0:
        raise ImportFileError(N_("The file “{file}” is empty."), file=path.name)
    suffix = path.suffix.lower()
    if suffix == ".zip":  # ODK Central's export: one CSV for the form, one per repeat
        from fieldkit.core.importing.odk_zip import read_zip

        tables = read_zip(path, MAX_ROWS, cancel)
        if sheet:
            tables = [t for t in tables if t.sheet == sheet]
            if not tables:
                raise ImportFileError(N_("The file “{file}” has no sheet “{sheet}”."),
                                      file=path.name, sheet=sheet)
        return tables
    if suffix in (".csv", ".txt", ".tsv"):
        notes: dict[int, str] = {}
        rows = read_csv(path, MAX_ROWS, cancel, notes)
        return [Table(path.name, "", [(i, r) for i, r in enumerate(rows, 1)
                                      if any(str(c).strip() for c in r)], notes)]
    if suffix not in SPREADSHEETS:
        raise ImportFileError(N_("fieldkit cannot import “{file}”: use an .xlsx, .xls, .ods or "
                                 ".csv file."), file=path.name)
    from fieldkit.core.forms.workbook import read_workbook

    sheets = read_workbook(path, as_text=False, cancel=cancel)
    if sheet:
        chosen = next((s for s in sheets if s.name == sheet), None)
        if chosen is None:
            raise ImportFileError(N_("The file “{file}” has no sheet “{sheet}”."),
                                  file=path.name, sheet=sheet)
        candidates = [chosen]
    else:
        candidates = [s for s in sheets if s.rows]
    if not candidates or not candidates[0].rows:
        raise ImportFileError(N_("The file “{file}” has no data."), file=path.name)
    return [Table(path.name, s.name, s.rows) for s in candidates]
