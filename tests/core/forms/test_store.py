"""Versioned forms in the workspace: import, list, show, export, built-in questionnaires."""

import shutil

import openpyxl
import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms import store
from fieldkit.core.forms.problems import FormValidationError
from fieldkit.core.forms.xlsform_reader import read_xlsform
from fieldkit.core.paths import builtin_forms_dir
from fieldkit.core.setup import open_workspace
from fieldkit_testing import SHARED

CORPUS = SHARED / "corpus" / "xlsform"
BUILTIN_IDS = {"frontline_needs", "altitude_health", "new_forms_of_employment", "problem_followup"}


def test_new_workspace_has_the_builtin_questionnaires(tmp_path):
    ws = open_workspace(tmp_path / "new.fieldkit", create=True)
    forms = {f["form_id"]: f for f in store.list_forms(ws)}
    assert BUILTIN_IDS <= set(forms)
    assert all(forms[i]["builtin"] for i in BUILTIN_IDS)
    assert "一线职工需求调查" in forms["frontline_needs"]["title"]
    journal_before = ws.scalar("SELECT count(*) FROM journal")
    ws.close()
    ws = open_workspace(tmp_path / "new.fieldkit")  # opening again adds nothing
    assert ws.scalar("SELECT count(*) FROM journal") == journal_before
    ws.close()


def test_import_versions_side_by_side(workspace, tmp_path):
    source = CORPUS / "yes_or_no_question.xlsx"
    first = store.import_form(workspace, source)
    assert first.status == "imported" and first.question_count >= 1
    again = store.import_form(workspace, source)
    assert again.status == "unchanged" and again.record_id == first.record_id
    # a changed copy with the same version is refused; with a new version it is stored beside
    changed = tmp_path / "changed.xlsx"
    shutil.copy(source, changed)
    book = openpyxl.load_workbook(changed)
    survey = book["survey"] if "survey" in book.sheetnames else book.worksheets[0]
    survey.append(["text", "extra_note", "Anything else?"])
    settings = _settings_sheet(book)
    _set_setting(settings, "version", first.version)
    book.save(changed)
    if first.version:
        with pytest.raises(FieldkitError, match="already stored with different questions"):
            store.import_form(workspace, changed)
    _set_setting(settings, "version", "2099010101")
    book.save(changed)
    second = store.import_form(workspace, changed)
    assert second.status == "imported" and second.version == "2099010101"
    listed = [f for f in store.list_forms(workspace) if f["form_id"] == first.form_id][0]
    assert [v["version"] for v in listed["versions"]][0] == "2099010101"
    assert len(listed["versions"]) == 2
    newest = store.get_form(workspace, first.form_id)
    assert newest.find("extra_note") is not None
    older = store.get_form(workspace, first.form_id, first.version)
    assert older.find("extra_note") is None


def _settings_sheet(book):
    if "settings" in book.sheetnames:
        return book["settings"]
    sheet = book.create_sheet("settings")
    sheet.append(["form_id", "version"])
    sheet.append(["yes_or_no_question", ""])
    return sheet


def _set_setting(sheet, key, value):
    headers = [c.value for c in sheet[1]]
    if key not in headers:
        sheet.cell(row=1, column=len(headers) + 1, value=key)
        headers.append(key)
    sheet.cell(row=2, column=headers.index(key) + 1, value=value)


def test_rejected_form_stores_nothing(workspace):
    before = workspace.scalar("SELECT count(*) FROM journal")
    with pytest.raises(FormValidationError):
        store.import_form(workspace, CORPUS / "duplicate_columns.xlsx")
    assert workspace.scalar("SELECT count(*) FROM journal") == before
    assert workspace.scalar("SELECT count(*) FROM forms") == 0


def test_unknown_form_and_version(workspace):
    store.load_builtin_forms(workspace)
    with pytest.raises(FieldkitError, match="no form"):
        store.get_form(workspace, "nope")
    with pytest.raises(FieldkitError, match="has no version"):
        store.get_form(workspace, "frontline_needs", "1")


@pytest.mark.parametrize("path", sorted(builtin_forms_dir().glob("*.xlsx")), ids=lambda p: p.stem)
def test_export_round_trips_builtin_forms(workspace, tmp_path, path):
    result = store.import_form(workspace, path)
    target = store.export_form(workspace, result.form_id, tmp_path / f"{result.form_id}.xlsx")
    assert read_xlsform(target) == store.get_form(workspace, result.form_id) == read_xlsform(path)


def test_version_ordering():
    versions = ["1.9", "1.10", "2024120101", "2024120102", "2"]
    assert sorted(versions, key=store.version_key)[-2:] == ["2024120101", "2024120102"]
    assert store.version_key("1.10") > store.version_key("1.9")


def test_definition_is_journaled_by_its_hash_not_copied(workspace):
    """A form version never changes; its journal entry names the stored row by digest (as
    every insert's does) instead of copying 200 KB of JSON into the journal."""
    import hashlib
    import json

    result = store.import_form(workspace, CORPUS / "yes_or_no_question.xlsx")
    stored = workspace.scalar("SELECT definition FROM forms WHERE id = ?", (result.record_id,))
    entry = workspace.query("SELECT changes FROM journal WHERE table_name = 'forms'"
                            " AND record_id = ?", (result.record_id,))[0]["changes"]
    assert list(json.loads(entry)) == ["row_digest"]
    digest = hashlib.sha256(stored.encode("utf-8")).hexdigest()
    assert '"questions"' not in entry  # the definition itself is not in the journal
    assert workspace.scalar("SELECT content_hash FROM forms WHERE id = ?",
                            (result.record_id,)) == digest


def _form_with_columns(path, order):
    columns = {"type": ["text", "integer"], "name": ["who", "age"], "label": ["Who?", "Age?"],
               "relevant": ["", "${who} != ''"]}
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(order)
    for i in range(2):
        survey.append([columns[c][i] for c in order])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append(["columns", "1"])
    book.save(path)
    return path


def test_moving_a_column_does_not_change_the_stored_form(workspace, tmp_path):
    """The same questions with the columns in another order are the same version, not a
    conflicting one (their texts differ: the content is compared)."""
    first = store.import_form(workspace, _form_with_columns(tmp_path / "a.xlsx", ["type", "name", "label", "relevant"]))
    second = store.import_form(workspace, _form_with_columns(tmp_path / "b.xlsx", ["relevant", "label", "name", "type"]))
    assert (first.status, second.status) == ("imported", "unchanged")
    changed = _form_with_columns(tmp_path / "c.xlsx", ["type", "name", "label", "relevant"])
    book = openpyxl.load_workbook(changed)
    book["survey"]["C2"] = "Who are you?"
    book.save(changed)
    with pytest.raises(FieldkitError, match="already stored with different questions"):
        store.import_form(workspace, changed)


def test_a_version_stored_in_an_older_layout_is_recognised(workspace, tmp_path):
    """A definition stored by an earlier fieldkit (other key order, other spelling) has
    another hash; importing the same form again compares the content and finds it equal."""
    import json

    result = store.import_form(workspace, _form_with_columns(tmp_path / "a.xlsx", ["type", "name", "label", "relevant"]))
    stored = json.loads(workspace.scalar("SELECT definition FROM forms WHERE id = ?", (result.record_id,)))
    older = json.dumps(dict(reversed(list(stored.items()))), indent=1)  # same content, other text
    workspace.conn.execute("UPDATE forms SET definition = ?, content_hash = 'old' WHERE id = ?",
                           (older, result.record_id))
    again = store.import_form(workspace, tmp_path / "a.xlsx")
    assert (again.status, again.record_id) == ("unchanged", result.record_id)


def test_the_authors_order_of_languages_and_lists_is_kept(workspace, tmp_path):
    """The runner shows a form's first language when none matches the interface, and export
    writes the columns and lists in order: both must be the author's order, not A to Z."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)", "label::English (en)"])
    survey.append(["select_one zlist", "a", "甲", "A"])
    survey.append(["select_one alist", "b", "乙", "B"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)", "label::English (en)"])
    for list_name in ("zlist", "alist"):
        choices.append([list_name, "1", "是", "Yes"])
    path = tmp_path / "order.xlsx"
    book.save(path)
    result = store.import_form(workspace, path)
    stored = store.get_form(workspace, result.form_id)
    assert stored.languages == ["中文 (zh)", "English (en)"]
    assert list(stored.choices) == ["zlist", "alist"]
