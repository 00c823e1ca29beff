"""An SPSS export refused for a text too long (“Nothing was written”) writes nothing: not
even the repeat's file, which used to be written first and left behind."""

import pytest

from export_testing import add
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.responses.query import ResponseFilter


def test_a_refused_spss_export_leaves_no_file(export_ws, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    add(export_ws, "2", {"notes": "长" * 11_000, "family": [{"member": "儿子"}]})
    with pytest.raises(ExportError) as caught:
        export_responses(export_ws, ResponseFilter("family_survey"), out / "l.sav",
                         ExportOptions(format="sav"))
    assert "Nothing was written" in caught.value.message()
    assert list(out.iterdir()) == []


def test_a_text_too_long_for_excel_is_not_sent_to_spss_either(export_ws, tmp_path):
    """A text longer than a spreadsheet cell (32,767 characters) is longer than SPSS's
    32,767 bytes too: the refusal names only the formats that keep it."""
    add(export_ws, "2", {"notes": "长" * 33_000})
    for language in ("en", "zh_CN"):
        with pytest.raises(ExportError) as caught:
            export_responses(export_ws, ResponseFilter("family_survey"), tmp_path / "l.xlsx",
                             ExportOptions(format="xlsx"))
        assert "SPSS" not in caught.value.message(language)
        assert "CSV" in caught.value.message(language)


def test_a_full_disk_under_the_sqlite_export_is_said_of_the_export(export_ws, tmp_path,
                                                                   monkeypatch):
    """SQLite's “database or disk is full” while writing the analysis file was reported as
    the workspace's own disk being full; it is the export's, and nothing is left there."""
    import sqlite3

    from fieldkit.core.exports import sqlite_db
    from fieldkit.core.spreadsheet_out import OutputFileError

    def full(*args):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(sqlite_db, "_fill", full)
    out = tmp_path / "exports"
    out.mkdir()
    add(export_ws, "2", {"age": 30})
    with pytest.raises(OutputFileError) as caught:
        export_responses(export_ws, ResponseFilter("family_survey"), out / "a.sqlite",
                         ExportOptions(format="sqlite"))
    assert "a.sqlite" in caught.value.message() and "space" in caught.value.message()
    assert list(out.iterdir()) == []


def test_an_spss_file_pyreadstat_left_empty_is_not_passed_off_as_an_export(
        export_ws, tmp_path, monkeypatch):
    """On a full USB drive pyreadstat returned without an error and left empty .sav files,
    and fieldkit said “Exported 36 responses”. The file is now read back first."""
    import collections
    import shutil

    import pyreadstat

    from fieldkit.core.spreadsheet_out import OutputFileError

    monkeypatch.setattr(pyreadstat, "write_sav", lambda frame, path, **kw: open(path, "wb").close())
    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(1000, 1000, 0))
    out = tmp_path / "usb"
    out.mkdir()
    add(export_ws, "2", {"age": 30, "family": [{"member": "儿子"}]})
    with pytest.raises(OutputFileError) as caught:
        export_responses(export_ws, ResponseFilter("family_survey"), out / "a.sav",
                         ExportOptions(format="sav"))
    assert "space" in caught.value.message() and "空间" in caught.value.message("zh_CN")
    assert list(out.iterdir()) == []
