"""The interviews page in the real main window: write a note, select text in the real
editor and code it by shortcut and by double-click, edit around the coding, delete coded
text, and look at the page in both languages."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from fieldkit.core.interviews import notes, segments
from fieldkit.ui.interviews.positions import TextPositions
from fieldkit_testing import save_shot
from tests_ui_helpers import type_text

BODY = "我是快递员😀𠀀，孩子暑期托管难，我很担心。"


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    """An error message box would wait for a click forever: record it and fail instead."""
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    yield shown
    assert shown == []


def in_db(window, fn, *args):
    return window.tasks.executor.submit(lambda ws: fn(ws, *args)).result(10)


def live_segments(window, note_id):
    return in_db(window, lambda ws: [s for s in segments.segments_for_note(ws, note_id)])


def select(editor, text, start, end):
    """Select code points start … end of ``text`` in the editor, as a person drags."""
    units = TextPositions(text)
    cursor = editor.text_edit.textCursor()
    cursor.setPosition(units.to_utf16(start))
    cursor.setPosition(units.to_utf16(end), QTextCursor.KeepAnchor)
    editor.text_edit.setTextCursor(cursor)


def prepare(main_window, qtbot, body=BODY):
    """The interviews page with two codes and a note holding ``body``, saved."""
    main_window.show_page("interviews")
    main_window.idle()
    page = main_window.page("interviews")
    for name in ("子女教育", "身体健康"):
        page.codebook.add(parent_id=None, name=name)
        main_window.idle()
    page.new_note("快递员张师傅")
    main_window.idle()
    qtbot.waitUntil(lambda: page.note is not None)
    page.editor.text_edit.setFocus()
    page.editor.text_edit.textCursor().insertText(body)
    page.save_now()
    main_window.idle()
    return page


@pytest.fixture
def page(main_window, qtbot):
    return prepare(main_window, qtbot)


def test_code_selected_text_by_shortcut_and_double_click(main_window, page, qtbot):
    editor, note_id = page.editor, page.note_id
    assert in_db(main_window, notes.get_note, note_id).body == BODY
    assert [c["name"] for c in page.codebook.codes] == ["子女教育", "身体健康"]
    # Alt+1: the first code, on 暑期托管 (after an emoji and 𠀀, two UTF-16 units each)
    start = BODY.index("暑期托管")
    select(editor, BODY, start, start + 4)
    qtbot.keyClick(editor.text_edit, Qt.Key_1, Qt.AltModifier)
    main_window.idle()
    found = live_segments(main_window, note_id)
    assert [(s.start, s.end, s.text, s.code_name) for s in found] == [
        (start, start + 4, "暑期托管", "子女教育")]
    # double-click the second code in the codebook with 担心 selected
    worry = BODY.index("担心")
    select(editor, BODY, worry, worry + 2)
    item = page.codebook.tree.topLevelItem(1)
    rect = page.codebook.tree.visualItemRect(item)
    qtbot.mouseClick(page.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
    main_window.idle()
    found = live_segments(main_window, note_id)
    assert sorted((s.text, s.code_name) for s in found) == [("担心", "身体健康"),
                                                            ("暑期托管", "子女教育")]
    assert page.codebook.codes[0]["count"] == 1
    # the highlights show exactly the coded characters
    shown = {s.cursor.selectedText() for s in editor.text_edit.extraSelections()}
    assert shown == {"暑期托管", "担心"}

    # the find-a-code box: Ctrl+K, type part of a name, Enter applies it
    select(editor, BODY, 0, 2)
    qtbot.keyClick(editor.text_edit, Qt.Key_K, Qt.ControlModifier)
    assert page.codebook.filter.hasFocus()
    type_text(qtbot, page.codebook.filter, "健康")
    qtbot.keyClick(page.codebook.filter, Qt.Key_Return)
    main_window.idle()
    assert ("我是", "身体健康") in {(s.text, s.code_name)
                                    for s in live_segments(main_window, note_id)}


def test_editing_keeps_coding_and_reports_deleted_text(main_window, page, qtbot):
    editor, note_id = page.editor, page.note_id
    start = BODY.index("暑期托管")
    select(editor, BODY, start, start + 4)
    qtbot.keyClick(editor.text_edit, Qt.Key_1, Qt.AltModifier)
    worry = BODY.index("担心")
    select(editor, BODY, worry, worry + 2)
    qtbot.keyClick(editor.text_edit, Qt.Key_2, Qt.AltModifier)
    main_window.idle()
    # type before both segments, with an emoji, as a person would; wait for the autosave
    cursor = editor.text_edit.textCursor()
    cursor.setPosition(0)
    editor.text_edit.setTextCursor(cursor)
    type_text(qtbot, editor.text_edit, "ab张师傅说🙂")
    qtbot.waitUntil(lambda: in_db(main_window, notes.get_note, note_id).body.startswith("ab张"),
                    timeout=5000)
    main_window.idle()
    body = in_db(main_window, notes.get_note, note_id).body
    assert body == "ab张师傅说🙂" + BODY
    found = live_segments(main_window, note_id)
    assert sorted(body[s.start:s.end] for s in found) == ["担心", "暑期托管"]
    assert sorted(s.segment["id"] for s in editor.spans if not s.gone) == sorted(
        s.id for s in found)
    assert {s.cursor.selectedText() for s in editor.text_edit.extraSelections()} == {
        "暑期托管", "担心"}
    # delete the coded words 担心: the segment is reported, not silently moved or dropped
    worry = body.index("担心")
    select(editor, body, worry - 1, worry + 3)     # 很担心。
    qtbot.keyClick(editor.text_edit, Qt.Key_Delete)
    qtbot.waitUntil(lambda: page.lost_box is not None, timeout=5000)
    message = page.lost_box.text()
    assert "担心" in message and "身体健康" in message
    save_shot(page.lost_box, "interviews_lost_message_en")
    page.lost_box.close()
    main_window.idle()
    lost = in_db(main_window, lambda ws: segments.lost_segments(ws, note_id))
    assert [(s.text, s.code_name) for s in lost] == [("担心", "身体健康")]
    rows = [editor.segment_list.item(i).text() for i in range(editor.segment_list.count())]
    assert any("担心" in r and "身体健康" in r for r in rows)
    # the other segment still covers its words
    body = in_db(main_window, notes.get_note, note_id).body
    (kept,) = live_segments(main_window, note_id)
    assert body[kept.start:kept.end] == "暑期托管"
    # put the lost one back on words the user selects
    hard = body.index("托管难")
    select(editor, body, hard, hard + 3)
    row = next(i for i in range(editor.segment_list.count())
               if "身体健康" in editor.segment_list.item(i).text())
    editor.segment_list.setCurrentRow(row)
    assert page.put_back_button.isVisible()
    page.put_back_button.click()
    main_window.idle()
    assert sorted((body[s.start:s.end], s.code_name) for s in live_segments(main_window, note_id)) \
        == [("托管难", "身体健康"), ("暑期托管", "子女教育")]
    assert in_db(main_window, lambda ws: segments.lost_segments(ws, note_id)) == []
    assert not page.put_back_button.isVisible()


def test_segment_flags_and_details_are_saved(main_window, page, qtbot):
    editor, note_id = page.editor, page.note_id
    start = BODY.index("孩子")
    select(editor, BODY, start, start + 2)
    qtbot.keyClick(editor.text_edit, Qt.Key_1, Qt.AltModifier)
    main_window.idle()
    editor.segment_list.setCurrentRow(0)
    assert page.segment_box.isEnabled()
    page.quote.click()
    page.segment_memo.setText("典型诉求")
    page.segment_memo.editingFinished.emit()
    main_window.idle()
    (segment,) = live_segments(main_window, note_id)
    assert segment.quote and segment.memo == "典型诉求"
    # details: occupation from the editable list, the interviewee's name
    page.note_tabs.setCurrentIndex(1)
    details = page.details
    details.occupation.setCurrentText("快递员")
    details.interviewee.setText("张某")
    details.interviewee.textEdited.emit("张某")
    page.save_now()
    main_window.idle()
    note = in_db(main_window, notes.get_note, note_id)
    assert (note.occupation, note.interviewee_name) == ("快递员", "张某")
    # the list filters by occupation
    page.occupation_filter.setCurrentIndex(page.occupation_filter.findData("外卖骑手"))
    main_window.idle()
    assert page.note_list.count() == 0
    page.occupation_filter.setCurrentIndex(page.occupation_filter.findData("快递员"))
    main_window.idle()
    assert page.note_list.count() == 1


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_page_screenshots_and_small_screen(main_window, qtbot, language):
    main_window.retranslate(language)
    main_window.resize(1280, 720)
    # (no 𠀀 here: the bundled font has no glyph for it, and the shot is for looking at)
    text = BODY.replace("𠀀", "") + "\n他说夏天最热的时候，站点给大家准备了绿豆汤。"
    p = prepare(main_window, qtbot, text)
    for number, words in ((1, "暑期托管"), (2, "担心"), (1, "孩子暑期")):
        start = text.index(words)
        select(p.editor, text, start, start + len(words))
        p.apply_number(number)
        main_window.idle()
    cursor = p.editor.text_edit.textCursor()
    cursor.clearSelection()                      # so that the highlights show
    p.editor.text_edit.setTextCursor(cursor)
    main_window.idle()
    for button in (p.new_button, p.import_button, p.codebook.new_button,
                   p.codebook.more_button, p.remove_segment_button):
        assert not button.visibleRegion().isEmpty(), button.text()
        assert button.width() >= button.sizeHint().width() - 2, button.text()
    save_shot(main_window, f"interviews_page_{language}")
    save_shot(p.editor, f"interviews_editor_{language}")
    p.note_tabs.setCurrentIndex(1)
    main_window.idle()
    scroll = p.note_tabs.currentWidget()
    assert not scroll.horizontalScrollBar().isVisible()
    save_shot(main_window, f"interviews_details_{language}")


def test_the_editors_own_edits_anchor_segments(main_window, qtbot):
    """A diff cannot tell which of three equal characters was deleted; the editor can.
    Deleting the first 哈 must move the segment on the second 哈 to the start."""
    page = prepare(main_window, qtbot, "哈哈哈，好")
    editor, note_id = page.editor, page.note_id
    select(editor, "哈哈哈，好", 1, 2)
    qtbot.keyClick(editor.text_edit, Qt.Key_1, Qt.AltModifier)
    main_window.idle()
    cursor = editor.text_edit.textCursor()
    cursor.setPosition(0)
    editor.text_edit.setTextCursor(cursor)
    qtbot.keyClick(editor.text_edit, Qt.Key_Delete)
    page.save_now()
    main_window.idle()
    (segment,) = live_segments(main_window, note_id)
    assert (segment.start, segment.end) == (0, 1)
    assert in_db(main_window, notes.get_note, note_id).body == "哈哈，好"


def test_import_files_all_or_nothing(main_window, qtbot, tmp_path):
    main_window.show_page("interviews")
    main_window.idle()
    page = main_window.page("interviews")
    good = tmp_path / "2024-07-15 外卖骑手访谈.txt"
    good.write_bytes("骑手老李说，夏天最怕中暑。\n站点有绿豆汤。".encode("gb18030"))
    fake = tmp_path / "访谈.docx"
    fake.write_bytes(b"MZ\x90\x00" + bytes(range(256)) * 8)     # a program called .docx
    page.import_files([str(good), str(fake)])
    qtbot.waitUntil(lambda: getattr(page, "import_problems", None) is not None, timeout=10000)
    message = page.import_problems.text()
    assert "访谈.docx" in message
    page.import_problems.close()
    main_window.idle()
    assert page.note_list.count() == 0            # nothing written
    assert in_db(main_window, lambda ws: notes.list_notes(ws)) == []
    page.import_files([str(good)])
    main_window.idle()
    qtbot.waitUntil(lambda: page.note is not None, timeout=10000)
    assert page.note_list.count() == 1
    assert page.editor.text().startswith("骑手老李说")
    assert "1" in page.import_message


def test_attach_and_open_a_recording(main_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    page = prepare(main_window, qtbot)
    recording = tmp_path / "录音.m4a"
    recording.write_bytes(b"\x00\x00\x00\x18ftypM4A fake audio")
    page.attach([str(recording)])
    main_window.idle()
    assert page.details.attachments.count() == 1
    assert "录音.m4a" in page.details.attachments.item(0).text()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    page.details.attachments.setCurrentRow(0)
    page.details.open_button.click()
    main_window.idle()
    assert len(opened) == 1 and opened[0].endswith("录音.m4a")
    with open(opened[0], "rb") as fh:
        assert fh.read() == recording.read_bytes()
    page.details.detach_button.click()
    main_window.idle()
    assert page.details.attachments.count() == 0


def test_retrieve_segments_and_open_one(main_window, page, qtbot):
    editor = page.editor
    for number, words in ((1, "暑期托管"), (2, "担心"), (1, "孩子")):
        start = BODY.index(words)
        select(editor, BODY, start, start + len(words))
        page.apply_number(number)
        main_window.idle()
    view = page.retrieval
    page.tabs.setCurrentWidget(view)
    main_window.idle()
    assert view.table.rowCount() == 3
    view.code.setCurrentIndex(view.code.findText("子女教育"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=5000)
    texts = sorted(view.table.item(r, 1).text() for r in range(2))
    assert texts == ["孩子", "暑期托管"]
    save_shot(main_window, "interviews_retrieval_en")
    # the listed segments and the code frequencies as workbooks
    import openpyxl
    target = str(main_window.workspace_path.parent / "片段.xlsx")
    view.export_segments(target)
    main_window.idle()
    sheet = openpyxl.load_workbook(target).active
    assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "孩子", "暑期托管"]
    target = str(main_window.workspace_path.parent / "频次.xlsx")
    view.export_frequencies(target)
    main_window.idle()
    assert view.exported["codes"] == 2
    assert openpyxl.load_workbook(target).sheetnames
    row = next(r for r in range(2) if view.table.item(r, 1).text() == "暑期托管")
    view.table.itemActivated.emit(view.table.item(row, 1))
    main_window.idle()
    assert page.tabs.currentIndex() == 0
    assert editor.text_edit.textCursor().selectedText() == "暑期托管"


def test_search_filters_the_list_and_marks_the_words(main_window, page, qtbot):
    page.search.setFocus()
    type_text(qtbot, page.search, "托管")
    qtbot.waitUntil(lambda: page.count_label.text().endswith("1"), timeout=5000)
    marked = [s for s in page.editor.text_edit.extraSelections()
              if s.format.fontWeight() == 700]
    assert [s.cursor.selectedText() for s in marked] == ["托管"]
    page.search.clear()
    type_text(qtbot, page.search, "担心 托管")          # two words, anywhere in the note
    qtbot.waitUntil(lambda: page.note_list.count() == 1, timeout=5000)
    marked = [s.cursor.selectedText() for s in page.editor.text_edit.extraSelections()
              if s.format.fontWeight() == 700]
    assert sorted(marked) == sorted(["担心", "托管"])
    page.search.clear()
    type_text(qtbot, page.search, "没有这句话")
    qtbot.waitUntil(lambda: page.note_list.count() == 0, timeout=5000)


def test_closing_the_window_saves_the_last_words(main_window, page, qtbot):
    note_id = page.note_id
    cursor = page.editor.text_edit.textCursor()
    cursor.movePosition(QTextCursor.End)
    page.editor.text_edit.setTextCursor(cursor)
    type_text(qtbot, page.editor.text_edit, "再见")
    assert page._autosave.isActive()           # not saved yet: the pause has not passed
    main_window.close()
    main_window.idle()
    assert in_db(main_window, notes.get_note, note_id).body == BODY + "再见"


def test_codebook_actions_and_several_codes_at_once(main_window, page, qtbot, tmp_path):
    panel, editor, note_id = page.codebook, page.editor, page.note_id
    first, second = (c["id"] for c in panel.codes)
    # Ctrl+click two codes, Enter applies both to the selection
    start = BODY.index("孩子")
    select(editor, BODY, start, start + 2)
    panel.tree.topLevelItem(0).setSelected(True)
    panel.tree.topLevelItem(1).setSelected(True)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1), 0,
                              panel.tree.selectionModel().SelectionFlag.NoUpdate)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key_Return)
    main_window.idle()
    assert sorted(s.code_name for s in live_segments(main_window, note_id)) == [
        "子女教育", "身体健康"]
    panel.add(parent_id=first, name="暑期托管")
    main_window.idle()
    child = next(c for c in panel.codes if c["name"] == "暑期托管")
    assert child["parent_id"] == first and child["path"] == "子女教育/暑期托管"
    panel.rename(child["id"], name="寒暑假托管")
    panel.recolour(child["id"], colour="#123456")
    main_window.idle()
    page._codebook_request("describe", {"code_id": child["id"], "description": "假期孩子无人看",
                                        "memo": "多名职工提到"})
    main_window.idle()
    child = next(c for c in panel.codes if c["id"] == child["id"])
    assert (child["name"], child["colour"], child["description"], child["memo"]) == (
        "寒暑假托管", "#123456", "假期孩子无人看", "多名职工提到")
    panel.move(child["id"], parent_id=None)
    main_window.idle()
    assert next(c for c in panel.codes if c["id"] == child["id"])["depth"] == 0
    target = tmp_path / "编码表.xlsx"
    panel.export_codebook(str(target))
    main_window.idle()
    assert target.exists()
    panel.merge(second, target_id=first)       # 身体健康's segment moves to 子女教育
    main_window.idle()
    assert [c["name"] for c in panel.codes] == ["子女教育", "寒暑假托管"]
    assert [s.code_name for s in live_segments(main_window, note_id)] == ["子女教育"]
    panel.delete(child["id"], confirmed=True)
    main_window.idle()
    panel.import_codebook(str(target))          # the exported codebook brings them back
    main_window.idle()
    assert sorted(c["name"] for c in panel.codes) == ["子女教育", "寒暑假托管", "身体健康"]
    assert "1" in main_window.statusBar().currentMessage()


def test_every_part_is_reachable_with_tab(main_window, page, qtbot):
    from PySide6.QtWidgets import QApplication

    page.search.setFocus()
    reached = []
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        reached.append(QApplication.focusWidget())
    for widget in (page.note_list, page.new_button, page.editor.text_edit,
                   page.editor.segment_list, page.codebook.filter, page.codebook.tree,
                   page.codebook.new_button):
        assert widget in reached, widget.objectName() or type(widget).__name__


def test_memos_on_the_workspace_and_the_note(main_window, page, qtbot):
    from fieldkit.core.interviews import memos

    page._codebook_request("workspace_memo", {})
    main_window.idle()
    dialog = page.memo_dialog
    title, text = dialog.findChild(QLineEdit), dialog.findChild(QPlainTextEdit)
    title.setText("第一轮访谈小结")
    text.setPlainText("快递员普遍提到子女暑期托管。")
    dialog.accept()
    main_window.idle()
    (memo,) = in_db(main_window, lambda ws: memos.list_memos(ws, "workspace"))
    assert (memo.title, memo.text) == ("第一轮访谈小结", "快递员普遍提到子女暑期托管。")
    # the note's memo is saved with its details, and emptying it removes it
    page.note_memo.setPlainText("下次问问托管费用")
    page.save_now()
    main_window.idle()
    assert [m.text for m in in_db(main_window, lambda ws: memos.list_memos(
        ws, "note", page.note_id))] == ["下次问问托管费用"]
    page.note_memo.setPlainText("")
    page.save_now()
    main_window.idle()
    assert in_db(main_window, lambda ws: memos.list_memos(ws, "note", page.note_id)) == []


def test_switching_language_keeps_the_last_words(main_window, page, qtbot):
    note_id = page.note_id
    cursor = page.editor.text_edit.textCursor()
    cursor.movePosition(QTextCursor.End)
    page.editor.text_edit.setTextCursor(cursor)
    type_text(qtbot, page.editor.text_edit, "再见")
    main_window.retranslate("zh_CN")        # the page is rebuilt in Chinese
    main_window.idle()
    assert in_db(main_window, notes.get_note, note_id).body == BODY + "再见"
    new_page = main_window.page("interviews")
    assert new_page is not page
    new_page.open_note(note_id)
    main_window.idle()
    qtbot.waitUntil(lambda: new_page.note is not None, timeout=5000)
    assert new_page.editor.text() == BODY + "再见"
