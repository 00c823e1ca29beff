"""Capture every page of the app (and the main dialogs) in both languages at the laptop
sizes users have, to look at them.

    python tools/screenshots.py [-o OUTDIR] [--sizes 1366x768,1280x720] [--lang zh_CN,en]

Builds a demo workspace in a temporary folder, opens the main window offscreen, shows each
page in turn and saves ``OUTDIR/<size>/<lang>/<nn>-<page>.png``. Nothing is written to the
user's own data: config and data folders point into the temporary folder too. The
reviewed reference pictures kept in ``tests/ui/reference/`` are made by this script
(``--reference``); ``tests/ui/test_reference_layouts.py`` compares a few layout facts
(what is visible, nothing cut off) rather than pixels, which differ between machines.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def _prepare_environment(tmp: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["FIELDKIT_CONFIG_DIR"] = str(tmp / "config")
    os.environ["FIELDKIT_DATA_DIR"] = str(tmp / "data")
    os.environ.pop("FIELDKIT_WORKSPACE", None)


def _wait(app, condition, timeout_s: float = 10.0) -> None:
    import time

    end = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


# the reviewed reference set kept in tests/ui/reference/ (size, language, page)
REFERENCE = (((1366, 768), "zh_CN", "dashboard"), ((1366, 768), "zh_CN", "interviews"),
             ((1280, 720), "zh_CN", "ledger"), ((1280, 720), "en", "responses"),
             ((1280, 720), "en", "activities"), ((1366, 768), "en", "forms"))
REFERENCE_DIR = Path(__file__).resolve().parent.parent / "tests" / "ui" / "reference"


def capture(out: Path, sizes: list[tuple[int, int]], languages: list[str],
            empty: bool = False, pages: set[str] | None = None,
            flat: bool = False) -> list[Path]:
    """Save the pictures (only ``pages`` if given; ``flat``: as ``<size>-<lang>-<page>.png``
    in ``out`` itself); return their paths."""
    from fieldkit.core import demo, i18n
    from fieldkit.core.executor import WorkspaceExecutor
    from fieldkit.core.setup import open_workspace
    from fieldkit.ui.app import create_application
    from fieldkit.ui.tasks import Tasks

    saved: list[Path] = []
    tmp = Path(tempfile.mkdtemp(prefix="fieldkit-shots-"))
    path = tmp / ("empty.fieldkit" if empty else "demo.fieldkit")
    with open_workspace(path, create=True) as ws:   # the built-in forms too, as the app does
        if not empty:
            demo.build_demo(ws)                     # then a year of work and interviews
    for language in languages:
        i18n.set_language(language)
        app = create_application()
        from fieldkit.ui.app import install_qt_translations
        from fieldkit.ui.main_window import MainWindow

        install_qt_translations(app, language)
        executor = WorkspaceExecutor()
        tasks = Tasks(executor)
        ws = executor.open(path).result(30)
        window = MainWindow(tasks, ws.path, ws.workspace_id)
        window.show()
        for width, height in sizes:
            window.resize(width, height)
            folder = out if flat else out / f"{width}x{height}" / language
            folder.mkdir(parents=True, exist_ok=True)
            for index, (key, _title, _factory) in enumerate(window.pages):
                if pages is not None and key not in pages:
                    continue
                window.sidebar.setCurrentRow(index)
                _wait(app, lambda: tasks.pending == 0)
                target = folder / (f"{width}x{height}-{language}-{key}.png" if flat
                                   else f"{index + 1:02d}-{key}.png")
                window.grab().save(str(target))
                saved.append(target)
        window.close()
        executor.shutdown()
        app.processEvents()
    return saved


def capture_reference(out: Path) -> list[Path]:
    """The reference set, one capture per (size, language) with only its pages."""
    saved = []
    for (size, language, page) in REFERENCE:
        saved += capture(out, [size], [language], pages={page}, flat=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--sizes", default="1366x768,1280x720")
    parser.add_argument("--lang", default="zh_CN,en")
    parser.add_argument("--empty", action="store_true", help="an empty workspace (first run)")
    parser.add_argument("--reference", action="store_true",
                        help="write the reviewed reference set into tests/ui/reference/")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="fieldkit-shots-env-"))
    _prepare_environment(tmp)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if args.reference:
        saved = capture_reference(REFERENCE_DIR)
        for target in saved:
            print(target)
        return 0
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",") if s]
    saved = capture(args.out, sizes, [s for s in args.lang.split(",") if s], empty=args.empty)
    for target in saved:
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
