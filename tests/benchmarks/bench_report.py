"""Survey report: 6,000 responses to an 80-question form, the full report (grouped, with
cross-tabulations) as PDF and as XLSX, against a baseline that writes a document of the same
pages, tables and charts from constant data (no queries).

The ratio shows what the data work adds to the layout: it must be SQL aggregation, small next
to laying out the pages (target <= 1.5). Absolute times are printed too.

Run: python tests/benchmarks/bench_report.py [--rounds 3] [--responses 6000] [--cpu]
(--cpu times with the process's CPU time instead of the wall clock: on a machine busy with
other work the wall-clock ratio swings by ±0.3, the CPU-time one far less.)
"""

import argparse
import copy
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from fieldkit.core.forms.store import import_form
from fieldkit.core.reports.model import Chart, Table
from fieldkit.core.reports.output import write_document
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report
from fieldkit.core.store.journal_values import canonical_json
from fieldkit.core.store.workspace import Workspace

SINGLE, MULTI, NUMBER, DATE, TEXT = 40, 20, 10, 5, 5   # 80 questions


def make_form(path: Path) -> Path:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    for i in range(SINGLE):
        survey.append([f"select_one l{i % 8}", f"s{i}", f"单选题{i}：您对第{i}项服务是否满意"])
    for i in range(MULTI):
        survey.append([f"select_multiple l{i % 8}", f"m{i}", f"多选题{i}：您最需要哪些帮助"])
    for i in range(NUMBER):
        survey.append(["integer", f"n{i}", f"数字题{i}：每月休息天数"])
    for i in range(DATE):
        survey.append(["date", f"d{i}", f"日期题{i}：入职日期"])
    for i in range(TEXT):
        survey.append(["text", f"t{i}", f"文字题{i}：其他意见"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for list_no in range(8):
        for c in range(5):
            choices.append([f"l{list_no}", f"c{c}", f"选项{c}（第{list_no}组）"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["bench", "职工需求大调查", "1"])
    book.save(path)
    return path


def make_workspace(folder: Path, n: int) -> Path:
    path = folder / "bench.fieldkit"
    ws = Workspace.open(path, create=True, device_id="benchdev")
    import_form(ws, make_form(folder / "bench.xlsx"))
    record = ws.query("SELECT id, version FROM forms WHERE form_id = 'bench'")[0]
    rng = random.Random(7)
    with ws.transaction():
        sites = [ws.insert("sites", {"name": f"站点{i}", "kind": "project"}) for i in range(12)]
    rows = []
    for r in range(n):
        answers = {f"s{i}": f"c{rng.randrange(5)}" for i in range(SINGLE)}
        answers.update({f"m{i}": " ".join(sorted(rng.sample([f"c{c}" for c in range(5)],
                                                           rng.randint(1, 3))))
                        for i in range(MULTI)})
        answers.update({f"n{i}": str(rng.randint(0, 30)) for i in range(NUMBER)})
        answers.update({f"d{i}": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                        for i in range(DATE)})
        answers.update({f"t{i}": rng.choice(["食堂夜班没有热饭", "希望增加轮休", "宿舍空调不够用"])
                        for i in range(TEXT)})
        rows.append({"form_record_id": record["id"], "form_id": "bench",
                     "form_version": record["version"], "status": "complete",
                     "site_id": sites[r % len(sites)],
                     "started_at": f"2024-{r % 12 + 1:02d}-{r % 28 + 1:02d}T09:00:00+08:00",
                     # stored as fieldkit stores every answer (records.py, the importer)
                     "answers": canonical_json(answers)})
    with ws.transaction():
        for offset in range(0, n, 1000):
            ws.insert_many("responses", rows[offset:offset + 1000])
    ws.close()
    return path


SPEC = SurveyReportSpec("bench", group_by="s0", crosstab_questions=[f"s{i}" for i in range(1, 9)])


clock = time.perf_counter


def ours(path: Path, fmt: str, target: Path, expected) -> tuple[float, float]:
    """Open, query, build and write; returns (total, of which the data work before writing)."""
    gc.collect()                                # the rounds before leave their garbage
    start = clock()
    ws = Workspace.open(path)
    document = build_survey_report(ws, SPEC, language="zh_CN")
    ws.close()
    data = clock() - start
    write_document(document, target, fmt, language="zh_CN")
    total = clock() - start
    assert figures(document) == expected            # every round counts the same figures
    return total, data


def figures(document) -> list:
    return [(b.rows if isinstance(b, Table) else b.series) for _, b in document.blocks()
            if isinstance(b, (Table, Chart))]


def constant_document(document):
    """The same sections, tables (rows and columns) and charts, every number a constant."""
    doc = copy.deepcopy(document)
    for _, block in doc.blocks():
        if isinstance(block, Table):
            block.rows = [[v if isinstance(v, str) else 12 for v in row] for row in block.rows]
        elif isinstance(block, Chart):
            block.series = [(name, [12.0] * len(values)) for name, values in block.series]
    return doc


def baseline(document, fmt: str, target: Path) -> float:
    constant = constant_document(document)      # made before the clock starts: ours has
    gc.collect()                                # no such copy to make
    start = clock()
    write_document(constant, target, fmt, language="zh_CN")
    return clock() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--responses", type=int, default=6000)
    parser.add_argument("--cpu", action="store_true", help="time with CPU time")
    args = parser.parse_args()
    global clock
    clock = time.process_time if args.cpu else time.perf_counter
    with tempfile.TemporaryDirectory(prefix="bench-report-") as name:
        run(args, Path(name))


def run(args, folder: Path) -> None:
    path = make_workspace(folder, args.responses)
    ws = Workspace.open(path)
    start = time.perf_counter()
    document = build_survey_report(ws, SPEC, language="zh_CN")
    print(f"queries and document alone: {time.perf_counter() - start:.2f} s "
          f"({document.counts()})")
    ws.close()
    assert sum(isinstance(b, Chart) for _, b in document.blocks()) >= 80
    expected = figures(document)
    for fmt in ("pdf", "xlsx"):
        base, mine, data = [], [], []
        for _ in range(args.rounds):
            base.append(baseline(document, fmt, folder / f"base.{fmt}"))
            total, before_writing = ours(path, fmt, folder / f"ours.{fmt}", expected)
            mine.append(total)
            data.append(before_writing)
        b, m = statistics.median(base), statistics.median(mine)
        print(f"{fmt}: baseline (constant data) {b:.2f} s, ours ({args.responses:,} x 80) "
              f"{m:.2f} s, of which opening, counting and building the document "
              f"{statistics.median(data):.2f} s; ratio {m / b:.2f} (target <= 1.5; best "
              f"round against best round {min(mine) / min(base):.2f})")


if __name__ == "__main__":
    main()
