"""A workspace from before the work wing's migration opens, keeps its rows and gains the
work tables (found by content, since the lead renumbers migrations at merge)."""

import sqlite3

from fieldkit.core.work import directory
from fieldkit.core.store import schema
from fieldkit.core.work import ledger, queries
from fieldkit.core.store.workspace import Workspace


def test_upgrade_from_the_version_before_work(tmp_path, monkeypatch):
    mine = next(i for i, m in enumerate(schema.MIGRATIONS) if "CREATE TABLE activities" in m)
    path = tmp_path / "old.fieldkit"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:mine])
        m.setattr(schema, "SCHEMA_VERSION", mine)
        ws = Workspace.open(path, create=True)
        unit = directory.create(ws, directory.ORG_UNITS, {"name": "宝坻区总工会", "kind": "district"})
        site = directory.create(ws, directory.SITES, {"name": "服装厂", "kind": "enterprise",
                                                      "org_unit_id": unit})
        ws.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == mine
    conn.close()
    ws = Workspace.open(path)
    assert ws.schema_version == schema.SCHEMA_VERSION
    assert ws.get("sites", site)["name"] == "服装厂"
    pid = ledger.log_problem(ws, title="暑期托管", grade="short_term", site_id=site,
                             registered_on="2024-07-01")
    assert queries.get_problem(ws, pid)["org_unit_id"] == unit
    assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ws.close()
    assert (tmp_path / f"old.fieldkit.schema{mine}.bak").exists()
