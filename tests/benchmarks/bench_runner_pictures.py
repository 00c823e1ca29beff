"""Opening a form whose choices have pictures, against the same form without them.

Run: python tests/benchmarks/bench_runner_pictures.py [--runs 7] [--choices 200]

Two forms are imported with their files, alike but for the ``media::image`` column:

- "list": one select_one and one select_multiple over ``--choices`` choices (a drop-down
  you can type into and a narrowing list of check boxes);
- "buttons": ``--choices`` / 10 select_one questions of 10 choices each (radio buttons).

Each picture is a different 256 x 256 PNG with some detail, as a pictogram is. Times are
from ``open_runner`` to the runner on screen, ready to type, and until every row is built;
baseline and pictures alternate in one process and the ratios of the medians are printed.
Pictures are decoded only when painted, so "decoded" (pictures decoded by the time every
row is built) stays far below the number of choices. For information, the time to decode
every picture (what an eager runner would add) is printed too. The test asserts nothing
about time; it checks that each run shows its pictures.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_tmp = Path(tempfile.mkdtemp(prefix="bench-pictures-"))
os.environ.setdefault("FIELDKIT_CONFIG_DIR", str(_tmp / "cfg"))
os.environ.setdefault("FIELDKIT_DATA_DIR", str(_tmp / "data"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def write_pictures(folder: Path, count: int) -> None:
    from PySide6.QtGui import QColor, QImage, QPainter

    for i in range(count):
        image = QImage(256, 256, QImage.Format_ARGB32)
        image.fill(QColor.fromHsv(i * 37 % 360, 180, 230))
        painter = QPainter(image)
        painter.setPen(QColor("black"))
        for k in range(0, 256, 8):
            painter.drawLine(0, k, 255 - k, 255)
            painter.drawEllipse(k // 2, k // 3, 40 + i % 30, 30)
        painter.drawText(20, 128, f"sign {i}")
        painter.end()
        assert image.save(str(folder / f"sign{i}.png"))


def write_form(folder: Path, form_id: str, shape: str, count: int, pictures: bool) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::中文 (zh)"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::中文 (zh)", "media::image"])
    if shape == "list":
        survey.append(["select_one signs", "one", "Which sign?", "哪个标志？"])
        survey.append(["select_multiple signs", "several", "Which signs?", "哪些标志？"])
        for i in range(count):
            choices.append(["signs", f"s{i}", f"Sign {i}", f"标志 {i}", f"sign{i}.png" if pictures else ""])
    else:
        for q in range(count // 10):
            survey.append([f"select_one l{q}", f"q{q}", f"Question {q}: which sign?", f"第{q}题：哪个标志？"])
            for i in range(10):
                n = q * 10 + i
                choices.append([f"l{q}", f"s{i}", f"Sign {n}", f"标志 {n}", f"sign{n}.png" if pictures else ""])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append([form_id, form_id, "1", "中文 (zh)"])
    path = folder / f"{form_id}.xlsx"
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--choices", type=int, default=200)
    args = parser.parse_args()

    from fieldkit.core import demo
    from fieldkit.core.executor import WorkspaceExecutor
    from fieldkit.core.forms.store import import_form
    from fieldkit.core.store.workspace import Workspace
    from fieldkit.ui.app import create_application
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.runner import open_runner
    from fieldkit.ui.runner.pictures import CHOICE_BOX, decode
    from fieldkit.ui.tasks import Tasks

    app = create_application()
    folder = _tmp / "forms"
    folder.mkdir()
    write_pictures(folder, args.choices)
    path = _tmp / "bench.fieldkit"
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)
        for shape in ("list", "buttons"):
            for pictures in (False, True):
                form_id = f"{shape}_{'pictures' if pictures else 'plain'}"
                result = import_form(ws, write_form(folder, form_id, shape, args.choices, pictures))
                assert len(result.files) == (args.choices if pictures else 0), result.files
    executor = WorkspaceExecutor()
    tasks = Tasks(executor)
    ws = executor.open(path).result(10)
    window = MainWindow(tasks, ws.path, ws.workspace_id)
    window.show()
    app.processEvents()

    def run(form_id: str) -> tuple[float, float, int]:
        start = time.perf_counter()
        r = open_runner(window, form_id=form_id)
        while r.view is None:
            app.processEvents()
        app.processEvents()
        first = time.perf_counter() - start
        while r.view._pending:
            app.processEvents()
        app.processEvents()
        full = time.perf_counter() - start
        decoded = r.pictures.decoded
        r.autosave.enabled = False
        r.close()
        r.deleteLater()
        while tasks.pending:
            app.processEvents()
        app.processEvents()
        return first, full, decoded

    for shape in ("list", "buttons"):
        plain_id, pictures_id = f"{shape}_plain", f"{shape}_pictures"
        run(plain_id), run(pictures_id)          # warm up
        results: dict[str, list] = {plain_id: [], pictures_id: []}
        for _ in range(args.runs):
            for form_id in (plain_id, pictures_id):
                results[form_id].append(run(form_id))
        (bf, ba), (pf, pa) = ((statistics.median(r[0] for r in results[k]),
                               statistics.median(r[1] for r in results[k])) for k in (plain_id, pictures_id))
        decoded = max(r[2] for r in results[pictures_id])
        assert decoded > 0 and all(r[2] == 0 for r in results[plain_id])
        print(f"{shape}: {args.choices} choices without pictures: ready {bf * 1000:.0f} ms, all rows {ba * 1000:.0f} ms")
        print(f"{shape}: {args.choices} choices with pictures:    ready {pf * 1000:.0f} ms, all rows {pa * 1000:.0f} ms, "
              f"{decoded} pictures decoded")
        print(f"{shape}: ratio ready {pf / bf:.2f}, all rows {pa / ba:.2f}")
    files = [(folder / f"sign{i}.png").read_bytes() for i in range(args.choices)]
    start = time.perf_counter()
    assert all(decode(data, CHOICE_BOX) is not None for data in files)
    print(f"for information: decoding all {args.choices} pictures at once takes "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
    executor.shutdown()


if __name__ == "__main__":
    main()
