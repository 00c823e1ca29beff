"""Hostile and broken survey files: a clear message in bounded time, nothing written."""

import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.importing import pipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "forms"))
from test_xlsform_hostile import replace_member  # noqa: E402

pytestmark = pytest.mark.timeout(30)


def survey_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "您的年龄"])
    sheet.append(["李海花", 36])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(ws, path, *fragments):
    with pytest.raises(FieldkitError) as info:
        pipeline.prepare(ws, path, "needs_survey")
    english, chinese = info.value.message("en"), info.value.message("zh_CN")
    assert path.name in english and english != chinese
    for fragment in fragments:
        assert fragment in english, english
    assert ws.scalar("SELECT count(*) FROM responses") == 0
    assert ws.scalar("SELECT count(*) FROM import_batches") == 0


def test_xml_entity_bomb(survey_ws, tmp_path):
    lol = ['<!ENTITY a "aaaaaaaaaa">'] + [f'<!ENTITY a{i} "{("&a" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                          for i in range(1, 10)]
    bomb = ('<?xml version="1.0"?><!DOCTYPE sst [' + "".join(lol) + ']><sst xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><si><t>&a9;</t></si></sst>').encode()
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(replace_member(survey_xlsx(), "xl/sharedStrings.xml", bomb))
    refused(survey_ws, path, "XML")


def test_zip_bomb(survey_ws, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(200):
                member.write(b"\0" * (1024 * 1024))
    refused(survey_ws, path, "zip bomb")


def test_password_protected_workbook(survey_ws, tmp_path):
    # Excel saves a password-protected workbook as an encrypted OLE2 container
    path = tmp_path / "secret.xlsx"
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4088)
    ole[0x200:0x200 + 32] = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(bytes(ole))
    refused(survey_ws, path, "password")


def test_a_million_empty_rows(survey_ws, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "您的年龄"])
    sheet.append(["李海花", 36])
    sheet.cell(row=1_000_000, column=2, value=None)
    sheet.cell(row=1_000_000, column=1, value=" ")
    path = tmp_path / "million.xlsx"
    book.save(path)
    refused(survey_ws, path, "too large")


def test_formulas_are_never_evaluated(survey_ws, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "您的年龄", "其他意见"])
    sheet.append(["李海花", "=WEBSERVICE(\"http://example.invalid\")", "=1+1"])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    answers = preview.rows[0].answers
    # no cached values were saved, so the formulas read as empty: nothing was computed
    assert "age" not in answers and "notes" not in answers and answers["worker_name"] == "李海花"


def test_a_200_mb_csv_is_refused_at_once(survey_ws, tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as fh:  # a sparse file: 200 MB long, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    refused(survey_ws, path, "too large")


def test_a_big_ordinary_file_is_too_much_data_not_a_bomb(survey_ws, tmp_path, monkeypatch):
    """More data than may be opened at once, compressed as data usually is: the message
    says so and asks for smaller files; it does not call the file a zip bomb."""
    from fieldkit.core.forms import workbook, zip_scan

    monkeypatch.setattr(zip_scan, "MAX_INFLATED_BYTES", 1024 * 1024)
    monkeypatch.setattr(workbook, "MAX_INFLATED_BYTES", 1024 * 1024)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "您的年龄", "其他意见"])
    for i in range(12_000):
        sheet.append([f"职工{i}", 20 + i % 40, f"第{i}条意见：希望改善食堂和宿舍"])
    path = tmp_path / "big_export.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 1024 * 1024 and info.file_size / info.compress_size < 50
    refused(survey_ws, path, "too much data", "Split it")
    with pytest.raises(FieldkitError) as error:
        pipeline.prepare(survey_ws, path, "needs_survey")
    assert "zip bomb" not in error.value.message("en")
    assert "拆分" in error.value.message("zh_CN")


def test_one_damaged_byte_in_a_csv_spoils_one_cell_not_the_file(survey_ws, tmp_path):
    """GBK text with one byte damaged (a USB stick, a bad copy): the row still imports,
    with a warning at the cell, whose unreadable character shows as �."""
    text = ("姓名,您的年龄,其他意见\n李海花,36,希望增加技能培训\n王建军,45,食堂饭菜太贵\n"
            "赵小兵,28,暑期托管难\n")
    data = bytearray(text.encode("gb18030"))
    at = data.index("饭".encode("gb18030"))
    data[at + 1] = 0x7F  # the second byte of 饭 is no longer valid GBK
    path = tmp_path / "answers.csv"
    path.write_bytes(bytes(data))
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    rows = {r.row: r for r in preview.rows}
    assert rows[3].status == "warning" and "\ufffd" in rows[3].answers["notes"]
    warning = [p for p in rows[3].problems if p.question == "notes"][0]
    assert (warning.row, warning.column, warning.severity) == (3, "C", "warning")
    assert "�" in warning.message("zh_CN") and "could not be read" in warning.message("en")
    assert rows[2].answers["notes"] == "希望增加技能培训" and rows[4].status != "rejected"
    assert pipeline.commit(survey_ws, preview)["imported"] == 3


def test_a_csv_unreadable_on_many_rows_is_refused_naming_the_first(survey_ws, tmp_path):
    """Not a few damaged bytes but a file in some other encoding: reading on would garble
    everything, so it is refused, pointing at the first row that cannot be read."""
    head = "姓名,您的年龄\n李海花,36\n王建军,45\n".encode("gb18030")
    rest = b"".join(b"\xff\xfe\xff%d,%d\n" % (i, 20 + i) for i in range(20))
    path = tmp_path / "other_encoding.csv"
    path.write_bytes(head + rest)
    refused(survey_ws, path, "mixes text encodings", "row 4")
