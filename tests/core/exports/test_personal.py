"""The ``personal`` survey column: read, checked, written back, set in the built-in forms,
and honoured by exports."""

import openpyxl
import pytest

from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.problems import FormValidationError
from fieldkit.core.forms.store import get_form, import_form, load_builtin_forms, store_definition
from fieldkit.core.forms.xlsform_reader import read_form
from fieldkit.core.forms.xlsform_writer import write_xlsform
from fieldkit.core.paths import builtin_forms_dir
from fieldkit.core.responses.query import ResponseFilter
from export_testing import V2, write_form


def test_personal_column_is_read_and_written_back(tmp_path):
    path = write_form(tmp_path / "f.xlsx", V2, "2")
    definition = FormDefinition.from_dict(read_form(path).data)
    assert definition.find("worker_name").personal == "yes"
    assert definition.find("age").personal == ""
    write_xlsform(definition, tmp_path / "back.xlsx")
    again = FormDefinition.from_dict(read_form(tmp_path / "back.xlsx").data)
    assert again == definition and again.find("phone").personal == "yes"
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "back.xlsx")["survey"][1]]
    assert "personal" in header


def test_personal_must_be_yes_or_no(tmp_path):
    rows = [["text", "worker_name", "姓名", "Name", "maybe"], *V2[2:4]]
    with pytest.raises(FormValidationError) as caught:
        read_form(write_form(tmp_path / "bad.xlsx", rows, "1"))
    text = "\n".join(p.message() for p in caught.value.problems)
    assert "maybe" in text and "personal" in text


def test_builtin_forms_mark_names_and_phones(workspace):
    load_builtin_forms(workspace)
    needs = get_form(workspace, "frontline_needs")
    assert needs.version == "2024120102"
    assert needs.find("contact_name").personal == "yes"
    assert needs.find("contact_phone").personal == "yes"
    assert needs.find("site_name").personal == ""


def test_workspace_with_the_previous_builtin_version_takes_the_new_one(workspace):
    """A workspace made before the personal marks holds 2024120101; opening it with this
    fieldkit adds 2024120102 beside it instead of refusing the changed form."""
    new = FormDefinition.from_dict(read_form(builtin_forms_dir() / "frontline_needs.xlsx").data)
    old = FormDefinition.from_dict(new.to_dict())
    old.version = "2024120101"
    for question in old.walk():
        question.personal = ""
    store_definition(workspace, old, builtin=True)
    results = load_builtin_forms(workspace)
    assert {r.form_id: r.status for r in results}["frontline_needs"] == "imported"
    versions = [r[0] for r in workspace.query(
        "SELECT version FROM forms WHERE form_id = 'frontline_needs' ORDER BY version")]
    assert versions == ["2024120101", "2024120102"]


def test_demo_export_leaves_out_contact_details(demo_workspace, tmp_path):
    from fieldkit.core import responses

    load_builtin_forms(demo_workspace)
    rid = responses.start(demo_workspace, "frontline_needs", answers={
        "want_callback": "yes", "contact_name": "王师傅", "contact_phone": "13912345678"})
    flt = ResponseFilter("frontline_needs")
    result = export_responses(demo_workspace, flt, tmp_path / "d.xlsx")
    assert {"contact_name", "contact_phone", "username"} <= set(result.personal_left_out)
    names = [c.value for c in openpyxl.load_workbook(tmp_path / "d.xlsx").worksheets[1][2]]
    assert "contact_phone" not in names and "want_callback" in names
    export_responses(demo_workspace, flt, tmp_path / "p.xlsx",
                     ExportOptions(include_personal=True))
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    rows = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    row = next(r for r in rows if r[0] == rid)
    assert row[rows[1].index("contact_phone")] == "13912345678"
    assert "contact_phone" in book.worksheets[0]["B1"].value


def test_import_form_keeps_personal(workspace, tmp_path):
    import_form(workspace, write_form(tmp_path / "v2.xlsx", V2, "2"))
    assert get_form(workspace, "family_survey").find("phone").personal == "yes"
