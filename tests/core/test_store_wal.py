"""A '-wal' left by a killed fieldkit: applied when it is the file's own, set aside when the
file was replaced under it, and the file alone after a crash is known to be incomplete.

The leftover logs are real: a child process commits and is then SIGKILLed.
"""

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap

from fieldkit.core.store import wal_guard
from fieldkit.core.store.workspace import Workspace

WRITER = textwrap.dedent("""
    import sys, time
    from fieldkit.core.store.workspace import Workspace
    ws = Workspace.open(sys.argv[1])
    with ws.transaction():
        for i in range(int(sys.argv[2])):
            ws.insert("org_units", {"name": f"killed-{i}", "kind": "city"})
    print("COMMITTED", flush=True)
    time.sleep(60)
""")


def kill_after_commit(path, rows=5):
    """Commit ``rows`` org units in a child process, then SIGKILL it: the commit lives
    only in ``-wal``."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(rows)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "COMMITTED"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    wal = wal_guard.wal_path(path)
    assert wal.exists() and wal.stat().st_size > 0
    return wal


def make_workspace(path, units):
    ws = Workspace.open(path, create=True)
    ws.insert_many("org_units", [{"name": f"{path.stem}-{i}", "kind": "city"}
                                 for i in range(units)])
    ws.close()
    assert not wal_guard.wal_path(path).exists()  # a clean close leaves the one file


def org_units(path):
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM org_units").fetchone()[0]
    finally:
        conn.close()


def test_own_log_after_a_kill_is_recovered_into_the_file(tmp_path):
    path = tmp_path / "site.fieldkit"
    make_workspace(path, 3)
    kill_after_commit(path, rows=5)
    assert org_units(path) == 3  # the file alone lacks the commit: it is in -wal
    ws = Workspace.open(path)
    try:
        assert ws.scalar("SELECT count(*) FROM org_units") == 8
        assert any("not closed cleanly" in n.message() for n in ws.notices)
        from fieldkit.core.store import maintenance

        report = maintenance.check(ws)
        assert report["ok"] and report["last_unclean_close"]["log_recovered"] is True
        # recovered and checkpointed at open: a copy of the file alone now holds everything
        copy = tmp_path / "copy.fieldkit"
        shutil.copyfile(path, copy)
        assert org_units(copy) == 8
    finally:
        ws.close()
    assert not list(tmp_path.glob("*.orphan-wal"))


def test_another_workspace_copied_over_a_pending_log_is_not_damaged(tmp_path):
    """The issue's case: import, SIGKILL after commit, copy another workspace over the
    first, open: the stale log must not be applied."""
    path = tmp_path / "site.fieldkit"
    other = tmp_path / "other.fieldkit"
    make_workspace(path, 3)
    make_workspace(other, 400)
    wal = kill_after_commit(path, rows=50)
    stale = wal.read_bytes()
    shutil.copyfile(other, path)
    ws = Workspace.open(path)
    try:
        assert ws.scalar("SELECT count(*) FROM org_units") == 400
        assert ws.scalar("PRAGMA integrity_check") == "ok"
        orphans = list(tmp_path.glob("site.fieldkit-*.orphan-wal"))
        assert len(orphans) == 1 and orphans[0].read_bytes() == stale  # kept, not deleted
        assert any(str(orphans[0]) in n.message() for n in ws.notices)
        assert "未应用" in ws.notices[0].message("zh_CN")
    finally:
        ws.close()
    assert org_units(path) == 400


def test_an_older_copy_of_the_same_workspace_is_protected_too(tmp_path):
    """Copying back an older raw copy of the same workspace (same workspace id) over a file
    with a pending log must not apply the log either."""
    path = tmp_path / "site.fieldkit"
    make_workspace(path, 3)
    old = tmp_path / "old-copy.fieldkit"
    shutil.copyfile(path, old)
    ws = Workspace.open(path)
    ws.insert_many("org_units", [{"name": f"later-{i}", "kind": "city"} for i in range(300)])
    ws.close()
    kill_after_commit(path, rows=20)
    shutil.copyfile(old, path)
    ws = Workspace.open(path)
    try:
        assert ws.scalar("PRAGMA integrity_check") == "ok"
        assert ws.scalar("SELECT count(*) FROM org_units") == 3
    finally:
        ws.close()
    assert len(list(tmp_path.glob("*.orphan-wal"))) == 1


def test_a_log_copied_with_its_file_still_applies(tmp_path):
    """Moving a crashed workspace together with its -wal keeps them tied."""
    path = tmp_path / "site.fieldkit"
    make_workspace(path, 3)
    wal = kill_after_commit(path, rows=5)
    moved = tmp_path / "usb" / "site.fieldkit"
    moved.parent.mkdir()
    shutil.copyfile(path, moved)
    shutil.copyfile(wal, wal_guard.wal_path(moved))
    ws = Workspace.open(moved)
    try:
        assert ws.scalar("SELECT count(*) FROM org_units") == 8
    finally:
        ws.close()


def test_the_file_alone_after_a_crash_is_reported_incomplete(tmp_path):
    path = tmp_path / "site.fieldkit"
    make_workspace(path, 3)
    kill_after_commit(path, rows=5)
    alone = tmp_path / "alone.fieldkit"
    shutil.copyfile(path, alone)  # "a workspace is one file": but this one was still open
    ws = Workspace.open(alone)
    try:
        texts = [n.message() for n in ws.notices]
        assert any("may be missing" in t for t in texts), texts
        from fieldkit.core.store import maintenance

        unclean = maintenance.check(ws)["last_unclean_close"]
        assert unclean["log_recovered"] is False and unclean["open_since"]
    finally:
        ws.close()


def test_a_log_in_use_by_another_connection_is_left_alone(tmp_path):
    path = tmp_path / "site.fieldkit"
    make_workspace(path, 3)
    first = Workspace.open(path)
    try:
        with first.transaction():  # uncheckpointed commits in a live log
            first.insert("org_units", {"name": "live", "kind": "city"})
        assert wal_guard.in_use(path)
        second = Workspace.open(path)
        try:
            assert second.scalar("SELECT count(*) FROM org_units") == 4
            assert not second.notices
        finally:
            second.close()
        assert first.scalar("SELECT count(*) FROM org_units") == 4
    finally:
        first.close()
    assert not list(tmp_path.glob("*.orphan-wal"))


def test_large_writes_are_checkpointed_into_the_file(tmp_path, monkeypatch):
    from fieldkit.core.store import workspace as workspace_module

    monkeypatch.setattr(workspace_module, "CHECKPOINT_BYTES", 64 * 1024)
    path = tmp_path / "big.fieldkit"
    ws = Workspace.open(path, create=True)
    try:
        ws.insert_many("org_units", [{"name": "职工之家" * 20, "kind": "city"}] * 2000)
        assert wal_guard.wal_path(path).stat().st_size < 64 * 1024
        assert org_units(path) == 2000  # in the file itself, not only in -wal
        ws.insert("org_units", {"name": "one more", "kind": "city"})
        assert ws.checkpoint() is True
        assert org_units(path) == 2001
    finally:
        ws.close()


def test_a_program_opening_it_at_the_same_moment_is_not_told_it_was_left_open(tmp_path,
                                                                                monkeypatch):
    """Two programs opening one workspace at once: the second may look for the first's lock
    before the first holds it, then find the first's 'open since' mark. The mark names its
    process and file, so the second sees a live program, not an unclean close; a copy of the
    file, or a mark left by a process that has ended, is still reported."""
    path = tmp_path / "site.fieldkit"
    make_workspace(path, 1)
    first = Workspace.open(path)
    try:
        # the race: the second looked for a lock and a log before the first had either
        monkeypatch.setattr(wal_guard, "inspect", lambda p: wal_guard.GuardResult())
        second = Workspace.open(path)
        assert not second.notices, [n.message() for n in second.notices]
        second.close()
        monkeypatch.undo()
        copy = tmp_path / "copy.fieldkit"
        shutil.copyfile(path, copy)
        copied = Workspace.open(copy)
        assert any("may be missing" in n.message() for n in copied.notices)
        copied.close()
    finally:
        first.close()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True).stdout.strip()
    import json
    import socket

    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('open_since', ?)", (
            json.dumps({"since": "2026-12-03T08:00:00+08:00", "pid": int(ended),
                        "host": socket.gethostname(), "file": f"{path.resolve()}:"
                        f"{path.stat().st_ino}"}),))
    conn.close()
    third = Workspace.open(path)
    try:
        texts = [n.message() for n in third.notices]
        assert any("2026-12-03T08:00:00+08:00" in t for t in texts), texts
    finally:
        third.close()
