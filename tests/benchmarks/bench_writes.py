"""Writes: 10,000 records through the core API (journal included, one transaction per
1,000) against sqlite-utils ``insert_all`` of the same rows in one transaction, no journal.

Run: python tests/benchmarks/bench_writes.py [--rounds 5]. Prints medians and the ratio
(target <= 1.5, issue 10; it was <= 3.0).
"""

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import sqlite_utils

from fieldkit.core.store import schema
from fieldkit.core.store.workspace import Workspace

N, CHUNK = 10_000, 1_000


def rows():
    return [{"name": f"第{i}号企业工会", "name_en": f"Enterprise union {i}", "kind": "enterprise"}
            for i in range(N)]


def core_api(path: Path, batched: bool = False) -> float:
    """One ``insert`` call per record, or (batched) one ``insert_many`` per 1,000."""
    ws = Workspace.open(path, create=True, device_id="benchdev")
    data = rows()
    start = time.perf_counter()
    for offset in range(0, N, CHUNK):
        if batched:
            ws.insert_many("org_units", data[offset:offset + CHUNK])
            continue
        with ws.transaction():
            for values in data[offset:offset + CHUNK]:
                ws.insert("org_units", values)
    elapsed = time.perf_counter() - start
    assert ws.scalar("SELECT count(*) FROM journal") == N
    ws.close()
    return elapsed


def baseline(path: Path) -> float:
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.executescript(schema.MIGRATIONS[0])
    data = [{"id": str(uuid.uuid4()), "device_id": "benchdev", "hlc": f"{i:013d}-0000-benchdev",
             **r} for i, r in enumerate(rows())]
    start = time.perf_counter()
    with db.conn:
        db["org_units"].insert_all(data, batch_size=N)
    elapsed = time.perf_counter() - start
    assert db["org_units"].count == N
    db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    tmp = Path(tempfile.mkdtemp())
    core, batched, base = [], [], []
    for i in range(rounds):
        base.append(baseline(tmp / f"base{i}.db"))
        core.append(core_api(tmp / f"core{i}.fieldkit"))
        batched.append(core_api(tmp / f"batch{i}.fieldkit", batched=True))
    b, c, m = (statistics.median(x) for x in (base, core, batched))
    print(f"sqlite-utils insert_all, 1 transaction, no journal:  median {b * 1000:.0f} ms")
    print(f"core API insert(), journal, 1 transaction per {CHUNK}: median {c * 1000:.0f} ms"
          f"  ratio {c / b:.2f}")
    print(f"core API insert_many(), journal, 1 per {CHUNK}:        median {m * 1000:.0f} ms"
          f"  ratio {m / b:.2f}  (target <= 1.5)")


if __name__ == "__main__":
    main()
