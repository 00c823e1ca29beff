"""Forms as real projects write them, in the real runner (issue 12): a question whose
default is ${last-saved#street} shows what the cadre typed in the last response on this
device, as ODK Collect does; questions sharing a name in different groups keep their
own answers."""

import openpyxl
import pytest

from fieldkit.core.forms import store
from PySide6.QtCore import Qt

from test_runner import answer, go_to, open_new, press, saved, type_here, wait_saved

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


# -- choices and lookups from the form's files and the workspace directory -----------------

WELLS = "name,label,depth\n" + "".join(f"w{i},水井 {i} 号,{i * 3}\n" for i in range(1, 121))
LOOKUPS = [
    ("type", "name", "label", "calculation"),
    ("select_one_from_file fieldkit-sites.csv", "site", "Which site?", ""),
    ("calculate", "site_region", "", "instance('fieldkit-sites')/root/item[name=${site}]/region"),
    ("select_one_from_file wells.csv", "well", "Which well?", ""),
    ("calculate", "depth", "", "pulldata('wells', 'depth', 'name', ${well})"),
    ("select_one kinds", "kind", "Kind", ""),
    ("calculate", "kind_label", "", "instance('kinds')/root/item[name=${kind}]/label"),
    ("note", "shown", "Region ${site_region}, depth ${depth}, ${kind_label}", ""),
    ("select_multiple_from_file wells.csv", "fixed", "Which wells were repaired?", ""),
]


def _import_lookups(main_window, tmp_path):
    from fieldkit.core.work import directory

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in LOOKUPS:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    for row in (("list_name", "name", "label"), ("kinds", "dug", "Dug well"), ("kinds", "bore", "Borehole")):
        choices.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["wells", "Wells", "1"])
    book.save(tmp_path / "wells.xlsx")
    (tmp_path / "wells.csv").write_text(WELLS, encoding="utf-8")

    def make(ws):
        unit = directory.create(ws, directory.ORG_UNITS, {"name": "那曲市总工会", "kind": "city"})
        site = directory.create(ws, directory.SITES, {"name": "那曲物流园", "kind": "project",
                                                      "org_unit_id": unit, "region": "色尼区"})
        return site, store.import_form(ws, tmp_path / "wells.xlsx")
    site, result = main_window.tasks.executor.submit(make).result(30)
    assert result.files == ["wells.csv"]
    return site


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_choices_from_files_and_the_workspace_in_the_runner(qtbot, main_window, tmp_path, language):
    from fieldkit_testing import save_shot
    from fieldkit.ui.runner.inputs_choice import CheckListInput, ComboInput, RadioInput

    main_window.retranslate(language)
    main_window.idle()
    site = _import_lookups(main_window, tmp_path)
    runner = open_new(qtbot, main_window, "wells")
    site_input = runner.view.row(("site",)).input
    assert isinstance(site_input, RadioInput) and len(site_input.buttons) >= 1
    well_input = runner.view.row(("well",)).input
    assert isinstance(well_input, ComboInput) and well_input.combo.isEditable()  # 120 wells: a search box
    assert well_input.combo.count() == 121 and well_input.combo.itemText(7) == "7. 水井 7 号"
    runner.session.set(("site",), site)
    go_to(qtbot, runner, ("well",))
    type_here(qtbot, "水井 12 号")
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: runner.session.value(("well",)) == "w12", timeout=3000)
    go_to(qtbot, runner, ("kind",))
    answer(qtbot, "2", then=None)
    qtbot.waitUntil(lambda: runner.session.value(("kind",)) == "bore", timeout=3000)
    qtbot.waitUntil(lambda: "Region 色尼区, depth 36, Borehole" in runner.view.row(("shown",)).label.text(),
                    timeout=3000)
    fixed = runner.view.row(("fixed",)).input
    assert isinstance(fixed, CheckListInput) and fixed.list.count() == 120
    go_to(qtbot, runner, ("fixed",))
    fixed.filter.setFocus()
    type_here(qtbot, "水井 99 号")
    press(qtbot, Qt.Key_Return)                       # the one match left is ticked
    fixed.list.item(2).setCheckState(Qt.Checked)      # and one ticked by hand
    qtbot.waitUntil(lambda: runner.session.value(("fixed",)) == "w3 w99", timeout=3000)
    assert fixed.status.text() in ("2 chosen", "已选 2 项")
    save_shot(runner, f"media-runner-lookups-{language}")
    wait_saved(qtbot, runner)
    answers = saved(main_window, runner)["answers"]
    assert answers["well"] == "w12" and answers["depth"] == "36" and answers["site_region"] == "色尼区"
    runner.close()


def test_a_label_picture_carried_with_the_form_is_shown(qtbot, main_window, tmp_path):
    from PySide6.QtGui import QColor, QImage

    from fieldkit_testing import save_shot

    image = QImage(120, 60, QImage.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    assert image.save(str(tmp_path / "helmet.png"))
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in (("type", "name", "label", "media::image"),
                ("select_one yn", "helmet", "Is the worker wearing this helmet?", "helmet.png"),
                ("text", "notes", "Notes", "")):
        survey.append(list(row))
    choices = book.create_sheet("choices")
    for row in (("list_name", "name", "label"), ("yn", "yes", "Yes"), ("yn", "no", "No")):
        choices.append(list(row))
    book.save(tmp_path / "helmets.xlsx")
    result = main_window.tasks.executor.submit(store.import_form, tmp_path / "helmets.xlsx").result(30)
    assert result.files == ["helmet.png"] and not result.warnings
    runner = open_new(qtbot, main_window, "helmets")
    row = runner.view.row(("helmet",))
    assert row.picture.pixmap().width() == 120
    assert runner.view.row(("notes",)).picture is None
    save_shot(runner, "media-runner-picture")
    runner.close()
