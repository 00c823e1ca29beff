"""What the responses browser shows: its columns and the text of each cell.

Standard columns (started, site, cadre, status, review, version, revision) sort in SQL;
question columns show one answer per response, with chosen options as their labels in the
interface language. Labels and options come from every stored version of the form, the
newest first, so responses to an older version still show their answers.

Cells are formatted here, not in the UI, so the same texts can be tested without Qt and
the browser's model stays a thin adapter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.forms.media import list_choices
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import N_, current_language, tr
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES, definition_for
from fieldkit.core.store.workspace import Workspace

QUESTION_PREFIX = "q:"
# key, label, the ResponseFilter.order_by that sorts it (in SQL)
STANDARD_COLUMNS = (
    ("started", N_("Started"), "started_at"),
    ("site", N_("Site"), "site"),
    ("cadre", N_("Cadre"), "cadre"),
    ("status", N_("Status"), "status"),
    ("review", N_("Review"), "review_state"),
    ("version", N_("Version"), "form_version"),
    ("revision", N_("Revision"), "revision"),
    ("source", N_("Source"), ""),       # “imported from file · sheet, row n”
)
DEFAULT_COLUMNS = ("started", "site", "cadre", "status", "review", "source")
# Question types that hold no answer worth a column.
_NO_ANSWER = {"note", "group", "loop", "trigger", "audit", "background-audio", "csv-external", "xml-external"}
PLACEHOLDER = "…"


@dataclass
class Column:
    key: str                  # "started", ... or "q:<question name>"
    label: str                # in the interface language
    order_by: str = ""        # non-empty: sortable in SQL by this ResponseFilter.order_by
    question: str = ""        # the question's name for question columns
    path: tuple[str, ...] = ()  # enclosing group names (answers nested by group)
    kind: str = ""            # question type
    options: dict[str, str] = field(default_factory=dict)  # choice name -> label

    @property
    def sortable(self) -> bool:
        return bool(self.order_by)


@dataclass
class FormColumns:
    """Every column the browser can show for one form, in display order."""

    form_id: str
    available: list[Column]

    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.available}

    def chosen(self, keys: list[str] | None) -> list[Column]:
        """The columns named by ``keys`` (unknown keys skipped), or the default set."""
        known = self.by_key()
        picked = [known[k] for k in (keys if keys is not None else DEFAULT_COLUMNS) if k in known]
        return picked or [known[k] for k in DEFAULT_COLUMNS]


def standard_columns() -> list[Column]:
    return [Column(key, tr(label), order_by) for key, label, order_by in STANDARD_COLUMNS]


def form_columns(ws: Workspace, form_id: str, language: str | None = None) -> FormColumns:
    """Standard columns, then one per question of any version of the form (form order of
    the newest version first, then questions only older versions had)."""
    from fieldkit.core.forms.store import version_key

    language = language or current_language()
    records = ws.query("SELECT id, version FROM forms WHERE form_id = ?", (form_id,))
    records = sorted(records, key=lambda r: version_key(r["version"]), reverse=True)
    columns, seen = standard_columns(), set()
    for record in records:
        definition = definition_for(ws, record["id"])
        for question, path in _answerable(definition.questions, ()):
            if question.name in seen:
                continue
            seen.add(question.name)
            label = pick_text(question.label, language, definition.default_language)
            options = {c.name: pick_text(c.label, language, definition.default_language) or c.name
                       for c in list_choices(definition, question)}
            columns.append(Column(QUESTION_PREFIX + question.name, label or question.name,
                                  question=question.name, path=path, kind=question.type,
                                  options=options))
    return FormColumns(form_id, columns)


def _answerable(questions, path: tuple[str, ...]):
    """Questions with an answer per response: not notes, not inside repeats (a repeat
    itself is one column: how many entries it has)."""
    for question in questions:
        if question.type == "repeat":
            yield question, path
        elif question.is_container:
            yield from _answerable(question.children, path + (question.name,))
        elif question.type not in _NO_ANSWER and not question.is_metadata:
            yield question, path


# -- cells ------------------------------------------------------------------------------------

def decode_answers(row: dict[str, Any]) -> dict[str, Any]:
    """The row's answers as a dict, decoded once and kept on the row."""
    answers = row.get("_answers")
    if answers is None:
        try:
            answers = json.loads(row.get("answers") or "{}")
        except ValueError:
            answers = {}
        if not isinstance(answers, dict):
            answers = {}
        row["_answers"] = answers
    return answers


def _answer(answers: dict[str, Any], column: Column) -> Any:
    if column.question in answers:
        return answers[column.question]
    nested: Any = answers
    for name in column.path:
        nested = nested.get(name) if isinstance(nested, dict) else None
    return nested.get(column.question) if isinstance(nested, dict) else None


def format_answer(column: Column, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column.kind == "repeat" or isinstance(value, list):
        return str(len(value)) if isinstance(value, list) else str(value)
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    text = str(value)
    if column.options:
        separator = "、" if current_language().startswith("zh") else ", "
        return separator.join(column.options.get(v, v) for v in text.split())
    return text


_LABELS = {"status": dict(STATUSES), "review": dict(REVIEW_STATES)}


def cell_text(row: dict[str, Any], column: Column) -> str:
    """What one cell shows (answers are decoded only when a question cell is asked for)."""
    key = column.key
    if column.question:
        return format_answer(column, _answer(decode_answers(row), column))
    if key == "started":
        started = row.get("started_at") or ""
        return started[:16].replace("T", " ")
    if key == "site":
        return row.get("site_name") or ""
    if key == "cadre":
        return row.get("cadre_name") or ""
    if key == "status":
        return tr(_LABELS["status"].get(row["status"], row["status"]))
    if key == "review":
        return tr(_LABELS["review"].get(row["review_state"], row["review_state"]))
    if key == "version":
        return row.get("form_version") or ""
    if key == "revision":
        return str(row.get("revision") or "")
    if key == "source":
        from fieldkit.core.importing.origin import source_text

        return source_text(row.get("source"))
    return ""

