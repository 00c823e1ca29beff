"""The responses browser: filters, search, columns, sorting, delete/undo, review, lazy pages."""

import random

import pytest
from PySide6.QtCore import QPoint, Qt

from fieldkit.core import responses, ui_prefs
from fieldkit.core.work import directory
from fieldkit.ui.pages.responses_model import PAGE_SIZE
from fieldkit_testing import save_shot
from tests_ui_helpers import type_text, visible_texts

FORM = "frontline_needs"
WORK_TYPES = ("construction", "machine_operator", "loading_handling", "production_line")
SUGGESTIONS = ("食堂饭菜太贵", "宿舍空调坏了", "希望多组织技能培训", "夜班太多", "")


def add_responses(window, n, *, seed=1, special=True):
    """``n`` responses to the frontline needs form over three sites, two cadres, 2024-05..07;
    the first says 暑期托管难. Returns their rows as the database holds them."""
    def make(ws):
        sites = [s["id"] for s in directory.search(ws, directory.SITES)][:3]
        cadres = [c["id"] for c in directory.search(ws, directory.CADRES)][:2]
        rng = random.Random(seed)
        made = []
        with ws.transaction():
            for i in range(n):
                answers = {"work_type": rng.choice(WORK_TYPES), "years_in_job": rng.randint(1, 30),
                           "suggestions": rng.choice(SUGGESTIONS)}
                if i == 0 and special:
                    answers["suggestions"] = "暑期托管难"
                rid = responses.start(ws, FORM, site_id=sites[(i // 2) % 3],
                                      cadre_id=cadres[i % 2], answers=answers)
                day = (f"2024-{5 + i % 3:02d}-{1 + i % 28:02d}"
                       f"T{8 + i % 10:02d}:{i % 60:02d}:00+08:00")
                ws.update("responses", rid, {"started_at": day,
                                             "status": "complete" if i % 4 else "draft"})
                made.append(rid)
        return [ws.get("responses", rid) for rid in made] if n <= 500 else made
    return window.tasks.executor.submit(make).result(300)


@pytest.fixture(autouse=True)
def _own_prefs(tmp_path, monkeypatch):
    """Remembered columns and form go to this test's own config folder."""
    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path / "config"))


def open_browser(window):
    window.show_page("responses")
    window.idle()
    page = window.page("responses")
    page.form_box.setCurrentIndex(page.form_box.findData(FORM))
    window.idle()
    assert page.form_id == FORM
    return page


def wait_count(qtbot, page, count):
    qtbot.waitUntil(lambda: page.model.rowCount() == count and
                    page.model.generation and page.flt is not None, timeout=5000)
    page.window_.idle()


def shown_ids(page):
    return [page.model.record(r)["id"] for r in range(page.model.rowCount())]


@pytest.fixture
def browser(main_window):
    rows = add_responses(main_window, 60)
    page = open_browser(main_window)
    page.rows = rows
    return page


def test_filters_narrow_the_count(browser, qtbot):
    page, rows = browser, browser.rows
    assert page.model.rowCount() == 60
    assert page.count_label.text() == "60 responses"
    filters = page.filters
    assert filters.site.count() == 4 and filters.cadre.count() == 3  # "All" + values
    site = rows[0]["site_id"]
    filters.site.setCurrentIndex(filters.site.findData(site))
    wait_count(qtbot, page, sum(r["site_id"] == site for r in rows))
    filters.status.setCurrentIndex(filters.status.findData("draft"))
    wait_count(qtbot, page, sum(r["site_id"] == site and r["status"] == "draft" for r in rows))
    filters.clear()
    wait_count(qtbot, page, 60)
    cadre = rows[1]["cadre_id"]
    filters.cadre.setCurrentIndex(filters.cadre.findData(cadre))
    wait_count(qtbot, page, 30)
    filters.clear()
    filters.date_from.setDate(filters.date_from.date().fromString("2024-06-01", "yyyy-MM-dd"))
    filters.date_to.setDate(filters.date_to.date().fromString("2024-06-30", "yyyy-MM-dd"))
    wait_count(qtbot, page, sum(r["started_at"].startswith("2024-06") for r in rows))
    assert all(page.model.record(r)["started_at"].startswith("2024-06")
               for r in range(page.model.rowCount()))
    filters.clear()
    filters.version.setCurrentIndex(1)
    wait_count(qtbot, page, 60)
    filters.review.setCurrentIndex(filters.review.findData("approved"))
    wait_count(qtbot, page, 0)
    assert page.count_label.text() == "No responses match these filters."


def test_search_finds_a_chinese_substring(browser, qtbot):
    page = browser
    type_text(qtbot, page.filters.search, "托管")
    assert page.model.rowCount() == 60  # debounced: nothing happens while typing
    wait_count(qtbot, page, 1)
    assert page.model.record(0)["id"] == browser.rows[0]["id"]
    page.filters.search.clear()
    type_text(qtbot, page.filters.search, "饭菜太贵")
    expected = sum("饭菜太贵" in r["answers"] for r in browser.rows)
    wait_count(qtbot, page, expected)


def test_column_chooser_adds_a_question_column_and_remembers_it(browser, qtbot):
    page = browser
    keys = [c.key for c in page.model.columns]
    assert keys == ["started", "site", "cadre", "status", "review", "source"]
    qtbot.mouseClick(page.columns_button, Qt.LeftButton)
    dialog = page.columns_dialog
    assert dialog.isVisible()
    dialog.filter.setText("trade")
    visible = [dialog.list.item(i) for i in range(dialog.list.count())
               if not dialog.list.item(i).isHidden()]
    assert [i.data(Qt.UserRole) for i in visible] == ["q:work_type", "q:work_type_other"]
    dialog.set_checked("q:work_type")
    dialog.set_checked("cadre", False)
    dialog.accept()
    column = page.model.column_index("q:work_type")
    assert column == 5 and page.model.headerData(column, Qt.Horizontal) == "Your trade or job"
    english = {"construction": "Construction work", "machine_operator": "Machine operator",
               "loading_handling": "Loading, handling", "production_line": "Production-line"}
    for row in range(10):
        answers = next(r for r in browser.rows if r["id"] == page.model.record(row)["id"])
        chosen = next(k for k in english if f'"work_type":"{k}"' in answers["answers"])
        assert page.model.data(page.model.index(row, column)).startswith(english[chosen])
    assert ui_prefs.response_columns(FORM) == ["started", "site", "status", "review",
                                               "source", "q:work_type"]
    # a new page (as after a language switch) shows the remembered columns, in Chinese
    main_window = page.window_
    main_window.retranslate("zh_CN")
    main_window.idle()
    main_window.idle()
    page = main_window.page("responses")
    main_window.idle()
    assert [c.key for c in page.model.columns][-1] == "q:work_type"
    assert page.model.headerData(5, Qt.Horizontal) == "您的工种或岗位"
    texts = {page.model.data(page.model.index(r, 5)) for r in range(20)}
    assert texts & {"施工作业（土建、桥隧、轨道等）", "机械设备操作或车辆驾驶", "装卸、搬运、理货",
                    "生产线操作"}


def test_sorting_by_header(browser, qtbot):
    page = browser
    started = [page.model.record(r)["started_at"] for r in range(60)]
    assert started == sorted(started, reverse=True)   # newest first by default
    header = page.table.horizontalHeader()

    def click(section):
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))
        page.window_.idle()

    click(page.model.column_index("site"))
    sites = [page.model.record(r)["site_name"] for r in range(60)]
    assert page.flt.order_by == "site" and len(set(sites)) == 3
    assert sites == sorted(sites) or sites == sorted(sites, reverse=True)
    first_order = sites
    click(page.model.column_index("site"))
    sites = [page.model.record(r)["site_name"] for r in range(60)]
    assert sites == list(reversed(first_order)) or sites[0] != first_order[0]
    click(page.model.column_index("started"))
    assert page.flt.order_by == "started_at"
    # question columns do not sort: the order stays and the status bar says why
    dialog_keys = ["started", "site", "q:years_in_job"]
    ui_prefs.set_response_columns(FORM, dialog_keys)
    page._show_columns(dialog_keys)
    before = shown_ids(page)
    click(2)
    assert shown_ids(page) == before
    assert "cannot be sorted" in page.window_.statusBar().currentMessage()
    assert header.sortIndicatorSection() == page.model.column_index("started")


def test_delete_hides_and_undo_restores(browser, qtbot):
    page = browser
    page.table.setFocus()
    page.table.selectRow(3)
    victim = page.selected()["id"]
    following = page.model.record(4)["id"]
    qtbot.keyClick(page.table, Qt.Key_Delete)
    page.window_.idle()
    wait_count(qtbot, page, 59)
    assert victim not in shown_ids(page)
    assert page.selected()["id"] == following   # the next response is selected
    assert page.undo_button.isVisible()
    assert "Ctrl+Z" in page.window_.statusBar().currentMessage()
    save_shot(page.window_, "responses-deleted-en")
    history = page.window_.tasks.executor.submit(
        lambda ws: ws.history("responses", victim)).result(5)
    assert history[-1]["changes"]["deleted"] == [0, 1]       # journaled
    qtbot.keyClick(page.table, Qt.Key_Z, Qt.ControlModifier)
    page.window_.idle()
    wait_count(qtbot, page, 60)
    assert victim in shown_ids(page) and page.selected()["id"] == victim
    assert not page.undo_button.isVisible()
    # the undo button does the same
    qtbot.mouseClick(page.delete_button, Qt.LeftButton)
    page.window_.idle()
    wait_count(qtbot, page, 59)
    qtbot.mouseClick(page.undo_button, Qt.LeftButton)
    page.window_.idle()
    wait_count(qtbot, page, 60)
    # deleted responses can be shown and restored from the list too
    page.table.selectRow(0)
    gone = page.selected()["id"]
    page.delete_selected()
    page.window_.idle()
    page.filters.deleted.setChecked(True)
    wait_count(qtbot, page, 60)
    page.table.selectRow(page.model.row_of(gone))
    assert page.delete_button.text() == "Restore"
    page.delete_selected()
    page.window_.idle()
    page.filters.deleted.setChecked(False)
    wait_count(qtbot, page, 60)


def test_review_approve_and_has_issues(browser, qtbot):
    page = browser
    review = page.model.column_index("review")
    page.table.selectRow(0)
    rid = page.selected()["id"]
    qtbot.mouseClick(page.approve_button, Qt.LeftButton)
    page.window_.idle()
    page.window_.idle()
    assert page.selected()["id"] == rid
    assert page.model.data(page.model.index(0, review)) == "Approved"
    page.table.selectRow(1)
    other = page.selected()["id"]
    qtbot.mouseClick(page.issues_button, Qt.LeftButton)
    dialog = page.review_dialog
    assert dialog.isVisible()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    type_text(qtbot, dialog.comment, "缺少联系电话")
    save_shot(dialog, "responses-review-en")
    dialog.accept()
    page.window_.idle()
    page.window_.idle()
    row = page.model.row_of(other)
    assert page.model.data(page.model.index(row, review)) == "Has issues"
    assert page.model.data(page.model.index(row, review), Qt.ToolTipRole) == "缺少联系电话"
    page.filters.review.setCurrentIndex(page.filters.review.findData("has_issues"))
    wait_count(qtbot, page, 1)


def test_open_and_new_go_to_the_window(browser, qtbot, monkeypatch):
    page = browser
    window = page.window_
    calls = []
    monkeypatch.setattr(window, "open_response", lambda rid: calls.append(("open", rid)))
    monkeypatch.setattr(window, "new_response", lambda form: calls.append(("new", form)))
    page.table.setFocus()
    page.table.selectRow(2)
    rid = page.selected()["id"]
    qtbot.keyClick(page.table, Qt.Key_Return)
    rect = page.table.visualRect(page.model.index(2, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseClick(page.new_button, Qt.LeftButton)
    assert calls == [("open", rid), ("open", rid), ("new", FORM)]
    # a response saved in the questionnaire window shows when the main window is active again
    window.tasks.executor.submit(lambda ws: responses.start(ws, FORM)).result(5)
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    QApplication.sendEvent(page, QEvent(QEvent.WindowActivate))
    wait_count(qtbot, page, 61)
    QApplication.sendEvent(page, QEvent(QEvent.WindowActivate))   # once only
    assert page.window_.tasks.pending == 0


def test_without_the_runner_the_status_bar_says_so(main_window, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "fieldkit.ui.runner", None)  # import fails
    main_window.new_response(FORM)
    assert "not available" in main_window.statusBar().currentMessage()
    main_window.statusBar().clearMessage()
    main_window.open_response("x")
    assert "not available" in main_window.statusBar().currentMessage()


def test_loads_only_the_pages_on_screen(main_window, qtbot):
    add_responses(main_window, 5000, special=False)
    page = open_browser(main_window)
    qtbot.waitUntil(lambda: page.model.rowCount() == 5000, timeout=5000)
    main_window.idle()
    assert page.model.loaded_pages() == [0]
    assert page.count_label.text() == "5000 responses"
    # jump to the end: a placeholder first, then that page only
    last = page.model.index(4999, 0)
    page.table.scrollTo(last)
    assert page.model.data(page.model.index(4998, 1)) == "…"
    qtbot.waitUntil(lambda: (4999 // PAGE_SIZE) in page.model.loaded_pages(), timeout=5000)
    main_window.idle()
    assert len(page.model.loaded_pages()) <= 3
    assert page.model.data(page.model.index(4999, 1)) != "…"
    # dragging the scroll bar through the middle asks only for where it stops
    bar = page.table.verticalScrollBar()
    for value in range(bar.maximum(), 0, -bar.maximum() // 12):
        bar.setValue(value)
        page.table.viewport().repaint()        # painting asks the model for its rows
    bar.setValue(bar.maximum() // 2)
    page.table.viewport().repaint()
    middle = page.table.rowAt(0) // PAGE_SIZE
    qtbot.waitUntil(lambda: middle in page.model.loaded_pages(), timeout=5000)
    main_window.idle()
    assert page.model.data(page.model.index(page.table.rowAt(0), 1)) != "…"
    assert len(page.model.loaded_pages()) <= 5, page.model.loaded_pages()
    # a filter change makes late pages of the old filter stale
    generation = page.model.generation
    page.filters.status.setCurrentIndex(page.filters.status.findData("draft"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1250, timeout=5000)
    page.model.fill_page(generation, 3, [{"id": "stale"}])
    assert 3 not in page.model.loaded_pages()


def test_screenshots_in_both_languages(browser, qtbot):
    main_window = browser.window_
    for language in ("zh_CN", "en"):
        main_window.retranslate(language)
        main_window.idle()
        main_window.idle()
        page = main_window.page("responses")
        main_window.idle()
        ui_prefs.set_response_columns(FORM, ["started", "site", "cadre", "status", "review",
                                             "q:work_type", "q:suggestions"])
        page._show_columns(ui_prefs.response_columns(FORM))
        page.table.selectRow(1)
        save_shot(main_window, f"responses-{language}")
        if language == "zh_CN":
            catalogue_english = {"Responses", "Approve", "Delete", "Clear filters"}
            assert not catalogue_english & set(visible_texts(page))
            qtbot.mouseClick(page.columns_button, Qt.LeftButton)
            save_shot(page.columns_dialog, "responses-columns-zh_CN")
            page.columns_dialog.reject()


def test_empty_form_says_how_to_start(main_window, qtbot):
    page = open_browser(main_window)
    assert page.model.rowCount() == 0
    assert "New response" in page.count_label.text()
    page.filters.status.setCurrentIndex(1)
    main_window.idle()
    assert page.count_label.text() == "No responses match these filters."


def test_language_switch_while_loading_is_harmless(browser, qtbot):
    main_window = browser.window_
    browser.filters.clear()            # a reload in flight...
    main_window.retranslate("zh_CN")   # ...when the page is rebuilt
    main_window.idle()
    main_window.idle()
    page = main_window.page("responses")
    assert page is not browser and page.model.rowCount() == 60
    assert page.count_label.text() == "共 60 份答卷"
