"""The problem ledger page: the list, its filters and sorting, overdue rows marked in words,
``MainWindow.show_problems`` (what the dashboard's figures call), screenshots."""

import pytest
from PySide6.QtCore import Qt

from fieldkit.core.work import ledger_list
from fieldkit.core.work.model import ProblemFilter
from fieldkit_testing import save_shot
from ledger_fixtures import ledger_window  # noqa: F401 (a fixture)


def _count(window, **flt):
    return window.tasks.executor.submit(
        lambda ws: ledger_list.count_problems(ws, ProblemFilter(**flt))).result(10)


def test_show_problems_switches_to_the_ledger_with_that_filter(ledger_window, qtbot):
    ledger_window.show_page("forms")
    ledger_window.idle()
    ledger_window.show_problems(overdue=True)
    ledger_window.idle()
    page = ledger_window.page("ledger")
    assert ledger_window.stack.currentWidget() is page
    assert page.filters.overdue.isChecked()
    overdue = _count(ledger_window, overdue_only=True)
    assert 0 < overdue < _count(ledger_window)
    assert page.model.rowCount() == overdue
    # every row says in words that it is late, not only by its colour
    overdue_column = [c[0] for c in page.model_columns()].index("overdue")
    for row in range(page.model.rowCount()):
        text = page.model.data(page.model.index(row, overdue_column))
        assert "overdue" in text
        assert page.model.data(page.model.index(row, 0), Qt.DecorationRole) is not None

    ledger_window.show_problems(status="done", period="2020", period_of="resolved")
    ledger_window.idle()
    assert not page.filters.overdue.isChecked()       # criteria not given are cleared
    assert page.model.rowCount() == 0
    assert "No problems" in page.count_label.text()

    ledger_window.show_problems(status="open", grade="short_term")
    ledger_window.idle()
    assert page.model.rowCount() == _count(ledger_window, status="open", grade="short_term") > 0
    grade_column = [c[0] for c in page.model_columns()].index("grade")
    assert {page.model.data(page.model.index(r, grade_column))
            for r in range(page.model.rowCount())} == {"Short-term"}


def test_site_and_bad_period(ledger_window, qtbot):
    site_id = ledger_window.tasks.executor.submit(
        lambda ws: ws.scalar("SELECT site_id FROM problems GROUP BY site_id"
                             " ORDER BY count(*) DESC LIMIT 1")).result(5)
    ledger_window.show_problems(site_id=site_id)
    ledger_window.idle()
    page = ledger_window.page("ledger")
    assert page.model.rowCount() == _count(ledger_window, site_id=site_id) > 0
    assert page.filters.site.currentData() == site_id
    # the site is named as the directory names it in this language (English here)
    qtbot.waitUntil(lambda: bool(page.choices))
    shown = dict(page.choices["sites"])[site_id]
    site_column = [c[0] for c in page.model_columns()].index("site")
    assert page.model.data(page.model.index(0, site_column)) == shown
    assert page.filters.site.currentText() == shown
    page.filters.period.setText("2024-Q5")
    qtbot.waitUntil(lambda: page.filters.period_error.text() != "")
    ledger_window.idle()
    assert page.model.rowCount() == _count(ledger_window, site_id=site_id)  # ignored, and said


def test_sorting_by_days_overdue(ledger_window, qtbot):
    ledger_window.show_problems()
    ledger_window.idle()
    page = ledger_window.page("ledger")
    keys = [c[0] for c in page.model_columns()]
    page.table.horizontalHeader().setSortIndicator(keys.index("overdue"), Qt.DescendingOrder)
    ledger_window.idle()
    first = page.model.record(0)
    assert first["overdue"] and first["days_overdue"] == max(
        page.model.record(r)["days_overdue"] for r in range(page.model.rowCount()))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screens_fit_1280_by_720(ledger_window, qtbot, language):
    """The list, a problem's view and its dialog at 1280×720, in both languages: nothing
    cut off (buttons visible, no horizontal scrolling in forms). Saved to look at."""
    ledger_window.retranslate(language)
    ledger_window.resize(1280, 720)
    ledger_window.show_problems(overdue=True)
    ledger_window.idle()
    page = ledger_window.page("ledger")
    for widget in (page.new_button, page.open_button, page.filters.clear_button,
                   page.filters.overdue, page.filters.site):
        assert widget.isVisible() and widget.visibleRegion().boundingRect().width() \
            == widget.width(), widget
    assert ledger_window.width() == 1280 and ledger_window.height() == 720
    save_shot(ledger_window, f"ledger-list-{language}")
    page.table.selectRow(0)
    page.open_selected()
    ledger_window.idle()
    view = page.dialog
    qtbot.waitUntil(lambda: view.data is not None and all(
        b.isVisible() for b in view.move_buttons.values()))
    view.resize(min(view.width(), 1240), min(view.height(), 680))
    for button in (view.close_button, view.followup_button, *view.move_buttons.values()):
        assert button.isVisible() and button.visibleRegion().boundingRect().width() \
            == button.width()
    save_shot(view, f"ledger-view-{language}")
    view.accept()
    page.new_problem()
    ledger_window.idle()
    dialog = page.dialog
    assert dialog.sizeHint().width() <= 1240 and dialog.sizeHint().height() <= 680
    save_shot(dialog, f"ledger-dialog-{language}")
    dialog.reject()


def test_show_problems_of_one_org_unit(ledger_window, qtbot):
    unit = ledger_window.tasks.executor.submit(lambda ws: tuple(ws.query(
        "SELECT o.id FROM problems p JOIN org_units o ON o.id = p.org_unit_id"
        " GROUP BY o.id ORDER BY count(*) LIMIT 1")[0])[0]).result(5)
    ledger_window.show_problems(org_unit_id=unit, status="open")
    ledger_window.idle()
    page = ledger_window.page("ledger")
    expected = _count(ledger_window, org_unit_id=unit, status="open")
    assert page.model.rowCount() == expected < _count(ledger_window, status="open")
    qtbot.waitUntil(lambda: bool(page.choices))
    name = dict(page.choices["org_units"])[unit]      # as the directory names it in English
    qtbot.waitUntil(lambda: name in page.filters.scope_label.text())
    assert page.filters.scope_clear.isVisible()
    page.filters.scope_clear.click()
    ledger_window.idle()
    assert page.model.rowCount() == _count(ledger_window, status="open")
    assert not page.filters.scope_label.isVisible()


def test_thousands_of_problems_load_a_page_at_a_time(ledger_window, qtbot):
    """Opening the ledger reads one page; scrolling to the end reads only the pages shown
    (the benchmark bench_ledger_list.py times the same queries over 50,000 problems)."""
    n = 5000

    def make(ws):
        rows = [{"title": f"批量问题{i:05d}", "grade": "short_term", "category": "other",
                 "registered_on": "2020-01-01", "deadline": "2020-01-16"} for i in range(n)]
        with ws.transaction():
            ws.insert_many("problems", rows)
    ledger_window.tasks.executor.submit(make).result(60)
    total = _count(ledger_window)
    ledger_window.show_problems()
    ledger_window.idle()
    page = ledger_window.page("ledger")
    assert page.model.rowCount() == total >= n
    assert page.model.pages_loaded == 1
    page.table.scrollToBottom()
    last = total - 1
    qtbot.waitUntil(lambda: page.model.record(last) is not None, timeout=5000)
    assert page.model.pages_loaded <= 3
    assert page.model.record(last)["title"].startswith("批量问题")   # the oldest come last


def test_show_problem_opens_its_view(ledger_window, qtbot):
    problem_id = ledger_window.tasks.executor.submit(
        lambda ws: ws.scalar("SELECT id FROM problems WHERE status = 'closed' LIMIT 1")).result(5)
    view = ledger_window.show_problem(problem_id)
    ledger_window.idle()
    assert ledger_window.stack.currentWidget() is ledger_window.page("ledger")
    assert view.isVisible() and view.data["problem"]["id"] == problem_id
    assert view.reopen_button.isVisibleTo(view) and not view.move_buttons


def test_keyboard_reaches_everything(ledger_window, qtbot):
    """Ctrl+F to the search box, Tab through the filters to the table, Enter opens."""
    from PySide6.QtWidgets import QApplication

    ledger_window.show_problems()
    ledger_window.idle()
    page = ledger_window.page("ledger")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is page.filters.search
    seen = []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is page.table:
            break
    filters = page.filters
    for widget in (filters.status, filters.grade, filters.category, filters.site,
                   filters.period, filters.overdue, page.table):
        assert widget in seen, widget
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key_Return)
    ledger_window.idle()
    assert page.dialog.isVisible() and page.dialog.problem_id == page.selected()["id"]


def test_an_empty_ledger_says_how_to_start(main_window, qtbot):
    """The plain demo directory (no year of work): the ledger is empty and says so."""
    main_window.show_page("ledger")
    main_window.idle()
    page = main_window.page("ledger")
    assert page.model.rowCount() == 0 and "Ctrl+N" in page.count_label.text()
    page.filters.overdue.setChecked(True)
    main_window.idle()
    assert page.count_label.text() == "No problems match these filters."


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_problem_ledger_fits_without_scrolling_sideways(ledger_window, qtbot, language):
    """All of the ledger's columns show at 1280 px in both languages: the English cells carry
    short grade and status labels (the bracketed Chinese term is in the tooltip), and the
    title takes the width the other columns leave."""
    from PySide6.QtCore import Qt

    if language != "en":
        ledger_window.retranslate(language)
    ledger_window.resize(*(1280, 680))
    ledger_window.show_page("ledger")
    page = ledger_window.page("ledger")
    qtbot.waitUntil(lambda: page.model.total > 0, timeout=10000)
    ledger_window.idle()
    header = page.table.horizontalHeader()
    assert header.length() <= page.table.viewport().width(), [
        header.sectionSize(i) for i in range(header.count())]
    assert not page.table.horizontalScrollBar().isVisible()
    title = next(i for i in range(header.count()) if page.model.headerData(
        i, Qt.Horizontal) in ("Title", "标题"))
    assert header.sectionSize(title) >= 120
    grade = next(i for i in range(header.count()) if page.model.headerData(
        i, Qt.Horizontal) in ("Grade", "办理等级"))
    shown = {page.model.index(r, grade).data() for r in range(page.model.rowCount())}
    tips = {page.model.index(r, grade).data(Qt.ToolTipRole) for r in range(page.model.rowCount())}
    if language == "en":
        assert shown == {"Short-term", "Cross-department", "Systemic"}
        assert "Short-term (限时办结)" in tips
    else:
        assert shown == {"限时办结", "协同办理", "上报"} and tips == shown
    save_shot(ledger_window, f"fit-ledger-1280-{language}")
