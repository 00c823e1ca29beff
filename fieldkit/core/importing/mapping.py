"""Matching spreadsheet columns to a form's questions.

Matched, in order of confidence: the question's name (also inside Kobo/ODK paths such as
``group/question`` or ``group-question``), its label in any of the form's languages,
one-column-per-option layouts (Kobo ``q/option`` 0/1 columns, 问卷星 ``3、问题:选项`` or a
merged question header over option sub-headers), the source's own ids and times, and
问卷星's numbered headers (“3、…” is the third question). Every proposal carries a
confidence and a reason, so the wizard can show them and the user can correct them.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any

from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.i18n import N_
from fieldkit.core.importing.text import fold, header_key

SOURCE_ID_HEADERS = {"_uuid", "meta/instanceid", "instanceid", "meta-instanceid", "key",
                     "序号", "答卷编号", "编号"}
SUBMITTED_HEADERS = {"_submission_time", "submissiondate", "submission date", "提交答卷时间",
                     "提交时间", "答题时间"}
IGNORED_HEADERS = {"_id", "_index", "_parent_index", "_status", "_submitted_by", "_version_",
                   "__version__", "_validation_status", "_notes", "_tags", "_xform_id_string",
                   "_attachments", "_geolocation", "所用时间", "来源", "来源详情", "来自ip",
                   "ip", "总分", "meta/deprecatedid", "formhub/uuid", "reviewstate",
                   # KoboToolbox's other columns, and those of its repeat sheets
                   "_parent_table_name", "_date_modified", "_duration", "_edited",
                   "_xform_id", "_media_all_received", "_total_media", "_media_count",
                   "_bamboo_dataset_id", "meta/rootuuid", "meta/instancename",
                   # ODK Central / Briefcase
                   "parent_key", "submitterid", "submittername", "attachmentspresent",
                   "attachmentsexpected", "status", "deviceid", "edits", "formversion",
                   "meta-instancename", "meta-deprecatedid"}
#: Kobo's repeat sheets repeat the submission's own columns as ``_submission_<column>``;
#: ODK Briefcase links a submission to its repeat rows by ``SET-OF-<repeat>`` columns.
_KOBO_SUBMISSION_COPY = "_submission_"
#: A geopoint's parts: Kobo ``_gps_latitude`` …, ODK Central ``gps-Latitude`` …
_GEO_PARTS = {"latitude": "0", "longitude": "1", "altitude": "2", "precision": "3",
              "accuracy": "3"}
ANSWERABLE_SKIP = ("group", "repeat", "loop", "note", "calculate")
_NUMBERED = re.compile(r"^\s*(?:Q|q|第)?\s*(\d+)\s*(?:[、.．:：)）]|题)")
_OPTION_SPLIT = re.compile(r"^(.*?)[:：]\s*[(（]?([^()（）:：]+?)[)）]?\s*$")


@dataclass
class Target:
    kind: str                 # question | option | geopoint_part | source_id | submitted_at | skip
    name: str = ""
    choice: str = ""          # the option of an option column; the part (0-3) of a geopoint


@dataclass
class ColumnMapping:
    index: int
    header: str
    target: Target
    confidence: float
    reason: str               # msgid

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "header": self.header, "target": asdict(self.target),
                "confidence": self.confidence, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ColumnMapping":
        return cls(int(data["index"]), data.get("header", ""), Target(**data["target"]),
                   float(data.get("confidence", 1.0)), data.get("reason", ""))


@dataclass
class Mapping:
    columns: list[ColumnMapping]
    layout: str = ""
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"layout": self.layout,
                           "columns": [c.to_dict() for c in self.columns]},
                          ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> "Mapping":
        data = json.loads(text)
        return cls([ColumnMapping.from_dict(c) for c in data["columns"]], data.get("layout", ""))


_indexes: dict[tuple[int, tuple[str, ...]], tuple[weakref.ref, "QuestionIndex"]] = {}


def question_index(definition: FormDefinition, scope: tuple[str, ...] = ()) -> "QuestionIndex":
    """The (cached) ``QuestionIndex`` of one sheet of ``definition``: building one folds
    every label of every choice, and a form with a 5,700-camp list is read several times
    per preview (the header, the mapping, the rows, each repeat sheet)."""
    key = (id(definition), scope)
    cached = _indexes.get(key)
    if cached is not None and cached[0]() is definition:
        return cached[1]
    index = QuestionIndex(definition, scope)
    _indexes[key] = (weakref.ref(definition, lambda _r, k=key: _indexes.pop(k, None)), index)
    return index


def layout_key(headers: list[str]) -> str:
    """Same headers, same layout: a saved mapping applies to the next file like this one."""
    blob = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class QuestionIndex:
    """Every key a question may be known by, for one form: the questions of one sheet of
    an export, those outside repeats (``scope=()``) or those of one repeat (its chain of
    repeat names, outermost first). An ``or_other`` select has the ``other`` choice and
    its ``<name>_other`` “specify” question, as the runner does."""

    def __init__(self, definition: FormDefinition, scope: tuple[str, ...] = ()) -> None:
        self.definition = definition
        self.scope = scope
        self.questions: dict[str, Question] = {}
        self.by_label: dict[str, str] = {}
        self.ordered: list[str] = []     # answerable questions in form order (问卷星 numbering)
        self.choice_by_text: dict[str, dict[str, str]] = {}
        self.choice_lists: dict[str, list] = {}
        self._lowered: dict[str, str] | None = None
        from fieldkit.core.forms.session import schema_for

        for name, f in schema_for(definition).fields.items():
            q = f.question
            if f.chain != scope or f.is_container or not name:
                continue
            self.questions[name] = q
            for label in q.label.values():
                if label:
                    self.by_label.setdefault(header_key(label), name)
            if q.type not in ANSWERABLE_SKIP and not q.is_metadata and not f.synthetic:
                self.ordered.append(name)
            if f.choices:
                self.choice_lists[name] = f.choices
                texts: dict[str, str] = {}
                for choice in f.choices:
                    texts[fold(choice.name).lower()] = choice.name
                    for label in choice.label.values():
                        if label:
                            texts.setdefault(fold(label).lower(), choice.name)
                self.choice_by_text[name] = texts

    def keys(self) -> set[str]:
        return ({k.lower() for k in self.questions} | set(self.by_label) | SOURCE_ID_HEADERS
                | SUBMITTED_HEADERS)

    def by_name(self, text: str) -> str | None:
        for candidate in (text, text.lower()):
            if candidate in self.questions:
                return candidate
        if self._lowered is None:
            self._lowered = {k.lower(): k for k in reversed(self.questions)}
        return self._lowered.get(text.lower())

    def choice(self, question: str, text: str) -> str | None:
        return self.choice_by_text.get(question, {}).get(fold(text).lower())


_PATH_SEPARATORS = re.compile(r"[-.]")
_TEMPLATE_NAME = re.compile(r"\[([A-Za-z_][\w.\-]*)\]\s*$")


def _path_name(index: QuestionIndex, raw: str) -> str | None:
    """The question a header names, also as the last step of a path: Kobo's
    ``group/question``, ODK Central's ``group-question`` (a name may itself hold “-”, so
    the longest tail that is a name wins)."""
    for candidate in (raw, raw.split("/")[-1]):
        name = index.by_name(candidate) if candidate else None
        if name:
            return name
    tail = raw.split("/")[-1]
    while _PATH_SEPARATORS.search(tail):   # Kobo lets the user choose “.” too
        tail = _PATH_SEPARATORS.split(tail, 1)[1]
        name = index.by_name(tail) if tail else None
        if name:
            return name
    return None


def _match_name(index: QuestionIndex, header: str) -> tuple[Target, float, str] | None:
    raw = fold(header)
    tagged = _TEMPLATE_NAME.search(raw)  # fieldkit's own template: "label [name]"
    if tagged and index.by_name(tagged[1]):
        return Target("question", index.by_name(tagged[1])), 1.0, N_("fieldkit template column")
    name = _path_name(index, raw)
    if name:
        return Target("question", name), 1.0, N_("matches the question name")
    return None


def _match_question(index: QuestionIndex, header: str) -> tuple[Target, float, str] | None:
    found = _match_name(index, header)
    if found:
        return found
    name = index.by_label.get(header_key(fold(header)))
    if name:
        return Target("question", name), 0.95, N_("matches the question label")
    return None


def _match_geopoint_part(index: QuestionIndex, header: str) -> tuple[Target, float, str] | None:
    """Kobo's ``_gps_latitude`` … beside its ``gps`` column; ODK Central's ``gps-Latitude`` …
    in place of it."""
    raw = fold(header)
    for separator in ("_", "-"):
        stem, _, part = raw.rpartition(separator)
        if part.lower() not in _GEO_PARTS or not stem:
            continue
        if separator == "_":
            if not stem.startswith("_"):
                continue
            stem = stem[1:]
        name = _path_name(index, stem)
        if name and index.questions[name].type in ("geopoint", "start-geopoint"):
            return (Target("geopoint_part", name, _GEO_PARTS[part.lower()]), 1.0,
                    N_("one part of a location (KoboToolbox / ODK)"))
    return None


_MEDIA = ("image", "audio", "video", "file", "background-audio")


def _media_link(index: QuestionIndex, header: str) -> bool:
    """Kobo's ``photo_URL`` beside ``photo`` when media links are included."""
    raw = fold(header)
    if not raw.endswith("_URL"):
        return False
    name = _path_name(index, raw[:-4])
    return bool(name) and index.questions[name].type in _MEDIA


def is_bookkeeping(key: str) -> bool:
    """A column the survey platform adds about the submission, not an answer."""
    return key in IGNORED_HEADERS or key.startswith((_KOBO_SUBMISSION_COPY, "set-of-"))


def _match_option(index: QuestionIndex, header: str, sub: str) -> tuple[Target, float, str] | None:
    raw = fold(header)
    if "/" in raw:  # Kobo: question/option (ODK Central's split columns: group-question/option)
        question, option = raw.rsplit("/", 1)
        name = _path_name(index, question) if question else None
        kind = index.questions[name].type if name else ""
        if kind == "select_multiple":
            choice = index.choice(name, option)
            if choice:
                return Target("option", name, choice), 0.95, N_("one column per option (Kobo)")
        specify = f"{name}_other"
        if kind == "select_one" and option.lower() == "other" and specify in index.questions:
            return (Target("question", specify), 0.95,
                    N_("the “other” answer written out (or_other)"))
    pairs = []
    if sub:
        pairs.append((raw, sub))
    match = _OPTION_SPLIT.match(raw)
    if match:
        pairs.append((match[1], match[2]))
    for question_text, option_text in pairs:
        found = _match_question(index, question_text)
        if found is None:
            numbered = _numbered(index, question_text)
            found = numbered
        if found and index.questions[found[0].name].type == "select_multiple":
            choice = index.choice(found[0].name, option_text)
            if choice:
                return (Target("option", found[0].name, choice), min(found[1], 0.9),
                        N_("one column per option (问卷星)"))
    return None


def _numbered(index: QuestionIndex, header: str) -> tuple[Target, float, str] | None:
    match = _NUMBERED.match(fold(header))
    if match and 1 <= int(match[1]) <= len(index.ordered):
        return (Target("question", index.ordered[int(match[1]) - 1]), 0.5,
                N_("question number in the header (问卷星)"))
    return None


def _fuzzy(index: QuestionIndex, header: str) -> tuple[Target, float, str] | None:
    key = header_key(header)
    if len(key) < 2:
        return None
    best, score = None, 0.0
    for label, name in index.by_label.items():
        if len(label) >= 4 and (label in key or key in label):
            ratio = 0.75
        else:
            ratio = difflib.SequenceMatcher(None, key, label).ratio()
        if ratio > score:
            best, score = name, ratio
    if best and score >= 0.75:
        return Target("question", best), round(score * 0.8, 2), N_("similar to the question label")
    return None


def propose_mapping(definition: FormDefinition, headers: list[str],
                    sub_headers: list[str] | None = None, scope: tuple[str, ...] = ()) -> Mapping:
    """A proposal for every column; each question is claimed by one column at most.
    ``scope`` names the repeat whose sheet this is (``()``: the main sheet)."""
    index = question_index(definition, scope)
    sub_headers = sub_headers or [""] * len(headers)
    columns: list[ColumnMapping] = []
    taken: set[str] = set()
    for i, header in enumerate(headers):
        sub = sub_headers[i] if i < len(sub_headers) else ""
        key = header_key(header)
        if not header.strip() and not sub:
            columns.append(ColumnMapping(i, header, Target("skip"), 1.0, N_("blank column")))
            continue
        if key in SOURCE_ID_HEADERS:
            columns.append(ColumnMapping(i, header, Target("source_id"), 1.0,
                                         N_("the source's own id for each answer sheet")))
            continue
        if key in SUBMITTED_HEADERS:
            columns.append(ColumnMapping(i, header, Target("submitted_at"), 1.0,
                                         N_("the source's submission time")))
            continue
        # A column that names a question is that question, whatever it starts with; only
        # the platform's own columns are bookkeeping.
        found = _match_option(index, header, sub)
        if found is None:
            found = _match_name(index, header)
            if found and found[0].name in taken:
                found = None
        if found is None:
            found = _match_geopoint_part(index, header)
        if found is None and is_bookkeeping(key):
            columns.append(ColumnMapping(i, header, Target("skip"), 0.9,
                                         N_("export bookkeeping, not an answer")))
            continue
        if found is None and _media_link(index, header):
            columns.append(ColumnMapping(i, header, Target("skip"), 0.9,
                                         N_("a link to the file on the server; the file's "
                                            "name is in the question's own column")))
            continue
        if found is None:
            found = _match_question(index, header)
            if found and found[0].name in taken:
                found = None
        if found is None:
            found = _numbered(index, header) or _fuzzy(index, header)
            if found and found[0].kind == "question" and found[0].name in taken:
                found = None
        if found is None:
            columns.append(ColumnMapping(i, header, Target("skip"), 0.0,
                                         N_("no matching question")))
            continue
        target, confidence, reason = found
        if target.kind == "question":
            taken.add(target.name)
        columns.append(ColumnMapping(i, header, target, confidence, reason))
    return Mapping(columns, layout_key(headers))


#: The reason the import wizard gives a target the user set (``ui.import_wizard.targets``).
CHOSEN_BY_USER = "chosen by you"


def merge_saved(saved: Mapping | None, proposed: Mapping) -> Mapping:
    """The mapping for a file laid out like one imported before: the user's own choices
    from then, and today's proposal for every other column, so that a column an older
    fieldkit misread (a question named ``_1_4_1_Campslist`` taken for bookkeeping) is
    read right the next time too."""
    if saved is None:
        return proposed
    chosen = {c.index: c for c in saved.columns if c.reason == CHOSEN_BY_USER}
    if len(chosen) == len(saved.columns):
        return saved
    columns = [chosen.get(c.index, c) for c in proposed.columns]
    return Mapping(columns, proposed.layout, proposed.notes)
