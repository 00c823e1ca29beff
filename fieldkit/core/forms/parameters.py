"""The ``parameters`` column: ``key=value`` pairs, and which keys each question type takes.

XLSForm separates the pairs by spaces, commas or semicolons and reads keys in any case.
The accepted keys per type are the ones ODK Collect reads (and pyxform, the reference
converter, refuses any other): a misspelt key such as ``tart=1`` on a range would
otherwise be ignored silently and the range would start at its default.
"""

from __future__ import annotations

import re

_PAIR = re.compile(r"([^\s=,;]+)\s*=\s*([^\s=,;]+)")
_SELECT = ("randomize", "seed")
_SELECT_FROM_FILE = ("label", "randomize", "seed", "value")
_GEO = ("allow-mock-accuracy", "incremental", "reference-geometry")
ACCEPTED: dict[str, tuple[str, ...]] = {
    "range": ("end", "placeholder", "start", "step", "tick_interval", "tick_labelset"),
    "select_one": _SELECT, "select_multiple": _SELECT, "rank": _SELECT,
    "select_one_from_file": _SELECT_FROM_FILE, "select_multiple_from_file": _SELECT_FROM_FILE,
    "text": ("rows",),
    "image": ("app", "max-pixels"),
    "audio": ("quality",), "background-audio": ("quality",),
    "audit": ("identify-user", "location-max-age", "location-min-interval", "location-priority",
              "track-changes", "track-changes-reasons"),
    "geopoint": ("allow-mock-accuracy", "capture-accuracy", "reference-geometry", "warning-accuracy"),
    "geotrace": _GEO, "geoshape": _GEO,
}


def parse_parameters(text: str) -> dict[str, str]:
    """``{key (lower case): value}`` of a parameters cell; text that is not a pair is skipped."""
    return {key.lower(): value for key, value in _PAIR.findall(text)}


def unknown_parameters(kind: str, text: str) -> list[str]:
    """The keys of ``text`` that a question of type ``kind`` does not take, in order
    (none for types whose parameters are not checked)."""
    accepted = ACCEPTED.get(kind)
    if accepted is None:
        return []
    return [key for key in parse_parameters(text) if key not in accepted]
