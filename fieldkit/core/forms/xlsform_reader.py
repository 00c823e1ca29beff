"""Read an XLSForm workbook (.xlsx, .xls, .ods) into a ``FormDefinition``.

``read_form`` reads it into the data that is stored (``form_data``), which is all an
import needs; ``read_xlsform`` builds the ``FormDefinition`` from that data. Either
returns a complete, validated form (with non-fatal ``warnings``) or raises:
``WorkbookError`` when the file is not a readable spreadsheet, ``FormValidationError``
listing every problem of the form at once. Nothing is returned half-read. Sheet and
column names are matched case-insensitively; blank rows, rows with no type (comment
rows) and columns fieldkit does not know are tolerated, the latter kept so that
``write_xlsform`` can write the form back without loss.
"""

from __future__ import annotations

import difflib
from itertools import compress
from pathlib import Path

from fieldkit.core.forms.columns import SETTINGS_FIELDS, normalise
from fieldkit.core.forms.logic import EXPRESSION_FIELDS, is_dynamic_default, straighten_quotes
from fieldkit.core.forms.form_data import Data, FormData, Rows, definition_from_data
from fieldkit.core.forms.model import FORMAT_VERSION, FormDefinition
from fieldkit.core.forms.names import qualify_paths, qualify_repeated_names, root_name
from fieldkit.core.forms.problems import FormValidationError, Problems, sort_key
from fieldkit.core.forms.question_types import LEGACY_TYPES, ParsedType, known_type_names, parse_type
from fieldkit.core.forms.sheets import Row, Table, read_table, require_columns
from fieldkit.core.forms.validation import Locator, validate_data
from fieldkit.core.forms.workbook import RawSheet, read_workbook
from fieldkit.core.gc_pause import gc_paused
from fieldkit.core.i18n import N_

__all__ = ["read_xlsform", "read_form", "FormValidationError"]

CHOICE_SHEETS = ("choices", "external_choices", "osm")
# Real forms nest groups a few levels deep; a limit keeps every walk of the tree (and the
# stored JSON) well within Python's recursion limit and orjson's depth limit.
MAX_NESTING = 100
KNOWN_SHEETS = ("survey", *CHOICE_SHEETS, "settings")


def read_xlsform(path: str | Path) -> FormDefinition:
    """Read and validate the XLSForm at ``path``."""
    form = read_form(path)
    definition = definition_from_data(form.data, form.rows)
    definition.warnings = form.warnings
    return definition


def read_form(path: str | Path) -> FormData:
    """Read and validate the XLSForm at ``path`` into data; raises as ``read_xlsform``."""
    path = Path(path)
    with gc_paused():
        return _Reader(path, read_workbook(path)).read()


class _Reader:
    def __init__(self, path: Path, sheets: list[RawSheet]) -> None:
        self.path = path
        self.sheets = sheets
        self.problems = Problems()
        self.tables: dict[str, Table] = {}
        self.rows: Rows = {}
        self.in_order: list[Data] = []  # the question dicts as they are made: in form order

    # -- sheets ---------------------------------------------------------------------

    def read(self) -> FormData:
        named, others = self._classify_sheets()
        for kind, raw in named.items():
            self.tables[kind] = read_table("choices" if kind in CHOICE_SHEETS else kind, raw, self.problems)
        data = self._settings(self.tables.get("settings"))
        data["questions"] = self._survey(self.tables.get("survey"))
        repeated = qualify_repeated_names(data["questions"], self.in_order)
        if repeated:
            qualify_paths(self.in_order, repeated, root_name(data["settings"]))
        for kind in CHOICE_SHEETS:
            lists = self._choices(self.tables.get(kind), data["settings"])
            if lists or kind == "choices":
                data[kind] = lists
        if others:
            data["extra_sheets"] = {raw.name: _grid(raw) for raw in others}
        settings = self.tables.get("settings")
        locator = Locator(
            {kind: t.sheet for kind, t in self.tables.items()},
            {kind: {(c.field, c.sub, c.language): c for c in t.columns} for kind, t in self.tables.items()},
            settings_row=settings.rows[0].number if settings and settings.rows else 0,
        )
        found = validate_data(data, self.rows, locator, self.in_order)
        self.problems.errors.extend(found.errors)
        self.problems.warnings.extend(found.warnings)
        order = {raw.name: i for i, raw in enumerate(self.sheets)}
        if self.problems.errors:
            errors = sorted(self.problems.errors, key=lambda p: sort_key(p, order))
            raise FormValidationError(errors, file=self.path.name)
        return FormData(data, self.rows, sorted(self.problems.warnings, key=lambda p: sort_key(p, order)),
                        self.in_order)

    def _classify_sheets(self) -> tuple[dict[str, RawSheet], list[RawSheet]]:
        named: dict[str, RawSheet] = {}
        others: list[RawSheet] = []
        for raw in self.sheets:
            key = raw.name.strip().lower()
            if key in KNOWN_SHEETS and key not in named:
                named[key] = raw
            elif key in KNOWN_SHEETS:
                self.problems.error(raw.name, 0, "", N_("The workbook has two sheets named “{sheet}”."),
                                    N_("Delete or rename one of them."), sheet=raw.name)
            else:
                others.append(raw)
        if "survey" not in named:
            if len(self.sheets) == 1:
                named["survey"] = others.pop()
                self.problems.warn(named["survey"].name, 0, "",
                                   N_("There is no sheet named “survey”; the only sheet, “{sheet}”, was read as the survey."),
                                   N_("Rename the sheet to “survey”."), sheet=named["survey"].name)
            else:
                self.problems.error("", 0, "", N_("The workbook has no “survey” sheet."),
                                    N_("Put the questions on a sheet named “survey”, as XLSForm requires."))
        for raw in others:
            name = raw.name.strip().lower()
            suggestion = (difflib.get_close_matches(name, KNOWN_SHEETS, n=1, cutoff=0.75) or [""])[0]
            if name == "entities":
                self.problems.warn(raw.name, 0, "", N_("Entities (the “{sheet}” sheet) are not supported by fieldkit; the sheet is kept but has no effect."),
                                   sheet=raw.name)
            else:
                self.problems.warn(raw.name, 0, "", N_("The sheet “{sheet}” is not an XLSForm sheet and was kept unchanged, but not read."),
                                   N_("If it is meant to be the “{suggestion}” sheet, correct its name.") if suggestion else "",
                                   sheet=raw.name, suggestion=suggestion)
        return named, others

    # -- settings -------------------------------------------------------------------

    def _settings(self, table: Table | None) -> Data:
        values: dict[str, str] = {}
        extras: dict[str, str] = {}
        if table is not None and table.rows:
            first = table.rows[0]
            for column, value in first.cells:
                if column.field in SETTINGS_FIELDS:
                    values[column.field] = value
                else:
                    extras[column.header] = value
            if len(table.rows) > 1:
                self.problems.warn(table.sheet, table.rows[1].number, "",
                                   N_("Only the first row below the headers of the settings sheet is used; this row was ignored."),
                                   N_("Put all settings in one row."))
        form_id = values.get("form_id") or self.path.stem
        return {
            "format": FORMAT_VERSION, "form_id": form_id, "title": values.get("form_title") or form_id,
            "version": values.get("version", ""), "default_language": values.get("default_language", ""),
            "instance_name": straighten_quotes(values.get("instance_name", "")),
            "public_key": values.get("public_key", ""), "settings": extras,
        }

    # -- survey ---------------------------------------------------------------------

    def _survey(self, table: Table | None) -> list[Data]:
        if table is None:
            return []
        if not require_columns(table, ("type", "name"), self.problems):
            return []
        self._warn_unused_columns(table)
        plan = _question_plan(table)
        # Where the type and name are, when each has one column (else Row.get decides).
        by_field = table.rows[0].layout.by_field if table.rows else {}
        type_at, name_at = (by_field[f][0] if len(by_field.get(f, ())) == 1 else -1 for f in ("type", "name"))
        top: list[Data] = []
        stack: list[Data] = []
        for row in table.rows:
            values = row.values
            if type_at < 0:
                type_text = row.get("type")
            else:
                type_text = values[type_at] if type_at < len(values) else ""
            if not type_text:
                if row.get("name") or any(c.field == "label" for c, _ in row.cells):
                    self._error(table, row, "type", N_("This row has a name or label but no type."),
                                N_("Fill in the type column (for example text, integer or select_one LIST), or delete the row."))
                continue  # a blank or comment row
            parsed = parse_type(type_text)
            if parsed.problem:
                self._type_problem(table, row, parsed, type_text)
                if parsed.problem == "include":
                    continue
                # Keep the question so that references to it do not add follow-on errors.
                parsed = ParsedType(parsed.type, parsed.list_name, parsed.or_other, edge=parsed.edge)
            if parsed.edge == "end":
                self._close(table, row, parsed, stack)
                continue
            if name_at < 0:
                name = row.get("name")
            else:
                name = values[name_at] if name_at < len(values) else ""
            if not name and parsed.type == "note":
                # pyxform names a note without a name after its row, and so does ODK's
                # data: the same name keeps its answers' columns the same in both.
                name = f"generated_note_name_{row.number}"
            question = self._question(table, row, parsed, plan, name)
            self.in_order.append(question)
            if stack:  # "children" only once there are some, as in the stored data
                stack[-1].setdefault("children", []).append(question)
            else:
                top.append(question)
            if parsed.edge == "begin":
                if len(stack) == MAX_NESTING:
                    self._error(table, row, "type", N_("Groups and repeats are nested more than {limit} deep here."),
                                N_("Close the groups (end_group) you no longer need before opening new ones."),
                                limit=MAX_NESTING)
                    return top  # the form is refused: what is nested deeper need not be read
                stack.append(question)
        for open_container in stack:
            self._unclosed(table, open_container)
        return top

    def _unclosed(self, table: Table, container: Data) -> None:
        row = self.rows[id(container)]
        self.problems.error(table.sheet, row, self._header(table, "type"),
                            N_("“begin {kind}” {name} has no matching “end {kind}”."),
                            N_("Add an “end {kind}” row after the last question of the {kind}."),
                            cell=self._cell(table, "type", row), kind=container["type"], name=container["name"])

    def _close(self, table: Table, row: Row, parsed: ParsedType, stack: list[Data]) -> None:
        if not any(q["type"] == parsed.type for q in stack):
            self._error(table, row, "type", N_("“end {kind}” has no matching “begin {kind}” above it."),
                        N_("Delete this row, or add the missing “begin {kind}” row."), kind=parsed.type)
            return
        while stack[-1]["type"] != parsed.type:
            self._unclosed(table, stack.pop())
        stack.pop()

    def _type_problem(self, table: Table, row: Row, parsed: ParsedType, text: str) -> None:
        if parsed.problem == "include":
            self._error(table, row, "type",
                        N_("The type “include” (inserting another form here) is not supported; this section has not been included."),
                        N_("Copy the questions of the other form into this sheet instead of using include."))
        elif parsed.problem == "file_suffix":
            self._error(table, row, "type",
                        N_("The type “{type}” needs a file ending in .csv, .xml or .geojson, not “{file}”."),
                        N_("Write the name of the attached file after the type, for example “{type} sites.csv”."),
                        type=parsed.type, file=parsed.list_name)
        elif parsed.problem == "list_missing":
            example = "begin loop over yes_no" if parsed.type == "loop" else f"{parsed.type} yes_no"
            self._error(table, row, "type", N_("The type “{type}” needs the name of a choice list."),
                        N_("Write the list name after the type, for example “{example}”."),
                        type=parsed.type, example=example)
        else:
            guess = difflib.get_close_matches(text.split()[0], known_type_names(), n=1, cutoff=0.6)
            if guess:
                self._error(table, row, "type", N_("Unknown question type: {type}"),
                            N_("Did you mean “{suggestion}”?"), type=text, suggestion=guess[0])
            else:
                self._error(table, row, "type", N_("Unknown question type: {type}"),
                            N_("Use one of the XLSForm types, for example text, integer, decimal, date, select_one LIST, select_multiple LIST, note or calculate."),
                            type=text)

    def _question(self, table: Table, row: Row, parsed: ParsedType, plan: list[tuple],
                  question_name: str) -> Data:
        """The question of a row as data: its type and name, and only the fields that
        are filled in (see ``form_data``)."""
        question: Data = {"type": parsed.type, "name": question_name}
        if parsed.list_name:
            question["list_name"] = parsed.list_name
        if parsed.or_other:
            question["or_other"] = True
        self.rows[id(question)] = row.number
        for (how, name, key), value in compress(zip(plan, row.values), row.values):  # non-empty cells
            if how is _INTO:
                texts = question.get(name)
                if texts is None:
                    question[name] = {key: value}
                else:
                    texts[key] = value
            elif how is _EXPRESSION:  # straighten_quotes, without a call for the usual ASCII text
                question[name] = value if value.isascii() else straighten_quotes(value)
            elif how is _TEXT:
                question[name] = value
            elif how is _DEFAULT:
                question[name] = straighten_quotes(value) if is_dynamic_default(value) else value
            elif how is _MEDIA:
                question.setdefault("media", {}).setdefault(name, {})[key] = value
        if parsed.legacy:
            _type, constraint, hint = LEGACY_TYPES[parsed.legacy]
            if constraint and not question.get("constraint"):
                question["constraint"] = constraint
            if hint and not question.get("hint"):
                question["hint"] = {"": hint}
            self.problems.warn(table.sheet, row.number, self._header(table, "type"),
                               N_("The old type “{old}” was read as “{new}” with its built-in check."),
                               N_("Write “{new}” in the type column to avoid this message."),
                               cell=self._cell(table, "type", row.number), old=parsed.legacy, new=parsed.type)
        return question

    def _warn_unused_columns(self, table: Table) -> None:
        for column in table.columns:
            if column.field in ("bind", "instance", "body", "extra"):
                self.problems.warn(table.sheet, table.header_row, column.header,
                                   N_("fieldkit keeps the column “{column}” with the form but does not use it."),
                                   cell=table.cell(column, table.header_row), column=column.header)

    # -- choices --------------------------------------------------------------------

    def _choices(self, table: Table | None, settings: dict[str, str]) -> dict[str, list[Data]]:
        lists: dict[str, list[Data]] = {}
        if table is None or not table.rows:
            return lists
        if not require_columns(table, ("list_name", "name"), self.problems):
            return lists
        duplicates_allowed = any(normalise(key) == "allow_choice_duplicates"
                                 and value.strip().lower() in ("yes", "true", "true()")
                                 for key, value in settings.items())
        first_row: dict[tuple[str, str], int] = {}
        for row in table.rows:
            list_name, name = row.get("list_name"), row.get("name")
            if not list_name:
                if name or any(c.field == "label" for c, _ in row.cells):
                    # No question can offer it; pyxform and ODK skip it too.
                    self.problems.warn(table.sheet, row.number, self._header(table, "list_name"),
                                       N_("This choice has no list name, so no question offers it; the row was skipped."),
                                       N_("Fill in the list_name column, or delete the row."),
                                       cell=self._cell(table, "list_name", row.number))
                continue  # otherwise a comment row
            if not name:
                self._error(table, row, "name", N_("This choice of the list “{list}” has no name."),
                            N_("Fill in the name column with the value to store, for example 1 or yes."), list=list_name)
                continue
            if (list_name, name) in first_row and not duplicates_allowed:
                self._error(table, row, "name", N_("The list “{list}” has the choice “{name}” twice (rows {first} and {row})."),
                            N_("Give each choice of a list a different name, or set allow_choice_duplicates to yes on the settings sheet."),
                            list=list_name, name=name, first=first_row[(list_name, name)], row=row.number)
                continue
            first_row.setdefault((list_name, name), row.number)
            choice: Data = {"name": name}
            self.rows[id(choice)] = row.number
            for column, value in row.cells:
                if column.field == "label":
                    choice.setdefault("label", {})[column.language or ""] = value
                elif column.field == "media":
                    choice.setdefault("media", {}).setdefault(column.sub, {})[column.language or ""] = value
                elif column.field not in ("list_name", "name"):
                    choice.setdefault("extras", {})[column.header] = value
            lists.setdefault(list_name, []).append(choice)
        return lists

    # -- helpers --------------------------------------------------------------------

    def _header(self, table: Table, name: str) -> str:
        column = table.column(name)
        return column.header if column else name

    def _cell(self, table: Table, name: str, row: int) -> str:
        return table.cell(table.column(name), row)

    def _error(self, table: Table, row: Row, column: str, msgid: str, hint: str = "", /, **params) -> None:
        self.problems.error(table.sheet, row.number, self._header(table, column), msgid, hint,
                            cell=self._cell(table, column, row.number), **params)


# How a survey column's value goes into a Question (see _question_plan).
_SKIP, _INTO, _EXPRESSION, _TEXT, _DEFAULT, _MEDIA = "skip", "into", "expression", "text", "default", "media"


def _question_plan(table: Table) -> list[tuple[str, str, str]]:
    """For each column position of a survey table: how its value is stored on a Question,
    as (how, attribute or media kind, dict key); skipped where there is no header. Worked
    out once per column rather than once per cell."""
    plan = [(_SKIP, "", "")] * (max((c.index for c in table.columns), default=-1) + 1)
    for column in table.columns:
        name = column.field
        if name in ("type", "name"):
            how = (_SKIP, "", "")
        elif column.language is not None and name != "media":
            how = (_INTO, name, column.language)
        elif name == "media":
            how = (_MEDIA, column.sub, column.language or "")
        elif name in ("bind", "instance", "body"):
            how = (_INTO, name, column.sub)
        elif name == "extra":
            how = (_INTO, "extras", column.header)
        elif name == "default":
            how = (_DEFAULT, name, "")
        elif name in EXPRESSION_FIELDS:
            how = (_EXPRESSION, name, "")
        else:
            how = (_TEXT, name, "")
        plan[column.index] = how
    return plan


def _grid(raw: RawSheet) -> list[list[str]]:
    """A sheet fieldkit does not read, as rows of text from row 1, for writing back."""
    if not raw.rows:
        return []
    grid: list[list[str]] = [[] for _ in range(raw.rows[-1][0])]
    for number, cells in raw.rows:
        grid[number - 1] = list(cells)
    return grid
