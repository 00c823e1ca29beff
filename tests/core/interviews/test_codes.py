import pytest

from fieldkit.core.interviews import codes, memos, notes, segments
from fieldkit.core.interviews.errors import CodeNotFound, InterviewError


def test_codebook_is_in_tree_order_with_paths(interviews_ws):
    ws = interviews_ws
    book = codes.codebook(ws)
    assert [(c.path, c.depth, c.segment_count) for c in book] == [
        ("家庭", 0, 1), ("家庭/子女托管", 1, 1), ("安全", 0, 0), ("安全/高原反应", 1, 1)]
    assert codes.code_by_path(ws, " 安全 / 高原反应 ").id == ws.ids["altitude"]
    assert codes.code_by_path(ws, "安全/没有") is None
    assert codes.get_code(ws, ws.ids["altitude"]).colour == "#8ecae6"
    assert codes.descendant_ids(ws, ws.ids["family"]) == [ws.ids["family"], ws.ids["childcare"]]


def test_names_are_checked_and_siblings_unique(interviews_ws):
    ws = interviews_ws
    with pytest.raises(InterviewError) as err:
        codes.add_code(ws, "安全")
    assert "安全" in err.value.message("zh_CN")
    codes.add_code(ws, "安全", ws.ids["family"])  # the same name at another level is fine
    with pytest.raises(InterviewError):
        codes.add_code(ws, "a/b")
    with pytest.raises(InterviewError):
        codes.add_code(ws, "   ")
    with pytest.raises(InterviewError):
        codes.add_code(ws, "x", colour="red")
    with pytest.raises(CodeNotFound):
        codes.add_code(ws, "x", "no-such-parent")
    with pytest.raises(InterviewError):
        codes.rename_code(ws, ws.ids["safety"], "家庭")
    codes.rename_code(ws, ws.ids["safety"], "安全健康")
    assert codes.get_code(ws, ws.ids["altitude"]).path == "安全健康/高原反应"
    codes.update_code(ws, ws.ids["safety"], colour="#AABBCC", description="身体与安全")
    code = codes.get_code(ws, ws.ids["safety"])
    assert (code.colour, code.description) == ("#aabbcc", "身体与安全")


def test_move_refuses_cycles(interviews_ws):
    ws = interviews_ws
    with pytest.raises(InterviewError):
        codes.move_code(ws, ws.ids["safety"], ws.ids["altitude"])
    with pytest.raises(InterviewError):
        codes.move_code(ws, ws.ids["safety"], ws.ids["safety"])
    codes.move_code(ws, ws.ids["safety"], ws.ids["family"])
    assert codes.get_code(ws, ws.ids["altitude"]).path == "家庭/安全/高原反应"
    codes.move_code(ws, ws.ids["safety"], None)
    assert codes.get_code(ws, ws.ids["altitude"]).path == "安全/高原反应"
    same = codes.add_code(ws, "高原反应")
    with pytest.raises(InterviewError):  # a 高原反应 is already under 安全
        codes.move_code(ws, same, ws.ids["safety"])


def test_merge_moves_segments_collapses_duplicates_and_reparents(interviews_ws):
    ws = interviews_ws
    note = ws.ids["note"]
    body = notes.get_note(ws, note).body
    start = body.index("家里人担心")
    # the worry span carries 家庭 and 高原反应; merging 高原反应 into 家庭 collapses them
    segments.update_segment(ws, ws.ids["seg_worry"][1], memo="高原", important=True)
    memo_id = memos.add_memo(ws, "code", ws.ids["safety"], "安全类的想法")
    sub = codes.add_code(ws, "子女托管", ws.ids["safety"])     # same name as under 家庭
    only = codes.add_code(ws, "饮食", ws.ids["safety"])
    seg_sub = segments.apply_codes(ws, note, 0, 2, [sub])[0]
    result = codes.merge_codes(ws, ws.ids["altitude"], ws.ids["family"])
    assert (result.moved, result.collapsed) == (0, 1)
    kept = segments.get_segment(ws, ws.ids["seg_worry"][0])
    assert (kept.code_id, kept.memo, kept.important) == (ws.ids["family"], "高原", True)
    assert [s.code_id for s in segments.segments_for_note(ws, note)
            if s.start == start] == [ws.ids["family"]]
    result = codes.merge_codes(ws, ws.ids["safety"], ws.ids["family"])
    assert result.children == 1  # 饮食 moved; 子女托管 merged into its twin
    assert codes.get_code(ws, only).path == "家庭/饮食"
    assert segments.get_segment(ws, seg_sub).code_id == ws.ids["childcare"]
    assert memos.get_memo(ws, memo_id).target_id == ws.ids["family"]
    row = ws.get("interview_codes", ws.ids["safety"])
    assert (row["deleted"], row["merged_into"]) == (1, ws.ids["family"])
    assert [c.path for c in codes.codebook(ws)] == ["家庭", "家庭/子女托管", "家庭/饮食"]
    with pytest.raises(InterviewError):
        codes.merge_codes(ws, ws.ids["family"], ws.ids["childcare"])
    with pytest.raises(InterviewError):
        codes.merge_codes(ws, ws.ids["family"], ws.ids["family"])
    with pytest.raises(CodeNotFound):
        codes.merge_codes(ws, ws.ids["safety"], ws.ids["family"])


def test_delete_refuses_a_code_in_use_unless_asked(interviews_ws):
    ws = interviews_ws
    with pytest.raises(InterviewError) as err:
        codes.delete_code(ws, ws.ids["family"])
    assert "2" in err.value.message("en")  # its own segment and its child's
    assert codes.delete_code(ws, ws.ids["family"], with_segments=True) == 2
    assert [c.path for c in codes.codebook(ws)] == ["安全", "安全/高原反应"]
    assert len(segments.segments_for_note(ws, ws.ids["note"])) == 1
    unused = codes.add_code(ws, "空")
    assert codes.delete_code(ws, unused) == 0


def test_ensure_path_creates_missing_levels_once(interviews_ws):
    ws = interviews_ws
    code_id, created = codes.ensure_path(ws, "工资/拖欠/分包", description="分包拖欠")
    assert created and codes.get_code(ws, code_id).path == "工资/拖欠/分包"
    assert codes.ensure_path(ws, "工资/拖欠/分包") == (code_id, False)
    assert codes.get_code(ws, code_id).description == "分包拖欠"


def test_code_paths_match_the_codebook(interviews_ws):
    ws = interviews_ws
    codes.move_code(ws, ws.ids["safety"], ws.ids["childcare"])
    assert codes.code_paths(ws) == {c.id: c.path for c in codes.codebook(ws)}
    assert codes.code_paths(ws)[ws.ids["altitude"]] == "家庭/子女托管/安全/高原反应"
