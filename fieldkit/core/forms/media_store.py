"""A form version's files in the workspace: gathered at import, stored, read back, exported.

Importing a form looks for the files it names (``media.referenced_files``) in what the
user gave with it (folders, zip files, single files), then in a ``<form>-media`` folder
beside the workbook (ODK's convention), then beside the workbook. Only named files are
taken, never a whole folder. The bytes are stored as attachments (by content hash, once
however many versions carry them) and linked to the form version in ``form_media``.

A data file the form cannot work without that is not found refuses the import, naming
every missing file; a missing picture is a warning. Files too large, zip bombs and XML
bombs are refused (limits in ``media_files``). Nothing is stored unless all is well.
"""

from __future__ import annotations

from fieldkit.core.errors import os_reason

import hashlib
import mimetypes
import zipfile
from collections.abc import Iterable
from pathlib import Path

from fieldkit.core.forms.media import DIRECTORY_FILES, FormMedia, Referenced
from fieldkit.core.forms.question_types import is_file_list
from fieldkit.core.forms.media_files import (MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_RATIO,
                                             MediaError, check_data_file, is_data_file, safe_file_name)
from fieldkit.core.i18n import N_
from fieldkit.core.store.workspace import Workspace


#: The message of a form whose data files were not found (the forms page offers to look elsewhere).
MISSING_FILES = N_("The form needs files that were not found: {files}. Put them beside the workbook, "
                   "or in a folder named “{folder}” beside it, and import again.")


def _too_large(name: str, size: int) -> MediaError:
    return MediaError(N_("The file “{file}” is too large to carry with a form ({size} MB; at most {limit} MB)."),
                      file=name, size=size // 2**20, limit=MAX_FILE_BYTES // 2**20)


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(path.name, size)
        return path.read_bytes()
    except OSError as exc:
        raise MediaError(N_("The file “{file}” cannot be read: {reason}"), file=path.name,
                         reason=os_reason(exc)) from None


class _Zip:
    """Named entries of a zip file, checked before a byte is unpacked."""

    def __init__(self, path: Path) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (OSError, zipfile.BadZipFile) as exc:
            raise MediaError(N_("The file “{file}” is not a readable zip file: {reason}"), file=path.name,
                             reason=str(exc)) from None
        if len(infos) > MAX_ZIP_ENTRIES:
            raise MediaError(N_("The zip file “{file}” holds more than {limit} files."), file=path.name,
                             limit=MAX_ZIP_ENTRIES)
        self.path = path
        self.entries = {}
        for info in infos:
            if not info.is_dir():
                self.entries.setdefault(info.filename.replace("\\", "/").rsplit("/", 1)[-1], info)

    def read(self, name: str) -> bytes:
        info = self.entries[name]
        if info.file_size > MAX_FILE_BYTES:
            raise _too_large(name, info.file_size)
        if info.file_size > 1_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise MediaError(N_("The file “{file}” in “{zip}” unpacks to {ratio} times its size, which fieldkit "
                                "refuses as a zip bomb."), file=name, zip=self.path.name,
                             ratio=info.file_size // max(info.compress_size, 1))
        try:
            with self.zip.open(info) as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
        except (OSError, zipfile.BadZipFile, RuntimeError) as exc:  # RuntimeError: encrypted
            raise MediaError(N_("The file “{file}” in “{zip}” cannot be read: {reason}"), file=name,
                             zip=self.path.name, reason=str(exc)) from None
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(name, len(data))
        return data


def gather_media(workbook: Path, referenced: Referenced, sources: Iterable[str | Path] = ()) -> tuple[dict[str, bytes], list[str]]:
    """The files ``referenced`` names, found in ``sources`` and beside ``workbook``.
    Returns (name -> bytes, names of missing pictures). Raises MediaError when a data file
    is missing, a name is not a plain file name, or a file is too large or hostile."""
    places: list[Path | _Zip] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            places.append(source)
        elif source.suffix.lower() == ".zip":
            places.append(_Zip(source))
        elif source.is_file():
            places.append(source)  # a single file: matched by its name
        else:
            raise MediaError(N_("The file “{file}” does not exist."), file=str(source))
    places += [workbook.with_name(workbook.stem + "-media"), workbook.parent]
    found: dict[str, bytes] = {}
    total = 0
    bad = [n for n in referenced.files if not safe_file_name(n)]
    if bad:
        raise MediaError(N_("The form names files that cannot be file names: {files}"), files=", ".join(bad))
    for name in referenced.files:
        for place in places:
            data = None
            if isinstance(place, _Zip):
                data = place.read(name) if name in place.entries else None
            elif place.is_dir() and (place / name).is_file():
                data = _read_file(place / name)
            elif place.is_file() and place.name == name:
                data = _read_file(place)
            if data is not None:
                total += len(data)
                if total > MAX_TOTAL_BYTES:
                    raise MediaError(N_("The form's files add up to more than {limit} MB."),
                                     limit=MAX_TOTAL_BYTES // 2**20)
                found[name] = data
                break
    missing = [n for n in referenced.data if n not in found]
    missing += [n + ".csv" for n in referenced.unknown]
    if missing:
        raise MediaError(MISSING_FILES, files=", ".join(missing), folder=workbook.stem + "-media")
    for name in referenced.data:  # read now, so a broken file is refused at import, not in the field
        check_data_file(name, found[name])
    return found, [n for n in referenced.pictures if n not in found]


def media_digest(files: dict[str, bytes]) -> str:
    """One hash for a set of files (names and contents): equal sets, equal digests."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def stored_digest(ws: Workspace, form_record_id: str) -> str:
    """``media_digest`` of the files stored with a form version (without reading blobs)."""
    h = hashlib.sha256()
    for row in ws.query("SELECT m.file_name, a.sha256 FROM form_media m JOIN attachments a ON a.id = m.attachment_id"
                        " WHERE m.form_record_id = ? ORDER BY m.file_name", (form_record_id,)):
        h.update(row["file_name"].encode("utf-8") + b"\0" + bytes.fromhex(row["sha256"]))
    return h.hexdigest()


def save_media(ws: Workspace, form_record_id: str, files: dict[str, bytes]) -> None:
    """Link ``files`` to a form version (inside the caller's transaction)."""
    for name in sorted(files):
        data = files[name]
        digest = hashlib.sha256(data).hexdigest()
        attachment = ws.scalar("SELECT id FROM attachments WHERE sha256 = ?", (digest,))
        if attachment is None:
            attachment = ws.insert("attachments", {
                "file_name": name, "media_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
                "size": len(data), "sha256": digest, "data": data})
        ws.insert("form_media", {"form_record_id": form_record_id, "file_name": name, "attachment_id": attachment})


def load_files(ws: Workspace, form_record_id: str) -> dict[str, bytes]:
    rows = ws.query("SELECT m.file_name, a.data FROM form_media m JOIN attachments a ON a.id = m.attachment_id"
                    " WHERE m.form_record_id = ?", (form_record_id,))
    return {r["file_name"]: bytes(r["data"]) for r in rows}


def list_files(ws: Workspace, form_record_id: str) -> list[dict]:
    """Name, size and hash of each file a version carries (not the bytes)."""
    rows = ws.query("SELECT m.file_name, a.size, a.sha256 FROM form_media m JOIN attachments a ON a.id = m.attachment_id"
                    " WHERE m.form_record_id = ? ORDER BY m.file_name", (form_record_id,))
    return [dict(r) for r in rows]


def media_for(ws: Workspace, form_record_id: str, definition) -> FormMedia | None:
    """The media of a stored version, attached to its ``definition`` (see
    ``media.attach_media``), with the directory lists it reads as they are now; None for
    a form with neither files nor such lists (most forms: one query)."""
    from fieldkit.core.forms.media import attach_media, directory_lists_used

    lists = directory_lists_used(definition)
    if not lists and not ws.scalar("SELECT 1 FROM form_media WHERE form_record_id = ? LIMIT 1", (form_record_id,)):
        attach_media(definition, None)
        return None
    media = load_media(ws, form_record_id, lists)
    for q in definition.walk():  # the choices too are made here, not in the runner
        if q.type in ("select_one", "select_multiple") and is_file_list(q.list_name):
            media.choices(q.list_name, q.parameters)
    attach_media(definition, media)
    return media


def load_media(ws: Workspace, form_record_id: str, lists: Iterable[str] = DIRECTORY_FILES) -> FormMedia:
    """Everything a session of this version reads: its files, and the workspace's own
    directory lists read now (a session runs away from the database thread)."""
    from fieldkit.core.forms.directory_lists import directory_rows

    rows = {name: directory_rows(ws, name) for name in lists}
    media = FormMedia(load_files(ws, form_record_id), directory=rows.get)
    for name in [*media.files, *lists]:  # parsed here, on the database thread, not in the runner
        if is_data_file(name):
            media.document(name)
    return media


def write_media(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Write a version's files into ``folder`` (created), each via a temporary name."""
    folder.mkdir(exist_ok=True)
    written = []
    for name, data in sorted(files.items()):
        if not safe_file_name(name):  # a workspace merged from elsewhere must not write outside
            raise MediaError(N_("The form names files that cannot be file names: {files}"), files=name)
        target = folder / name
        partial = folder / (name + ".partial")
        try:
            partial.write_bytes(data)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        written.append(target)
    return written


__all__ = ["gather_media", "media_digest", "stored_digest", "save_media", "load_files", "list_files",
           "load_media", "write_media", "is_data_file"]
