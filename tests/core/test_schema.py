"""Opening a workspace made by an older schema upgrades it, keeping its data."""

import sqlite3

from fieldkit.core.store import schema
from fieldkit.core.store.workspace import Workspace


def build_first_migration_workspace(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(schema.MIGRATIONS[0])
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta VALUES ('workspace_id', 'old-ws')")
    conn.execute("INSERT INTO org_units (id, device_id, hlc, name, kind) VALUES "
                 "('u1', 'olddev', '0001700000000000-0000-olddev', '宝坻区总工会', 'district')")
    conn.execute("INSERT INTO journal (hlc, wall_time, device_id, table_name, record_id, operation,"
                 " changes) VALUES ('0001700000000000-0000-olddev', '2023-11-14T10:00:00+08:00',"
                 " 'olddev', 'org_units', 'u1', 'insert', '{}')")
    conn.close()


def test_upgrade_from_first_migration(tmp_path):
    path = tmp_path / "old.fieldkit"
    build_first_migration_workspace(path)
    ws = Workspace.open(path)
    assert ws.schema_version == schema.SCHEMA_VERSION
    assert ws.workspace_id == "old-ws"
    assert ws.get("org_units", "u1")["name"] == "宝坻区总工会"
    # the new tables work, and the clock continues after the old stamps
    site = ws.insert("sites", {"name": "新开口镇服装加工厂", "kind": "enterprise", "org_unit_id": "u1"})
    assert ws.get("sites", site)["hlc"] > "0001700000000000-0000-olddev"
    assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ws.close()
    backup = tmp_path / "old.fieldkit.schema1.bak"
    assert backup.exists()
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_failed_migration_leaves_old_version(tmp_path, monkeypatch):
    path = tmp_path / "old.fieldkit"
    build_first_migration_workspace(path)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, "CREATE TABLE broken (;"])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    try:
        Workspace.open(path, backup_before_upgrade=False)
    except Exception:
        pass
    conn = sqlite3.connect(path)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    # the good migrations were applied and committed; the broken last one left no trace
    assert version == len(schema.MIGRATIONS) - 1
    assert "sites" in tables and "broken" not in tables


def test_migrations_are_append_only_and_versioned():
    assert schema.SCHEMA_VERSION == len(schema.MIGRATIONS) >= 2
    for table in schema.SYNCED_TABLES:
        assert any(f"CREATE TABLE {table}" in m for m in schema.MIGRATIONS)
