"""Rules real XLSForms rely on, each shown by a minimal form of our own (issue 12):
what pyxform and ODK accept, fieldkit accepts; what they refuse, fieldkit refuses."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.forms.parameters import parse_parameters, unknown_parameters
from fieldkit.core.forms.problems import FormValidationError
from fieldkit.core.forms.session import FormSession
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


def test_a_note_without_a_name_is_named_after_its_row_as_pyxform_does(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label"],
        ["text", "who", "Who?"],
        ["note", "", "Thank you, ${who}"],
        ["note", None, "Bye"],
    ]})
    form = read_xlsform(path)
    assert [q.name for q in form.questions] == ["who", "generated_note_name_3", "generated_note_name_4"]
    session = FormSession(form)
    session.set(("who",), "Li")
    note = session.item(("generated_note_name_3",))
    assert note.kind == "note" and note.label == "Thank you, Li"


def test_a_question_other_than_a_note_still_needs_a_name(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": [["type", "name", "label"], ["text", "", "Who?"]]})
    with pytest.raises(FormValidationError) as info:
        read_xlsform(path)
    assert [p.msgid for p in info.value.problems] == ["This question (type {type}) has no name."]


def test_a_choice_row_without_a_list_name_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label"], ["select_one yn", "ok", "OK?"]],
        "choices": [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["", "maybe", "Maybe"], ["yn", "no", "No"]],
    })
    form = read_xlsform(path)
    assert [c.name for c in form.choices["yn"]] == ["yes", "no"]
    [warning] = [w for w in form.warnings if "no list name" in w.msgid]
    assert (warning.row, warning.cell) == (3, "A3")


def test_a_misspelt_range_parameter_is_refused_with_the_right_key_as_hint(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label", "parameters"],
        ["range", "score", "Score", "tart=1 end=5 step=1"],
    ]})
    with pytest.raises(FormValidationError) as info:
        read_xlsform(path)
    [problem] = info.value.problems
    assert problem.params["key"] == "tart" and problem.params["suggestion"] == "start"
    assert (problem.row, problem.cell) == (2, "D2")


@pytest.mark.parametrize("kind, text", [
    ("range", "start=1;end=10,step=0.5"), ("range", "START=1 End=3 tick_labelset=x"),
    ("select_one yn", "randomize=true seed=${s}"), ("text", "rows=3"), ("image", "max-pixels=1024"),
    ("geopoint", "capture-accuracy=10 warning-accuracy=20"), ("integer", "anything=1"),
])
def test_the_parameters_odk_reads_are_accepted(tmp_path: Path, kind: str, text: str) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label", "parameters"], ["integer", "s", "Seed", ""], [kind, "q", "Q", text]],
        "choices": [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
    })
    assert read_xlsform(path).questions[1].parameters == text


def test_parameters_are_read_like_xlsform_pairs() -> None:
    assert parse_parameters("start=1; END=5,step = 2 junk") == {"start": "1", "end": "5", "step": "2"}
    assert unknown_parameters("range", "tart=1 end=2") == ["tart"]
    assert unknown_parameters("calculate", "whatever=1") == []
