"""Less common question types, the site picker and the drafts offer, on a generated form."""

from PySide6.QtCore import Qt

from fieldkit.core.forms.model import Choice, FormDefinition, Question
from fieldkit.core.forms.store import store_definition
from fieldkit.ui.runner import offer_open_drafts, open_runner
from fieldkit.ui.runner.inputs_time import parse_date, parse_time
from test_runner import (answer, current_path, focused, open_new, press, saved, type_here,
                         wait_loaded, wait_saved)


def en(text):
    return {"English (en)": text, "中文 (zh)": "中文" + text}


def widgets_form():
    scale = [Choice(f"s{i}", en(f"level {i}")) for i in range(1, 6)]
    fruit = [Choice(n, en(n.title())) for n in ("apple", "pear", "plum")]
    many = [Choice(f"m{i}", en(f"option {i}")) for i in range(1, 13)]
    questions = [
        Question("select_one", "satisfaction", en("How satisfied?"), list_name="scale",
                 appearance="likert", required="yes"),
        Question("select_one", "fruit", en("Fruit"), list_name="fruit", appearance="minimal"),
        Question("select_one", "colour", en("Colour"), list_name="fruit", or_other=True),
        Question("select_one", "many", en("Many options"), list_name="many"),
        Question("range", "pain", en("Pain"), parameters="start=0 end=10 step=1"),
        Question("rank", "ranking", en("Rank the fruit"), list_name="fruit"),
        Question("geotrace", "route", en("Route")),
        Question("integer", "a", en("A")),
        Question("integer", "double", en("Twice A"), calculation="${a} * 2", read_only="yes"),
        Question("trigger", "confirm", en("Confirm")),
        Question("file", "document", en("Document")),
    ]
    return FormDefinition(form_id="widgets", title="Widgets", version="1",
                          default_language="English (en)", questions=questions,
                          choices={"scale": scale, "fruit": fruit, "many": many})


def open_widgets(qtbot, main_window):
    main_window.tasks.executor.submit(store_definition, widgets_form()).result(10)
    return open_new(qtbot, main_window, "widgets")


def test_typed_dates_and_times():
    assert str(parse_date("2024/5/3")) == "2024-05-03"
    assert str(parse_date("２０２４．５．３")) == "2024-05-03"
    assert str(parse_date("24-05-03")) == "2024-05-03"
    assert parse_date("2024-02-30") is None and parse_date("5/3") is None
    assert str(parse_time("下午3点05")) == "15:05:00"
    assert str(parse_time("0930")) == "09:30:00" and parse_time("25:00") is None


def test_likert_combo_other_range_rank_and_read_only(qtbot, main_window):
    runner = open_widgets(qtbot, main_window)
    view, session = runner.view, runner.session
    likert = view.row(("satisfaction",)).input
    assert likert.horizontal and len(likert.buttons) == 5
    assert current_path(runner) == ("satisfaction",)
    press(qtbot, Qt.Key_4)
    press(qtbot, Qt.Key_Left)                              # arrows move the choice in a row
    assert session.value(("satisfaction",)) == "s3"
    press(qtbot, Qt.Key_Return)
    assert focused() is view.row(("fruit",)).input.combo   # minimal: a drop-down
    press(qtbot, Qt.Key_2)
    assert session.value(("fruit",)) == "pear"
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_4)                                 # or_other adds "other"...
    assert session.value(("colour",)) == "other"
    press(qtbot, Qt.Key_Return)
    assert current_path(runner) == ("colour_other",)       # ...and its "specify" question
    answer(qtbot, "紫色")
    press(qtbot, Qt.Key_1)                                 # 12 options: 1, 2 quickly = 12
    press(qtbot, Qt.Key_2)
    assert session.value(("many",)) == "m12"
    qtbot.wait(900)
    press(qtbot, Qt.Key_2)                                 # after a pause: option 2
    assert session.value(("many",)) == "m2"
    press(qtbot, Qt.Key_Return)
    assert session.value(("pain",)) == ""                  # a range starts unanswered
    press(qtbot, Qt.Key_Right, times=3)
    assert session.value(("pain",)) == "3"
    press(qtbot, Qt.Key_Return)
    rank = view.row(("ranking",)).input
    assert session.value(("ranking",)) == ""
    rank.list.setCurrentRow(2)
    press(qtbot, Qt.Key_Up, Qt.ControlModifier)
    assert session.value(("ranking",)) == "apple plum pear"
    press(qtbot, Qt.Key_Tab)
    type_here(qtbot, "29.6 91.1")
    press(qtbot, Qt.Key_Return)                            # Enter: a new point
    type_here(qtbot, "29.7 91.2")
    assert session.value(("route",)) == "29.6 91.1 0 0;29.7 91.2 0 0"
    press(qtbot, Qt.Key_Tab)
    answer(qtbot, "21")
    # the calculated, read-only question shows its value and is skipped by Enter
    assert view.row(("double",)).input.edit.text() == "42"
    assert view.row(("double",)).input.edit.isReadOnly()
    assert current_path(runner) == ("confirm",)
    press(qtbot, Qt.Key_Space)
    assert session.value(("confirm",)) == "OK"
    wait_saved(qtbot, runner)
    stored = saved(main_window, runner)["answers"]
    assert stored["colour_other"] == "紫色" and stored["double"] == "42"


def test_site_picker_and_drafts_offer(qtbot, main_window):
    runner = open_widgets(qtbot, main_window)
    site = runner.header.site
    assert site.count() > 2 and site.currentData() is None
    site.setFocus()
    site.setCurrentIndex(2)
    picked = site.currentData()
    wait_saved(qtbot, runner)
    qtbot.waitUntil(lambda: saved(main_window, runner)["site_id"] == picked, timeout=3000)
    runner.close()
    second = wait_loaded(qtbot, open_runner(main_window, form_id="widgets"))
    assert second.header.site.currentData() == picked      # the last site picked
    wait_saved(qtbot, second)
    offer_open_drafts(main_window)
    qtbot.waitUntil(lambda: getattr(main_window, "drafts_dialog", None) is not None)
    dialog = main_window.drafts_dialog
    assert runner.response_id in dialog.draft_ids()
    # the second form was opened but nothing was typed into it: no draft to offer (issue 13)
    assert second.response_id is None and len(dialog.draft_ids()) == 1
    assert not dialog.isModal()
    row = dialog.draft_ids().index(runner.response_id)
    dialog.list.setCurrentRow(row)
    again = dialog.continue_current()
    assert again is not None and again is not second
    wait_loaded(qtbot, again)
    assert again.response_id == runner.response_id
    assert again.header.site.currentData() == picked
    assert runner.response_id not in dialog.draft_ids()


def test_a_stored_time_keeps_its_seconds_when_shown_again(qtbot):
    from fieldkit.ui.runner.inputs_time import DateInput, TimeInput

    moment = TimeInput()
    qtbot.addWidget(moment)
    moment.set_value("21:05:10.000+08:00")
    assert moment.edit.text() == "21:05:10" and moment.value() == "21:05:10"
    moment.set_value("09:30:00")
    assert moment.edit.text() == "09:30" and moment.value() == "09:30:00"
    day = DateInput()
    qtbot.addWidget(day)
    day.set_value("2024-12-01")
    assert day.edit.text() == "2024-12-01" and day.value() == "2024-12-01"
    day.edit.setText("2024年12月2日")
    day.edit.editingFinished.emit()  # leaving the field tidies what was typed
    assert day.edit.text() == "2024-12-02" and day.value() == "2024-12-02"
