"""A blank entry template for paper questionnaires: one column per question with its
Chinese (or chosen-language) label and name, drop-down lists for choices, number and date
validation, and an instructions sheet. A filled template imports with no mapping.
Labels, hints and choices are written as text (a label starting with ``=`` stays a label)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fieldkit.core.forms.media import list_choices
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.i18n import tr
from fieldkit.core.spreadsheet_out import EXCEL_CELL_LIMIT, check_folder, save_workbook, set_text

SKIPPED_TYPES = ("group", "repeat", "loop", "note", "calculate", "hidden")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATA_ROWS = 2000


def template_questions(definition: FormDefinition) -> list:
    return [q for q in definition.walk()
            if q.name and q.type not in SKIPPED_TYPES and not q.is_metadata
            and q.type not in ("image", "audio", "video", "file", "geotrace", "geoshape")]


def header_text(question, definition: FormDefinition, language: str) -> str:
    label = pick_text(question.label, language, definition.default_language) or question.name
    return f"{label} [{question.name}]"


def write_template(definition: FormDefinition, target: str | Path, language: str = "zh") -> Path:
    target = Path(target)
    check_folder(target)
    book = Workbook()
    sheet = book.active
    sheet.title = tr("Answers")[:31]
    lists = book.create_sheet("choices")
    lists.sheet_state = "hidden"
    list_columns: dict[str, str] = {}
    questions = template_questions(definition)
    for col, question in enumerate(questions, 1):
        cell = set_text(sheet, 1, col, _fit(header_text(question, definition, language)))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        hint = pick_text(question.hint, language, definition.default_language)
        if hint:
            cell.comment = Comment(_fit(hint), "fieldkit")
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 18
        area = f"{letter}2:{letter}{DATA_ROWS + 1}"
        validation = _validation(question, definition, language, lists, list_columns)
        if validation is not None:
            validation.add(area)
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 48
    _instructions(book, definition, language)
    return save_workbook(book, target)


def _fit(text: str) -> str:
    """A header or hint longer than a cell holds is shortened visibly (the template's headers
    are matched to questions by the [name] at their end, which is kept)."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    return text[:EXCEL_CELL_LIMIT - 200] + "…" + text[-199:]


def _validation(question, definition, language, lists, list_columns):
    qtype = question.type
    offered = list_choices(definition, question) if qtype == "select_one" else []  # also a file's
    if offered:
        column = list_columns.get(question.list_name)
        if column is None:
            column = get_column_letter(len(list_columns) + 1)
            list_columns[question.list_name] = column
            for row, choice in enumerate(offered, 1):
                set_text(lists, row, len(list_columns),
                         _fit(pick_text(choice.label, language, definition.default_language)
                              or choice.name))
        count = len(offered)
        return DataValidation(type="list", formula1=f"=choices!${column}$1:${column}${count}",
                              allow_blank=True, showErrorMessage=True,
                              error=tr("Choose one of the listed answers."))
    if qtype == "integer":
        return DataValidation(type="whole", operator="between", formula1="-999999999",
                              formula2="999999999", allow_blank=True, showErrorMessage=True,
                              error=tr("Type a whole number."))
    if qtype in ("decimal", "range"):
        return DataValidation(type="decimal", operator="between", formula1="-999999999",
                              formula2="999999999", allow_blank=True, showErrorMessage=True,
                              error=tr("Type a number."))
    if qtype == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="1",
                              allow_blank=True, showErrorMessage=True,
                              error=tr("Type a date such as 2024-05-01."))
    return None


def _instructions(book: Workbook, definition: FormDefinition, language: str) -> None:
    sheet = book.create_sheet(tr("Instructions")[:31], 0)
    lines = [
        tr("Entry template for “{title}” (form {form_id}, version {version})",
           title=definition.title, form_id=definition.form_id, version=definition.version),
        "",
        tr("1. Type one paper questionnaire per row on the “{sheet}” sheet, starting at row 2.",
           sheet=tr("Answers")),
        tr("2. Choose answers from the drop-down lists; for questions with several answers, "
           "separate them with ┋ or ; (for example 休息难;吃饭难)."),
        tr("3. Dates as 2024-05-01 or 2024/5/1. Leave a cell empty when the question was skipped."),
        tr("4. Do not change the first row: the names in [brackets] connect each column to its "
           "question."),
        tr("5. Import the file in fieldkit: Responses → Import, or `fieldkit responses import`."),
    ]
    for row, text in enumerate(lines, 1):
        if text:
            set_text(sheet, row, 1, _fit(text))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 110
