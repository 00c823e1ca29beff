"""Opening a 500-question form in the runner, against a window of 500 plain QLabel +
QLineEdit pairs (what any data-entry screen of that size must at least create).

Run: python tests/benchmarks/bench_runner_open.py [--runs 7] [--questions 500]

"runner" is from ``open_runner`` to the runner on screen with its first questions ready to
type in (the response loaded on the database thread, the form session evaluated, the first
screenful of rows built and painted). The remaining rows are built in small batches while
the person already types; "runner, all rows" is the time until every row exists, printed
for information. Both sides are measured in the same process, alternating, and the ratio
of the medians is printed (target <= 2.0).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_tmp = Path(tempfile.mkdtemp(prefix="bench-runner-"))
os.environ.setdefault("FIELDKIT_CONFIG_DIR", str(_tmp / "cfg"))
os.environ.setdefault("FIELDKIT_DATA_DIR", str(_tmp / "data"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def generated_form(questions: int):
    """A realistic long questionnaire: groups of 25 with text, numbers, dates and choices,
    some required, some with constraints or relevance."""
    from fieldkit.core.forms.model import Choice, FormDefinition, Question

    kinds = ("text", "integer", "select_one", "decimal", "text", "date", "select_multiple",
             "integer", "text", "select_one")
    groups, made = [], 0
    while made < questions:
        g = len(groups)
        children = []
        for i in range(min(25, questions - made)):
            n = made + i
            kind = kinds[n % len(kinds)]
            q = Question(type=kind, name=f"q{n}",
                         label={"English (en)": f"Question {n}: how many, how often, what?",
                                "中文 (zh)": f"第{n}题：多少、多久、什么？"},
                         hint={"English (en)": "A hint", "中文 (zh)": "提示"} if n % 4 == 0
                         else {})
            if kind.startswith("select"):
                q.list_name = "options"
            if kind == "integer":
                q.constraint = ". >= 0 and . <= 100"
            if n % 3 == 0:
                q.required = "yes"
            if n % 10 == 9 and n > 0:
                q.relevant = f"${{q{n - 1}}} != 'x'"
            children.append(q)
        made += len(children)
        groups.append(Question(type="group", name=f"g{g}",
                               label={"English (en)": f"Section {g + 1}",
                                      "中文 (zh)": f"第{g + 1}部分"}, children=children))
    options = [Choice(name=f"o{i}", label={"English (en)": f"Option {i}",
                                             "中文 (zh)": f"选项{i}"}) for i in range(1, 6)]
    return FormDefinition(form_id="bench500", title="Benchmark", version="1",
                          default_language="中文 (zh)", questions=groups,
                          choices={"options": options})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--questions", type=int, default=500)
    args = parser.parse_args()

    from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QScrollArea, QWidget

    from fieldkit.core import demo
    from fieldkit.core.executor import WorkspaceExecutor
    from fieldkit.core.forms.store import store_definition
    from fieldkit.core.store.workspace import Workspace
    from fieldkit.ui.app import create_application
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.runner import open_runner
    from fieldkit.ui.tasks import Tasks

    path = _tmp / "bench.fieldkit"
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)
        store_definition(ws, generated_form(args.questions))
    app = create_application()
    executor = WorkspaceExecutor()
    tasks = Tasks(executor)
    ws = executor.open(path).result(10)
    window = MainWindow(tasks, ws.path, ws.workspace_id)
    window.show()
    app.processEvents()

    def plain() -> float:
        start = time.perf_counter()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        form = QFormLayout(inner)
        for n in range(args.questions):
            form.addRow(QLabel(f"Question {n}: how many, how often, what?"), QLineEdit())
        scroll.setWidget(inner)
        scroll.resize(1000, 780)
        scroll.show()
        app.processEvents()
        elapsed = time.perf_counter() - start
        scroll.close()
        scroll.deleteLater()
        app.processEvents()
        return elapsed

    def runner() -> tuple[float, float]:
        start = time.perf_counter()
        r = open_runner(window, form_id="bench500")
        while r.view is None:
            app.processEvents()
        app.processEvents()
        first = time.perf_counter() - start
        while r.view._pending:
            app.processEvents()
        full = time.perf_counter() - start
        r.autosave.enabled = False
        r.close()
        r.deleteLater()
        while tasks.pending:
            app.processEvents()
        app.processEvents()
        return first, full

    plain(), runner()          # warm up: imports, fonts, the definition cache
    bases, firsts, fulls = [], [], []
    for _ in range(args.runs):
        bases.append(plain())
        first, full = runner()
        firsts.append(first)
        fulls.append(full)
    b, f, a = (statistics.median(x) for x in (bases, firsts, fulls))
    print(f"{args.questions} QLabel + QLineEdit pairs:      median {b * 1000:.0f} ms over "
          f"{args.runs} runs")
    print(f"runner, ready to type ({args.questions} questions): median {f * 1000:.0f} ms")
    print(f"runner, all rows built:               median {a * 1000:.0f} ms (for information)")
    print(f"ratio: {f / b:.2f}  (target <= 2.0); all rows: {a / b:.2f}")
    executor.shutdown()


if __name__ == "__main__":
    main()
