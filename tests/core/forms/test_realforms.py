"""Real questionnaires from public projects (../shared/corpus/realforms, SOURCES.md) against
pyxform, the reference converter (issue 12).

``realforms_expected.json`` holds pyxform's reading of each workbook (verdict; question
paths and types, choice counts and label languages), made once offline by
``tools/make_realforms_expected.py``; pyxform is not needed to run this test. Where both
accept a form, the structures must agree; where pyxform refuses, fieldkit refuses too,
naming the cause. The forms fieldkit still refuses although pyxform accepts them are
listed in ``NOT_YET`` with the cause fieldkit names: each is a gap to close (then the
test fails until the entry is removed), not an expectation to keep.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.core.forms.model import FormDefinition, Question
from fieldkit.core.forms.names import xlsform_name
from fieldkit.core.forms.problems import FormValidationError
from fieldkit.core.forms.xlsform_reader import read_xlsform

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "realforms"
EXPECTED = json.loads((Path(__file__).with_name("realforms_expected.json")).read_text(encoding="utf-8"))
FORMS = EXPECTED["forms"]

# pyxform refuses these; fieldkit must refuse them naming the same cause (a fragment of
# one problem's message parameters or text).
PYXFORM_CAUSE = {
    "01_cht_delivery.xlsx": "meta", "03_cht_pregnancy_home_visit.xlsx": "meta",
    "05_cht_pnc_danger_baby.xlsx": "meta", "07_cht_replace_user.xlsx": "meta",
    "09_cht_person_create.xlsx": "meta",
    "15_hot_buildings.xls": "yes_no",
    "17_hot_mandatory_fields.xls": "digitisation_correct",
    "27_fmtm_wildfires.xlsx": "existing",
    "37_kobodocs_range.xlsx": "tart",
    "45_kpi_nmis_education.xls": "set form title",
    "59_ipa_cati_starter.xlsx": "caseid", "61_ipa_phq9_gad7.xlsx": "caseid", "63_ipa_birthday_age.xlsx": "caseid",
    "67_epfl_nairobi_2021.xls": "HandWashHabits1",
}
# pyxform refuses this one only while writing the XML (a crash in pyxform, not a verdict
# on the form); fieldkit refuses it for the functions ODK Collect does not have.
PYXFORM_CRASHES = {"13_cht_covid19_rdt_provision.xlsx": "difference-in-months"}
# Accepted by pyxform, still refused by fieldkit: the msgid fragment of the cause.
NOT_YET: dict[str, str] = {}
# fieldkit's type names where pyxform's differ.
PYXFORM_TYPE = {
    "select_one": "select one", "select_multiple": "select all that apply", "image": "photo",
    "select_one_external": "select one external", "begin_group": "group",
}
# select_one_from_file is read as select_one whose list is a file; pyxform names it the same way
PYXFORM_ALIAS = {"gps": "geopoint"}  # pyxform keeps the old name of the type


def test_the_expectations_cover_the_corpus() -> None:
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix in (".xls", ".xlsx")}
    assert on_disk == set(FORMS) and len(FORMS) == 34
    assert EXPECTED["pyxform_version"] == "4.5.0"
    refused = {name for name, form in FORMS.items() if form["pyxform"] == "refuses"}
    assert refused == set(PYXFORM_CAUSE) | set(PYXFORM_CRASHES)


def _paths(questions: list[Question], prefix: str, out: list) -> list:
    for q in questions:
        if q.type == "audit":  # pyxform puts it in its own meta group
            continue
        path = prefix + xlsform_name(q.name)
        out.append([path, PYXFORM_TYPE.get(q.type, q.type)])
        if q.or_other:  # pyxform writes the "specify other" text as its own question
            out.append([path + "_other", "text"])
        if q.children:
            _paths(q.children, path + "/", out)
    return out


def _languages(definition: FormDefinition) -> list[str]:
    return sorted({lang for q in definition.walk() for lang in q.label if lang not in ("", "default")})


@pytest.mark.parametrize("name", sorted(n for n, f in FORMS.items() if f["pyxform"] == "refuses"))
def test_what_pyxform_refuses_is_refused_naming_the_cause(name: str) -> None:
    with pytest.raises(FormValidationError) as info:
        read_xlsform(CORPUS / name)
    cause = PYXFORM_CAUSE.get(name) or PYXFORM_CRASHES[name]
    assert any(cause in p.text("en") for p in info.value.problems), [p.text("en") for p in info.value.problems]


def test_the_forms_not_yet_accepted_are_refused_for_the_known_cause() -> None:
    for name, cause in NOT_YET.items():  # empty since media files and lookups are read
        assert FORMS[name]["pyxform"] == "converts"
        with pytest.raises(FormValidationError) as info:
            read_xlsform(CORPUS / name)
        assert any(cause in p.msgid for p in info.value.problems)


@pytest.mark.parametrize("name", sorted(n for n, f in FORMS.items() if f["pyxform"] == "converts" and n not in NOT_YET))
def test_what_pyxform_accepts_is_imported_with_the_same_structure(name: str) -> None:
    expected = FORMS[name]
    definition = read_xlsform(CORPUS / name)
    assert _paths(definition.questions, "", []) == [[p, PYXFORM_ALIAS.get(t, t)] for p, t in expected["questions"]]
    # pyxform adds the "other" choice to a list a question offers "or_other", and leaves
    # out a list no question uses
    with_other = {q.list_name for q in definition.walk() if q.or_other}
    counts = {k: len(v) + (k in with_other and all(c.name != "other" for c in v)) for k, v in definition.choices.items()}
    used = {q.list_name for q in definition.walk() if q.list_name}
    assert {k: n for k, n in counts.items() if k in expected["choices"] or k in used} == expected["choices"]
    assert _languages(definition) == sorted(set(expected["languages"]) - {"default"})


@pytest.mark.parametrize("name", ["11_cht_admin_welcome.xlsx", "19_hot_transportation.xls", "47_ona_grains.xlsx",
                                  "53_unhcr_kobo_examples.xlsx", "55_lshtm_erec_exam.xlsx"])
def test_a_real_form_with_repeated_names_is_written_back_and_read_the_same(name: str, tmp_path: Path) -> None:
    from fieldkit.core.forms.xlsform_writer import write_xlsform

    definition = read_xlsform(CORPUS / name)
    assert any("/" in q.name for q in definition.walk()) or any(q.name.startswith("generated_note_name_") for q in definition.walk())
    write_xlsform(definition, tmp_path / "out.xlsx")
    assert read_xlsform(tmp_path / "out.xlsx") == definition


@pytest.mark.parametrize("name", ["21_hot_waterpoints.xls", "23_hot_amenities.xls", "25_fmtm_building_natural_risks.xlsx",
                                  "33_kobodocs_dda_round2.xlsx", "39_kobodocs_select_from_map.xlsx",
                                  "57_lshtm_geofencing.xlsx"])
def test_a_real_form_with_files_is_written_back_and_read_the_same(name: str, tmp_path: Path) -> None:
    from fieldkit.core.forms.media import referenced_files
    from fieldkit.core.forms.xlsform_writer import write_xlsform

    definition = read_xlsform(CORPUS / name)
    assert referenced_files(definition).data  # each names at least one data file
    write_xlsform(definition, tmp_path / "out.xlsx")
    again = read_xlsform(tmp_path / "out.xlsx")
    assert again == definition and referenced_files(again) == referenced_files(definition)
