"""Exports' test data: a form with two versions, a repeat inside a repeat, personal
questions, a site, and a helper that adds responses."""

import openpyxl
from fieldkit.core import responses
from fieldkit.core.forms.store import import_form

V1 = [
    ["text", "worker_name", "姓名", "Name", "yes"],
    ["integer", "age", "年龄", "Age", ""],
    ["select_one work_type", "work_type", "工作类型", "Type of work", ""],
    ["text", "old_only", "旧问题", "Old question", ""],
    ["select_multiple needs", "needs", "最需要的服务", "Services needed", ""],
    ["text", "notes", "其他意见", "Comments", ""],
]
V2 = [
    ["text", "worker_name", "姓名", "Name", "yes"],
    ["text", "phone", "手机号", "Phone", "yes"],
    ["integer", "age", "年龄", "Age", ""],
    ["select_one work_type", "work_type", "工作类型", "Type of work", ""],
    ["select_multiple needs", "needs", "最需要的服务", "Services needed", ""],
    ["begin_repeat", "family", "家庭成员", "Family members", ""],
    ["text", "member", "成员称谓", "Member", ""],
    ["integer", "member_age", "成员年龄", "Member's age", ""],
    ["begin_repeat", "schools", "就读学校", "Schools", ""],
    ["text", "school", "学校名称", "School", ""],
    ["end_repeat", "", "", "", ""],
    ["end_repeat", "", "", "", ""],
    ["decimal", "hours", "每天工作小时数", "Hours per day", ""],
    ["text", "notes", "其他意见", "Comments", ""],
]
CHOICES = [
    ["work_type", "construction", "施工作业", "Construction"],
    ["work_type", "port", "港口装卸", "Port"],
    ["needs", "rest", "休息难", "Resting"],
    ["needs", "meals", "吃饭难", "Eating"],
    ["needs", "childcare", "暑期托管难", "Summer childcare"],
]


def write_form(path, rows, version, extra_choices=()):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)", "label::English (en)", "personal"])
    for row in rows:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)", "label::English (en)"])
    for row in [*CHOICES, *extra_choices]:
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["family_survey", "职工家庭调查", version, "中文 (zh)"])
    book.save(path)
    return path


def make_export_ws(workspace, tmp_path):
    """Two versions of family_survey and one site; no responses yet."""
    import_form(workspace, write_form(tmp_path / "v1.xlsx", V1, "1"))
    import_form(workspace, write_form(tmp_path / "v2.xlsx", V2, "2",
                                      [["needs", "training", "技能培训", "Training"]]))
    with workspace.transaction():
        workspace.insert("sites", {"name": "高原铁路项目部", "kind": "project",
                                   "timezone": "Asia/Shanghai"}, record_id="site-1")
    return workspace


def add(ws, version, answers, *, final=False, site_id="site-1"):
    response_id = responses.start(ws, "family_survey", version, site_id=site_id,
                                  answers=answers)
    if final:
        responses.finalise(ws, response_id, answers)
    return response_id
