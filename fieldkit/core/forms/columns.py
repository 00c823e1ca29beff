"""Column headers of XLSForm sheets: case, aliases and ``::language`` suffixes.

Follows pyxform's rules so every workbook pyxform reads is read the same way: headers
match case-insensitively and with spaces as underscores ("Required Message" is
``required_message``); a suffix after ``::`` is a language (``label::中文 (zh)``); a
sheet in which no header contains ``::`` may use a single colon instead
(``label:English``), except in ``jr:`` attribute names. Columns fieldkit does not know
are kept verbatim as extras so that export loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_LANGUAGE = ""

TRANSLATABLE = ("label", "hint", "guidance_hint", "constraint_message", "required_message")
MEDIA_KINDS = ("image", "big-image", "audio", "video")
ATTRIBUTE_GROUPS = ("bind", "instance", "body")

SURVEY_FIELDS = (
    "type", "name", "required", "relevant", "constraint", "calculation", "default",
    "read_only", "appearance", "choice_filter", "parameters", "repeat_count", "trigger",
    "personal",
)
CHOICE_FIELDS = ("list_name", "name")
SETTINGS_FIELDS = ("form_title", "form_id", "version", "default_language", "instance_name", "public_key")

# Alternative spellings pyxform accepts, after lower-casing and spaces -> underscores.
SURVEY_ALIASES = {
    "readonly": "read_only",
    "relevance": "relevant",
    "caption": "label",
    "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
    "calculate": "calculation",
    "command": "type",
    "tag": "name",
    "value": "name",
    "count": "repeat_count",
    "jr:count": "repeat_count",
    "big_image": "big-image",
}
CHOICE_ALIASES = {"caption": "label", "value": "name", "big_image": "big-image"}
SETTINGS_ALIASES = {"set_form_title": "form_title", "set_form_id": "form_id"}
# bind::/body:: attributes that are really one of the ordinary columns.
ATTRIBUTE_ALIASES = {
    ("bind", "relevant"): "relevant",
    ("bind", "required"): "required",
    ("bind", "constraint"): "constraint",
    ("bind", "calculate"): "calculation",
    ("bind", "readonly"): "read_only",
    ("bind", "jr:constraintmsg"): "constraint_message",
    ("bind", "jr:requiredmsg"): "required_message",
    ("body", "appearance"): "appearance",
    ("body", "jr:count"): "repeat_count",
}

_SHEET_RULES = {
    "survey": (SURVEY_FIELDS, SURVEY_ALIASES, TRANSLATABLE, True),
    "choices": (CHOICE_FIELDS, CHOICE_ALIASES, ("label",), False),
    "settings": (SETTINGS_FIELDS, SETTINGS_ALIASES, (), False),
}


@dataclass(frozen=True)
class Column:
    """One parsed header. ``field`` is a known column name, "media", "bind", "instance",
    "body" or "extra"; ``sub`` the media kind or attribute name; ``language`` is None for
    columns that are not translatable and "" for a translatable column without a language."""

    index: int
    header: str
    field: str
    sub: str = ""
    language: str | None = None

    @property
    def identity(self) -> tuple:
        """Two columns with the same identity mean the same thing (a duplicate header)."""
        if self.field == "extra":
            return ("extra", self.header)
        return (self.field, self.sub, self.language)


def normalise(token: str) -> str:
    return "_".join(token.split()).lower()


def _tokens(header: str, double_colon: bool) -> list[str]:
    if double_colon or "::" in header:
        return [t.strip() for t in header.split("::")]
    tokens = [t.strip() for t in header.split(":")]
    merged: list[str] = []
    i = 0
    while i < len(tokens):  # keep "jr:count" / "jr:constraintMsg" whole
        if tokens[i].lower() == "jr" and i + 1 < len(tokens):
            merged.append(tokens[i] + ":" + tokens[i + 1])
            i += 2
        else:
            merged.append(tokens[i])
            i += 1
    return merged


def parse_header(kind: str, index: int, header: str, double_colon: bool) -> Column:
    """Interpret one header of a ``survey``, ``choices`` or ``settings``-like sheet."""
    fields, aliases, translatable, attributes = _SHEET_RULES[kind]
    tokens = _tokens(header, double_colon)
    first = normalise(tokens[0])
    first = aliases.get(first, first)
    rest = tokens[1:]
    language = "::".join(rest)
    if first in translatable:
        return Column(index, header, first, "", language)
    if first in MEDIA_KINDS and kind != "settings":
        return Column(index, header, "media", first, language)
    if first == "media" and rest and kind != "settings":
        media_kind = aliases.get(normalise(rest[0]), normalise(rest[0]))
        if media_kind in MEDIA_KINDS:
            return Column(index, header, "media", media_kind, "::".join(rest[1:]))
    if attributes and first in (*ATTRIBUTE_GROUPS, "control") and rest and rest[0]:
        group = "body" if first == "control" else first
        name = "::".join(rest)
        known = ATTRIBUTE_ALIASES.get((group, name.lower()))
        if known:
            lang = None if known not in translatable else NO_LANGUAGE
            return Column(index, header, known, "", lang)
        return Column(index, header, group, name)
    if first in fields and not rest:
        return Column(index, header, first)
    return Column(index, header, "extra")


def parse_headers(kind: str, headers: list[tuple[int, str]]) -> list[Column]:
    """Parse a header row given as (column index, header text) for non-blank headers."""
    double_colon = any("::" in text for _, text in headers)
    return [parse_header(kind, index, text, double_colon) for index, text in headers]


def header_text(field: str, sub: str = "", language: str | None = None) -> str:
    """The header fieldkit writes for a column (the spec's own spelling)."""
    if field == "media":
        base = sub
    elif field in ATTRIBUTE_GROUPS:
        base = f"{field}::{sub}"
    else:
        base = field
    return f"{base}::{language}" if language else base
