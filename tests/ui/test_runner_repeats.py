"""Repeats, calculations and paper-entry mode, typed into the altitude_health questionnaire."""

from PySide6.QtCore import Qt

from test_runner import (answer, current_path, focused, go_to, open_new, press, saved,
                         type_here, wait_saved)


def test_repeat_add_remove_and_live_calculations(qtbot, main_window):
    runner = open_new(qtbot, main_window, "altitude_health")
    view, session = runner.view, runner.session
    assert runner.language == "English (en)"
    go_to(qtbot, runner, ("site_altitude",))
    answer(qtbot, "2000")
    assert view.row(("low_altitude_note",)).isVisible()          # below 2,500 m
    go_to(qtbot, runner, ("site_altitude",))
    view.row(("site_altitude",)).input.edit.selectAll()
    type_here(qtbot, "3800")
    assert not view.row(("low_altitude_note",)).isVisible()
    assert session.value(("altitude_band",)) == "from_3000_to_4000"
    # the repeat has no instance yet: Tab from has_monitor reaches its Add button
    go_to(qtbot, runner, ("has_monitor",))
    press(qtbot, Qt.Key_1)
    press(qtbot, Qt.Key_Return)
    footer = view.nodes[("readings",)].widget.footer
    assert focused() is footer.button
    press(qtbot, Qt.Key_Space)                                   # add a reading
    qtbot.waitUntil(lambda: current_path(runner) == ("readings", 0, "reading_time"))
    answer(qtbot, "2024/12/1", then=Qt.Key_Tab)                  # date, then time
    answer(qtbot, "0730")
    assert session.value(("readings", 0, "reading_time")).startswith("2024-12-01T07:30:00")
    assert view.row(("readings", 0, "reading_time")).input.date.edit.text() == "2024-12-01"
    press(qtbot, Qt.Key_1)
    press(qtbot, Qt.Key_Return)
    answer(qtbot, "82")                                          # low SpO2: the warning shows
    assert view.row(("readings", 0, "low_reading_note")).isVisible()
    answer(qtbot, "96")
    assert focused() is footer.button                            # after the last question
    press(qtbot, Qt.Key_Space)
    qtbot.waitUntil(lambda: current_path(runner) == ("readings", 1, "reading_time"))
    answer(qtbot, "2024-12-02", then=Qt.Key_Tab)
    answer(qtbot, "8:15")
    press(qtbot, Qt.Key_2)
    press(qtbot, Qt.Key_Return)
    answer(qtbot, "91")
    answer(qtbot, "88")
    assert session.value(("reading_count",)) == "2"
    assert session.value(("spo2_min",)) == "82"
    summary = view.row(("readings_summary",)).label.text()
    assert "2 reading(s)" in summary and "82" in summary
    assert view.row(("low_flag_note",)).isVisible()
    # remove the first reading from the keyboard (it has answers: confirm)
    from PySide6.QtWidgets import QMessageBox
    qtbot.waitUntil(lambda: True)
    go_to(qtbot, runner, ("readings", 0, "reading_spo2"))
    original = QMessageBox.question
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Yes)
    try:
        press(qtbot, Qt.Key_Delete, Qt.ControlModifier | Qt.ShiftModifier)
    finally:
        QMessageBox.question = original
    assert session.value(("reading_count",)) == "1"
    assert session.value(("readings", 0, "reading_spo2")) == "91"
    assert not view.row(("low_flag_note",)).isVisible()
    assert ("readings", 1) not in view.nodes
    assert view.row(("readings", 0, "reading_spo2")).input.edit.text() == "91"
    # an empty entry goes without a question asked
    view.navigator.focus_footer(view.nodes[("readings",)])
    press(qtbot, Qt.Key_Space)
    qtbot.waitUntil(lambda: current_path(runner) == ("readings", 1, "reading_time"))

    def no_question(*args, **kwargs):
        raise AssertionError("an empty entry is removed without asking")
    QMessageBox.question = staticmethod(no_question)
    try:
        press(qtbot, Qt.Key_Delete, Qt.ControlModifier | Qt.ShiftModifier)
    finally:
        QMessageBox.question = original
    assert session.value(("reading_count",)) == "1"
    assert focused() is view.nodes[("readings",)].widget.footer.button
    wait_saved(qtbot, runner)
    stored = saved(main_window, runner)["answers"]
    assert [r["reading_spo2"] for r in stored["readings"]] == ["91"]


def test_paper_entry_mode_steps_one_question_at_a_time(qtbot, main_window):
    runner = open_new(qtbot, main_window, "altitude_health")
    view = runner.view
    press(qtbot, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    assert runner.paper.isChecked()
    first = view.row(("project_name",))
    assert current_path(runner) == ("project_name",)
    # field-list group "site": its questions are shown together, the next group is not
    assert first.isVisible() and view.row(("site_altitude",)).isVisible()
    assert not view.row(("gender",), build=False) or not view.row(("gender",)).isVisible()
    total = runner.progress.text().split(" / ")[1]
    assert runner.progress.text() == f"1 / {total}"
    answer(qtbot, "拉林铁路")
    answer(qtbot, "4100")
    answer(qtbot, "3900")
    assert current_path(runner) == ("gender",)
    assert runner.progress.text() == f"4 / {total}"
    assert view.row(("gender",)).isVisible()
    assert not view.row(("project_name",)).isVisible()
    assert view.row(("gender",)).label.font().pointSizeF() > \
        view.row(("readings_intro",)).label.font().pointSizeF()
    press(qtbot, Qt.Key_1)
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_Return, Qt.ShiftModifier)                 # back
    assert current_path(runner) == ("gender",)
    press(qtbot, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)  # back to the whole form
    assert view.row(("project_name",)).isVisible()
    assert runner.session.value(("site_altitude",)) == "4100"
