"""Holding imported rows to the form's own rules — required answers, constraints,
relevance and calculations — with the same expression engine and form analysis as typed
data (``FormSession``'s schema), but tuned for thousands of flat rows: each expression is
evaluated once per distinct combination of the values it reads (survey answers repeat a
lot), so checking 6,000 rows costs little more than checking the distinct answers.

Failures are warnings: the user decides whether such rows go in (they arrive marked
“has issues”). Answers to questions the form skips for that row are dropped, as XLSForm
does for typed data. An answer outside the options a ``choice_filter`` leaves for that row
(a street of another district) is an error: the runner could never have produced it.
Every row is checked, rejected ones too, so the preview lists all of a row's problems.
"""

from __future__ import annotations

from itertools import repeat

from fieldkit.core.forms.expr import EvalContext, ExpressionError, evaluate, to_boolean, to_string
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.forms.session import schema_for
from fieldkit.core.forms.session_values import from_answer
from fieldkit.core.i18n import N_, current_language
from fieldkit.core.importing.problems import Label, RowProblem
from fieldkit.core.progress import CancelToken

_NOT_REQUIRED_TYPES = ("calculate", "note", "hidden", "acknowledge")
_MISS = object()


class FlatRules:
    """The rules of a form's questions outside repeats (or, with ``chain``, of the questions
    directly inside that repeat), evaluated row by row."""

    #: appended to every memo key: a repeat instance's position (``RepeatRules``)
    key_extra: tuple = ()
    positions: dict[str, int] = {}

    def __init__(self, definition: FormDefinition, language: str | None = None,
                 chain: tuple[str, ...] = ()) -> None:
        self.definition = definition
        self.language = language or current_language()
        schema = schema_for(definition)
        self.fields = {n: f for n, f in schema.fields.items() if f.chain == chain}
        self.nodes = [node for node in schema.order if node[0] in self.fields
                      and node[1] in ("relevant", "calculation", "required", "constraint",
                                      "choice_filter")]
        if chain:  # a rule reading answers of other repeat instances needs the whole response
            reach = {n for n, f in schema.fields.items()
                     if f.chain == chain[:len(f.chain)] and not f.is_repeat}
            self.nodes = [node for node in self.nodes
                          if all(r in reach for r in schema.reads[node])]
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
        key = tuple("" if r in hidden else values.get(r, "") for r in reads) + (current,) + \
            self.key_extra
        memo = self.memo[node]
        result = memo.get(key, _MISS)
        if result is _MISS:
            context = EvalContext({r: self._typed(r, "" if r in hidden else values.get(r, ""))
                                   for r in reads}, current=self._typed(name, current),
                                  positions=self.positions)
            try:
                result = evaluate(expr, context)
            except ExpressionError:
                result = None  # the form's own formula failed: treated as empty, as typed data
            if len(memo) < 100_000:
                memo[key] = result
        return result

    def _allowed(self, name: str, values: dict[str, str], hidden: set[str]) -> frozenset[str]:
        """The options ``choice_filter`` leaves for this row (once per parent answers)."""
        node = (name, "choice_filter")
        reads = self.reads[node]
        key = tuple("" if r in hidden else values.get(r, "") for r in reads) + self.key_extra
        memo = self.memo[node]
        allowed = memo.get(key)
        if allowed is None:
            field = self.fields[name]
            expr = field.exprs["choice_filter"]
            context = EvalContext({r: self._typed(r, "" if r in hidden else values.get(r, ""))
                                   for r in reads}, positions=self.positions)
            keep = set()
            for row in field.choice_rows:
                context.choice_row = row
                try:
                    if to_boolean(evaluate(expr, context)):
                        keep.add(row["name"])
                except ExpressionError:
                    keep.add(row["name"])  # the form's formula failed: nothing to hold it to
            allowed = memo[key] = frozenset(keep)
        return allowed

    def allowed(self, name: str, answers: dict[str, str]) -> frozenset[str]:
        """The options ``name``'s choice_filter leaves for these answers."""
        return self._allowed(name, answers, set())

    def check(self, answers: dict[str, str]) -> tuple[dict[str, str], list[tuple]]:
        """The final answers of one row and its problems as (question, kind, msgid, params);
        kind is relevant, required, constraint or choice_filter."""
        return self.check_many([answers])[0]

    def check_many(self, rows: list[dict[str, str]], cancel: CancelToken | None = None
                   ) -> list[tuple[dict[str, str], list[tuple]]]:
        """``check`` for many rows at once, rule by rule across all rows rather than row by
        row: each rule's distinct inputs are looked up in one pass over a column, so most
        rows cost a dictionary look-up per rule. Each row's result is what ``check`` gives."""
        count = len(rows)
        values = [dict(answers) for answers in rows]
        hidden: list[set[str] | None] = [None] * count   # None: nothing hidden in that row
        problems: list[list[tuple]] = [[] for _ in range(count)]
        required: list[set[str]] = [set(self.required_static) for _ in range(count)]
        everyone = range(count)
        # (a rule's result is most often True itself: tested first, it costs no call)
        for node in self.nodes:
            if cancel is not None:
                cancel.raise_if_cancelled()
            name, attr = node
            parent = self.parents.get(name)
            active = everyone
            if any(hidden):
                active = []
                for i in everyone:
                    gone = hidden[i]
                    if gone and (name in gone or parent in gone):
                        gone.add(name)
                    else:
                        active.append(i)
            if attr == "choice_filter":
                for i in active:
                    if values[i].get(name, ""):
                        problems[i].extend(self._filtered_out(name, values[i], hidden[i] or set()))
                continue
            results = self._evaluate_many(node, values, hidden, active)
            if attr == "relevant":
                for i, result in zip(active, results):
                    if result is not True and (result is None or not to_boolean(result)):
                        if hidden[i] is None:
                            hidden[i] = set()
                        hidden[i].add(name)
            elif attr == "calculation":
                for i, result in zip(active, results):
                    text = "" if result is None else to_string(result)
                    values[i][name] = "" if text in ("NaN", "Infinity", "-Infinity") else text
            elif attr == "required":
                for i, result in zip(active, results):
                    if result is True or (result is not None and to_boolean(result)):
                        required[i].add(name)
                    else:
                        required[i].discard(name)
            elif attr == "constraint":
                for i, result in zip(active, results):
                    if result is not True and values[i].get(name, "") != "" and \
                            (result is None or not to_boolean(result)):
                        problems[i].append((name, "constraint", *self._constraint_message(name)))
        out = []
        for answers, vals, gone, found, needed in zip(rows, values, hidden, problems, required):
            out.append(self._finish(answers, vals, gone or set(), found, needed))
        return out

    def _evaluate_many(self, node, values: list[dict[str, str]], hidden: list, active) -> list:
        """``_evaluate`` for the rows numbered in ``active``; rows with nothing hidden are
        looked up in the memo directly, by the tuple of the values the rule reads."""
        name = node[0]
        reads = self.reads[node]
        blanks = ("",) * len(reads)
        memo = self.memo[node]
        if isinstance(active, range) and not any(hidden):
            # the usual case, nothing hidden anywhere: the keys are built column by column
            chosen = values[active.start:active.stop:active.step]
            keys = list(zip(*[[vals.get(r, "") for vals in chosen] for r in (*reads, name)],
                            *map(repeat, self.key_extra)))
            out = list(map(memo.get, keys, repeat(_MISS)))
            if _MISS in out:  # worked out once per distinct key (the memo may be full)
                for j, result in enumerate(out):
                    if result is _MISS:
                        result = memo.get(keys[j], _MISS)
                        out[j] = self._evaluate(node, chosen[j], set()) if result is _MISS else result
            return out
        out = []
        for i in active:
            vals = values[i]
            if hidden[i]:
                out.append(self._evaluate(node, vals, hidden[i]))
                continue
            key = (*map(vals.get, reads, blanks), vals.get(name, ""), *self.key_extra)
            result = memo.get(key, _MISS)
            out.append(self._evaluate(node, vals, set()) if result is _MISS else result)
        return out

    def _finish(self, answers: dict[str, str], values: dict[str, str], hidden: set[str],
                problems: list[tuple], required_now: set[str]
                ) -> tuple[dict[str, str], list[tuple]]:
        if hidden:
            for name in self.fields:  # containers hide everything inside them
                if self.parents.get(name) in hidden:
                    hidden.add(name)
        if required_now:
            for name in sorted(required_now, key=lambda n: self.fields[n].order):
                if name not in hidden and values.get(name, "") == "":
                    problems.append((name, "required", *self._required_message(name)))
        if not hidden and values == answers and "" not in answers.values():
            return answers, problems  # nothing hidden, calculated or blank: the row as it is
        final = {k: v for k, v in values.items() if k not in hidden and v != ""}
        return final, problems

    def _filtered_out(self, name: str, values: dict[str, str], hidden: set[str]) -> list[tuple]:
        allowed = self._allowed(name, values, hidden)
        field = self.fields[name]
        chosen = values[name].split() if field.type.startswith("select_multiple") else \
            [values[name]]
        wrong = [c for c in chosen if c not in allowed]
        if not wrong:
            return []
        parents = [r for r in self.reads[(name, "choice_filter")] if r in self.fields]
        return [(name, "choice_filter",
                 N_("“{answer}” is not an option of “{question}” when “{parent}” is "
                    "“{parent_answer}”."),
                 {"answer": self._option_label(name, wrong[0]), "question": self.label(name),
                  "parent": [self.label(r) for r in parents],
                  "parent_answer": [self._answer_label(r, values.get(r, "")) for r in parents]})]

    def label(self, name: str) -> Label:
        question = self.fields[name].question
        return Label(question.label, self.definition.default_language, name)

    def _option_label(self, name: str, option: str) -> Label:
        for choice in self.fields[name].choices or ():
            if choice.name == option:
                return Label(choice.label, self.definition.default_language, option)
        return Label({}, "", option)

    def _answer_label(self, name: str, answer: str) -> Label | str:
        if self.fields[name].choices and answer and " " not in answer:
            return self._option_label(name, answer)
        return answer

    def _required_message(self, name: str) -> tuple[str, dict]:
        field = self.fields[name]
        if any(field.question.required_message.values()):
            return "", {"text": Label(field.question.required_message,
                                      self.definition.default_language, "")}
        return N_("This question is required."), {}

    def _constraint_message(self, name: str) -> tuple[str, dict]:
        field = self.fields[name]
        if any(field.question.constraint_message.values()):
            return "", {"text": Label(field.question.constraint_message,
                                      self.definition.default_language, "")}
        return N_("This answer is not allowed."), {}


class RepeatRules(FlatRules):
    """The rules of the questions of one repeat, for instances read from a repeat sheet.
    Each instance is checked with the answers around it (its parent row's, and theirs) in
    reach of ``${name}`` and ``..``, and its position for ``position(..)``."""

    def check_instance(self, answers: dict[str, str], outer: dict[str, str],
                       positions: dict[str, int]) -> tuple[dict[str, str], list[tuple]]:
        """The final answers of one instance (only its own) and its problems."""
        self.positions = positions
        self.key_extra = tuple(positions.values())
        merged = {**outer, **answers}
        final, problems = self.check(merged)
        own = {k: v for k, v in final.items() if k in answers or k in self.fields}
        return own, problems


def apply_rules(definition: FormDefinition, rows: list, cancel: CancelToken,
                columns: dict[str, tuple[str, str]] | None = None) -> FlatRules:
    """``columns`` maps a question to the (letter, header) of the column it came from, so a
    problem points at the cell to fix. Rejected rows are checked too (their answers are not
    changed): the preview then shows every problem of the row, not just why it was refused."""
    columns = columns or {}
    rules = FlatRules(definition)
    checked = [row for row in rows if not (
        row.status == "duplicate" or (row.status == "rejected" and not row.answers))]
    # (a blank row is refused as such, not for each question it leaves out)
    results = rules.check_many([row.answers for row in checked], cancel)
    for row, (final, problems) in zip(checked, results):
        unreadable = {p.question for p in row.problems}  # already said what is wrong there
        for name, kind, msgid, params in problems:
            if kind == "required" and name in unreadable:
                continue
            letter, header = columns.get(name, ("", ""))
            row.problems.append(RowProblem(
                row.row, letter, header, name, msgid, params, found=row.answers.get(name, ""),
                severity="error" if kind == "choice_filter" else "warning"))
        if row.status == "rejected":
            continue
        for name in row.answers if final is not row.answers else ():
            if name not in final:
                letter, header = columns.get(name, ("", ""))
                row.problems.append(RowProblem(
                    row.row, letter, header, name,
                    N_("Answered, but the form skips this question for this row; the answer "
                       "is not kept."), {}, found=row.answers[name], severity="warning"))
        row.answers = final
        if any(p.severity == "error" for p in row.problems):
            row.status = "rejected"
        elif row.problems:
            row.status = "warning"
    return rules
