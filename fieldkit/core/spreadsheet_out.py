"""Writing spreadsheets people open in Excel or WPS: text stays text, files appear whole.

Every workbook fieldkit writes (form exports, entry templates, problem reports, later the
data exports) goes through these helpers, so the rules hold everywhere:

- Text from a user or a form is written as a text cell, never as a formula: openpyxl
  turns any string starting with ``=`` into a formula, and Excel would run ``+1`` or
  ``@SUM(...)`` typed into a CSV. A text cell shows exactly what was typed, with no
  leading apostrophe added to the text.
- A cell holds at most 32,767 characters (Excel's limit; openpyxl cuts longer text
  silently). Callers decide: refuse, naming the cell, or mark the cut.
- The file is written beside its target under a temporary name and renamed into place,
  so a full disk or a pulled USB drive leaves the old file (or nothing), never half a
  workbook. The target's folder must exist: a missing drive is not created as a folder.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_

EXCEL_CELL_LIMIT = 32_767


class OutputFileError(FieldkitError):
    """A file fieldkit was asked to write cannot be written there."""


def set_text(sheet, row: int, column: int, value: object):
    """Write ``value`` at (row, column) as text, whatever it starts with. Control characters
    that the .xlsx format cannot hold at all are left out. A text longer than a cell holds
    ends in “…” where it was cut (openpyxl would cut it silently); writers that must not cut
    refuse such a text before they get here."""
    cell = sheet.cell(row=row, column=column)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[:EXCEL_CELL_LIMIT - 1] + "…"
    cell.value = text
    cell.data_type = "s"
    return cell


def write_row(sheet, row: int, values: list) -> None:
    """Write one row: strings as text cells, numbers and other values as they are."""
    for column, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            set_text(sheet, row, column, value)
        else:
            sheet.cell(row=row, column=column, value=value)


def check_folder(target: Path) -> None:
    """Refuse a target whose folder does not exist (a USB drive that is not plugged in)."""
    folder = target.parent
    if not folder.is_dir():
        raise OutputFileError(N_("{file} cannot be written: the folder {folder} does not exist. "
                                 "Is the USB drive or disk plugged in? Choose a folder that "
                                 "exists."), file=target.name, folder=str(folder))


def os_error(exc: OSError, target: Path) -> OutputFileError:
    """The user's-language explanation of why ``target`` could not be written."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return OutputFileError(N_("There is not enough free space to write {file}. Nothing was "
                                  "written. Free some space or choose another drive."),
                               file=str(target))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return OutputFileError(N_("{file} cannot be written: the drive or folder is read-only "
                                  "or you have no permission to write there. Nothing was "
                                  "written. Choose another folder."), file=str(target))
    if code in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.EIO):
        return OutputFileError(N_("{file} cannot be written: the drive or folder is not "
                                  "available (was a USB drive removed?). Nothing was written."),
                               file=str(target))
    if code == errno.EISDIR:
        return OutputFileError(N_("{file} is a folder; give a file name."), file=str(target))
    return OutputFileError(N_("{file} cannot be written (system error {code}). Nothing was "
                              "written."), file=str(target), code=code or "?")


def save_workbook(book, target: str | os.PathLike) -> Path:
    """Save an openpyxl workbook to ``target`` atomically; see the module docstring.

    The workbook is zipped in memory first, so a disk error can only happen in one plain
    write (openpyxl leaves its zip file open when the disk fills mid-save)."""
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()

    def write(temp: str) -> None:
        with open(temp, "wb") as handle:
            handle.write(data)

    return write_atomically(target, write)


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# read once, at import (os.umask sets as it reads, so it is not asked again while worker
# threads may be creating files)
_UMASK = _read_umask()


def usual_mode(target: Path) -> int:
    """The permissions a file written in place would get: the replaced file's, else what the
    user's umask gives a new file (mkstemp's temporary file is private, 0600, and a report
    copied to a shared folder or USB drive must be readable by the others it is for)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


TEMP_PREFIX = ".fieldkit-"
STALE_AFTER_SECONDS = 24 * 3600  # a temporary file nobody can own any more (no process id)


def temp_prefix() -> str:
    """The start of this process's temporary files' names: ``.fieldkit-<pid>-``, so a later
    write can tell a file left by a killed writer from one being written now."""
    return f"{TEMP_PREFIX}{os.getpid()}-"


def _writer_gone(name: str, mtime: float) -> bool:
    pid = name[len(TEMP_PREFIX):].split("-", 1)[0]
    if pid.isdigit() and os.name == "posix":  # (os.kill on Windows would end the process)
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except OSError:  # alive, another user's
            return False
        return False
    import time

    return time.time() - mtime > STALE_AFTER_SECONDS


def sweep_stale_temps(folder: Path) -> None:
    """Remove the temporary files a killed or crashed fieldkit left in ``folder`` (a SIGKILL
    or power cut mid-write gives no chance to tidy up); files being written by a running
    fieldkit are left alone. Best effort: a file that cannot be removed stays."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and _writer_gone(
                    entry.name, entry.stat(follow_symlinks=False).st_mtime):
                os.unlink(entry.path)
        except OSError:
            pass


def write_atomically(target: str | os.PathLike, write) -> Path:
    """Call ``write(temporary_path)`` and move the result onto ``target`` once complete and
    on disk. On any failure the temporary file is removed and ``target`` is unchanged."""
    target = Path(target)
    check_folder(target)
    if target.is_dir():
        raise OutputFileError(N_("{file} is a folder; give a file name."), file=str(target))
    sweep_stale_temps(target.parent)
    temp = ""
    try:
        handle, temp = tempfile.mkstemp(prefix=temp_prefix(), suffix=target.suffix or ".tmp",
                                        dir=target.parent)
        os.close(handle)
        write(temp)
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temp, usual_mode(target))
        os.replace(temp, target)
        temp = ""
    except OSError as exc:
        raise os_error(exc, target) from None
    finally:
        if temp:
            try:
                os.unlink(temp)
            except OSError:
                pass
    return target
