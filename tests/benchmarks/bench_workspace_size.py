"""How big a workspace grows per imported response, and where the bytes go.

Writes N answers to the built-in needs survey (valid under the form's rules, drawn like the
demo's) to a CSV, imports it with `fieldkit responses import` into a new workspace, and prints
the file's size and each table's and index's share (SQLite's dbstat). To compare with another
fieldkit, run the same CSV through its command line (``--fieldkit PATH`` names its executable).

    python tests/benchmarks/bench_workspace_size.py [--responses 20000] [--fieldkit fieldkit]

Issue 10's goal: 100,000 responses under 160 MB where the fieldkit it tried wrote 255 MB. The
trial's data is ``bench_browser.py``'s workspace (the demo plus N needs-survey responses
written through the core API): ``--trial`` builds that and measures it, here and, with
``--source DIR`` (a checkout of another fieldkit, e.g. ``git worktree add /tmp/old dbcc104``,
the version the trial used), there too:

    python tests/benchmarks/bench_workspace_size.py --trial --responses 100000 [--source DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import subprocess
import tempfile
import uuid
from pathlib import Path


def write_answers(folder: Path, count: int) -> Path:
    from fieldkit.core.demo_responses import _value
    from fieldkit.core.forms.session import schema_for
    from fieldkit.core.importing.rules import FlatRules
    from fieldkit.core.responses.records import _form_record, definition_for
    from fieldkit.core.setup import open_workspace

    with open_workspace(folder / "forms.fieldkit", create=True) as ws:
        definition = definition_for(ws, _form_record(ws, "frontline_needs", None)["id"])
    flat = {k for k, f in schema_for(definition).fields.items() if not f.chain}
    questions = [q for q in definition.walk() if q.name in flat and not q.is_container
                 and not q.is_metadata and q.type in ("select_one", "select_multiple", "integer",
                                                      "decimal", "text", "date")]
    rules = FlatRules(definition, language="zh")
    rng = random.Random(1)
    site = {"region": "天津市河西区", "name": "天津港集装箱码头"}
    path = folder / "answers.csv"
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["_uuid"] + [q.name for q in questions])
        while written < count:
            answers = {q.name: v for q in questions if (v := _value(q, definition, rng, site))}
            for name, kind, *_ in rules.check(answers)[1]:
                options = sorted(rules.allowed(name, answers)) if kind == "choice_filter" else ()
                if options:
                    answers[name] = options[0]
            final, problems = rules.check(answers)
            if problems:
                continue
            out.writerow([str(uuid.UUID(int=rng.getrandbits(128)))]
                         + [final.get(q.name, "") for q in questions])
            written += 1
    return path


TRIAL = """
import sqlite3, sys, tempfile, time
from pathlib import Path
source, count = Path(sys.argv[1]), int(sys.argv[2])
sys.path[:0] = [str(source), str(source / "tests" / "benchmarks")]
import bench_browser
target = Path(tempfile.mkdtemp()) / "trial.fieldkit"
seconds = bench_browser.build(target, count)
with sqlite3.connect(target) as conn:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    parts = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"
                         " ORDER BY 2 DESC LIMIT 6").fetchall()
print(f"{source}: {count} responses written in {seconds:.1f} s,"
      f" {target.stat().st_size / 1e6:.1f} MB")
for name, size in parts:
    print(f"  {name:28s} {size / 1e6:7.1f} MB")
"""


def trial(count: int, sources: list[Path]) -> None:
    """The issue's own measure: bench_browser's workspace, built by each fieldkit source."""
    import sys

    for source in sources:
        with tempfile.TemporaryDirectory() as temp:
            env = {**os.environ, "FIELDKIT_CONFIG_DIR": str(Path(temp) / "config"),
                   "FIELDKIT_DATA_DIR": str(Path(temp) / "data"), "PYTHONPATH": str(source),
                   "QT_QPA_PLATFORM": "offscreen"}
            done = subprocess.run([sys.executable, "-c", TRIAL, str(source), str(count)],
                                  cwd=source, env=env, capture_output=True, text=True)
            print(done.stdout.strip() or done.stderr.strip()[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--fieldkit", default="fieldkit", help="the fieldkit executable to measure")
    parser.add_argument("--trial", action="store_true",
                        help="measure the issue-10 trial's data (bench_browser's workspace)")
    parser.add_argument("--source", type=Path, action="append", default=[],
                        help="with --trial: another fieldkit checkout to measure too")
    args = parser.parse_args()
    if args.trial:
        trial(args.responses, [Path(__file__).resolve().parents[2], *args.source])
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        answers = write_answers(folder, args.responses)
        target = folder / "measured.fieldkit"
        env = {**os.environ, "FIELDKIT_CONFIG_DIR": str(folder / "config"),
               "FIELDKIT_DATA_DIR": str(folder / "data")}
        subprocess.run([args.fieldkit, "init", str(target)], check=True, env=env,
                       capture_output=True)
        done = subprocess.run([args.fieldkit, "--workspace", str(target), "responses", "import",
                               str(answers), "--form", "frontline_needs"], env=env,
                              capture_output=True, text=True)
        print(done.stdout.strip() or done.stderr.strip())
        with sqlite3.connect(target) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            count = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
            assert count == args.responses, count
            parts = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"
                                 " ORDER BY 2 DESC LIMIT 8").fetchall()
        size = target.stat().st_size
        print(f"{count} responses: {size / 1e6:.1f} MB, {size / count / 1024:.2f} KiB each; "
              f"at 100,000: {size / count * 100_000 / 1e6:.0f} MB")
        for name, bytes_ in parts:
            print(f"  {name:28s} {bytes_ / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
