"""Exchange with research tools: the interviews as a REFI-QDA project (.qdpx), the open
format NVivo, ATLAS.ti, MAXQDA and QualCoder read and write.

Export (``export_qdpx``) writes a zip with ``project.qde`` and one UTF-8 text file per note
under ``sources/``:

- ``CodeBook``: the codes, nested as in the codebook (guid = the code's id, name, colour,
  description); memos on a code become ``Notes`` it refers to;
- ``Sources``: a ``TextSource`` per note (guid = the note's id) whose coded segments are
  ``PlainTextSelection`` elements (positions in code points, end exclusive, as fieldkit
  keeps them) each with a ``Coding``/``CodeRef``; a segment's memo is its Description;
- ``Cases``: one per interviewee (one per note) carrying ``Variables``: site, interview
  date, occupation, age band and the user's attributes; ``Users``: the coders and memo
  authors; ``Notes``: every memo, referred to from what it is about.

Personal data is left out unless ``include_personal``: attributes marked personal, the
interviewee's name and contact; the name is also masked inside the text by as many "×"
as it has characters, so that every position stays right. Lost segments (their text was
deleted) have no position and are not exported. The "quote" and "important" flags have
no place in the standard and do not travel.

Import (``import_qdpx``) reads and checks the whole file first (``qdpx_read``), then merges
it in one transaction: codes are matched by guid, then by path, else added; a note whose
guid and text are already here is merged (its codings added, none twice), any other
source becomes a new note; memos already present are not added again.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from fieldkit import __version__
from fieldkit.core.i18n import N_, tr, translate
from fieldkit.core.interviews import codes as codebook_ops
from fieldkit.core.interviews import memos as memo_ops
from fieldkit.core.interviews import notes as note_ops
from fieldkit.core.interviews import segments as segment_ops
from fieldkit.core.interviews.model import NoteFilter
from fieldkit.core.interviews.qdpx_read import NS, ProjectPlan, QdpxError, q, read_project
from fieldkit.core.interviews.queries import code_tree, personal_attributes, tree_order
from fieldkit.core.plain_text import without_controls_mapped
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback

_SPACE = uuid.UUID("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9")   # fieldkit's name space for guids
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# built-in variables: key -> label (written in the export's language, read in either)
VARIABLES = {"site": N_("Site"), "on_date": N_("Interview date"),
             "occupation": N_("Occupation"), "age_band": N_("Age band"),
             "interviewee": N_("Interviewee")}
MASK = "×"


@dataclass
class QdpxExportResult:
    output: str
    notes: int = 0
    codes: int = 0
    segments: int = 0
    memos: int = 0
    lost_skipped: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class QdpxImportResult:
    file: str
    notes_created: int = 0
    notes_merged: int = 0
    codes_created: int = 0
    codes_matched: int = 0
    segments_created: int = 0
    segments_existing: int = 0
    memos_created: int = 0
    warnings: list[str] = field(default_factory=list)
    note_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def guid_for(kind: str, key: str) -> str:
    """A stable guid for things fieldkit keeps no id of (users, variables, cases)."""
    return str(uuid.uuid5(_SPACE, f"{kind}:{key}"))


def _when(value: str | None) -> str | None:
    return value if value and _DATETIME.match(value) else None


# characters XML 1.0 cannot hold at all (Word leaves vertical tabs and the like in text)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(value: str) -> str:
    return _NOT_XML.sub("", value)


def _set(element: ET.Element, **attributes: str | None) -> ET.Element:
    for key, value in attributes.items():
        if value is not None:
            element.set(key, _xml(value))
    return element


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    child = _set(ET.SubElement(parent, q(tag)), **attributes)
    if text is not None:
        child.text = _xml(text)
    return child


def _mask(text: str, name: str) -> str:
    name = name.strip()
    return text.replace(name, MASK * len(name)) if name else text


def _project_xml(ws, *, include_personal: bool, language: str,
                 steps: Progress) -> tuple[ET.Element, dict[str, str], QdpxExportResult]:
    result = QdpxExportResult("")
    codes = code_tree(ws)
    personal = set() if include_personal else personal_attributes(ws)
    notes = note_ops.list_notes(ws, NoteFilter(limit=2 ** 62))     # every note, not a page
    memos = memo_ops.list_memos(ws)
    users: dict[str, str] = {}

    def user(name: str) -> str | None:
        if not name.strip():
            return None
        return users.setdefault(name.strip(), guid_for("user", name.strip()))

    memo_refs: dict[tuple[str, str | None], list[str]] = {}
    for memo in memos:
        memo_refs.setdefault((memo.target_kind, memo.target_id), []).append(memo.id)
        user(memo.author)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    root = ET.Element(q("Project"), {"name": ws.path.stem, "origin": f"fieldkit {__version__}",
                                     "creationDateTime": now})
    users_element = _sub(root, "Users")
    # the codebook, nested
    book = _sub(_sub(root, "CodeBook"), "Codes")
    elements: dict[str | None, ET.Element] = {None: book}
    for code_id in tree_order(codes):
        code = codes[code_id]
        parent = elements.get(code["parent_id"] if code["parent_id"] in codes else None, book)
        colour = code["colour"] if _COLOUR.match(code["colour"] or "") else None
        element = _sub(parent, "Code", guid=code_id, name=code["name"], isCodable="true",
                       color=colour)
        if code["description"]:
            _sub(element, "Description", code["description"])
        for memo_id in memo_refs.get(("code", code_id), ()):
            _sub(element, "NoteRef", targetGUID=memo_id)
        elements[code_id] = element
        result.codes += 1
    if len(book) == 0:
        root.remove(root.find(q("CodeBook")))
    # variables: built-ins, then the user's attributes
    variables = _sub(root, "Variables")
    keys = [k for k in VARIABLES if include_personal or k != "interviewee"]
    for key in keys:
        _sub(variables, "Variable", guid=guid_for("variable", key),
             name=translate(VARIABLES[key], language),
             typeOfVariable="Date" if key == "on_date" else "Text")
    attributes = [a for a in note_ops.list_attributes(ws) if a.name not in personal]
    for attribute in attributes:
        element = _sub(variables, "Variable", guid=guid_for("variable", "attr:" + attribute.name),
                       name=attribute.name, typeOfVariable="Text")
        if attribute.label and attribute.label != attribute.name:
            _sub(element, "Description", attribute.label)
    cases = _sub(root, "Cases")
    sources = _sub(root, "Sources")
    texts: dict[str, str] = {}
    for i, note in enumerate(notes, start=1):
        body = note.body if include_personal else _mask(note.body, note.interviewee_name)
        texts[note.id] = body
        values = {"site": note.site_name, "on_date": note.on_date or "",
                  "occupation": note.occupation, "age_band": note.age_band,
                  "interviewee": note.interviewee_name if include_personal else ""}
        case = _sub(cases, "Case", guid=guid_for("case", note.id), name=note.title)
        for key in keys:
            if values[key]:
                value = _sub(case, "VariableValue")
                _sub(value, "VariableRef", targetGUID=guid_for("variable", key))
                _sub(value, "DateValue" if key == "on_date" else "TextValue", values[key])
        for attribute in attributes:
            if note.attributes.get(attribute.name):
                value = _sub(case, "VariableValue")
                _sub(value, "VariableRef", targetGUID=guid_for("variable",
                                                               "attr:" + attribute.name))
                _sub(value, "TextValue", note.attributes[attribute.name])
        _sub(case, "SourceRef", targetGUID=note.id)
        source = _sub(sources, "TextSource", guid=note.id, name=note.title,
                      plainTextPath=f"internal://{note.id}.txt",
                      creationDateTime=_when(note.created_at))
        for segment in segment_ops.segments_for_note(ws, note.id, include_lost=True):
            if segment.lost or segment.code_id not in codes:
                result.lost_skipped += segment.lost
                continue
            selection = _sub(source, "PlainTextSelection", guid=segment.id,
                             name=body[segment.start:segment.end][:60],
                             startPosition=str(segment.start), endPosition=str(segment.end),
                             creatingUser=user(segment.coder),
                             creationDateTime=_when(segment.coded_at))
            if segment.memo:
                _sub(selection, "Description", segment.memo)
            coding = _sub(selection, "Coding", guid=guid_for("coding", segment.id),
                          creatingUser=user(segment.coder),
                          creationDateTime=_when(segment.coded_at))
            _sub(coding, "CodeRef", targetGUID=segment.code_id)
            for memo_id in memo_refs.get(("segment", segment.id), ()):
                _sub(selection, "NoteRef", targetGUID=memo_id)
            result.segments += 1
        for memo_id in memo_refs.get(("note", note.id), ()):
            _sub(source, "NoteRef", targetGUID=memo_id)
        result.notes += 1
        steps.step(i)
    notes_element = _sub(root, "Notes")
    for memo in memos:
        _sub(notes_element, "Note", guid=memo.id, name=memo.title or memo.text[:40],
             creatingUser=user(memo.author), creationDateTime=_when(memo.written_at)).append(
            _plain(memo.text))
        result.memos += 1
    for memo_id in memo_refs.get(("workspace", None), ()):
        _sub(root, "NoteRef", targetGUID=memo_id)
    for name, guid in users.items():
        _sub(users_element, "User", guid=guid, name=name)
    for tag in ("Users", "Variables", "Cases", "Sources", "Notes"):
        element = root.find(q(tag))
        if element is not None and len(element) == 0:
            root.remove(element)
    return root, texts, result


def _plain(text: str) -> ET.Element:
    element = ET.Element(q("PlainTextContent"))
    element.text = _xml(text)
    return element


def export_qdpx(ws, target: str | Path, *, include_personal: bool = False,
                language: str = "zh_CN", progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> QdpxExportResult:
    """Write the workspace's interviews as a .qdpx at ``target`` (atomically)."""
    from fieldkit.core.spreadsheet_out import write_atomically

    steps = Progress(max(1, ws.scalar("SELECT count(*) FROM interview_notes")), progress,
                     cancel, every=50)
    root, texts, result = _project_xml(ws, include_personal=include_personal,
                                       language=language, steps=steps)
    ET.register_namespace("", NS)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def write(temp: str) -> None:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", xml)
            for note_id, text in texts.items():
                archive.writestr(f"sources/{note_id}.txt", text.encode("utf-8"))

    result.output = str(write_atomically(target, write))
    return result


# -- import ---------------------------------------------------------------------------------

def _variable_keys() -> dict[str, str]:
    """A variable's name (either language, or the key itself) -> built-in key."""
    out = {}
    for key, label in VARIABLES.items():
        for name in (key, translate(label, "en"), translate(label, "zh_CN")):
            out[name.casefold()] = key
    return out


def _code_name(given: str, result: QdpxImportResult) -> str:
    """A codebook name for a project's code: one line, "/" (which separates a code's path
    here) as "／", at most ``MAX_NAME`` characters. A name changed beyond its spacing is
    said in the import's warnings, never silently."""
    name = " ".join(given.replace("/", "／").split())
    limit = codebook_ops.MAX_NAME
    if len(name) > limit:
        result.warnings.append(tr(N_("The code “{start}…” has a name longer than {limit} "
                                     "characters; it was shortened to its first {limit}."),
                                  start=name[:20], limit=limit))
        name = name[:limit]
    if not name:
        result.warnings.append(tr(N_("A code without a name was imported as “?”; rename it "
                                     "in the codebook.")))
        name = "?"
    return name


def _merge_codes(ws, plan: ProjectPlan, result: QdpxImportResult) -> dict[str, str]:
    mapped: dict[str, str] = {}
    for code in plan.codes:
        parent = mapped.get(code.parent) if code.parent else None
        row = ws.get("interview_codes", code.guid) if code.guid else None
        while row is not None and row["merged_into"]:
            row = ws.get("interview_codes", row["merged_into"])
        if row is not None and not row["deleted"]:
            mapped[code.guid] = row["id"]
            result.codes_matched += 1
            continue
        name = _code_name(code.name, result)
        same = ws.query("SELECT id FROM interview_codes WHERE deleted = 0 AND name = ?"
                        " AND parent_id IS ?", (name, parent))
        if same:
            mapped[code.guid] = same[0]["id"]
            result.codes_matched += 1
            continue
        colour = code.colour if code.colour and _COLOUR.match(code.colour) else None
        mapped[code.guid] = codebook_ops.add_code(ws, name, parent, colour,
                                                  code.description.strip())
        result.codes_created += 1
    return mapped


def _note_fields(ws, plan: ProjectPlan, source, result: QdpxImportResult) -> dict[str, Any]:
    keys = _variable_keys()
    fields: dict[str, Any] = {"attributes": {}}
    known = {a.name: a for a in note_ops.list_attributes(ws)}
    by_label = {a.label: a.name for a in known.values()}
    for variable_guid, value in source.variables.items():
        name = plan.variables.get(variable_guid, "")
        if not name or not value:
            continue
        key = keys.get(name.casefold())
        if key == "site":
            sites = [s for s in ws.query("SELECT id, name, name_en FROM sites")
                     if value in (s["name"], s["name_en"])]
            if sites:
                fields["site_id"] = sites[0]["id"]
            else:
                result.warnings.append(tr(N_("“{note}”: the site “{site}” is not in the "
                                             "directory; the note was imported without a "
                                             "site."), note=source.name, site=value))
        elif key == "on_date":
            try:
                day = date.fromisoformat(value[:10])
                if not note_ops.FIRST_DAY <= day <= note_ops.LAST_DAY:
                    raise ValueError(value)  # year 0001: kept out like a date typed so
                fields["on_date"] = day.isoformat()
            except ValueError:
                result.warnings.append(tr(N_("“{note}”: “{value}” is not a date; the note "
                                             "was imported without one."),
                                          note=source.name, value=value))
        elif key == "interviewee":
            fields["interviewee_name"] = value
        elif key:
            fields[key] = value
        else:
            attribute = name if name in known else by_label.get(name)
            if attribute is None:
                attribute = re.sub(r"[\s/\"'\\]+", "_", name)[:40]
                note_ops.define_attribute(ws, attribute, name)
                known[attribute] = None  # type: ignore[assignment]
            fields["attributes"][attribute] = value
    return fields


def _same_note(ws, guid: str, title: str, text: str) -> str | None:
    """The live note this source already is: the one with its guid and text, else one with
    its title and text (brought in by an earlier import of the same file)."""
    row = ws.get("interview_notes", guid) if guid else None
    if row is not None and not row["deleted"] and row["body"] == text:
        return row["id"]
    rows = ws.query("SELECT id FROM interview_notes WHERE deleted = 0 AND title = ? AND body = ?"
                    " ORDER BY rowid LIMIT 1", (title, text))
    return rows[0]["id"] if rows else None


def _without_controls(source, plan: ProjectPlan) -> None:
    """A source text's control characters (NUL, ESC...) are left out as notes leave them out,
    its coded passages moved to cover the same words; a passage that covered only such
    characters is left out (and counted)."""
    text, where = without_controls_mapped(source.text)
    if text == source.text:
        return
    source.text = text
    kept = []
    for selection in source.selections:
        selection.start, selection.end = where(selection.start), where(selection.end)
        if selection.start < selection.end:
            kept.append(selection)
        else:
            plan.skipped_selections += 1
    source.selections = kept


def import_qdpx(ws, path: str | Path, *, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> QdpxImportResult:
    """Merge a .qdpx into the workspace: all of it in one transaction, or nothing."""
    path = Path(path)
    plan = read_project(path)
    result = QdpxImportResult(path.name)
    steps = Progress(max(1, len(plan.sources)), progress, cancel,
                     every=max(1, len(plan.sources) // 50))
    for source in plan.sources:
        _without_controls(source, plan)
    for source in plan.sources:
        if len(source.text) > note_ops.MAX_BODY:
            raise QdpxError(N_("{file}: the source “{name}” is too long for a note ({count} "
                               "characters; at most {limit}). Nothing was imported."),
                            file=path.name, name=source.name, count=len(source.text),
                            limit=note_ops.MAX_BODY)
    for note in plan.notes.values():
        if len(note.text.strip()) > memo_ops.MAX_TEXT:
            raise QdpxError(N_("{file}: the note “{name}” is too long for a memo ({count} "
                               "characters; at most {limit}). Nothing was imported."),
                            file=path.name, name=note.name, count=len(note.text.strip()),
                            limit=memo_ops.MAX_TEXT)
    if plan.skipped_selections:
        result.warnings.append(tr(N_("{count} coded passage(s) without text or without a "
                                     "code were left out."), count=plan.skipped_selections))
    targets: dict[str, tuple[str, str | None]] = {}
    with ws.transaction():
        code_ids = _merge_codes(ws, plan, result)
        for ref in plan.project_note_refs:
            targets.setdefault(ref, ("workspace", None))
        for code in plan.codes:
            for ref in code.note_refs:
                targets.setdefault(ref, ("code", code_ids[code.guid]))
        for i, source in enumerate(plan.sources, start=1):
            title = " ".join(source.name.split())[:note_ops.MAX_TITLE] or path.stem
            note_id = _same_note(ws, source.guid, title, source.text)
            if note_id:
                result.notes_merged += 1
            else:
                fields = _note_fields(ws, plan, source, result)
                note_id = note_ops.create_note(ws, title=title, body=source.text, **fields)
                result.notes_created += 1
            result.note_ids.append(note_id)
            for ref in source.note_refs:
                targets.setdefault(ref, ("note", note_id))
            before = {s.id for s in segment_ops.segments_for_note(ws, note_id)}
            for selection in source.selections:
                ids = []
                for code_guid in selection.codes:
                    ids += segment_ops.apply_codes(
                        ws, note_id, selection.start, selection.end, [code_ids[code_guid]],
                        coder=selection.user, memo=selection.memo)
                for segment_id in ids:
                    if segment_id in before:
                        result.segments_existing += 1
                    else:
                        result.segments_created += 1
                        before.add(segment_id)
                for ref in selection.note_refs:
                    if ids:
                        targets.setdefault(ref, ("segment", ids[0]))
            steps.step(i)
        for note in plan.notes.values():
            if not (note.text.strip() or note.name.strip()):
                continue
            if ws.get("interview_memos", note.guid) is not None:
                continue
            kind, target = targets.get(note.guid, ("workspace", None))
            if any(m.text == note.text.strip() for m in memo_ops.list_memos(ws, kind, target)):
                continue
            memo_ops.add_memo(ws, kind, target, note.text,
                              title=note.name if note.name.strip() != note.text.strip()[:40]
                              else "", author=note.user)
            result.memos_created += 1
        steps.cancel.raise_if_cancelled()       # a Cancel at the last moment still undoes it
    return result
