"""Holding imported rows to the form's own rules — required answers, constraints,
relevance and calculations — with the same expression engine and form analysis as typed
data (``FormSession``'s schema), but tuned for thousands of flat rows: each expression is
evaluated once per distinct combination of the values it reads (survey answers repeat a
lot), so checking 6,000 rows costs little more than checking the distinct answers.

Failures are warnings: the user decides whether such rows go in (they arrive marked
“has issues”). Answers to questions the form skips for that row are dropped, as XLSForm
does for typed data.
"""

from __future__ import annotations

from fieldkit.core.forms.expr import EvalContext, ExpressionError, evaluate, to_boolean, to_string
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.forms.session import schema_for
from fieldkit.core.forms.session_values import from_answer
from fieldkit.core.i18n import N_, current_language, tr
from fieldkit.core.importing.problems import RowProblem
from fieldkit.core.progress import CancelToken

_NOT_REQUIRED_TYPES = ("calculate", "note", "hidden", "acknowledge")
_MISS = object()


class FlatRules:
    """The rules of a form's questions outside repeats, evaluated row by row."""

    def __init__(self, definition: FormDefinition, language: str | None = None) -> None:
        self.definition = definition
        self.language = language or current_language()
        schema = schema_for(definition)
        self.fields = {n: f for n, f in schema.fields.items() if not f.chain}
        self.nodes = [node for node in schema.order if node[0] in self.fields
                      and node[1] in ("relevant", "calculation", "required", "constraint")]
        self.reads = {node: schema.reads[node] for node in self.nodes}
        self.memo: dict[tuple[str, str], dict[tuple, object]] = {node: {} for node in self.nodes}
        self.parents = {n: f.parent for n, f in self.fields.items()}
        self.required_static = [n for n, f in self.fields.items()
                                if f.required and "required" not in f.exprs
                                and not f.is_container and f.type not in _NOT_REQUIRED_TYPES
                                and not f.read_only]

    def _typed(self, name: str, text: str) -> object:
        field = self.fields.get(name)
        if field is None or text == "":
            return text
        try:
            return from_answer(field.type, text)
        except (ValueError, TypeError):
            return text

    def _evaluate(self, node, values: dict[str, str], hidden: set[str]) -> object:
        name, attr = node
        reads = self.reads[node]
        expr = self.fields[name].exprs[attr]
        current = "" if name in hidden else values.get(name, "")
        key = tuple("" if r in hidden else values.get(r, "") for r in reads) + (current,)
        memo = self.memo[node]
        result = memo.get(key, _MISS)
        if result is _MISS:
            context = EvalContext({r: self._typed(r, "" if r in hidden else values.get(r, ""))
                                   for r in reads}, current=self._typed(name, current))
            try:
                result = evaluate(expr, context)
            except ExpressionError:
                result = None  # the form's own formula failed: treated as empty, as typed data
            if len(memo) < 100_000:
                memo[key] = result
        return result

    def check(self, answers: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
        """The final answers of one row and its problems as (question, kind, message)."""
        values = dict(answers)
        hidden: set[str] = set()
        problems: list[tuple[str, str, str]] = []
        required_now: set[str] = set(self.required_static)
        for node in self.nodes:
            name, attr = node
            parent = self.parents.get(name)
            if name in hidden or (parent in hidden):
                hidden.add(name)
                continue
            result = self._evaluate(node, values, hidden)
            if attr == "relevant":
                if result is None or not to_boolean(result):
                    hidden.add(name)
            elif attr == "calculation":
                text = "" if result is None else to_string(result)
                values[name] = "" if text in ("NaN", "Infinity", "-Infinity") else text
            elif attr == "required":
                if result is not None and to_boolean(result):
                    required_now.add(name)
                else:
                    required_now.discard(name)
            elif attr == "constraint" and values.get(name, "") != "":
                if result is None or not to_boolean(result):
                    problems.append((name, "constraint", self._constraint_message(name)))
        if hidden:
            for name in self.fields:  # containers hide everything inside them
                if self.parents.get(name) in hidden:
                    hidden.add(name)
        if required_now:
            for name in sorted(required_now, key=lambda n: self.fields[n].order):
                if name not in hidden and values.get(name, "") == "":
                    problems.append((name, "required", self._required_message(name)))
        if not hidden and values == answers and "" not in answers.values():
            return answers, problems  # nothing hidden, calculated or blank: the row as it is
        final = {k: v for k, v in values.items() if k not in hidden and v != ""}
        return final, problems

    def _required_message(self, name: str) -> str:
        field = self.fields[name]
        return pick_text(field.question.required_message, self.language,
                         self.definition.default_language) or tr(N_("This question is required."))

    def _constraint_message(self, name: str) -> str:
        field = self.fields[name]
        return pick_text(field.question.constraint_message, self.language,
                         self.definition.default_language) or tr(N_("This answer is not allowed."))


def apply_rules(definition: FormDefinition, rows: list, cancel: CancelToken,
                columns: dict[str, tuple[str, str]] | None = None) -> None:
    """``columns`` maps a question to the (letter, header) of the column it came from, so a
    problem points at the cell to fix."""
    columns = columns or {}
    rules = FlatRules(definition)
    for count, row in enumerate(rows, 1):
        if row.status == "rejected":
            continue
        if count % 200 == 0:
            cancel.raise_if_cancelled()
        final, problems = rules.check(row.answers)
        for name, _kind, message in problems:
            letter, header = columns.get(name, ("", ""))
            row.problems.append(RowProblem(row.row, letter, header, name, "", {"text": message},
                                           found=row.answers.get(name, ""), severity="warning"))
        for name in row.answers if final is not row.answers else ():
            if name not in final:
                letter, header = columns.get(name, ("", ""))
                row.problems.append(RowProblem(
                    row.row, letter, header, name,
                    N_("Answered, but the form skips this question for this row; the answer "
                       "is not kept."), {}, found=row.answers[name], severity="warning"))
        row.answers = final
        if row.problems:
            row.status = "warning"
