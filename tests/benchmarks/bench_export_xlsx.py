"""Exporting 50,000 responses x 80 questions to .xlsx (fieldkit's whole export: reading the
workspace, decoding answers, labels, a 0/1 column per option, text kept as text, the
atomic write) against openpyxl's write-only mode writing the same cells from a list that is
already in memory (the least work anyone could do to produce that sheet).

Run: python tests/benchmarks/bench_export_xlsx.py [--responses 50000] [--questions 80]
[--rounds 1]. Target ratio <= 1.3; peak memory (maximum resident set of the process that
exports) <= 500 MB. Each side runs in its own child process, alternating, so neither
inherits the other's memory; the output of both is compared cell by cell on a sample.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

OPTIONS = ["休息难", "吃饭难", "喝水难", "如厕难", "暑期托管难"]
WORDS = ["食堂饭菜太贵", "宿舍空调坏了", "希望多组织技能培训", "夜班太多", "工资按时发放",
         "班车太少", "想参加学历提升", "工地离家远"]


def kinds(questions: int) -> list[str]:
    cycle = ["select_one", "select_one", "integer", "text", "select_multiple", "decimal",
             "date", "text"]
    return [cycle[i % len(cycle)] for i in range(questions)]


def build(folder: Path, responses: int, questions: int) -> Path:
    from fieldkit.core.forms.store import import_form
    from fieldkit.core.store.workspace import Workspace, canonical_json

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)"])
    for i, kind in enumerate(kinds(questions)):
        qtype = f"{kind} opts" if kind.startswith("select") else kind
        survey.append([qtype, f"q{i + 1}", f"第{i + 1}题 您的情况"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)"])
    for n, label in enumerate(OPTIONS, 1):
        choices.append(["opts", f"o{n}", label])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["bench", "导出基准", "1", "中文 (zh)"])
    book.save(folder / "form.xlsx")
    path = folder / "bench.fieldkit"
    rng = random.Random(7)
    with Workspace.open(path, create=True) as ws:
        record = import_form(ws, folder / "form.xlsx").record_id
        rows = []
        for r in range(responses):
            answers = {}
            for i, kind in enumerate(kinds(questions)):
                name = f"q{i + 1}"
                if rng.random() < 0.1:
                    continue
                if kind == "select_one":
                    answers[name] = f"o{rng.randint(1, 5)}"
                elif kind == "select_multiple":
                    answers[name] = " ".join(f"o{n}" for n in sorted(rng.sample(range(1, 6), 2)))
                elif kind == "integer":
                    answers[name] = str(rng.randint(0, 60))
                elif kind == "decimal":
                    answers[name] = str(round(rng.uniform(0, 12), 1))
                elif kind == "date":
                    answers[name] = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                else:
                    answers[name] = f"{rng.choice(WORDS)}{r}"
            rows.append({"form_record_id": record, "form_id": "bench", "form_version": "1",
                         "status": "complete", "started_at": f"2024-06-01T08:{r % 60:02d}:00+08:00",
                         "finished_at": "2024-06-01T09:00:00+08:00",
                         "answers": canonical_json(answers)})
            if len(rows) == 5000:
                with ws.transaction():
                    ws.insert_many("responses", rows)
                rows = []
        if rows:
            with ws.transaction():
                ws.insert_many("responses", rows)
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ours(path: str, out: str) -> dict:
    from fieldkit.core.exports.run import export_responses
    from fieldkit.core.responses.query import ResponseFilter
    from fieldkit.core.store.workspace import Workspace

    with Workspace.open(path) as ws:
        started = time.perf_counter()
        result = export_responses(ws, ResponseFilter("bench"), out)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb(), "responses": result.responses}


def child_baseline(path: str, out: str) -> dict:
    """The same cells (built by fieldkit beforehand, untimed) written by openpyxl alone."""
    from fieldkit.core.exports.layout import build_layout
    from fieldkit.core.exports.rows import RowBuilder
    from fieldkit.core.responses.export_rows import form_versions, iter_matching
    from fieldkit.core.responses.query import ResponseFilter
    from fieldkit.core.store.workspace import Workspace

    with Workspace.open(path) as ws:
        layout = build_layout("bench", form_versions(ws, "bench"))
        builder = RowBuilder(layout)
        table = layout.tables[0]
        rows = [[c.label for c in table.columns], [c.key for c in table.columns]]
        for chunk in iter_matching(ws, ResponseFilter("bench")):
            rows.extend(builder.response(row)[0] for row in chunk)
    started = time.perf_counter()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("bench")
    for row in rows:
        sheet.append(row)
    book.save(out)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def run_child(kind: str, path: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(out)],
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{kind} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def same_cells(ours: Path, base: Path, sample: int = 200) -> None:
    a = openpyxl.load_workbook(ours, read_only=True).worksheets[1]
    b = openpyxl.load_workbook(base, read_only=True).worksheets[0]
    for n, (x, y) in enumerate(zip(a.iter_rows(values_only=True), b.iter_rows(values_only=True))):
        assert list(x) == list(y), (n, x, y)
        if n >= sample:
            break


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--questions", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "WORKSPACE", "OUT"))
    args = parser.parse_args()
    if args.child:
        kind, path, out = args.child
        print(json.dumps((child_ours if kind == "ours" else child_baseline)(path, out)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        path = build(folder, args.responses, args.questions)
        print(f"workspace: {args.responses} responses x {args.questions} questions "
              f"built in {time.perf_counter() - started:.1f} s")
        base, mine = [], []
        for _ in range(args.rounds):
            base.append(run_child("baseline", path, folder / "base.xlsx"))
            mine.append(run_child("ours", path, folder / "ours.xlsx"))
        assert mine[-1]["responses"] == args.responses
        rows = sum(1 for _ in openpyxl.load_workbook(folder / "ours.xlsx", read_only=True)
                   .worksheets[1].iter_rows())
        assert rows == args.responses + 2, rows
        same_cells(folder / "ours.xlsx", folder / "base.xlsx")
        b = statistics.median(r["seconds"] for r in base)
        m = statistics.median(r["seconds"] for r in mine)
        peak = max(r["peak_mb"] for r in mine)
        print(f"openpyxl write-only from a list: {b:.1f} s (peak {base[-1]['peak_mb']:.0f} MB)")
        print(f"fieldkit export_responses:       {m:.1f} s")
        print(f"ratio {m / b:.2f} (target <= 1.3)")
        print(f"peak memory of the export: {peak:.0f} MB (target <= 500 MB)")


if __name__ == "__main__":
    main()
