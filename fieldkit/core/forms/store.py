"""Questionnaires kept in the workspace: every version of a form, side by side.

A form is identified by its XLSForm ``form_id``; each ``version`` is stored as its own
record holding the whole definition as JSON, so a response can always be shown with the
exact questions it was captured with. Importing the same version again is a no-op;
importing different content under an existing version is refused (the author must raise
the version, as ODK and KoboToolbox require).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms import media_store
from fieldkit.core.forms.form_data import Data, FormData, definition_data, encode, question_count
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.gc_pause import gc_paused
from fieldkit.core.i18n import N_, tr
from fieldkit.core.paths import builtin_forms_dir
from fieldkit.core.progress import CancelToken, ProgressCallback, no_progress
from fieldkit.core.store.workspace import ContentText, Workspace


class FormNotFound(FieldkitError):
    pass


@dataclass
class ImportResult:
    form_id: str
    version: str
    title: str
    question_count: int
    status: str              # "imported" | "unchanged"
    record_id: str
    warnings: list[str]
    files: list[str] = field(default_factory=list)  # the files stored with the version


    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def serialise(definition: FormDefinition) -> tuple[str, str]:
    """The stored text of a definition and its content hash. Source rows and warnings are
    left out: they are not content."""
    return _text_and_hash(definition_data(definition))


def _text_and_hash(data: Data) -> tuple[str, str]:
    raw = encode(data)
    return raw.decode("utf-8"), hashlib.sha256(raw).hexdigest()


def content_hash(definition: FormDefinition) -> str:
    return serialise(definition)[1]


def version_key(version: str) -> tuple:
    """Order versions naturally: 2024120102 after 2024120101, "1.10" after "1.9"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-_ ]", version))


def store_definition(ws: Workspace, definition: FormDefinition, source_name: str = "",
                     builtin: bool = False) -> ImportResult:
    """Save a validated definition as a new version (or recognise it as already stored)."""
    return store_form(ws, FormData.of(definition), source_name, builtin)


def store_form(ws: Workspace, form: FormData, source_name: str = "", builtin: bool = False,
               files: dict[str, bytes] | None = None, warnings: list[str] = ()) -> ImportResult:
    """Save a validated form (as read by ``read_form``) as a new version, or recognise it
    as already stored. ``files`` are the files it carries (see ``media_store``)."""
    data = form.data
    files = files or {}
    blob, digest = _text_and_hash(data)
    form_id, title = data["form_id"], data["title"]
    with ws.transaction():
        version = data["version"] or _automatic_version(ws, form_id, digest)
        existing = ws.query("SELECT id, content_hash FROM forms WHERE form_id = ? AND version = ?",
                            (form_id, version))
        warnings = [w.message() for w in form.warnings] + list(warnings)
        count = question_count(form.questions)
        if existing:
            same = existing[0]["content_hash"] == digest or _same_content(
                ws.scalar("SELECT definition FROM forms WHERE id = ?", (existing[0]["id"],)), data)
            if same and media_store.stored_digest(ws, existing[0]["id"]) == media_store.media_digest(files):
                return ImportResult(form_id, version, title, count, "unchanged", existing[0]["id"], warnings,
                                    sorted(files))
            if same:
                raise FieldkitError(
                    N_("Version {version} of form “{form_id}” is already stored with other files. Raise the "
                       "version in the settings sheet and import again."), version=version, form_id=form_id)
            raise FieldkitError(
                N_("Version {version} of form “{form_id}” is already stored with different "
                   "questions. Raise the version in the settings sheet and import again."),
                version=version, form_id=form_id)
        record_id = ws.insert("forms", {
            "form_id": form_id, "version": version, "title": title,
            "default_language": data["default_language"], "question_count": count,
            "content_hash": digest, "source_name": source_name, "builtin": int(builtin),
            "definition": ContentText(blob, digest),
        })
        media_store.save_media(ws, record_id, files)
    return ImportResult(form_id, version, title, count, "imported", record_id, warnings, sorted(files))


def _same_content(stored: str, data: Data) -> bool:
    """Whether a stored definition holds the same form as ``data`` although their texts
    differ (a text stored by an earlier fieldkit may order or spell its JSON otherwise)."""
    try:
        return FormDefinition.from_dict(json.loads(stored)) == FormDefinition.from_dict(data)
    except (ValueError, TypeError, KeyError):
        return False


def _automatic_version(ws: Workspace, form_id: str, digest: str) -> str:
    """A form with no version gets one from the date, unless this content is stored already."""
    same = ws.scalar("SELECT version FROM forms WHERE form_id = ? AND content_hash = ?",
                     (form_id, digest))
    if same:
        return same
    base = datetime.now().strftime("%Y%m%d")
    taken = {r[0] for r in ws.query("SELECT version FROM forms WHERE form_id = ?", (form_id,))}
    n = 1
    while f"{base}{n:02d}" in taken:
        n += 1
    return f"{base}{n:02d}"


def import_form(ws: Workspace, path: str | Path, progress: ProgressCallback = no_progress,
                cancel: CancelToken | None = None, builtin: bool = False,
                media: list[str | Path] | tuple = ()) -> ImportResult:
    """Read, validate and store an XLSForm workbook with the files it names, found in
    ``media`` (folders, zip files, files) or beside the workbook (``media_store``). A
    rejected form, or one missing a data file, stores nothing."""
    from fieldkit.core.forms.media import referenced_in_data
    from fieldkit.core.forms.media_store import gather_media
    from fieldkit.core.forms.xlsform_reader import read_form  # the spreadsheet readers: only when needed

    cancel = cancel or CancelToken()
    path = Path(path)
    progress(0, 2, path.name)
    # The collector stays off from reading to storing (see gc_pause): otherwise the first
    # allocation after reading walks the tens of thousands of objects of the form, none of
    # them garbage, only for them to be freed by reference counting on return.
    with gc_paused():
        form = read_form(path)
        referenced = referenced_in_data(form.data, form.questions)
        files, missing = gather_media(path, referenced, media) if referenced.files or referenced.unknown else ({}, [])
        cancel.raise_if_cancelled()
        progress(1, 2, path.name)
        notes = [tr("The picture or sound “{file}” the form shows was not found; the form is shown without it.",
                    file=name) for name in missing]
        result = store_form(ws, form, source_name=path.name, builtin=builtin, files=files, warnings=notes)
        del form
    progress(2, 2, path.name)
    return result


def list_forms(ws: Workspace, include_inactive: bool = False) -> list[dict[str, Any]]:
    """One entry per form_id with its versions, newest version first."""
    rows = ws.query("SELECT id, form_id, version, title, default_language, question_count,"
                    " source_name, builtin, active, hlc FROM forms"
                    + ("" if include_inactive else " WHERE active = 1"))
    forms: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = forms.setdefault(r["form_id"], {"form_id": r["form_id"], "versions": []})
        entry["versions"].append({k: r[k] for k in r.keys() if k not in ("form_id", "hlc")})
    for entry in forms.values():
        entry["versions"].sort(key=lambda v: version_key(v["version"]), reverse=True)
        latest = entry["versions"][0]
        entry.update(title=latest["title"], latest_version=latest["version"],
                     question_count=latest["question_count"], builtin=latest["builtin"])
    return sorted(forms.values(), key=lambda f: (not f["builtin"], f["form_id"]))


def form_counts(ws: Workspace) -> dict[str, int]:
    """How many forms the workspace offers (``active``: with a version in use) and how many
    of them are its own rather than built in (``own``)."""
    return {"active": ws.scalar("SELECT count(DISTINCT form_id) FROM forms WHERE active = 1"),
            "own": ws.scalar("SELECT count(DISTINCT form_id) FROM forms WHERE builtin = 0")}


def get_form(ws: Workspace, form_id: str, version: str | None = None) -> FormDefinition:
    """The definition of a version (the newest when ``version`` is None)."""
    rows = ws.query("SELECT id, version, definition FROM forms WHERE form_id = ?", (form_id,))
    if not rows:
        raise FormNotFound(N_("There is no form “{form_id}” in this workspace."), form_id=form_id)
    if version is None:
        row = max(rows, key=lambda r: version_key(r["version"]))
    else:
        row = next((r for r in rows if r["version"] == version), None)
        if row is None:
            raise FormNotFound(N_("Form “{form_id}” has no version {version}. Versions: {known}."),
                               form_id=form_id, version=version,
                               known=", ".join(sorted((r["version"] for r in rows), key=version_key)))
    definition = FormDefinition.from_dict(json.loads(row["definition"]))
    definition.version = row["version"]
    media_store.media_for(ws, row["id"], definition)
    return definition


def export_form(ws: Workspace, form_id: str, target: str | Path, version: str | None = None) -> Path:
    """Write a version as an XLSForm workbook, and its files into ``<name>-media`` beside it."""
    from fieldkit.core.forms.xlsform_writer import write_xlsform

    definition = get_form(ws, form_id, version)
    target = Path(target)
    if not target.parent.is_dir():
        raise FieldkitError(N_("The folder {folder} does not exist. If it is on a USB drive, "
                               "check that it is connected."), folder=str(target.parent))
    partial = target.with_name(target.name + ".partial.xlsx")
    try:
        write_xlsform(definition, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    files = media_store.load_files(ws, _record_id(ws, form_id, definition.version))
    if files:  # beside the workbook, as ODK expects them: <form>-media/
        media_store.write_media(files, target.with_name(target.stem + "-media"))
    return target


def active_version(ws: Workspace, form_id: str, version: str | None = None) -> dict[str, Any]:
    """The stored version new responses go to: ``{"id", "version"}`` of the newest active
    version (or of ``version``); FormNotFound when there is none (a retired form has none)."""
    rows = ws.query("SELECT id, version FROM forms WHERE form_id = ? AND active = 1", (form_id,))
    if version is not None:
        rows = [r for r in rows if r["version"] == version]
    if not rows:
        raise FormNotFound(N_("There is no form “{form_id}” in this workspace."), form_id=form_id)
    row = max(rows, key=lambda r: version_key(r["version"]))
    return {"id": row["id"], "version": row["version"]}


def _record_id(ws: Workspace, form_id: str, version: str) -> str:
    return ws.scalar("SELECT id FROM forms WHERE form_id = ? AND version = ?", (form_id, version))


def get_media(ws: Workspace, form_id: str, version: str | None = None):
    """The files a version carries, with the workspace's own directory lists, as a
    ``media.FormMedia`` for a form session (the newest version when ``version`` is None)."""
    if version is None:
        version = get_form(ws, form_id).version
    return media_store.load_media(ws, _record_id(ws, form_id, version))


def media_files(ws: Workspace, form_id: str, version: str | None = None) -> list[dict]:
    """Name, size and hash of each file a version carries."""
    if version is None:
        version = get_form(ws, form_id).version
    return media_store.list_files(ws, _record_id(ws, form_id, version))


def load_builtin_forms(ws: Workspace) -> list[ImportResult]:
    """Load the questionnaires shipped in forms/ (idempotent)."""
    results = []
    with ws.transaction():
        for path in sorted(builtin_forms_dir().glob("*.xlsx")):
            results.append(import_form(ws, path, builtin=True))
    return results
