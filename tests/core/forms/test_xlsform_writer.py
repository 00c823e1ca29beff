"""Writing XLSForm workbooks: what is written reads back to an equal definition."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.model import Choice, FormDefinition, Question
from fieldkit.core.forms.xlsform_reader import read_xlsform
from fieldkit.core.forms.xlsform_writer import write_xlsform

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "xlsform"
# The corpus forms fieldkit imports (see test_xlsform_corpus.py for the others).
IMPORTED = [
    "ODKValidateWarnings.xlsx", "attribute_columns_test.xlsx", "case_insensitivity.xlsx",
    "choice_filter_test.xlsx", "extra_columns.xlsx", "extra_sheet_names.xlsx", "field-list.xlsx",
    "flat_xlsform_test.xlsx", "group.xlsx", "loop.xlsx", "or_other.xlsx", "specify_other.xlsx",
    "survey_no_name.xlsx", "text_and_integer.xlsx", "xl_date_ambiguous.xlsx", "xl_date_ambiguous_v1.xlsx",
    "xlsform_spec_test.xlsx", "yes_or_no_question.xlsx",
]


def sample_form() -> FormDefinition:
    """A form using every part of the model."""
    return FormDefinition(
        form_id="visit_2024", title="走访记录", version="2024121201", default_language="中文 (zh)",
        instance_name="concat(${site}, '-', today())", public_key="MIIB",
        settings={"style": "pages", "allow_choice_duplicates": "no"},
        questions=[
            Question("start", "start"),
            Question("select_one", "site", label={"中文 (zh)": "站点", "English (en)": "Site"},
                     list_name="sites", or_other=True, required="yes", appearance="minimal",
                     required_message={"中文 (zh)": "请选择站点"}),
            Question("group", "worker", label={"中文 (zh)": "职工"}, appearance="field-list",
                     relevant="${site} != 'other'", children=[
                         Question("integer", "age", label={"中文 (zh)": "年龄"}, hint={"中文 (zh)": "周岁"},
                                  constraint=". >= 16 and . < 80",
                                  constraint_message={"中文 (zh)": "16 到 79 岁", "English (en)": "16 to 79"},
                                  media={"image": {"": "age.png"}, "audio": {"中文 (zh)": "age.mp3"}},
                                  bind={"odk:saveIncomplete": "true()"}, body={"rows": "2"},
                                  instance={"odk:tag": "t"}, extras={"my notes": "ask gently"}),
                         Question("repeat", "child", label={"中文 (zh)": "子女"}, repeat_count="2", children=[
                             Question("text", "child_name", label={"中文 (zh)": "姓名"}, default="=1+1"),
                         ]),
                     ]),
            Question("calculate", "score", calculation="${age} * 2"),
            Question("loop", "per_site", list_name="sites", children=[
                Question("integer", "visits", label={"": "Visits to %(label)s"})]),
            Question("note", "zero", label={"中文 (zh)": "007"}, read_only="yes"),
        ],
        choices={"sites": [Choice("s1", {"中文 (zh)": "一号工地", "English (en)": "Site 1"}, extras={"region": "qh"}),
                           Choice("s2", {"中文 (zh)": "二号工地"}, media={"image": {"": "s2.jpg"}})]},
        extra_sheets={"changelog": [["version", "note"], ["1", "first"], [], ["", "gap"]]},
    )


def test_sample_round_trip(tmp_path):
    form = sample_form()
    path = tmp_path / "visit.xlsx"
    write_xlsform(form, path)
    again = read_xlsform(path)
    assert again == form
    assert again.find("child_name").default == "=1+1"  # text that looks like a formula stays text
    assert again.find("zero").label == {"中文 (zh)": "007"}


@pytest.mark.parametrize("name", IMPORTED)
def test_corpus_round_trip(tmp_path, name):
    form = read_xlsform(CORPUS / name)
    path = tmp_path / name
    write_xlsform(form, path)
    assert read_xlsform(path) == form


@pytest.mark.parametrize("name", IMPORTED)
def test_to_dict_round_trip_is_json_and_stable(name):
    form = read_xlsform(CORPUS / name)
    data = form.to_dict()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    again = FormDefinition.from_dict(json.loads(text))
    assert again == form
    assert again.warnings == form.warnings
    assert json.dumps(again.to_dict(), ensure_ascii=False, sort_keys=True) == text


def test_written_workbook_uses_standard_spelling(tmp_path):
    path = tmp_path / "visit.xlsx"
    write_xlsform(sample_form(), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings", "changelog"]
    survey = [[c.value for c in row] for row in book["survey"].iter_rows()]
    header = survey[0]
    assert header[:4] == ["type", "name", "label::中文 (zh)", "label::English (en)"]
    assert {"image", "audio::中文 (zh)", "bind::odk:saveIncomplete", "body::rows", "instance::odk:tag",
            "my notes"} <= set(header)
    types = [row[0] for row in survey[1:]]
    assert types == ["start", "select_one sites or_other", "begin_group", "integer", "begin_repeat", "text",
                     "end_repeat", "end_group", "calculate", "begin loop over sites", "integer", "end loop", "note"]
    assert all(c.data_type == "s" for row in book["survey"].iter_rows() for c in row if c.value is not None)
    settings = [[c.value for c in row] for row in book["settings"].iter_rows()]
    assert settings[0][:2] == ["form_title", "form_id"] and settings[1][:2] == ["走访记录", "visit_2024"]


def test_write_replaces_atomically_and_reports_failures(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"old")
    write_xlsform(sample_form(), path)
    assert read_xlsform(path) == sample_form()
    assert [p.name for p in tmp_path.iterdir()] == ["form.xlsx"]  # no temporary file left behind
    with pytest.raises(FieldkitError) as info:
        write_xlsform(sample_form(), tmp_path / "missing" / "form.xlsx")
    assert "form.xlsx" in info.value.message("en") and info.value.message("zh_CN") != info.value.message("en")


def test_equality_ignores_rows_and_warnings():
    a, b = sample_form(), sample_form()
    b.questions[0].row = 99
    b.warnings = []
    assert a == b
    b.questions[0].label = {"": "changed"}
    assert a != b
