"""Interview notes from files (.txt, .md, .docx), and recordings or photos attached to a note.

Every file is checked before anything is written, as carefully as survey spreadsheets:
a file that is not what its name says (an .xlsx, .exe or old .doc called .docx), a
password-protected Word file (Word wraps those in an OLE container, not a zip), a file
over 20 MB or over 2 million characters, a zip bomb, XML entity declarations, binary data
called .txt, an empty file. All problems of all files are reported together, each naming
its file, and then nothing is written; otherwise all notes are written in one transaction.

Text files are read as UTF-8 (with or without BOM), UTF-16 with a BOM (Windows Notepad's
"Unicode"), else GB18030 (which includes GBK and GB2312). Line ends become ``\\n``.
A file whose content (SHA-256 of its bytes) was imported before is skipped and listed.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from fieldkit.core.errors import FieldkitError, os_reason
from fieldkit.core.i18n import N_, translate
from fieldkit.core.interviews import notes
from fieldkit.core.interviews.errors import NoteFileError
from fieldkit.core.interviews.model import NoteImportResult
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CHARS = notes.MAX_BODY
MAX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
SUFFIXES = (".txt", ".md", ".markdown", ".docx")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SIGNATURES = ((b"MZ", N_("a Windows program")), (b"%PDF", N_("a PDF document")),
               (b"\x89PNG", N_("a picture")), (b"\xff\xd8\xff", N_("a picture")),
               (b"GIF8", N_("a picture")), (b"ID3", N_("a sound recording")),
               (b"RIFF", N_("a sound or video recording")), (b"Rar!", N_("a RAR archive")),
               (b"7z\xbc\xaf", N_("a 7-Zip archive")), (b"\x7fELF", N_("a program")))
_DATE_IN_NAME = re.compile(r"(20\d\d)[-_.年]?(0[1-9]|1[0-2])[-_.月]?(0[1-9]|[12]\d|3[01])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


@dataclass
class NoteFile:
    """One checked file, ready to become a note."""
    path: Path
    title: str
    body: str
    sha256: str
    on_date: str | None = None


# -- reading one file ------------------------------------------------------------------------

def _problem(msgid: str, path: Path, **params) -> FieldkitError:
    return FieldkitError(msgid, file=path.name, **params)


def read_note_file(path: str | Path) -> tuple[str, str]:
    """The title and text of one file, checked (``NoteFileError`` naming it otherwise)."""
    try:
        checked = _read(Path(path))
    except FieldkitError as exc:
        raise NoteFileProblem(exc) from None
    return checked.title, checked.body


class NoteFileProblem(NoteFileError):
    """One file's problem (``read_note_file``), shown as that problem."""

    def __init__(self, problem: FieldkitError) -> None:
        super().__init__(problem.msgid, **problem.params)
        self.problem = problem

    def message(self, language: str | None = None) -> str:
        return self.problem.message(language)


def _read(path: Path) -> NoteFile:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _problem(N_("fieldkit cannot import “{file}” as interview notes: use .txt, .md "
                          "or .docx files."), path)
    try:
        if not path.is_file():
            raise _problem(N_("The file “{file}” does not exist."), path)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _problem(N_("The file “{file}” is too large to import as a note ({size} MB; "
                              "at most {limit} MB)."), path, size=size // 2**20,
                           limit=MAX_FILE_BYTES // 2**20)
        data = path.read_bytes()
    except OSError as exc:
        raise _problem(N_("The file “{file}” cannot be read: {reason}"), path,
                       reason=os_reason(exc)) from None
    if not data.strip():
        raise _problem(N_("The file “{file}” is empty."), path)
    if suffix == ".docx":
        title, body = _read_docx(path, data)
    else:
        body = _decode_text(path, data)
        title = _markdown_title(body) if suffix in (".md", ".markdown") else ""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not body.strip():
        raise _problem(N_("The file “{file}” has no text."), path)
    if len(body) > MAX_CHARS:
        raise _problem(N_("The file “{file}” has too much text for one note ({count} "
                          "characters; at most {limit}). Split it into several files."),
                       path, count=len(body), limit=MAX_CHARS)
    title = " ".join(title.split())[:notes.MAX_TITLE] or path.stem[:notes.MAX_TITLE] or path.name
    found = _DATE_IN_NAME.search(path.stem)
    on_date = None
    if found:
        try:
            on_date = notes._date("-".join(found.groups()))
        except FieldkitError:
            on_date = None
    return NoteFile(path, title, body, hashlib.sha256(data).hexdigest(), on_date)


def _not_text(path: Path, data: bytes) -> FieldkitError | None:
    """The problem when ``data`` is a known binary format or a zip/OLE container."""
    if data.startswith(b"PK\x03\x04"):
        return _problem(N_("The file “{file}” is a zip archive (perhaps a Word or Excel file), "
                           "not text. Rename it with its real extension or save it as text."),
                        path)
    if data.startswith(_OLE2):
        return _problem(N_("The file “{file}” is an Office document, not text."), path)
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return _KindProblem(N_("The file “{file}” is {kind}, not text."), file=path.name,
                                kind=kind)
    return None


class _KindProblem(FieldkitError):
    """A problem whose ``kind`` parameter is itself a msgid, translated when shown."""

    def message(self, language: str | None = None) -> str:
        params = {**self.params, "kind": translate(str(self.params["kind"]), language)}
        return translate(self.msgid, language).format(**params)


def _decode_text(path: Path, data: bytes) -> str:
    problem = _not_text(path, data)
    if problem is not None:
        raise problem
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        # bytes that merely start like Notepad's UTF-16 mark decode to replacement and
        # unassigned characters, not to text
        if text is not None and not _looks_binary(text) and not _garbled(text):
            return text
    elif b"\x00" not in data[:65536]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = _damaged_utf8_line(data, exc)
            if line:
                raise _problem(N_("The file “{file}” is UTF-8 text with damaged bytes on line "
                                  "{line}. Open it in a text editor, check that line and save "
                                  "it again."), path, line=line) from None
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = None
        if text is not None and not _looks_binary(text):
            return text
    raise _problem(N_("The file “{file}” is not readable text (neither UTF-8 nor GB18030); "
                      "open it in a text editor and save it as UTF-8."), path)


def _damaged_utf8_line(data: bytes, exc: UnicodeDecodeError) -> int:
    """The line of the first bad byte when ``data`` is mostly valid UTF-8 (a few damaged
    bytes, not GB18030 text, which fails as UTF-8 almost everywhere); else 0."""
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    wide = sum(1 for c in loose if c > "\x7f") - bad
    if wide >= 20 * bad:
        return data[:exc.start].count(b"\n") + 1
    return 0


def _garbled(text: str) -> bool:
    """Mostly characters no text holds: replacement marks, unassigned or private code
    points, lone surrogates."""
    sample = text[:65536]
    odd = sum(1 for c in sample
              if c == "\ufffd" or unicodedata.category(c) in ("Cn", "Co", "Cs"))
    return odd > max(8, len(sample) // 20)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return controls > max(8, len(sample) // 200)


def _markdown_title(text: str) -> str:
    for line in text.splitlines()[:200]:
        found = _HEADING.match(line)
        if found:
            return found.group(1).strip()
    return ""


# -- Word files ------------------------------------------------------------------------------

def _read_docx(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(_OLE2):
        if _ENCRYPTED in data:
            raise _problem(N_("The file “{file}” is password-protected. Remove the password in "
                              "Word or WPS and import it again."), path)
        raise _problem(N_("The file “{file}” is an old Word document (.doc) or another Office "
                          "file. Save it as .docx in Word or WPS and import that file."), path)
    if not data.startswith(b"PK\x03\x04"):
        problem = _not_text(path, data)
        if problem is not None:
            raise problem
        raise _problem(N_("The file “{file}” is not a Word document (.docx). Open it in Word "
                          "or WPS, save it as .docx, and import that file."), path)
    _check_docx_zip(path, data)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a declared dependency
        raise _problem(N_("Word support is missing from this installation (python-docx)."),
                       path) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = "\n".join(_docx_lines(document))
        title = (document.core_properties.title or "").strip() or _docx_heading(document)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError,
            AttributeError, TypeError) as exc:
        raise _damaged_docx(path) from None
    except Exception as exc:  # noqa: BLE001 - lxml raises its own errors on damaged XML
        if type(exc).__module__.startswith("lxml"):
            raise _damaged_docx(path) from None
        raise
    return title, body


def _damaged_docx(path: Path) -> FieldkitError:
    """The library's own words (English, technical) are not shown: the user gets what to do."""
    return _problem(N_("The file “{file}” is damaged or not a Word document. Open it in Word "
                       "or WPS, save it again as .docx, and import that file."), path)


def _check_docx_zip(path: Path, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _damaged_docx(path) from None
    names = {info.filename for info in infos}
    bomb = len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_INFLATED_BYTES or \
        any(i.file_size > RATIO_FLOOR and i.file_size / max(i.compress_size, 1) > MAX_RATIO
            for i in infos)
    if bomb:
        raise _problem(N_("The file “{file}” unpacks to far more than its own size; it may be "
                          "a “zip bomb”. It was not opened."), path)
    if any(i.flag_bits & 0x1 for i in infos):
        raise _problem(N_("The file “{file}” is password-protected. Remove the password in "
                          "Word or WPS and import it again."), path)
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise _problem(N_("The file “{file}” is an Excel workbook with a Word name. Choose "
                              "the Word document instead."), path)
        if "ppt/presentation.xml" in names:
            raise _problem(N_("The file “{file}” is a PowerPoint presentation with a Word name. "
                              "Choose the Word document instead."), path)
        raise _problem(N_("The file “{file}” is a zip archive but not a Word document."), path)
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            head = archive.read(info)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _problem(N_("The file “{file}” contains XML entity declarations, which "
                                  "Word documents never need and which can be used to attack "
                                  "the computer (“XML bomb”). It was not opened."), path)


def _docx_lines(document) -> list[str]:
    """Paragraphs as lines, tables as tab-separated lines (a merged cell once), in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rpartition("}")[2]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append("\t".join(cells))
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _docx_heading(document) -> str:
    for paragraph in document.paragraphs[:200]:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.lower().startswith(("heading", "title")) or style.startswith(("标题",)):
            if paragraph.text.strip():
                return paragraph.text.strip()
    return ""


# -- importing several files -----------------------------------------------------------------

def check_note_files(paths: Iterable[str | Path], *, progress: ProgressCallback | None = None,
                     cancel: CancelToken | None = None) -> list[NoteFile]:
    """Read and check every file; raise one ``NoteFileError`` listing every problem (each
    naming its file) if any file fails. Writes nothing."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise NoteFileError(N_("Choose at least one file of notes."))
    steps = Progress(len(paths), progress, cancel)
    checked, problems = [], []
    for i, path in enumerate(paths, 1):
        try:
            checked.append(_read(path))
        except FieldkitError as exc:
            problems.append(exc)
        steps.step(i, path.name)
    if problems:
        raise NoteFilesRefused(problems)
    return checked


class NoteFilesRefused(NoteFileError):
    """One or more files failed their checks; ``problems`` holds one error per file."""

    def __init__(self, problems: list[FieldkitError]) -> None:
        super().__init__(N_("Nothing was imported. {details}"))
        self.problems = problems

    def message(self, language: str | None = None) -> str:
        details = " ".join(p.message(language) for p in self.problems)
        return translate(self.msgid, language).format(details=details)


def import_note_files(ws, paths: Iterable[str | Path], *, site_id: str | None = None,
                      activity_id: str | None = None, on_date: str | None = None,
                      occupation: str = "", progress: ProgressCallback | None = None,
                      cancel: CancelToken | None = None) -> NoteImportResult:
    """Import files as notes: all checked first, then all written in one transaction (or
    none). A file whose content was imported before (or twice in this batch) is skipped
    and listed in ``skipped``. Each note's date is ``on_date``, else a date in the file's
    name (2024-07-15, 20240715, 2024年07月15日), else empty."""
    files = check_note_files(paths, progress=progress, cancel=cancel)
    result = NoteImportResult(files=[f.path.name for f in files])
    with ws.transaction():
        seen: dict[str, str] = {}
        for f in files:
            if cancel is not None:
                cancel.raise_if_cancelled()
            existing = seen.get(f.sha256) or ws.scalar(
                "SELECT id FROM interview_notes WHERE source_hash = ? AND deleted = 0",
                (f.sha256,))
            if existing:
                result.skipped.append([f.path.name, existing])
                continue
            note_id = notes.create_note(
                ws, title=f.title, body=f.body, on_date=on_date or f.on_date, site_id=site_id,
                activity_id=activity_id, occupation=occupation, source_file=f.path.name,
                source_hash=f.sha256)
            seen[f.sha256] = note_id
            result.created.append(note_id)
    if result.created and not ws.read_only:
        # index the new notes now (after the commit), so the next search does not wait
        from fieldkit.core.interviews.search import refresh_note_index

        refresh_note_index(ws)
    return result


# -- recordings and photos -------------------------------------------------------------------

def attach_file(ws, note_id: str, path: str | Path) -> str:
    """Copy a recording, photo or other file into the workspace and attach it to the note;
    returns its reference (``att:<id>``). Attaching the same file twice keeps one."""
    from fieldkit.core.store import attachments

    with ws.transaction():
        row = notes._row(ws, note_id)
        reference = attachments.add(ws, path)
        refs = row["attachments"].split()
        if reference not in refs:
            ws.update("interview_notes", note_id, {"attachments": " ".join([*refs, reference])})
    return reference


def detach_file(ws, note_id: str, reference: str) -> None:
    """Take a file off a note (the stored copy stays in the workspace for its history)."""
    with ws.transaction():
        row = notes._row(ws, note_id)
        refs = [r for r in row["attachments"].split() if r != reference]
        ws.update("interview_notes", note_id, {"attachments": " ".join(refs)})
