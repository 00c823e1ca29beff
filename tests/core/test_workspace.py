import sqlite3
import threading

import pytest

from fieldkit.core.store import schema
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.store.workspace import Workspace


def test_new_workspace_has_safe_pragmas(workspace):
    conn = workspace.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert workspace.schema_version == schema.SCHEMA_VERSION
    assert len(workspace.workspace_id) == 36


def test_insert_and_update_are_journaled(workspace):
    unit = workspace.insert("org_units", {"name": "河西区总工会", "kind": "district"})
    row = workspace.get("org_units", unit)
    assert row["device_id"] == workspace.device_id
    assert len(row["id"]) == 36
    first_hlc = row["hlc"]
    changes = workspace.update("org_units", unit, {"name": "河西区总工会（新）", "kind": "district"})
    assert changes == {"name": ["河西区总工会", "河西区总工会（新）"]}
    row = workspace.get("org_units", unit)
    assert row["hlc"] > first_hlc
    history = workspace.history("org_units", unit)
    assert [h["operation"] for h in history] == ["insert", "update"]
    assert history[0]["changes"]["name"] == [None, "河西区总工会"]
    assert history[1]["changes"] == {"name": ["河西区总工会", "河西区总工会（新）"]}
    assert history[1]["hlc"] == row["hlc"]
    assert history[1]["wall_time"][-6] in "+-"  # wall time carries its UTC offset
    assert workspace.update("org_units", unit, {"kind": "district"}) == {}
    assert len(workspace.history("org_units", unit)) == 2


def test_failed_action_writes_nothing(workspace):
    before = workspace.scalar("SELECT count(*) FROM journal")
    with pytest.raises(RuntimeError):
        with workspace.transaction():
            workspace.insert("org_units", {"name": "A", "kind": "city"})
            workspace.insert("org_units", {"name": "B", "kind": "city"})
            raise RuntimeError("power cut")
    assert workspace.scalar("SELECT count(*) FROM org_units") == 0
    assert workspace.scalar("SELECT count(*) FROM journal") == before


def test_foreign_keys_are_enforced(workspace):
    with pytest.raises(sqlite3.IntegrityError):
        workspace.insert("cadres", {"name": "X", "org_unit_id": "missing"})
    assert workspace.scalar("SELECT count(*) FROM journal") == 0


def test_identity_columns_cannot_be_written(workspace):
    with pytest.raises(ValueError):
        workspace.insert("org_units", {"name": "A", "kind": "city", "hlc": "x"})
    with pytest.raises(ValueError):
        workspace.insert("org_units", {"name": "A", "kind": "city", "nonsense": 1})


def test_hlc_survives_a_clock_going_backwards(tmp_path):
    ws = Workspace.open(tmp_path / "w.fieldkit", create=True)
    ws.clock._wall = lambda: 2_000_000_000_000
    a = ws.insert("org_units", {"name": "A", "kind": "city"})
    ws.close()
    ws = Workspace.open(tmp_path / "w.fieldkit")
    ws.clock._wall = lambda: 1_000_000_000_000  # the laptop's clock was reset
    b = ws.insert("org_units", {"name": "B", "kind": "city"})
    assert ws.get("org_units", b)["hlc"] > ws.get("org_units", a)["hlc"]
    ws.close()


def _snapshot(path):
    files = sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name))
    return {p.name: p.read_bytes() for p in files}


@pytest.mark.parametrize("content", [b"", b"hello, this is a text file\n" * 50,
                                     b"PK\x03\x04" + b"\x00" * 200])
def test_not_a_workspace_is_refused_and_left_alone(tmp_path, content):
    path = tmp_path / "notes.fieldkit"
    path.write_bytes(content)
    before = _snapshot(path)
    with pytest.raises(WorkspaceError) as err:
        Workspace.open(path)
    assert str(path) in err.value.message()
    assert _snapshot(path) == before


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(WorkspaceError, match="not a fieldkit workspace"):
        Workspace.open(path)
    assert _snapshot(path) == before


def test_newer_workspace_is_refused_in_chinese(tmp_path):
    from fieldkit.core import i18n

    path = tmp_path / "new.fieldkit"
    Workspace.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceError) as err:
        Workspace.open(path)
    assert "newer version" in err.value.message("en")
    assert "更新版本" in err.value.message("zh_CN")
    i18n.set_language("zh_CN")
    assert "请升级 fieldkit" in str(err.value)


def test_read_only_file_opens_for_reading_and_refuses_writes(tmp_path):
    path = tmp_path / "ro.fieldkit"
    ws = Workspace.open(path, create=True)
    ws.insert("org_units", {"name": "河西区总工会", "kind": "district"})
    ws.close()
    path.chmod(0o444)
    before = _snapshot(path)
    try:
        ws = Workspace.open(path)
        assert ws.read_only and ws.scalar("SELECT count(*) FROM org_units") == 1
        with pytest.raises(WorkspaceError, match="read-only") as err:
            ws.insert("org_units", {"name": "X", "kind": "city"})
        assert "只读" in err.value.message("zh_CN")
        ws.close()
    finally:
        path.chmod(0o644)
    assert _snapshot(path) == before


def test_locked_workspace_gives_clear_message(tmp_path):
    path = tmp_path / "locked.fieldkit"
    Workspace.open(path, create=True).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(WorkspaceError, match="in use by another program"):
            Workspace.open(path, busy_timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_missing_drive_and_missing_file(tmp_path):
    with pytest.raises(WorkspaceError, match="USB drive"):
        Workspace.open(tmp_path / "E-drive" / "ws.fieldkit")
    with pytest.raises(WorkspaceError, match="no workspace"):
        Workspace.open(tmp_path / "absent.fieldkit")
    assert not (tmp_path / "absent.fieldkit").exists()
    with pytest.raises(WorkspaceError, match="folder"):
        Workspace.open(tmp_path)


def test_connection_belongs_to_its_thread(workspace):
    errors = []

    def other():
        try:
            workspace.scalar("SELECT 1")
        except sqlite3.ProgrammingError as exc:
            errors.append(exc)
    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert errors


def test_new_workspace_has_8k_pages_and_an_old_one_keeps_its_own(tmp_path, monkeypatch):
    """Responses and journal entries of 1-2 KB fill 8 KB pages better than 4 KB ones; a
    workspace made before keeps the page size it was made with and works as before."""
    from fieldkit.core.store import workspace as module

    with Workspace.open(tmp_path / "new.fieldkit", create=True) as ws:
        assert ws.conn.execute("PRAGMA page_size").fetchone()[0] == module.PAGE_SIZE == 8192
    old = tmp_path / "old.fieldkit"
    monkeypatch.setattr(module, "PAGE_SIZE", 4096)
    with Workspace.open(old, create=True) as ws:
        site = ws.insert("sites", {"name": "天津港", "kind": "enterprise"})
    monkeypatch.undo()
    with Workspace.open(old) as ws:
        assert ws.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert ws.get("sites", site)["name"] == "天津港"
        ws.update("sites", site, {"name": "天津港集装箱码头"})
    with Workspace.open(old) as ws:
        assert ws.get("sites", site)["name"] == "天津港集装箱码头"
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
