"""Form import: a generated 1,000-question XLSForm imported (read, validated, stored in a
workspace) against reading the same workbook's cells with python-calamine and nothing else.

Run: python tests/benchmarks/bench_form_import.py [--rounds 5] [--stages] [--real] [--files].
Target ratio <= 3.0. ``--real`` makes the form look like real projects' forms: a ``comments``
note of the same name in every group (names unique only within their group) and a 10,000-row
``external_choices`` list (a directory of sites) offered by a select_one_external.
``--files`` attaches files as ODK forms do (issue 12): a 10,000-row sites.csv for a
select_one_from_file and pulldata(), a 10,000-item villages.xml for a
select_multiple_from_file and an xml-external read with instance(); the baseline then also
reads those files with the standard library's csv and XML parsers. ``--stages`` also
prints where an import's time goes (trimmed means, the collector off as in the import), as
quoted in the README.
"""

import argparse
import csv
import gc
import statistics
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from fieldkit.core.forms import store, workbook, zip_scan
from fieldkit.core.forms.store import import_form
from fieldkit.core.forms.validation import validate_data
from fieldkit.core.forms.xlsform_reader import _Reader, read_form, read_xlsform
from fieldkit.core.store.workspace import Workspace

QUESTIONS = 1000


EXTERNAL_ROWS = 10_000


def generate(path: Path, real: bool = False, files: bool = False) -> None:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)", "label::English (en)", "hint::中文 (zh)",
                   "required", "relevant", "constraint", "constraint_message::中文 (zh)",
                   "calculation", "appearance"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)", "label::English (en)"])
    for n in range(20):
        for c in range(6):
            choices.append([f"list{n}", f"opt{c}", f"选项{c}", f"Option {c}"])
    written = 0
    group = 0
    while written < QUESTIONS:
        survey.append(["begin_group", f"g{group}", f"第{group}部分", f"Part {group}", "", "", "",
                       "", "", "", "field-list"])
        for _ in range(20):
            i = written
            kind = i % 5
            relevant = f"${{q{i - 3}}} != ''" if i >= 3 and i % 3 == 0 else ""
            if kind == 0:
                row = ["integer", f"q{i}", f"第{i}题：人数", f"Question {i}: count", "请填整数",
                       "yes", relevant, ". >= 0 and . < 1000", "应在0到999之间", "", ""]
            elif kind == 1:
                row = [f"select_one list{i % 20}", f"q{i}", f"第{i}题：单选", f"Question {i}",
                       "", "", relevant, "", "", "", ""]
            elif kind == 2:
                row = [f"select_multiple list{i % 20}", f"q{i}", f"第{i}题：多选",
                       f"Question {i}", "", "", relevant, "count-selected(.) <= 3",
                       "最多选三项", "", ""]
            elif kind == 3:
                row = ["text", f"q{i}", f"第{i}题：说明", f"Question {i}: notes", "", "",
                       relevant, "string-length(.) < 500", "太长了", "", ""]
            else:
                row = ["calculate", f"q{i}", "", "", "", "", "",
                       "", "", f"if(${{q{i - 4}}} > 10, 'many', concat('few', ${{q{i - 1}}}))", ""]
            survey.append(row)
            written += 1
        if real:
            survey.append(["note", "comments", f"第{group}部分完", f"End of part {group}",
                           "", "", "", "", "", "", ""])
        survey.append(["end_group", "", "", "", "", "", "", "", "", "", ""])
        group += 1
    if files:
        survey.append(["select_one_from_file sites.csv", "file_site", "站点", "Site", "", "", "", "", "", "", ""])
        survey.append(["calculate", "file_county", "", "", "", "", "", "", "",
                       "pulldata('sites', 'county', 'name', ${file_site})", ""])
        survey.append(["select_multiple_from_file villages.xml", "file_villages", "村", "Villages",
                       "", "", "", "", "", "", ""])
        survey.append(["xml-external", "villages", "", "", "", "", "", "", "", "", ""])
        survey.append(["calculate", "village_count", "", "", "", "", "", "", "",
                       "count(instance('villages')/root/item[county = ${file_county}])", ""])
        lines = ["name,label,county"] + [f"site{n},站点{n},county{n % 50}" for n in range(EXTERNAL_ROWS)]
        path.with_name("sites.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        items = "".join(f"<item><name>v{n}</name><label>村{n}</label><county>county{n % 50}</county></item>"
                        for n in range(EXTERNAL_ROWS))
        path.with_name("villages.xml").write_text(f"<root>{items}</root>", encoding="utf-8")
    if real:
        survey.append(["select_one_external sites", "site", "站点", "Site", "", "", "", "", "", "", ""])
        external = book.create_sheet("external_choices")
        external.append(["list_name", "name", "label::中文 (zh)", "label::English (en)", "county"])
        for n in range(EXTERNAL_ROWS):
            external.append(["sites", f"site{n}", f"站点{n}", f"Site {n}", f"county{n % 50}"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["bench_1000", "基准问卷", "1", "中文 (zh)"])
    book.save(path)


def read_cells(path: Path, files: bool = False) -> int:
    book = CalamineWorkbook.from_path(str(path))
    cells = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    if files:  # the least anyone could do with the attached files: parse them once
        with open(path.with_name("sites.csv"), newline="", encoding="utf-8") as f:
            cells += sum(1 for _ in csv.reader(f))
        cells += len(ET.parse(path.with_name("villages.xml")).getroot())
    return cells


def _trimmed_ms(work, runs: int = 60) -> float:
    times = []
    for _ in range(runs):
        gc.disable()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
        gc.enable()
    times.sort()
    cut = runs // 5
    return statistics.mean(times[cut:-cut]) * 1000


def print_stages(path: Path, tmp: Path) -> None:
    data = path.read_bytes()
    sheets = workbook._load_sheets(path, data)
    form = read_form(path)
    count = iter(range(10**6))

    def store_only():  # into a new workspace each time, made outside the timed part
        ws = Workspace.open(tmp / f"s{next(count)}.fieldkit", create=True, device_id="bench")
        gc.disable()
        start = time.perf_counter()
        store.store_form(ws, form)
        elapsed = time.perf_counter() - start
        gc.enable()
        ws.close()
        return elapsed

    print("where an import's time goes (trimmed means of 60 runs):")
    print(f"  safety scan                    {_trimmed_ms(lambda: zip_scan.scan_zip(data)):5.1f} ms")
    print(f"  calamine, cells as text        {_trimmed_ms(lambda: workbook._load_sheets(path, data)):5.1f} ms")
    print(f"  question data, with validation {_trimmed_ms(lambda: _Reader(path, sheets).read()):5.1f} ms")
    print(f"    of which validation          {_trimmed_ms(lambda: validate_data(form.data, form.rows, None, form.questions)):5.1f} ms")
    print(f"  JSON text and its hash         {_trimmed_ms(lambda: store._text_and_hash(form.data)):5.1f} ms")
    stores = [store_only() for _ in range(30)]
    print(f"  storing (text, insert, journal, fsync) {statistics.median(stores) * 1000:5.1f} ms (median of 30)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--stages", action="store_true")
    parser.add_argument("--real", action="store_true")
    parser.add_argument("--files", action="store_true")
    args = parser.parse_args()
    rounds = args.rounds
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "bench_1000.xlsx"
    generate(path, args.real, args.files)
    definition = read_xlsform(path)
    count = sum(1 for q in definition.walk() if not q.is_container)
    assert count == QUESTIONS + (51 if args.real else 0) + (5 if args.files else 0), count
    cells, reads, imports = [], [], []
    for i in range(rounds):
        start = time.perf_counter()
        read_cells(path, args.files)
        cells.append(time.perf_counter() - start)
        start = time.perf_counter()
        read_form(path)
        reads.append(time.perf_counter() - start)
        ws = Workspace.open(tmp / f"w{i}.fieldkit", create=True, device_id="bench")
        start = time.perf_counter()
        result = import_form(ws, path)
        imports.append(time.perf_counter() - start)
        assert result.files == (["sites.csv", "villages.xml"] if args.files else []), result.files
        if args.files and i == 0:  # the files work: choices and lookups in a session
            from fieldkit.core.forms.session import FormSession
            session = FormSession(store.get_form(ws, "bench_1000"), language="en")
            assert len(session.item(("file_site",)).choices) == EXTERNAL_ROWS
            session.set(("file_site",), "site77")
            assert session.value(("file_county",)) == "county27" and session.value(("village_count",)) == "200"
        ws.close()
    c, r, m = (statistics.median(x) for x in (cells, reads, imports))
    print(f"calamine reading the cells only:            median {c * 1000:.0f} ms")
    print(f"read + validate (read_form, the data import stores): median {r * 1000:.0f} ms  ratio {r / c:.2f}")
    print(f"full import (read, validate, store, journal): median {m * 1000:.0f} ms  ratio {m / c:.2f}"
          "  (target <= 3.0)")
    if args.stages:
        print_stages(path, tmp)


if __name__ == "__main__":
    main()
