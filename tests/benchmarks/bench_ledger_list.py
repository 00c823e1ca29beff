"""The ledger page's listing over 50,000 problems: what the page asks the database for
when it opens (the count and the first 200 rows), when it is scrolled to the end (a page
at offset 49,800), sorted by site or by days overdue, filtered to the overdue ones or by
text, against the least work anyone could do on the same file with plain sqlite3: one
``SELECT COUNT(*) FROM problems`` plus one page of raw rows in rowid order at the same
offset (no names, no flags, no sorting).

Run: python tests/benchmarks/bench_ledger_list.py [--problems 50000] [--rounds 7]
Prints medians (ms) and the ratio of each to the baseline. A page the UI waits for should
stay well under 100 ms so scrolling never freezes. Asserts rows and counts, never time.
"""

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="fieldkit-bench-ledger-"))
os.environ["FIELDKIT_CONFIG_DIR"] = str(_tmp / "config")
os.environ["FIELDKIT_DATA_DIR"] = str(_tmp / "data")
os.environ.setdefault("FIELDKIT_DEVICE_ID", "benchdev0001")

TODAY = date(2024, 12, 31)


def build(path: Path, n: int) -> None:
    from fieldkit.core import demo
    from fieldkit.core.store.workspace import Workspace

    rnd = random.Random(11)
    first = date(2022, 1, 1)
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)
        cadres = [r[0] for r in ws.query("SELECT id FROM cadres")]
        sites = [(r[0], r[1]) for r in ws.query("SELECT id, org_unit_id FROM sites")]
        rows = []
        for i in range(n):
            site, org = rnd.choice(sites)
            registered = first + timedelta(days=rnd.randrange(1095))
            grade = rnd.choice(("short_term", "short_term", "cross_department", "systemic"))
            resolved = registered + timedelta(days=rnd.randint(1, 90)) \
                if rnd.random() < 0.75 else None
            rows.append({
                "title": f"问题{i} 宿舍" if i % 50 == 0 else f"问题{i}", "grade": grade,
                "site_id": site, "org_unit_id": org, "cadre_id": rnd.choice(cadres),
                "category": "other",
                "lead_department": "人社局" if grade == "cross_department" else "",
                "feedback_interval_days": 14 if grade == "cross_department" else None,
                "registered_on": registered.isoformat(),
                "deadline": (registered + timedelta(days=15)).isoformat()
                if grade == "short_term" else None,
                "status": "resolved" if resolved else rnd.choice(("registered", "in_progress")),
                "resolved_on": resolved.isoformat() if resolved else None})
        with ws.transaction():
            ws.insert_many("problems", rows)


def timed(fn, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    from fieldkit.core.work import ledger_list
    from fieldkit.core.work.model import ProblemFilter
    from fieldkit.core.store.workspace import Workspace

    path = _tmp / "ledger.fieldkit"
    build(path, args.problems)
    plain = sqlite3.connect(path)
    count = plain.execute("SELECT COUNT(*) FROM problems").fetchone()[0]
    assert count == args.problems

    def least(offset):
        return lambda: (plain.execute("SELECT COUNT(*) FROM problems").fetchone()[0],
                        plain.execute("SELECT * FROM problems ORDER BY rowid LIMIT 200 OFFSET ?",
                                      (offset,)).fetchall())
    base, _ = timed(least(0), args.rounds)
    deep, _ = timed(least(count - 200), args.rounds)
    print(f"baseline COUNT(*) + 200 raw rows: first {base:.2f} ms, last {deep:.2f} ms")
    with Workspace.open(path) as ws:
        cases = [
            ("open: count + first 200", lambda: ledger_list.first_page(
                ws, ProblemFilter(), today=TODAY)),
            ("last page (offset n-200)", lambda: (count, ledger_list.problem_page(
                ws, ProblemFilter(), count - 200, 200, today=TODAY))),
            ("sorted by site, first 200", lambda: ledger_list.first_page(
                ws, ProblemFilter(), order_by="site", descending=False, today=TODAY)),
            ("sorted by days overdue", lambda: ledger_list.first_page(
                ws, ProblemFilter(), order_by="overdue", today=TODAY)),
            ("overdue only", lambda: ledger_list.first_page(
                ws, ProblemFilter(overdue_only=True), today=TODAY)),
            ("text 宿舍", lambda: ledger_list.first_page(
                ws, ProblemFilter(text="宿舍"), today=TODAY)),
        ]
        for name, fn in cases:
            ms, (total, rows) = timed(fn, args.rounds)
            assert len(rows) == min(200, total) and total > 0
            against = deep if name.startswith("last") else base
            print(f"{name:28s} {ms:8.1f} ms   ratio {ms / against:6.1f}   ({total} problems)")


if __name__ == "__main__":
    main()
