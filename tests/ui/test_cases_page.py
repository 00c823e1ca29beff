"""Typical cases and leaders' focus: rank candidates with the keyboard, select ten, an
eleventh refused in words; a quarter's focus problems and the leaders with none."""

from PySide6.QtCore import Qt

from fieldkit.core.work import cases, ledger
from fieldkit_testing import save_shot
from ledger_fixtures import ledger_window  # noqa: F401 (a fixture)

HALF = "2025-H2"


def _candidates(window, n):
    """``n`` resolved problems nominated for 2025-H2; returns the problem ids in order."""
    def make(ws):
        ids = []
        for i in range(n):
            pid = ledger.log_problem(ws, title=f"典型问题{i:02d}", grade="short_term",
                                     registered_on="2025-08-01")
            for status in ("accepted", "in_progress", "resolved"):
                ledger.move(ws, pid, status, on="2025-09-01")
            cases.nominate_case(ws, pid, f"案例{i:02d}：当天解决", on=f"2025-10-{i + 1:02d}")
            ids.append(pid)
        return ids
    return window.tasks.executor.submit(make).result(30)


def _open_tab(window, qtbot):
    window.show_page("ledger")
    window.idle()
    page = window.page("ledger")
    page.tabs.setCurrentWidget(page.cases)
    tab = page.cases
    tab.half_year.addItem(HALF)
    tab.half_year.setCurrentText(HALF)
    tab.quarter.setCurrentIndex(0)
    window.idle()
    return tab


def _titles(tab):
    return [tab.cases.item(r, 2).text() for r in range(tab.cases.rowCount())]


def test_rank_select_ten_and_refuse_the_eleventh(ledger_window, qtbot):
    _candidates(ledger_window, 11)
    tab = _open_tab(ledger_window, qtbot)
    assert tab.cases.rowCount() == 11
    assert _titles(tab)[:2] == ["典型问题00", "典型问题01"]
    tab.cases.setFocus()
    tab.cases.selectRow(1)
    qtbot.keyClick(tab.cases, Qt.Key_Up, Qt.ControlModifier)        # 01 goes first
    ledger_window.idle()
    assert _titles(tab)[:2] == ["典型问题01", "典型问题00"]
    assert tab.current_row() == 0 and tab.cases.item(0, 0).text() == "1"
    qtbot.keyClick(tab.cases, Qt.Key_Down, Qt.ControlModifier)      # and back down
    ledger_window.idle()
    assert _titles(tab)[:2] == ["典型问题00", "典型问题01"] and tab.current_row() == 1
    for row in range(10):
        tab.cases.selectRow(row)
        qtbot.keyClick(tab.cases, Qt.Key_Space)
        ledger_window.idle()
    assert sum(c["selected"] for c in tab.data["candidates"]) == 10
    assert "10 of 10 selected" in tab.cases_title.text()
    tab.cases.selectRow(10)
    qtbot.keyClick(tab.cases, Qt.Key_Space)                         # the eleventh
    ledger_window.idle()
    assert tab.message.isVisible() and "At most 10" in tab.message.text()
    assert sum(c["selected"] for c in tab.data["candidates"]) == 10
    assert not tab.data["candidates"][10]["selected"]
    tab.cases.selectRow(0)                                          # unselect one, then
    qtbot.keyClick(tab.cases, Qt.Key_Space)                         # the eleventh fits
    ledger_window.idle()
    tab.cases.selectRow(10)
    qtbot.keyClick(tab.cases, Qt.Key_Space)
    ledger_window.idle()
    assert [c["selected"] for c in tab.data["candidates"]][::10] == [False, True]


def test_focus_of_the_quarter_and_screens(ledger_window, qtbot):
    for language in ("zh_CN", "en"):
        ledger_window.retranslate(language)
        ledger_window.resize(1280, 720)
        tab = _open_tab(ledger_window, qtbot)
        quarter = tab.quarter.currentText()
        focus = ledger_window.tasks.executor.submit(
            lambda ws: cases.focus_problems(ws, quarter)).result(5)
        assert tab.focus.rowCount() == len(focus) > 0       # the demo has this quarter's
        leaders = {tab.focus.item(r, 0).text() for r in range(tab.focus.rowCount())}
        assert leaders == {f["leader_name"] for f in focus}
        assert tab.without_focus.text()
        assert ledger_window.width() == 1280 and ledger_window.height() == 720
        for button in (tab.up_button, tab.open_button):
            assert button.visibleRegion().boundingRect().width() == button.width()
        save_shot(ledger_window, f"ledger-cases-{language}")
    tab.focus.selectRow(0)
    tab.open_focus()
    ledger_window.idle()
    view = ledger_window.page("ledger").dialog
    assert view.problem_id == focus[0]["problem_id"]


def test_withdraw_a_candidate_and_a_focus(ledger_window, qtbot):
    _candidates(ledger_window, 2)
    tab = _open_tab(ledger_window, qtbot)
    tab.cases.setFocus()
    tab.cases.selectRow(0)
    qtbot.keyClick(tab.cases, Qt.Key_Delete)
    ledger_window.idle()
    assert _titles(tab) == ["典型问题01"]
    before = tab.focus.rowCount()
    assert before > 0
    tab.focus.setFocus()
    tab.focus.selectRow(0)
    qtbot.keyClick(tab.focus, Qt.Key_Delete)
    ledger_window.idle()
    assert tab.focus.rowCount() == before - 1
