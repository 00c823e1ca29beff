"""Reading ODK Central's “All data and media files” export: a zip holding the form's CSV
(``FormId.csv``), one CSV per repeat (``FormId-repeat.csv``) and the media files.

Each CSV becomes a table named after its file (without ``.csv``), read by the same CSV
reader as a lone CSV file. The zip is checked before anything is inflated: a bomb, an
encrypted member or one too large is refused with a clear message.
"""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from fieldkit.core.i18n import N_
from fieldkit.core.importing.csv_reader import MAX_CSV_BYTES, read_csv
from fieldkit.core.importing.errors import ImportFileError
from fieldkit.core.progress import CancelToken

MAX_MEMBERS = 5000
MAX_RATIO = 200           # inflated / compressed, for members above a megabyte


def read_zip(path: Path, max_rows: int, cancel: CancelToken | None = None) -> list:
    from fieldkit.core.importing.table import Table

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(N_("The file “{file}” is not a readable zip file."),
                              file=path.name) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ImportFileError(N_("The file “{file}” is not a readable zip file."),
                                  file=path.name)
        csvs = [m for m in members if not m.is_dir() and m.filename.lower().endswith(".csv")
                and not PurePosixPath(m.filename).name.startswith(".")
                and "__MACOSX" not in m.filename]
        if not csvs:
            raise ImportFileError(N_("The zip file “{file}” holds no CSV file. Export the "
                                     "answers from ODK Central as CSV (zip), or unpack the "
                                     "zip and import its CSV file."), file=path.name)
        total = sum(m.file_size for m in csvs)
        for member in csvs:
            if member.flag_bits & 0x1:
                raise ImportFileError(N_("The file “{file}” is password-protected. Remove "
                                         "the password in Excel or WPS and import it again."),
                                      file=path.name)
            ratio = member.file_size / max(1, member.compress_size)
            if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
                raise ImportFileError(N_("The file “{file}” unpacks to hundreds of times its "
                                         "own size; it may be a “zip bomb”. It was not opened."),
                                      file=path.name)
        if total > MAX_CSV_BYTES:
            raise ImportFileError(
                N_("The file “{file}” is too large ({size} MB; at most {limit} MB). Split it "
                   "into smaller files, for example by month or by site."), file=path.name,
                size=total // (1024 * 1024), limit=MAX_CSV_BYTES // (1024 * 1024))
        tables = []
        with tempfile.TemporaryDirectory(prefix="fieldkit-zip-") as folder:
            for number, member in enumerate(csvs):
                name = PurePosixPath(member.filename).name[:-4]
                target = Path(folder) / str(number) / (name + ".csv")  # named in messages
                target.parent.mkdir()
                _extract(archive, member, target, path)
                rows = read_csv(target, max_rows, cancel)
                tables.append(Table(path.name, name, [(i, r) for i, r in enumerate(rows, 1)
                                                      if any(str(c).strip() for c in r)]))
    tables.sort(key=lambda t: (len(t.sheet), t.sheet))  # the form's own CSV first
    return [t for t in tables if t.rows]


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, path: Path) -> None:
    """Copy one member out, never more bytes than the zip declares for it."""
    try:
        with archive.open(member) as source, open(target, "wb") as out:
            left = member.file_size
            while True:
                chunk = source.read(min(1 << 20, left + 1))
                if not chunk:
                    break
                left -= len(chunk)
                if left < 0:
                    raise zipfile.BadZipFile("member larger than declared")
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError):
        raise ImportFileError(N_("The file “{file}” is not a readable zip file."),
                              file=path.name) from None
