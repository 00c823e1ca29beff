"""Benchmark: one answer changed in a dense 500-question form, through FormSession.

The form is the one ``bench_expr_incremental.py`` generates (every question has a
relevance and a constraint, every fifth is a calculation, each formula reads two to four
earlier questions), built as a FormDefinition with integer questions and a repeat of
ten instances whose questions read the main part and are summed outside it.

Compares, per change, ``session.set()`` (incremental: only the dependents of the changed
answer, via DependencyGraph.affected) with ``session.recalculate()`` (every formula of
the form), measured in the same run, and prints the median times and their ratio.
Run: ``python tests/benchmarks/bench_session.py [--repeats N]``. Target: set() well
under 16 ms (one 60 Hz frame).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_expr_incremental import N_QUESTIONS, generate_form  # noqa: E402

from fieldkit.core.forms.model import FormDefinition, Question  # noqa: E402
from fieldkit.core.forms.session import FormSession  # noqa: E402

BUDGET_MS = 16.0
REPEAT_INSTANCES = 10


def dense_form(seed: int = 1) -> FormDefinition:
    """A 500-question form with dense logic, plus a repeat summed outside it."""
    questions = []
    for name, attrs in generate_form(seed).items():
        if "calculation" in attrs:
            questions.append(Question("calculate", name, relevant=attrs.get("relevant", ""),
                                      calculation=attrs["calculation"]))
        else:
            questions.append(Question("integer", name, label={"": f"Question {name}"},
                                      relevant=attrs.get("relevant", ""),
                                      constraint=attrs.get("constraint", ""),
                                      constraint_message={"": "Out of range"}))
    inner = [
        Question("integer", "r_count", label={"": "Count"}, constraint=". >= 0 and . <= ${q10} + 100"),
        Question("calculate", "r_double", calculation="${r_count} * 2 + ${q20}"),
        Question("note", "r_note", label={"": "Double is ${r_double}"}, relevant="${r_double} > 10"),
    ]
    questions.append(Question("repeat", "rep", label={"": "Entries"}, children=inner))
    questions.append(Question("calculate", "rep_total", calculation="sum(${r_double})"))
    return FormDefinition("dense", questions=questions)


def measure(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build_session(definition: FormDefinition) -> FormSession:
    session = FormSession(definition, clock=lambda: datetime(2024, 12, 12, tzinfo=timezone.utc))
    for i in range(N_QUESTIONS):
        if definition.questions[i].type == "integer":
            session.set((f"q{i}",), (i * 7) % 12)
    for k in range(REPEAT_INSTANCES):
        session.add_repeat(("rep",))
        session.set(("rep", k, "r_count"), k)
    return session


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args(argv)

    definition = dense_form()
    start = time.perf_counter()
    session = build_session(definition)
    print(f"form: {N_QUESTIONS} questions + a repeat of {REPEAT_INSTANCES}; "
          f"{len(session.schema.order)} formulas; session built and filled in "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
    full = measure(session.recalculate, max(5, args.repeats // 5))
    # visible answered questions: the one with the most dependents, and a middle and a late one
    answered = [(f"q{i}",) for i in range(N_QUESTIONS)
                if definition.questions[i].type == "integer" and session.item((f"q{i}",)).visible]
    busiest = max(answered, key=lambda p: len(session.schema.affected(p[0])))
    paths = [busiest, answered[len(answered) // 2], answered[-1], ("rep", 3, "r_count")]
    worst = 0.0
    for path in paths:
        flip = [0, 11]
        counter = [0]

        def change(path=path):
            counter[0] += 1
            session.set(path, flip[counter[0] % 2])

        before = session.evaluations
        incremental = measure(change, args.repeats)
        evaluations = (session.evaluations - before) / args.repeats
        affected = len(session.schema.affected(path[-1]))
        worst = max(worst, incremental)
        print(f"set {'/'.join(map(str, path)):>14}: {affected:4d} formulas affected, "
              f"{evaluations:6.1f} evaluations per change | "
              f"incremental {incremental:7.3f} ms | full recalculation {full:7.3f} ms | "
              f"ratio {full / incremental:6.1f}x")
    verdict = "OK" if worst < BUDGET_MS else "OVER BUDGET"
    print(f"slowest set(): {worst:.3f} ms (budget {BUDGET_MS:.0f} ms, one 60 Hz frame): {verdict}")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
