"""Saved report definitions: save, overwrite, list, get, rename, delete; journaled; names
unique among live definitions; a saved survey or work spec rebuilds the same report."""

import pytest

from fieldkit.core.reports import definitions as defs
from fieldkit.core.reports.definitions import DefinitionError
from fieldkit.core.reports.spec import ReportFilters, SurveyReportSpec
from fieldkit.core.reports.work_spec import WorkReportSpec


def test_save_list_get_overwrite(workspace):
    spec = SurveyReportSpec("needs_survey", filters=ReportFilters(site_id="s1"),
                            group_by="work_type", findings="食堂要改进。\n\n夜班要热饭。")
    first = defs.save(workspace, "  季度 调研  ", "survey", spec.to_dict(), form_id="needs_survey")
    got = defs.get(workspace, "季度 调研")
    assert got["id"] == first and got["kind"] == "survey" and got["form_id"] == "needs_survey"
    assert SurveyReportSpec.from_dict(got["spec"]) == spec
    again = defs.save(workspace, "季度 调研", "survey", {**spec.to_dict(), "title": "新标题"},
                      form_id="needs_survey")
    assert again == first and defs.get(workspace, first)["spec"]["title"] == "新标题"
    with pytest.raises(DefinitionError):
        defs.save(workspace, "季度 调研", "survey", {}, overwrite=False)
    defs.save(workspace, "Q2 work", "work", WorkReportSpec("2024-Q2").to_dict())
    assert [d["name"] for d in defs.list_definitions(workspace)] == ["Q2 work", "季度 调研"]
    assert [d["name"] for d in defs.list_definitions(workspace, "work")] == ["Q2 work"]
    assert WorkReportSpec.from_dict(defs.get(workspace, "Q2 work")["spec"]) == \
        WorkReportSpec("2024-Q2")
    # every change is in the journal
    history = workspace.history("report_definitions", first)
    assert len(history) == 2


def test_rename_and_delete(workspace):
    a = defs.save(workspace, "A", "work", {"period": "2024"})
    defs.save(workspace, "B", "work", {"period": "2023"})
    with pytest.raises(DefinitionError) as taken:
        defs.rename(workspace, "A", "B")
    assert "B" in taken.value.message("en")
    assert defs.rename(workspace, "A", "C")["id"] == a
    defs.delete(workspace, "C")
    assert [d["name"] for d in defs.list_definitions(workspace)] == ["B"]
    with pytest.raises(DefinitionError) as missing:
        defs.get(workspace, "C")
    assert "B" in missing.value.message("en")          # names what there is
    # a deleted name is free again, as a new definition
    assert defs.save(workspace, "C", "work", {"period": "2022"}) != a
    assert workspace.get("report_definitions", a)["deleted"] == 1


def test_bad_input(workspace):
    for name, kind in (("", "work"), ("x" * 101, "work"), ("ok", "chart")):
        with pytest.raises(DefinitionError):
            defs.save(workspace, name, kind, {})
    assert workspace.scalar("SELECT count(*) FROM report_definitions") == 0
