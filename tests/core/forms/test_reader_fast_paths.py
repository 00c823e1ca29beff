"""Shortcuts taken for speed by the XLSForm reader must give exactly what the plain way
gives: cell texts, the cycle check, and problems for expressions repeated on many rows."""

from __future__ import annotations

import datetime as dt
import random

from fieldkit.core.forms.expr import DependencyGraph
from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.form_data import definition_data
from fieldkit.core.forms.validation import _Validator, Locator, validate
from fieldkit.core.forms.workbook import _texts, cell_text


def plain_texts(values: list[list], start: tuple[int, int]) -> list[tuple[int, list[str]]]:
    rows = []
    for offset, raw in enumerate(values):
        texts = [""] * start[1] + [cell_text(v) for v in raw]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            rows.append((start[0] + offset + 1, texts))
    return rows


def test_cell_texts_match_cell_text_one_by_one():
    rnd = random.Random(3)
    pool = ["", "", "text", "中文 (zh)", " padded ", "tab\t", "\u3000全角", "nbsp\u00a0x", "ctl\x01x", "\n",
            "a\nb", "1", 1.0, 2.5, 7, True, None, float("nan"), dt.date(2024, 1, 31), "x" * 40]
    for _ in range(300):
        width = rnd.randint(0, 6)
        values = [[rnd.choice(pool) for _ in range(width)] for _ in range(rnd.randint(0, 6))]
        if rnd.random() < 0.5:  # the common case: a sheet of clean texts
            values = [[v for v in row if isinstance(v, str) and v == cell_text(v)] for row in values]
        start = (rnd.randint(0, 2), rnd.randint(0, 2))
        expected = plain_texts([list(row) for row in values], start)
        assert _texts([list(row) for row in values], start) == expected, values


def random_form(rnd: random.Random, size: int) -> FormDefinition:
    names = [f"q{i}" for i in range(size)]
    questions, stack = [], []
    for i, name in enumerate(names):
        kind = rnd.choice(["text", "calculate", "group", "integer"])
        q = Question(type=kind, name=name if rnd.random() > 0.05 else rnd.choice(names), label={"": name}, row=i + 2)
        for field in ("relevant", "calculation", "constraint", "repeat_count"):
            if rnd.random() < 0.3:
                earlier = names[:i] if i and rnd.random() < 0.9 else names  # mostly backward, as in real forms
                picks = rnd.sample(earlier, min(len(earlier), rnd.randint(1, 2)))
                q.__dict__[field] = " + ".join("${%s}" % p for p in picks) + (" + ." if rnd.random() < 0.1 else "")
        (stack[-1].children if stack else questions).append(q)
        if kind == "group" and len(stack) < 3:
            stack.append(q)
        elif stack and rnd.random() < 0.3:
            stack.pop()
    return FormDefinition(form_id="f", questions=questions)


def test_the_forward_proof_never_hides_a_cycle():
    rnd = random.Random(5)
    proved = 0
    for _ in range(400):
        form = random_form(rnd, rnd.randint(1, 12))
        rows: dict = {}
        validator = _Validator(definition_data(form, rows), rows, Locator())
        validator.run()
        cycles = DependencyGraph(validator.graph, validator.parents).cycles() if validator.graph else []
        if validator.flows_forward:
            proved += 1
            assert not any(cycles), cycles
    assert proved > 50  # the proof does apply to many forms


def test_a_repeated_expression_is_reported_on_every_row():
    questions = [Question(type="integer", name=f"q{i}", label={"": "x"}, constraint=". >= ${nowhere}", row=i + 2)
                 for i in range(3)]
    questions.append(Question(type="integer", name="bad", label={"": "x"}, constraint=". >=", row=9))
    questions.append(Question(type="integer", name="bad2", label={"": "x"}, constraint=". >=", row=10))
    problems = validate(FormDefinition(form_id="f", questions=questions))
    assert [p.row for p in problems.errors] == [2, 3, 4, 9, 10]
