"""Hostile and broken files: each gives a clear FieldkitError, quickly, never a crash.

The sparse-sheet case matters most: python-calamine allocates a sheet densely, so one
cell at XFD1048576 in a 5 KB file would abort the whole process if it got that far.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.workbook import WorkbookError
from fieldkit.core.forms.xlsform_reader import read_xlsform
from fieldkit_testing import write_xlsx

pytestmark = pytest.mark.timeout(20)


def small_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    sheet.append(["text", "a", "A"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_member(data: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == member else src.read(info.filename))
        if member not in src.namelist():
            dst.writestr(member, content)
    return out.getvalue()


def rejected(path: Path, *fragments: str) -> FieldkitError:
    with pytest.raises(FieldkitError) as info:
        read_xlsform(path)
    error = info.value
    english, chinese = error.message("en"), error.message("zh_CN")
    assert path.name in english and path.name in chinese
    for fragment in fragments:
        assert fragment in english, english
    assert chinese != english
    return error


def test_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("type,name,label\ntext,a,A\n", encoding="utf-8")
    assert isinstance(rejected(path, "not a spreadsheet"), WorkbookError)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    rejected(path, "empty")


def test_missing_file_and_folder(tmp_path):
    rejected(tmp_path / "nowhere.xlsx", "does not exist")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    rejected(folder, "not a file")


def test_truncated_workbook(tmp_path):
    data = small_xlsx()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    rejected(path, "damaged")


def test_zip_that_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    rejected(path, "not a spreadsheet")


def test_zip_bomb(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(200):  # 200 MB of zeros, about 200 KB on disk
                member.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    rejected(path, "zip bomb")


def test_xml_entity_bomb_in_shared_strings(tmp_path):
    lol = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    bomb = ('<?xml version="1.0"?><!DOCTYPE sst [' + "".join(lol) + ']>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            '<si><t>&lol9;</t></si></sst>').encode()
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(replace_member(small_xlsx(), "xl/sharedStrings.xml", bomb))
    rejected(path, "XML")


def test_external_entity_is_refused(tmp_path):
    xxe = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>').encode()
    path = tmp_path / "xxe.xlsx"
    path.write_bytes(replace_member(small_xlsx(), "xl/sharedStrings.xml", xxe))
    rejected(path, "XML")


def test_sparse_sheet_with_a_far_away_cell(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    sheet.cell(row=1_048_576, column=16_384, value="x")
    path = tmp_path / "sparse.xlsx"
    book.save(path)
    rejected(path, "too large", "survey")


def test_too_many_rows(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("survey")
    sheet.append(["type", "name", "label"])
    for i in range(60_000):
        sheet.append(["text", f"q{i}"])
    path = tmp_path / "long.xlsx"
    book.save(path)
    rejected(path, "too large")


def test_ods_with_a_repeated_cell_bomb(tmp_path):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="survey"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="1000"><text:p>x</text:p>'
        '</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>'
    )
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    rejected(path, "too large")


def test_garbage_with_an_ole2_header(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    rejected(path, "damaged")


def test_password_protected_zip(tmp_path):
    data = bytearray(small_xlsx())
    # Set the "encrypted" flag on every entry, as an encrypting zip tool would.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x01
            start += 4
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes(data))
    rejected(path, "password")


def test_sparse_sheet_hidden_under_another_member_name(tmp_path):
    """calamine follows the workbook's relationships, not file extensions; so must the check."""
    book = openpyxl.Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.cell(row=1_048_576, column=16_384, value="x")
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename).replace(b"worksheets/sheet1.xml", b"worksheets/data.bin")
            name = info.filename.replace("worksheets/sheet1.xml", "worksheets/data.bin")
            dst.writestr(name.replace("xl/worksheets/", "xl/other/"), data.replace(b"worksheets/", b"other/"))
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(out.getvalue())
    rejected(path, "too large", "survey")


def test_binary_excel_workbook_is_named(tmp_path):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    rejected(path, ".xlsb")


def test_a_panic_inside_calamine_is_a_damaged_file_not_a_traceback(tmp_path, monkeypatch):
    """PyO3 raises a Rust panic as PanicException, which is not an Exception."""
    from fieldkit.core.forms import workbook

    class PanicException(BaseException):  # the shape of pyo3_runtime.PanicException
        pass

    def panic(book, name):
        raise PanicException("index out of bounds")

    monkeypatch.setattr(workbook, "_load_sheet", panic)
    path = tmp_path / "form.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["type", "name", "label"])
    book.save(path)
    rejected(path, "damaged")
    monkeypatch.setattr(workbook, "_load_sheet", lambda book, name: (_ for _ in ()).throw(
        KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # anything else still goes through
        read_xlsform(path)


def nested_groups(path: Path, depth: int) -> Path:
    rows = [["type", "name", "label"], *(["begin_group", f"g{i}", f"Part {i}"] for i in range(depth)),
            ["text", "inner", "Inner question"], *(["end_group", "", ""] for _ in range(depth))]
    return write_xlsx(path, rows, title="survey")


def test_groups_nested_absurdly_deep_are_refused_at_their_row(tmp_path):
    from fieldkit.core.forms.xlsform_reader import MAX_NESTING

    ok = read_xlsform(nested_groups(tmp_path / "ok.xlsx", MAX_NESTING))
    assert ok.find("inner") is not None
    for depth in (MAX_NESTING + 1, 3000):  # 3000 once ended in a RecursionError
        error = rejected(nested_groups(tmp_path / f"deep{depth}.xlsx", depth), "nested more than 100 deep", "A102")
        assert len(error.problems) == 1
