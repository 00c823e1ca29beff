"""The import wizard on a KoboToolbox export with repeat sheets: every sheet is read, the
mapping page says so, and the “specify other” and location-part columns have their own
targets. Screenshots in both languages."""

import openpyxl
import pytest

from fieldkit.core.forms.store import import_form
from fieldkit.core.i18n import tr
from fieldkit.core.responses.records import definition_for
from fieldkit_testing import save_shot
from platform_export_builder import ExportBuilder, camp_survey
from test_import_wizard import go_next, in_db, mapping_row, open_wizard


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_kobo_export_with_repeat_sheets(main_window, qtbot, tmp_path, language):
    window = main_window
    form = camp_survey(tmp_path / "camp.xlsx")
    definition = window.tasks.executor.submit(
        lambda ws: definition_for(ws, import_form(ws, form).record_id)).result(30)
    path = tmp_path / "camp_survey_-_all_versions_-_2024-06-10.xlsx"
    builder = ExportBuilder(definition, 20, seed=21).write_kobo(path)
    book = openpyxl.load_workbook(path)
    members = book["household_members"]
    age = next(c.column_letter for c in members[1] if c.value == "household_members/member_age")
    members[f"{age}2"] = "十八"               # a bad cell in a repeat sheet
    book.save(path)
    window.retranslate(language)
    window.idle()
    wizard = open_wizard(qtbot, window, path, form_id="camp_survey")
    go_next(qtbot, wizard, wizard.MAPPING)
    page = wizard.mapping_page
    texts = dict(zip([page.table.item(r, 1).text() for r in range(page.table.rowCount())],
                     page.target_texts()))
    occupation = "7. " + ("职业" if language == "zh_CN" else "Occupation")
    assert texts["occupation_other"] == tr("{question} (other, please specify)",
                                           question=occupation)
    assert texts["__1_4_2_gps_latitude"].endswith(tr("Latitude"))
    assert texts["_1_4_Location/_1_4_1_Campslist"].startswith("1. ")
    members = sum(len(s["answers"].get("household_members", [])) for s in builder.submissions)
    group = "家庭成员" if language == "zh_CN" else "Household members"
    assert tr("Sheet “{sheet}”: {rows} rows of the repeated group “{group}”, {linked} of them "
              "go into their answer sheets.", sheet="household_members", rows=members,
              group=group, linked=members) in page.summary.text()
    page.table.scrollToItem(page.table.item(mapping_row(wizard, "occupation_other"), 1))
    save_shot(wizard, f"import-kobo-mapping-{language}")
    go_next(qtbot, wizard, wizard.PREVIEW)
    model = wizard.preview_page.model
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[:2] == ["2", f"household_members!{age}"] and first[5] == "十八"
    save_shot(wizard, f"import-kobo-preview-{language}")
    go_next(qtbot, wizard, wizard.DONE)
    assert wizard.result["imported"] == 19 and wizard.result["rejected"] == 1
    answers = in_db(window, "SELECT group_concat(answers, '\n') FROM responses "
                            "WHERE form_id = 'camp_survey' AND deleted = 0")
    rejected = next(c.submission for c in builder.cells
                    if (c.sheet, c.row, c.column) == ("household_members", 2, age))
    assert in_db(window, "SELECT count(*) FROM responses WHERE source_key LIKE ?",
                 f"%{rejected}%") == 0
    assert answers.count('"member_name"') == sum(
        1 for s in builder.submissions if s["uuid"] != rejected
        for m in s["answers"].get("household_members", []) if "member_name" in m)
