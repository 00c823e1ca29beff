"""The runner's count says when more questions may still appear ("3 / 8+"), and stops
saying it once every question that an answer can reveal is shown."""

from PySide6.QtCore import Qt

from fieldkit_testing import build_survey_form
from test_runner import go_to, open_new, press, type_here


def test_count_marks_questions_still_hidden(qtbot, main_window, tmp_path):
    from fieldkit.core.forms.store import import_form

    form = build_survey_form(tmp_path / "needs.xlsx")
    main_window.tasks.executor.submit(lambda ws: import_form(ws, form)).result(10)
    runner = open_new(qtbot, main_window, "needs_survey")
    text = runner.progress.text()
    assert text.endswith("+"), text          # 暑期是否需要托管 waits for 子女人数 > 0
    assert runner.progress.toolTip()
    go_to(qtbot, runner, ("kids",))
    type_here(qtbot, "2")
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: not runner.progress.text().endswith("+"), timeout=3000)
    position, total = runner.progress.text().split(" / ")
    assert int(total) == 9 and runner.progress.toolTip() == ""
