"""Validation at import: every problem reported at once, located, with a fix, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.problems import FormProblem, FormValidationError
from fieldkit.core.forms.validation import validate
from fieldkit.core.forms.xlsform_reader import read_xlsform

HAN = re.compile(r"[\u4e00-\u9fff]")


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def rejected(tmp_path: Path, sheets: dict) -> FormValidationError:
    path = make_xlsx(tmp_path / "bad.xlsx", sheets)
    with pytest.raises(FormValidationError) as info:
        read_xlsform(path)
    return info.value


def by_msgid(error: FormValidationError, fragment: str) -> list[FormProblem]:
    return [p for p in error.problems if fragment in p.msgid]


CHOICES = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


def test_all_problems_are_reported_at_once(tmp_path):
    error = rejected(tmp_path, {
        "survey": [
            ["type", "name", "label", "relevant", "calculation", "constraint", "appearance"],
            ["txet", "a", "A"],                                           # 2 unknown type
            ["text", "", "No name"],                                      # 3 missing name
            ["text", "b", "B"],                                           # 4
            ["integer", "b", "B again"],                                  # 5 duplicate name
            ["select_one nolist", "c", "C"],                              # 6 missing choice list
            ["text", "d", "D", "${nobody} = 1"],                          # 7 unknown reference
            ["calculate", "e", "", "", "1 + (2"],                         # 8 syntax error
            ["calculate", "f", "", "", "${g} + 1"],                       # 9 cycle f -> g -> f
            ["calculate", "g", "", "", "${f} * 2"],                       # 10
            ["include", "other_form"],                                    # 11 include
            ["calculate", "h", "", "", "geofence(${b}, ${b})"],            # 12 a function ODK has, fieldkit not
            ["select_one_from_file places.txt", "i", "I"],                # 13 not a csv/xml/geojson file
            ["calculate", "j", "", "", "search('places')"],               # 14 search() outside an appearance
            ["note", "k", "Hello ${missing_name}"],                       # 15 unknown reference in a label
        ],
        "choices": CHOICES,
    })
    assert isinstance(error, FieldkitError)
    found = {(p.row, p.column) for p in error.problems}
    assert {(2, "type"), (3, "name"), (5, "name"), (6, "type"), (7, "relevant"), (8, "calculation"),
            (11, "type"), (12, "calculation"), (13, "type"), (14, "calculation"), (15, "label")} <= found
    assert any(p.row in (9, 10) and "circle" in p.msgid for p in error.problems)
    for problem in error.problems:
        assert problem.sheet == "survey"
        assert problem.hint_msgid, problem
        assert problem.cell and problem.cell.endswith(str(problem.row))
    assert len(error.problems) >= 12


def test_problem_messages_name_the_place_and_the_fix(tmp_path):
    error = rejected(tmp_path, {"survey": [["type", "name", "label", "relevant"],
                                           ["text", "a", "A", "${b} = 1"]]})
    [problem] = error.problems
    assert (problem.sheet, problem.row, problem.column, problem.cell) == ("survey", 2, "relevant", "D2")
    english = problem.message("en")
    assert "row 2" in english and "relevant" in english and "${b}" in english and "How to fix" in english
    chinese = problem.message("zh_CN")
    assert HAN.search(chinese) and "第 2 行" in chinese and "${b}" in chinese
    assert HAN.search(error.message("zh_CN"))
    assert "bad.xlsx" in error.message("en")


def test_every_problem_has_a_chinese_message(tmp_path):
    error = rejected(tmp_path, {
        "survey": [["type", "name", "label", "label", "calculation"],
                   ["foo", "a"], ["text", "", "x"], ["calculate", "c", "", "", "(("],
                   ["begin group", "g"], ["end repeat"]],
        "choices": [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "yes", "Yes"], ["", "x", ""]],
    })
    assert len(error.problems) >= 6
    for problem in error.problems:
        assert HAN.search(problem.message("zh_CN")), problem.message("en")


def test_unknown_type_suggests_the_nearest(tmp_path):
    error = rejected(tmp_path, {"survey": [["type", "name", "label"], ["integr", "a", "A"]]})
    [problem] = error.problems
    assert problem.params["suggestion"] == "integer"
    assert "integer" in problem.hint("en")


def test_duplicate_column_headers(tmp_path):
    error = rejected(tmp_path, {"survey": [["type", "name", "label", "Label", "relevant", "relevance"],
                                           ["text", "a", "A", "B"]]})
    messages = [p.message("en") for p in error.problems]
    assert any("Duplicate column header: Label" in m for m in messages)
    assert any("Duplicate column header: relevance" in m and "same column" in m for m in messages)
    assert {p.row for p in error.problems} == {1}


def test_unmatched_groups(tmp_path):
    error = rejected(tmp_path, {"survey": [["type", "name", "label"],
                                           ["begin group", "g1", "G"], ["text", "a", "A"],
                                           ["end repeat"], ["begin repeat", "r", "R"]]})
    rows = sorted((p.row, p.params.get("kind")) for p in error.problems)
    assert rows == [(2, "group"), (4, "repeat"), (5, "repeat")]


def test_duplicate_choices_unless_allowed(tmp_path):
    sheets = {"survey": [["type", "name", "label"], ["select_one yn", "a", "A"]],
              "choices": CHOICES + [["yn", "yes", "Yes again"]]}
    error = rejected(tmp_path, sheets)
    [problem] = error.problems
    assert (problem.sheet, problem.row, problem.column) == ("choices", 4, "name")
    sheets["settings"] = [["allow_choice_duplicates"], ["yes"]]
    form = read_xlsform(make_xlsx(tmp_path / "ok.xlsx", sheets))
    assert len(form.choices["yn"]) == 3


def test_choice_label_references_are_checked(tmp_path):
    error = rejected(tmp_path, {"survey": [["type", "name", "label"], ["select_one yn", "a", "A"]],
                                "choices": [["list_name", "name", "label"], ["yn", "yes", "${nobody}"]]})
    [problem] = error.problems
    assert (problem.sheet, problem.row, problem.column) == ("choices", 2, "label")


def test_settings_instance_name_is_checked(tmp_path):
    error = rejected(tmp_path, {"survey": [["type", "name", "label"], ["text", "a", "A"]],
                                "settings": [["form_id", "instance_name"], ["f", "concat(${b}, '-')"]]})
    [problem] = error.problems
    assert (problem.sheet, problem.row, problem.column) == ("settings", 2, "instance_name")


def test_flags_and_literal_defaults_are_not_parsed(tmp_path):
    form = read_xlsform(make_xlsx(tmp_path / "ok.xlsx", {"survey": [
        ["type", "name", "label", "required", "read_only", "default"],
        ["text", "a", "A", "Yes", "FALSE", "Hello (world) – it's fine"],
        ["date", "b", "B", "true()", "no", "2024-12-12"],
        ["integer", "c", "C", "${a} != ''", "", "${b} + 1"],
    ]}))
    assert form.questions[0].default == "Hello (world) – it's fine"


def test_calculate_needs_a_formula_and_or_other_excludes_choice_filter(tmp_path):
    error = rejected(tmp_path, {"survey": [["type", "name", "label", "choice_filter"],
                                           ["calculate", "c", ""],
                                           ["select_one yn or_other", "s", "S", "name != 'no'"]],
                                "choices": CHOICES})
    assert sorted((p.row, p.column) for p in error.problems) == [(2, "calculation"), (3, "choice_filter")]


def test_warnings_are_kept_on_the_definition(tmp_path):
    form = read_xlsform(make_xlsx(tmp_path / "ok.xlsx", {
        "survey": [["type", "name", "label", "", "rows"], ["text", "a", "", "stray", "3"], ["text", "A", "Big A"]],
    }))
    kinds = sorted(w.msgid for w in form.warnings)
    assert len(kinds) == 4  # no label, headerless column, unused column, names differing in case
    assert all(HAN.search(w.message("zh_CN")) for w in form.warnings)
    assert FormDefinition.from_dict(form.to_dict()).warnings == form.warnings


def test_validate_works_on_a_definition_built_in_code():
    form = FormDefinition(form_id="f", questions=[
        Question("integer", "a", label={"": "A"}),
        Question("calculate", "b", calculation="${a} + ${c}"),
    ])
    problems = validate(form)
    [problem] = problems.errors
    assert (problem.sheet, problem.column, problem.params["name"]) == ("survey", "calculation", "c")


def test_cycles_are_reported_at_the_formula_that_closes_them(tmp_path):
    error = rejected(tmp_path, {"survey": [
        ["type", "name", "label", "relevant", "calculation"],
        ["calculate", "total", "", "", "${part} + 1"],
        ["calculate", "part", "", "", "${total} div 2"],
        ["begin group", "g", "G", "${inside} = 1"],
        ["integer", "inside", "Inside"],
        ["end group"],
        ["integer", "self", "Self", "${self} > 0"],
    ]})
    found = sorted((p.row, p.column, p.params["cycle"]) for p in error.problems)
    # a group whose relevance reads its own question is no cycle (issue 12: CHT's forms)
    assert found == [(2, "calculation", "total → part → total"), (7, "relevant", "self → self")]
