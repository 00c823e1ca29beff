"""Inspect a zip-based workbook (.xlsx, .ods) before python-calamine is allowed to read it.

calamine trusts the file: a 5 KB .xlsx with one cell at XFD1048576 makes it allocate
half a terabyte and abort the whole process, and a zip bomb inflates in memory. So we
check the zip (member count, total inflated size, compression ratio, encryption) and
stream every XML member through defusedxml, which refuses DTDs and entities (billion
laughs, external entities) and lets us find the highest used row and column of each
sheet. Problems are raised as ``ZipProblem`` / ``SheetTooLarge``; ``workbook`` turns
them into messages for the user.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # inflated/compressed, checked for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
MAX_ROWS = 50_000
MAX_COLS = 1_000
MAX_CELLS = 2_000_000  # rows x columns of one sheet, as calamine allocates it densely
_CHUNK = 64 * 1024
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,4})\$?(\d{1,9})$")


class ZipProblem(Exception):
    """``kind`` is "damaged", "bomb", "entities", "encrypted", "xlsb" or "not_spreadsheet"."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class SheetTooLarge(Exception):
    def __init__(self, sheet: str, rows: int, cols: int) -> None:
        super().__init__(sheet)
        self.sheet, self.rows, self.cols = sheet, rows, cols


def check_extent(sheet: str, rows: int, cols: int) -> None:
    """Raise ``SheetTooLarge`` when a sheet of this extent is more than a form can need."""
    if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_CELLS:
        raise SheetTooLarge(sheet, rows, cols)


def scan_zip(data: bytes) -> None:
    """Check the zip container in ``data`` and every XML member in it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ZipProblem("damaged") from None
    if len(infos) > MAX_MEMBERS:
        raise ZipProblem("bomb")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ZipProblem("encrypted")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_INFLATED_BYTES or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise ZipProblem("bomb")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names:
        _scan_xlsx(archive, names)
    elif "xl/workbook.bin" in names:
        raise ZipProblem("xlsb")
    elif "content.xml" in names:
        _scan_members(archive, [n for n in names if not n.endswith("/")], {"content.xml": _OdsScan()})
    else:
        raise ZipProblem("not_spreadsheet")


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _attr(attrs, local_name: str) -> str | None:
    for key in attrs.getNames():
        if _local(key) == local_name:
            return attrs.getValue(key)
    return None


def _int_attr(attrs, local_name: str, default: int = 1) -> int:
    value = _attr(attrs, local_name)
    try:
        return max(int(value), 1) if value is not None else default
    except ValueError:
        return default


class _XlsxSheetScan(ContentHandler):
    """Tracks the highest row and column of an xlsx worksheet that hold a value."""

    def __init__(self, sheet: str) -> None:
        super().__init__()
        self.sheet = sheet
        self.row = self.col = self.max_row = self.max_col = 0
        self.cell: tuple[int, int] | None = None
        self.has_value = False

    def startElement(self, name, attrs):  # noqa: N802 - SAX API
        local = _local(name)
        if local == "row":
            ref = _attr(attrs, "r")
            self.row = int(ref) if ref and ref.isdigit() else self.row + 1
            self.col = 0
        elif local == "c":
            ref = _CELL_REF.match(_attr(attrs, "r") or "")
            if ref:
                col = 0
                for ch in ref.group(1).upper():
                    col = col * 26 + ord(ch) - 64
                self.col, self.row = col, int(ref.group(2))
            else:
                self.col += 1
            self.cell, self.has_value = (self.row, self.col), False
        elif local in ("v", "is", "f") and self.cell:
            self.has_value = True

    def endElement(self, name):  # noqa: N802 - SAX API
        if _local(name) == "c" and self.cell:
            if self.has_value:
                self.max_row = max(self.max_row, self.cell[0])
                self.max_col = max(self.max_col, self.cell[1])
                check_extent(self.sheet, self.max_row, self.max_col)
            self.cell = None


class _OdsScan(ContentHandler):
    """Tracks the extent of each ODS table, counting repeated rows and columns."""

    def __init__(self) -> None:
        super().__init__()
        self.table = ""
        self.row_pos = self.col = self.repeat = self.max_row = self.max_col = 0
        self.row_has_value = False

    def startElement(self, name, attrs):  # noqa: N802 - SAX API
        local = _local(name)
        if local == "table":
            self.table = _attr(attrs, "name") or ""
            self.row_pos = self.max_row = self.max_col = 0
        elif local == "table-row":
            self.repeat = _int_attr(attrs, "number-rows-repeated")
            self.col, self.row_has_value = 0, False
        elif local in ("table-cell", "covered-table-cell"):
            span = _int_attr(attrs, "number-columns-repeated")
            if _attr(attrs, "value-type") is not None:
                self.row_has_value = True
                self.max_col = max(self.max_col, self.col + span)
            self.col += span

    def endElement(self, name):  # noqa: N802 - SAX API
        if _local(name) == "table-row":
            if self.row_has_value:
                self.max_row = max(self.max_row, self.row_pos + self.repeat)
                check_extent(self.table, self.max_row, self.max_col)
            self.row_pos += self.repeat


class _XlsxNames(ContentHandler):
    """Collects sheet names (workbook.xml) and relationship targets (workbook.xml.rels)."""

    def __init__(self) -> None:
        super().__init__()
        self.sheets: dict[str, str] = {}  # relationship id -> sheet name
        self.targets: dict[str, str] = {}  # relationship id -> member path

    def startElement(self, name, attrs):  # noqa: N802 - SAX API
        local = _local(name)
        if local == "sheet":
            rid = _attr(attrs, "id")
            if rid:
                self.sheets[rid] = _attr(attrs, "name") or ""
        elif local == "Relationship":
            rid, target = _attr(attrs, "Id"), _attr(attrs, "Target")
            if rid and target:
                target = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                self.targets[rid] = posixpath.normpath(target)


def _parse_member(archive: zipfile.ZipFile, member: str, handler: ContentHandler) -> None:
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(handler)
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parser.feed(chunk)
    parser.close()


def _looks_like_xml(archive: zipfile.ZipFile, member: str) -> bool:
    with archive.open(member) as stream:
        head = stream.read(64)
    return head.lstrip(b" \t\r\n").startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))


def _scan_members(archive: zipfile.ZipFile, members: list[str], handlers: dict[str, ContentHandler]) -> None:
    """Parse every XML member (whatever its name: calamine follows relationships, not
    extensions) with defusedxml; this also proves each member inflates to its declared
    size with a correct CRC, so the sizes checked in ``scan_zip`` hold."""
    for member in sorted(members):
        try:
            if member in handlers or _looks_like_xml(archive, member):
                _parse_member(archive, member, handlers.get(member) or ContentHandler())
        except DefusedXmlException:
            raise ZipProblem("entities") from None
        except (SAXException, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            raise ZipProblem("damaged") from None


def _scan_xlsx(archive: zipfile.ZipFile, names: set[str]) -> None:
    index = _XlsxNames()
    index_members = [n for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels") if n in names]
    _scan_members(archive, index_members, dict.fromkeys(index_members, index))
    handlers: dict[str, ContentHandler] = {}
    for rid, sheet in index.sheets.items():
        if index.targets.get(rid) in names:
            handlers[index.targets[rid]] = _XlsxSheetScan(sheet)
    for member in names:  # sheets not listed in the workbook: calamine ignores them, but be safe
        if member.startswith("xl/worksheets/") and "/_rels/" not in member and member not in handlers:
            handlers[member] = _XlsxSheetScan(member)
    rest = [n for n in names if n not in index_members and not n.endswith("/")]
    _scan_members(archive, rest, handlers)
