"""The full KPI set of a year over 100,000 activities and 50,000 problems (with their status
histories, replies and ratings), against the least work anyone could do on the same file:
one ``SELECT COUNT(*)`` over each of those tables with plain sqlite3.

Run: python tests/benchmarks/bench_kpis.py [--activities 100000] [--problems 50000] [--rounds 7]
Prints medians of both, the ratio, and the KPI set's time for a quarter and an org-unit
scope. Target: the full KPI set of a year in under 250 ms. The data is written through
the wing's API tables (``Workspace.insert_many``, journaled), spread over three years.
Asserts the counts are right, never the time.
"""

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="fieldkit-bench-kpis-"))
os.environ["FIELDKIT_CONFIG_DIR"] = str(_tmp / "config")
os.environ["FIELDKIT_DATA_DIR"] = str(_tmp / "data")
os.environ.setdefault("FIELDKIT_DEVICE_ID", "benchdev0001")

KINDS = ("lecture", "visit", "rights", "befriend", "solve")
TABLES = ("activities", "activity_cadres", "problems", "problem_events", "problem_ratings")


def build(path: Path, n_activities: int, n_problems: int) -> float:
    from fieldkit.core import demo
    from fieldkit.core.store.workspace import Workspace

    started = time.perf_counter()
    rnd = random.Random(7)
    first = date(2022, 1, 1)
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)  # the directory (no forms loaded: no responses, no demo work)
        cadres = [r[0] for r in ws.query("SELECT id FROM cadres")]
        sites = [(r[0], r[1]) for r in ws.query("SELECT id, org_unit_id FROM sites")]
        rows, links = [], []
        for _ in range(n_activities):
            site, org = rnd.choice(sites)
            kinds = set(rnd.sample(KINDS, rnd.choice((1, 1, 2))))
            rows.append({"date": (first + timedelta(days=rnd.randrange(1095))).isoformat(),
                         "site_id": site, "org_unit_id": org,
                         **{f"k_{k}": int(k in kinds) for k in KINDS},
                         "workers_reached": rnd.randint(5, 80),
                         "duration": rnd.choice(("day", "day", "half"))})
        with ws.transaction():
            ids = ws.insert_many("activities", rows)
            for activity in ids:
                for cadre in rnd.sample(cadres, rnd.choice((1, 1, 2))):
                    links.append({"activity_id": activity, "cadre_id": cadre})
            ws.insert_many("activity_cadres", links)
        problems, events, ratings = [], [], []
        plan = []
        for i in range(n_problems):
            site, org = rnd.choice(sites)
            registered = first + timedelta(days=rnd.randrange(1095))
            grade = rnd.choice(("short_term", "short_term", "cross_department", "systemic"))
            resolved = registered + timedelta(days=rnd.randint(1, 90)) \
                if rnd.random() < 0.75 else None
            replied = resolved + timedelta(days=1) if resolved and rnd.random() < 0.8 else None
            closed = replied + timedelta(days=3) if replied and rnd.random() < 0.5 else None
            status = ("closed" if closed else "replied" if replied else "resolved" if resolved
                      else rnd.choice(("registered", "accepted", "in_progress")))
            iso = lambda d: d.isoformat() if d else None  # noqa: E731
            problems.append({
                "title": f"问题{i}", "grade": grade, "site_id": site, "org_unit_id": org,
                "cadre_id": rnd.choice(cadres), "category": "other",
                "lead_department": "人社局" if grade == "cross_department" else "",
                "feedback_interval_days": 14 if grade == "cross_department" else None,
                "registered_on": iso(registered),
                "deadline": iso(registered + timedelta(days=15)) if grade == "short_term" else None,
                "status": status, "resolved_on": iso(resolved), "replied_on": iso(replied),
                "closed_on": iso(closed)})
            plan.append((registered, resolved, replied, closed))
        with ws.transaction():
            pids = ws.insert_many("problems", problems)
            for pid, (registered, resolved, replied, closed) in zip(pids, plan):
                path_ = [("registered", registered)]
                if resolved:
                    path_ += [("accepted", registered), ("in_progress", registered),
                              ("resolved", resolved)]
                if replied:
                    path_.append(("replied", replied))
                    ratings.append({"problem_id": pid, "on_date": replied.isoformat(),
                                    "at": replied.isoformat(), "rating": rnd.choice(
                                        ("satisfied", "satisfied", "basic", "unsatisfied"))})
                if closed:
                    path_.append(("closed", closed))
                previous = None
                for status, day in path_:
                    events.append({"problem_id": pid, "kind": "status",
                                   "on_date": day.isoformat(), "at": day.isoformat(),
                                   "from_status": previous, "to_status": status})
                    previous = status
            ws.insert_many("problem_events", events)
            ws.insert_many("problem_ratings", ratings)
    return time.perf_counter() - started


def baseline(conn: sqlite3.Connection) -> tuple[float, dict]:
    started = time.perf_counter()
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    return time.perf_counter() - started, counts


def ours(ws, period: str, scope=None) -> tuple[float, object]:
    from fieldkit.core.work import kpis

    started = time.perf_counter()
    result = kpis.kpis(ws, period=period, scope=scope, today=date(2025, 1, 1))
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--problems", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from fieldkit.core.work.model import Scope

    path = _tmp / "kpis.fieldkit"
    print(f"building {args.activities:,} activities and {args.problems:,} problems …")
    print(f"built in {build(path, args.activities, args.problems):.1f} s")
    from fieldkit.core.store.workspace import Workspace

    conn = sqlite3.connect(path)
    ws = Workspace.open(path)
    base, mine, counts, result = [], [], {}, None
    for _ in range(args.rounds):
        t, counts = baseline(conn)
        base.append(t)
        t, result = ours(ws, "2024")
        mine.append(t)
    # (the demo directory brings its own year of work: a few hundred rows more)
    assert counts["activities"] >= args.activities and counts["problems"] >= args.problems
    assert 0 < result.activities < args.activities and 0 < result.registered < args.problems
    assert result.completion_rate is not None and result.satisfaction_rate is not None
    # the per-month summary (cadre_months) gives the figure the day rows give
    assert result.cadre_days == conn.execute(
        "SELECT sum(value) FROM cadre_days WHERE deleted = 0 AND date BETWEEN '2024-01-01'"
        " AND '2024-12-31'").fetchone()[0]
    b, m = statistics.median(base), statistics.median(mine)
    print(f"COUNT(*) over {', '.join(TABLES)}: median {b * 1000:.1f} ms ({counts})")
    print(f"kpis(2024), all scopes: median {m * 1000:.1f} ms "
          f"(activities {result.activities:,}, registered {result.registered:,}, "
          f"completion {result.completion_rate:.3f}, satisfaction {result.satisfaction_rate:.3f})")
    print(f"ratio {m / b:.2f}; full KPI set {m * 1000:.0f} ms (target < 250 ms)")
    org = ws.scalar("SELECT id FROM org_units WHERE parent_id IS NULL")
    quarter = statistics.median(ours(ws, "2024-Q2")[0] for _ in range(args.rounds))
    scoped = statistics.median(ours(ws, "2024", Scope(org_unit_id=org))[0]
                               for _ in range(args.rounds))
    ws.close()
    conn.close()
    print(f"kpis(2024-Q2): median {quarter * 1000:.1f} ms; "
          f"kpis(2024, city union with its children): median {scoped * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
