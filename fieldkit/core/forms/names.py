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
