"""Forms written by other people (the pyxform test corpus), imported and typed into."""

from PySide6.QtCore import Qt

from fieldkit.core.forms import store
from fieldkit_testing import SHARED
from test_runner import (answer, current_path, focused, go_to, open_new, press, saved,
                         type_here, wait_saved)

CORPUS = SHARED / "corpus" / "xlsform"


def import_form(main_window, name):
    result = main_window.tasks.executor.submit(store.import_form, CORPUS / name).result(30)
    return result.form_id


def test_cascading_choices_follow_the_answers(qtbot, main_window):
    form_id = import_form(main_window, "choice_filter_test.xlsx")
    runner = open_new(qtbot, main_window, form_id)
    view = runner.view
    assert runner.header.language.count() == 1 and not runner.header.language.isEnabled()

    def offered(name):
        return [b.text() for b in view.row((name,)).input.buttons]

    assert offered("county") == []                       # nothing until a state is chosen
    assert current_path(runner) == ("state",)
    press(qtbot, Qt.Key_2)                                # Washington
    press(qtbot, Qt.Key_Return)
    assert offered("county") == ["1. King", "2. Pierce"]
    press(qtbot, Qt.Key_1)                                # King (Washington)
    press(qtbot, Qt.Key_Return)
    assert offered("city") == ["1. Dumont", "2. Finney", "3. Seattle", "4. Redmond"]
    press(qtbot, Qt.Key_2)
    assert runner.session.value(("city",)) == "finney"
    go_to(qtbot, runner, ("state",))
    press(qtbot, Qt.Key_1)                                # Texas: counties change
    assert offered("county") == ["1. King", "2. Cameron"]
    go_to(qtbot, runner, ("county",))
    press(qtbot, Qt.Key_2)
    assert offered("city") == ["1. brownsville", "2. harlingen"]
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_2)
    wait_saved(qtbot, runner)
    stored = saved(main_window, runner)["answers"]
    assert (stored["state"], stored["county"], stored["city"]) == ("texas", "cameron",
                                                                   "harlingen")


def test_every_widget_type_of_the_spec_form_by_keyboard(qtbot, main_window, tmp_path):
    form_id = import_form(main_window, "xlsform_spec_test.xlsx")
    runner = open_new(qtbot, main_window, form_id)
    view, session = runner.view, runner.session
    assert runner.language == "english"
    go_to(qtbot, runner, ("my_name",))
    answer(qtbot, "Wang")
    assert "Wang" in view.row(("invalid_variable",)).label.text()   # ${my_name} in a note
    answer(qtbot, "wang@example.org")
    assert view.row(("email_note",)).isVisible()
    # autocomplete: a combo box one can type into; digits pick in the plain one
    go_to(qtbot, runner, ("autocomplete_test",))
    combo = view.row(("autocomplete_test",)).input.combo
    assert combo.isEditable()
    type_here(qtbot, "Ye")                               # typed, then Enter picks "Yes"
    press(qtbot, Qt.Key_Return)
    assert session.value(("autocomplete_test",)) == "yes"
    assert current_path(runner) == ("autocomplete_chars_test",)
    go_to(qtbot, runner, ("a_integer",))
    answer(qtbot, "１２")                                # full-width digits from an IME
    assert session.value(("a_integer",)) == "12"
    answer(qtbot, "20.5", then=None)                     # constrained: <= a_integer
    assert view.row(("a_decimal",)).message_text()
    press(qtbot, Qt.Key_Backspace, times=4)
    answer(qtbot, "7,5", then=None)                      # a decimal comma becomes a point
    assert session.value(("a_decimal",)) == "7.5"
    assert view.row(("a_decimal",)).message_text() == ""
    # repeat_count = 2: two instances, no Add / Remove
    assert ("repeat_test", 1) in view.nodes
    assert not view.nodes[("repeat_test",)].widget.footer.button.isVisible()
    assert not view.nodes[("repeat_test", 0)].widget.remove_button.isVisible()
    go_to(qtbot, runner, ("repeat_test", 0, "select_multiple_test"))
    press(qtbot, Qt.Key_1)
    press(qtbot, Qt.Key_Down)                            # arrows move, Space toggles
    press(qtbot, Qt.Key_Space)
    assert session.value(("repeat_test", 0, "select_multiple_test")) == "yes no"
    assert view.row(("repeat_test", 0, "select_multiple_test")).message_text()
    press(qtbot, Qt.Key_Space)
    assert session.value(("repeat_test", 0, "select_multiple_test")) == "yes"
    go_to(qtbot, runner, ("acknowledge_test",))
    press(qtbot, Qt.Key_Space)
    assert session.value(("acknowledge_test",)) == "OK"
    press(qtbot, Qt.Key_Return)
    assert current_path(runner) == ("date_test",)
    answer(qtbot, "2024年12月1日", then=Qt.Key_Tab)
    assert view.row(("date_test",)).input.edit.text() == "2024-12-01"
    assert session.value(("date_test",)) == "2024-12-01"
    go_to(qtbot, runner, ("date_test",))
    view.row(("date_test",)).input.edit.selectAll()
    answer(qtbot, "2024-13-01", then=None)               # no 13th month: said so, not stored
    assert session.value(("date_test",)) == ""
    assert "YYYY-MM-DD" in view.row(("date_test",)).message_text()
    view.row(("date_test",)).input.edit.selectAll()
    answer(qtbot, "20241201")
    assert session.value(("date_test",)) == "2024-12-01"
    assert view.row(("date_test",)).message_text() == ""
    answer(qtbot, "9点30")
    assert session.value(("time_test",)) == "09:30:00"
    answer(qtbot, "2024-12-01", then=Qt.Key_Tab)          # dateTime: date, Tab, time
    answer(qtbot, "21:05")
    assert session.value(("datetime_test",)).startswith("2024-12-01T21:05:00.000")
    # geopoint: Tab goes through latitude, longitude, altitude, accuracy
    assert current_path(runner) == ("geopoint_test",)
    for text in ("29.65", "91.1", "3650", "5"):
        answer(qtbot, text, then=Qt.Key_Tab)
    assert session.value(("geopoint_test",)) == "29.65 91.1 3650 5"
    assert current_path(runner) == ("barcode_test",)
    answer(qtbot, "6901234567892")
    # a photo: attached from disk and copied into the workspace as a blob
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"photo" * 100)
    row = view.row(("image_test",))
    assert focused() is row.input.attach
    row.input.attach_path(str(photo))
    qtbot.waitUntil(lambda: session.value(("image_test",)).startswith("att:"), timeout=5000)
    reference = session.value(("image_test",))
    assert row.input.name.text() == "现场照片.jpg"
    from fieldkit.core.store import attachments
    stored = main_window.tasks.executor.submit(attachments.info, reference).result(5)
    assert stored["file_name"] == "现场照片.jpg" and stored["size"] == 503
    copy = main_window.tasks.executor.submit(attachments.save_to, reference,
                                             tmp_path / "copy.jpg").result(5)
    assert copy.read_bytes() == photo.read_bytes()
    row.input.setFocus()
    row.input.attach.setFocus()
    press(qtbot, Qt.Key_Delete)
    assert session.value(("image_test",)) == ""
    # the last question is outside every group; Tab past it reaches Finalise
    go_to(qtbot, runner, ("launch",))
    press(qtbot, Qt.Key_Tab)
    assert focused() is runner.finalise_button
    # Chinese labels from the form's own "chinese" column
    box = runner.header.language
    box.setCurrentIndex(box.findData("chinese"))
    assert runner.language == "chinese"
    assert session.value(("a_integer",)) == "12"


def test_loop_shows_one_entry_per_choice(qtbot, main_window):
    form_id = import_form(main_window, "loop.xlsx")
    runner = open_new(qtbot, main_window, form_id)
    instances = [p for p in runner.view.nodes if len(p) == 2 and p[0] == "loop_toilet_types"]
    assert len(instances) >= 2
    labels = [runner.view.nodes[p].widget.title.text() for p in instances]
    assert all(labels)
    assert not runner.view.nodes[("loop_toilet_types",)].widget.footer.button.isVisible()
