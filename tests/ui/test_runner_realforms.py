"""Forms as real projects write them, in the real runner (issue 12): a question whose
default is ${last-saved#street} shows what the cadre typed in the last response on this
device, as ODK Collect does; questions sharing a name in different groups keep their
own answers."""

import openpyxl

from fieldkit.core.forms import store
from test_runner import answer, go_to, open_new, saved, wait_saved

SURVEY = [
    ("type", "name", "label", "default"),
    ("text", "street", "Street", "${last-saved#street}"),
    ("integer", "house", "House number", ""),
    ("begin_group", "maize", "Maize", ""),
    ("integer", "price", "Price of maize", ""),
    ("end_group", "", "", ""),
    ("begin_group", "beans", "Beans", ""),
    ("integer", "price", "Price of beans", ""),
    ("end_group", "", "", ""),
]


def _import(main_window, tmp_path):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in SURVEY:
        survey.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["visits", "Visits", "1"])
    book.save(tmp_path / "visits.xlsx")
    result = main_window.tasks.executor.submit(store.import_form, tmp_path / "visits.xlsx").result(30)
    assert result.status == "imported"
    return result.form_id


def test_last_saved_and_same_names_in_the_runner(qtbot, main_window, tmp_path):
    form_id = _import(main_window, tmp_path)
    runner = open_new(qtbot, main_window, form_id)
    assert runner.view.row(("street",)).input.value() == ""   # no response yet on this device
    go_to(qtbot, runner, ("street",))
    answer(qtbot, "Jiefang Road")
    go_to(qtbot, runner, ("maize/price",))
    answer(qtbot, "3")
    go_to(qtbot, runner, ("beans/price",))
    answer(qtbot, "5")
    wait_saved(qtbot, runner)
    answers = saved(main_window, runner)["answers"]
    assert {k: str(v) for k, v in answers.items()} == {"street": "Jiefang Road", "maize/price": "3", "beans/price": "5"}
    runner.close()

    second = open_new(qtbot, main_window, form_id)
    assert second.view.row(("street",)).input.value() == "Jiefang Road"
    assert second.view.row(("maize/price",)).input.value() == ""
    second.close()
