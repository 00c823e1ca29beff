"""Inspect a zip-based workbook (.xlsx, .ods) before python-calamine is allowed to read it.

calamine trusts the file: a 5 KB .xlsx with one cell at XFD1048576 makes it allocate
half a terabyte and abort the whole process, and a zip bomb inflates in memory. So we
check the zip (member count, total inflated size, compression ratio, encryption) and
every XML member: no DTD or entities (billion laughs, external entities), and no sheet
using rows or columns beyond the limits. Byte-level searches settle that for ordinary
members; any other is parsed with defusedxml, which decides exactly. Problems are raised
as ``ZipProblem`` / ``SheetTooLarge``; ``workbook`` turns them into user messages.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # inflated/compressed, checked for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
MAX_ROWS = 50_000
MAX_COLS = 1_000
MAX_CELLS = 2_000_000  # rows x columns of one sheet, as calamine allocates it densely
_CHUNK = 64 * 1024
_SAMPLE = 64 * 1024  # bytes at each end of a sheet whose references suggest its extent
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,4})\$?(\d{1,9})$")


class ZipProblem(Exception):
    """``kind`` is "damaged", "bomb", "too_big" (ordinary compression, but more data than
    may be opened: ``size`` bytes), "entities", "encrypted", "xlsb" or "not_spreadsheet"."""

    def __init__(self, kind: str, size: int = 0) -> None:
        super().__init__(kind)
        self.kind, self.size = kind, size


class SheetTooLarge(Exception):
    def __init__(self, sheet: str, rows: int, cols: int) -> None:
        super().__init__(sheet)
        self.sheet, self.rows, self.cols = sheet, rows, cols


def check_extent(sheet: str, rows: int, cols: int) -> None:
    """Raise ``SheetTooLarge`` when a sheet of this extent is more than a form can need."""
    if not _within_limits(rows, cols):
        raise SheetTooLarge(sheet, rows, cols)


def _within_limits(rows: int, cols: int) -> bool:
    return rows <= MAX_ROWS and cols <= MAX_COLS and rows * cols <= MAX_CELLS


def scan_zip(data: bytes) -> None:
    """Check the zip container in ``data`` and every XML member in it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ZipProblem("damaged") from None
    if len(infos) > MAX_MEMBERS:
        raise ZipProblem("bomb")
    for info in infos:
        if info.flag_bits & 0x1:
            raise ZipProblem("encrypted")
        if info.file_size > RATIO_FLOOR and info.file_size / max(info.compress_size, 1) > MAX_RATIO:
            raise ZipProblem("bomb")
    total = sum(info.file_size for info in infos)
    if total > MAX_INFLATED_BYTES:  # compressed as data usually is, but simply too much
        raise ZipProblem("too_big", total)
    names = {info.filename for info in infos}
    if len(names) != len(infos):  # two entries of one name: zip readers differ on which is meant
        raise ZipProblem("damaged")
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


# -- byte-level fast path -------------------------------------------------------------
# Parsing a 1,000-question sheet with expat and a Python call per element costs several
# times what calamine needs to read it. Almost every workbook is written alike (UTF-8,
# cells as `<c r="B7" ...>`, a `<dimension>`), and for those a few C-speed searches over
# the inflated bytes prove what the parse would: no DTD, no cell beyond the limits.
# Anything else (another encoding, a comment before the root, prefixes, a cell without
# r=, an r= written another way...) is parsed as before. The searches only err towards
# "cannot prove". They do not check well-formedness: calamine reports a damaged sheet.

_ASCII_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"latin-1", b"latin1"}
_ENCODING = re.compile(rb"""\sencoding\s*=\s*["']([A-Za-z0-9._\-]*)["']""")
_MAX_PROLOG_ITEMS = 100
# A cell element whose first attribute is not ` r=` (so its position would be counted).
_ODD_CELL = re.compile(rb"<c(?:[\t\n\r/>]| (?!r=))")
# Namespace prefixes on a cell element or an r attribute (calamine and expat differ there).
_PREFIXED = re.compile(rb":(?<!xmlns:)(?:c[\s/>]|r\s*=)")
# An "=" with white space before it that could end an attribute name r (or any name).
_SPACED_EQUALS = re.compile(rb" =(?<=[r\t\n\r ] =)")
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}[0-9]{1,7}(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_ANY_REF = re.compile(rb' r="([A-Z]{0,3})([0-9]{1,7})"')


def _prolog_end(data: bytes) -> int:
    """Where the root element starts; -1 unless byte searches see what expat sees and no
    DTD can be in force. So the member must be UTF-8 (or ASCII or Latin-1, by default or
    declaration; not UTF-16 or another codec), and only the XML declaration, processing
    instructions and white space may come before the root element. A DTD can only stand
    there (expat rejects one anywhere else, and without one there are no entities to
    expand); a comment there could hide one, so that case is left to the parse."""
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data.startswith(b"<?xml", pos):
        end = data.find(b"?>", pos, pos + 512)
        declaration = data[pos:end]
        if end < 0 or (b"encoding" in declaration and not (
                (match := _ENCODING.search(declaration)) and match.group(1).lower() in _ASCII_ENCODINGS)):
            return -1
        pos = end + 2
    elif not data.startswith(b"<", pos) or data[pos + 1:pos + 2] == b"\0":
        return -1
    for _ in range(_MAX_PROLOG_ITEMS):
        start = data.find(b"<", pos)
        if start < 0 or data[pos:start].strip(b" \t\r\n"):
            return -1
        if not data.startswith(b"<?", start):
            return -1 if data.startswith(b"<!", start) else start
        pos = data.find(b"?>", start + 2) + 2
        if pos < 2:
            return -1
    return -1


# After r=: not part of a longer attribute name (tested last, when the value did not pass).
_R_ATTRIBUTE = rb"(?<![A-Za-z0-9._\-\x80-\xff:]r=)"


def _ref_pattern(rows: bytes, cols: bytes) -> re.Pattern:
    """Finds any attribute named r whose value is not written ``"B7"`` (or ``"7"``, on a
    row) with the column matching ``cols`` and the row matching ``rows``. The value is
    tested first: nearly every hit is a cell's own r=, which passes."""
    return re.compile(rb'r=(?!"(?:' + cols + rb")?" + rows + rb'")' + _R_ATTRIBUTE)


def _quick_ref_pattern(digits: bytes, letters: bytes) -> re.Pattern:
    """``_ref_pattern`` for the rounded-up extent (at most ``len(letters)`` letters, the
    first no later than ``letters[0]`` when there are that many; at most ``len(digits)``
    digits, the first no more than ``digits[0]`` when there are that many; no leading zero),
    written for Python's regex engine: possessive runs with lookaheads instead of
    alternations that backtrack. Each of a sheet's half a million r= costs a third less."""
    k, n = len(letters), len(digits)
    wide = b"" if letters[0] == ord("Z") else b"(?![%c-Z][A-Z]{%d})" % (letters[0] + 1, k - 1)
    tall = b"0" if digits[0] == ord("9") else b"0|[%c-9][0-9]{%d}" % (digits[0] + 1, n - 1)
    return re.compile(rb'r=(?!"' + wide + b"[A-Z]{0,%d}+(?!%s)[0-9]{1,%d}+\")" % (k, tall, n)
                      + _R_ATTRIBUTE)


@functools.lru_cache(maxsize=64)
def _ref_patterns(rows: int, cols: int) -> tuple[tuple[int, int, re.Pattern], ...]:
    """Patterns for "an r= beyond ``rows`` x ``cols``", with the extent each allows: first
    a quick one that rounds the extent up (1101 rows -> 1999, column K -> K, column AN ->
    AZ), then the exact one."""
    digits, letters = str(rows).encode(), _column_letters(cols)
    quick_rows = (int(digits[:1]) + 1) * 10 ** (len(digits) - 1) - 1
    quick_cols = _column_number(letters[:1] + b"Z" * (len(letters) - 1))
    exact = _ref_pattern(_at_most(digits, b"1-9", b"0-9"), _at_most(letters, b"A-Z", b"A-Z"))
    return ((quick_rows, quick_cols, _quick_ref_pattern(digits, letters)), (rows, cols, exact))


def _at_most(limit: bytes, first: bytes, rest: bytes) -> bytes:
    """A pattern for the strings over ``[first][rest]*`` not above ``limit`` in shortlex
    order, which for column letters and row numbers (no leading zeros) is numeric order."""
    alternatives = [b"[%s][%s]{0,%d}" % (first, rest, len(limit) - 2)] if len(limit) > 1 else []
    for i, char in enumerate(limit):
        low = (first if i == 0 else rest)[0]
        if char > low:
            alternatives.append(re.escape(limit[:i]) + b"[%c-%c][%s]{%d}" % (low, char - 1, rest, len(limit) - i - 1))
    alternatives.append(limit)
    return b"(?:" + b"|".join(alternatives) + b")"


def _refs_within(data: bytes, rows: int, cols: int) -> bool:
    """Whether every r= in ``data`` is within an extent that covers ``rows`` x ``cols`` and
    that ``check_extent`` accepts."""
    if rows < 1 or cols < 1:
        return False
    for allowed_rows, allowed_cols, beyond in _ref_patterns(rows, cols):
        if _within_limits(allowed_rows, allowed_cols):
            return not beyond.search(data)
    return False


def _sheet_ok(data: bytes) -> bool:
    """True when the bytes alone prove the sheet has no DTD in force and no cell beyond the
    limits; False means "parse it". Every cell must be ``<c r="..."``, so its position is
    its r= (no counting); no r= may be spaced around its "=" (those are not searched for);
    and every r= anywhere in the sheet must be within an extent that ``check_extent``
    accepts: the one ``<dimension>`` claims, or else the largest r= found."""
    root = _prolog_end(data)
    if root < 0 or _ODD_CELL.search(data) or _PREFIXED.search(data) or _SPACED_EQUALS.search(data):
        return False
    for space in (b"\t", b"\n", b"\r"):  # after the prolog, these are rare: check only then
        if data.find(space, root) >= 0 and data.find(space + b"=", root) >= 0:
            return False
    claimed = _DIMENSION.search(data, 0, 16384)
    if claimed and claimed.group(1) and _refs_within(data, int(claimed.group(2)), _column_number(claimed.group(1))):
        return True
    # No usable <dimension> (openpyxl's write-only mode writes none): guess the extent from
    # the references at both ends of the sheet, where its first and last rows are, and let
    # one search prove it; collecting every reference is the slow way, kept for the rest.
    guessed = _ANY_REF.findall(data, 0, _SAMPLE) + _ANY_REF.findall(data, max(len(data) - _SAMPLE, 0))
    if guessed and _refs_within(data, *_extent(guessed)):
        return True
    found = _ANY_REF.findall(data)
    return bool(found) and _refs_within(data, *_extent(found))


def _extent(refs: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """The rows and columns a list of (column letters, row digits) references spans."""
    letters, digits = zip(*refs)
    return max(map(int, set(digits))), max(map(_column_number, set(letters)))


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _column_letters(number: int) -> bytes:
    letters = b""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = bytes((65 + rem,)) + letters
    return letters


def _read_member(archive: zipfile.ZipFile, member: str, always: bool) -> bytes | None:
    """The inflated member, read with a bound (so a member that inflates beyond its
    declared size is stopped there, not inflated to the end); ``None`` when it does not look
    like XML and ``always`` is false. Reading to the end makes zipfile check the CRC."""
    limit = min(archive.getinfo(member).file_size, MAX_INFLATED_BYTES)
    with archive.open(member) as stream:
        head = b""
        if not always:
            head = stream.read(_CHUNK)
            start = head[:64].lstrip(b" \t\r\n")
            if not start.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
                return None
        rest = stream.read(max(limit - len(head), 0) + 1)  # one call: no chunks to join
        if len(head) + len(rest) > limit:
            raise ZipProblem("bomb")
    return head + rest if head else rest


def _parse_member(data: bytes, handler: ContentHandler) -> None:
    # imported here, when a member needs parsing: defusedxml brings in xml.sax.saxutils and
    # with it urllib and http.client, a tenth of a second that most workbooks never need
    from defusedxml import DefusedXmlException
    from defusedxml.expatreader import DefusedExpatParser

    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(handler)
    try:
        for start in range(0, len(data), _CHUNK):
            parser.feed(data[start:start + _CHUNK])
        parser.close()
    except DefusedXmlException:
        raise ZipProblem("entities") from None


def _scan_members(archive: zipfile.ZipFile, members: list[str], handlers: dict[str, ContentHandler]) -> None:
    """Check every XML member (whatever its name: calamine follows relationships, not
    extensions). Reading each to the end proves it inflates to its declared size with a
    correct CRC, so the sizes checked in ``scan_zip`` hold. Members without a handler, and
    worksheets, first get the byte-level checks below; only when those cannot
    vouch for a member is it parsed with defusedxml, which decides exactly."""
    for member in sorted(members):
        try:
            handler = handlers.get(member)
            data = _read_member(archive, member, handler is not None)
            if data is None:
                continue
            if handler is None:
                if _prolog_end(data) >= 0:  # needs no measuring: fine unless a DTD is in force
                    continue
                handler = ContentHandler()
            elif isinstance(handler, _XlsxSheetScan) and _sheet_ok(data):
                continue
            _parse_member(data, handler)
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
