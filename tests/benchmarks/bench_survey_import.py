"""Importing a generated 6,000-row x 80-column 问卷星-style export (labels as answers,
multiple choices joined with ┋) into a form with matching questions, validation included,
against python-calamine alone reading the same file into Python lists.

Run: python tests/benchmarks/bench_survey_import.py [--rows 6000]. Target ratio <= 3.0 (issue 10);
peak memory (the process's maximum resident set) is reported, target <= 400 MB.
"""

import argparse
import json
import random
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from fieldkit.core.forms.store import import_form
from fieldkit.core.forms.zip_scan import scan_zip
from fieldkit.core.gc_pause import gc_paused
from fieldkit.core.importing import pipeline
from fieldkit.core.store.workspace import Workspace

OPTIONS = ["休息难", "吃饭难", "喝水难", "如厕难", "暑期托管难", "看病难", "技能培训", "权益维护"]
KINDS = ["select_one"] * 30 + ["select_multiple"] * 15 + ["integer"] * 15 + ["text"] * 10 + \
    ["date"] * 10


def build_form(path: Path) -> None:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)", "constraint"])
    for i, kind in enumerate(KINDS):
        qtype = f"{kind} opts" if kind.startswith("select") else kind
        constraint = ". >= 0 and . <= 100" if kind == "integer" else ""
        survey.append([qtype, f"q{i + 1}", f"第{i + 1}题 您的情况{i + 1}", constraint])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)"])
    for n, label in enumerate(OPTIONS):
        choices.append(["opts", f"o{n}", label])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["bench_wjx", "基准调查", "1"])
    book.save(path)


def build_export(path: Path, rows: int) -> None:
    rng = random.Random(6000)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(["序号", "提交答卷时间", "所用时间"] +
                 [f"{i + 1}、第{i + 1}题 您的情况{i + 1}：" for i in range(len(KINDS))])
    for r in range(rows):
        row = [r + 1, f"2024/6/{1 + r % 28} {8 + r % 10}:{r % 60:02d}:00", f"{60 + r % 300}秒"]
        for kind in KINDS:
            if kind == "select_one":
                row.append(rng.choice(OPTIONS))
            elif kind == "select_multiple":
                row.append("┋".join(rng.sample(OPTIONS, rng.randint(1, 3))))
            elif kind == "integer":
                row.append(rng.randint(0, 100))
            elif kind == "text":
                row.append(rng.choice(["暑期托管难，孩子没人看", "希望增加技能培训", "食堂饭菜太贵", ""]))
            else:
                row.append(f"2024/{rng.randint(1, 12)}/{rng.randint(1, 28)}")
        sheet.append(row)
    book.save(path)


def read_with_calamine(path: Path) -> int:
    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def bare_read_and_store(path: Path, db: Path, check: bool = False) -> float:
    """The cheapest conceivable import, for scale: calamine reads the sheet, every row is
    stored as one JSON text in a table with no index, no journal and no search index, in one
    transaction with one fsync. No parsing, no validation; with ``check``, the safety scan
    that must pass before calamine may open a file is done first."""
    with gc_paused():
        start = time.perf_counter()
        if check:
            scan_zip(path.read_bytes())
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, answers TEXT)")
        header = [str(h) for h in rows[0]]
        with conn:
            conn.executemany("INSERT INTO r (answers) VALUES (?)",
                             ((json.dumps(dict(zip(header, map(str, row))), ensure_ascii=False),)
                              for row in rows[1:]))
        conn.close()
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=6000)
    rows = parser.parse_args().rows
    tmp = Path(tempfile.mkdtemp())
    form, export = tmp / "form.xlsx", tmp / "wjx.xlsx"
    build_form(form)
    build_export(export, rows)
    ws = Workspace.open(tmp / "bench.fieldkit", create=True, device_id="bench")
    import_form(ws, form)
    read_with_calamine(export)  # warm the disk cache
    start, cpu = time.perf_counter(), time.process_time()
    read_with_calamine(export)
    reader, reader_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    preview = pipeline.prepare(ws, export, "bench_wjx")
    prepared, prepared_cpu = time.perf_counter() - start, time.process_time() - cpu
    result = pipeline.commit(ws, preview)
    total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file: {rows} rows x {len(KINDS)} questions, {export.stat().st_size / 1e6:.1f} MB")
    print("wall (CPU) times; the machine may be shared, so the CPU ratio is the steadier one")
    print(f"calamine reading the file into lists:          {reader * 1000:.0f} ms "
          f"({reader_cpu * 1000:.0f} ms CPU)")
    print(f"read + map + parse + validate (prepare):       {prepared * 1000:.0f} ms "
          f"({prepared_cpu * 1000:.0f} ms CPU)  ratio {prepared / reader:.2f} "
          f"(CPU {prepared_cpu / reader_cpu:.2f})")
    print(f"whole import incl. commit ({result['imported']} rows):     {total * 1000:.0f} ms "
          f"({total_cpu * 1000:.0f} ms CPU)  ratio {total / reader:.2f} "
          f"(CPU {total_cpu / reader_cpu:.2f})  (target <= 3.0)")
    print(f"peak memory (max RSS of this process): {peak:.0f} MB  (target <= 400 MB)")
    bare = bare_read_and_store(export, tmp / "bare.sqlite")
    checked = bare_read_and_store(export, tmp / "checked.sqlite", check=True)
    print("for scale, read + store each row as bare JSON (no parse, no journal, no index):")
    print(f"  without the safety scan: {bare * 1000:.0f} ms  ratio {bare / reader:.2f};"
          f" with it: {checked * 1000:.0f} ms  ratio {checked / reader:.2f}")
    ws.close()


if __name__ == "__main__":
    main()
