"""The columns of an export: every version of a form merged into one set of tables.

A question keeps its name across versions, so the name is a column's identity: the
newest version decides the order and the label, and a question only older versions had
is placed after the question it followed there. A select_multiple question becomes the
joined answer plus one 0/1 column per option (options of every version). Each repeat is a
table of its own whose rows name their parent row, so nothing is flattened away.

Questions marked ``personal`` (a yes/no column of the survey sheet), and the metadata
types that carry a person's identifiers, are left out unless the user asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.forms.media import list_choices
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import N_, tr

# Column kinds.
META, TEXT, NUMBER, SELECT_ONE, SELECT_MULTIPLE, RANKED, OPTION = (
    "meta", "text", "number", "select_one", "select_multiple", "ranked", "option")

# Question types that hold no answer (notes, buttons, logs) or only hold other questions.
_NO_ANSWER = {"note", "trigger", "audit", "background-audio", "group", "loop", "csv-external", "xml-external"}
_NUMBER_TYPES = {"integer", "decimal", "range"}
# Metadata a device fills in that identifies a person: personal whatever the form says.
PERSONAL_METADATA = {"phonenumber", "email", "username", "subscriberid", "simserial",
                     "uri:phonenumber", "uri:email", "uri:username", "uri:subscriberid",
                     "uri:simserial"}
_YES = {"yes", "true", "true()", "1", "y"}

# Metadata columns of the responses table: key, label.
RESPONSE_META = (
    ("_id", N_("Response ID")), ("_form_version", N_("Form version")), ("_site", N_("Site")),
    ("_cadre", N_("Cadre")), ("_started", N_("Started")), ("_finalised", N_("Finalised")),
    ("_status", N_("Status")), ("_review", N_("Review state")),
    ("_review_comment", N_("Review comment")), ("_revision", N_("Revision")),
    ("_import_file", N_("Imported from file")), ("_import_sheet", N_("Imported from sheet")),
    ("_import_row", N_("Imported from row")), ("_import_batch", N_("Import batch")),
)
# Metadata columns of a repeat's table.
REPEAT_META = (
    ("_id", N_("Entry ID")), ("_parent_id", N_("Parent ID")),
    ("_response_id", N_("Response ID")), ("_index", N_("Entry number")),
)


def is_personal(question: Any) -> bool:
    """Whether a question is marked personal (or is metadata that identifies a person)."""
    flag = str(getattr(question, "personal", "") or "").strip().lower()
    return flag in _YES or question.type in PERSONAL_METADATA


@dataclass
class Column:
    key: str                  # unique within its table: "_id", a question name, "q/option"
    label: str                # in the export language
    kind: str
    question: str = ""        # the question's name (question and option columns)
    option: str = ""          # the option's code (option columns)
    choices: dict[str, str] = field(default_factory=dict)  # code -> label, every version
    personal: bool = False

    @property
    def header(self) -> str:
        """The header people read: the label, with the question's name (or option code)."""
        if self.kind == META:
            return self.label
        name = f"{self.question}/{self.option}" if self.option else self.question
        return f"{self.label} ({name})" if self.label and self.label != name else name


@dataclass
class Table:
    key: str                  # "" for the responses; a repeat's name otherwise
    title: str
    path: tuple[str, ...]     # the repeat names from the top ("" table: ())
    parent: str | None        # the parent table's key
    columns: list[Column] = field(default_factory=list)


@dataclass
class Layout:
    form_id: str
    title: str
    versions: list[str]             # newest first
    tables: list[Table]
    left_out: list[tuple[str, str]]  # personal questions not exported: (name, label)
    personal_included: list[tuple[str, str]]
    # per form record id: question name -> {code: label} in that version
    version_labels: dict[str, dict[str, dict[str, str]]]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


@dataclass
class _Entry:
    question: Any
    definition: Any


def build_layout(form_id: str, versions: list[tuple[str, str, Any]], *,
                 include_personal: bool = False, language: str | None = None) -> Layout:
    """The tables and columns for ``versions``: (form record id, version, definition),
    newest first."""
    scopes: dict[tuple[str, ...], list[str]] = {(): []}
    entries: dict[tuple[tuple[str, ...], str], _Entry] = {}
    repeat_titles: dict[tuple[str, ...], str] = {}
    options: dict[tuple[tuple[str, ...], str], dict[str, str]] = {}
    personal: dict[tuple[tuple[str, ...], str], bool] = {}
    version_labels: dict[str, dict[str, dict[str, str]]] = {}
    for record_id, _version, definition in versions:
        labels_here: dict[str, dict[str, str]] = {}
        version_labels[record_id] = labels_here
        for path, names in _scopes(definition.questions, ()).items():
            order = scopes.setdefault(path, [])
            previous = None
            for question in names:
                key = (path, question.name)
                if key not in entries:
                    entries[key] = _Entry(question, definition)
                    order.insert(order.index(previous) + 1 if previous is not None else 0,
                                 question.name)
                previous = question.name
                personal[key] = personal.get(key, False) or is_personal(question)
                if question.type == "repeat":
                    repeat_titles.setdefault(path + (question.name,), pick_text(
                        question.label, language, definition.default_language) or question.name)
                    scopes.setdefault(path + (question.name,), [])
                elif question.list_name and list_choices(definition, question):
                    here = {c.name: pick_text(c.label, language, definition.default_language)
                            or c.name for c in list_choices(definition, question)}
                    labels_here[question.name] = here
                    merged = options.setdefault(key, {})
                    for code, label in here.items():
                        merged.setdefault(code, label)
    title = versions[0][2].title if versions else form_id
    tables, left_out, included = [], [], []
    for path, order in scopes.items():
        if path:
            table = Table(path[-1], repeat_titles.get(path, path[-1]), path,
                          path[-2] if len(path) > 1 else "",
                          [Column(k, tr(label), META) for k, label in REPEAT_META])
        else:
            table = Table("", title or form_id, (), None,
                          [Column(k, tr(label), META) for k, label in RESPONSE_META])
        for name in order:
            entry = entries[(path, name)]
            question, definition = entry.question, entry.definition
            if question.type == "repeat":
                continue
            label = pick_text(question.label, language, definition.default_language)
            if personal[(path, name)]:
                (included if include_personal else left_out).append((name, label or name))
                if not include_personal:
                    continue
            table.columns.extend(_columns(question, label, options.get((path, name), {}),
                                          personal[(path, name)]))
        tables.append(table)
    return Layout(form_id, title, [v for _, v, _ in versions], tables, left_out, included,
                  version_labels)


def _scopes(questions: list, path: tuple[str, ...],
            out: dict[tuple[str, ...], list] | None = None) -> dict[tuple[str, ...], list]:
    """The answerable questions of each table (and each repeat, in its parent's list)."""
    out = {} if out is None else out
    here = out.setdefault(path, [])
    for question in questions:
        if question.type == "repeat":
            here.append(question)
            _scopes(question.children, path + (question.name,), out)
        elif question.is_container:
            _scopes(question.children, path, out)
        elif question.type not in _NO_ANSWER:
            here.append(question)
    return out


def _columns(question: Any, label: str, choices: dict[str, str], personal: bool) -> list[Column]:
    kind = question.type
    if kind == "select_multiple":
        columns = [Column(question.name, label, SELECT_MULTIPLE, question.name,
                          choices=choices, personal=personal)]
        for code, option_label in choices.items():
            columns.append(Column(f"{question.name}/{code}", f"{label or question.name}: "
                                  f"{option_label}", OPTION, question.name, code,
                                  personal=personal))
        return columns
    if kind in ("select_one", "select_one_external"):
        return [Column(question.name, label, SELECT_ONE, question.name, choices=choices,
                       personal=personal)]
    if kind == "rank":
        return [Column(question.name, label, RANKED, question.name, choices=choices,
                       personal=personal)]
    if kind in _NUMBER_TYPES:
        return [Column(question.name, label, NUMBER, question.name, personal=personal)]
    return [Column(question.name, label, TEXT, question.name, personal=personal)]
