"""A workspace from before the forms-media migration opens, keeps its forms and can then
store forms with files (the migration is found by content: the lead renumbers at merge)."""

import sqlite3

from fieldkit.core.store import schema
from fieldkit.core.forms.store import get_form, get_media, import_form, list_forms
from fieldkit.core.store.workspace import Workspace

from fieldkit_testing import write_xlsx

SITES_CSV = "name,label\nlhasa,拉萨\n".encode()
LOOKUP_FORM = [["type", "name", "label"], ["select_one_from_file sites.csv", "site", "Which site?"]]


def write_form(folder, rows, form_id="media_form"):
    path = folder / f"{form_id}.xlsx"
    write_xlsx(path, rows, title="survey")
    return path


def test_upgrade_from_the_version_before_form_media(tmp_path, monkeypatch):
    mine = next(i for i, m in enumerate(schema.MIGRATIONS) if "CREATE TABLE form_media" in m)
    path = tmp_path / "old.fieldkit"
    plain = [["type", "name", "label"], ["text", "worker", "姓名"], ["integer", "age", "年龄"]]
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:mine])
        m.setattr(schema, "SCHEMA_VERSION", mine)
        ws = Workspace.open(path, create=True)
        import_form(ws, write_form(tmp_path, plain, form_id="old_form"))
        ws.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == mine
    conn.close()
    ws = Workspace.open(path)
    assert ws.schema_version == schema.SCHEMA_VERSION
    assert [f["form_id"] for f in list_forms(ws)] == ["old_form"]
    assert get_form(ws, "old_form").find("age").label == {"": "年龄"}
    assert get_media(ws, "old_form").files == {}
    (tmp_path / "sites.csv").write_bytes(SITES_CSV)
    assert import_form(ws, write_form(tmp_path, LOOKUP_FORM)).files == ["sites.csv"]
    assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ws.close()
    assert (tmp_path / f"old.fieldkit.schema{mine}.bak").exists()
