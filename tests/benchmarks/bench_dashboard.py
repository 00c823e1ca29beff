"""The work dashboard's whole load (``fieldkit.ui.dashboard.ops.dashboard``: this month's
and this year's KPI sets, twelve monthly KPI sets for the chart, the overdue list, the
cadres behind, leaders without focus, recent activity, the overview) against the least it
must do: one KPI set of the year (``kpis.kpis``), on the same workspace in the same process.

Run: python tests/benchmarks/bench_dashboard.py [--activities 100000] [--problems 50000]
[--rounds 7]. First on the demo (``fieldkit demo``'s year of work), then on a workspace
built like bench_kpis.py's. Prints medians and the ratio. Target: the dashboard loads in
under 300 ms on the demo (issue 14). Asserts the figures are there, never the time.
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_kpis  # noqa: E402  (sets private config folders before fieldkit is imported)


def measure(ws, today: date, rounds: int) -> tuple[float, float, dict]:
    from fieldkit.core.work import kpis
    from fieldkit.ui.dashboard import ops

    base, mine, data = [], [], {}
    for _ in range(rounds):
        started = time.perf_counter()
        kpis.kpis(ws, period=str(today.year), today=today)
        base.append(time.perf_counter() - started)
        started = time.perf_counter()
        data = ops.dashboard(ws, None, today)
        mine.append(time.perf_counter() - started)
    assert len(data["chart"]) == 12 and data["kpis_year"]["activities"] > 0
    return statistics.median(base), statistics.median(mine), data


def report(name: str, base: float, mine: float, data: dict, target: str) -> None:
    year = data["kpis_year"]
    print(f"{name}: kpis(year) median {base * 1000:.1f} ms; dashboard median "
          f"{mine * 1000:.1f} ms (year: {year['activities']:,} activities, "
          f"{year['resolved']:,} resolved; {len(data['overdue'])} overdue listed)")
    print(f"  ratio {mine / base:.2f}; {target}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--problems", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace
    from fieldkit.core.store.workspace import Workspace

    path = bench_kpis._tmp / "demo.fieldkit"
    ws = open_workspace(path, create=True)
    demo.build_demo(ws)
    base, mine, data = measure(ws, date.today(), args.rounds)
    ws.close()
    report("demo", base, mine, data, f"dashboard {mine * 1000:.0f} ms (target < 300 ms)")

    path = bench_kpis._tmp / "large.fieldkit"
    print(f"building {args.activities:,} activities and {args.problems:,} problems …")
    print(f"built in {bench_kpis.build(path, args.activities, args.problems):.1f} s")
    ws = Workspace.open(path)
    base, mine, data = measure(ws, date(2024, 12, 15), args.rounds)
    ws.close()
    report("large", base, mine, data, f"dashboard {mine * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
