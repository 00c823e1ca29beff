"""The XLSForm question types fieldkit knows, and parsing of the ``type`` column.

A type cell may carry more than a type: ``select_one colors or_other``,
``begin repeat``, ``begin loop over toilet_type``, ``select one from yes_or_no``.
``parse_type`` turns every spelling pyxform accepts into one canonical type plus its
list name and ``or_other`` flag, so the rest of fieldkit sees one vocabulary.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Canonical types. Containers hold child questions.
CONTAINERS = ("group", "repeat", "loop")
SELECTS = ("select_one", "select_multiple", "select_one_external", "rank")
INPUT_TYPES = (
    "text", "integer", "decimal", "range", "note", "calculate", "acknowledge", "trigger",
    "date", "time", "dateTime", "geopoint", "geotrace", "geoshape", "image", "audio",
    "video", "file", "barcode", "hidden", "osm",
)
METADATA_TYPES = (
    "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
    "username", "email", "audit", "start-geopoint", "background-audio",
    "background-geopoint", "uri:deviceid", "uri:subscriberid", "uri:simserial",
    "uri:phonenumber", "uri:username", "uri:email",
)
#: Rows that attach a data file to the form as a secondary instance named after the row:
#: ``csv-external fruits`` reads fruits.csv, ``xml-external survey`` reads survey.xml.
DATA_TYPES = ("csv-external", "xml-external")
QUESTION_TYPES = SELECTS + INPUT_TYPES + METADATA_TYPES + DATA_TYPES
#: ``select_one_from_file fruits.csv`` is read as ``select_one`` whose list name is the file.
FROM_FILE_TYPES = {"select_one_from_file": "select_one", "select_multiple_from_file": "select_multiple"}
#: Files a select can take its choices from (ODK Collect's list).
CHOICE_FILE_SUFFIXES = (".csv", ".xml", ".geojson")


def is_file_list(list_name: str) -> bool:
    """Whether a select's list name is an attached file (``fruits.csv``) rather than a list
    of the choices sheet."""
    return list_name.lower().endswith(CHOICE_FILE_SUFFIXES)

# Alternative names (lower-case, single spaces) -> canonical type.
_ALIASES = {
    "string": "text", "q string": "text", "add text prompt": "text",
    "int": "integer", "q int": "integer", "add integer prompt": "integer",
    "q decimal": "decimal", "add decimal prompt": "decimal",
    "q note": "note", "add note prompt": "note",
    "q calculate": "calculate", "add calculate prompt": "calculate",
    "q acknowledge": "acknowledge", "add acknowledge prompt": "acknowledge",
    "q date": "date", "add date prompt": "date",
    "datetime": "dateTime", "date time": "dateTime", "q datetime": "dateTime",
    "q date time": "dateTime", "add datetime prompt": "dateTime", "add date time prompt": "dateTime",
    "gps": "geopoint", "location": "geopoint", "q location": "geopoint",
    "q geopoint": "geopoint", "add location prompt": "geopoint",
    "q geotrace": "geotrace", "q geoshape": "geoshape",
    "photo": "image", "q picture": "image", "q image": "image",
    "add image prompt": "image", "add photo prompt": "image",
    "q audio": "audio", "add audio prompt": "audio",
    "q video": "video", "add video prompt": "video",
    "add file prompt": "file",
    "q barcode": "barcode", "add barcode prompt": "barcode",
    "imei": "deviceid", "device id": "deviceid", "get device id": "deviceid",
    "start time": "start", "get start time": "start",
    "end time": "end", "get end time": "end", "get today": "today",
    "subscriber id": "subscriberid", "get subscriber id": "subscriberid",
    "sim id": "simserial", "get sim id": "simserial",
    "get phone number": "phonenumber",
}
_SELECT_COMMANDS = {
    "select_one": "select_one", "select one": "select_one", "select1": "select_one",
    "select one from": "select_one", "select one using": "select_one",
    "add select one prompt using": "select_one", "q select1": "select_one",
    "select_multiple": "select_multiple", "select all that apply": "select_multiple",
    "select all that apply from": "select_multiple", "select multiple from": "select_multiple",
    "select multiple using": "select_multiple", "add select multiple prompt using": "select_multiple",
    "q select": "select_multiple",
    "select_one_external": "select_one_external", "select one external": "select_one_external",
    "rank": "rank",
    "select_one_from_file": "select_one_from_file", "select one from file": "select_one_from_file",
    "select_multiple_from_file": "select_multiple_from_file",
    "select multiple from file": "select_multiple_from_file",
}
# Old pyxform types that are an ordinary type plus a built-in constraint and hint.
LEGACY_TYPES = {
    "phone number": ("text", "regex(., '^\\d*$')", "Enter numbers only."),
    "percentage": ("integer", "0 <= . and . <= 100", ""),
    "number of days in last month": ("integer", "0 <= . and . <= 31", "Enter a number 0-31."),
    "number of days in last six months": ("integer", "0 <= . and . <= 183", "Enter a number 0-183."),
    "number of days in last year": ("integer", "0 <= . and . <= 365", "Enter a number 0-365."),
}

_CONTROL = re.compile(
    r"^(?P<edge>begin|end)[ _](?P<kind>group|repeat|loop|lgroup|looped group)"
    r"(?: (?:over )?(?P<list>\S+))?$",
    re.IGNORECASE,
)
_SELECT = re.compile(
    r"^(?P<command>" + "|".join(sorted(map(re.escape, _SELECT_COMMANDS), key=len, reverse=True)) + r")"
    r"(?: (?P<list>\S+))?(?: (?P<other>or specify other|or_other|or other))?$",
    re.IGNORECASE,
)
_CONTAINER_KIND = {"group": "group", "repeat": "repeat", "lgroup": "repeat", "looped group": "repeat", "loop": "loop"}
_BY_LOWER = {t.lower(): t for t in QUESTION_TYPES}


@dataclass(frozen=True)
class ParsedType:
    """``type`` is canonical; ``edge`` is "begin"/"end" for container rows, else "".
    ``legacy`` names an old type that implies a constraint and hint (see LEGACY_TYPES).
    ``problem`` is set when the cell is not a type fieldkit can use: "unknown",
    "include", "list_missing" or "file_suffix" (a from_file select naming no .csv,
    .xml or .geojson file)."""

    type: str
    list_name: str = ""
    or_other: bool = False
    edge: str = ""
    legacy: str = ""
    problem: str = ""


@functools.lru_cache(maxsize=1024)
def parse_type(text: str) -> ParsedType:
    """The canonical type of a ``type`` cell. Cached: a form repeats a few type cells on
    hundreds of rows, and a ParsedType is immutable."""
    spaced = " ".join(text.split())
    lower = spaced.lower()
    match = _CONTROL.match(spaced)
    if match:
        kind = _CONTAINER_KIND[match.group("kind").lower()]
        edge = match.group("edge").lower()
        if kind != "loop" or edge == "end":
            return ParsedType(kind, edge=edge)
        if not match.group("list"):
            return ParsedType(kind, edge=edge, problem="list_missing")
        return ParsedType(kind, match.group("list"), edge=edge)
    match = _SELECT.match(spaced)
    if match:
        canonical = _SELECT_COMMANDS[match.group("command").lower()]
        list_name = match.group("list") or ""
        other = bool(match.group("other"))
        if canonical in FROM_FILE_TYPES:
            if not list_name:
                return ParsedType(canonical, problem="list_missing")
            if not is_file_list(list_name):
                return ParsedType(canonical, list_name, problem="file_suffix")
            return ParsedType(FROM_FILE_TYPES[canonical], list_name, other)
        if not list_name:
            return ParsedType(canonical, problem="list_missing")
        return ParsedType(canonical, list_name, other)
    if lower == "osm" or lower.startswith("osm "):
        parts = spaced.split()
        if len(parts) <= 2:
            return ParsedType("osm", parts[1] if len(parts) == 2 else "")
    if lower == "include" or lower.startswith("include "):
        return ParsedType("include", problem="include")
    if lower in DATA_TYPES:
        return ParsedType(lower)
    if lower in LEGACY_TYPES:
        return ParsedType(LEGACY_TYPES[lower][0], legacy=lower)
    if lower in _BY_LOWER:
        return ParsedType(_BY_LOWER[lower])
    if lower in _ALIASES:
        return ParsedType(_ALIASES[lower])
    return ParsedType(spaced, problem="unknown")


def type_text(qtype: str, list_name: str = "", or_other: bool = False, edge: str = "begin") -> str:
    """The ``type`` cell fieldkit writes for a question (the spec's own spelling)."""
    if qtype == "loop":
        return f"begin loop over {list_name}" if edge == "begin" else "end loop"
    if qtype in CONTAINERS:
        return f"{edge}_{qtype}"
    if qtype in SELECTS or (qtype == "osm" and list_name):
        from_file = qtype in ("select_one", "select_multiple") and is_file_list(list_name)
        text = f"{qtype}_from_file {list_name}" if from_file else f"{qtype} {list_name}"
        return text + " or_other" if or_other else text
    return qtype


def known_type_names() -> list[str]:
    """Names offered as suggestions for an unknown type."""
    return [*QUESTION_TYPES, "begin_group", "end_group", "begin_repeat", "end_repeat",
            "select_one", "select_multiple"]
