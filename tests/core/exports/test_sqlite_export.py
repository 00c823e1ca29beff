"""The SQLite analysis database, opened with sqlite3 and sqlite-utils."""

import sqlite3

import sqlite_utils

from export_testing import add
from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.responses.query import ResponseFilter

HOSTILE = "=HYPERLINK(\"http://x\")\n第二行😀" + "字" * 10_000


def export(ws, target, **options):
    return export_responses(ws, ResponseFilter("family_survey"), target,
                            ExportOptions(format="sqlite", **options))


def test_tables_foreign_keys_labels_and_view(export_ws, tmp_path):
    old = add(export_ws, "1", {"age": 30, "old_only": "旧", "needs": "rest meals",
                               "work_type": "port", "notes": HOSTILE})
    new = add(export_ws, "2", {"age": "41", "hours": "8.5", "needs": "training", "family": [
        {"member": "儿子", "member_age": 9, "schools": [{"school": "一小"}]},
        {"member": "女儿"}]}, final=True)
    result = export(export_ws, tmp_path / "a.sqlite")
    assert result.responses == 2 and result.entries == {"family": 2, "schools": 1}
    db = sqlite_utils.Database(tmp_path / "a.sqlite")
    assert {"family_survey", "family_survey__family", "family_survey__schools", "labels",
            "value_labels", "export_info"} <= set(db.table_names())
    assert "family_survey_labelled" in db.view_names()
    rows = {r["_id"]: r for r in db["family_survey"].rows}
    assert rows[old]["notes"] == HOSTILE and rows[old]["old_only"] == "旧"
    assert rows[old]["needs"] == "rest meals" and rows[old]["needs__meals"] == 1
    assert rows[old]["needs__training"] == 0 and rows[old]["hours"] is None
    assert rows[new]["age"] == 41 and rows[new]["hours"] == 8.5 and rows[new]["old_only"] is None
    assert rows[new]["_status"] == "complete"
    assert "worker_name" not in rows[new]
    fks = {(fk.column, fk.other_table) for fk in db["family_survey__schools"].foreign_keys}
    assert fks == {("_parent_id", "family_survey__family"), ("_response_id", "family_survey")}
    family = list(db["family_survey__family"].rows)
    school = next(db["family_survey__schools"].rows)
    assert school["_parent_id"] == family[0]["_id"] and school["_response_id"] == new
    labelled = {r["_id"]: r for r in db["family_survey_labelled"].rows}
    assert labelled[old]["work_type"] == "Port" and labelled[old]["needs"] == "Resting, Eating"
    assert labelled[new]["_status"] == "Complete"
    label = db.execute("SELECT label FROM labels WHERE table_name = 'family_survey' AND "
                       "column_name = 'needs__childcare'").fetchone()[0]
    assert label == "Services needed: Summer childcare"
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    import pandas

    frame = pandas.read_sql("SELECT * FROM family_survey_labelled", conn)
    assert len(frame) == 2 and set(frame["work_type"].dropna()) == {"Port"}
    info = dict(conn.execute("SELECT item, value FROM export_info").fetchall())
    assert "left out" in info["Personal data"]


def test_zero_responses_and_personal(export_ws, tmp_path):
    result = export(export_ws, tmp_path / "z.sqlite")
    assert result.responses == 0
    db = sqlite_utils.Database(tmp_path / "z.sqlite")
    assert db["family_survey"].count == 0 and "age" in db["family_survey"].columns_dict
    add(export_ws, "2", {"worker_name": "张三", "phone": "13800000000"})
    export(export_ws, tmp_path / "p.sqlite", include_personal=True)
    db = sqlite_utils.Database(tmp_path / "p.sqlite")
    row = next(db["family_survey"].rows)
    assert row["worker_name"] == "张三" and row["phone"] == "13800000000"
    first = db.execute("SELECT item, value FROM export_info ORDER BY position").fetchone()
    assert "contains personal data" in first[1]
    assert db.execute("SELECT personal FROM labels WHERE column_name = 'phone'").fetchone() == (1,)


def test_export_again_replaces_the_file(export_ws, tmp_path):
    add(export_ws, "2", {"age": 1})
    export(export_ws, tmp_path / "r.sqlite")
    add(export_ws, "2", {"age": 2})
    assert export(export_ws, tmp_path / "r.sqlite").responses == 2
    assert sqlite_utils.Database(tmp_path / "r.sqlite")["family_survey"].count == 2
    assert list(tmp_path.glob(".fieldkit-*")) == []
