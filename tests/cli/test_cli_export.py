"""``fieldkit responses list|export`` in a real process."""

import csv
import json

import openpyxl
import pytest

from export_testing import add, make_export_ws
from fieldkit_testing import run_cli


@pytest.fixture
def ws_path(workspace, tmp_path):
    export_ws = make_export_ws(workspace, tmp_path)
    add(export_ws, "2", {"worker_name": "赵六", "age": 35, "work_type": "port",
                         "notes": "=HYPERLINK(\"x\")"}, final=True)
    add(export_ws, "1", {"age": 50, "old_only": "旧"})
    path = export_ws.path
    export_ws.close()
    return path


def test_list_json_and_filters(ws_path):
    done = run_cli("--workspace", ws_path, "responses", "list", "family_survey", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["count"] == 2 and len(data["responses"]) == 2
    assert {r["form_version"] for r in data["responses"]} == {"1", "2"}
    done = run_cli("--workspace", ws_path, "responses", "list", "family_survey", "--status",
                   "complete", "--site", "高原铁路项目部", "--json")
    data = json.loads(done.stdout)
    assert data["count"] == 1 and data["responses"][0]["answers"]["age"] in (35, "35")
    done = run_cli("--workspace", ws_path, "responses", "list", "family_survey", "--from",
                   "2999-01-01", "--json")
    assert json.loads(done.stdout)["count"] == 0


def test_export_xlsx_csv_and_personal(ws_path, tmp_path):
    out = tmp_path / "out.xlsx"
    done = run_cli("--workspace", ws_path, "responses", "export", "family_survey",
                   "-o", out, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["responses"] == 2 and result["personal_left_out"] == ["worker_name", "phone"]
    book = openpyxl.load_workbook(out)
    names = [c.value for c in book.worksheets[1][2]]
    assert "worker_name" not in names and "age" in names
    done = run_cli("--workspace", ws_path, "responses", "export", "family_survey", "-o",
                   tmp_path / "p.csv", "--include-personal", "--codes", "--version", "2")
    assert done.returncode == 0, done.stderr
    assert "personal data" in done.stderr
    with open(tmp_path / "p.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 2 and "赵六" in rows[1] and "port" in rows[1]
    assert "'=HYPERLINK(\"x\")" in rows[1]


def test_errors_exit_1_without_traceback_and_in_chinese(ws_path, tmp_path):
    done = run_cli("--workspace", ws_path, "--lang", "zh_CN", "responses", "export",
                   "family_survey", "-o", tmp_path / "no" / "x.xlsx")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "文件夹" in done.stderr
    done = run_cli("--workspace", ws_path, "--lang", "zh_CN", "responses", "export", "nope",
                   "-o", tmp_path / "x.xlsx")
    assert done.returncode == 1 and "nope" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("--workspace", ws_path, "responses", "list", "family_survey", "--review",
                   "maybe")
    assert done.returncode == 2 and "received" in done.stderr  # a usage error, with the choices
    done = run_cli("--workspace", ws_path, "responses", "export", "family_survey", "-o",
                   tmp_path / "x.txt")
    assert done.returncode == 1 and "--format" in done.stderr
    done = run_cli("--workspace", ws_path, "responses", "export", "family_survey")
    assert done.returncode == 2


def test_export_in_chinese(ws_path, tmp_path):
    done = run_cli("--workspace", ws_path, "--lang", "zh_CN", "responses", "export",
                   "family_survey", "-o", tmp_path / "zh.xlsx")
    assert done.returncode == 0, done.stderr
    assert "已导出" in done.stdout
    book = openpyxl.load_workbook(tmp_path / "zh.xlsx")
    assert book.worksheets[0].title == "说明"
