"""Benchmark: re-evaluating a form's logic after one answer changes.

Generates a 500-question form with dense logic: every question has a relevance and a
constraint, every fifth is a calculation, and each expression reads two to four earlier
questions (mostly nearby ones, as in real forms). Then changes one answer and compares

* incremental: ``DependencyGraph.affected(name)`` and evaluating only those, with
* full: evaluating every expression of the form in ``order()``,

printing the median time of each (ms) and the ratio. Both end in the same state, which
is checked. Run: ``python tests/benchmarks/bench_expr_incremental.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldkit.core.forms.expr import (  # noqa: E402
    DependencyGraph, EvalContext, evaluate, parse, to_boolean, to_string,
)

N_QUESTIONS = 500
BUDGET_MS = 16.0


def earlier(rng: random.Random, i: int, k: int) -> list[str]:
    """k distinct earlier questions, 80% from the 25 just before, 20% from anywhere."""
    chosen: set[int] = set()
    while len(chosen) < min(k, i):
        j = rng.randrange(max(0, i - 25), i) if rng.random() < 0.8 else rng.randrange(0, i)
        chosen.add(j)
    return [f"q{j}" for j in sorted(chosen)]


def generate_form(seed: int = 1) -> dict[str, dict[str, str]]:
    rng = random.Random(seed)
    form: dict[str, dict[str, str]] = {}
    for i in range(N_QUESTIONS):
        name = f"q{i}"
        attrs: dict[str, str] = {}
        if i:
            a, b, *rest = earlier(rng, i, rng.randint(2, 4)) + ["q0", "q0"]
            attrs["relevant"] = rng.choice([
                f"${{{a}}} > 3 and ${{{b}}} != ''",
                f"${{{a}}} + ${{{b}}} < 40 or selected(${{{b}}}, '2')",
                f"not(${{{a}}} = 5) and ${{{b}}} >= 0",
                f"if(${{{a}}} > 5, ${{{b}}} < 10, true())",
            ])
            if i % 5 == 0:
                refs = earlier(rng, i, 3)
                attrs["calculation"] = rng.choice([
                    " + ".join(f"${{{r}}}" for r in refs),
                    f"round(({' + '.join(f'${{{r}}}' for r in refs)}) div {len(refs)}, 1)",
                    f"if(${{{refs[0]}}} > 5, ${{{refs[-1]}}} * 2, coalesce(${{{refs[0]}}}, 0))",
                    f"max({', '.join(f'${{{r}}}' for r in refs)})",
                ])
            else:
                c = earlier(rng, i, 1)[0]
                attrs["constraint"] = rng.choice([
                    f". >= 0 and . <= ${{{c}}} + 100",
                    f"string-length(.) <= 3 or . < ${{{c}}}",
                    f". != ${{{c}}} or ${{{c}}} = ''",
                ])
        form[name] = attrs
    return form


class Runtime:
    """The minimal state a form runtime keeps: answers, relevance, constraint results."""

    def __init__(self, form: dict[str, dict[str, str]], graph: DependencyGraph) -> None:
        self.graph = graph
        self.exprs = {(q, a): parse(t) for q, attrs in form.items() for a, t in attrs.items()}
        rng = random.Random(7)
        self.values: dict[str, object] = {
            q: ("" if "calculation" in attrs else float(rng.randint(0, 12))) for q, attrs in form.items()}
        self.state: dict[tuple[str, str], object] = {}
        self.ctx = EvalContext(self.values, clock=lambda: datetime(2024, 12, 12, tzinfo=timezone.utc))

    def run(self, nodes) -> None:
        ctx, values, exprs, state = self.ctx, self.values, self.exprs, self.state
        for node in nodes:
            question, attr = node
            ctx.current = values[question]
            result = evaluate(exprs[node], ctx)
            if attr == "calculation":
                values[question] = result
            state[node] = to_boolean(result) if attr != "calculation" else result


def same(a: dict, b: dict) -> bool:
    """Equal, counting NaN as equal to NaN (results of arithmetic on empty answers)."""
    return a.keys() == b.keys() and all(to_string(a[k]) == to_string(b[k]) for k in a)


def measure(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args(argv)

    form = generate_form()
    start = time.perf_counter()
    parsed = {q: {a: parse(t) for a, t in attrs.items()} for q, attrs in form.items()}
    parse_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    graph = DependencyGraph(parsed)
    build_ms = (time.perf_counter() - start) * 1000
    assert graph.cycles() == []
    order = graph.order()
    print(f"form: {N_QUESTIONS} questions, {len(order)} expressions; "
          f"parsed in {parse_ms:.1f} ms, graph built in {build_ms:.1f} ms")

    worst = 0.0
    for changed in ("q251", "q6", "q491"):  # answered questions (every fifth is a calculation)
        assert "calculation" not in form[changed]
        live = Runtime(form, graph)
        live.run(order)  # initial evaluation
        flip = [0.0, 11.0]
        counter = [0]

        def change_and_update(live=live, changed=changed):
            counter[0] += 1
            live.values[changed] = flip[counter[0] % 2]
            live.run(graph.affected(changed))

        def change_and_evaluate_all(live=live, changed=changed):
            counter[0] += 1
            live.values[changed] = flip[counter[0] % 2]
            live.run(order)

        incremental = measure(change_and_update, args.repeats)
        full = measure(change_and_evaluate_all, args.repeats)
        # both strategies must agree on the final state
        check_a, check_b = Runtime(form, graph), Runtime(form, graph)
        check_a.run(order)
        check_b.run(order)
        check_a.values[changed] = check_b.values[changed] = 11.0
        check_a.run(graph.affected(changed))
        check_b.run(order)
        assert same(check_a.values, check_b.values) and same(check_a.state, check_b.state)
        n = len(graph.affected(changed))
        worst = max(worst, incremental)
        print(f"change {changed:>4}: affected {n:4d}/{len(order)} expressions | "
              f"incremental {incremental:7.3f} ms | full {full:7.3f} ms | "
              f"full/incremental {full / incremental:6.1f}x")
    verdict = "OK" if worst < BUDGET_MS else "OVER BUDGET"
    print(f"slowest incremental update: {worst:.3f} ms (budget {BUDGET_MS:.0f} ms, one 60 Hz frame): {verdict}")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
