"""The files a form carries (its media) and the data a form session reads from them.

A form version may carry data files (CSV, XML, GeoJSON: choice lists for
``select_one_from_file``, ``csv-external``/``xml-external`` instances, ``pulldata()``
tables) and pictures, sounds or videos for its labels. :func:`referenced_files` says
which files a definition needs; :class:`FormMedia` holds the bytes (from the workspace,
see ``media_store``) and answers a session's questions: the choices of a file list and
the document behind ``instance('name')``.

A form may also name the workspace's own directory as a list, so a union questionnaire
can ask "which site?" from the sites the cadre already keeps: ``select_one_from_file
fieldkit-sites.csv`` (also ``fieldkit-org-units.csv`` and ``fieldkit-cadres.csv``). Those
files are never attached: :class:`FormMedia` asks its ``directory`` function for their
rows (``directory_lists.directory_rows``) when a session first needs them.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fieldkit.core.forms.expr.instances import XNode, table_instance
from fieldkit.core.forms.logic import EXPRESSION_FIELDS
from fieldkit.core.forms.media_files import DATA_SUFFIXES, data_document, is_data_file
from fieldkit.core.forms.form_data import definition_data, in_form_order
from fieldkit.core.forms.model import Choice, FormDefinition
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.forms.parameters import parse_parameters
from fieldkit.core.forms.question_types import DATA_TYPES, is_file_list

#: Lists a form may name to offer the workspace's own directory (never attached).
DIRECTORY_FILES = ("fieldkit-sites.csv", "fieldkit-org-units.csv", "fieldkit-cadres.csv")

_PULLDATA = re.compile(r"pulldata\s*\(\s*['\"]([^'\"]+)['\"]")
_INSTANCE = re.compile(r"instance\s*\(\s*['\"]([^'\"]+)['\"]\s*\)")
_SEARCH = re.compile(r"search\s*\(\s*['\"]([^'\"]+)['\"]")


@dataclass
class Referenced:
    """What a form needs besides its workbook."""

    data: list[str] = field(default_factory=list)        # data files it cannot work without
    pictures: list[str] = field(default_factory=list)    # label images, audio, video
    unknown: list[str] = field(default_factory=list)     # instance('x') names nothing declares

    @property
    def files(self) -> list[str]:
        return self.data + self.pictures


def referenced_files(definition: FormDefinition) -> Referenced:
    """The files ``definition`` names, in form order, without the workspace's own lists."""
    data = definition_data(definition)
    return referenced_in_data(data, in_form_order(data["questions"]))


def referenced_in_data(data: dict, questions: list[dict]) -> Referenced:
    """``referenced_files`` of a form as data (``form_data``): what import works on."""
    files: dict[str, None] = {}
    pictures: dict[str, None] = {}
    instances: dict[str, None] = {}
    declared = set(data.get("choices", {}))
    for q in questions:
        kind, list_name = q["type"], q.get("list_name", "")
        if kind in ("select_one", "select_multiple") and is_file_list(list_name):
            files[list_name] = None
            declared.add(list_name.rsplit(".", 1)[0])
        elif kind in DATA_TYPES:
            files[f"{q['name']}.{kind[:3]}"] = None
            declared.add(q["name"])
        for field_name in EXPRESSION_FIELDS:
            text = q.get(field_name)
            if not text or ("pulldata" not in text and "instance" not in text):
                continue
            for name in _PULLDATA.findall(text):
                files[name if name.lower().endswith(".csv") else name + ".csv"] = None
                declared.add(name.removesuffix(".csv"))
            instances.update(dict.fromkeys(_INSTANCE.findall(text)))
        appearance = q.get("appearance")
        if appearance and "search" in appearance:
            for name in _SEARCH.findall(appearance):
                files[name if name.lower().endswith(".csv") else name + ".csv"] = None
        if "media" in q:
            for texts in q["media"].values():
                pictures.update(dict.fromkeys(v for v in texts.values() if v))
    for kind in ("choices", "external_choices"):
        for choices in data.get(kind, {}).values():
            for choice in choices:
                for texts in choice.get("media", {}).values():
                    pictures.update(dict.fromkeys(v for v in texts.values() if v))
    directory_stems = {n.rsplit(".", 1)[0] for n in DIRECTORY_FILES}
    unknown = [n for n in instances if n not in declared and n not in directory_stems]
    return Referenced([n for n in files if n not in DIRECTORY_FILES], list(pictures), unknown)


class FormMedia:
    """A form version's files, and the documents and choices a session reads from them.

    ``files`` maps file name -> bytes; ``directory(file_name)`` gives the rows of the
    workspace's own lists (``DIRECTORY_FILES``) or None. Parsed documents are cached.
    """

    def __init__(self, files: Mapping[str, bytes] | None = None,
                 directory: Callable[[str], list[dict[str, str]] | None] | None = None) -> None:
        self.files = dict(files or {})
        self.directory = directory
        self._documents: dict[str, XNode | None] = {}
        self._choices: dict[tuple[str, str], list[Choice]] = {}

    def document(self, file_name: str) -> XNode | None:
        """The instance document of a data file (None if the form has no such file)."""
        if file_name not in self._documents:
            doc = None
            if file_name in DIRECTORY_FILES and self.directory is not None:
                rows = self.directory(file_name)
                doc = table_instance(rows) if rows is not None else None
            elif file_name in self.files and is_data_file(file_name):
                doc = data_document(file_name, self.files[file_name])
            self._documents[file_name] = doc
        return self._documents[file_name]

    def instance(self, name: str) -> XNode | None:
        """``instance('name')``: the data file ``name.csv`` / ``.xml`` / ``.geojson``."""
        for suffix in DATA_SUFFIXES:
            doc = self.document(name + suffix)
            if doc is not None:
                return doc
        return None

    def choices(self, file_name: str, parameters: str = "") -> list[Choice]:
        """The choices of ``select_one_from_file file_name``: one per item, its ``name``
        (GeoJSON: ``id``) stored and its ``label`` (GeoJSON: ``title``) shown, or the
        columns named by the ``value=`` and ``label=`` parameters, as in ODK Collect."""
        key = (file_name, parameters)
        found = self._choices.get(key)
        if found is not None:
            return found
        doc = self.document(file_name)
        found = []
        if doc is not None:
            params = parse_parameters(parameters)
            geo = file_name.lower().endswith(".geojson")
            value_column = params.get("value", "id" if geo else "name")
            label_column = params.get("label", "title" if geo else "label")
            seen: set[str] = set()
            for root in doc.children:
                for item in root.children:
                    value = item.child_text(value_column)
                    if not value or value in seen:
                        continue
                    seen.add(value)
                    label: dict[str, str] = {}
                    extras: dict[str, str] = {}
                    for name, text in item.fields():
                        if name == label_column:
                            label[""] = text
                        elif name.startswith(label_column + "::"):
                            label[name.split("::", 1)[1]] = text
                        elif name != value_column:
                            extras[name] = text
                    if not label.get(""):
                        label[""] = item.child_text("label") or item.child_text("name") or value
                    found.append(Choice(value, label, extras=extras))
        self._choices[key] = found
        return found


def choice_list_document(choices: list[Choice], language: str, default_language: str = "") -> XNode:
    """A choice list of the form as ``instance('list')``: ``item`` with ``name``, ``label``
    (in ``language``), ``label::<language>`` for each language, and the other columns."""
    rows = []
    for c in choices:
        row = {"name": c.name, "label": pick_text(dict(c.label), language, default_language)}
        for lang, text in c.label.items():
            if lang:
                row["label::" + lang] = text
        row.update(c.extras)
        rows.append(row)
    return table_instance(rows)


_attached: dict[int, tuple[weakref.ref, FormMedia]] = {}


def attach_media(definition: FormDefinition, media: FormMedia | None) -> None:
    """Remember ``media`` as the files of ``definition`` (a stored version, loaded once by
    ``responses.definition_for``), so every session, check and import of it sees them."""
    key = id(definition)
    if media is None:
        _attached.pop(key, None)
        return
    _attached[key] = (weakref.ref(definition, lambda _r, k=key: _attached.pop(k, None)), media)


def attached_media(definition: FormDefinition) -> FormMedia | None:
    found = _attached.get(id(definition))
    return found[1] if found is not None and found[0]() is definition else None


def directory_lists_used(definition: FormDefinition) -> list[str]:
    """Which of the workspace's own lists (``DIRECTORY_FILES``) the form reads."""
    used = []
    for name in DIRECTORY_FILES:
        stem = name.rsplit(".", 1)[0]
        for q in definition.walk():
            if q.list_name == name or any(f"'{stem}'" in t or f'"{stem}"' in t
                                          for t in (getattr(q, f) for f in EXPRESSION_FIELDS) if t):
                used.append(name)
                break
    return used


_SEARCH_CALL = re.compile(r"search\s*\((.*)\)", re.DOTALL)
_SEARCH_MODES = {"matches": "{col} = {value}", "contains": "contains({col}, {value})",
                 "startswith": "starts-with({col}, {value})", "endswith": "ends-with({col}, {value})"}


def search_choices(media: FormMedia | None, appearance: str,
                   template: list[Choice]) -> tuple[list[Choice], str] | None:
    """ODK's ``search('fruits', 'matches', 'kind', ${kind})`` appearance: the choices come
    from fruits.csv; the list's rows on the choices sheet name the columns (``name``: the
    column stored, ``label``: the column shown). Returns the choices and a choice_filter
    expression for the optional matching arguments ('' if none), or None without search()."""
    found = _SEARCH_CALL.search(appearance)
    if found is None:
        return None
    args = [a.strip() for a in _split_args(found.group(1))]
    if not args:
        return None
    file_name = args[0].strip("'\"")
    file_name = file_name if file_name.lower().endswith(".csv") else file_name + ".csv"
    if media is None or media.document(file_name) is None or not template:
        return [], ""
    value_column = template[0].name
    label_columns = {lang: text for lang, text in template[0].label.items() if text}
    choices = []
    for root in media.document(file_name).children:
        for item in root.children:
            value = item.child_text(value_column)
            if not value:
                continue
            label = {lang: item.child_text(col) or value for lang, col in label_columns.items()} or {"": value}
            extras = dict(item.fields())
            choices.append(Choice(value, label, extras=extras))
    condition = ""
    if len(args) >= 4 and args[1].strip("'\"") in _SEARCH_MODES:
        column = args[2].strip("'\"")
        condition = _SEARCH_MODES[args[1].strip("'\"")].format(col=column, value=args[3])
    return choices, condition


def _split_args(text: str) -> list[str]:
    out, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [a for a in out if a.strip()]


def list_choices(definition: FormDefinition, question) -> list[Choice]:
    """The choices a select offers before any filter: its list on the choices sheet, or
    the rows of its file (``select_one_from_file``, the workspace's own lists) when the
    definition's media are attached. What exports, the browser and reports label answers by."""
    found = definition.choices.get(question.list_name)
    if found is not None:
        return found
    media = attached_media(definition)
    if media is not None and is_file_list(question.list_name):
        return media.choices(question.list_name, question.parameters)
    return []
