import json

import openpyxl

from fieldkit_testing import build_survey_form, run_cli


def setup_workspace(tmp_path):
    ws = tmp_path / "w.fieldkit"
    assert run_cli("init", ws).returncode == 0
    form = build_survey_form(tmp_path / "needs_survey.xlsx")
    assert run_cli("--workspace", ws, "forms", "import", form).returncode == 0
    return ws


def test_import_json_dry_run_report_and_duplicates(tmp_path):
    ws = setup_workspace(tmp_path)
    data = tmp_path / "wjx.csv"  # a formula typed as an answer must stay text everywhere
    data.write_text("序号,提交答卷时间,1、姓名：,2、您的年龄：,3、您的工作类型：,4、您最需要的服务：\n"
                    "1,2024/6/1 9:30,李海花,36,服装加工,暑期托管难┋吃饭难\n"
                    "2,2024/6/1 9:40,\"=HYPERLINK(\"\"http://x\"\")\",45,施工,休息难\n"
                    "3,2024/6/1 9:50,赵小兵,十八,港口装卸,技能培训\n", encoding="utf-8")
    report = tmp_path / "problems.xlsx"
    dry = run_cli("--workspace", ws, "responses", "import", data, "--form", "needs_survey",
                  "--dry-run", "--report", report, "--json")
    assert dry.returncode == 0, dry.stderr
    result = json.loads(dry.stdout)
    assert result["imported"] == 0 and result["rejected"] == 1
    assert "\\u" not in dry.stdout and "十八" in dry.stdout
    book = openpyxl.load_workbook(report)
    problems = book.worksheets[0]
    assert problems.max_row == 2 and problems.cell(2, 7).value == "十八"
    flagged = book.worksheets[1]["D4"]
    assert flagged.fill.fgColor.rgb.endswith("F4B6B6") and flagged.comment is not None
    formula = book.worksheets[1]["C3"]  # a formula stays text, shown exactly as typed
    assert formula.value == '=HYPERLINK("http://x")' and formula.data_type == "s"

    real = run_cli("--workspace", ws, "responses", "import", data, "--form", "needs_survey",
                   "--json")
    result = json.loads(real.stdout)
    assert {k: result[k] for k in ("imported", "duplicates", "with_warnings", "rejected")} == \
        {"imported": 2, "duplicates": 0, "with_warnings": result["with_warnings"], "rejected": 1}
    assert all(isinstance(result[k], int) for k in ("imported", "duplicates", "with_warnings",
                                                    "rejected"))
    mapping = tmp_path / "mapping.json"
    again = json.loads(run_cli("--workspace", ws, "responses", "import", data, "--form",
                               "needs_survey", "--json", "--save-mapping", mapping).stdout)
    assert again["imported"] == 0 and again["duplicates"] == 2
    saved = json.loads(mapping.read_text(encoding="utf-8"))
    age = next(c for c in saved["columns"] if c["header"] == "2、您的年龄：")
    age["target"] = {"kind": "skip", "name": "", "choice": ""}  # the user edits the mapping
    mapping.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    edited = json.loads(run_cli("--workspace", ws, "responses", "import", data, "--form",
                                "needs_survey", "--mapping", mapping, "--dry-run",
                                "--json").stdout)
    assert edited["rejected"] == 0  # the bad age column is no longer read


def test_template_then_import_with_no_mapping(tmp_path):
    ws = setup_workspace(tmp_path)
    template = tmp_path / "blank.xlsx"
    result = run_cli("--workspace", ws, "responses", "template", "needs_survey", "-o", template)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(template)
    book.worksheets[1].append(["周敏", 33, "外卖配送", "休息难;吃饭难"])
    book.save(template)
    result = run_cli("--workspace", ws, "responses", "import", template, "--form",
                     "needs_survey", "--json")
    assert json.loads(result.stdout)["imported"] == 1, result.stderr


def test_bad_files_exit_1_with_a_message(tmp_path):
    ws = setup_workspace(tmp_path)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a spreadsheet")
    result = run_cli("--workspace", ws, "responses", "import", fake, "--form", "needs_survey")
    assert result.returncode == 1 and "fake.xlsx" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("--workspace", ws, "responses", "import", fake, "--form", "nope")
    assert result.returncode == 1 and "nope" in result.stderr


def test_two_imports_of_one_file_at_once_import_it_once(tmp_path):
    """Two `fieldkit responses import` processes on the same file at the same moment."""
    import subprocess
    import sys

    ws = setup_workspace(tmp_path)
    data = tmp_path / "export.csv"
    lines = ["序号,姓名,您的年龄,您的工作类型"] + [f"{i},职工{i},{20 + i % 40},施工"
                                              for i in range(1, 1501)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "fieldkit", "--workspace", str(ws), "responses", "import",
               str(data), "--form", "needs_survey", "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, encoding="utf-8") for _ in range(2)]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    results = [json.loads(out) for out, _ in outputs]
    assert sum(r["imported"] for r in results) == 1500
    assert sum(r["duplicates"] for r in results) == 1500
    listed = run_cli("--workspace", ws, "check", "--json")
    assert json.loads(listed.stdout)["counts"]["responses"] == 1500


def test_problems_name_the_question_by_its_label(tmp_path):
    ws = setup_workspace(tmp_path)
    data = tmp_path / "answers.csv"
    data.write_text("姓名,您的年龄,您的工作类型\n李海花,80,服装加工\n", encoding="utf-8")
    report = tmp_path / "problems.xlsx"
    zh = run_cli("--lang", "zh_CN", "--workspace", ws, "responses", "import", data, "--form",
                 "needs_survey", "--dry-run", "--report", report)
    assert zh.returncode == 0, zh.stderr
    assert "2B: 您的年龄: 年龄应在16到70岁之间 (80)" in zh.stdout
    problems = openpyxl.load_workbook(report).worksheets[0]
    assert [c.value for c in problems[2]][3:5] == ["您的年龄", "年龄应在16到70岁之间"]
    en = run_cli("--lang", "en", "--workspace", ws, "responses", "import", data, "--form",
                 "needs_survey", "--dry-run", "--json")
    problem = json.loads(en.stdout)["problems"][0]
    assert (problem["question"], problem["question_label"]) == ("age", "Your age")


def test_batches_list_and_undo_later(tmp_path):
    ws = setup_workspace(tmp_path)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("姓名,您的年龄,您的工作类型\n李海花,36,服装加工\n", encoding="utf-8")
    second.write_text("姓名,您的年龄,您的工作类型\n王建军,45,施工\n赵小兵,28,港口装卸\n",
                      encoding="utf-8")
    a = json.loads(run_cli("--workspace", ws, "responses", "import", first, "--form",
                           "needs_survey", "--json").stdout)
    run_cli("--workspace", ws, "responses", "import", second, "--form", "needs_survey")
    again = json.loads(run_cli("--workspace", ws, "responses", "import", second, "--form",
                               "needs_survey", "--json").stdout)
    assert again["imported"] == 0 and again["batch_id"] is None
    listed = json.loads(run_cli("--workspace", ws, "responses", "batches", "--json").stdout)
    assert [(b["file"], b["imported"], b["undone"]) for b in listed["batches"]] == \
        [("second.csv", 2, False), ("first.csv", 1, False)]
    text = run_cli("--lang", "zh_CN", "--workspace", ws, "responses", "batches").stdout
    assert "first.csv" in text and "导入 1 份" in text
    undo = run_cli("--workspace", ws, "responses", "undo", a["batch_id"][:8], "--json")
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["undone"] == 1
    twice = run_cli("--workspace", ws, "responses", "undo", a["batch_id"], "--json")
    assert json.loads(twice.stdout)["undone"] == 0
    listed = json.loads(run_cli("--workspace", ws, "responses", "batches", "--json").stdout)
    assert [b["undone"] for b in listed["batches"]] == [False, True]
    missing = run_cli("--workspace", ws, "responses", "undo", "nope")
    assert missing.returncode == 1 and "nope" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_site_for_the_whole_file_must_be_in_the_directory(tmp_path):
    ws = setup_workspace(tmp_path)
    data = tmp_path / "answers.csv"
    data.write_text("姓名,您的年龄,您的工作类型,站点\n李海花,36,服装加工,火星站\n", encoding="utf-8")
    result = run_cli("--workspace", ws, "responses", "import", data, "--form", "needs_survey",
                     "--site", "火星站")
    assert result.returncode == 1 and "火星站" in result.stderr
    result = run_cli("--workspace", ws, "responses", "import", data, "--form", "needs_survey",
                     "--site-column", "站点", "--json")
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert any(p["column"] == "D" and "火星站" in p["message"] for p in problems)
