"""Open a spreadsheet (.xlsx, .xls, .ods) safely and return its sheets as text grids.

python-calamine does the reading, but it trusts the file; so it only sees a file that
``zip_scan`` (.xlsx, .ods) or ``xls_scan`` (.xls) has measured first: not a zip bomb,
no XML entities, no sheet so large that loading it would exhaust memory. Every failure
is a ``WorkbookError`` with a message the user can act on; nothing here raises a
traceback.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from fieldkit.core.errors import Cancelled, FieldkitError, os_reason
from fieldkit.core.forms.xls_scan import XlsLayoutError, sheet_extents
from fieldkit.core.forms.zip_scan import (
    MAX_CELLS, MAX_COLS, MAX_INFLATED_BYTES, MAX_ROWS, SheetTooLarge, ZipProblem, check_extent, scan_zip,
)
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, run_cancellable

MAX_FILE_BYTES = 32 * 1024 * 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNCLEAN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\xa0]")
_PASSWORD = N_("The file “{file}” is password-protected. Remove the password in Excel or WPS and import it again.")


class WorkbookError(FieldkitError):
    """The file cannot be read as a spreadsheet (not a workbook, damaged, hostile, too big)."""


@dataclass
class RawSheet:
    """One sheet as text. ``rows`` holds only non-blank rows as (1-based row number,
    cell texts indexed by 0-based column); blank cells are ""."""

    name: str
    rows: list[tuple[int, list[str]]]


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: object) -> str:
    """A cell value as the text an XLSForm means by it (1.0 -> "1", True -> "TRUE")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    text = str(value).replace("\u00a0", " ")
    return _CONTROL_CHARS.sub("", text).strip()


def read_workbook(path: str | Path, as_text: bool = True,
                  cancel: CancelToken | None = None) -> list[RawSheet]:
    """All sheets of the workbook at ``path``, in workbook order.

    ``as_text=False`` keeps calamine's own values (numbers, dates, text) instead of turning
    every cell into text: the survey importer parses each cell by its question's type.
    ``cancel`` is watched while calamine parses a sheet (a large one takes seconds)."""
    path = Path(path)
    data = _read_bytes(path)
    if data.startswith(_ZIP_MAGICS):
        _check_zip(path, data)
    elif data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_STREAM in data:  # Excel/WPS wrap a password-protected .xlsx in OLE2
            raise WorkbookError(_PASSWORD, file=path.name)
        _check_xls(path, data)
    else:
        raise WorkbookError(
            N_("The file “{file}” is not a spreadsheet. Save it from Excel or WPS as .xlsx (or .xls / .ods) and import that file."),
            file=path.name,
        )
    return _load_sheets(path, data, _texts if as_text else _raw_rows, cancel)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise WorkbookError(N_("“{file}” is not a file."), file=path.name)
        if size == 0:
            raise WorkbookError(N_("The file “{file}” is empty."), file=path.name)
        if size > MAX_FILE_BYTES:
            raise WorkbookError(
                N_("The file “{file}” is too large to import ({size} MB; at most {limit} MB). Split it into smaller files and import them one after another."),
                file=path.name, size=size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024),
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise WorkbookError(N_("The file “{file}” does not exist."), file=path.name) from None
    except OSError as exc:
        raise WorkbookError(
            N_("The file “{file}” cannot be read: {reason}"), file=path.name, reason=os_reason(exc)
        ) from None


def _damaged(path: Path) -> WorkbookError:
    return WorkbookError(
        N_("The file “{file}” is damaged or not a spreadsheet. Open it in Excel or WPS, save it again as .xlsx, and import that file."),
        file=path.name,
    )


def _check_zip(path: Path, data: bytes) -> None:
    try:
        scan_zip(data)
    except SheetTooLarge as exc:
        raise _too_large(path, exc.sheet) from None
    except ZipProblem as exc:
        if exc.kind == "too_big":
            raise WorkbookError(
                N_("The file “{file}” holds too much data to import at once ({size} MB unpacked; at most {limit} MB). Split it into smaller files, for example by date or by unit, and import them one after another."),
                file=path.name, size=exc.size // (1024 * 1024), limit=MAX_INFLATED_BYTES // (1024 * 1024),
            ) from None
        if exc.kind == "bomb":
            msgid = N_("The file “{file}” unpacks to hundreds of times its own size; it may be a “zip bomb”. It was not opened.")
        elif exc.kind == "entities":
            msgid = N_("The file “{file}” contains XML entity declarations, which spreadsheets never need and which can be used to attack the computer (“XML bomb”). It was not opened.")
        elif exc.kind == "encrypted":
            msgid = _PASSWORD
        elif exc.kind == "xlsb":
            msgid = N_("The file “{file}” is an Excel binary workbook (.xlsb), which fieldkit cannot read. Save it as .xlsx and import that file.")
        elif exc.kind == "not_spreadsheet":
            msgid = N_("The file “{file}” is a zip archive (perhaps a Word document) but not a spreadsheet. Choose the .xlsx file instead.")
        else:
            raise _damaged(path) from None
        raise WorkbookError(msgid, file=path.name) from None


def _too_large(path: Path, sheet: str) -> WorkbookError:
    return WorkbookError(
        N_("Sheet “{sheet}” of “{file}” is too large: a sheet may have at most {rows} rows, {cols} columns and {cells} cells in use. Delete unused rows and columns, including stray cells far away from the rest, or split the file into smaller ones, and try again."),
        file=path.name, sheet=sheet, rows=MAX_ROWS, cols=MAX_COLS, cells=MAX_CELLS,
    )


def _check_xls(path: Path, data: bytes) -> None:
    try:
        extents = sheet_extents(data)
    except XlsLayoutError:
        raise _damaged(path) from None
    for sheet, rows, cols in extents:
        try:
            check_extent(sheet, rows, cols)
        except SheetTooLarge:
            raise _too_large(path, sheet) from None


def _load_sheets(path: Path, data: bytes, convert=None,
                 cancel: CancelToken | None = None) -> list[RawSheet]:
    convert = convert or _texts
    # Imported here so a missing native wheel shows up as a clear error, not at import time.
    try:
        import python_calamine as calamine
    except ImportError:  # pragma: no cover - packaging problem
        raise WorkbookError(N_("Spreadsheet support is missing from this installation (python-calamine).")) from None
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = list(book.sheets_metadata)
    except BaseException as exc:  # calamine raises its own types and sometimes plain ones
        if not _from_calamine(exc):
            raise
        if "password" in str(exc).lower() or type(exc).__name__ == "PasswordError":
            raise WorkbookError(_PASSWORD, file=path.name) from None
        raise _damaged(path) from None
    sheets = []
    for meta in metadata:
        if "work" not in str(getattr(meta, "typ", "worksheet")).lower():
            continue  # chart sheets, dialog sheets: nothing a form needs
        try:
            values, start = run_cancellable(lambda name=meta.name: _load_sheet(book, name), cancel)
        except SheetTooLarge as exc:
            raise _too_large(path, exc.sheet) from None
        except Cancelled:
            raise
        except BaseException as exc:
            if not _from_calamine(exc):
                raise
            raise _damaged(path) from None
        sheets.append(RawSheet(meta.name, convert(values, start)))
    return sheets


def _from_calamine(exc: BaseException) -> bool:
    """Whether ``exc`` is what a failing read looks like: an ordinary exception, or a Rust
    panic inside calamine, which PyO3 raises as ``PanicException``, a BaseException that
    ``except Exception`` would let through as a traceback."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _load_sheet(book, name: str) -> tuple[list[list], tuple[int, int]]:
    sheet = book.get_sheet_by_name(name)
    start = sheet.start or (0, 0)
    check_extent(name, sheet.height + start[0], sheet.width + start[1])
    if not sheet.height:
        return [], start
    # Row by row, in Python, rather than to_python() in one call that holds the GIL (a
    # tenth of a second for 6,000 rows, a frozen window meanwhile). iter_rows() starts at
    # the sheet's first row, to_python() at the first with data: the same rows otherwise.
    return [row for row in islice(sheet.iter_rows(), start[0], None)], start


def _texts(values: list[list], start: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """``RawSheet.rows`` from calamine's rows: each cell through ``cell_text``, trailing
    blanks dropped, blank rows left out.

    Nearly every cell of a form is already clean text, which ``cell_text`` returns
    unchanged; so a whole sheet, else a row, is checked at once with C-speed string
    operations, and only cells of rows that fail go through ``cell_text`` one by one."""
    clean_sheet = _all_clean(list(chain.from_iterable(values)))
    rows = []
    for offset, raw in enumerate(values):
        texts = raw if clean_sheet or _all_clean(raw) else [cell_text(v) for v in raw]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            rows.append((start[0] + offset + 1, [""] * start[1] + texts if start[1] else texts))
    return rows


def _raw_rows(values: list[list], start: tuple[int, int]) -> list[tuple[int, list]]:
    """``RawSheet.rows`` keeping calamine's values; blank rows left out."""
    rows = []
    pad = [""] * start[1]
    for offset, raw in enumerate(values):
        if any(v != "" and v is not None for v in raw):
            rows.append((start[0] + offset + 1, pad + raw if pad else raw))
    return rows


def _all_clean(cells: list) -> bool:
    """True when every cell is a str that ``cell_text`` would return unchanged."""
    try:
        joined = "".join(cells)
    except TypeError:  # a number, date, bool or empty cell
        return False
    if not joined.isprintable() and _UNCLEAN.search(joined):
        return False
    return list(map(str.strip, cells)) == cells
