"""``${last-saved#question}``: the answer this device gave in its last saved response.

ODK Collect fills a question whose default is ``${last-saved#name}`` with the value of
``name`` in the form's most recently saved instance on the device, so that a cadre
visiting many buildings or members need not retype what stays the same (the street, the
enumerator). fieldkit does the same when a new response starts (``responses.start``):
the last response to the same form saved on this device (a draft or finalised, not
deleted) gives the value, and the session then treats it as an answer already given.
Only a default of exactly that form is read; questions inside repeats are left empty,
as they have no single last value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fieldkit.core.forms.model import FormDefinition, Question

_LAST_SAVED = re.compile(r"\s*\$\{last-saved#\s*([^\W\d][\w.\-]*)\s*\}\s*")


def last_saved_name(text: str) -> str | None:
    """The question a ``${last-saved#name}`` default names, else None."""
    match = _LAST_SAVED.fullmatch(text) if "last-saved#" in text else None
    return match[1] if match else None


def _outside_repeats(questions: list[Question]):
    for q in questions:
        if q.type == "repeat" or q.type == "loop":
            continue
        yield q
        if q.children:
            yield from _outside_repeats(q.children)


def last_saved_defaults(definition: FormDefinition) -> dict[str, str]:
    """{question: the question whose last saved value is its default}, outside repeats."""
    out = {}
    for q in _outside_repeats(definition.questions):
        source = last_saved_name(q.default) if q.default else None
        if source:
            out[q.name] = source
    return out


def initial_answers(ws, form_id: str, definition: FormDefinition) -> dict[str, Any]:
    """The answers a new response starts with: each last-saved default's value from this
    device's last saved response to ``form_id`` (empty when there is none)."""
    wanted = last_saved_defaults(definition)
    if not wanted:
        return {}
    rows = ws.query("SELECT answers FROM responses WHERE form_id = ? AND device_id = ? AND deleted = 0"
                    " ORDER BY hlc DESC LIMIT 1", (form_id, ws.device_id))
    if not rows:
        return {}
    try:
        last = json.loads(rows[0]["answers"] or "{}")
    except ValueError:
        return {}
    out: dict[str, Any] = {}
    for name, source in wanted.items():
        value = last.get(source) if isinstance(last, dict) else None
        if isinstance(value, str) and value != "":
            out[name] = value
    return out
