"""The form runner with real widgets and a real workspace: answers typed with the keyboard.

Helpers here (``open_new``, ``press``, ``type_here``...) are shared by the other
``test_runner_*`` files.
"""

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldkit.core import responses
from fieldkit.ui.runner import open_runner
from tests_ui_helpers import type_text


# -- helpers ----------------------------------------------------------------------------------

def wait_loaded(qtbot, runner):
    qtbot.waitUntil(lambda: runner.view is not None and runner.session is not None, timeout=10000)
    runner.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is runner, timeout=5000)
    qtbot.waitUntil(lambda: runner.view.navigator.current is not None or runner.read_only,
                    timeout=5000)
    return runner


def open_new(qtbot, main_window, form_id, **kwargs):
    return wait_loaded(qtbot, open_runner(main_window, form_id=form_id, **kwargs))


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_here(qtbot, text):
    """Type into whatever has the focus, as a person would (Chinese via the input method)."""
    type_text(qtbot, focused(), text)


def answer(qtbot, text, then=Qt.Key_Return):
    type_here(qtbot, text)
    if then is not None:
        press(qtbot, then)


def current_path(runner):
    return runner.view.navigator.current.path


def saved(main_window, runner):
    """The answers stored in the workspace right now (read on the database thread); a new
    draft is stored at its first answer, so until then nothing is."""
    if runner.response_id is None:
        return {"answers": {}, "status": None, "review_state": None}
    result = main_window.tasks.executor.submit(
        lambda ws: responses.get(ws, runner.response_id)).result(10)
    return result


def wait_saved(qtbot, runner, timeout=3000):
    qtbot.waitUntil(lambda: runner.autosave.idle, timeout=timeout)


def go_to(qtbot, runner, path):
    assert runner.view.navigator.focus_path(path)
    qtbot.waitUntil(lambda: runner.view.row(path).isAncestorOf(focused()), timeout=2000)


# -- frontline_needs ------------------------------------------------------------------------

def test_keyboard_entry_skip_logic_and_autosave(qtbot, main_window):
    runner = open_new(qtbot, main_window, "frontline_needs")
    view = runner.view
    assert current_path(runner) == ("site_type",)
    assert runner.progress.text().startswith("1 / ")
    press(qtbot, Qt.Key_7)                           # "other": the describe question appears
    assert runner.session.value(("site_type",)) == "other"
    row = view.row(("site_type_other",))
    assert row.isVisible()
    press(qtbot, Qt.Key_Tab)
    assert current_path(runner) == ("site_type_other",)
    type_here(qtbot, "临时板房工地")
    press(qtbot, Qt.Key_Return)
    assert current_path(runner) == ("site_name",)
    answer(qtbot, "川藏铁路3标段")
    answer(qtbot, "西藏林芝")
    assert current_path(runner) == ("gender",)
    press(qtbot, Qt.Key_2)
    press(qtbot, Qt.Key_Tab, Qt.ShiftModifier)     # back one question, then on again
    assert current_path(runner) == ("site_region",)
    press(qtbot, Qt.Key_Tab)
    press(qtbot, Qt.Key_Tab)
    assert current_path(runner) == ("age_group",)
    press(qtbot, Qt.Key_3)
    press(qtbot, Qt.Key_Return)
    assert runner.session.value(("gender",)) == "female"
    assert runner.session.value(("age_group",)) == "age_35_44"
    # changing the choice hides the dependent question again
    go_to(qtbot, runner, ("site_type",))
    press(qtbot, Qt.Key_1)
    assert not view.row(("site_type_other",)).isVisible()
    wait_saved(qtbot, runner)
    stored = saved(main_window, runner)
    assert stored["status"] == "draft"
    assert stored["answers"]["site_name"] == "川藏铁路3标段"
    assert stored["answers"]["gender"] == "female"
    assert stored["answers"]["start"]                      # metadata recorded


def test_a_change_is_saved_within_a_second(qtbot, main_window):
    runner = open_new(qtbot, main_window, "frontline_needs")
    wait_saved(qtbot, runner)
    go_to(qtbot, runner, ("site_name",))
    started = time.monotonic()
    type_here(qtbot, "港口")
    qtbot.waitUntil(lambda: saved(main_window, runner)["answers"].get("site_name") == "港口",
                    timeout=2000)
    assert time.monotonic() - started < 1.5
    # typing without pause still saves at least once a second
    for ch in "码头作业区":
        type_here(qtbot, ch)
        qtbot.wait(150)
    qtbot.waitUntil(lambda: saved(main_window, runner)["answers"].get("site_name")
                    == "港口码头作业区", timeout=1500)


def test_constraint_message_beside_the_question(qtbot, main_window):
    runner = open_new(qtbot, main_window, "frontline_needs")
    go_to(qtbot, runner, ("years_in_job",))
    type_here(qtbot, "80")
    row = runner.view.row(("years_in_job",))
    assert row.message_text()                       # 0..50 only
    assert row.problem is True
    press(qtbot, Qt.Key_Backspace, times=2)
    type_here(qtbot, "12")
    assert row.message_text() == ""
    type_here(qtbot, "x")                              # letters are not accepted at all
    assert row.input.edit.text() == "12"


def test_finalise_refused_lists_problems_and_jumps_to_the_question(qtbot, main_window):
    runner = open_new(qtbot, main_window, "frontline_needs")
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)
    panel = runner.problems
    assert panel.isVisible() and panel.list.count() > 5
    assert panel.list.hasFocus()
    texts = panel.problems_shown()
    assert any("Name of the project or company" in t for t in texts)
    index = next(i for i, t in enumerate(texts) if "Name of the project" in t)
    panel.list.setCurrentRow(index)
    press(qtbot, Qt.Key_Return)
    assert current_path(runner) == ("site_name",)
    assert runner.view.row(("site_name",)).input.edit.hasFocus()
    assert runner.view.row(("site_name",)).message_text()      # "needs an answer"
    type_here(qtbot, "某服装厂")
    assert runner.view.row(("site_name",)).message_text() == ""
    assert panel.list.count() == len(texts) - 1
    wait_saved(qtbot, runner)
    qtbot.waitUntil(lambda: runner.response_id is not None, timeout=2000)
    assert saved(main_window, runner)["status"] == "draft"


def fill_frontline(qtbot, runner):
    """Answer every required question of frontline_needs with the keyboard."""
    go_to(qtbot, runner, ("site_type",))
    press(qtbot, Qt.Key_1)
    press(qtbot, Qt.Key_Return)
    answer(qtbot, "川藏铁路3标段")
    answer(qtbot, "西藏林芝")
    for digit in (Qt.Key_1, Qt.Key_2, Qt.Key_1):      # gender, age, work type
        press(qtbot, digit)
        press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_1)                             # employment
    press(qtbot, Qt.Key_Return)
    answer(qtbot, "6")                                 # years in job
    for _ in range(2):                                 # union member, shift pattern
        press(qtbot, Qt.Key_1)
        press(qtbot, Qt.Key_Return)
    answer(qtbot, "11")                                # daily hours: the long-hours note shows
    assert runner.view.row(("long_hours_note",)).isVisible()
    answer(qtbot, "4")                                 # rest days
    for _ in range(3):                                 # overtime, rest, meals
        press(qtbot, Qt.Key_1)
        press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_2)                             # family far: no
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_2)                             # children: no
    press(qtbot, Qt.Key_Return)
    assert current_path(runner) == ("top_needs",)
    press(qtbot, Qt.Key_1)                             # two needs: most urgent appears
    qtbot.wait(900)                                    # (quick 1, 3 would mean choice 13)
    press(qtbot, Qt.Key_3)
    press(qtbot, Qt.Key_Return)
    assert current_path(runner) == ("most_urgent",)
    assert [c.name for c in runner.session.item(("most_urgent",)).choices] == \
        ["rest_facilities", "health_check"]           # filtered to what was chosen
    press(qtbot, Qt.Key_2)
    press(qtbot, Qt.Key_Return)
    for _ in range(3):                                 # last check, rights channel, services
        press(qtbot, Qt.Key_1)
        press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_2)                             # preferred contact
    press(qtbot, Qt.Key_Return)
    answer(qtbot, "多办夏令营", then=None)               # suggestions: several lines
    press(qtbot, Qt.Key_Return)
    type_here(qtbot, "食堂晚上留饭")
    press(qtbot, Qt.Key_Tab)                           # Tab (or Shift+Enter) moves on
    press(qtbot, Qt.Key_2)                             # callback: no
    press(qtbot, Qt.Key_Return)


def test_finalise_revise_and_history(qtbot, main_window):
    runner = open_new(qtbot, main_window, "frontline_needs")
    fill_frontline(qtbot, runner)
    assert runner.session.problems() == []
    assert runner.session.value(("suggestions",)) == "多办夏令营\n食堂晚上留饭"
    first_id = runner.response_id
    go_to(qtbot, runner, ("suggestions",))            # Ctrl+Enter works in a multi-line box
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: runner.read_only, timeout=5000)
    row = saved(main_window, runner)
    assert row["status"] == "complete" and row["finished_at"][-6] in "+-"
    assert row["answers"]["end"]
    assert runner.edit_button.isVisible() and not runner.finalise_button.isVisible()
    assert not runner.view.row(("site_name",)).input.edit.isEnabled() or \
        runner.view.row(("site_name",)).input.edit.isReadOnly()
    # Edit makes a new revision and continues in it
    press(qtbot, Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(lambda: runner.response_id != first_id and not runner.read_only, timeout=5000)
    assert runner.data["response"]["revision"] == 2
    runner.activateWindow()
    go_to(qtbot, runner, ("site_name",))
    runner.view.row(("site_name",)).input.edit.selectAll()
    type_here(qtbot, "川藏铁路5标段")
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: runner.read_only, timeout=5000)
    first = main_window.tasks.executor.submit(lambda ws: responses.get(ws, first_id)).result(10)
    assert first["superseded_by"] == runner.response_id
    # the History view: both revisions, who and when, and what changed
    press(qtbot, Qt.Key_H, Qt.ControlModifier)
    dialog = runner.history
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 2, timeout=5000)
    texts = dialog.texts()
    assert any("Revision 1" in t for t in texts) and any("Revision 2" in t for t in texts)
    assert any("Name of the project or company: 川藏铁路3标段 → 川藏铁路5标段" in t for t in texts)
    assert any(t.count("|") >= 1 and "20" in t for t in texts)   # a time stamp
    dialog.reject()


def test_review_state_from_the_header(qtbot, main_window, monkeypatch):
    runner = open_new(qtbot, main_window, "frontline_needs")
    go_to(qtbot, runner, ("site_name",))              # a draft is stored at its first answer
    type_here(qtbot, "港口")
    wait_saved(qtbot, runner)
    qtbot.waitUntil(lambda: runner.response_id is not None, timeout=2000)
    from PySide6.QtWidgets import QInputDialog
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *a, **k: ("电话号码少一位", True)))
    box = runner.header.review
    box.setCurrentIndex(box.findData("has_issues"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: saved(main_window, runner)["review_state"] == "has_issues",
                    timeout=3000)
    assert saved(main_window, runner)["review_comment"] == "电话号码少一位"
    qtbot.waitUntil(lambda: "电话号码少一位" in runner.header.state.text(), timeout=2000)
    box.setCurrentIndex(box.findData("approved"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: saved(main_window, runner)["review_state"] == "approved",
                    timeout=3000)


def test_open_existing_draft_and_view_complete(qtbot, main_window):
    runner = open_new(qtbot, main_window, "frontline_needs")
    go_to(qtbot, runner, ("site_name",))
    type_here(qtbot, "驿站")
    wait_saved(qtbot, runner)
    rid = runner.response_id
    runner.close()
    again = wait_loaded(qtbot, open_runner(main_window, response_id=rid))
    assert again is not runner
    assert again.view.row(("site_name",)).input.edit.text() == "驿站"
    assert open_runner(main_window, response_id=rid) is again     # not opened twice


def test_language_switcher_relabels_the_form(qtbot, main_window):
    runner = open_new(qtbot, main_window, "frontline_needs")
    assert runner.language == "English (en)"
    label = runner.view.row(("site_name",)).label.text()
    assert "Name of the project" in label
    go_to(qtbot, runner, ("site_name",))
    type_here(qtbot, "abc")
    box = runner.header.language
    box.setCurrentIndex(box.findData("中文 (zh)"))
    assert "项目或企业名称" in runner.view.row(("site_name",)).label.text()
    assert runner.view.row(("site_name",)).input.edit.text() == "abc"
    assert current_path(runner) == ("site_name",)
