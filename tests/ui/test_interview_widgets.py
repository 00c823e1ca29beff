"""The interviews page's widgets on plain data: the note editor (highlights, positions in
code points against Qt's UTF-16, following edits) and the codebook panel."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from fieldkit.ui.interviews.positions import TextPositions, utf16_length

BODY = "开头😀𠀀说：孩子暑期托管难，我很担心。\n第二段：高原反应。"
CODES = [{"id": "c1", "name": "子女教育", "parent_id": None, "colour": "#e76f51", "count": 2,
          "depth": 0, "path": "子女教育"},
         {"id": "c2", "name": "暑期托管", "parent_id": "c1", "colour": "#2a9d8f", "count": 1,
          "depth": 1, "path": "子女教育/暑期托管"},
         {"id": "c3", "name": "健康", "parent_id": None, "colour": "#8ab17d", "count": 0,
          "depth": 0, "path": "健康"}]


def segment(sid, code, start, end, **more):
    found = next(c for c in CODES if c["id"] == code)
    return {"id": sid, "code_id": code, "code_name": found["name"], "colour": found["colour"],
            "start": start, "end": end, "text": BODY[start:end], **more}


def test_positions_convert_both_ways():
    text = "a😀b中𠀀c"
    points = TextPositions(text)
    for i in range(len(text) + 1):
        units = len(text[:i].encode("utf-16-le")) // 2
        assert points.to_utf16(i) == units
        assert points.to_point(units) == i
    assert utf16_length(text) == 8
    assert points.span_to_points(2, 3) == (1, 2)   # half an emoji takes all of it


@pytest.fixture
def editor(qtbot):
    from fieldkit.ui.interviews.editor import NoteEditor

    widget = NoteEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    start = BODY.index("孩子")
    widget.load(BODY, [segment("s1", "c1", start, start + 6),
                       segment("s2", "c2", BODY.index("暑期"), BODY.index("暑期") + 4,
                               important=True),
                       segment("s3", "c3", BODY.index("高原"), BODY.index("高原") + 4)])
    return widget


def highlighted(editor):
    """Each highlighted piece as the text it shows."""
    text = editor.text().encode("utf-16-le")
    return [text[2 * s.cursor.selectionStart():2 * s.cursor.selectionEnd()].decode("utf-16-le")
            for s in editor.text_edit.extraSelections()]


def test_highlights_cover_the_segments_text_after_wide_characters(editor):
    pieces = highlighted(editor)
    assert pieces == ["孩子", "暑期托管", "高原反应"]   # s2 overlaps the end of s1
    overlap = next(s for s in editor.text_edit.extraSelections()
                   if s.cursor.selectedText() == "暑期托管")
    assert overlap.format.fontUnderline()           # overlapping segments are underlined
    alone = next(s for s in editor.text_edit.extraSelections()
                 if s.cursor.selectedText() == "高原反应")
    assert not alone.format.fontUnderline()
    assert editor.segment_list.count() == 3
    assert "★" in editor.segment_list.item(1).text()


def test_selection_is_reported_in_code_points(editor):
    cursor = editor.text_edit.textCursor()
    units = TextPositions(BODY)
    start = BODY.index("托管")
    cursor.setPosition(units.to_utf16(start))
    cursor.setPosition(units.to_utf16(start + 3), QTextCursor.KeepAnchor)
    editor.text_edit.setTextCursor(cursor)
    first, last = editor.selection_points()
    assert BODY[first:last] == "托管难"
    editor.select_points(0, 4)
    assert editor.text_edit.textCursor().selectedText() == "开头😀𠀀"


def test_highlights_follow_typing_and_deleting(editor, qtbot):
    edited = []
    editor.edited.connect(lambda: edited.append(1))
    cursor = editor.text_edit.textCursor()
    cursor.setPosition(0)
    editor.text_edit.setTextCursor(cursor)
    editor.text_edit.setFocus()
    qtbot.keyClicks(editor.text_edit, "xy")
    assert edited
    assert highlighted(editor)[-1] == "高原反应"
    # remove the text of the last segment: it is shown as deleted, not moved elsewhere
    text = editor.text()
    units = TextPositions(text)
    start = text.index("高原反应")
    cursor.setPosition(units.to_utf16(start))
    cursor.setPosition(units.to_utf16(start + 4), QTextCursor.KeepAnchor)
    editor.text_edit.setTextCursor(cursor)
    qtbot.keyClick(editor.text_edit, Qt.Key_Delete)
    assert "高原反应" not in highlighted(editor)
    gone = [s for s in editor.spans if s.gone]
    assert [s.segment["id"] for s in gone] == ["s3"]
    last = editor.segment_list.item(editor.segment_list.count() - 1).text()
    assert "高原反应" in last and "健康" in last


def test_core_positions_replace_local_ones_only_for_the_same_text(editor):
    assert not editor.set_segments([], "different text")
    assert len(editor.spans) == 3
    assert editor.set_segments([], BODY)
    assert editor.text_edit.extraSelections() == []


def test_editor_context_menu_offers_codes(editor):
    editor.codes = CODES
    editor.select_points(0, 2)
    applied = []
    editor.apply_requested.connect(applied.append)
    editor._context_menu(editor.text_edit.cursorRect().center())
    menu = editor.context_menu
    apply_menu = next(a.menu() for a in menu.actions() if a.menu() and a.text() == "Apply code")
    apply_menu.actions()[1].trigger()
    assert applied == [["c2"]]
    menu.close()


@pytest.fixture
def panel(qtbot):
    from fieldkit.ui.interviews.codebook_panel import CodebookPanel

    widget = CodebookPanel()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_codes(CODES)
    return widget


def test_codebook_tree_filter_and_apply(panel, qtbot):
    assert panel.tree.topLevelItemCount() == 2
    assert panel.tree.topLevelItem(0).child(0).text(0) == "暑期托管"
    applied = []
    panel.apply_requested.connect(applied.append)
    panel.filter.setFocus()
    from tests_ui_helpers import type_text
    type_text(qtbot, panel.filter, "托管")
    assert panel.tree.topLevelItem(1).isHidden()          # 健康 does not match
    assert not panel.tree.topLevelItem(0).isHidden()      # parent of a match stays
    qtbot.keyClick(panel.filter, Qt.Key_Return)
    assert applied == [["c2"]]
    item = panel.tree.topLevelItem(0)
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert applied[-1] == ["c1"]
    assert panel.code_by_number(3)["id"] == "c3" and panel.code_by_number(4) is None


def test_codebook_requests(panel):
    asked = []
    panel.requested.connect(lambda action, args: asked.append((action, args)))
    panel.add(parent_id="c1", name=" 托管费用 ")
    panel.rename("c3", name="身心健康")
    panel.move("c1", parent_id=None)
    panel.merge("c2", target_id="c1")
    panel.delete("c3", confirmed=True)
    assert asked == [("add", {"name": "托管费用", "parent_id": "c1"}),
                     ("rename", {"code_id": "c3", "name": "身心健康"}),
                     ("move", {"code_id": "c1", "parent_id": None}),
                     ("merge", {"source_id": "c2", "target_id": "c1"}),
                     ("delete", {"code_id": "c3"})]
    assert panel._descendants("c1") == {"c1", "c2"}


def test_dragging_a_code_asks_to_move_it(panel):
    from PySide6.QtWidgets import QTreeWidget

    asked = []
    panel.requested.connect(lambda action, args: asked.append((action, args)))
    tree = panel.tree
    health, education = tree.topLevelItem(1), tree.topLevelItem(0)
    child = education.child(0)
    assert tree.drop_parent(education, QTreeWidget.OnItem) == "c1"
    assert tree.drop_parent(child, QTreeWidget.BelowItem) == "c1"
    assert tree.drop_parent(health, QTreeWidget.AboveItem) is None
    assert tree.drop_parent(None, QTreeWidget.OnViewport) is None
    tree.dropped.emit("c3", "c1")            # 健康 dropped onto 子女教育
    tree.dropped.emit("c1", "c2")            # a code under its own child: refused
    assert asked == [("move", {"code_id": "c3", "parent_id": "c1"})]


def test_a_real_drop_event_moves_under_the_target(panel, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragMoveEvent, QDropEvent

    asked = []
    panel.requested.connect(lambda action, args: asked.append((action, args)))
    tree = panel.tree
    health, education = tree.topLevelItem(1), tree.topLevelItem(0)
    tree.setCurrentItem(health)
    mime = tree.mimeData([health])
    spot = QPointF(tree.visualItemRect(education).center())
    move = QDragMoveEvent(spot.toPoint(), Qt.MoveAction, mime, Qt.LeftButton, Qt.NoModifier)
    tree.dragMoveEvent(move)
    tree.dropEvent(QDropEvent(spot, Qt.MoveAction, mime, Qt.LeftButton, Qt.NoModifier))
    assert asked == [("move", {"code_id": "c3", "parent_id": "c1"})]
    assert tree.topLevelItemCount() == 2        # the tree waits for the core's codebook


def test_recorded_edits_rebuild_the_text_exactly(editor):
    """Random typing, deleting and replacing (emoji, 𠀀, line breaks, no-break spaces):
    the edits the editor records, replayed on the loaded text, give the text shown, and
    the editor's own copy never drifts from Qt's."""
    import random

    from fieldkit.core.interviews.anchoring import apply_edits

    rng = random.Random(15)
    pieces = ["托管", "😀", "𠀀", "\n", "\u00a0", "ab", "担心。", ""]
    text = BODY
    for round_ in range(200):
        units = TextPositions(editor.text())
        length = utf16_length(editor.text())
        first = rng.randint(0, length)
        last = min(length, first + rng.choice([0, 0, 1, 2, 5]))
        a, b = units.span_to_points(first, last)      # never split a wide character
        cursor = editor.text_edit.textCursor()
        cursor.setPosition(units.to_utf16(a))
        cursor.setPosition(units.to_utf16(b), QTextCursor.KeepAnchor)
        cursor.insertText(rng.choice(pieces))
        assert editor._last_text == editor.text(), round_
    edits = editor.take_edits()
    assert edits is not None
    rebuilt = text
    from fieldkit.core.interviews.anchoring import splice
    shown = editor.text()
    # replay: each edit's inserted characters come from the final text only when they
    # survive, so check lengths and the untouched ends instead of the characters
    for edit in edits:
        rebuilt = splice(rebuilt, edit, "?" * edit.inserted)
    assert len(rebuilt) == len(shown)
    # and the core's rule over these edits agrees with the highlights shown
    spans = [(s.segment["start"], s.segment["end"]) for s in editor.spans]
    moved = apply_edits(spans, edits)
    shown_units = TextPositions(shown)
    for span, place in zip(editor.spans, moved):
        assert span.gone == (place is None)
        if place is not None:
            assert (span.start, span.end) == shown_units.span_to_utf16(*place)


def test_details_keep_a_site_or_activity_not_offered(qtbot):
    from fieldkit.ui.interviews.note_form import NoteDetails

    details = NoteDetails()
    qtbot.addWidget(details)
    note = {"id": "n1", "title": "访谈", "site_id": "old-site", "site_name": "旧驿站",
            "activity_id": "old-activity", "interviewers": ["k1"]}
    details.load(note, {"sites": [("s1", "新驿站")], "activities": [], "cadres": [("k2", "王")]})
    values = details.values()
    assert (values["site_id"], values["activity_id"]) == ("old-site", "old-activity")
    assert details.site.currentText() == "旧驿站"
    assert values["interviewers"] == ["k1"]
