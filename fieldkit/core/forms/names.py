"""Names used more than once in a form, under different groups.

XLSForm requires a name to be unique only among the questions of its nearest group or
repeat (its XML path, ``/data/group/name``, is what must be unique), and real forms use
that: a ``comments`` note in every section, a ``price`` in each crop's group. The rest of
fieldkit keys a question's answer by its name, so a name that occurs more than once is
kept under its path inside the form instead: ``crops_maize/price``. A ``/`` is never
part of an XLSForm name, so the written name is the last step again (``xlsform_name``)
and a form read, written and read back keeps the same keys. The path is also the column
KoboToolbox gives the question in its exports.

A ``${price}`` reference to such a name is ambiguous; as in pyxform, it is an error
naming the questions it could mean (``validation``).
"""

from __future__ import annotations

import re
from collections import Counter

from fieldkit.core.forms.form_data import Data, in_form_order


def xlsform_name(key: str) -> str:
    """The name as written in the workbook of a question kept under ``key``."""
    return key.rpartition("/")[2]


def qualify_repeated_names(top: list[Data], in_order: list[Data] | None = None) -> dict[str, list[str]]:
    """Give every question whose name occurs more than once in the form its path as its
    name; returns ``{name: [paths]}`` for those names (empty for most forms, untouched)."""
    questions = in_order if in_order is not None else in_form_order(top)
    counts = Counter(q["name"] for q in questions)
    if len(counts) == len(questions):
        return {}
    repeated = {name for name, n in counts.items() if n > 1 and name}
    if not repeated:
        return {}
    out: dict[str, list[str]] = {}

    def walk(children: list[Data], prefix: str) -> None:
        for q in children:
            name = q["name"]
            path = prefix + name
            if name in repeated:
                q["name"] = path
                out.setdefault(name, []).append(path)
            inner = q.get("children")
            if inner:
                walk(inner, path + "/")

    walk(top, "")
    return out


def repeated_names(names) -> dict[str, list[str]]:
    """``{name: [paths]}`` for the qualified names among ``names`` (of a stored form)."""
    out: dict[str, list[str]] = {}
    for key in names:
        if "/" in key:
            out.setdefault(xlsform_name(key), []).append(key)
    return out


# Fields whose text is a formula (logic.EXPRESSION_FIELDS; repeated to keep this module
# free of the expression code).
_FORMULA_FIELDS = ("relevant", "constraint", "calculation", "required", "read_only", "choice_filter",
                   "repeat_count", "default", "trigger")
_QUOTED = re.compile(r"('[^']*'|\"[^\"]*\")")
_KEY_REF = re.compile(r"\$\{\s*([^{}\s]+/[^{}\s]+)\s*\}")


def root_name(settings: dict[str, str]) -> str:
    """The name of the form's root element in its XPaths: the settings' ``name``, else ``data``."""
    return settings.get("name", "").strip() or "data"


def qualify_paths(questions: list[Data], paths: dict[str, list[str]], root: str) -> None:
    """Write an absolute path that names one of several questions sharing a name
    (``/data/eye_left/logMAR``) as a reference to the one it names (``${eye_left/logMAR}``),
    so that the formula reads that question and no other; see ``unqualify_paths``."""
    keys = {key for keys in paths.values() for key in keys}
    if not keys:
        return
    pattern = re.compile(r"(?<![\w.\]\)/])/" + re.escape(root) + r"/((?:[^\W\d][\w.\-]*/)*[^\W\d][\w.\-]*)(?![\w.\-/\[(])")

    def replace(match: re.Match) -> str:
        key = match[1]
        return "${" + key + "}" if key in keys else match[0]

    marker = "/" + root + "/"
    for q in questions:
        for field in _FORMULA_FIELDS:
            text = q.get(field)
            if text and marker in text:
                parts = _QUOTED.split(text)  # text in quotes is text, not a path
                q[field] = "".join(part if i % 2 else pattern.sub(replace, part) for i, part in enumerate(parts))


def unqualify_paths(text: str, root: str) -> str:
    """The formula as written in the workbook: ``${eye_left/logMAR}`` back to its path."""
    if "/" not in text or "${" not in text:
        return text
    return _KEY_REF.sub(lambda m: "/" + root + "/" + m[1], text)
