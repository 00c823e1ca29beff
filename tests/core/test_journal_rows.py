"""An insert's journal entry names its row by digest: the values are stored once, history and
check still see them, and damage to a value nobody has changed since is still found."""

import json
import sqlite3

import pytest

from fieldkit.core import responses
from fieldkit.core.forms.store import load_builtin_forms
from fieldkit.core.setup import open_workspace
from fieldkit.core.store import maintenance, schema
from fieldkit.core.store.workspace import Workspace, json_text

ANSWERS = {"suggestions": "暑期托管难", "work_type": "construction", "years_in_job": 7}


@pytest.fixture
def ws(tmp_path):
    with open_workspace(tmp_path / "site.fieldkit", create=True) as ws:
        load_builtin_forms(ws)
        yield ws


def entries(ws, record_id):
    return ws.query("SELECT operation, changes FROM journal WHERE record_id = ? ORDER BY seq",
                    (record_id,))


def problems(ws):
    return [(p["kind"], p["table"], p["column"]) for p in maintenance.check(ws)["problems"]]


def test_an_insert_journals_a_digest_not_a_copy(ws):
    rid = responses.start(ws, "frontline_needs", answers=ANSWERS)
    (entry,) = entries(ws, rid)
    changes = json.loads(entry["changes"])
    assert entry["operation"] == "insert" and list(changes) == ["row_digest"]
    assert len(changes["row_digest"]) == 32
    assert "暑期托管难" not in entry["changes"]  # the answer lives in the row only
    assert ws.scalar("SELECT value FROM meta WHERE key = 'journal_inserts'") == "row_digest"
    assert ws.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION


def test_history_reads_the_first_values_back_through_later_changes(ws):
    rid = responses.start(ws, "frontline_needs", answers=ANSWERS)
    responses.save_draft(ws, rid, {**ANSWERS, "suggestions": "食堂太贵", "years_in_job": 8})
    responses.save_draft(ws, rid, {"work_type": "machine_operator"})
    responses.set_review(ws, rid, "approved")
    history = ws.history("responses", rid)
    assert [e["operation"] for e in history] == ["insert", "update", "update", "update"]
    first = history[0]["changes"]
    assert json.loads(first["answers"][1]) == ANSWERS       # as created, not as now
    assert first["form_id"] == [None, "frontline_needs"]
    assert "review_state" not in first                      # its default: left out, as before
    assert history[1]["changes"]["answers"]["patch"]["suggestions"] == ["暑期托管难", "食堂太贵"]
    assert problems(ws) == []


def test_insert_many_digests_each_row_as_stored(ws):
    ids = ws.insert_many("cadres", [
        {"name": f"干部{i}", "title": "主席" if i % 2 else "", "active": i % 3 != 0}
        for i in range(50)])
    assert all(list(json.loads(e["changes"])) == ["row_digest"]
               for i in ids for e in entries(ws, i))
    assert len(ids) == 50
    history = ws.history("cadres", ids[7])
    assert history[0]["changes"] == {"name": [None, "干部7"], "title": [None, "主席"]}
    assert ws.history("cadres", ids[0])[0]["changes"]["active"] == [None, 0]  # False, stored
    assert problems(ws) == []


def test_a_changed_value_nobody_edited_is_found(ws, tmp_path):
    untouched = responses.start(ws, "frontline_needs", answers=ANSWERS)
    edited = responses.start(ws, "frontline_needs", answers=ANSWERS)
    responses.save_draft(ws, edited, {**ANSWERS, "years_in_job": 9})
    path = ws.path
    ws.close()
    conn = sqlite3.connect(path)   # damage that is still valid text and valid JSON
    with conn:
        conn.execute("UPDATE responses SET answers = replace(answers, '7', '1') WHERE id = ?",
                     (untouched,))
        conn.execute("UPDATE responses SET answers = replace(answers, '9', '3') WHERE id = ?",
                     (edited,))
    conn.close()
    with open_workspace(path) as again:
        found = problems(again)
        history = again.history("responses", untouched)
    assert ("journal", "responses", "") in found        # only the digest can tell
    assert ("journal", "responses", "answers") in found  # the walk back through the edit
    assert len(found) == 2
    assert list(history[0]["changes"]) == ["row_digest"]  # not passed off as the first values


def test_a_deleted_record_keeps_its_first_values(ws):
    rid = ws.insert("cadres", {"name": "临时干部"})
    ws.update("cadres", rid, {"name": "王临时"})
    ws.delete("cadres", rid)
    history = ws.history("cadres", rid)
    assert [e["operation"] for e in history] == ["insert", "update", "delete"]
    assert history[0]["changes"]["name"] == [None, "临时干部"]
    assert problems(ws) == []


def test_a_missing_row_is_still_noticed(ws):
    rid = ws.insert("cadres", {"name": "张三"})
    path = ws.path
    ws.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM cadres WHERE id = ?", (rid,))
    conn.close()
    with open_workspace(path) as again:
        assert ("missing", "cadres", "") in problems(again)


def test_entries_that_copied_their_values_are_still_read_and_checked(ws):
    rid = ws.insert("cadres", {"name": "李四", "phone": "13800000000"})
    ws.conn.execute("UPDATE journal SET changes = ? WHERE record_id = ?",   # the old shape
                    (json.dumps({"name": [None, "李四"], "phone": [None, "13800000000"]}), rid))
    assert ws.history("cadres", rid)[0]["changes"]["name"] == [None, "李四"]
    assert problems(ws) == []
    ws.conn.execute("UPDATE cadres SET phone = '13900000000' WHERE id = ?", (rid,))
    assert ("journal", "cadres", "phone") in problems(ws)


def test_a_column_added_later_keeps_older_digests_valid(tmp_path):
    path = tmp_path / "w.fieldkit"
    with Workspace.open(path, create=True) as ws:
        rid = ws.insert("cadres", {"name": "赵六"})
        ws.conn.execute("ALTER TABLE cadres ADD COLUMN nickname TEXT NOT NULL DEFAULT ''")
        ws.conn.execute("ALTER TABLE cadres ADD COLUMN rank INTEGER")
    with Workspace.open(path) as ws:
        assert problems(ws) == []
        assert ws.history("cadres", rid)[0]["changes"]["name"] == [None, "赵六"]


def test_json_object_fields_and_blobs_are_digested_as_stored(ws, tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"\xff\xd8\x00" * 300)
    from fieldkit.core.store import attachments

    attachments.add(ws, photo)
    attachment = ws.scalar("SELECT id FROM attachments")
    batch = ws.insert("import_batches", {"form_record_id": ws.scalar("SELECT id FROM forms"),
                                         "form_id": "x", "file_name": "a.xlsx",
                                         "mapping": json_text({"b": 1, "a": [1, 2]}),
                                         "imported_at": "2024-01-01T00:00:00+08:00"})
    assert problems(ws) == []
    changes = ws.history("attachments", attachment)[0]["changes"]
    assert changes["data"][1]["size"] == 900
    assert ws.history("import_batches", batch)[0]["changes"]["mapping"] == [
        None, '{"a":[1,2],"b":1}']


def test_values_sqlite_converts_are_digested_as_stored(ws):
    """A value given in another type than its column's (a number into a text column, text
    into an integer one, a whole number into a real one, True) is digested as SQLite stored
    it: the row is read back, and check agrees."""
    a = ws.insert("cadres", {"name": 12345, "phone": 13800000000, "active": True})
    b = ws.insert("cadres", {"name": "王五", "active": "1"})
    many = ws.insert_many("cadres", [{"name": 7, "active": False}, {"name": "赵", "active": 1}])
    assert ws.get("cadres", a)["name"] == "12345" and ws.get("cadres", b)["active"] == 1
    assert problems(ws) == []
    assert ws.history("cadres", a)[0]["changes"]["phone"] == [None, "13800000000"]
    assert ws.history("cadres", many[0])[0]["changes"]["name"] == [None, "7"]


def test_a_workspace_whose_inserts_copied_their_values_checks_clean(tmp_path):
    """A workspace written before the digest journal (every insert entry a copy of its
    values, as ``history`` materialises them) is read and checked the same: the demo's whole
    journal rewritten into the old shape checks clean, and a changed value is still found."""
    from fieldkit.core import demo

    path = tmp_path / "old.fieldkit"
    with open_workspace(path, create=True) as ws:
        demo.build_demo(ws)
        keys = ws.query("SELECT DISTINCT table_name, record_id FROM journal")
        rewritten = 0
        with ws.transaction():
            for key in keys:
                for entry in ws.history(key["table_name"], key["record_id"]):
                    if entry["operation"] != "insert":
                        continue
                    assert "row_digest" not in entry["changes"], key
                    ws.conn.execute("UPDATE journal SET changes = ? WHERE seq = ?",
                                    (json.dumps(entry["changes"], ensure_ascii=False),
                                     entry["seq"]))
                    rewritten += 1
        assert rewritten > 500
        assert ws.scalar("SELECT count(*) FROM journal WHERE changes LIKE '%row_digest%'") == 0
        assert problems(ws) == []
        rid = ws.scalar("SELECT id FROM responses WHERE deleted = 0 LIMIT 1")
        ws.conn.execute("UPDATE responses SET review_comment = 'x' WHERE id = ?", (rid,))
        assert ("journal", "responses", "review_comment") in problems(ws)
