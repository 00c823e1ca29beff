"""Hostile interview files from a new user's trial: the refusal is in the user's language
alone, with no English words from a library (“zip”, lxml's parser errors)."""

import re
import zipfile

import docx
import pytest

from fieldkit.core.interviews import note_files
from fieldkit.core.interviews.errors import NoteFileError


def _document(path):
    document = docx.Document()
    document.add_paragraph("他说暑假孩子没人带。")
    document.save(path)
    return path


def _truncated(tmp_path):
    whole = _document(tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])  # a copy cut short (a USB stick pulled out)
    return path


def _broken_xml(tmp_path):
    source = _document(tmp_path / "whole.docx")
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]  # unclosed tags
            new.writestr(info, data)
    return path


@pytest.mark.parametrize("make", [_truncated, _broken_xml])
def test_a_damaged_word_file_is_refused_in_chinese_only(tmp_path, make):
    path = make(tmp_path)
    with pytest.raises(NoteFileError) as caught:
        note_files.read_note_file(path)
    chinese = caught.value.message("zh_CN")
    assert path.name in chinese and "Word" in chinese
    leftover = set(re.findall(r"[A-Za-z]{3,}", chinese.replace(path.name, ""))) - {"Word",
                                                                                 "WPS", "docx"}
    assert not leftover, chinese


def test_bytes_that_only_start_like_utf16_are_not_imported_as_text(tmp_path):
    """A file beginning FF FE (Notepad's UTF-16 mark) but holding no text decoded to a note
    of replacement marks; it is refused like any unreadable file. Real UTF-16 still reads."""
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe\xfd" * 50)
    with pytest.raises(NoteFileError) as caught:
        note_files.read_note_file(junk)
    assert "junk.txt" in caught.value.message("zh_CN")
    real = tmp_path / "notepad.txt"
    real.write_bytes("暑期托管难，孩子没人带。".encode("utf-16"))
    assert note_files.read_note_file(real)[1] == "暑期托管难，孩子没人带。"
