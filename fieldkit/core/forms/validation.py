"""Check a form definition as a whole: names, choice lists, formulas and their references.

``validate`` collects every problem instead of stopping at the first, so a form author
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
from fieldkit.core.forms.logic import EXPRESSION_FIELDS, FLAG_FIELDS, needs_parsing, text_references, unsupported_functions
from fieldkit.core.forms.model import TEXT_FIELDS, FormDefinition, Question
from fieldkit.core.forms.problems import FormProblem, FormValidationError, Problems
from fieldkit.core.forms.question_types import METADATA_TYPES, SELECTS
from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import N_

__all__ = ["validate", "Locator", "FormProblem", "FormValidationError"]

# XML element names (NCName): a letter or _, then letters, digits, _, - and .
_NAME = re.compile(r"^[^\W\d][\w.\-]*$")
# DependencyGraph's attribute names, where they differ from the XLSForm column's.
GRAPH_ATTRIBUTES = {"read_only": "readonly"}
# Expressions that set or hide a value: the ones a circular dependency runs through.
VALUE_FIELDS = ("calculation", "relevant", "repeat_count")
_NO_LABEL_NEEDED = {"calculate", "hidden", "group", "loop", "repeat", *METADATA_TYPES}
_LIST_TYPES = {*SELECTS, "loop", "osm"}  # types that name a choice list
# Expression fields, their DependencyGraph attribute names, and whether every non-empty
# text in them is an expression (else ``needs_parsing`` decides: flags, literal defaults).
_GRAPH_FIELDS = tuple((field, GRAPH_ATTRIBUTES.get(field, field), field not in (*FLAG_FIELDS, "default"))
                      for field in EXPRESSION_FIELDS)
# Fields whose texts may refer to questions as ${name}: {language: text} and {attribute: text}.
_TEXT_AND_ATTRIBUTE_FIELDS = (*TEXT_FIELDS, "bind", "instance", "body")


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
    return _Validator(definition, locator or Locator()).run()


def _in_form_order(questions: list[Question], out: list[Question]) -> list[Question]:
    """The questions and everything inside them, depth first, in form order (the order of
    ``FormDefinition.walk``), without a generator per question."""
    for q in questions:
        out.append(q)
        if q.children:
            _in_form_order(q.children, out)
    return out


class _Validator:
    def __init__(self, definition: FormDefinition, locator: Locator) -> None:
        self.definition = definition
        self.locator = locator
        self.problems = Problems()
        self.names: dict[str, Question] = {}
        self.graph: dict[str, dict[str, object]] = {}  # name -> {graph attribute: Expression}
        self.parents: dict[str, str] = {}  # question -> enclosing group or repeat
        # expression text -> (unsupported functions, Expression or None, syntax error or
        # None): forms repeat the same constraints and relevances on many rows.
        self.parsed: dict[str, tuple] = {}

    def run(self) -> Problems:
        questions = _in_form_order(self.definition.questions, [])
        self._check_names(questions)
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

    def _check_names(self, questions: list[Question]) -> None:
        lower: dict[str, Question] = {}
        for q in questions:
            if not q.name:
                self._report(True, "survey", q.row, "name", N_("This question (type {type}) has no name."),
                             N_("Fill in the name column with a short unique name of letters, digits and _ (for example age)."),
                             type=q.type)
                continue
            if not _NAME.match(q.name):
                self._report(True, "survey", q.row, "name", N_("The name “{name}” cannot be used."),
                             N_("A name must start with a letter or _ and contain only letters, digits, _, - and . (no spaces)."),
                             name=q.name)
            first = self.names.get(q.name)
            if first is not None:
                self._report(True, "survey", q.row, "name", N_("The name “{name}” is used twice (rows {first} and {row})."),
                             N_("Give every question, group and repeat a different name."),
                             name=q.name, first=first.row, row=q.row)
                continue
            self.names[q.name] = q
            other = lower.setdefault(q.name.lower(), q)
            if other is not q:
                self._report(False, "survey", q.row, "name",
                             N_("The names “{other}” and “{name}” differ only in upper and lower case, which is easy to confuse."),
                             N_("Give the questions clearly different names."), other=other.name, name=q.name)

    # -- one question ---------------------------------------------------------------

    def _check_question(self, q: Question) -> None:
        if q.type in _LIST_TYPES:
            self._check_list(q)
        if q.type == "calculate" and not q.calculation and not q.default:
            self._report(True, "survey", q.row, "calculation", N_("The calculation “{name}” has no formula."),
                         N_("Write the formula in the calculation column."), name=q.name)
        if q.or_other and q.choice_filter:
            self._report(True, "survey", q.row, "choice_filter",
                         N_("A choice filter cannot be combined with “or_other”."),
                         N_("Remove “or_other” and add an “other” choice to the list instead."))
        if q.type not in _NO_LABEL_NEEDED and not q.label and not q.media:
            self._report(False, "survey", q.row, "label", N_("The question “{name}” has no label, so it is shown without text."),
                         N_("Write the question text in the label column."), language="", name=q.name)
        if "search" in q.appearance and "search(" in q.appearance.replace(" ", ""):
            self._report(True, "survey", q.row, "appearance",
                         N_("The appearance “search()” takes choices from a separate file, which fieldkit does not support."),
                         N_("Put the choices on the choices sheet and remove search() from the appearance."))
        parsed: dict[str, object] = {}
        values = q.__dict__  # the fields by name: cheaper than a getattr() call for each
        for field, attribute, always in _GRAPH_FIELDS:
            text = values[field]
            if text and (always or needs_parsing(field, text)):
                expression = self._parse(q.row, field, text)
                if expression is not None:
                    parsed[attribute] = expression
        if q.name and q.name not in self.graph:
            self.graph[q.name] = parsed
            if q.children:
                self.parents.update((child.name, q.name) for child in q.children if child.name)
        # "${" in text: a cheap test before the regex, as most texts refer to nothing.
        if "${" in q.trigger:
            for name in text_references(q.trigger):
                self._check_reference(q.row, "trigger", name, text=True)
        for field in _TEXT_AND_ATTRIBUTE_FIELDS:
            texts = values[field]
            if texts:
                for key, text in texts.items():
                    if "${" in text:
                        for name in text_references(text):
                            if field in TEXT_FIELDS:
                                self._check_reference(q.row, field, name, text=True, language=key)
                            else:
                                self._check_reference(q.row, field, name, text=True, sub=key)

    def _check_list(self, q: Question) -> None:
        if q.type == "select_one_external":
            lists, sheet = self.definition.external_choices, "external_choices"
        elif q.type == "osm":
            lists, sheet = self.definition.osm, "osm"
        else:
            lists, sheet = self.definition.choices, "choices"
        if q.list_name and q.list_name not in lists:
            self._report(True, "survey", q.row, "type", N_("The choice list “{list}” does not exist."),
                         N_("Add rows with list_name “{list}” to the “{sheet}” sheet, or correct the list name."),
                         list=q.list_name, sheet=sheet)

    # -- formulas -------------------------------------------------------------------

    def _parse(self, row: int, field: str, text: str, kind: str = "survey"):
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
                         N_("The function {function}() reads data from a file outside the form, which fieldkit does not support."),
                         N_("Remove {function}() from the formula; put the data on the form's own sheets instead."),
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
        for name in references:
            if name not in self.names:
                self._check_reference(row, field, name, kind=kind)
        return expression

    def _check_reference(self, row: int, field: str, name: str, text: bool = False, kind: str = "survey",
                         sub: str = "", language: str | None = None) -> None:
        if name in self.names:
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
        if not self.graph or self._flows_forward():
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
            self._report(True, "survey", question.row if question else 0, field,
                         N_("These questions depend on each other in a circle: {cycle}."),
                         N_("Change one of the formulas so that no question depends, through others, on itself."),
                         cycle=" → ".join(path))

    def _flows_forward(self) -> bool:
        """A cheap proof that ``DependencyGraph.cycles()`` would find nothing: every edge of
        its value graph (a name read by a calculation, relevance or repeat count -> that
        question; a group -> the questions inside it) goes forward in form order, so no
        path can come back. Forms mostly refer to earlier questions; when one does not,
        the graph is built and decides."""
        order = {name: i for i, name in enumerate(self.graph)}
        for child, parent in self.parents.items():
            if order.get(child, -1) <= order[parent]:
                return False
        for name, expressions in self.graph.items():
            here = order[name]
            for field in VALUE_FIELDS:
                expression = expressions.get(field)
                if expression is None:
                    continue
                if expression.uses_current:
                    return False
                for read in expression.references:
                    if order.get(read, -1) >= here:
                        return False
        return True

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
                produced = {q.name for q in question.walk()} if question else {name}
                if produced & members:
                    return name, field
        return None

    # -- choices and settings -------------------------------------------------------

    def _check_choice_texts(self) -> None:
        for kind in ("choices", "external_choices", "osm"):
            for choices in getattr(self.definition, kind).values():
                for choice in choices:
                    for language, text in choice.label.items():
                        for name in text_references(text) if "${" in text else ():
                            self._check_reference(choice.row, "label", name, text=True, kind=kind,
                                                  language=language)

    def _check_settings(self) -> None:
        if self.definition.instance_name:
            self._parse(self.locator.settings_row, "instance_name", self.definition.instance_name,
                        kind="settings")


