"""A form as plain data: the JSON that is stored for each version, and what is checked.

Importing a workbook builds this data directly (a dict per question holding only its
non-empty fields), validates it and stores it, without building ``Question`` objects
on the way: for a form of a thousand questions that halves the work. Everything else
(the runner, the preview, export) uses ``FormDefinition``, built from the same data with
``FormDefinition.from_dict``, and ``definition_data`` turns a definition back into it.

A question is ``{"type": ..., "name": ..., <field>: <value>, "children": [...]}`` with
only fields that are set; a choice ``{"name": ..., "label": ..., "media": ...,
"extras": ...}`` likewise. Source rows are not content: they are kept beside the data,
in ``rows``, by the ``id`` of each question or choice dict, for problem messages.
``FormData`` carries the data with its rows, warnings and questions in form order from
the reader (or from a definition) through validation to the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

import orjson

from fieldkit.core.forms.model import FORMAT_VERSION, Choice, FormDefinition, Question
from fieldkit.core.forms.problems import FormProblem
from fieldkit.core.forms.question_types import CONTAINERS

Data = dict[str, Any]
Rows = dict[int, int]  # id() of a question or choice dict -> its row on the sheet

_QUESTION_FIELDS = tuple(f.name for f in fields(Question) if f.name not in ("type", "name", "children", "row"))
CHOICE_KINDS = ("choices", "external_choices", "osm")
# Keys stay in the order they were made, which keeps the author's order of languages,
# choice lists, settings and extra sheets (the language shown first, the columns of an
# export). orjson writes the same text as this encoder, several times faster (a tenth of a
# 1,000-question import otherwise); the encoder remains for what orjson refuses: data
# nested deeper than its limit of 254.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass
class FormData:
    """A validated form as data, ready to store: the data, the source rows of its dicts,
    the warnings found in it, and its question dicts in form order (``in_form_order``)."""

    data: Data
    rows: Rows
    warnings: list[FormProblem]
    questions: list[Data]

    @classmethod
    def of(cls, definition: FormDefinition) -> "FormData":
        rows: Rows = {}
        data = definition_data(definition, rows)
        return cls(data, rows, list(definition.warnings), in_form_order(data["questions"]))


def encode(data: Data) -> bytes:
    """The stored text of a form's data, UTF-8 encoded."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return _encode(data).encode("utf-8")


def in_form_order(questions: list[Data], out: list[Data] | None = None) -> list[Data]:
    """The question dicts and everything inside them, depth first, in form order."""
    out = [] if out is None else out
    for q in questions:
        out.append(q)
        children = q.get("children")
        if children:
            in_form_order(children, out)
    return out


def definition_data(definition: FormDefinition, rows: Rows | None = None) -> Data:
    """The data of ``definition``; with ``rows``, each dict's source row is noted there."""
    data: Data = {
        "format": FORMAT_VERSION, "form_id": definition.form_id, "title": definition.title,
        "version": definition.version, "default_language": definition.default_language,
        "instance_name": definition.instance_name, "public_key": definition.public_key,
        "settings": dict(definition.settings),
        "questions": [_question_data(q, rows) for q in definition.questions],
        "choices": _choices_data(definition.choices, rows),
    }
    for kind in ("external_choices", "osm"):
        if getattr(definition, kind):
            data[kind] = _choices_data(getattr(definition, kind), rows)
    if definition.extra_sheets:
        data["extra_sheets"] = {name: [list(r) for r in grid] for name, grid in definition.extra_sheets.items()}
    return data


def _question_data(q: Question, rows: Rows | None) -> Data:
    out: Data = {"type": q.type, "name": q.name}
    values = q.__dict__
    for name in _QUESTION_FIELDS:
        value = values[name]
        if value:
            out[name] = value
    if q.children:
        out["children"] = [_question_data(c, rows) for c in q.children]
    if rows is not None:
        rows[id(out)] = q.row
    return out


def _choices_data(lists: dict[str, list[Choice]], rows: Rows | None) -> dict[str, list[Data]]:
    out = {}
    for list_name, choices in lists.items():
        items = []
        for c in choices:
            item: Data = {"name": c.name}
            if c.label:
                item["label"] = c.label
            if c.media:
                item["media"] = c.media
            if c.extras:
                item["extras"] = c.extras
            if rows is not None:
                rows[id(item)] = c.row
            items.append(item)
        out[list_name] = items
    return out


def definition_from_data(data: Data, rows: Rows) -> FormDefinition:
    """The ``FormDefinition`` of ``data``, with the source rows noted in ``rows``."""
    definition = FormDefinition.from_dict(data)
    built = [q for top in definition.questions for q in top.walk()]
    for question, item in zip(built, in_form_order(data["questions"])):
        question.row = rows.get(id(item), 0)
    for kind in CHOICE_KINDS:
        for list_name, choices in getattr(definition, kind).items():
            for choice, item in zip(choices, data[kind][list_name]):
                choice.row = rows.get(id(item), 0)
    return definition


def question_count(questions: list[Data]) -> int:
    """Of a form's question dicts (all of them, as ``in_form_order`` lists them), those
    that are questions, not groups, repeats or loops."""
    return sum(1 for q in questions if q["type"] not in CONTAINERS)
