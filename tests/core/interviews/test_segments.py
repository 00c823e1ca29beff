import pytest

from fieldkit.core.interviews import codes, memos, notes, segments
from fieldkit.core.interviews.errors import (CodeNotFound, InterviewError, MemoNotFound,
                                             NoteNotFound, SegmentNotFound)


def test_apply_codes_overlaps_but_never_duplicates(interviews_ws):
    ws = interviews_ws
    note = ws.ids["note"]
    first = segments.apply_codes(ws, note, 0, 6, [ws.ids["family"], ws.ids["safety"]],
                                 memo="开头", important=True, quote=True)
    assert len(first) == 2
    again = segments.apply_codes(ws, note, 0, 6, [ws.ids["safety"], ws.ids["childcare"]])
    assert again[0] == first[1] and again[1] not in first
    overlap = segments.apply_codes(ws, note, 3, 9, [ws.ids["family"]])
    assert overlap[0] not in first
    segs = segments.segments_for_note(ws, note)
    assert len(segs) == 3 + 3 + 1
    seg = segments.get_segment(ws, first[0])
    assert (seg.text, seg.code_path, seg.memo, seg.important, seg.quote) == (
        "老李是快递员", "家庭", "开头", True, True)
    assert seg.coded_at and seg.note_title == "快递员老李"
    coded = segments.get_segment(ws, ws.ids["seg_child"])
    assert (coded.coder_id, coded.coder, coded.colour) == (ws.ids["zhao"], "赵一",
                                                          codes.get_code(ws, ws.ids["childcare"]).colour)


def test_bad_spans_and_targets_are_refused(interviews_ws):
    ws = interviews_ws
    note = ws.ids["note"]
    length = len(notes.get_note(ws, note).body)
    for start, end in ((5, 5), (-1, 3), (3, length + 1), (4, 2), ("a", 3)):
        with pytest.raises(InterviewError):
            segments.apply_codes(ws, note, start, end, [ws.ids["safety"]])
    with pytest.raises(InterviewError):
        segments.apply_codes(ws, note, 0, 2, [])
    with pytest.raises(CodeNotFound):
        segments.apply_codes(ws, note, 0, 2, ["nope"])
    with pytest.raises(NoteNotFound):
        segments.apply_codes(ws, "nope", 0, 2, [ws.ids["safety"]])
    with pytest.raises(InterviewError):
        segments.apply_codes(ws, note, 0, 2, [ws.ids["safety"]], coder_id="nobody")
    # one bad code in the list: none of them is applied
    with pytest.raises(CodeNotFound):
        segments.apply_codes(ws, note, 0, 2, [ws.ids["safety"], "nope"])
    assert len(segments.segments_for_note(ws, note)) == 3


def test_update_and_remove_segments(interviews_ws):
    ws = interviews_ws
    seg = ws.ids["seg_child"]
    assert segments.update_segment(ws, seg, memo=" 暑期托管 ", quote=True) == {
        "memo": ["", "暑期托管"], "quote": [0, 1]}
    assert segments.update_segment(ws, seg, memo="暑期托管") == {}
    segments.remove_segment(ws, seg)
    with pytest.raises(SegmentNotFound):
        segments.get_segment(ws, seg)
    assert len(segments.segments_for_note(ws, ws.ids["note"])) == 2
    assert ws.get("interview_segments", seg)["deleted"] == 1


def test_memos_on_every_kind_of_target(interviews_ws):
    ws = interviews_ws
    on_ws = memos.add_memo(ws, "workspace", None, "整体印象：托管需求集中在七八月", title="总备忘")
    on_note = memos.add_memo(ws, "note", ws.ids["note"], "需要回访")
    on_code = memos.add_memo(ws, "code", ws.ids["childcare"], "含寒暑假")
    on_seg = memos.add_memo(ws, "segment", ws.ids["seg_child"], "典型说法", author="赵一")
    assert [m.id for m in memos.list_memos(ws)] == [on_ws, on_note, on_code, on_seg]
    assert [m.id for m in memos.list_memos(ws, "code")] == [on_code]
    assert [m.id for m in memos.list_memos(ws, "note", ws.ids["note"])] == [on_note]
    memos.update_memo(ws, on_note, text="已约好八月回访")
    assert memos.get_memo(ws, on_note).text == "已约好八月回访"
    with pytest.raises(InterviewError):
        memos.update_memo(ws, on_note, text="")
    memos.delete_memo(ws, on_note)
    with pytest.raises(MemoNotFound):
        memos.get_memo(ws, on_note)
    with pytest.raises(InterviewError):
        memos.add_memo(ws, "note", "nope", "x")
    with pytest.raises(InterviewError):
        memos.add_memo(ws, "workspace", None, "  ")
    with pytest.raises(ValueError):
        memos.add_memo(ws, "site", None, "x")
