"""Kill a writer with SIGKILL at random moments; every reported commit must survive."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

WRITER = textwrap.dedent("""
    import sys
    from fieldkit.core.store.workspace import Workspace
    ws = Workspace.open(sys.argv[1], create=True)
    unit = ws.insert("org_units", {"name": "loop", "kind": "city"}) if len(sys.argv) < 3 else sys.argv[2]
    print("UNIT", unit, flush=True)
    i = 0
    while True:
        with ws.transaction():
            cid = ws.insert("cadres", {"name": f"干部{i}", "org_unit_id": unit})
            ws.update("cadres", cid, {"title": "职工之家" * (i % 5 + 1)})
        print("COMMITTED", cid, flush=True)
        i += 1
""")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_sigkill_never_loses_a_committed_write(tmp_path):
    path = tmp_path / "crash.fieldkit"
    rng = random.Random(20241212)
    committed: list[str] = []
    unit = None
    env = {**os.environ, "FIELDKIT_DEVICE_ID": "crashdev"}
    for round_ in range(25):
        args = [sys.executable, "-c", WRITER, str(path)] + ([unit] if unit else [])
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, env=env)
        buffer = b""
        deadline = time.monotonic() + rng.uniform(0.4, 1.5)
        os.set_blocking(proc.stdout.fileno(), False)
        while time.monotonic() < deadline:
            try:
                chunk = os.read(proc.stdout.fileno(), 65536)
            except BlockingIOError:
                chunk = b""
            buffer += chunk
            if not chunk:
                time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.set_blocking(proc.stdout.fileno(), True)
        buffer += proc.stdout.read()
        # only whole lines count as reported; a line cut by the kill was not
        for line in buffer.decode().split("\n")[:-1]:
            kind, value = line.split()
            if kind == "UNIT":
                unit = value
            else:
                committed.append(value)
    assert len(committed) > 50, "the writer barely ran"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    present = {r[0] for r in conn.execute("SELECT id FROM cadres")}
    journaled = {r[0]: r[1] for r in conn.execute(
        "SELECT record_id, count(*) FROM journal WHERE table_name='cadres' GROUP BY record_id")}
    missing = [c for c in committed if c not in present]
    assert missing == []
    assert all(journaled.get(c) == 2 for c in committed)
    # nothing half-done: every cadre row has both its insert and its update journaled
    assert all(journaled.get(c) == 2 for c in present)
    rows = conn.execute("SELECT changes FROM journal WHERE operation='update'").fetchall()
    assert all(json.loads(r[0]) for r in rows)
    conn.close()
