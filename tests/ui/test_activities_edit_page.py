"""Editing a saved activity on the activities page (issue 14): F2 or details → Edit opens
the entry form filled with it, Ctrl+S saves the edit; fits 1280x720 in both languages."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from fieldkit.core.work import activities
from fieldkit.core.work.activity_edit import current_values
from fieldkit_testing import save_shot
from tests_ui_helpers import type_text, visible_texts
from work_window_fixture import in_db


def _one_activity(window, tmp_path):
    photo = tmp_path / "合影.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")

    def make(ws):
        ids = {r["name"]: r["id"] for r in ws.query("SELECT id, name FROM cadres")}
        site = ws.scalar("SELECT id FROM sites ORDER BY name LIMIT 1")
        aid = activities.log_activity(
            ws, on="2025-03-04", cadre_ids=[ids["韩秀兰"], ids["吴建国"]], kinds=["visit"],
            site_id=site, workers_reached=20, sub_kinds=["座谈会"], notes="走访宿舍",
            attachment_files=[photo])
        return aid, ids
    return in_db(window, make)


def _wait_dialog(window, qtbot, page):
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=3000)
    window.idle()
    return page.dialog


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_f2_edits_the_chosen_activity_and_ctrl_s_saves(main_window, qtbot, tmp_path,
                                                       language):
    window = main_window
    window.retranslate(language)
    window.resize(1280, 720)
    aid, ids = _one_activity(window, tmp_path)
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    assert not page.edit_button.isEnabled()
    page.table.selectRow(0)
    assert page.edit_button.isEnabled() and "F2" in page.edit_button.toolTip()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_F2)
    dialog = _wait_dialog(window, qtbot, page)
    assert dialog.editing["id"] == aid and not dialog.again_button.isVisible()
    assert dialog.links.isVisible()          # its links, ticked (test_activities_links.py)
    values = dialog.values()
    assert str(values["on"]) == "2025-03-04" and values["kinds"] == ["visit"]
    assert sorted(values["cadre_ids"]) == sorted([ids["韩秀兰"], ids["吴建国"]])
    assert values["workers_reached"] == 20 and values["sub_kinds"] == ["座谈会"]
    assert dialog.notes.toPlainText() == "走访宿舍"
    qtbot.waitUntil(lambda: dialog.files.count() == 1, timeout=3000)
    assert dialog.files.item(0).text() == "合影.jpg"
    assert dialog.values()["attachments"] and dialog.values()["attachment_files"] == []
    # fits 1280x720 without scrolling sideways; no English on the Chinese form
    assert dialog.minimumSizeHint().width() <= 1280 and dialog.minimumSizeHint().height() <= 680
    for area in dialog.findChildren(QAbstractScrollArea):
        assert not area.horizontalScrollBar().isVisible() or area is dialog.sub_kinds.list
    if language == "zh_CN":
        assert "Save changes (Ctrl+S)" not in visible_texts(dialog)
        assert "编辑" in dialog.windowTitle()
    save_shot(dialog, f"actedit_activity_edit_{language}")

    dialog.kind_boxes["rights"].setChecked(True)       # also a rights case
    dialog.workers.selectAll()
    qtbot.keyClicks(dialog.workers, "26")
    dialog.cadres.set_checked([ids["韩秀兰"]])           # 吴建国 was not there after all
    dialog.notes.setFocus()
    dialog.notes.moveCursor(QTextCursor.End)
    type_text(qtbot, dialog.notes, "，维权")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_S, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    window.idle()
    now = in_db(window, current_values, aid)
    assert now["kinds"] == ["visit", "rights"] and now["workers_reached"] == 26
    assert now["cadre_ids"] == [ids["韩秀兰"]] and now["notes"] == "走访宿舍，维权"
    assert len(now["attachments"]) == 1 and now["sub_kinds"] == ["座谈会"]
    assert in_db(window, lambda ws: ws.scalar("SELECT count(*) FROM activities")) == 1
    assert page.records[0]["workers_reached"] == 26      # the list shows the edit
    assert page.records[0]["cadre_names"] == "韩秀兰"


def test_details_edit_and_a_refused_edit_keeps_the_form(main_window, qtbot, tmp_path):
    window = main_window
    aid, _ids = _one_activity(window, tmp_path)
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Return)
    window.idle()
    details = page.details
    assert details.isVisible() and "F2" in details.edit_button.text()
    qtbot.keyClick(details, Qt.Key_F2)
    dialog = _wait_dialog(window, qtbot, page)
    assert not details.isVisible() and dialog.editing["id"] == aid
    for box in dialog.kind_boxes.values():               # no kind: core refuses it
        box.setChecked(False)
    qtbot.keyClick(dialog, Qt.Key_S, Qt.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.message.text()) and
                    dialog.message.text() != "Saving…", timeout=3000)
    assert dialog.isVisible() and "kind" in dialog.message.text()
    assert in_db(window, current_values, aid)["kinds"] == ["visit"]
    # removing the attachment and saving drops it; nothing else changes
    dialog.kind_boxes["visit"].setChecked(True)
    qtbot.waitUntil(lambda: dialog.files.count() == 1, timeout=3000)
    dialog.files.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_file_button, Qt.LeftButton)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    now = in_db(window, current_values, aid)
    assert now["attachments"] == [] and now["workers_reached"] == 20
