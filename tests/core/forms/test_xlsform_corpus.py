"""Real-world check: the XLSForm workbooks of pyxform's test suite (../shared/corpus/xlsform).

EXPECTED.md there lists what pyxform (convert, validate=False) accepts and rejects.
fieldkit must import each accepted form, or name the exact sheet, row, column and
feature it does not support; and reject the three rejected ones with the right message.
Each imported form is compared with the rows read raw from its sheets, independently of
fieldkit's reader: every question's type, name, labels and logic must be there.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import python_calamine

from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.problems import FormValidationError
from fieldkit.core.forms.xlsform_reader import read_xlsform

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "xlsform"

ACCEPTED_BY_PYXFORM = [
    "ODKValidateWarnings.xlsx", "UCL_Biomass_Plot_Form.xlsx", "attribute_columns_test.xlsx",
    "bad_calc.xlsx", "case_insensitivity.xlsx", "choice_filter_test.xlsx", "extra_columns.xlsx",
    "extra_sheet_names.xlsx", "field-list.xlsx", "flat_xlsform_test.xlsx", "group.xlsx", "loop.xlsx",
    "or_other.xlsx", "pull_data.xlsx", "specify_other.xlsx", "survey_no_name.xlsx",
    "text_and_integer.xlsx", "xl_date_ambiguous.xlsx", "xl_date_ambiguous_v1.xlsx",
    "xlsform_spec_test.xlsx", "yes_or_no_question.xlsx",
]
REJECTED_BY_PYXFORM = {
    "duplicate_columns.xlsx": "Duplicate column header: label",
    "include.xlsx": "“include”",
    "include_json.xlsx": "“include”",
}
# pyxform accepts these because it neither checks formulas nor needs the data files;
# fieldkit runs the form offline, so it names what it cannot do: (row, column, what).
UNSUPPORTED = {
    "bad_calc.xlsx": [(2, "calculation", "because pyxform doesn't know what to do")],
}
IMPORTED = [name for name in ACCEPTED_BY_PYXFORM if name not in UNSUPPORTED]

LOGIC_COLUMNS = ("relevant", "constraint", "calculation", "required", "read_only", "choice_filter",
                 "repeat_count", "appearance", "default", "parameters")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def test_corpus_is_complete():
    on_disk = {p.name for p in CORPUS.glob("*.xlsx")}
    assert on_disk == set(ACCEPTED_BY_PYXFORM) | set(REJECTED_BY_PYXFORM)
    assert len(ACCEPTED_BY_PYXFORM) == 21 and len(REJECTED_BY_PYXFORM) == 3


# -- an independent, raw view of the workbook ---------------------------------------

def text(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def raw_sheets(path: Path) -> dict[str, list[dict[str, str]]]:
    """Sheet (lower-case name) -> rows as {header as written: text}, blank cells left out."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    out = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not rows:
            continue
        headers = [text(h) for h in rows[0]]
        out[name.lower()] = [{h: text(v) for h, v in zip(headers, row) if h and text(v)} for row in rows[1:]]
    if "survey" not in out and len(out) == 1:
        out["survey"] = out.popitem()[1]
    return out


def expected_type(raw: str) -> tuple[str, str]:
    """(type, list name) the XLSForm spec gives a raw ``type`` cell (only spellings in the corpus)."""
    words = raw.split()
    lower = " ".join(words).lower()
    for prefix, canonical in (("select one from", "select_one"), ("select all that apply from", "select_multiple"),
                              ("select_one_from_file", "select_one"), ("select_multiple_from_file", "select_multiple"),
                              ("select_one_external", "select_one_external"), ("select_one", "select_one"),
                              ("select_multiple", "select_multiple"), ("osm", "osm")):
        if lower.startswith(prefix + " "):
            return canonical, words[len(prefix.split())]
    if lower.startswith("begin"):
        kind = words[1].lower() if len(words) > 1 else lower.split("_")[1]
        return kind, words[-1] if kind == "loop" else ""
    return {"phone number": "text", "datetime": "dateTime"}.get(lower, lower), ""


def language_of(header: str) -> str:
    for separator in ("::", ":"):
        if separator in header:
            return header.split(separator, 1)[1].strip()
    return ""


def check_against_raw(form: FormDefinition, raw: dict[str, list[dict[str, str]]]) -> int:
    questions = {q.name: q for q in form.walk()}
    checked = 0
    for row in raw["survey"]:
        type_cell = next((v for h, v in row.items() if h.lower() == "type"), "")
        if not type_cell or re.match(r"end[ _](group|repeat|loop)", type_cell.lower()):
            continue
        name = next(v for h, v in row.items() if h.lower() == "name")
        q = questions[name]
        assert (q.type, q.list_name) == expected_type(type_cell), name
        assert q.or_other == ("other" in type_cell.split()[-1].lower() or type_cell.endswith("specify other"))
        for header, value in row.items():
            key = header.split(":")[0].strip().lower()
            if key == "label":
                assert q.label[language_of(header)] == value, (name, header)
            elif key in LOGIC_COLUMNS and ":" not in header:
                assert getattr(q, key) == value.translate(_QUOTES), (name, header)
        checked += 1
    assert checked == len(questions)
    for sheet, lists in (("choices", form.choices), ("external_choices", form.external_choices), ("osm", form.osm)):
        for row in raw.get(sheet, []):
            list_name = next((v for h, v in row.items() if h.lower().replace(" ", "_") == "list_name"), "")
            if not list_name:
                continue
            name = next(v for h, v in row.items() if h.lower() == "name")
            choice = next(c for c in lists[list_name] if c.name == name)
            for header, value in row.items():
                if header.split(":")[0].lower() == "label":
                    assert choice.label[language_of(header)] == value
    settings = raw.get("settings", [{}])[0]
    for header, attribute in (("form_id", "form_id"), ("form_title", "title"), ("version", "version"),
                              ("default_language", "default_language")):
        value = next((v for h, v in settings.items() if h.lower() == header), None)
        if value is not None:
            assert getattr(form, attribute) == value
    return checked


@pytest.mark.parametrize("name", IMPORTED)
def test_accepted_form_is_imported_completely(name):
    path = CORPUS / name
    form = read_xlsform(path)
    assert form.questions
    assert check_against_raw(form, raw_sheets(path)) >= 1
    for warning in form.warnings:  # warnings are located and translatable
        assert warning.sheet and warning.message("zh_CN") != warning.message("en")


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_accepted_form_using_unsupported_features_names_them(name):
    with pytest.raises(FormValidationError) as info:
        read_xlsform(CORPUS / name)
    problems = info.value.problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [("survey", r, c) for r, c, _ in UNSUPPORTED[name]]
    for problem, (_, _, what) in zip(problems, UNSUPPORTED[name]):
        assert what in problem.message("en")
        assert problem.cell


@pytest.mark.parametrize("name", sorted(REJECTED_BY_PYXFORM))
def test_rejected_form(name):
    with pytest.raises(FormValidationError) as info:
        read_xlsform(CORPUS / name)
    error = info.value
    assert any(REJECTED_BY_PYXFORM[name] in p.message("en") for p in error.problems)
    assert REJECTED_BY_PYXFORM[name] in error.message("en")


def test_duplicate_column_points_at_the_second_label():
    with pytest.raises(FormValidationError) as info:
        read_xlsform(CORPUS / "duplicate_columns.xlsx")
    [problem] = info.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.cell) == ("survey", 1, "label", "E1")


def test_include_is_named_at_its_row():
    with pytest.raises(FormValidationError) as info:
        read_xlsform(CORPUS / "include.xlsx")
    [problem] = info.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "type")
    assert "include" in problem.message("zh_CN")
