"""The demo's interview notes: believable, complete, and built through the wing's rules."""

from fieldkit.core.interviews import codes, memos, notes, segments
from fieldkit.core.interviews.model import NoteFilter


def test_demo_directory_gets_interviews(workspace):
    from fieldkit.core import demo
    from fieldkit.core.interviews.demo import build_demo_interviews

    ws = workspace
    demo.build_demo(ws)  # the bare directory (no questionnaires, so no work or interviews)
    assert ws.scalar("SELECT count(*) FROM interview_notes") == 0
    counts = build_demo_interviews(ws)
    assert counts["notes"] == 12 and 35 <= counts["segments"] <= 60
    book = codes.codebook(ws)
    assert len(book) == counts["codes"] and {c.depth for c in book} == {0, 1}
    assert "家庭牵挂/子女托管" in [c.path for c in book]
    listed = notes.list_notes(ws)
    assert len(listed) == 12 and all(n.site_name and n.on_date for n in listed)
    for note in listed:
        for seg in segments.segments_for_note(ws, note.id):
            assert note.body[seg.start:seg.end] == seg.text
    quotes = ws.scalar("SELECT count(*) FROM interview_segments WHERE quote = 1")
    assert quotes >= 10
    assert len(memos.list_memos(ws)) == counts["memos"] >= 5
    childcare = notes.list_notes(ws, NoteFilter(occupation="服装厂职工"))
    assert len(childcare) == 2
    assert notes.get_note(ws, listed[0].id).personal_attributes == ["户籍"]
    assert demo.holds_user_data(ws)


def test_the_full_demo_includes_interviews(tmp_path):
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace

    ws = open_workspace(tmp_path / "demo.fieldkit", create=True)
    try:
        demo.build_demo(ws)
        assert ws.scalar("SELECT count(*) FROM interview_notes") == 12
        assert ws.scalar("SELECT count(*) FROM problems") > 0
    finally:
        ws.close()
