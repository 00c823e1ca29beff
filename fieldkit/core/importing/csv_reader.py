"""Reading CSV exports: UTF-8, UTF-8 with BOM, or GB18030/GBK (what Chinese Excel writes
by default), detected from the bytes; the delimiter guessed from the first lines."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from fieldkit.core.importing.errors import ImportFileError
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken

MAX_CSV_BYTES = 100 * 1024 * 1024
UNREADABLE = "\ufffd"  # what a byte the encoding cannot read becomes
SNIFF_BYTES = 64 * 1024


def detect_encoding(head: bytes) -> str:
    """utf-8-sig for a BOM, utf-8 if the sample decodes, else gb18030 (a superset of GBK);
    when neither decodes cleanly, whichever leaves fewer unreadable characters."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut at the end of the sample
            return "utf-8"
    try:
        head.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:  # damaged bytes either way: the reading that loses least
        return min(("utf-8", "gb18030"),
                   key=lambda name: head.decode(name, errors="replace").count(UNREADABLE))


def read_csv(path: Path, max_rows: int, cancel: CancelToken | None = None) -> list[list[str]]:
    cancel = cancel or CancelToken()
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise ImportFileError(
            N_("The file “{file}” is too large ({size} MB; at most {limit} MB). Split it into "
               "smaller files, for example by month or by site."),
            file=path.name, size=size // (1024 * 1024), limit=MAX_CSV_BYTES // (1024 * 1024))
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(N_("The file “{file}” is not a text (CSV) file."), file=path.name)
    encoding = detect_encoding(head)
    sample = head.decode(encoding, errors="replace")
    try:
        dialect = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows: list[list[str]] = []
    garbled: list[int] = []  # rows with bytes the encoding cannot read (now U+FFFD)
    try:
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            for number, row in enumerate(csv.reader(fh, delimiter=delimiter), 1):
                if number > max_rows:
                    raise ImportFileError(
                        N_("The file “{file}” has more than {limit} rows. Split it into "
                           "smaller files."), file=path.name, limit=max_rows)
                if number % 1000 == 0:
                    cancel.raise_if_cancelled()
                if any(UNREADABLE in cell for cell in row):
                    garbled.append(number)
                rows.append(row)
    except csv.Error as exc:
        raise ImportFileError(N_("The file “{file}” is not a valid CSV file: {reason}"),
                              file=path.name, reason=str(exc)) from None
    # A stray damaged byte spoils one cell, which the preview points out; many of them mean
    # the file is in another encoding, or in two, and reading it would garble everything.
    if len(garbled) > max(3, len(rows) // 20):
        raise ImportFileError(
            N_("The file “{file}” mixes text encodings and cannot be read (first at row "
               "{row}). Open it in Excel or WPS and save it again as .xlsx or as “CSV UTF-8”."),
            file=path.name, row=garbled[0])
    return rows


