"""What one imported row becomes, and what is wrong with it (shared by the parser, the
rules and the report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.i18n import translate


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
    sheet: str = ""        # set when the cell is on another sheet than the main one (a repeat's)

    def location(self) -> str:
        """The column, with its sheet when it is not the main one: “household_members!C”."""
        return f"{self.sheet}!{self.column}" if self.sheet and self.column else self.column

    def message(self, language: str | None = None) -> str:
        if not self.msgid:  # already worded by the form engine
            return str(self.params.get("text", ""))
        text = translate(self.msgid, language)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.msgid


@dataclass
class PreparedRow:
    row: int
    answers: dict[str, Any]
    source_key: str
    submitted_at: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    status: str = "clean"  # clean | warning | rejected | duplicate
    started_at: str = ""   # from the form's own start / end questions, when the file has them
    finished_at: str = ""
