"""The interviews wing's dataclasses (each with ``to_dict()``), its vocabulary and the
redaction of personal identifiers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from fieldkit.core.i18n import N_

# occupations offered in pickers (free text is allowed too)
OCCUPATIONS = ("快递员", "外卖骑手", "网约车司机", "货车司机", "建筑工人", "港口技工", "服装厂职工",
               "环卫工人", "家政服务员", "铁路施工人员")
AGE_BANDS = ("18-25", "26-35", "36-45", "46-55", "56+")
MEMO_TARGETS = ("workspace", "note", "code", "segment")
DEFAULT_COLOUR = "#f2c14e"
# note fields that identify the interviewee: blanked by ``redact`` unless asked for
PERSONAL_FIELDS = ("interviewee_name", "interviewee_contact")


@dataclass
class Attribute:
    """An interviewee attribute the user defined (e.g. 工龄, 户籍); ``personal`` ones are
    redacted like the interviewee's name."""
    id: str
    name: str
    label: str
    label_en: str = ""
    personal: bool = False
    position: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Note:
    """An interview note (访谈记录). ``attributes`` maps attribute names to values;
    ``personal_attributes`` names those of them marked personal (so ``redact`` needs no
    workspace); ``attachments`` holds ``att:<id>`` references."""
    id: str
    title: str
    body: str = ""
    on_date: str | None = None
    site_id: str | None = None
    site_name: str = ""
    activity_id: str | None = None
    interviewee_name: str = ""
    interviewee_contact: str = ""
    occupation: str = ""
    age_band: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    personal_attributes: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    source_file: str = ""
    attachments: list[str] = field(default_factory=list)
    created_at: str = ""
    deleted: bool = False
    segment_count: int = 0
    lost_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class NoteFilter:
    """What ``notes.list_notes`` returns; every field is optional. ``attributes`` maps an
    attribute name to the value it must have; ``text`` is a plain substring of the title
    or body (full-text search with ranking is the analysis wing's)."""
    site_id: str | None = None
    activity_id: str | None = None
    occupation: str | None = None
    date_from: date | str | None = None
    date_to: date | str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    text: str = ""
    include_deleted: bool = False
    limit: int = 10000


@dataclass
class Code:
    """A code of the codebook (编码). ``path`` joins the names from the root with "/";
    ``depth`` is 0 for a top-level code. ``segment_count`` counts live segments."""
    id: str
    name: str
    parent_id: str | None = None
    colour: str = DEFAULT_COLOUR
    description: str = ""
    position: int = 0
    depth: int = 0
    path: str = ""
    segment_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Segment:
    """A coded segment (编码片段): ``note.body[start:end]`` carries code ``code_id``.
    ``text`` is what it covered when last anchored; a ``lost`` segment's text was deleted
    from the note and its start/end are where it was (see ``lost_segments``)."""
    id: str
    note_id: str
    code_id: str
    start: int
    end: int
    text: str = ""
    code_name: str = ""
    code_path: str = ""
    colour: str = DEFAULT_COLOUR
    coder_id: str | None = None
    coder: str = ""
    coded_at: str = ""
    memo: str = ""
    important: bool = False
    quote: bool = False
    lost: bool = False
    note_title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Memo:
    """A memo (备忘) on the workspace (``target_id`` None), a note, a code or a segment."""
    id: str
    target_kind: str
    target_id: str | None
    title: str = ""
    text: str = ""
    author: str = ""
    written_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AnchorReport:
    """What ``notes.set_body`` did to the note's segments: ``moved`` (id -> [start, end])
    for segments whose position changed, ``kept`` ids that did not move, ``lost`` ids whose
    text was deleted (with ``lost_texts`` what they covered), all in the same transaction
    as the new text. ``suggestions`` (id -> [start, end]) offers, for a lost segment part
    of whose text survived, the span from its first to its last surviving character."""
    note_id: str
    moved: dict[str, list[int]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    lost_texts: dict[str, str] = field(default_factory=dict)
    suggestions: dict[str, list[int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MergeResult:
    """``codes.merge_codes``: segments moved to the target, duplicates collapsed (the same
    note and span already carried the target), children re-parented."""
    source_id: str
    target_id: str
    moved: int = 0
    collapsed: int = 0
    children: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class NoteImportResult:
    """``note_files.import_note_files``: ids of the new notes, files skipped because the
    same content was imported before (``[file name, existing note id]``)."""
    created: list[str] = field(default_factory=list)
    skipped: list[list[str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CodebookImportResult:
    """``codebook_xlsx.import_codebook_xlsx``: codes added, codes found by path whose
    description or colour changed, and codes already there unchanged."""
    file: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def redact(note_dict: dict[str, Any], *, include_personal: bool = False) -> dict[str, Any]:
    """A copy of a note's dict (``Note.to_dict()``) for an export or report: the
    interviewee's name and contact and every attribute listed in ``personal_attributes``
    are emptied, unless ``include_personal``. The input is not changed."""
    out = dict(note_dict)
    if include_personal:
        return out
    for name in PERSONAL_FIELDS:
        if name in out:
            out[name] = ""
    personal = set(out.get("personal_attributes") or ())
    if personal and isinstance(out.get("attributes"), dict):
        out["attributes"] = {k: ("" if k in personal else v)
                             for k, v in out["attributes"].items()}
    return out
