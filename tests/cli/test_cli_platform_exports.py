"""``fieldkit responses import`` on ODK Central's zip of CSVs and on a Kobo repeat sheet
imported alone (refused: exit 1, a message, no traceback)."""

import json

import openpyxl

from fieldkit.core.forms.store import import_form
from fieldkit.core.responses.records import definition_for
from fieldkit.core.store.workspace import Workspace
from fieldkit_testing import run_cli
from platform_export_builder import ExportBuilder, camp_survey


def test_odk_zip_and_a_lone_repeat_sheet(tmp_path):
    ws_path = tmp_path / "w.fieldkit"
    with Workspace.open(ws_path, create=True) as ws:
        definition = definition_for(ws, import_form(ws, camp_survey(tmp_path / "c.xlsx")).record_id)
    export = tmp_path / "camp_survey.zip"
    builder = ExportBuilder(definition, 12, seed=4).write_odk(export, "camp_survey")
    done = run_cli("--workspace", ws_path, "responses", "import", export, "--form",
                   "camp_survey", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["imported"] == 12 and result["file"] == "camp_survey.zip"
    members = sum(len(s["answers"].get("household_members", [])) for s in builder.submissions)
    sheets = {s["sheet"]: s for s in result["repeat_sheets"]}
    assert sheets["camp_survey-household_members"]["linked"] == members

    lone = tmp_path / "members.xlsx"
    ExportBuilder(definition, 3, seed=4).write_kobo(lone, include_parents=False)
    refused = run_cli("--workspace", ws_path, "responses", "import", lone, "--form",
                      "camp_survey")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "_parent_index" in refused.stderr
    assert openpyxl.load_workbook(lone).sheetnames[0] == "household_members"
