"""Control characters (NUL, BEL, ESC, form feed) that a paste or a hostile file brings are
left out of what the interviews wing stores, so nothing downstream (Word, Excel, QDPX, a
terminal) meets them; a QDPX project's coded passages still cover the same words."""

import zipfile

from fieldkit.core.interviews import codes, memos, notes, segments
from fieldkit.core.interviews.qdpx import import_qdpx

DIRTY = "职工\x00说：\x1b[31m暑假\x07孩子没人带\x0b\x0c。"
CLEAN = "职工说：[31m暑假孩子没人带。"


def test_notes_codes_memos_and_segments_store_no_control_characters(workspace):
    note = notes.create_note(workspace, title="访谈\x07老李", body=DIRTY,
                             interviewee_name="李\x00大明", occupation="快递员\x1b")
    stored = notes.get_note(workspace, note)
    assert (stored.title, stored.body) == ("访谈老李", CLEAN)
    assert (stored.interviewee_name, stored.occupation) == ("李大明", "快递员")
    notes.set_body(workspace, note, DIRTY + "\x00")
    assert notes.get_note(workspace, note).body == CLEAN
    code = codes.add_code(workspace, "托管\x07", description="暑期\x00")
    assert codes.get_code(workspace, code).name == "托管"
    assert codes.get_code(workspace, code).description == "暑期"
    assert codes.code_by_path(workspace, "托管\x1b").id == code
    [segment] = segments.apply_codes(workspace, note, 0, 2, [code], memo="备\x00忘")
    assert segments.get_segment(workspace, segment).memo == "备忘"
    memo = memos.add_memo(workspace, "note", note, "内容\x1b", title="标\x07题")
    assert (memos.get_memo(workspace, memo).title, memos.get_memo(workspace, memo).text) == \
        ("标题", "内容")


def _project(tmp_path, text, start, end):
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
 <CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="托管"
   isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="22222222-2222-2222-2222-222222222222" name="老李"
   plainTextPath="internal://22222222-2222-2222-2222-222222222222.txt">
  <PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="{start}"
    endPosition="{end}"><Coding guid="44444444-4444-4444-4444-444444444444">
    <CodeRef targetGUID="11111111-1111-1111-1111-111111111111"/></Coding>
  </PlainTextSelection></TextSource></Sources>
</Project>"""
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/22222222-2222-2222-2222-222222222222.txt",
                         text.encode("utf-8"))
    return path


def test_a_qdpx_source_with_control_characters_keeps_its_passages_on_their_words(
        workspace, tmp_path):
    start = DIRTY.index("暑假")
    end = DIRTY.index("。")
    path = _project(tmp_path, DIRTY, start, end)
    result = import_qdpx(workspace, path)
    [note_id] = result.note_ids
    assert notes.get_note(workspace, note_id).body == CLEAN
    [segment] = segments.segments_for_note(workspace, note_id)
    assert segment.text == "暑假孩子没人带"
    assert CLEAN[segment.start:segment.end] == "暑假孩子没人带"
    again = import_qdpx(workspace, path)  # the same project again adds nothing
    assert again.notes_created == 0 and again.segments_created == 0


def test_a_segment_longer_than_a_cell_is_cut_visibly_in_xlsx(workspace, tmp_path):
    """A quote over a whole long note is longer than an Excel cell holds: the workbook shows
    where it was cut (“…”) instead of ending silently mid-sentence."""
    from openpyxl import load_workbook

    from fieldkit.core.interviews.analysis import write_segments_xlsx
    from fieldkit.core.interviews.queries import SegmentFilter, retrieve_segments

    body = "职工反映宿舍热水不足。" * 4000
    note = notes.create_note(workspace, title="长访谈", body=body)
    code = codes.add_code(workspace, "住宿")
    segments.apply_codes(workspace, note, 0, len(body), [code], quote=True)
    rows = retrieve_segments(workspace, SegmentFilter(code_ids=[code]))
    path = write_segments_xlsx(rows, tmp_path / "s.xlsx", language="zh_CN")
    text = load_workbook(path).active["B2"].value
    assert len(text) == 32_767 and text.endswith("…")
