"""A file the system refuses is explained in the user's language, not in the operating
system's English ("Permission denied" inside a Chinese sentence)."""

import errno
import re

import pytest

from fieldkit.core.errors import FieldkitError, os_reason
from fieldkit.core.interviews.note_files import read_note_file

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize("code", ["EACCES", "EPERM", "ENOENT", "EISDIR", "EIO", "ENOSPC",
                                  "EROFS", "ENAMETOOLONG", "EBUSY"])
def test_common_refusals_read_in_chinese(code):
    exc = OSError(getattr(errno, code), "Some English words from the system", "x.txt")
    error = FieldkitError("The file “{file}” cannot be read: {reason}", file="x.txt",
                          reason=os_reason(exc))
    chinese = error.message("zh_CN")
    assert not LATIN_WORD.search(chinese.replace("x.txt", "").replace("USB", "")), chinese
    assert "Some English" not in error.message("en")


def test_an_unusual_error_keeps_the_systems_words():
    exc = OSError(errno.ENOEXEC, "Exec format error")
    assert os_reason(exc) == "Exec format error"


def test_a_folder_given_as_a_note_file_says_so_in_chinese(tmp_path):
    folder = tmp_path / "访谈.txt"
    folder.mkdir()
    with pytest.raises(FieldkitError) as caught:
        read_note_file(folder)
    text = caught.value.message("zh_CN")
    assert "访谈.txt" in text and "Is a directory" not in text, text
