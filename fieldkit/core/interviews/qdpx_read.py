"""Reading a REFI-QDA project (.qdpx) safely into plain data, before anything is written.

A .qdpx is a zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and
the text sources under ``sources/``. It comes from another computer, so it is treated as
hostile until checked:

- the zip: at most ``MAX_ENTRIES`` members, ``MAX_TOTAL`` bytes unpacked in all, no member
  that unpacks to more than ``MAX_RATIO`` times its packed size (a zip bomb), each read
  with a hard cap whatever its header claims;
- the XML: parsed with defusedxml, which refuses any DTD, so external entities (XXE) and
  entity expansion ("billion laughs") never run;
- the content: every selection's positions must lie inside its source's text, every code
  reference must name a code of the codebook, texts must be UTF-8.

All problems are collected and reported together (``QdpxError``); the caller writes
nothing unless ``read_project`` returns.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from fieldkit.core.plain_text import joined
from fieldkit.core.i18n import N_, tr
from fieldkit.core.interviews.errors import InterviewError

NS = "urn:QDA-XML:project:1.0"
MAX_ENTRIES = 20_000
MAX_TOTAL = 400 * 1024 * 1024
MAX_MEMBER = 100 * 1024 * 1024
MAX_RATIO = 200
MAX_PROBLEMS = 8


class QdpxError(InterviewError):
    """A .qdpx file cannot be imported (names the file and what is wrong); nothing was
    written."""


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass
class CodePlan:
    guid: str
    name: str
    parent: str | None
    colour: str | None
    description: str
    note_refs: list[str] = field(default_factory=list)


@dataclass
class SelectionPlan:
    guid: str
    start: int
    end: int
    codes: list[str]
    memo: str
    user: str
    note_refs: list[str] = field(default_factory=list)


@dataclass
class SourcePlan:
    guid: str
    name: str
    text: str
    selections: list[SelectionPlan] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)   # variable guid -> value


@dataclass
class NotePlan:
    guid: str
    name: str
    text: str
    user: str
    created: str


@dataclass
class ProjectPlan:
    """Everything a .qdpx holds that fieldkit takes in, checked."""
    name: str
    codes: list[CodePlan] = field(default_factory=list)        # parents before children
    variables: dict[str, str] = field(default_factory=dict)    # guid -> name
    sources: list[SourcePlan] = field(default_factory=list)
    notes: dict[str, NotePlan] = field(default_factory=dict)
    project_note_refs: list[str] = field(default_factory=list)
    skipped_selections: int = 0                                # empty or without a code


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> bytes:
    """A member's bytes, never more than its declared size (nor ``MAX_MEMBER``)."""
    limit = min(info.file_size, MAX_MEMBER)
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise QdpxError(N_("{file} is not a usable REFI-QDA project: the member “{member}” "
                           "is larger than it says or too large. Nothing was imported."),
                        file=file, member=info.filename)
    return data


def _open_zip(path: Path) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    file = path.name
    if path.is_dir():
        raise QdpxError(N_("{file} is a folder; choose the .qdpx file in it."), file=str(path))
    if not path.is_file():
        raise QdpxError(N_("{file} was not found."), file=str(path))
    if not zipfile.is_zipfile(path):
        raise QdpxError(N_("{file} is not a REFI-QDA project (.qdpx): it is not a zip file. "
                           "Nothing was imported."), file=file)
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise QdpxError(N_("{file} is damaged and cannot be read. Nothing was imported."),
                        file=file) from None
    if len(infos) > MAX_ENTRIES:
        archive.close()
        raise QdpxError(N_("{file} holds {count} files, more than a project can have "
                           "(at most {limit}). Nothing was imported."),
                        file=file, count=len(infos), limit=MAX_ENTRIES)
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            archive.close()
            raise QdpxError(N_("{file} is encrypted; export it again without a password. "
                               "Nothing was imported."), file=file)
        if (info.file_size > MAX_MEMBER or total > MAX_TOTAL or
                info.file_size > 1024 * 1024 and
                info.file_size > MAX_RATIO * max(1, info.compress_size)):
            archive.close()
            raise QdpxError(N_("{file} unpacks to far more than its size (a damaged or "
                               "hostile file). Nothing was imported."), file=file)
    members = {info.filename.replace("\\", "/").lower(): info for info in infos
               if not info.is_dir()}
    return archive, members


def _source_text(archive, members, element, file: str, problems: list) -> str | None:
    content = element.find(q("PlainTextContent"))
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath") or ""
    if not path:
        problems.append((N_("the source “{name}” has no text"), {"name": element.get("name")}))
        return None
    if path.startswith("internal://"):
        path = path[len("internal://"):]
    name = PurePosixPath(path.replace("\\", "/")).name.lower()
    info = members.get("sources/" + name) or members.get(name)
    if info is None:
        problems.append((N_("the text of source “{name}” ({path}) is missing"),
                         {"name": element.get("name"), "path": path}))
        return None
    data = _read_member(archive, info, file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append((N_("the text of source “{name}” is not UTF-8"),
                         {"name": element.get("name")}))
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _int(value: str | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _refs(element, tag: str = "NoteRef") -> list[str]:
    return [_guid(r.get("targetGUID")) for r in element.findall(q(tag))]


def _codes(parent_element, parent: str | None, out: list[CodePlan]) -> None:
    for code in parent_element.findall(q("Code")):
        description = code.find(q("Description"))
        out.append(CodePlan(_guid(code.get("guid")), code.get("name") or "", parent,
                            code.get("color"),
                            (description.text or "") if description is not None else "",
                            _refs(code)))
        _codes(code, _guid(code.get("guid")), out)


def _variable_value(element) -> tuple[str, str] | None:
    ref = element.find(q("VariableRef"))
    if ref is None:
        return None
    for tag in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
                "DateTimeValue"):
        value = element.find(q(tag))
        if value is not None:
            return _guid(ref.get("targetGUID")), (value.text or "").strip()
    return None


def _parse(root, archive, members, file: str) -> ProjectPlan:
    problems: list[tuple[str, dict]] = []
    users = {_guid(u.get("guid")): u.get("name") or "" for u in root.iter(q("User"))}
    plan = ProjectPlan(root.get("name") or "")
    book = root.find(q("CodeBook"))
    if book is not None and book.find(q("Codes")) is not None:
        _codes(book.find(q("Codes")), None, plan.codes)
    code_guids = {c.guid for c in plan.codes}
    for variable in root.iter(q("Variable")):
        plan.variables[_guid(variable.get("guid"))] = variable.get("name") or ""
    case_values: dict[str, dict[str, str]] = {}
    for case in root.iter(q("Case")):
        values = dict(filter(None, map(_variable_value, case.findall(q("VariableValue")))))
        for source in _refs(case, "SourceRef"):
            case_values.setdefault(source, {}).update(values)
    sources = root.find(q("Sources"))
    for element in sources.findall(q("TextSource")) if sources is not None else ():
        name = element.get("name") or ""
        text = _source_text(archive, members, element, file, problems)
        if text is None:
            continue
        source = SourcePlan(_guid(element.get("guid")), name, text, note_refs=_refs(element))
        source.variables.update(case_values.get(source.guid, {}))
        source.variables.update(dict(filter(None, map(
            _variable_value, element.findall(q("VariableValue"))))))
        for sel in element.findall(q("PlainTextSelection")):
            start, end = _int(sel.get("startPosition")), _int(sel.get("endPosition"))
            if start is None or end is None or not 0 <= start <= end <= len(text):
                problems.append((N_("a coded passage of “{name}” runs from {start} to {end}, "
                                    "outside its text of {length} characters"),
                                 {"name": name, "start": sel.get("startPosition"),
                                  "end": sel.get("endPosition"), "length": len(text)}))
                continue
            codes = [_guid(c.find(q("CodeRef")).get("targetGUID"))
                     for c in sel.findall(q("Coding")) if c.find(q("CodeRef")) is not None]
            unknown = [c for c in codes if c not in code_guids]
            if unknown:
                problems.append((N_("a coded passage of “{name}” refers to the code {code}, "
                                    "which is not in the project's codebook"),
                                 {"name": name, "code": unknown[0]}))
                continue
            if start == end or not codes:      # an empty passage codes nothing
                plan.skipped_selections += 1
                continue
            description = sel.find(q("Description"))
            coder = next((users.get(_guid(c.get("creatingUser")), "")
                          for c in sel.findall(q("Coding"))), "")
            source.selections.append(SelectionPlan(
                _guid(sel.get("guid")), start, end, codes,
                (description.text or "") if description is not None else "",
                coder or users.get(_guid(sel.get("creatingUser")), ""), _refs(sel)))
        plan.sources.append(source)
    notes = root.find(q("Notes"))
    for note in notes.findall(q("Note")) if notes is not None else ():
        text = _source_text(archive, members, note, file, problems)
        if text is not None:
            plan.notes[_guid(note.get("guid"))] = NotePlan(
                _guid(note.get("guid")), note.get("name") or "", text,
                users.get(_guid(note.get("creatingUser")), ""),
                note.get("creationDateTime") or "")
    plan.project_note_refs = [_guid(r.get("targetGUID")) for r in root.findall(q("NoteRef"))]
    if problems:
        shown = joined(tr(msgid, **params) for msgid, params in problems[:MAX_PROBLEMS])
        raise QdpxError(N_("{file} cannot be imported ({count} problems): {problems}. "
                           "Nothing was imported."), file=file, count=len(problems),
                        problems=shown)
    return plan


def read_project(path: str | Path) -> ProjectPlan:
    """The checked content of a .qdpx file; raises ``QdpxError`` (nothing read half)."""
    path = Path(path)
    archive, members = _open_zip(path)
    with archive:
        info = members.get("project.qde")
        if info is None:
            raise QdpxError(N_("{file} is not a REFI-QDA project: it holds no project.qde. "
                               "Nothing was imported."), file=path.name)
        data = _read_member(archive, info, path.name)
        try:
            root = fromstring(data, forbid_dtd=True)
        except (DefusedXmlException, ValueError):
            raise QdpxError(N_("{file} was refused: its project.qde declares a document type "
                               "or entities, which a REFI-QDA project never needs (it could "
                               "read other files or exhaust memory). Nothing was imported."),
                            file=path.name) from None
        except ParseError as exc:
            raise QdpxError(N_("{file}: project.qde is not well-formed XML ({detail}). "
                               "Nothing was imported."), file=path.name, detail=str(exc)) \
                from None
        if root.tag != q("Project"):
            raise QdpxError(N_("{file} is not a REFI-QDA project: project.qde does not hold "
                               "a Project of namespace {namespace}. Nothing was imported."),
                            file=path.name, namespace=NS)
        return _parse(root, archive, members, path.name)
