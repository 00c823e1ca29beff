"""The in-memory definition of a questionnaire, independent of any file format.

Everything is plain text, exactly as the form author wrote it (after XLSForm's own
normalisations: canonical type names, ``1.0`` read as ``1``). Translatable texts are
``{language: text}`` dicts in which the key ``""`` means "no language given" (a plain
``label`` column). Groups, repeats and loops hold their questions in ``children``.

Equality is dataclass equality over the content only: source row numbers and import
warnings are excluded, so a form written with ``write_xlsform`` and read back compares
equal to the original. ``to_dict``/``from_dict`` convert to and from JSON-able data;
``FormDefinition.from_dict(d.to_dict()) == d`` and ``to_dict`` output is stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Iterator

from fieldkit.core.forms.problems import FormProblem
from fieldkit.core.forms.question_types import CONTAINERS, METADATA_TYPES

FORMAT_VERSION = 1

Texts = dict[str, str]  # language ("" = none) -> text


@dataclass
class Choice:
    """One row of a choice list."""

    name: str
    label: Texts = field(default_factory=dict)
    media: dict[str, Texts] = field(default_factory=dict)  # "image" -> {language: file}
    extras: dict[str, str] = field(default_factory=dict)  # other columns (e.g. choice_filter keys)
    row: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": dict(self.label),
            "media": {k: dict(v) for k, v in self.media.items()},
            "extras": dict(self.extras),
            "row": self.row,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Choice":
        return cls(
            name=data["name"],
            label=dict(data.get("label", {})),
            media={k: dict(v) for k, v in data.get("media", {}).items()},
            extras=dict(data.get("extras", {})),
            row=int(data.get("row", 0)),
        )


# Question fields that hold {language: text}.
TEXT_FIELDS = ("label", "hint", "guidance_hint", "constraint_message", "required_message")
# Question fields that hold one plain string (an expression, a flag or a setting).
STRING_FIELDS = (
    "required", "relevant", "constraint", "calculation", "default", "read_only",
    "appearance", "choice_filter", "parameters", "repeat_count", "trigger", "personal",
)
DICT_FIELDS = ("bind", "instance", "body", "extras")


@dataclass
class Question:
    """A question, note, calculation, metadata field, or a container (group/repeat/loop).

    ``list_name`` names the choice list of selects, ranks, OSM questions and loops.
    ``required`` and ``read_only`` hold "yes"/"no"-like flags or an expression, as written.
    ``bind``/``instance``/``body`` hold the ``bind::x``/``instance::x``/``body::x`` attribute
    columns by attribute name; ``extras`` holds every other column by its header.
    """

    type: str
    name: str
    label: Texts = field(default_factory=dict)
    hint: Texts = field(default_factory=dict)
    guidance_hint: Texts = field(default_factory=dict)
    constraint_message: Texts = field(default_factory=dict)
    required_message: Texts = field(default_factory=dict)
    media: dict[str, Texts] = field(default_factory=dict)
    list_name: str = ""
    or_other: bool = False
    required: str = ""
    relevant: str = ""
    constraint: str = ""
    calculation: str = ""
    default: str = ""
    read_only: str = ""
    appearance: str = ""
    choice_filter: str = ""
    parameters: str = ""
    repeat_count: str = ""
    trigger: str = ""
    personal: str = ""  # "yes": personal data, left out of exports and reports unless asked
    bind: dict[str, str] = field(default_factory=dict)
    instance: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    children: list["Question"] = field(default_factory=list)
    row: int = field(default=0, compare=False)

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINERS

    @property
    def is_metadata(self) -> bool:
        return self.type in METADATA_TYPES

    def walk(self) -> Iterator["Question"]:
        """This question and everything inside it, depth first, in form order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "children":
                out["children"] = [child.to_dict() for child in value]
            elif f.name == "media":
                out["media"] = {k: dict(v) for k, v in value.items()}
            elif isinstance(value, dict):
                out[f.name] = dict(value)
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Question":
        kwargs: dict[str, Any] = {"type": data["type"], "name": data.get("name", "")}
        for name in TEXT_FIELDS + DICT_FIELDS:
            kwargs[name] = dict(data.get(name, {}))
        for name in STRING_FIELDS + ("list_name",):
            kwargs[name] = str(data.get(name, ""))
        kwargs["media"] = {k: dict(v) for k, v in data.get("media", {}).items()}
        kwargs["or_other"] = bool(data.get("or_other", False))
        kwargs["children"] = [cls.from_dict(child) for child in data.get("children", [])]
        kwargs["row"] = int(data.get("row", 0))
        return cls(**kwargs)


def _choice_lists_to_dict(lists: dict[str, list[Choice]]) -> dict[str, list[dict]]:
    return {name: [choice.to_dict() for choice in choices] for name, choices in lists.items()}


def _choice_lists_from_dict(data: dict[str, list[dict]]) -> dict[str, list[Choice]]:
    return {name: [Choice.from_dict(c) for c in choices] for name, choices in data.items()}


@dataclass
class FormDefinition:
    """A whole questionnaire: settings, the question tree and the choice lists.

    ``settings`` keeps every other settings column (submission_url, style, ...) by its
    header; ``external_choices`` and ``osm`` are the lists of the ``external_choices``
    and ``osm`` sheets; ``extra_sheets`` keeps sheets fieldkit does not read, as rows
    of text, so that writing the form back loses nothing.
    """

    form_id: str
    title: str = ""
    version: str = ""
    default_language: str = ""
    instance_name: str = ""
    public_key: str = ""
    settings: dict[str, str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    choices: dict[str, list[Choice]] = field(default_factory=dict)
    external_choices: dict[str, list[Choice]] = field(default_factory=dict)
    osm: dict[str, list[Choice]] = field(default_factory=dict)
    extra_sheets: dict[str, list[list[str]]] = field(default_factory=dict)
    warnings: list[FormProblem] = field(default_factory=list, compare=False)

    def walk(self) -> Iterator[Question]:
        """Every question and container, depth first, in form order."""
        for question in self.questions:
            yield from question.walk()

    def find(self, name: str) -> Question | None:
        return next((q for q in self.walk() if q.name == name), None)

    @property
    def languages(self) -> list[str]:
        """Languages used by any text, in order of first use ("" = texts without a language)."""
        seen: dict[str, None] = {}
        for question in self.walk():
            for name in TEXT_FIELDS:
                seen.update(dict.fromkeys(getattr(question, name)))
            for texts in question.media.values():
                seen.update(dict.fromkeys(texts))
        for lists in (self.choices, self.external_choices, self.osm):
            for choices in lists.values():
                for choice in choices:
                    seen.update(dict.fromkeys(choice.label))
                    for texts in choice.media.values():
                        seen.update(dict.fromkeys(texts))
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "form_id": self.form_id,
            "title": self.title,
            "version": self.version,
            "default_language": self.default_language,
            "instance_name": self.instance_name,
            "public_key": self.public_key,
            "settings": dict(self.settings),
            "questions": [q.to_dict() for q in self.questions],
            "choices": _choice_lists_to_dict(self.choices),
            "external_choices": _choice_lists_to_dict(self.external_choices),
            "osm": _choice_lists_to_dict(self.osm),
            "extra_sheets": {name: [list(r) for r in rows] for name, rows in self.extra_sheets.items()},
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FormDefinition":
        return cls(
            form_id=data["form_id"],
            title=data.get("title", ""),
            version=data.get("version", ""),
            default_language=data.get("default_language", ""),
            instance_name=data.get("instance_name", ""),
            public_key=data.get("public_key", ""),
            settings=dict(data.get("settings", {})),
            questions=[Question.from_dict(q) for q in data.get("questions", [])],
            choices=_choice_lists_from_dict(data.get("choices", {})),
            external_choices=_choice_lists_from_dict(data.get("external_choices", {})),
            osm=_choice_lists_from_dict(data.get("osm", {})),
            extra_sheets={name: [list(r) for r in rows] for name, rows in data.get("extra_sheets", {}).items()},
            warnings=[FormProblem.from_dict(w) for w in data.get("warnings", [])],
        )
