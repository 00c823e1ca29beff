"""Problems found in an XLSForm: where (sheet, row, column), what, and how to fix it.

A problem is data, not text: it keeps an English message id and its parameters and is
translated only when shown, so the same import report reads right in Chinese and in
English. Errors reject the form (``FormValidationError`` carries all of them at once);
warnings are kept on the imported definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_, translate

# How many problems the error's one-line-per-problem text lists before summarising.
MAX_LISTED = 50


def _fill(msgid: str, language: str | None, params: dict[str, Any]) -> str:
    text = translate(msgid, language)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        try:
            return msgid.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid


@dataclass(frozen=True)
class FormProblem:
    """One thing wrong (or worth knowing) about a form, pinned to a spreadsheet cell.

    ``row`` is the 1-based spreadsheet row (0 when the problem concerns a whole sheet or
    column), ``column`` the column header as written in the file ("" when not about a
    column), ``cell`` the A1-style address when known. ``params`` fill the ``{names}`` of
    both ``msgid`` and ``hint_msgid``.
    """

    sheet: str
    row: int
    column: str
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    hint_msgid: str = ""
    cell: str = ""

    def text(self, language: str | None = None) -> str:
        """What is wrong, without the location."""
        return _fill(self.msgid, language, self.params)

    def hint(self, language: str | None = None) -> str:
        """How to fix it ("" when there is no hint)."""
        return _fill(self.hint_msgid, language, self.params) if self.hint_msgid else ""

    def message(self, language: str | None = None) -> str:
        """The full sentence shown to the user: location, problem and fix."""
        params = {"sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell,
                  "text": self.text(language)}
        if self.row and self.column and self.cell:
            msgid = N_("Sheet “{sheet}”, row {row}, column “{column}” (cell {cell}): {text}")
        elif self.row and self.column:
            msgid = N_("Sheet “{sheet}”, row {row}, column “{column}”: {text}")
        elif self.row:
            msgid = N_("Sheet “{sheet}”, row {row}: {text}")
        elif self.column:
            msgid = N_("Sheet “{sheet}”, column “{column}”: {text}")
        elif self.sheet:
            msgid = N_("Sheet “{sheet}”: {text}")
        else:
            msgid = "{text}"
        text = _fill(msgid, language, params)
        hint = self.hint(language)
        if hint:
            text = _fill(N_("{text} (How to fix: {hint})"), language, {"text": text, "hint": hint})
        return text

    def __str__(self) -> str:
        return self.message()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "msgid": self.msgid,
            "params": dict(self.params),
            "hint_msgid": self.hint_msgid,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FormProblem":
        return cls(
            sheet=data.get("sheet", ""),
            row=int(data.get("row", 0)),
            column=data.get("column", ""),
            msgid=data["msgid"],
            params=dict(data.get("params", {})),
            hint_msgid=data.get("hint_msgid", ""),
            cell=data.get("cell", ""),
        )


def sort_key(problem: FormProblem, sheet_order: dict[str, int] | None = None) -> tuple:
    order = (sheet_order or {}).get(problem.sheet, len(sheet_order or {}))
    return (order, problem.row, problem.cell, problem.column, problem.msgid)


class FormValidationError(FieldkitError):
    """The form was rejected; ``problems`` lists everything wrong with it, not just the first."""

    def __init__(self, problems: list[FormProblem], file: str = "") -> None:
        super().__init__(
            N_("The form “{file}” was not imported: {count} problem(s) found."),
            file=file,
            count=len(problems),
        )
        self.problems = list(problems)

    def message(self, language: str | None = None) -> str:
        lines = [super().message(language)]
        for problem in self.problems[:MAX_LISTED]:
            lines.append("• " + problem.message(language))
        hidden = len(self.problems) - MAX_LISTED
        if hidden > 0:
            lines.append(_fill(N_("… and {count} more."), language, {"count": hidden}))
        return "\n".join(lines)


class Problems:
    """Collects errors and warnings while a form is read, so all are reported at once."""

    def __init__(self) -> None:
        self.errors: list[FormProblem] = []
        self.warnings: list[FormProblem] = []

    def error(self, sheet: str, row: int, column: str, msgid: str, hint: str = "", /, *,
              cell: str = "", **params: Any) -> None:
        self.errors.append(FormProblem(sheet, row, column, msgid, params, hint, cell))

    def warn(self, sheet: str, row: int, column: str, msgid: str, hint: str = "", /, *,
             cell: str = "", **params: Any) -> None:
        self.warnings.append(FormProblem(sheet, row, column, msgid, params, hint, cell))
