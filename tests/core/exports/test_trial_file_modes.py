"""Files fieldkit writes get the permissions any program's new file gets (the user's umask),
not the private 0600 of the temporary file they are written in: a report or export put on a
shared folder or a USB drive must be readable by the colleagues it is for."""

import os
import stat
import sys

import pytest

from export_testing import add
from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.responses.query import ResponseFilter
from fieldkit.core import spreadsheet_out
from fieldkit.core.spreadsheet_out import write_atomically

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "sqlite"])
def test_exports_are_readable_by_others_as_the_umask_allows(export_ws, tmp_path, fmt):
    add(export_ws, "1", {"age": 30, "family": [{"member": "儿子"}]})
    result = export_responses(export_ws, ResponseFilter("family_survey"),
                              tmp_path / f"out.{fmt}", ExportOptions(format=fmt))
    assert len(result.files) >= 1
    for written in result.files:
        expected = 0o666 & ~spreadsheet_out._UMASK   # 0644 under the usual umask 022
        assert _mode(tmp_path / os.path.basename(written)) == expected, written


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "kept.txt"
    target.write_text("old")
    target.chmod(0o640)

    def write(temp):
        with open(temp, "w") as handle:
            handle.write("new")
    write_atomically(target, write)
    assert target.read_text() == "new" and _mode(target) == 0o640


def test_temporary_files_of_a_killed_writer_are_swept_by_the_next_write(tmp_path):
    """A report killed mid-write (SIGKILL, power cut) leaves its hidden temporary file; the
    next write to that folder removes it, and leaves alone one a running fieldkit writes."""
    import subprocess

    ended = subprocess.Popen([sys.executable, "-c", "pass"])  # a process id that has ended
    ended.wait()
    stale = tmp_path / f".fieldkit-{ended.pid}-abc123.pdf"
    stale.write_bytes(b"%PDF-1.4 half")
    running = tmp_path / f".fieldkit-{os.getpid()}-xyz789.xlsx"
    running.write_bytes(b"being written")
    other = tmp_path / "notes.fieldkit-backup.txt"
    other.write_text("the user's")

    def write(temp):
        with open(temp, "w") as handle:
            handle.write("report")
    write_atomically(tmp_path / "report.pdf", write)
    assert not stale.exists() and running.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [running.name, other.name, "report.pdf"])
