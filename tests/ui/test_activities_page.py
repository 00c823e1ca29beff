"""The activities page (issue 14): two activities typed with the keyboard only (the second
pre-filled from the first), monthly compliance on a hand-checked fixture, filters, 1280x720."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea

from fieldkit.core.work import activities
from fieldkit_testing import save_shot
from tests_ui_helpers import type_text, visible_texts
from work_window_fixture import in_db, work_window  # noqa: F401


def _cadre_ids(ws):
    return {r["name"]: r["id"] for r in ws.query("SELECT id, name FROM cadres")}


def _press(qtbot, key, modifier=Qt.NoModifier):
    from PySide6.QtWidgets import QApplication

    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _open_entry(window, qtbot):
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=3000)
    window.idle()
    return page, page.dialog


def test_two_activities_by_keyboard_only(main_window, qtbot, tmp_path):
    window = main_window
    photo = tmp_path / "座谈会.jpg"
    photo.write_bytes(b"\xff\xd8\xff fake jpeg")
    page, dialog = _open_entry(window, qtbot)
    assert dialog.date.hasFocus()
    assert dialog.cadres.checked_ids() == [] and dialog.values()["kinds"] == []

    _press(qtbot, Qt.Key_Return)                       # today's date
    assert dialog.site.hasFocus()
    _press(qtbot, Qt.Key_Down)
    _press(qtbot, Qt.Key_Down)                         # the second site in the list
    site_name, site_id = dialog.site.currentText(), dialog.site.currentData()
    assert site_id
    _press(qtbot, Qt.Key_Return)
    assert dialog.duration.hasFocus()
    _press(qtbot, Qt.Key_Down)                         # half a day
    _press(qtbot, Qt.Key_Return)
    for tick in (True, True, False, False, True):      # lecture, visit, solve
        if tick:
            _press(qtbot, Qt.Key_Space)
        _press(qtbot, Qt.Key_Return)
    assert dialog.sub_kinds.find.hasFocus()
    type_text(qtbot, dialog.sub_kinds.find, "座谈")
    _press(qtbot, Qt.Key_Return)                       # ticks 座谈会
    type_text(qtbot, dialog.sub_kinds.find, "夜校")
    _press(qtbot, Qt.Key_Return)                       # a new sub-kind, added and ticked
    _press(qtbot, Qt.Key_Return)                       # empty: move on
    assert dialog.workers.hasFocus()
    qtbot.keyClicks(dialog.workers, "35")
    _press(qtbot, Qt.Key_Return)
    qtbot.keyClicks(dialog.feedback_count, "3")
    _press(qtbot, Qt.Key_Return)
    type_text(qtbot, dialog.feedback, "希望增加夜班休息室")
    _press(qtbot, Qt.Key_Tab)
    assert dialog.cadres.find.hasFocus()
    type_text(qtbot, dialog.cadres.find, "韩秀")
    _press(qtbot, Qt.Key_Return)
    qtbot.keyClicks(dialog.cadres.find, "wjg")           # pinyin initials of 吴建国
    _press(qtbot, Qt.Key_Return)
    _press(qtbot, Qt.Key_Return)
    assert dialog.notes.hasFocus()
    type_text(qtbot, dialog.notes, "车间送清凉")
    dialog.add_files([photo])                          # what "Attach…" hands over
    with qtbot.waitSignal(dialog.saved, timeout=5000) as first:
        _press(qtbot, Qt.Key_S, Qt.ControlModifier)
    window.idle()

    saved = in_db(window, lambda ws: activities.list_activities(ws))
    assert len(saved) == 1
    one = saved[0]
    ids = in_db(window, _cadre_ids)
    assert one["id"] == first.args[0]["id"]
    assert set(one["cadre_ids"]) == {ids["韩秀兰"], ids["吴建国"]}
    assert one["site_id"] == site_id
    assert one["kinds"] == ["lecture", "visit", "solve"]
    assert one["sub_kinds"] == ["座谈会", "夜校"] and one["duration"] == "half"
    assert (one["workers_reached"], one["feedback_count"]) == (35, 3)
    assert one["feedback"] == "希望增加夜班休息室" and one["notes"] == "车间送清凉"
    assert len(one["attachments"]) == 1
    assert "夜校" in in_db(window, activities.sub_kinds)

    # the next record starts from the one just saved; only the workers are typed
    assert dialog.date.hasFocus()
    assert dialog.site.currentText() == site_name
    assert set(dialog.cadres.checked_ids()) == set(one["cadre_ids"])
    assert dialog.values()["kinds"] == ["lecture", "visit", "solve"]
    assert dialog.values()["sub_kinds"] == ["座谈会", "夜校"]
    assert dialog.workers.value() == 0 and dialog.notes.toPlainText() == ""
    for _ in range(8):                                 # date, site, duration, five kinds
        _press(qtbot, Qt.Key_Return)
    _press(qtbot, Qt.Key_Return)                       # sub-kinds: nothing to find, move on
    assert dialog.workers.hasFocus()
    qtbot.keyClicks(dialog.workers, "12")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        _press(qtbot, Qt.Key_S, Qt.ControlModifier)
    window.idle()
    saved = in_db(window, lambda ws: activities.list_activities(ws))
    assert len(saved) == 2
    second = saved[0] if saved[0]["workers_reached"] == 12 else saved[1]
    assert second["site_id"] == one["site_id"] and second["kinds"] == one["kinds"]
    assert set(second["cadre_ids"]) == set(one["cadre_ids"])
    assert second["attachments"] == []                 # files are not carried over
    assert page.table.rowCount() == 2                  # the list behind the form follows

    # the same record again is refused by core, shown under the form, nothing added
    qtbot.keyClicks(dialog.workers, "12")
    dialog.notes.clear()
    _press(qtbot, Qt.Key_S, Qt.ControlModifier)
    window.idle()
    assert "already recorded" in dialog.message.text()
    assert len(in_db(window, lambda ws: activities.list_activities(ws))) == 2
    # Ctrl+N starts again from the last saved record
    dialog.workers.setFocus()
    _press(qtbot, Qt.Key_N, Qt.ControlModifier)
    assert dialog.workers.value() == 0 and dialog.date.hasFocus()
    dialog.reject()


def test_nothing_ticked_is_refused_with_core_message(main_window, qtbot):
    page, dialog = _open_entry(main_window, qtbot)
    dialog.save()
    main_window.idle()
    assert "at least one cadre" in dialog.message.text()
    assert in_db(main_window, lambda ws: activities.list_activities(ws)) == []
    dialog.reject()


def _compliance_fixture(ws):
    """Hand-checked month 2025-05: 韩秀兰 a full day (meets); 吴建国 half a day (below);
    郑丽娟 two half days (meets); 陈志刚 a day in April only (below); 孙立新 and 周晓梅
    together one day (both meet); 冯海涛 a day that was deleted (below)."""
    ids = _cadre_ids(ws)
    log = activities.log_activity
    log(ws, on="2025-05-06", cadre_ids=[ids["韩秀兰"]], kinds=["visit"])
    log(ws, on="2025-05-07", cadre_ids=[ids["吴建国"]], kinds=["lecture"], duration="half")
    log(ws, on="2025-05-08", cadre_ids=[ids["郑丽娟"]], kinds=["befriend"], duration="half")
    log(ws, on="2025-05-20", cadre_ids=[ids["郑丽娟"]], kinds=["rights"], duration="half")
    log(ws, on="2025-04-30", cadre_ids=[ids["陈志刚"]], kinds=["visit"])
    log(ws, on="2025-05-31", cadre_ids=[ids["孙立新"], ids["周晓梅"]], kinds=["solve"])
    gone = log(ws, on="2025-05-12", cadre_ids=[ids["冯海涛"]], kinds=["visit"])
    activities.set_deleted(ws, gone)
    return ws.scalar("SELECT id FROM org_units WHERE name = '宝坻区总工会'")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_compliance_highlights_cadres_below_one_day(main_window, qtbot, language):
    window = main_window
    window.retranslate(language)
    baodi = in_db(window, _compliance_fixture)
    window.resize(1280, 720)
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    page.show_compliance("2025-05")
    window.idle()
    everyone = {"赵振华", "钱雅琴", "孙立新", "周晓梅", "吴建国", "郑丽娟", "冯海涛", "陈志刚",
                "褚明亮", "卫国强", "蒋春燕", "沈宏伟", "韩秀兰"}
    meets = {"韩秀兰", "郑丽娟", "孙立新", "周晓梅"}
    assert set(page.compliance.highlighted_names()) == everyone - meets
    assert "9" in page.compliance.summary.text() and "13" in page.compliance.summary.text()
    days = {r["name"]: r["days"] for r in page.compliance.rows}
    assert (days["吴建国"], days["郑丽娟"], days["陈志刚"], days["冯海涛"]) == (0.5, 1, 0, 0)
    row = [page.compliance.table.item(r, 0).text()
           for r in range(page.compliance.table.rowCount())].index("吴建国")
    assert page.compliance.table.item(row, 0).background().color().name() == "#fbe3e1"
    save_shot(window, f"dashui_compliance_{language}")
    # an org unit with its sub-units: 宝坻区 holds 新开口镇's union (韩秀兰)
    page.show_compliance("2025-05", baodi)
    window.idle()
    assert {r["name"] for r in page.compliance.rows} == {"吴建国", "郑丽娟", "韩秀兰"}
    assert page.compliance.highlighted_names() == ["吴建国"]
    assert page.compliance.table.horizontalScrollBar().isVisible() is False
    # Enter on a cadre lists that cadre's activities of the month
    row = [r["name"] for r in page.compliance.rows].index("郑丽娟")
    page.compliance.table.setCurrentCell(row, 0)
    page.compliance.table.setFocus()
    qtbot.keyClick(page.compliance.table, Qt.Key_Return)
    window.idle()
    assert page.tabs.currentIndex() == 0
    assert sorted(r["date"] for r in page.records) == ["2025-05-08", "2025-05-20"]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_filters_and_fit_at_1280x720(work_window, qtbot, language):
    window = work_window
    window.retranslate(language)
    window.resize(1280, 720)
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    everything = page.table.rowCount()
    assert everything > 100
    page.show_filtered(period=page.options["months"][1], kind="rights")
    window.idle()
    rows = page.records
    assert rows and all("rights" in r["kinds"] for r in rows)
    assert all(r["date"].startswith(page.options["months"][1]) for r in rows)
    assert page.table.rowCount() == len(rows) < everything
    assert page.new_button.isVisible()
    right = page.new_button.mapTo(window, page.new_button.rect().bottomRight())
    assert right.x() <= window.width()
    save_shot(window, f"dashui_activities_{language}")
    texts = visible_texts(page)
    if language == "zh_CN":
        assert not [t for t in texts if t in ("All sites", "All cadres", "Activity list")]
    # the entry form fits a 1280x720 screen without scrolling sideways
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=3000)
    window.idle()
    dialog = page.dialog
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 680
    for area in dialog.findChildren(QAbstractScrollArea):
        assert not area.horizontalScrollBar().isVisible() or area is dialog.sub_kinds.list
    save_shot(dialog, f"dashui_activity_entry_{language}")
    assert dialog.cadres.checked_ids() == page.options["last"]["cadre_ids"]
    dialog.reject()


def test_delete_an_activity_after_asking(main_window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = main_window
    ids = in_db(window, _cadre_ids)
    for day in ("2025-03-03", "2025-03-04"):
        in_db(window, lambda ws, d=day: activities.log_activity(
            ws, on=d, cadre_ids=[ids["韩秀兰"]], kinds=["visit"]))
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    assert page.table.rowCount() == 2 and not page.delete_button.isEnabled()
    page.table.selectRow(0)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Delete)
    window.idle()
    assert "2025-03-04" in asked[0] and page.table.rowCount() == 2      # "No" keeps it
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    window.idle()
    assert [r["date"] for r in page.records] == ["2025-03-03"]
    month = in_db(window, lambda ws: activities.monthly_compliance(ws, "2025-03"))
    assert {r["name"]: r["days"] for r in month}["韩秀兰"] == 1          # no longer counted


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_details_show_files_and_links_and_save_a_file(main_window, qtbot, tmp_path,
                                                      monkeypatch, language):
    from PySide6.QtWidgets import QFileDialog

    from fieldkit.core.work import ledger

    window = main_window
    window.retranslate(language)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 3000)
    ids = in_db(window, _cadre_ids)

    def make(ws):
        problem = ledger.log_problem(ws, title="夜班休息室不足", grade="short_term")
        activities.log_activity(ws, on="2025-06-02", cadre_ids=[ids["蒋春燕"]],
                                kinds=["rights"], notes="职工代表巡视质询\n检查夜班休息室",
                                attachment_files=[photo], links=[("problems", problem)])
        ledger.log_problem(ws, title="码头缺饮水点", grade="short_term")
        return problem

    problem = in_db(window, make)
    window.show_page("activities")
    window.idle()
    page = window.page("activities")
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Return)
    window.idle()
    details = page.details
    assert details.isVisible()
    assert details.files.count() == 1 and "现场.jpg" in details.files.item(0).text()
    assert "夜班休息室不足" in details.links.item(0).text()
    assert "检查夜班休息室" in " ".join(visible_texts(details))
    save_shot(details, f"dashui_activity_details_{language}")
    target = tmp_path / "saved.jpg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    details.files.setCurrentRow(0)
    qtbot.mouseClick(details.save_button, Qt.LeftButton)
    window.idle()
    assert target.read_bytes() == photo.read_bytes()
    # link one more record afterwards: only the records not linked yet are offered
    assert [i.text() for i in details.more_links.items()] == \
        [f"{'问题' if language == 'zh_CN' else 'Problem'} · 码头缺饮水点 · {date.today()}"]
    details.more_links.find.setFocus()
    qtbot.keyClicks(details.more_links.find, "mtq")           # 码头缺… by its initials
    qtbot.keyClick(details.more_links.find, Qt.Key_Return)
    qtbot.mouseClick(details.link_button, Qt.LeftButton)
    window.idle()
    assert details.links.count() == 2 and details.more_links.list.count() == 0
    links = in_db(window, lambda ws: activities.list_activities(ws))[0]["links"]
    assert len(links) == 2
    opened = []
    window.show_problem = opened.append
    first = next(details.links.item(r) for r in range(details.links.count())
                 if "夜班休息室不足" in details.links.item(r).text())
    details.links.itemActivated.emit(first)
    assert opened == [problem] and not details.isVisible()


def test_del_stops_offering_a_sub_kind(main_window, qtbot):
    page, dialog = _open_entry(main_window, qtbot)
    names = [i.text() for i in dialog.sub_kinds.items()]
    assert "送清凉" in names
    dialog.sub_kinds.list.setCurrentRow(names.index("送清凉"))
    dialog.sub_kinds.list.setFocus()
    qtbot.keyClick(dialog.sub_kinds.list, Qt.Key_Delete)
    main_window.idle()
    assert "送清凉" not in [i.text() for i in dialog.sub_kinds.items()]
    assert "送清凉" not in in_db(main_window, activities.sub_kinds)
    dialog.reject()


def test_pinyin_initials_find_names_without_an_input_method():
    from fieldkit.ui.activities.check_list import pinyin_initials

    assert [pinyin_initials(n) for n in ("韩秀兰", "吴建国", "座谈会", "Li 娜")] == \
        ["hxl", "wjg", "zth", "li n"]
    assert pinyin_initials("褚明亮") == "褚ml"      # a rarer character stays as it is
