"""Reading XLSForm workbooks: sheets, columns, types, groups, languages, settings, formats."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.xlsform_reader import read_xlsform


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def read(tmp_path: Path, sheets: dict, name: str = "form.xlsx") -> FormDefinition:
    return read_xlsform(make_xlsx(tmp_path / name, sheets))


YES_NO = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


def test_minimal_form(tmp_path):
    form = read(tmp_path, {"survey": [["type", "name", "label"], ["text", "q1", "Your name?"]]}, "my_form.xlsx")
    assert form.form_id == "my_form"  # no settings sheet: the file name, as pyxform does
    assert form.title == "my_form"
    [q] = form.questions
    assert (q.type, q.name, q.label) == ("text", "q1", {"": "Your name?"})
    assert q.row == 2
    assert form.warnings == []


def test_sheet_and_column_names_are_case_insensitive(tmp_path):
    form = read(tmp_path, {
        "SURVEY": [["TYPE", "Name", "LABEL::EN", "Required", "RELEVANT"],
                   ["select_one yn", "q1", "Good?", "YES", ""],
                   ["text", "q2", "Why?", "", "${q1} = 'no'"]],
        "Choices": [["LIST_NAME", "NAME", "Label::EN"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
        "Settings": [["FORM_ID", "Form_Title", "DEFAULT_LANGUAGE"], ["f1", "Form one", "EN"]],
    })
    assert (form.form_id, form.title, form.default_language) == ("f1", "Form one", "EN")
    q1, q2 = form.questions
    assert q1.label == {"EN": "Good?"} and q1.required == "YES" and q1.list_name == "yn"
    assert q2.relevant == "${q1} = 'no'"
    assert [c.name for c in form.choices["yn"]] == ["yes", "no"]
    assert form.choices["yn"][0].label == {"EN": "Yes"}


def test_blank_rows_comment_rows_and_unknown_columns(tmp_path):
    form = read(tmp_path, {"survey": [
        [],
        ["type", "name", "label", "notes for the team"],
        [],
        ["text", "a", "A", "ask politely"],
        [None, None, None, "a comment row: no type, no name"],
        [],
        ["integer", "b", "B"],
    ]})
    a, b = form.questions
    assert (a.name, a.row, b.name, b.row) == ("a", 4, "b", 7)
    assert a.extras == {"notes for the team": "ask politely"}
    assert any(w.column == "notes for the team" for w in form.warnings)  # kept, but not used


ALL_TYPES = [
    ("text", "text", ""), ("integer", "integer", ""), ("decimal", "decimal", ""), ("range", "range", ""),
    ("select_one yn", "select_one", "yn"), ("select_multiple yn", "select_multiple", "yn"),
    ("select one yn", "select_one", "yn"), ("select one from yn", "select_one", "yn"),
    ("select all that apply from yn", "select_multiple", "yn"), ("rank yn", "rank", "yn"),
    ("note", "note", ""), ("acknowledge", "acknowledge", ""), ("trigger", "trigger", ""),
    ("date", "date", ""), ("time", "time", ""), ("dateTime", "dateTime", ""), ("datetime", "dateTime", ""),
    ("geopoint", "geopoint", ""), ("geotrace", "geotrace", ""), ("geoshape", "geoshape", ""),
    ("image", "image", ""), ("photo", "image", ""), ("audio", "audio", ""), ("video", "video", ""),
    ("file", "file", ""), ("barcode", "barcode", ""), ("hidden", "hidden", ""),
    ("start", "start", ""), ("end", "end", ""), ("today", "today", ""), ("deviceid", "deviceid", ""),
    ("username", "username", ""), ("audit", "audit", ""), ("phonenumber", "phonenumber", ""),
    ("simserial", "simserial", ""), ("subscriberid", "subscriberid", ""), ("email", "email", ""),
    ("start-geopoint", "start-geopoint", ""), ("background-audio", "background-audio", ""),
    ("uri:deviceid", "uri:deviceid", ""),
]


def test_every_question_type_and_spelling(tmp_path):
    rows = [["type", "name", "label", "calculation"]]
    rows += [[t, f"q{i}", f"Q{i}"] for i, (t, _, _) in enumerate(ALL_TYPES)]
    rows.append(["calculate", "c", "", "1 + 1"])
    form = read(tmp_path, {"survey": rows, "choices": YES_NO})
    got = [(q.type, q.list_name) for q in form.questions]
    assert got == [(t, lst) for _, t, lst in ALL_TYPES] + [("calculate", "")]


def test_or_other_spellings(tmp_path):
    form = read(tmp_path, {"survey": [
        ["type", "name", "label"],
        ["select_one yn or_other", "a", "A"],
        ["select one from yn or specify other", "b", "B"],
        ["select_multiple  yn   or_other", "c", "C"],  # extra spaces are tolerated
    ], "choices": YES_NO})
    assert [(q.type, q.list_name, q.or_other) for q in form.questions] == [
        ("select_one", "yn", True), ("select_one", "yn", True), ("select_multiple", "yn", True)]


def test_groups_repeats_and_their_spellings(tmp_path):
    form = read(tmp_path, {"survey": [
        ["type", "name", "label", "appearance", "repeat_count", "relevant"],
        ["integer", "n", "How many children?"],
        ["begin group", "household", "Household", "field-list"],
        ["text", "head", "Head of household"],
        ["begin_repeat", "child", "Child", "", "${n}"],
        ["text", "child_name", "Name"],
        ["begin_group", "school", "School", "", "", "${child_name} != ''"],
        ["text", "school_name", "School name"],
        ["end_group"],
        ["end repeat"],
        ["end group"],
        ["note", "bye", "Thanks"],
    ]})
    n, household, bye = form.questions
    assert household.type == "group" and household.appearance == "field-list"
    head, child = household.children
    assert child.type == "repeat" and child.repeat_count == "${n}"
    assert [q.name for q in child.children] == ["child_name", "school"]
    assert child.children[1].children[0].name == "school_name"
    assert [q.name for q in form.walk()] == ["n", "household", "head", "child", "child_name", "school",
                                            "school_name", "bye"]
    assert form.find("school").relevant == "${child_name} != ''"


def test_loop_over_a_choice_list(tmp_path):
    form = read(tmp_path, {"survey": [
        ["type", "name", "label"],
        ["begin loop over yn", "per_answer"],
        ["integer", "count", "How many %(label)s?"],
        ["end loop"],
    ], "choices": YES_NO})
    [loop] = form.questions
    assert (loop.type, loop.list_name, [c.name for c in loop.children]) == ("loop", "yn", ["count"])


def test_languages_media_and_messages(tmp_path):
    form = read(tmp_path, {"survey": [
        ["type", "name", "label::English (en)", "label::中文 (zh)", "hint::中文 (zh)", "required",
         "required_message::中文 (zh)", "constraint", "constraint_message::English (en)",
         "constraint_message::中文 (zh)", "image", "media::audio::中文 (zh)", "guidance_hint"],
        ["integer", "age", "Age", "年龄", "周岁", "yes", "必须填写年龄", ". >= 16", "At least 16", "至少 16 岁",
         "age.png", "age_zh.mp3", "Ask for the ID card"],
    ]})
    [q] = form.questions
    assert q.label == {"English (en)": "Age", "中文 (zh)": "年龄"}
    assert q.hint == {"中文 (zh)": "周岁"}
    assert q.required_message == {"中文 (zh)": "必须填写年龄"}
    assert q.constraint == ". >= 16"
    assert q.constraint_message == {"English (en)": "At least 16", "中文 (zh)": "至少 16 岁"}
    assert q.media == {"image": {"": "age.png"}, "audio": {"中文 (zh)": "age_zh.mp3"}}
    assert q.guidance_hint == {"": "Ask for the ID card"}
    assert form.languages == ["English (en)", "中文 (zh)", ""]


def test_single_colon_language_headers(tmp_path):
    form = read(tmp_path, {"survey": [["type", "name", "label:English", "jr:count"], ["text", "a", "A"]]})
    assert form.questions[0].label == {"English": "A"}
    assert form.warnings == []


def test_logic_columns_and_aliases(tmp_path):
    form = read(tmp_path, {"survey": [
        ["type", "name", "label", "relevance", "readonly", "calculation", "default", "choice_filter",
         "parameters", "requiredMsg", "constraint message", "appearance", "trigger"],
        ["select_one yn", "a", "A", "", "", "", "yes", "name != 'maybe'", "randomize=true", "Needed!",
         "", "minimal"],
        ["calculate", "b", "", "${a} = 'yes'", "", "if(${a} = 'yes', 1, 0)"],
        ["integer", "c", "C", "", "${b} = 1", "", "${b} + 1", "", "", "", "Too big", "", "${a}"],
        ["range", "d", "D", "", "", "", "", "", "start=0 end=10 step=1"],
    ], "choices": YES_NO})
    a, b, c, d = form.questions
    assert (a.default, a.choice_filter, a.parameters, a.appearance) == ("yes", "name != 'maybe'", "randomize=true", "minimal")
    assert a.required_message == {"": "Needed!"}
    assert (b.relevant, b.calculation) == ("${a} = 'yes'", "if(${a} = 'yes', 1, 0)")
    assert (c.read_only, c.default, c.constraint_message, c.trigger) == ("${b} = 1", "${b} + 1", {"": "Too big"}, "${a}")
    assert d.parameters == "start=0 end=10 step=1"


def test_typographic_quotes_in_formulas_are_straightened(tmp_path):
    form = read(tmp_path, {"survey": [
        ["type", "name", "label", "relevant"],
        ["select_one yn", "a", "‘Quoted’ label"],
        ["text", "b", "B", "${a} = ‘yes’"],
    ], "choices": YES_NO})
    a, b = form.questions
    assert b.relevant == "${a} = 'yes'"
    assert a.label == {"": "‘Quoted’ label"}  # texts are left as written


def test_attribute_columns_are_kept(tmp_path):
    form = read(tmp_path, {"survey": [
        ["type", "name", "label", "bind::odk:saveIncomplete", "instance::odk:tag", "body::accuracyThreshold"],
        ["geopoint", "where", "Where?", "true()", "loc", 5],
    ]})
    [q] = form.questions
    assert q.bind == {"odk:saveIncomplete": "true()"}
    assert q.instance == {"odk:tag": "loc"}
    assert q.body == {"accuracyThreshold": "5"}  # numbers read as text, 5.0 as "5"
    assert {w.column for w in form.warnings} == {"bind::odk:saveIncomplete", "instance::odk:tag",
                                                 "body::accuracyThreshold"}


def test_settings_known_and_preserved(tmp_path):
    form = read(tmp_path, {
        "survey": [["type", "name", "label"], ["text", "a", "A"]],
        "settings": [["form_title", "form_id", "version", "default_language", "instance_name", "public_key",
                      "submission_url", "style", "omit_instanceID"],
                     ["走访问卷", "visit", 2024121201, "中文 (zh)", "concat('visit-', ${a})", "MIIB",
                      "https://example.org", "pages", True]],
    })
    assert (form.title, form.form_id, form.version, form.default_language) == ("走访问卷", "visit", "2024121201", "中文 (zh)")
    assert (form.instance_name, form.public_key) == ("concat('visit-', ${a})", "MIIB")
    assert form.settings == {"submission_url": "https://example.org", "style": "pages", "omit_instanceID": "TRUE"}


def test_choices_extra_columns_and_media(tmp_path):
    form = read(tmp_path, {
        "survey": [["type", "name", "label", "choice_filter"],
                   ["select_one province", "p", "Province"],
                   ["select_one city", "c", "City", "province = ${p}"]],
        "choices": [["list_name", "name", "label::中文", "label::English", "image", "province"],
                    ["province", "qh", "青海", "Qinghai", "qh.png"],
                    ["city", "xn", "西宁", "Xining", "", "qh"]],
    })
    qh, = form.choices["province"]
    xn, = form.choices["city"]
    assert qh.label == {"中文": "青海", "English": "Qinghai"} and qh.media == {"image": {"": "qh.png"}}
    assert xn.extras == {"province": "qh"}


def test_external_choices_and_osm_sheets(tmp_path):
    form = read(tmp_path, {
        "survey": [["type", "name", "label"], ["select_one_external ext", "e", "E"], ["osm tags", "o", "O"]],
        "external_choices": [["list_name", "name", "label"], ["ext", "x", "X"]],
        "osm": [["list_name", "name", "label"], ["tags", "building", "Building"]],
    })
    assert [c.name for c in form.external_choices["ext"]] == ["x"]
    assert [c.name for c in form.osm["tags"]] == ["building"]


def test_other_sheets_are_kept_verbatim(tmp_path):
    form = read(tmp_path, {
        "survey": [["type", "name", "label"], ["text", "a", "A"]],
        "changelog": [["version", "note"], [1, "first"], [], ["2", "second"]],
    })
    assert form.extra_sheets == {"changelog": [["version", "note"], ["1", "first"], [], ["2", "second"]]}
    assert any(w.sheet == "changelog" for w in form.warnings)


def test_only_sheet_is_read_as_survey_with_a_warning(tmp_path):
    form = read(tmp_path, {"Sheet1": [["type", "name", "label"], ["text", "a", "A"]]})
    assert [q.name for q in form.questions] == ["a"]
    assert [w.sheet for w in form.warnings] == ["Sheet1"]


def test_legacy_phone_number_type(tmp_path):
    form = read(tmp_path, {"survey": [["type", "name", "label"], ["phone number", "tel", "Phone"]]})
    [q] = form.questions
    assert q.type == "text" and q.constraint == "regex(., '^\\d*$')"
    assert len(form.warnings) == 1


def test_cell_values_are_read_as_text(tmp_path):
    import datetime
    form = read(tmp_path, {"survey": [
        ["type", "name", "label", "default", "required"],
        ["integer", "a", 1.0, 3, True],
        ["decimal", "b", 2.5, 0.1],
        ["date", "c", "C", datetime.date(2024, 12, 12)],
    ]})
    a, b, c = form.questions
    assert (a.label, a.default, a.required) == ({"": "1"}, "3", "TRUE")
    assert (b.label, b.default) == ({"": "2.5"}, "0.1")
    assert c.default == "2024-12-12"
