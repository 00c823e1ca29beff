"""A workspace from before the interviews migration opens, keeps its rows and gains the
interview tables (found by content, since the lead renumbers migrations at merge)."""

import sqlite3

from fieldkit.core.work import directory
from fieldkit.core.store import schema
from fieldkit.core.interviews import codes, notes, segments
from fieldkit.core.store.workspace import Workspace


def test_upgrade_from_the_version_before_interviews(tmp_path, monkeypatch):
    mine = next(i for i, m in enumerate(schema.MIGRATIONS)
                if "CREATE TABLE interview_notes" in m)
    path = tmp_path / "old.fieldkit"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:mine])
        m.setattr(schema, "SCHEMA_VERSION", mine)
        ws = Workspace.open(path, create=True)
        site = directory.create(ws, directory.SITES, {"name": "奥城驿站", "kind": "station"})
        ws.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == mine
    conn.close()
    ws = Workspace.open(path)
    try:
        assert ws.schema_version == schema.SCHEMA_VERSION
        note = notes.create_note(ws, title="快递员", body="吃饭难，休息难", site_id=site,
                                 source_hash="abc")
        code = codes.add_code(ws, "吃饭休息")
        segments.apply_codes(ws, note, 0, 3, [code])
        assert notes.get_note(ws, note).site_name == "奥城驿站"
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        ws.close()
