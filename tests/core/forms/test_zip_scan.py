"""The byte-level fast path of ``zip_scan``: it must vouch for ordinary workbooks (that is
what makes import fast) and must never vouch for one the full parse would reject.

Each hostile sheet below is a variation of a tiny valid one; whatever the fast path
cannot prove goes to the defusedxml parse, so the results must be exactly those of the
parse: "too large", "XML entity" or "damaged", never a crash in calamine.
"""

from __future__ import annotations

import io
import re
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms import zip_scan
from fieldkit.core.forms.xlsform_reader import read_xlsform

pytestmark = pytest.mark.timeout(30)

SHEET = "xl/worksheets/sheet1.xml"
FAR = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
BOMB = (b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')


def workbook_bytes(rows: int = 3) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    for i in range(rows):
        sheet.append(["text", f"q{i}", f"Question {i}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    """The parts of a workbook; self-closing tags written as openpyxl writes them without
    lxml (``<x />``), so the tests' byte edits match whether lxml is installed or not."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: re.sub(rb'(<dimension ref="[^"]*")/>', rb"\1 />", archive.read(name))
                for name in archive.namelist()}


def with_member(tmp_path: Path, change, member: str = SHEET, name: str = "form.xlsx") -> Path:
    parts = members(workbook_bytes())
    parts[member] = change(parts[member])
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, value in parts.items():
            archive.writestr(key, value)
    return path


def message(path: Path) -> str:
    try:
        read_xlsform(path)
    except FieldkitError as error:
        return error.message("en")
    return "imported"


def test_an_ordinary_sheet_is_vouched_for_without_a_parse():
    sheet = members(workbook_bytes(200))[SHEET]
    assert zip_scan._sheet_ok(sheet)
    assert zip_scan._sheet_ok(sheet.replace(b'<dimension ref="A1:C201" />', b""))  # no <dimension>
    assert zip_scan._prolog_end(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst/>') > 0


@pytest.mark.parametrize("change", [
    lambda x: x.replace(b'<c r="A1"', b'<c r="A1" r="XFD1048576"'),  # calamine takes the last r=
    lambda x: x.replace(b'<c r="A1"', b'<c r="A1" foo=">" r="XFD1048576"'),
    lambda x: x.replace(b'<c r="A1" t="inlineStr"', b'<c r="A1" t="inlineStr" r ="XFD1048576"'),
    lambda x: x.replace(b'<c r="A1" t="inlineStr"', b'<c r="A1" t="inlineStr"\tr="XFD1048576"'),
    lambda x: x.replace(b'<c r="A1" t="inlineStr"', b"<c r=\"A1\" t=\"inlineStr\" r='XFD1048576'"),
    lambda x: x.replace(b'<c r="A1" t="inlineStr"', b'<c r="A1" t="inlineStr"r="XFD1048576"'),
], ids=["duplicate", "quoted-gt", "spaced", "tab", "single-quotes", "no-space"])
def test_a_second_r_attribute_is_never_trusted(tmp_path, change):
    assert "damaged" in message(with_member(tmp_path, change))


@pytest.mark.parametrize("change", [
    lambda x: x.replace(b"</sheetData>", FAR + b"</sheetData>"),
    lambda x: x.replace(b'<c r="A1"', b'<c r="A1048576"'),  # a far cell inside row 1
    lambda x: x.replace(b'<c r="A1"', b"<c r='XFD1048576'"),
    lambda x: x.replace(b'<c r="A1"', b'<c r = "XFD1048576"'),
    lambda x: x.replace(b'<c r="A1"', b'<c\nr="XFD1048576"'),
    lambda x: x.replace(b'<c r="A1"', b'<c r="xfd1048576"'),
    lambda x: x.replace(b'<c r="A1"', b'<c r="$XFD$1048576"'),
    lambda x: x.replace(b'<c r="A1"', b'<c r="&#88;FD1048576"'),
    lambda x: x.replace(b"</sheetData>", b'<row r="70000"><c><v>1</v></c></row></sheetData>'),  # no r=
    lambda x: x.replace(b"<sheetData>", b'<sheetData><row r="1048576"><c t="n"><v>1</v></c></row>'),
    lambda x: x.replace(b'<dimension ref="A1:C4" />', b'<dimension ref="A1:A1" />').replace(
        b"</sheetData>", b'<row r="40000"><c r="BH40000"><v>1</v></c></row></sheetData>'),  # dimension lies
    lambda x: x.replace(b'<worksheet ', b'<worksheet xmlns:q="urn:q" ').replace(b'<c r="A1"', b'<c q:r="XFD1048576" r="A1"'),
    lambda x: x.replace(b'xmlns="', b'xmlns:x="').replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(
        b'<x:c r="A1"', b'<x:c r="A1048576"'),  # every element with a namespace prefix
], ids=["far-row", "far-in-row-1", "single-quotes", "spaced", "newline", "lower-case", "dollars",
        "char-ref", "no-r", "no-r-far-row", "lying-dimension", "prefixed-r", "prefixed-elements"])
def test_far_away_cells_are_found_however_written(tmp_path, change):
    assert "too large" in message(with_member(tmp_path, change))


@pytest.mark.parametrize("change", [
    lambda x: b'<?xml version="1.0"?>' + BOMB + x,
    lambda x: b'<?xml version="1.0"?><?pi <a?>' + BOMB + x,  # a "<" inside a processing instruction
    lambda x: b'<?xml version="1.0"?><!-- <a> -->' + BOMB + x,
    lambda x: ('<?xml version="1.0" encoding="UTF-16"?>' + BOMB.decode() + x.decode()).encode("utf-16"),
], ids=["plain", "after-pi", "after-comment", "utf-16"])
@pytest.mark.parametrize("member", [SHEET, "xl/styles.xml", "docProps/app.xml"])
def test_entity_declarations_are_found_in_any_member(tmp_path, change, member):
    assert "XML entity" in message(with_member(tmp_path, change, member))


@pytest.mark.parametrize("change", [
    lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'),
    lambda x: x.replace(b"<sheetData>", b'<!-- <c r="XFD1048576"><v>1</v></c> --><sheetData>'),
    lambda x: x.replace(b"<sheetData>", b'<sheetData><![CDATA[ <c r="XFD1048576"> ]]>'),
    lambda x: x.replace(b'<dimension ref="A1:C4" />', b'<dimension ref="A1:XFD1048576" />'),
    lambda x: b'<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<?mso-application progid="Excel.Sheet"?>\n' + x,
    lambda x: b"\xef\xbb\xbf" + x,
], ids=["styled-empty-far-cell", "far-cell-in-comment", "far-cell-in-cdata", "huge-dimension", "prolog", "bom"])
def test_what_the_parse_accepts_is_still_accepted(tmp_path, change):
    assert message(with_member(tmp_path, change)) == "imported"


def test_the_extent_patterns_are_exact():
    rnd = random.Random(7)
    for rows, cols in [(1, 1), (9, 26), (10, 27), (1101, 11), (999, 40), (2000, 1000), (12345, 702),
                       (6001, 83), (99999, 1000), (50000, 40)]:
        for allowed_rows, allowed_cols, beyond in zip_scan._ref_patterns(rows, cols):
            assert allowed_rows >= rows and allowed_cols >= cols
            for row in [1, 9, 10, 99, rows, rows + 1, allowed_rows, allowed_rows + 1, *rnd.sample(range(1, 2_000_000), 50)]:
                for col in [1, 26, 27, 702, 703, cols, cols + 1, allowed_cols, allowed_cols + 1, 16384]:
                    ref = zip_scan._column_letters(col) + str(row).encode()
                    inside = row <= allowed_rows and col <= allowed_cols
                    assert bool(beyond.search(b'<c r="' + ref + b'"/>')) != inside, (rows, cols, ref)
                assert bool(beyond.search(b'<row r="%d">' % row)) != (row <= allowed_rows)
            for odd in [b'r="A01"', b'r="A0"', b"r='A1'", b'r="a1"', b'r="A1 "', b"r=A1",
                        b'r=""', b'r="A"', b'r="1A"', b'r="A1A"', b'r="AAAA1"', b'r="A-1"', b'r="A1']:
                assert beyond.search(b"<c " + odd + b"/>"), odd
            assert not beyond.search(b'<c ar="XFD1048576" r="A1"/>')


def test_a_member_that_inflates_beyond_its_declared_size_is_refused():
    """The sheet's headers claim 100 bytes; the deflate stream holds 2 MB. The scan stops
    at the declared size and the CRC does not match: refused, never inflated to the end."""
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b"<sheetData>" + b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
             * 40_000 + b"</sheetData></worksheet>")
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet if info.filename == SHEET else source.read(info))
    data = bytearray(out.getvalue())
    real = len(sheet).to_bytes(4, "little")
    assert data.count(real) == 2  # the local header and the central directory entry
    data = bytes(data).replace(real, (100).to_bytes(4, "little"))
    with pytest.raises(zip_scan.ZipProblem) as problem:
        zip_scan.scan_zip(data)
    assert problem.value.kind in ("damaged", "bomb")


def test_a_long_sheet_without_dimension_is_vouched_for_from_its_ends():
    """openpyxl's write-only mode writes no <dimension>: the extent is guessed from the
    first and last rows and proved by one search; a far cell between them defeats the
    guess, and then every reference is collected and the sheet is too large."""
    sheet = members(workbook_bytes(5000))[SHEET]
    sheet = sheet.replace(b'<dimension ref="A1:C5001" />', b"")
    assert len(sheet) > 4 * zip_scan._SAMPLE and b"<dimension" not in sheet
    assert zip_scan._sheet_ok(sheet)
    middle = sheet.index(b'<row r="2500"')
    far = sheet[:middle] + b'<row r="2499"><c r="CV2499"><v>1</v></c></row>' + sheet[middle:]
    assert zip_scan._sheet_ok(far)  # 100 columns: beyond the guess, within the limits
    too_far = far.replace(b'<row r="2499"><c r="CV2499">', b'<row r="40000"><c r="ZZ40000">')
    assert not zip_scan._sheet_ok(too_far)


def test_two_members_of_one_name_are_refused(tmp_path):
    """Python's zipfile takes the last entry of a name, other readers the first: the one
    checked might not be the one read, so such a file is not opened at all."""
    parts = members(workbook_bytes())
    path = tmp_path / "twice.xlsx"
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "w") as archive:
        for key, value in parts.items():
            archive.writestr(key, value)
        archive.writestr(SHEET, parts[SHEET].replace(b"</sheetData>", FAR + b"</sheetData>"))
    assert "damaged" in message(path)
