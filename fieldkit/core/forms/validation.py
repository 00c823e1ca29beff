"""Check a form as a whole: names, choice lists, formulas and their references.

The checks run on the form as data (``form_data``: one dict per question, holding only
its filled-in fields), as the importer reads it; ``validate`` takes a ``FormDefinition``.
They collect every problem instead of stopping at the first, so a form author
can fix a workbook in one pass. Formulas are parsed with ``fieldkit.core.forms.expr``;
syntax errors, references to questions that do not exist and circular calculations are
reported at the cell they come from (a ``Locator`` maps fields back to sheet columns).
"""

from __future__ import annotations

import difflib
import re

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.columns import Column, header_text
from fieldkit.core.forms.expr import DependencyGraph, ExpressionSyntaxError, parse
from fieldkit.core.forms.form_data import CHOICE_KINDS, Data, FormData, Rows, in_form_order
from fieldkit.core.forms.logic import EXPRESSION_FIELDS, FLAG_FIELDS, is_flag, needs_parsing, text_references, unsupported_functions
from fieldkit.core.forms.model import TEXT_FIELDS, FormDefinition
from fieldkit.core.forms.last_saved import last_saved_name
from fieldkit.core.forms.names import repeated_names, xlsform_name
from fieldkit.core.forms.parameters import ACCEPTED, unknown_parameters
from fieldkit.core.forms.problems import FormProblem, FormValidationError, Problems
from fieldkit.core.forms.question_types import DATA_TYPES, METADATA_TYPES, SELECTS, is_file_list
from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import N_

__all__ = ["validate", "validate_data", "Locator", "FormProblem", "FormValidationError"]

# XML element names (NCName): a letter or _, then letters, digits, _, - and .
_NAME = re.compile(r"^[^\W\d][\w.\-]*$")
# DependencyGraph's attribute names, where they differ from the XLSForm column's.
GRAPH_ATTRIBUTES = {"read_only": "readonly"}
# Expressions that set or hide a value: the ones a circular dependency runs through.
VALUE_FIELDS = ("calculation", "relevant", "repeat_count")
_NO_LABEL_NEEDED = {"calculate", "hidden", "group", "loop", "repeat", *METADATA_TYPES, *DATA_TYPES}
_LIST_TYPES = {*SELECTS, "loop", "osm"}  # types that name a choice list
_OWN_LIST_SHEET = {"select_one_external", "osm"}  # list types whose lists are not on "choices"
# What each field of a question dict holds, for the checks: a formula (with its
# DependencyGraph attribute name, and whether every text in it is one; else
# ``needs_parsing`` decides: flags, literal defaults), {key: text} texts that may refer to
# questions as ${name}, or the trigger (one such text); and whether a formula sets or hides
# a value (VALUE_FIELDS).
_FORMULA, _TEXTS, _TRIGGER = "formula", "texts", "trigger"
_FIELD_ROLES: dict[str, tuple] = {
    **{field: (_FORMULA, GRAPH_ATTRIBUTES.get(field, field), field not in (*FLAG_FIELDS, "default"),
               field in VALUE_FIELDS)
       for field in EXPRESSION_FIELDS},
    **{field: (_TEXTS,) for field in (*TEXT_FIELDS, "bind", "instance", "body")},
    "trigger": (_TRIGGER,),
}
_NO_EXPRESSIONS: dict[str, object] = {}  # shared by the questions without any; never changed
_NAMES = re.compile(r"(?:[^\W\d][\w.\-]*\n)*")  # _NAME, for many names, each ended by \n


class Locator:
    """Maps a field of a question (or choice, or setting) back to its sheet, column and cell.

    Built by the reader from the workbook's actual sheet names and headers; the default
    one (for definitions not read from a file) uses XLSForm's standard names.
    """

    def __init__(self, sheets: dict[str, str] | None = None,
                 columns: dict[str, dict[tuple, Column]] | None = None, settings_row: int = 0) -> None:
        self.sheets = sheets or {}
        self.columns = columns or {}
        self.settings_row = settings_row

    def where(self, kind: str, row: int, field: str, sub: str = "",
              language: str | None = None) -> tuple[str, int, str, str]:
        column = self.columns.get(kind, {}).get((field, sub, language))
        header = column.header if column else header_text(field, sub, language)
        cell = f"{column_letter(column.index)}{row}" if column and row else ""
        return self.sheets.get(kind, kind), row, header, cell


def validate(definition: FormDefinition, locator: Locator | None = None) -> Problems:
    """All problems of ``definition`` (errors reject the form; warnings do not)."""
    form = FormData.of(definition)
    return validate_data(form.data, form.rows, locator, form.questions)


def validate_data(data: Data, rows: Rows, locator: Locator | None = None,
                  questions: list[Data] | None = None) -> Problems:
    """All problems of a form given as data (see ``form_data``), ``rows`` locating them;
    ``questions``, when given, is its question dicts in form order (``in_form_order``)."""
    return _Validator(data, rows, locator or Locator()).run(questions)


class _Validator:
    def __init__(self, data: Data, rows: Rows, locator: Locator) -> None:
        self.data = data
        self.rows = rows
        self.locator = locator
        self.problems = Problems()
        self.names: dict[str, Data] = {}
        self.graph: dict[str, dict[str, object]] = {}  # name -> {graph attribute: Expression}
        self.parents: dict[str, str] = {}  # question -> enclosing group or repeat
        # Whether every edge of the value graph seen so far goes forward in form order,
        # which proves there is no cycle without building the graph (see _note_reads).
        self.flows_forward = True
        # expression text -> (unsupported functions, Expression or None, syntax error or
        # None, references): forms repeat the same constraints and relevances on many rows.
        self.parsed: dict[str, tuple] = {}
        self.sound: dict[str, object] = {}  # expression text -> Expression, for those without problems
        self.choice_lists = data.get("choices", {})
        self.ambiguous: dict[str, list[str]] = {}  # a name used in several groups -> its paths

    def run(self, questions: list[Data] | None = None) -> Problems:
        if questions is None:
            questions = in_form_order(self.data["questions"])
        self._check_names(questions)
        for q in questions:
            if q["name"] == "meta" or q["name"].endswith("/meta"):  # ODK keeps the instanceID there
                self._report(True, "survey", self.rows.get(id(q), 0), "name",
                             N_("The name “meta” is reserved for the form's metadata (such as the instanceID)."),
                             N_("Rename this {type}, for example to “meta_info”."), type=q["type"])
        for question in questions:
            self._check_question(question)
        self._check_choice_texts()
        self._check_settings()
        self._check_cycles()
        return self.problems

    # -- reporting ------------------------------------------------------------------

    def _report(self, error: bool, kind: str, row: int, field: str, msgid: str, hint: str = "", /, *,
                sub: str = "", language: str | None = None, **params) -> None:
        sheet, row, column, cell = self.locator.where(kind, row, field, sub, language)
        add = self.problems.error if error else self.problems.warn
        add(sheet, row, column, msgid, hint, cell=cell, **params)

    # -- names ----------------------------------------------------------------------

    def _check_names(self, questions: list[Data]) -> None:
        names = [q["name"] for q in questions]
        joined = "\n".join(names) + "\n"
        # The usual case, proved with a few operations over all the names at once: all
        # present, valid, different, and different in lower case too.
        if ("" not in names and joined.count("\n") == len(names) and _NAMES.fullmatch(joined)
                and len(set(names)) == len(names) and len(set(joined.lower().split("\n"))) == len(names) + 1):
            self.names = dict(zip(names, questions))
            return
        lower: dict[str, Data] = {}
        rows = self.rows
        self.ambiguous = repeated_names(names)
        for q in questions:
            name = q["name"]
            if not name:
                self._report(True, "survey", rows.get(id(q), 0), "name", N_("This question (type {type}) has no name."),
                             N_("Fill in the name column with a short unique name of letters, digits and _ (for example age)."),
                             type=q["type"])
                continue
            if not _NAME.match(xlsform_name(name)):
                self._report(True, "survey", rows.get(id(q), 0), "name", N_("The name “{name}” cannot be used."),
                             N_("A name must start with a letter or _ and contain only letters, digits, _, - and . (no spaces)."),
                             name=name)
            first = self.names.get(name)
            if first is not None:  # in the same group or repeat (see names)
                self._report(True, "survey", rows.get(id(q), 0), "name", N_("The name “{name}” is used twice (rows {first} and {row})."),
                             N_("Give every question, group and repeat a different name."),
                             name=xlsform_name(name), first=rows.get(id(first), 0), row=rows.get(id(q), 0))
                continue
            self.names[name] = q
            other = lower.setdefault(name.lower(), q)
            if other is not q:
                self._report(False, "survey", rows.get(id(q), 0), "name",
                             N_("The names “{other}” and “{name}” differ only in upper and lower case, which is easy to confuse."),
                             N_("Give the questions clearly different names."), other=other["name"], name=name)

    # -- one question ---------------------------------------------------------------

    def _check_question(self, q: Data) -> None:
        kind, row, get = q["type"], self.rows.get(id(q), 0), q.get
        if kind in _LIST_TYPES and (kind in _OWN_LIST_SHEET or get("list_name") not in self.choice_lists) \
                and not (kind in ("select_one", "select_multiple") and is_file_list(get("list_name", ""))):
            self._check_list(kind, get("list_name", ""), row)
        elif kind == "calculate" and "calculation" not in q and "default" not in q:
            self._report(True, "survey", row, "calculation", N_("The calculation “{name}” has no formula."),
                         N_("Write the formula in the calculation column."), name=q["name"])
        if "choice_filter" in q and get("or_other"):
            self._report(True, "survey", row, "choice_filter",
                         N_("A choice filter cannot be combined with “or_other”."),
                         N_("Remove “or_other” and add an “other” choice to the list instead."))
        if "label" not in q and kind not in _NO_LABEL_NEEDED and "media" not in q:
            self._report(False, "survey", row, "label", N_("The question “{name}” has no label, so it is shown without text."),
                         N_("Write the question text in the label column."), language="", name=q["name"])
        if "parameters" in q:
            from_file = kind in ("select_one", "select_multiple") and is_file_list(get("list_name", ""))
            self._check_parameters(kind + "_from_file" if from_file else kind, row, q["parameters"])
        if "default" in q and "${last-saved#" in q["default"]:
            source = last_saved_name(q["default"])
            if source is None:
                self._report(True, "survey", row, "default",
                             N_("${{last-saved#…}} can only be the whole default, such as ${{last-saved#street}}."),
                             N_("Write only ${{last-saved#name}} in the default column, with the name of a question of this form."))
            else:
                self._check_reference(row, "default", source)
        if "personal" in q and not is_flag(q["personal"]):
            self._report(True, "survey", row, "personal",
                         N_("“{value}” in the personal column is not yes or no."),
                         N_("Write yes for a question whose answers are personal data (names, "
                            "phone numbers), otherwise no or nothing."), value=q["personal"])
        parsed, sound = _NO_EXPRESSIONS, self.sound
        for field, value in q.items():  # only the fields that are set
            how = _FIELD_ROLES.get(field)
            if how is None:
                continue
            role = how[0]
            if role is _FORMULA:
                if how[2] or needs_parsing(field, value):
                    expression = sound.get(value)
                    if expression is None:
                        expression = self._parse(row, field, value)
                        if expression is None:
                            continue
                    if parsed is _NO_EXPRESSIONS:
                        parsed = {}
                    parsed[how[1]] = expression
                    if how[3] and self.flows_forward:
                        self._note_reads(expression)
            elif role is _TEXTS:
                for key, text in value.items():
                    if "${" in text:  # a cheap test before the regex: most texts refer to nothing
                        for name in text_references(text):
                            if field in TEXT_FIELDS:
                                self._check_reference(row, field, name, text=True, language=key)
                            else:
                                self._check_reference(row, field, name, text=True, sub=key)
            elif "${" in value:  # trigger
                for name in text_references(value):
                    self._check_reference(row, field, name, text=True)
        name = q["name"]
        if name and name not in self.graph:
            children = get("children")
            if children:
                if self.flows_forward and any(c["name"] in self.graph or c["name"] == name for c in children):
                    self.flows_forward = False  # a group -> a question inside it, backwards
                self.parents.update((child["name"], name) for child in children if child["name"])
            self.graph[name] = parsed

    def _check_parameters(self, kind: str, row: int, text: str) -> None:
        accepted = ACCEPTED.get(kind, ())
        for key in unknown_parameters(kind, text):
            guess = difflib.get_close_matches(key, accepted, n=1, cutoff=0.6)
            if guess:
                hint = N_("Did you mean “{suggestion}”? A {type} question takes: {accepted}.")
            else:
                hint = N_("A {type} question takes: {accepted}.")
            self._report(True, "survey", row, "parameters",
                         N_("The parameter “{key}” is not one a {type} question takes."), hint,
                         key=key, type=kind, accepted=", ".join(accepted),
                         suggestion=guess[0] if guess else "")

    def _note_reads(self, expression) -> None:
        """``flows_forward`` stays true only while every edge of the value graph of
        ``DependencyGraph.cycles()`` goes forward in form order (a name read by a
        calculation, relevance or repeat count -> that question; a group -> the questions
        inside it), so that no path can come back. Forms mostly refer to earlier
        questions; when one does not, the graph is built and decides. Called in form
        order, before the question reading ``expression`` joins ``graph``."""
        if expression.uses_current:
            self.flows_forward = False
            return
        graph, names = self.graph, self.names
        for read in expression.references:
            if read not in graph and read in names:  # this question or a later one
                self.flows_forward = False
                return

    def _check_list(self, kind: str, list_name: str, row: int) -> None:
        if kind == "select_one_external":
            sheet = "external_choices"
        elif kind == "osm":
            sheet = "osm"
        else:
            sheet = "choices"
        if list_name and list_name not in self.data.get(sheet, {}):
            self._report(True, "survey", row, "type", N_("The choice list “{list}” does not exist."),
                         N_("Add rows with list_name “{list}” to the “{sheet}” sheet, or correct the list name."),
                         list=list_name, sheet=sheet)

    # -- formulas -------------------------------------------------------------------

    def _parse(self, row: int, field: str, text: str, kind: str = "survey"):
        expression = self.sound.get(text)
        if expression is not None:  # seen before, with nothing to report
            return expression
        entry = self.parsed.get(text)
        if entry is None:
            try:
                expression = parse(text)
                entry = (unsupported_functions(text), expression, None, tuple(sorted(expression.references)))
            except ExpressionSyntaxError as exc:
                entry = (unsupported_functions(text), None, exc, ())
            self.parsed[text] = entry
        external, expression, exc, references = entry
        for function in external:
            self._report(True, kind, row, field,
                         N_("The function {function}() belongs in the appearance column, not in a formula."),
                         N_("Write {function}() in the appearance column of a select question, or use instance() or pulldata() in the formula."),
                         function=function)
        if exc is not None:
            params = dict(exc.params) if isinstance(exc, FieldkitError) else {}
            if params.get("name") in external:
                return None  # already reported above, more precisely
            msgid = exc.msgid if isinstance(exc, FieldkitError) else N_("The formula is not valid: {reason}")
            params.setdefault("reason", str(exc))
            params.setdefault("column", getattr(exc, "position", 0) + 1)
            params.setdefault("expression", text)
            self._report(True, kind, row, field, msgid,
                         N_("Check the brackets, quotes and operators of the formula; write text in straight quotes ('yes') and questions as ${{name}}."),
                         **params)
            return None
        sound = not external
        ambiguous = self.ambiguous
        for name in references:
            if name not in self.names or name in ambiguous:
                sound = False
                self._check_reference(row, field, name, kind=kind)
        if sound:
            self.sound[text] = expression
        return expression

    def _check_reference(self, row: int, field: str, name: str, text: bool = False, kind: str = "survey",
                         sub: str = "", language: str | None = None) -> None:
        paths = self.ambiguous.get(name)
        if name in self.names and not paths:
            return
        if paths:
            paths = ([name] if name in self.names else []) + paths
            self._report(True, kind, row, field,
                         N_("{reference} could mean any of the questions named “{name}”: {paths}."),
                         N_("Rename the questions so that the name is used only once in the form; only then can ${{name}} refer to it."),
                         sub=sub, language="" if language is None and field in TEXT_FIELDS else language,
                         reference="${" + name + "}", name=name, paths=", ".join("/" + p for p in paths))
            return
        msgid = (N_("The text refers to {reference}, but the form has no question named “{name}”.") if text
                 else N_("The formula refers to {reference}, but the form has no question named “{name}”."))
        guess = difflib.get_close_matches(name, list(self.names), n=1, cutoff=0.7)
        hint = N_("Did you mean {suggestion}?") if guess else N_("Correct the name, or add a question with that name.")
        if language is None and field in TEXT_FIELDS:
            language = ""
        self._report(True, kind, row, field, msgid, hint, sub=sub, language=language,
                     reference="${" + name + "}", name=name,
                     suggestion="${" + guess[0] + "}" if guess else "")

    def _check_cycles(self) -> None:
        if not self.graph or self.flows_forward:
            return
        for cycle in DependencyGraph(self.graph, self.parents).cycles():
            if not cycle:
                continue
            name, field = self._cycle_culprit(set(cycle)) or (cycle[0], "calculation")
            if name in cycle:
                start = cycle.index(name)
                path = cycle[start:] + cycle[:start] + [name]
            else:  # a group or repeat whose relevance or count reads a question inside it
                path = [name, *cycle, name]
            question = self.names.get(name)
            self._report(True, "survey", self.rows.get(id(question), 0) if question else 0, field,
                         N_("These questions depend on each other in a circle: {cycle}."),
                         N_("Change one of the formulas so that no question depends, through others, on itself."),
                         cycle=" → ".join(path))

    def _cycle_culprit(self, members: set[str]) -> tuple[str, str] | None:
        """The first formula (in form order) that closes the circle: one that sets or hides
        a value of a member (its own question's, or a container's descendants') and reads
        a member. That is the cell the author has to change."""
        for name, expressions in self.graph.items():
            for field in VALUE_FIELDS:
                expression = expressions.get(field)
                if expression is None:
                    continue
                reads = set(expression.references)
                if getattr(expression, "uses_current", False):
                    reads.add(name)
                if not reads & members:
                    continue
                question = self.names.get(name)
                produced = {q["name"] for q in in_form_order([question])} if question else {name}
                if produced & members:
                    return name, field
        return None

    # -- choices and settings -------------------------------------------------------

    def _check_choice_texts(self) -> None:
        for kind in CHOICE_KINDS:
            for choices in self.data.get(kind, {}).values():
                for choice in choices:
                    for language, text in choice.get("label", {}).items():
                        for name in text_references(text) if "${" in text else ():
                            self._check_reference(self.rows.get(id(choice), 0), "label", name, text=True,
                                                  kind=kind, language=language)

    def _check_settings(self) -> None:
        if self.data.get("instance_name"):
            self._parse(self.locator.settings_row, "instance_name", self.data["instance_name"],
                        kind="settings")
