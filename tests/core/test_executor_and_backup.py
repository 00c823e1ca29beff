import sqlite3
import threading
import time

import pytest

from fieldkit.core.store import maintenance
from fieldkit.core.errors import Cancelled, WorkspaceError
from fieldkit.core.executor import WorkspaceExecutor
from fieldkit.core.progress import CancelToken, Progress, run_cancellable


def test_executor_runs_everything_on_one_thread(tmp_path):
    executor = WorkspaceExecutor()
    try:
        ws = executor.open(tmp_path / "w.fieldkit", create=True).result(10)
        threads = [executor.submit(lambda ws: threading.get_ident()).result(10) for _ in range(5)]
        assert len(set(threads)) == 1 and threads[0] != threading.get_ident()
        futures = [executor.submit(lambda ws, i=i: ws.insert("org_units", {"name": f"U{i}",
                                                                           "kind": "city"}))
                   for i in range(50)]
        ids = [f.result(10) for f in futures]
        assert executor.submit(lambda ws: ws.scalar("SELECT count(*) FROM org_units")).result() == 50
        assert len(set(ids)) == 50
        failing = executor.submit(lambda ws: ws.insert("cadres", {"name": "x", "org_unit_id": "no"}))
        with pytest.raises(sqlite3.IntegrityError):
            failing.result(10)
        assert ws.workspace_id  # cached: readable from this thread without the connection
    finally:
        executor.shutdown()


def test_progress_reports_and_cancels():
    seen = []
    token = CancelToken()
    progress = Progress(10, lambda d, t, m: seen.append((d, t)), token, every=3)
    for i in range(1, 6):
        progress.step(i)
    assert seen == [(3, 10)]
    token.cancel()
    with pytest.raises(Cancelled):
        progress.step(6)


def test_native_work_is_left_behind_when_cancelled():
    """Work that cannot look at a token (calamine parsing a sheet) runs on a helper thread;
    Cancel answers at once, not when the work ends."""
    token = CancelToken()
    release = threading.Event()
    threading.Timer(0.1, token.cancel).start()
    start = time.perf_counter()
    with pytest.raises(Cancelled):
        run_cancellable(lambda: release.wait(10), token)
    assert time.perf_counter() - start < 1.0
    release.set()
    assert run_cancellable(lambda: 42, CancelToken()) == 42
    assert run_cancellable(lambda: 43, None) == 43
    with pytest.raises(ZeroDivisionError):
        run_cancellable(lambda: 1 / 0, CancelToken())


def test_backup_is_a_consistent_copy(demo_workspace, tmp_path):
    ticks = []
    target = maintenance.backup(demo_workspace, tmp_path / "copy.fieldkit",
                                progress=lambda d, t, m: ticks.append((d, t)))
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM cadres").fetchone()[0] == \
        demo_workspace.scalar("SELECT count(*) FROM cadres")
    conn.close()
    assert ticks and ticks[-1][0] == ticks[-1][1]
    with pytest.raises(WorkspaceError, match="already exists"):
        maintenance.backup(demo_workspace, target)
    with pytest.raises(WorkspaceError, match="does not exist"):
        maintenance.backup(demo_workspace, tmp_path / "no" / "such" / "dir.fieldkit")


def test_cancelled_backup_leaves_no_file(demo_workspace, tmp_path):
    with demo_workspace.transaction():  # make the file span several backup steps
        for i in range(1000):
            demo_workspace.insert("org_units", {"name": f"单位{i}" * 100, "kind": "enterprise"})
    token = CancelToken()

    def progress(done, total, message):
        token.cancel()
    with pytest.raises(Cancelled):
        maintenance.backup(demo_workspace, tmp_path / "c.fieldkit", progress=progress, cancel=token)
    assert list(tmp_path.glob("c.fieldkit*")) == []


def test_check_reports_counts(demo_workspace):
    report = maintenance.check(demo_workspace)
    assert report["ok"] and report["integrity"] == "ok"
    assert report["counts"]["org_units"] == 9
    assert report["counts"]["journal"] == sum(report["counts"][t] for t in
                                              ("org_units", "cadres", "sites"))
