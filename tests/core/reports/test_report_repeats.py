"""Questions inside a repeat get their own sections, counted over the repeat's entries (a
response can hold several); answers nested in groups are counted by their own names."""

import json

import openpyxl

from fieldkit.core.forms.store import import_form
from fieldkit.core.reports import survey_stats as stats
from fieldkit.core.reports.model import Paragraph, Table
from fieldkit.core.reports.spec import ReportFilters, SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report


def repeat_form(path):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    for row in (["select_one yn", "married", "已婚"], ["begin_group", "home", "家庭"],
                ["integer", "people", "家庭人口"], ["end_group", "", ""],
                ["begin_repeat", "kids", "子女"], ["integer", "child_age", "子女年龄"],
                ["select_one care", "care", "暑期谁照看"], ["end_repeat", "", ""]):
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for row in (["yn", "yes", "是"], ["yn", "no", "否"], ["care", "self", "自己"],
                ["care", "grand", "老人"], ["care", "none", "无人"]):
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["family", "家庭情况", "1"])
    book.save(path)
    return path


def test_repeat_questions_are_counted_over_entries(workspace, tmp_path):
    ws = workspace
    import_form(ws, repeat_form(tmp_path / "family.xlsx"))
    record = ws.query("SELECT id, version FROM forms WHERE form_id = 'family'")[0]
    answers = [
        {"married": "yes", "home": {"people": "4"},
         "kids": [{"child_age": "5", "care": "grand"}, {"child_age": "9", "care": "none"}]},
        {"married": "no", "home": {"people": "2"}, "kids": []},
        {"married": "yes", "people": "3", "kids": [{"child_age": "12", "care": "grand"}]},
    ]
    with ws.transaction():
        for i, a in enumerate(answers):
            ws.insert("responses", {
                "form_record_id": record["id"], "form_id": "family",
                "form_version": record["version"], "status": "complete",
                "started_at": f"2024-05-0{i + 1}T09:00:00+08:00",
                "answers": json.dumps(a, ensure_ascii=False)})
    sel = stats.Selection("family", ReportFilters())
    assert stats.repeat_entries(ws, sel, "kids") == 3
    assert stats.numeric_summary(ws, sel, "people")["n"] == 3        # nested and flat alike
    doc = build_survey_report(ws, SurveyReportSpec("family"), language="zh_CN")
    keys = [s.key for s in doc.sections]
    assert "q:kids/child_age" in keys and "q:kids/care" in keys
    care = next(s for s in doc.sections if s.key == "q:kids/care")
    table = next(b for b in care.blocks if isinstance(b, Table))
    assert {r[0]: r[1] for r in table.rows} == {"自己": 0, "老人": 2, "无人": 1, "合计": 3}
    assert any("3" in b.text for b in care.blocks if isinstance(b, Paragraph))
    ages = next(s for s in doc.sections if s.key == "q:kids/child_age")
    stats_table = next(b for b in ages.blocks if isinstance(b, Table))
    assert stats_table.rows[0][1] == 3 and stats_table.rows[1][1] == round(26 / 3, 2)
