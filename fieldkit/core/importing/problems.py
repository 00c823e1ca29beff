"""What one imported row becomes, and what is wrong with it (shared by the parser, the
rules and the report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.i18n import current_language, translate


@dataclass(frozen=True)
class Label:
    """A question's or option's label in every language of its form, shown in whichever
    language the message is read in (the name when the form gives no label)."""

    texts: dict[str, str]
    default_language: str
    name: str

    def text(self, language: str | None = None) -> str:
        from fieldkit.core.forms.outline import pick_text

        return pick_text(self.texts, language or current_language(),
                         self.default_language) or self.name

    def __str__(self) -> str:
        return self.text()


def _shown(value: Any, language: str | None) -> Any:
    if isinstance(value, Label):
        return value.text(language)
    if isinstance(value, list) and value and any(isinstance(v, Label) for v in value):
        return " / ".join(str(_shown(v, language)) for v in value)
    return value


@dataclass
class RowProblem:
    row: int
    column: str            # spreadsheet column letter ("" for the whole row)
    header: str
    question: str
    msgid: str
    params: dict[str, Any]
    expected: str = ""     # msgid
    found: str = ""
    severity: str = "error"
    label: Label | None = None  # the question's label, when the problem is about one
    sheet: str = ""        # set when the cell is on another sheet than the main one (a repeat's)

    def location(self) -> str:
        """The column, with its sheet when it is not the main one: “household_members!C”."""
        return f"{self.sheet}!{self.column}" if self.sheet and self.column else self.column

    def message(self, language: str | None = None) -> str:
        if not self.msgid:  # worded by the form's author (a constraint message)
            return str(_shown(self.params.get("text", ""), language))
        text = translate(self.msgid, language)
        try:
            return text.format(**{k: _shown(v, language) for k, v in self.params.items()})
        except (KeyError, IndexError, ValueError):
            return self.msgid

    def question_text(self, language: str | None = None) -> str:
        """The question as a person knows it: its label in ``language``, else its name."""
        return self.label.text(language) if self.label is not None else self.question


@dataclass
class PreparedRow:
    row: int
    answers: dict[str, Any]
    source_key: str
    submitted_at: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    status: str = "clean"  # clean | warning | rejected | duplicate
    # where and when it was collected, from the sheet's own columns (``origin.assign``)
    site_id: str | None = None
    cadre_id: str | None = None
    started_at: str = ""   # from the form's own start / end questions, when the file has them
    finished_at: str = ""
    # the answers as they were when their canonical JSON was worked out for the row's key,
    # and that text: the commit reuses it while the answers are still the same
    encoded: tuple[dict[str, Any], str] | None = field(default=None, repr=False, compare=False)
