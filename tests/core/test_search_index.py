"""The search index finds exactly what a plain scan of the search texts finds, for searches
of one, two, three and four characters, Chinese and Latin; it lives outside the synced
table and the journal; and a workspace from schema 7 is upgraded with its texts."""

import json
import random
import sqlite3

import pytest

from fieldkit.core import responses
from fieldkit.core.store import schema
from fieldkit.core.responses import search_index
from fieldkit.core.forms.store import load_builtin_forms
from fieldkit.core.responses.paging import _walk_the_listing, first_page, page_rows
from fieldkit.core.responses.query import ResponseFilter, count
from fieldkit.core.store.workspace import Workspace, canonical_json

FORM = "frontline_needs"
CHINESE = "暑期托管难孩子没人看食堂饭菜太贵宿舍空调坏了工会驿站喝水"
LATIN = "abcAB xyz"


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(CHINESE + LATIN) for _ in range(rng.randint(0, 30)))


def found(ws, text: str, **switches) -> set[str]:
    total, rows = first_page(ws, ResponseFilter(form_id=FORM, text=text, **switches), 10_000)
    assert total == len(rows)
    return {r["id"] for r in rows}


def scanned(ws, ids: list[str], text: str, **switches) -> set[str]:
    """The plain scan: every response shown whose search text holds the folded search."""
    needle = search_index.fold(text.strip())
    shown = {r[0] for r in ws.query(
        "SELECT id FROM responses WHERE (deleted = 0 OR ?) AND (superseded_by IS NULL OR ?)",
        (switches.get("include_deleted", False), switches.get("include_superseded", False)))}
    texts = dict(ws.query("SELECT r.id, s.text FROM responses r JOIN response_search s"
                          " ON s.rowid = r.rowid"))
    return {rid for rid in ids if rid in shown and needle in search_index.fold(texts[rid])}


def paged(ws, text: str, size: int) -> list[str]:
    flt = ResponseFilter(form_id=FORM, text=text)
    out: list[str] = []
    while True:
        rows = page_rows(ws, flt, len(out), size)
        out += [r["id"] for r in rows]
        if len(rows) < size:
            return out


def test_search_finds_what_a_scan_finds(workspace):
    load_builtin_forms(workspace)
    rng = random.Random(20241212)
    ids, texts = [], []
    for _ in range(150):
        answers = {"suggestions": random_text(rng), "notes": random_text(rng)}
        texts.append(answers["suggestions"] + "\n" + answers["notes"])
        ids.append(responses.start(workspace, FORM, answers=answers))
    # change some (the index follows edits); delete some, supersede others
    for rid in rng.sample(ids, 30):
        responses.save_draft(workspace, rid, {"suggestions": random_text(rng)})
    for rid in rng.sample(ids, 20):
        responses.delete(workspace, rid)
    for rid in rng.sample(ids, 10):
        workspace.update("responses", rid, {"superseded_by": rng.choice(ids)})
    queries = set()
    for length in (1, 2, 3, 4):
        for _ in range(25):
            source = rng.choice(texts)
            if len(source) >= length:
                start = rng.randrange(len(source) - length + 1)
                queries.add(source[start:start + length])
            queries.add("".join(rng.choice(CHINESE + LATIN) for _ in range(length)))
    queries |= {"托管", "管", "暑期托管", "AB", "ab", "aB", "b", "Xyz", "没有人", "\"", "a\"b"}
    checked = walked = 0
    for query in sorted(queries):
        if not query.strip():
            continue
        expected = scanned(workspace, ids, query)
        assert found(workspace, query) == expected, query
        for switches in ({"include_deleted": True}, {"include_superseded": True},
                         {"include_deleted": True, "include_superseded": True}):
            assert found(workspace, query, **switches) == \
                scanned(workspace, ids, query, **switches), (query, switches)
        if len(query.strip()) <= 2:  # small pages: common searches walk the listing
            flt = ResponseFilter(form_id=FORM, text=query)
            walked += _walk_the_listing(workspace, flt, "r.started_at", 3, count(workspace, flt))
            whole = [r["id"] for r in page_rows(workspace, flt, 0, 10_000)]
            assert paged(workspace, query, 3) == whole and set(whole) == expected, query
        checked += 1
    assert checked > 150 and walked >= 3
    # and the searches did find things: they are not all empty
    assert sum(bool(found(workspace, q)) for q in ("托管", "管", "ab", "x")) >= 3


def test_search_text_is_not_journaled_nor_in_the_synced_table(workspace):
    load_builtin_forms(workspace)
    rid = responses.start(workspace, FORM, answers={"suggestions": "暑期托管难"})
    responses.save_draft(workspace, rid, {"suggestions": "暑期托管难，孩子没人看"})
    journal = " ".join(r[0] for r in workspace.query(
        "SELECT changes FROM journal WHERE record_id = ?", (rid,)))
    assert "search_text" not in journal
    assert workspace.scalar("SELECT search_text FROM responses WHERE id = ?", (rid,)) == ""
    assert found(workspace, "托管") == {rid} and found(workspace, "孩子没人看") == {rid}
    # history reads the insert's answers back from the row, as they were first saved
    first = workspace.history("responses", rid)[0]["changes"]
    assert first["answers"] == [None, '{"suggestions":"暑期托管难"}']
    assert "review_state" not in first and "deleted" not in first  # defaults left out


def test_search_index_survives_an_edit_and_a_hard_delete(workspace):
    load_builtin_forms(workspace)
    a = responses.start(workspace, FORM, answers={"suggestions": "宿舍空调坏了"})
    b = responses.start(workspace, FORM, answers={"suggestions": "宿舍空调坏了"})
    responses.save_draft(workspace, a, {"suggestions": "食堂饭菜太贵"})
    assert found(workspace, "空调") == {b} and found(workspace, "饭菜") == {a}
    workspace.delete("responses", b)
    c = responses.start(workspace, FORM, answers={"suggestions": "驿站"})  # may reuse b's rowid
    assert found(workspace, "空调") == set() and found(workspace, "驿站") == {c}
    workspace.conn.execute("INSERT INTO response_grams (response_grams, rank)"
                           " VALUES ('integrity-check', 1)")


def build_schema7_workspace(path, monkeypatch) -> dict[str, str]:
    """A workspace as fieldkit wrote it at schema 7: search text in the responses table and in
    the journal, indexed by responses_fts."""
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:7])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 7)
    made = {}
    with Workspace.open(path, create=True, device_id="olddev") as ws:
        load_builtin_forms(ws)
        form = responses._form_record(ws, FORM, None)
        for key, answers, text in (  # the text as fieldkit 7 worked it out
                ("care", {"suggestions": "暑期托管难，孩子放假没人看", "work_type": "production_line"},
                 "暑期托管难，孩子放假没人看 生产线操作 Production-line work"),
                ("meals", {"suggestions": "食堂饭菜太贵", "top_needs": "meals"},
                 "食堂饭菜太贵 改善用餐（热饭、食堂、送餐） Better meals (hot food, canteen, meal delivery)"),
                ("empty", {}, "")):
            values = {
                "form_record_id": form["id"], "form_id": FORM, "form_version": form["version"],
                "status": "complete", "answers": canonical_json(answers),
                "search_text": text, "started_at": "2024-12-01T09:00:00+08:00"}
            made[key] = ws.insert("responses", values)
            # fieldkit 7 copied an insert's values into its journal entry
            ws.conn.execute("UPDATE journal SET changes = ? WHERE record_id = ?", (json.dumps(
                {k: [None, v] for k, v in values.items()}, ensure_ascii=False), made[key]))
    monkeypatch.undo()
    return made


def test_upgrade_from_schema_7_moves_search_text_out(tmp_path, monkeypatch):
    path = tmp_path / "old.fieldkit"
    made = build_schema7_workspace(path, monkeypatch)
    ws = Workspace.open(path, device_id="newdev")
    assert ws.schema_version == schema.SCHEMA_VERSION
    assert ws.scalar("SELECT count(*) FROM responses WHERE search_text != ''") == 0
    assert ws.scalar("SELECT count(*) FROM response_search") == 3
    for text, expected in (("托管", {"care"}), ("热", {"meals"}), ("暑期托管", {"care"}),
                           ("production", {"care"}), ("没有", set())):
        assert found(ws, text) == {made[k] for k in expected}, text
    # the old journal entries keep their search text (history is never rewritten)
    assert "暑期托管难" in ws.scalar("SELECT changes FROM journal WHERE record_id = ?",
                                   (made["care"],))
    # an upgraded response can be edited, and new ones are found
    ws.update("responses", made["care"], {"status": "draft"})
    responses.save_draft(ws, made["care"], {"suggestions": "宿舍空调坏了"})
    new = responses.start(ws, FORM, answers={"suggestions": "托管班"})
    assert found(ws, "托管") == {new} and found(ws, "空调") == {made["care"]}
    # derived data is rebuilt from the records: the carried-over texts are worked out anew
    before = {q: found(ws, q) for q in ("托管", "热", "空调", "production", "Better meals")}
    assert responses.rebuild_search_index(ws) == 4
    assert {q: found(ws, q) for q in before} == before
    assert ws.scalar("SELECT text FROM response_search WHERE rowid = (SELECT rowid FROM responses"
                     " WHERE id = ?)", (made["meals"],)) == \
        "食堂饭菜太贵\n改善用餐（热饭、食堂、送餐） Better meals (hot food, canteen, meal delivery)"
    ws.conn.execute("INSERT INTO response_grams (response_grams, rank)"
                    " VALUES ('integrity-check', 1)")
    assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ws.close()
    conn = sqlite3.connect(tmp_path / "old.fieldkit.schema7.bak")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    conn.close()


def test_the_index_cannot_be_written_without_fieldkit(tmp_path, workspace):
    """Only fieldkit writes the search index: another tool fails cleanly, changing nothing."""
    load_builtin_forms(workspace)
    responses.start(workspace, FORM, answers={"suggestions": "托管"})
    conn = sqlite3.connect(workspace.path)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("UPDATE response_search SET text = 'x'")
    conn.close()
    assert found(workspace, "托管")


def test_upgrade_from_schema_13_drops_the_trigram_index(tmp_path, monkeypatch):
    """Migration 14: the trigram index goes; the responses it indexed are still found, by
    searches of every length, and edits and new responses keep the index right."""
    path = tmp_path / "v13.fieldkit"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:13])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 13)
    with Workspace.open(path, create=True, device_id="olddev") as ws:
        load_builtin_forms(ws)
        care = responses.start(ws, FORM, answers={"suggestions": "暑期托管难，孩子放假没人看"})
        meals = responses.start(ws, FORM, answers={"suggestions": "食堂饭菜太贵 Hot Meals"})
        assert ws.scalar("SELECT count(*) FROM response_fts") == 2
    monkeypatch.undo()
    ws = Workspace.open(path, device_id="newdev")
    assert ws.schema_version == schema.SCHEMA_VERSION >= 14
    assert ws.scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE 'response_fts%'") == 0
    for text, expected in (("托管", {care}), ("暑期托管难", {care}), ("孩子放假", {care}),
                           ("hot meals", {meals}), ("饭菜太贵", {meals}), ("托管饭", set())):
        assert found(ws, text) == expected, text
    responses.save_draft(ws, care, {"suggestions": "宿舍空调坏了"})
    new = responses.start(ws, FORM, answers={"suggestions": "托管班开学了"})
    assert found(ws, "暑期托管") == set() and found(ws, "托管班") == {new}
    assert found(ws, "宿舍空调") == {care}
    ws.conn.execute("INSERT INTO response_grams (response_grams, rank)"
                    " VALUES ('integrity-check', 1)")
    assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ws.close()


def test_a_long_search_needs_its_pairs_side_by_side(workspace):
    """The index holds each response's pairs, not where they are: a response that has every
    pair of the search, but apart, is not a match."""
    load_builtin_forms(workspace)
    apart = responses.start(workspace, FORM, answers={"suggestions": "托管 管理 理由"})
    together = responses.start(workspace, FORM, answers={"suggestions": "托管理由"})
    for text in ("托管理", "托管理由", "管理由"):
        assert found(workspace, text) == {together}, text
        assert count(workspace, ResponseFilter(form_id=FORM, text=text, status="draft")) == 1
    assert found(workspace, "托管 管理") == {apart}


def test_no_other_character_folds_to_one_without_case():
    """``text_test`` looks for a search with no cased letter without folding the texts; that
    is right only if no character folds to such a character but itself."""
    for code in range(0x110000):
        c = chr(code)
        low = c.lower()
        if len(low) == 1 and low != c:
            assert not (low.upper() == low == low.lower()), hex(code)
