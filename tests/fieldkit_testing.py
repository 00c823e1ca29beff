"""Shared test helpers (importable from any test folder)."""

import os
import subprocess
import sys
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SCREENSHOTS = Path(os.environ.get("FIELDKIT_SCREENSHOTS",
                                   Path(os.environ["FIELDKIT_CONFIG_DIR"]).parent / "screenshots"))


def run_cli(*args, env=None, timeout=120, cwd=None):
    """Run ``python -m fieldkit`` in a child process; returns CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "fieldkit", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=full_env,
                          timeout=timeout, cwd=cwd)


def build_survey_form(path):
    """A small XLSForm like a union needs survey, in Chinese and English."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)", "label::English (en)", "required",
                   "constraint", "constraint_message::中文 (zh)", "relevant"])
    rows = [
        ["text", "worker_name", "姓名", "Name", "", "", "", ""],
        ["integer", "age", "您的年龄", "Your age", "yes", ". >= 16 and . <= 70", "年龄应在16到70岁之间", ""],
        ["select_one work_type", "work_type", "您的工作类型", "Type of work", "yes", "", "", ""],
        ["select_multiple needs", "needs", "您最需要的服务", "Services you need most", "", "", "", ""],
        ["date", "join_date", "入职日期", "Date joined", "", "", "", ""],
        ["decimal", "hours", "每天工作小时数", "Hours per day", "", ". <= 24", "不能超过24小时", ""],
        ["integer", "kids", "子女人数", "Number of children", "", "", "", ""],
        ["select_one yes_no", "childcare", "暑期是否需要托管", "Need summer childcare?", "", "", "",
         "${kids} > 0"],
        ["text", "notes", "其他意见", "Other comments", "", "", "", ""],
    ]
    for row in rows:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)", "label::English (en)"])
    for name, zh, en in (("construction", "施工", "Construction"), ("port", "港口装卸", "Port"),
                         ("garment", "服装加工", "Garment"), ("delivery", "外卖配送", "Delivery")):
        choices.append(["work_type", name, zh, en])
    for name, zh, en in (("rest", "休息难", "Resting"), ("meals", "吃饭难", "Eating"),
                         ("childcare", "暑期托管难", "Summer childcare"), ("training", "技能培训", "Training")):
        choices.append(["needs", name, zh, en])
    choices.append(["yes_no", "yes", "是", "Yes"])
    choices.append(["yes_no", "no", "否", "No"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["needs_survey", "职工需求调查", "2024120101", "中文 (zh)"])
    book.save(path)
    return path


def write_xlsx(path, rows, merges=(), title=None):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def save_shot(widget, name):
    """Save a widget as FIELDKIT_SCREENSHOTS/<name>.png (to look at what users see)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path
