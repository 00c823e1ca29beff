import json

import pytest

from fieldkit.core.interviews import notes, segments
from fieldkit.core.interviews.anchoring import Edit
from fieldkit.core.interviews.errors import InterviewError, NoteNotFound
from fieldkit.core.interviews.model import NoteFilter, redact

BODY = "老李是快递员，他说暑假孩子没人带，心里着急。工地海拔高，家里人担心他的身体。"


def test_create_and_read_a_note(interviews_ws):
    ws = interviews_ws
    note = notes.get_note(ws, ws.ids["note"])
    assert note.title == "快递员老李" and note.body == BODY
    assert note.site_name == "奥城驿站" and note.on_date == "2024-07-15"
    assert note.segment_count == 3 and note.lost_count == 0
    assert json.loads(json.dumps(note.to_dict(), ensure_ascii=False))["occupation"] == "快递员"


def test_bad_values_are_refused_with_a_clear_message(interviews_ws):
    ws = interviews_ws
    with pytest.raises(InterviewError) as err:
        notes.create_note(ws, title="  ")
    assert "title" in err.value.message("en")
    with pytest.raises(InterviewError) as err:
        notes.create_note(ws, title="x", on_date="2024/13/01")
    assert "2024/13/01" in err.value.message("zh_CN")
    with pytest.raises(InterviewError):
        notes.create_note(ws, title="x", site_id="no-such-site")
    with pytest.raises(InterviewError):
        notes.create_note(ws, title="x", attributes={"工龄": "5"})  # not defined
    with pytest.raises(NoteNotFound):
        notes.get_note(ws, "nope")
    assert ws.scalar("SELECT count(*) FROM interview_notes") == 1


def test_editing_text_before_a_segment_moves_it_in_the_same_transaction(interviews_ws):
    ws = interviews_ws
    note_id = ws.ids["note"]
    report = notes.set_body(ws, note_id, "七月十五日走访。" + BODY)
    assert len(report.moved) == 3 and not report.lost
    for seg in segments.segments_for_note(ws, note_id):
        body = notes.get_note(ws, note_id).body
        assert body[seg.start:seg.end] == seg.text
    assert {s.text for s in segments.segments_for_note(ws, note_id)} == {
        "暑假孩子没人带", "家里人担心他的身体"}


def test_deleting_a_segments_text_reports_it_lost_never_moves_it(interviews_ws):
    ws = interviews_ws
    note_id = ws.ids["note"]
    new = BODY.replace("暑假孩子没人带，", "")
    report = notes.set_body(ws, note_id, new)
    assert report.lost == [ws.ids["seg_child"]]
    assert report.lost_texts[ws.ids["seg_child"]] == "暑假孩子没人带"
    assert ws.ids["seg_child"] not in report.suggestions
    assert [s.id for s in segments.lost_segments(ws)] == [ws.ids["seg_child"]]
    assert len(segments.segments_for_note(ws, note_id)) == 2
    assert notes.get_note(ws, note_id).lost_count == 1
    # a lost segment stays lost and does not move with later edits
    notes.set_body(ws, note_id, "前言。" + new)
    lost = segments.lost_segments(ws)[0]
    assert (lost.start, lost.end, lost.text) == (BODY.index("暑假"), BODY.index("暑假") + 7,
                                                 "暑假孩子没人带")


def test_a_typo_fixed_inside_a_segment_loses_it_with_a_suggestion(interviews_ws):
    ws = interviews_ws
    new = BODY.replace("没人带", "没人管")
    report = notes.set_body(ws, ws.ids["note"], new)
    seg = ws.ids["seg_child"]
    assert report.lost == [seg]
    start, end = report.suggestions[seg]
    assert new[start:end] == "暑假孩子没人管"
    assert segments.place_segment(ws, seg, start, end) == seg
    assert segments.get_segment(ws, seg).text == "暑假孩子没人管"
    assert not segments.lost_segments(ws)


def test_editor_edits_are_used_when_they_fit(interviews_ws):
    ws = interviews_ws
    # "aa" ambiguity: the editor says which character went; the diff could not know
    note_id = notes.create_note(ws, title="t", body="哈哈笑")
    first = segments.apply_codes(ws, note_id, 0, 1, [ws.ids["safety"]])[0]
    second = segments.apply_codes(ws, note_id, 1, 2, [ws.ids["family"]])[0]
    report = notes.set_body(ws, note_id, "哈笑", edits=[Edit(0, 1, 0)])
    assert report.lost == [first] and report.moved == {second: [0, 1]}
    # edits that do not fit the texts are ignored: the diff decides
    report = notes.set_body(ws, note_id, "大哈笑", edits=[Edit(5, 1, 0)])
    assert report.moved == {second: [1, 2]}


def test_a_failed_edit_changes_nothing(interviews_ws, monkeypatch):
    ws = interviews_ws
    note_id = ws.ids["note"]
    before = ws.query("SELECT start, end, text FROM interview_segments ORDER BY id")
    real = ws.update

    def failing(table, record_id, values, **kw):
        if table == "interview_notes":
            raise OSError("disk full")
        return real(table, record_id, values, **kw)

    monkeypatch.setattr(ws, "update", failing)
    with pytest.raises(OSError):
        notes.set_body(ws, note_id, "插入" + BODY)
    monkeypatch.undo()
    assert notes.get_note(ws, note_id).body == BODY
    after = ws.query("SELECT start, end, text FROM interview_segments ORDER BY id")
    assert [tuple(r) for r in after] == [tuple(r) for r in before]


def test_list_notes_filters(interviews_ws):
    ws = interviews_ws
    notes.define_attribute(ws, "工龄", "工龄", label_en="Years of service")
    notes.define_attribute(ws, "籍贯", "籍贯", personal=True)
    other = notes.create_note(ws, title="高原工人", body="他在工地三年了", on_date="2024-05-02",
                              site_id=ws.ids["plateau"], occupation="建筑工人",
                              attributes={"工龄": "3", "籍贯": "四川"},
                              interviewers=[ws.ids["zhao"]])
    undated = notes.create_note(ws, title="无日期")
    assert [n.id for n in notes.list_notes(ws)] == [ws.ids["note"], other, undated]
    assert [n.id for n in notes.list_notes(ws, NoteFilter(site_id=ws.ids["plateau"]))] == [other]
    assert [n.id for n in notes.list_notes(ws, NoteFilter(occupation="快递员"))] == [ws.ids["note"]]
    assert [n.id for n in notes.list_notes(ws, NoteFilter(date_from="2024-06-01"))] == [
        ws.ids["note"]]
    assert [n.id for n in notes.list_notes(ws, NoteFilter(date_to="2024-06-01"))] == [other]
    assert [n.id for n in notes.list_notes(ws, NoteFilter(attributes={"工龄": "3"}))] == [other]
    assert [n.id for n in notes.list_notes(ws, NoteFilter(text="暑假"))] == [ws.ids["note"]]
    assert notes.list_notes(ws, NoteFilter(text="暑假"), with_body=False)[0].body == ""
    got = notes.get_note(ws, other)
    assert got.interviewers == [ws.ids["zhao"]] and got.personal_attributes == ["籍贯"]
    notes.delete_note(ws, other)
    assert other not in [n.id for n in notes.list_notes(ws)]
    assert other in [n.id for n in notes.list_notes(ws, NoteFilter(include_deleted=True))]
    notes.restore_note(ws, other)
    assert other in [n.id for n in notes.list_notes(ws)]


def test_update_note_metadata_is_journaled(interviews_ws):
    ws = interviews_ws
    notes.define_attribute(ws, "工龄", "工龄")
    changes = notes.update_note(ws, ws.ids["note"], title="快递员老李（复访）",
                                attributes={"工龄": "8"}, on_date="2024-07-20")
    assert set(changes) == {"title", "attributes", "on_date"}
    note = notes.get_note(ws, ws.ids["note"])
    assert note.attributes == {"工龄": "8"} and note.on_date == "2024-07-20"
    entry = ws.query("SELECT changes FROM journal WHERE table_name = 'interview_notes' "
                     "ORDER BY seq DESC LIMIT 1")[0][0]
    assert json.loads(entry)["attributes"] == {"patch": {"工龄": [None, "8"]}}
    with pytest.raises(ValueError):
        notes.update_note(ws, ws.ids["note"], body="no")


def test_redact_blanks_personal_identifiers_unless_asked(interviews_ws):
    ws = interviews_ws
    notes.define_attribute(ws, "籍贯", "籍贯", personal=True)
    notes.define_attribute(ws, "工龄", "工龄")
    notes.update_note(ws, ws.ids["note"], attributes={"籍贯": "河南", "工龄": "2"})
    data = notes.get_note(ws, ws.ids["note"]).to_dict()
    out = redact(data)
    assert out["interviewee_name"] == "" and out["interviewee_contact"] == ""
    assert out["attributes"] == {"籍贯": "", "工龄": "2"}
    assert data["interviewee_name"] == "李大明"  # the input is untouched
    assert redact(data, include_personal=True) == data


def test_attributes_are_defined_once_and_redefined(interviews_ws):
    ws = interviews_ws
    first = notes.define_attribute(ws, "户籍", "户籍")
    assert notes.define_attribute(ws, "户籍", "户籍所在地", personal=True) == first
    assert [(a.name, a.label, a.personal) for a in notes.list_attributes(ws)] == [
        ("户籍", "户籍所在地", True)]
    with pytest.raises(InterviewError):
        notes.define_attribute(ws, "a/b", "x")
    notes.remove_attribute(ws, "户籍")
    assert notes.list_attributes(ws) == []


def test_every_change_replays_from_the_journal(interviews_ws, tmp_path):
    """The journal (audit trail and sync outbox) holds every write of the wing: replaying
    it gives the tables exactly (fieldkit check)."""
    from fieldkit.core.store import integrity
    from fieldkit.core.interviews import codes, memos, note_files

    ws = interviews_ws
    notes.define_attribute(ws, "工龄", "工龄")
    notes.update_note(ws, ws.ids["note"], attributes={"工龄": "3"}, interviewers=[ws.ids["zhao"]])
    notes.update_note(ws, ws.ids["note"], attributes={"工龄": "4"})
    notes.set_body(ws, ws.ids["note"], "前言。" + BODY.replace("没人带", "没人管"))
    codes.merge_codes(ws, ws.ids["altitude"], ws.ids["family"])
    memos.add_memo(ws, "workspace", None, "备忘")
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(100))
    note_files.attach_file(ws, ws.ids["note"], photo)
    notes.delete_note(ws, ws.ids["note"])
    problems, total = integrity.verify(ws.conn)
    assert total == 0, [p.to_dict() for p in problems]
