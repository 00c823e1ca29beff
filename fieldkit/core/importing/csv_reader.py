"""Reading CSV exports: UTF-8, UTF-8 with BOM, or GB18030/GBK (what Chinese Excel writes
by default), detected from the bytes; the delimiter guessed from the first lines. A file
that mixes the two (rows pasted from another export) is read line by line, each in its own
encoding, and the odd rows are reported so the user can check them."""

from __future__ import annotations

import codecs
import csv
import io
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


def _latin_mojibake(text: str) -> bool:
    """GBK text that happens to be valid UTF-8 reads as Greek, Cyrillic and the like
    (位 is CE BB, which UTF-8 takes for λ); real answers in this app hardly ever do."""
    return any("\u0100" <= ch <= "\u07ff" for ch in text)


def _lines(text: str) -> list[str]:
    """Lines as a file opened with ``newline=""`` gives them: split at \\n, \\r or \\r\\n
    only (``str.splitlines`` would also split at form feeds and U+2028 inside a cell)."""
    return list(io.StringIO(text, newline=""))


def decode_lines(data: bytes, encoding: str) -> tuple[list[str], dict[int, str]]:
    """The file's lines as text, each read in the encoding it is in, and the lines (0-based)
    in the file's minority encoding, with that encoding's name.

    Excel on a Chinese system writes GBK; a row pasted in from a UTF-8 export keeps its
    UTF-8 bytes. Read as GBK, those bytes still decode — into nonsense such as 涓枃 for 中文 —
    so each line with non-ASCII bytes is tried as UTF-8 first (strict UTF-8 almost never
    accepts GBK text), then as GB18030. Lines neither reading accepts keep the file's own
    encoding with � for the damaged bytes, which the preview points out."""
    if encoding == "utf-16":
        return _lines(data.decode("utf-16", errors="replace")), {}
    if encoding == "utf-8-sig":
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8"
    if encoding == "utf-8":
        try:
            return _lines(data.decode("utf-8")), {}
        except UnicodeDecodeError:
            pass  # at least one line is in another encoding
    lines: list[str] = []
    kinds: list[str] = []  # per line: "" (ASCII or unreadable), "utf-8" or "gb18030"
    for raw in data.splitlines(keepends=True):
        if raw.isascii():
            lines.append(raw.decode("ascii"))
            kinds.append("")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and not _latin_mojibake(text):
            lines.append(text)
            kinds.append("utf-8")
            continue
        try:
            lines.append(raw.decode("gb18030"))
            kinds.append("gb18030")
        except UnicodeDecodeError:
            lines.append(text if text is not None else raw.decode(encoding, errors="replace"))
            kinds.append("")
    used = {kind: kinds.count(kind) for kind in ("utf-8", "gb18030")}
    if not (used["utf-8"] and used["gb18030"]):
        return lines, {}
    # the minority is the odd one out; on a tie, the encoding the start of the file showed
    main = encoding if used["utf-8"] == used["gb18030"] else max(used, key=used.__getitem__)
    return lines, {i: ENCODING_NAMES[kind] for i, kind in enumerate(kinds)
                   if kind and kind != main}


ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GBK"}


def read_csv(path: Path, max_rows: int, cancel: CancelToken | None = None,
             notes: dict[int, str] | None = None) -> list[list[str]]:
    """The rows of a CSV file. ``notes``, when given, receives the rows (1-based) written in
    a different encoding from the rest of the file, with that encoding's name."""
    cancel = cancel or CancelToken()
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise ImportFileError(
            N_("The file “{file}” is too large ({size} MB; at most {limit} MB). Split it into "
               "smaller files, for example by month or by site."),
            file=path.name, size=size // (1024 * 1024), limit=MAX_CSV_BYTES // (1024 * 1024))
    data = path.read_bytes()
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(N_("The file “{file}” is not a text (CSV) file."), file=path.name)
    encoding = detect_encoding(head)
    sample = head.decode(encoding, errors="replace")
    try:
        dialect = csv.Sniffer().sniff(sample[:8192], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    lines, mixed = decode_lines(data, encoding)
    del data
    rows: list[list[str]] = []
    garbled: list[int] = []  # rows with bytes the encoding cannot read (now U+FFFD)
    try:
        reader = csv.reader(lines, delimiter=delimiter)
        first_line = 0  # the physical line (0-based) the next row starts on
        for number, row in enumerate(reader, 1):
            if number > max_rows:
                raise ImportFileError(
                    N_("The file “{file}” has more than {limit} rows. Split it into "
                       "smaller files."), file=path.name, limit=max_rows)
            if number % 1000 == 0:
                cancel.raise_if_cancelled()
            if any(UNREADABLE in cell for cell in row):
                garbled.append(number)
            if mixed and notes is not None:
                found = next((mixed[i] for i in range(first_line, reader.line_num)
                              if i in mixed), None)
                if found:
                    notes[number] = found
            first_line = reader.line_num
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
