"""Write a ``FormDefinition`` as an XLSForm .xlsx workbook.

The workbook uses the spec's standard spelling (``select_one list``, ``begin_group``,
``label::language``), so pyxform and other XLSForm tools read it, and fieldkit's own
reader reads it back to an equal definition: every kept column (bind::, instance::,
body::, unknown extras), every settings column and every extra sheet is written back.
All cells are written as text, so that a label such as ``=1+1`` or ``007`` stays what
it was. A text longer than a spreadsheet cell holds is refused, naming its cell, rather
than cut. The file is written to a temporary name and renamed, never left half-written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.columns import header_text
from fieldkit.core.forms.names import root_name, unqualify_paths, xlsform_name
from fieldkit.core.forms.model import Choice, FormDefinition, Question
from fieldkit.core.forms.question_types import CONTAINERS, type_text
from fieldkit.core.i18n import N_
from fieldkit.core.spreadsheet_out import EXCEL_CELL_LIMIT, save_workbook, set_text

__all__ = ["write_xlsform"]

# Column order of the survey sheet, as form authors usually lay it out.
_SURVEY_LAYOUT = (
    "label", "hint", "guidance_hint", "required", "required_message", "relevant", "constraint",
    "constraint_message", "calculation", "default", "read_only", "appearance", "choice_filter",
    "parameters", "repeat_count", "trigger", "personal",
)
_TEXT = {"label", "hint", "guidance_hint", "required_message", "constraint_message"}
_SETTINGS = (("form_title", "title"), ("form_id", "form_id"), ("version", "version"),
             ("default_language", "default_language"), ("instance_name", "instance_name"),
             ("public_key", "public_key"))

# A column: its header, and how to get its cell text from one row's item.
Spec = tuple[str, Callable[[tuple], str]]


def write_xlsform(definition: FormDefinition, path: str | Path) -> None:
    """Write ``definition`` to ``path`` (.xlsx), replacing any file there."""
    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    rows = list(_survey_rows(definition.questions))
    _write_table(book, "survey", _survey_specs([q for q, _ in rows], root_name(definition.settings)), rows)
    for sheet, lists in (("choices", definition.choices), ("external_choices", definition.external_choices),
                         ("osm", definition.osm)):
        if lists or sheet == "choices":
            items = [(list_name, c) for list_name, choices in lists.items() for c in choices]
            _write_table(book, sheet, _choice_specs([c for _, c in items]), items)
    _write_settings(book, definition)
    for name, grid in definition.extra_sheets.items():
        sheet = book.create_sheet(name)
        for r, values in enumerate(grid, start=1):
            for c, value in enumerate(values, start=1):
                _set(sheet, r, c, value)
    _save(book, path)


def _survey_rows(questions: list[Question]) -> Iterator[tuple[Question, str]]:
    """(question, edge) in sheet order; edge is "begin"/"end" for containers, else ""."""
    for q in questions:
        if q.type in CONTAINERS:
            yield q, "begin"
            yield from _survey_rows(q.children)
            yield q, "end"
        else:
            yield q, ""


def _ordered(keys: Iterator) -> list:
    return list(dict.fromkeys(keys))


def _survey_specs(questions: list[Question], root: str = "data") -> list[Spec]:
    """Columns of the survey sheet, each with how to get its cell from a (question, edge) row;
    only columns some question uses. An "end" row has nothing but its type."""
    columns: list[tuple[str, Callable[[Question], str]]] = [("name", lambda q: xlsform_name(q.name))]
    for field in _SURVEY_LAYOUT:
        if field in _TEXT:
            for language in _ordered(lang for q in questions for lang in getattr(q, field)):
                columns.append((header_text(field, "", language),
                                lambda q, f=field, lang=language: getattr(q, f).get(lang, "")))
        elif any(getattr(q, field) for q in questions):  # formulas as written (names.qualify_paths)
            columns.append((field, lambda q, f=field: unqualify_paths(getattr(q, f), root)))
    for kind, language in _ordered((k, lang) for q in questions for k, texts in q.media.items() for lang in texts):
        columns.append((header_text("media", kind, language),
                        lambda q, k=kind, lang=language: q.media.get(k, {}).get(lang, "")))
    for group in ("bind", "instance", "body"):
        for attribute in _ordered(a for q in questions for a in getattr(q, group)):
            columns.append((header_text(group, attribute), lambda q, g=group, a=attribute: getattr(q, g).get(a, "")))
    for header in _ordered(h for q in questions for h in q.extras):
        columns.append((header, lambda q, h=header: q.extras.get(h, "")))

    def type_cell(row: tuple[Question, str]) -> str:
        q, edge = row
        return type_text(q.type, q.list_name, q.or_other, edge or "begin")

    return [("type", type_cell)] + [
        (header, lambda row, get=get: "" if row[1] == "end" else get(row[0])) for header, get in columns]


def _choice_specs(choices: list[Choice]) -> list[Spec]:
    """Columns of a choices sheet, each with how to get its cell from a (list name, choice) row."""
    columns: list[tuple[str, Callable[[Choice], str]]] = [("name", lambda c: c.name)]
    for language in _ordered(lang for c in choices for lang in c.label) or [""]:
        columns.append((header_text("label", "", language), lambda c, lang=language: c.label.get(lang, "")))
    for kind, language in _ordered((k, lang) for c in choices for k, texts in c.media.items() for lang in texts):
        columns.append((header_text("media", kind, language),
                        lambda c, k=kind, lang=language: c.media.get(k, {}).get(lang, "")))
    for header in _ordered(h for c in choices for h in c.extras):
        columns.append((header, lambda c, h=header: c.extras.get(h, "")))
    return [("list_name", lambda row: row[0])] + [(h, lambda row, get=get: get(row[1])) for h, get in columns]


def _write_table(book: Workbook, title: str, specs: list[Spec], rows: list[tuple]) -> None:
    sheet = book.create_sheet(title)
    for c, (header, _) in enumerate(specs, start=1):
        _set(sheet, 1, c, header)
    for r, row in enumerate(rows, start=2):
        for c, (_, get) in enumerate(specs, start=1):
            _set(sheet, r, c, get(row))
    sheet.freeze_panes = "A2"
    for letter, width in (("A", 24), ("B", 20), ("C", 40)):
        sheet.column_dimensions[letter].width = width


def _write_settings(book: Workbook, definition: FormDefinition) -> None:
    values = [(header, getattr(definition, attr)) for header, attr in _SETTINGS]
    values += list(definition.settings.items())
    values = [(h, v) for h, v in values if v]
    sheet = book.create_sheet("settings")
    for c, (header, value) in enumerate(values, start=1):
        _set(sheet, 1, c, header)
        _set(sheet, 2, c, value)


def _set(sheet, row: int, column: int, value: str) -> None:
    if not value:
        return
    text = str(value)
    if len(text) > EXCEL_CELL_LIMIT:
        header = sheet.cell(row=1, column=column).value or ""
        raise FieldkitError(
            N_("The form cannot be exported: the text for sheet “{sheet}”, cell {cell} ({header}) "
               "is {length} characters long, and a spreadsheet cell holds at most {limit}. "
               "Shorten it in the form, then export again."),
            sheet=sheet.title, cell=f"{get_column_letter(column)}{row}", header=header,
            length=len(text), limit=EXCEL_CELL_LIMIT)
    set_text(sheet, row, column, text)


def _save(book: Workbook, path: Path) -> None:
    save_workbook(book, path)
