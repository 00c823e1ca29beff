"""``fieldkit check`` on a workspace of 50,000 responses, against what it cannot beat:
SQLite's own ``PRAGMA integrity_check`` (all ``check`` did before it also verified text,
JSON, journal replay and hashes), measured on the same file in the same process.

Run: python tests/benchmarks/bench_check.py [--responses 50000] [--rounds 3]
Prints medians and the ratio.
"""

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_browser import (CHUNK, FORM, NEEDS, NOTES, WORK_TYPES,  # noqa: E402
                           _tmp)  # (importing it sets up private folders first)


def build(path: Path, n: int) -> None:
    """The demo plus ``n`` responses, all written through the journaled API (unlike
    bench_browser's, whose start times are then spread by plain SQL: check flags that)."""
    import random

    from fieldkit.core import demo, responses
    from fieldkit.core.work import directory
    from fieldkit.core.setup import open_workspace

    with open_workspace(path, create=True) as ws:
        demo.build_demo(ws)
        sites = [s["id"] for s in directory.search(ws, directory.SITES)]
        cadres = [c["id"] for c in directory.search(ws, directory.CADRES)]
        rng = random.Random(7)
        for offset in range(0, n, CHUNK):
            with ws.transaction():
                for i in range(offset, min(offset + CHUNK, n)):
                    answers = {"work_type": rng.choice(WORK_TYPES),
                               "years_in_job": rng.randint(1, 30),
                               "top_needs": " ".join(rng.sample(NEEDS, 2)),
                               "suggestions": rng.choice(NOTES)}
                    rid = responses.start(ws, FORM, site_id=rng.choice(sites),
                                          cadre_id=rng.choice(cadres), answers=answers)
                    if i % 10 == 0:  # some edited later: journal patches to replay
                        responses.save_draft(ws, rid, {**answers, "suggestions": "夜班太多"})


def integrity_check_only(path: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    return time.perf_counter() - start


def full_check(path: Path) -> float:
    from fieldkit.core.store import maintenance
    from fieldkit.core.store.workspace import Workspace

    start = time.perf_counter()
    with Workspace.open(path) as ws:
        report = maintenance.check(ws)
    elapsed = time.perf_counter() - start
    assert report["ok"], report["problems"][:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = _tmp / "check.fieldkit"
    build(path, args.responses)
    size = path.stat().st_size / 1e6
    bare = statistics.median(integrity_check_only(path) for _ in range(args.rounds))
    check = statistics.median(full_check(path) for _ in range(args.rounds))
    print(f"responses={args.responses} file={size:.0f} MB")
    print(f"integrity_check only: {bare:.2f} s")
    print(f"fieldkit check (open + structure + text/JSON + journal replay + hashes): {check:.2f} s")
    print(f"ratio={check / bare:.2f}")


if __name__ == "__main__":
    main()
