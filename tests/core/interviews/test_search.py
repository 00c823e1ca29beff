"""Full-text search over interview notes in Chinese, kept up to date by triggers, and the
one search box over notes, questionnaire answers and problems."""

from analysis_fixtures import coded  # noqa: F401  (fixture)
from fieldkit.core.interviews.search import (find_spans, search_everything, search_notes,
                                             snippet)
from fieldkit.core.responses.search_index import gram_query


def titles(result):
    return sorted(h.title for h in result.hits)


def test_two_character_query_finds_longer_phrase(coded):
    result = search_notes(coded.ws, "托管")
    assert result.total == 2                                   # N4 is deleted
    assert titles(result) == ["快递员谈心", "高原铁路工人访谈"]
    newest = result.hits[0]
    assert newest.title == "快递员谈心"                         # newest interview first
    body = coded.ws.get("interview_notes", newest.note_id)["body"]
    assert [body[s:e] for s, e in newest.body_spans] == ["托管"]
    assert "暑期托管难" in body
    assert search_notes(coded.ws, "托管", include_deleted=True).total == 3


def test_one_three_and_several_terms(coded):
    ws = coded.ws
    assert titles(search_notes(ws, "薪")) == []
    assert search_notes(ws, "班").total == 1
    assert titles(search_notes(ws, "暑期托管难")) == ["快递员谈心", "高原铁路工人访谈"]
    assert titles(search_notes(ws, "暑期托管难找")) == ["快递员谈心"]
    assert titles(search_notes(ws, "担心 身体")) == ["高原铁路工人访谈"]
    assert titles(search_notes(ws, "担心  托管")) == ["高原铁路工人访谈"]
    assert search_notes(ws, "   ").total == 0
    assert titles(search_notes(ws, "夜班")) == ["港口夜班访谈"]           # the title too
    hit = search_notes(ws, "夜班").hits[0]
    assert hit.title_spans == [[2, 4]] and hit.body_spans == [[0, 2]]


def test_index_follows_edits_and_deletes(coded):
    ws = coded.ws
    n2 = coded.notes["N2"]
    with ws.transaction():
        ws.update("interview_notes", n2, {"body": "想给孩子报个暑期班。"})
    assert titles(search_notes(ws, "托管")) == ["高原铁路工人访谈"]
    assert titles(search_notes(ws, "暑期班")) == ["快递员谈心"]
    with ws.transaction():
        ws.update("interview_notes", n2, {"title": "Courier talk"})
    assert titles(search_notes(ws, "courier")) == ["Courier talk"]           # case folded
    assert titles(search_notes(ws, "CO")) == ["Courier talk"]
    with ws.transaction():
        new = ws.insert("interview_notes", {"title": "新记录", "body": "宿舍空调坏了",
                                            "created_at": "2026-08-01"})
    assert [h.note_id for h in search_notes(ws, "空调").hits] == [new]
    ws.conn.execute("DELETE FROM interview_notes WHERE id = ?", (new,))
    assert search_notes(ws, "空调").total == 0
    assert ws.scalar("SELECT count(*) FROM note_grams WHERE note_grams MATCH ?",
                     ('"' + "x".join(format(ord(c), "x") for c in "空调") + '"',)) == 0
    assert ws.scalar("SELECT count(*) FROM note_search_queue") == 0
    ws.conn.execute("INSERT INTO note_fts (note_fts) VALUES ('integrity-check')")


def pair_hits(ws, text):
    return ws.scalar("SELECT count(*) FROM note_grams WHERE note_grams MATCH ?",
                     (gram_query(text),))


def test_any_tool_may_write_notes_and_the_queue_catches_up(coded, tmp_path):
    """A note written by plain sqlite3 (no fieldkit functions on the connection) is queued;
    the next search indexes it. Several edits before a search leave the index exact."""
    import sqlite3

    ws = coded.ws
    search_notes(ws, "托管")                                 # the queue is empty now
    raw = sqlite3.connect(ws.path)
    with raw:
        raw.execute("UPDATE interview_notes SET body = '宿舍没有空调' WHERE id = ?",
                    (coded.notes["N2"],))
        raw.execute("UPDATE interview_notes SET body = '宿舍空调坏了，托管班满了' WHERE id = ?",
                    (coded.notes["N2"],))
    raw.close()
    assert ws.scalar("SELECT count(*) FROM note_search_queue") == 1
    assert titles(search_notes(ws, "空调")) == ["快递员谈心"]
    assert titles(search_notes(ws, "托管")) == ["快递员谈心", "高原铁路工人访谈"]
    assert titles(search_notes(ws, "托管难")) == ["高原铁路工人访谈"]
    assert pair_hits(ws, "没有") == 0 and pair_hits(ws, "难找") == 0
    # the trigram index agrees with the notes it indexes (raises if not)
    ws.conn.execute("INSERT INTO note_fts (note_fts) VALUES ('integrity-check')")


def test_queued_notes_are_scanned_when_the_index_cannot_be_written(coded, monkeypatch):
    from fieldkit.core.interviews import search

    ws = coded.ws
    monkeypatch.setattr(search, "refresh_note_index",
                        lambda ws: (_ for _ in ()).throw(sqlite3_error()))
    with ws.transaction():
        ws.update("interview_notes", coded.notes["N3"], {"body": "想给孩子找托管班"})
    assert titles(search_notes(ws, "托管")) == ["快递员谈心", "港口夜班访谈", "高原铁路工人访谈"]
    assert titles(search_notes(ws, "夜班")) == ["港口夜班访谈"]        # the title
    assert titles(search_notes(ws, "家人担心")) == []                  # the old text is gone
    monkeypatch.undo()
    assert titles(search_notes(ws, "家人担心")) == []
    assert ws.scalar("SELECT count(*) FROM note_search_queue") == 0


def sqlite3_error():
    import sqlite3
    return sqlite3.OperationalError("attempt to write a readonly database")


def test_rebuild(coded):
    from fieldkit.core.interviews.search import rebuild_note_index

    ws = coded.ws
    search_notes(ws, "托管")
    ws.conn.execute("INSERT INTO note_grams (note_grams) VALUES ('delete-all')")
    assert search_notes(ws, "托管").total == 0
    assert rebuild_note_index(ws) == 4
    assert search_notes(ws, "托管").total == 2
    assert search_notes(ws, "暑期托管难").total == 2


def test_spans_and_snippet():
    text = "甲" * 100 + "暑期托管难" + "乙" * 100 + "托管"
    spans = find_spans(text, ["托管", "暑期托管"])
    assert spans == [[100, 104], [205, 207]]
    piece, start, inside = snippet(text, spans)
    assert start == 70 and piece[inside[0][0]:inside[0][1]] == "暑期托管"
    assert find_spans("AbcABC", ["abc"]) == [[0, 3], [3, 6]]


def test_search_everything(coded, tmp_path):
    from fieldkit.core import responses
    from fieldkit.core.forms.store import load_builtin_forms
    from fieldkit.core.work import ledger

    ws = coded.ws
    problem = ledger.log_problem(ws, site_id=coded.sites["S1"], grade="short_term",
                                 deadline_days=7, title="暑期托管班名额不够",
                                 description="工地子女暑期托管名额少")
    load_builtin_forms(ws)
    answer = "希望工会办暑期托管班"
    response = responses.start(ws, "frontline_needs", answers={"suggestions": answer})
    found = search_everything(ws, "托管", limit=10)
    assert found["notes"]["total"] == 2
    assert found["problems"]["total"] == 1 and found["problems"]["complete"]
    hit = found["problems"]["hits"][0]
    assert hit["id"] == problem and hit["kind"] == "problem"
    assert [hit["snippet"][s:e] for s, e in hit["spans"]] == ["托管"]
    assert hit["title_spans"] == [[2, 4]]
    note = found["notes"]["hits"][0]
    assert note["kind"] == "note" and note["snippet"][slice(*note["spans"][0])] == "托管"
    assert found["responses"]["total"] == 1
    hit = found["responses"]["hits"][0]
    assert (hit["id"], hit["form_id"], hit["snippet"]) == (response, "frontline_needs", answer)
    assert [answer[s:e] for s, e in hit["spans"]] == ["托管"]
    assert search_everything(ws, "没有这个词", limit=10)["notes"]["total"] == 0
    # a chosen option is found by its label, which the snippet shows
    chosen = responses.start(ws, "frontline_needs", answers={"top_needs": "holiday_childcare"})
    hits = {h["id"]: h for h in search_everything(ws, "课后", limit=10)["responses"]["hits"]}
    assert hits[chosen]["snippet"].startswith("子女暑期托管、课后托管")
    ledger.log_problem(ws, site_id=coded.sites["S1"], grade="short_term", deadline_days=7,
                       title="托管费用高")
    few = search_everything(ws, "托管", limit=1)
    assert (few["problems"]["total"], few["problems"]["complete"]) == (1, False)
    assert few["notes"]["total"] == 2 and len(few["notes"]["hits"]) == 1


def test_upgrade_from_the_version_before_the_search_index(tmp_path, monkeypatch):
    """Notes written before the search migration (found by content: the lead renumbers
    migrations at merge) are indexed at the first search after the upgrade."""
    import sqlite3

    from fieldkit.core.store import schema
    from fieldkit.core.interviews import notes
    from fieldkit.core.store.workspace import Workspace

    mine = next(i for i, m in enumerate(schema.MIGRATIONS) if "CREATE TABLE note_search_queue"
                in m)
    path = tmp_path / "old.fieldkit"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:mine])
        m.setattr(schema, "SCHEMA_VERSION", mine)
        ws = Workspace.open(path, create=True)
        old = notes.create_note(ws, title="驿站访谈", body="外卖骑手说暑期托管难找")
        ws.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == mine
    conn.close()
    ws = Workspace.open(path)
    try:
        assert ws.schema_version == schema.SCHEMA_VERSION
        assert [h.note_id for h in search_notes(ws, "托管").hits] == [old]
        assert [h.note_id for h in search_notes(ws, "外卖骑手").hits] == [old]
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ws.conn.execute("INSERT INTO note_fts (note_fts) VALUES ('integrity-check')")
    finally:
        ws.close()
