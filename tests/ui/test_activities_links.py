"""Changing an activity's links: in the edit form (F2) its links are ticked in the links
list; unticking removes one, ticking adds one, by keyboard only (Tab, type, Enter, Space,
Enter on Save). An unchanged edit writes nothing. The details view removes a link after
asking (Del). A removed link never deletes the record; a deleted record's link says so."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldkit.core.interviews import notes
from fieldkit.core.work import activities, ledger
from fieldkit.core.work.activity_edit import current_values
from fieldkit_testing import save_shot
from tests_ui_helpers import visible_texts
from work_window_fixture import in_db


def _linked_activity(window):
    def make(ws):
        cadre = ws.scalar("SELECT id FROM cadres WHERE name = '韩秀兰'")
        site = ws.scalar("SELECT id FROM sites ORDER BY name LIMIT 1")
        rest = ledger.log_problem(ws, title="夜班休息室不足", grade="short_term", site_id=site)
        water = ledger.log_problem(ws, title="码头缺饮水点", grade="short_term", site_id=site)
        note = notes.create_note(ws, title="访谈：焊工王师傅", body="谈到夜班",
                                 on_date="2025-03-04")
        aid = activities.log_activity(ws, on="2025-03-04", cadre_ids=[cadre], kinds=["visit"],
                                      site_id=site, workers_reached=20, notes="走访宿舍",
                                      links=[("problems", rest), ("interviews", note)])
        notes.delete_note(ws, note)                     # deleted since it was linked
        return aid, {"rest": rest, "water": water, "note": note}
    return in_db(window, make)


def _journal(ws):
    return ws.scalar("SELECT count(*) FROM journal")


def _press(qtbot, key, modifier=Qt.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _edit(window, qtbot, by_key=True):
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    page.table.selectRow(0)
    page.table.setFocus()
    if by_key:
        qtbot.keyClick(page.table, Qt.Key_F2)
    else:                                   # as Edit… does (the window is not active again)
        page.edit_selected()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=3000)
    window.idle()
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog._links_loaded, timeout=3000)
    return page, dialog


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_edit_form_changes_links_by_keyboard(main_window, qtbot, language):
    window = main_window
    window.retranslate(language)
    window.resize(1280, 720)
    aid, rec = _linked_activity(window)
    page, dialog = _edit(window, qtbot)
    texts = [i.text() for i in dialog.links.items()]
    ticked = dialog.links.checked_ids()
    assert ticked == [f"problems:{rec['rest']}", f"interviews:{rec['note']}"]
    assert "夜班休息室不足" in texts[0]
    assert "访谈：焊工王师傅" in texts[1]
    assert ("（已删除）" if language == "zh_CN" else "(deleted)") in texts[1]
    assert any("码头缺饮水点" in t for t in texts[2:])      # offered, not ticked
    if language == "zh_CN":
        shown = " ".join(visible_texts(dialog))
        assert "Problem" not in shown and "deleted" not in shown
    # the form with its links fits 1280x720, the long labels wrap instead of scrolling sideways
    assert dialog.minimumSizeHint().width() <= 1280 and dialog.minimumSizeHint().height() <= 680
    assert not dialog.links.list.horizontalScrollBar().isVisible()
    save_shot(dialog, f"links_activity_edit_{language}")

    before = in_db(window, _journal)
    dialog.notes.setFocus()
    _press(qtbot, Qt.Key_Tab)                                  # notes → links: find box
    assert dialog.links.find.hasFocus()
    qtbot.keyClicks(dialog.links.find, "mtq")                 # 码头缺… by its initials
    _press(qtbot, Qt.Key_Return)                               # ticks it
    _press(qtbot, Qt.Key_Down)                                 # into the list: first row
    assert dialog.links.list.hasFocus()
    assert dialog.links.list.currentItem().text() == texts[0]
    _press(qtbot, Qt.Key_Space)                                # unticks 夜班休息室不足
    _press(qtbot, Qt.Key_Return)                               # done with the list
    for _ in range(12):
        if dialog.save_button.hasFocus():
            break
        _press(qtbot, Qt.Key_Tab)
    assert dialog.save_button.hasFocus()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        _press(qtbot, Qt.Key_Return)                           # Enter on Save saves
    window.idle()
    assert not dialog.isVisible()
    links = sorted(in_db(window, current_values, aid)["links"])
    assert links == sorted([("problems", rec["water"]), ("interviews", rec["note"])])
    # one link off, one on; the activity row itself is not touched; the problem is kept
    assert in_db(window, _journal) == before + 2
    assert in_db(window, lambda ws: ws.scalar(
        "SELECT title FROM problems WHERE id = ?", (rec["rest"],))) == "夜班休息室不足"
    assert len(page.records[0]["links"]) == 2                  # the list follows


def test_an_unchanged_edit_writes_nothing_and_links_survive_a_site_change(main_window,
                                                                          qtbot):
    window = main_window
    aid, rec = _linked_activity(window)
    page, dialog = _edit(window, qtbot)
    before = in_db(window, _journal)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    window.idle()
    assert in_db(window, _journal) == before
    # another site offers other records, but the activity's links stay ticked and shown
    page, dialog = _edit(window, qtbot, by_key=False)
    ticked = dialog.links.checked_ids()
    dialog.site.setCurrentIndex(0)                             # (no site): all records
    window.idle()
    assert dialog.links.checked_ids() == ticked
    dialog.links.set_checked([*ticked, f"problems:{rec['water']}"])   # ticked at this site
    other = dialog.site.count() - 1
    assert dialog.site.itemData(other) != page.records[0]["site_id"]
    dialog.site.setCurrentIndex(other)                         # a site it does not belong to
    window.idle()
    assert sorted(dialog.links.checked_ids()) == sorted([*ticked, f"problems:{rec['water']}"])
    assert any("码头缺饮水点" in t for t in dialog.links.checked_labels())
    dialog.links.set_checked(ticked)                           # untick it again
    dialog.site.setCurrentIndex(dialog.site.findData(page.records[0]["site_id"]))
    window.idle()
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    window.idle()
    assert in_db(window, _journal) == before
    assert len(in_db(window, current_values, aid)["links"]) == 2


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_details_remove_a_link_after_asking(main_window, qtbot, monkeypatch, language):
    window = main_window
    window.retranslate(language)
    aid, rec = _linked_activity(window)
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Return)
    window.idle()
    details = page.details
    assert details.links.count() == 2 and not details.unlink_button.isEnabled()
    gone = details.links.item(1)
    assert ("（已删除）" if language == "zh_CN" else "(deleted)") in gone.text()
    save_shot(details, f"links_activity_details_{language}")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    details.links.setFocus()
    details.links.setCurrentRow(0)
    assert details.unlink_button.isEnabled()
    qtbot.keyClick(details.links, Qt.Key_Delete)
    window.idle()
    assert "夜班休息室不足" in asked[0] and details.links.count() == 2      # "No" keeps it
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    qtbot.mouseClick(details.unlink_button, Qt.LeftButton)
    window.idle()
    assert details.links.count() == 1 and "访谈" in details.links.item(0).text()
    assert in_db(window, current_values, aid)["links"] == [("interviews", rec["note"])]
    # the problem stays in the ledger and is offered for linking again
    assert any("夜班休息室不足" in i.text() for i in details.more_links.items())
    assert in_db(window, lambda ws: ws.scalar("SELECT count(*) FROM problems")) >= 2
    # the dead link goes the same way; the deleted note stays deleted, not destroyed
    details.links.setCurrentRow(0)
    qtbot.keyClick(details.links, Qt.Key_Delete)
    window.idle()
    assert in_db(window, current_values, aid)["links"] == []
    assert details.links.item(0).flags() == Qt.NoItemFlags       # "Nothing linked."
    assert in_db(window, lambda ws: ws.scalar(
        "SELECT deleted FROM interview_notes WHERE id = ?", (rec["note"],))) == 1


def test_an_activity_without_a_site_shows_its_links_too(main_window, qtbot):
    window = main_window

    def make(ws):
        cadre = ws.scalar("SELECT id FROM cadres WHERE name = '韩秀兰'")
        problem = ledger.log_problem(ws, title="夜班休息室不足", grade="short_term")
        aid = activities.log_activity(ws, on="2025-03-04", cadre_ids=[cadre], kinds=["visit"],
                                      links=[("problems", problem)])
        return aid, problem
    aid, problem = in_db(window, make)
    page, dialog = _edit(window, qtbot)
    assert dialog.site.currentData() is None
    assert dialog.links.checked_ids() == [f"problems:{problem}"]
    dialog.links.set_checked([])
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    window.idle()
    assert in_db(window, current_values, aid)["links"] == []
