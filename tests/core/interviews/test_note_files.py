"""Importing notes from .txt, .md and .docx files: real files written here, checked like
survey spreadsheets; several at once in one transaction or nothing."""

import io
import zipfile

import docx
import pytest
from openpyxl import Workbook

from fieldkit.core.interviews import note_files, notes
from fieldkit.core.interviews.errors import NoteFileError
from fieldkit.core.progress import CancelToken
from fieldkit.core.errors import Cancelled

TEXT = "受访者：老李，快递员。\n他说暑假孩子没人带，心里着急。\n"


def _docx(path, *, title="", heading="", table=True):
    document = docx.Document()
    if title:
        document.core_properties.title = title
    if heading:
        document.add_heading(heading, level=1)
    document.add_paragraph("他说暑假孩子没人带。")
    if table:
        grid = document.add_table(rows=2, cols=3)
        grid.cell(0, 0).text = "时间"
        grid.cell(0, 1).text = "地点"
        grid.cell(0, 2).text = "人物"
        merged = grid.cell(1, 0).merge(grid.cell(1, 1))
        merged.text = "七月 驿站"
        grid.cell(1, 2).text = "老李"
    document.add_paragraph("第二段，\n换行。")
    document.save(path)
    return path


def test_text_files_in_every_encoding(tmp_path):
    utf8 = tmp_path / "2024-07-15 快递员老李.txt"
    utf8.write_text(TEXT, encoding="utf-8")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
    gbk = tmp_path / "gb.txt"
    gbk.write_bytes(TEXT.encode("gb18030"))
    utf16 = tmp_path / "notepad.txt"
    utf16.write_text(TEXT, encoding="utf-16")
    for path in (utf8, bom, gbk, utf16):
        title, body = note_files.read_note_file(path)
        assert body == TEXT, path.name
    assert note_files.read_note_file(utf8)[0] == "2024-07-15 快递员老李"
    long_gbk = tmp_path / "long-gb.txt"  # GBK pairs that happen to be valid UTF-8 (位 = CE BB)
    long_gbk.write_bytes(("位置单位地位" * 200 + TEXT).encode("gb18030"))
    assert note_files.read_note_file(long_gbk)[1].startswith("位置单位地位")
    damaged = tmp_path / "damaged.txt"
    data = (TEXT * 10).encode("utf-8")
    cut = data.index("心里".encode("utf-8"), 200)
    damaged.write_bytes(data[:cut] + b"\xff" + data[cut + 1:])
    line = data[:cut].count(b"\n") + 1
    assert f"line {line}" in _refused(damaged, "UTF-8")
    assert note_files._read(utf8).on_date == "2024-07-15"


def test_markdown_title_from_first_heading(tmp_path):
    md = tmp_path / "note.md"
    md.write_text("前言\n\n## 高原工地走访 ##\n\n正文", encoding="utf-8")
    assert note_files.read_note_file(md) == ("高原工地走访", "前言\n\n## 高原工地走访 ##\n\n正文")


def test_word_files_keep_paragraphs_and_tables(tmp_path):
    path = _docx(tmp_path / "访谈.docx", heading="快递员访谈")
    title, body = note_files.read_note_file(path)
    assert title == "快递员访谈"
    assert body.split("\n") == ["快递员访谈", "他说暑假孩子没人带。", "时间\t地点\t人物",
                                "七月 驿站\t老李", "第二段，", "换行。"]
    path = _docx(tmp_path / "t.docx", title="核心属性标题", heading="标题一", table=False)
    assert note_files.read_note_file(path)[0] == "核心属性标题"
    path = _docx(tmp_path / "plain.docx", table=False)
    assert note_files.read_note_file(path)[0] == "plain"


def _encrypt(source, target):
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    with open(source, "rb") as handle:
        out = io.BytesIO()
        OOXMLFile(handle).encrypt("口令123", out)
    target.write_bytes(out.getvalue())


def test_a_word_file_written_by_libreoffice():
    from pathlib import Path

    path = Path(__file__).parent / "files" / "libreoffice-7.4.docx"
    title, body = note_files.read_note_file(path)
    assert title == "港口技工访谈"
    assert body.split("\n") == ["港口技工访谈", "小林是桥吊司机，去年参加了职业技能大赛。",
                                "时间\t地点", "七月 天津港", "他希望比赛成绩能和岗位晋升挂钩。"]


def test_an_old_word_file_renamed_docx_is_refused_with_advice(tmp_path):
    from pathlib import Path

    renamed = tmp_path / "访谈.docx"
    renamed.write_bytes((Path(__file__).parent / "files" / "libreoffice-7.4-word97.doc")
                        .read_bytes())
    assert ".docx" in _refused(renamed, ".doc")


def _refused(path, *words):
    with pytest.raises(NoteFileError) as err:
        note_files.read_note_file(path)
    text = err.value.message("en")
    assert path.name in text and "Traceback" not in text
    for word in words:
        assert word in text, text
    assert path.name in err.value.message("zh_CN")
    return text


def test_files_that_are_not_what_they_say_are_refused(tmp_path):
    book = Workbook()
    book.active["A1"] = "x"
    xlsx = tmp_path / "renamed.docx"
    book.save(xlsx)
    _refused(xlsx, "Excel")
    exe = tmp_path / "setup.docx"
    exe.write_bytes(b"MZ\x90\x00" + bytes(300))
    _refused(exe, "program")
    exe_txt = tmp_path / "setup.txt"
    exe_txt.write_bytes(b"MZ\x90\x00" + bytes(300))
    _refused(exe_txt, "program")
    zipped_txt = tmp_path / "a.txt"
    zipped_txt.write_bytes(_docx(tmp_path / "x.docx").read_bytes())
    _refused(zipped_txt, "zip")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    _refused(binary, "UTF-8")
    encrypted = tmp_path / "secret.docx"  # what Word writes: an OLE file with the package
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
                          + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    _refused(encrypted, "password")
    real = tmp_path / "real-password.docx"  # encrypted as Word and WPS do (ECMA-376 agile)
    _encrypt(_docx(tmp_path / "plain-for-password.docx"), real)
    _refused(real, "password")
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    _refused(old, ".doc")
    other = tmp_path / "pic.md"
    other.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    _refused(other, "picture")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    _refused(empty, "empty")
    _refused(tmp_path / "missing.txt", "does not exist")
    wrong = tmp_path / "notes.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    _refused(wrong, ".docx")


def test_oversized_and_zip_bombs_are_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (note_files.MAX_FILE_BYTES + 1))
    _refused(big, "too large")
    long = tmp_path / "long.txt"
    long.write_text("字" * (note_files.MAX_CHARS + 1), encoding="utf-8")  # 6 MB, 2M+ characters
    _refused(long, "2000000")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/huge.bin", bytes(60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    _refused(bomb, "zip bomb")
    hostile = tmp_path / "entities.docx"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>")
        archive.writestr("word/document.xml", b"<w:document/>")
    _refused(hostile, "XML")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + bytes(200))
    _refused(broken, "damaged")


def test_several_files_all_or_nothing_and_no_duplicates(interviews_ws, tmp_path):
    ws = interviews_ws
    a = tmp_path / "20240716-骑手.txt"
    a.write_text("外卖骑手说电动车充电难。", encoding="utf-8")
    b = _docx(tmp_path / "港口.docx", heading="港口技工")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"MZ" + bytes(100))
    worse = tmp_path / "empty.md"
    worse.write_text("", encoding="utf-8")
    before = ws.scalar("SELECT count(*) FROM interview_notes")
    with pytest.raises(NoteFileError) as err:
        note_files.import_note_files(ws, [a, bad, b, worse])
    text = err.value.message("en")
    assert "bad.docx" in text and "empty.md" in text and "Nothing was imported" in text
    assert ws.scalar("SELECT count(*) FROM interview_notes") == before
    result = note_files.import_note_files(ws, [a, b], site_id=ws.ids["plateau"])
    assert len(result.created) == 2 and result.skipped == []
    first = notes.get_note(ws, result.created[0])
    assert (first.title, first.on_date, first.source_file, first.site_id) == (
        "20240716-骑手", "2024-07-16", a.name, ws.ids["plateau"])
    copy = tmp_path / "copy.txt"
    copy.write_bytes(a.read_bytes())
    again = note_files.import_note_files(ws, [a, copy])
    assert again.created == [] and again.skipped == [[a.name, first.id], [copy.name, first.id]]
    assert ws.scalar("SELECT count(*) FROM interview_notes") == before + 2


def test_cancel_before_writing_leaves_nothing(interviews_ws, tmp_path):
    ws = interviews_ws
    a = tmp_path / "a.txt"
    a.write_text("一", encoding="utf-8")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        note_files.import_note_files(ws, [a], cancel=token)
    assert ws.scalar("SELECT count(*) FROM interview_notes WHERE source_file = 'a.txt'") == 0


def test_attach_a_recording_and_photos(interviews_ws, tmp_path):
    ws = interviews_ws
    note = ws.ids["note"]
    sound = tmp_path / "访谈录音.m4a"
    sound.write_bytes(b"\x00\x00\x00\x20ftypM4A " + bytes(2000))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(500))
    ref = note_files.attach_file(ws, note, sound)
    assert note_files.attach_file(ws, note, sound) == ref
    ref2 = note_files.attach_file(ws, note, photo)
    assert notes.get_note(ws, note).attachments == [ref, ref2]
    listed = notes.note_attachments(ws, note)
    assert [a["file_name"] for a in listed] == ["访谈录音.m4a", "photo.jpg"]
    note_files.detach_file(ws, note, ref)
    assert notes.get_note(ws, note).attachments == [ref2]
    with pytest.raises(Exception) as err:
        note_files.attach_file(ws, note, tmp_path / "nope.jpg")
    assert "nope.jpg" in str(err.value)
