"""Preparing a KoboToolbox export with repeat sheets (the camp survey of the import tests,
with a 5,700-choice camp list as in the testers' real form; 2,000 submissions, repeats
nested two deep), against preparing the same workbook with its repeat sheets removed: the
price of reading the repeats into their submissions. Also against python-calamine alone
reading the whole workbook.

Run: python tests/benchmarks/bench_platform_export.py [--rows 2000] [--rounds 3].
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from platform_export_builder import ExportBuilder, camp_survey  # noqa: E402

from fieldkit.core.forms.store import import_form  # noqa: E402
from fieldkit.core.importing import pipeline  # noqa: E402
from fieldkit.core.responses.records import definition_for  # noqa: E402
from fieldkit.core.store.workspace import Workspace  # noqa: E402


def timed(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    ws = Workspace.open(folder / "bench.fieldkit", create=True)
    definition = definition_for(ws, import_form(ws, camp_survey(folder / "camp.xlsx",
                                                                camps=5700)).record_id)
    whole = folder / "kobo.xlsx"
    builder = ExportBuilder(definition, args.rows, seed=1).write_kobo(whole)
    flat = folder / "kobo_main_only.xlsx"
    book = openpyxl.load_workbook(whole)
    for sheet in book.worksheets[1:]:
        book.remove(sheet)
    book.save(flat)
    children = sum(len(s["answers"].get(r, [])) for s in builder.submissions
                   for r in ("household_members", "visits"))

    def calamine():
        book = CalamineWorkbook.from_path(str(whole))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    reader = timed(calamine, args.rounds)
    main_only = timed(lambda: pipeline.prepare(ws, flat, "camp_survey"), args.rounds)
    full = timed(lambda: pipeline.prepare(ws, whole, "camp_survey"), args.rounds)
    preview = pipeline.prepare(ws, whole, "camp_survey")
    assert preview.counts()["clean"] + preview.counts()["warning"] == args.rows
    print(f"export: {args.rows} submissions, {children} first-level repeat rows, "
          f"{whole.stat().st_size / 1e6:.1f} MB")
    print(f"calamine reading every sheet:               {reader * 1000:.0f} ms")
    print(f"prepare, main sheet only:                   {main_only * 1000:.0f} ms")
    print(f"prepare, with the repeat sheets:            {full * 1000:.0f} ms  "
          f"ratio to main only {full / main_only:.2f}, to calamine {full / reader:.2f}")
    ws.close()


if __name__ == "__main__":
    main()
