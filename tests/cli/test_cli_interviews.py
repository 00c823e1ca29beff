"""``fieldkit interviews import|list|show`` and ``fieldkit codes list|export|import``:
exit codes, JSON, Chinese, redaction, no tracebacks."""

import json

from openpyxl import Workbook

from fieldkit_testing import run_cli


def _workspace(tmp_path):
    from fieldkit.core.work import directory
    from fieldkit.core.store.workspace import Workspace

    path = tmp_path / "w.fieldkit"
    assert run_cli("init", path).returncode == 0
    ws = Workspace.open(path)
    unit = directory.create(ws, directory.ORG_UNITS, {"name": "市总工会", "kind": "city"})
    directory.create(ws, directory.SITES, {"name": "奥城驿站", "kind": "station",
                                           "org_unit_id": unit})
    ws.close()
    return path


def test_import_list_show_notes(tmp_path):
    ws = _workspace(tmp_path)

    def cli(*args):
        return run_cli("--workspace", ws, *args)

    a = tmp_path / "2024-07-15 快递员老李.txt"
    a.write_text("他说暑假孩子没人带，心里着急。", encoding="gb18030")
    b = tmp_path / "骑手.md"
    b.write_text("# 外卖骑手访谈\n\n充电难，休息难。", encoding="utf-8")
    done = cli("interviews", "import", a, b, "--site", "奥城驿站", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["created"]) == 2 and result["skipped"] == []
    again = cli("interviews", "import", a)
    assert again.returncode == 0 and a.name in again.stdout
    listed = json.loads(cli("interviews", "list", "--json").stdout)
    assert {n["title"] for n in listed} == {"2024-07-15 快递员老李", "外卖骑手访谈"}
    assert all(n["site_name"] == "奥城驿站" and "body" not in n for n in listed)
    note = result["created"][0]
    shown = cli("interviews", "show", note[:8], "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["note"]["body"] == "他说暑假孩子没人带，心里着急。" and data["segments"] == []
    text = cli("--lang", "zh_CN", "interviews", "list")
    assert text.returncode == 0 and "个编码片段" in text.stdout and "奥城驿站" in text.stdout
    human = cli("--lang", "zh_CN", "interviews", "show", note[:8])
    assert "日期：2024-07-15" in human.stdout


def test_bad_files_and_ids_exit_1_without_traceback(tmp_path):
    ws = _workspace(tmp_path)
    bad = tmp_path / "setup.docx"
    bad.write_bytes(b"MZ" + bytes(200))
    good = tmp_path / "ok.txt"
    good.write_text("好", encoding="utf-8")
    done = run_cli("--workspace", ws, "--lang", "zh_CN", "interviews", "import", good, bad)
    assert done.returncode == 1 and "setup.docx" in done.stderr and "未导入" in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(run_cli("--workspace", ws, "interviews", "list", "--json").stdout) == []
    missing = run_cli("--workspace", ws, "interviews", "show", "abcdef12")
    assert missing.returncode == 1 and "abcdef12" in missing.stderr
    assert "Traceback" not in missing.stderr
    usage = run_cli("--workspace", ws, "interviews", "import")
    assert usage.returncode == 2


def test_codes_import_export_list(tmp_path):
    ws = _workspace(tmp_path)
    book = Workbook()
    book.active.append(["编码路径", "说明", "颜色"])
    book.active.append(["安全/高原反应", "头痛、失眠", "#8ecae6"])
    book.active.append(["家庭/子女托管", "", ""])
    source = tmp_path / "codebook.xlsx"
    book.save(source)
    done = run_cli("--workspace", ws, "codes", "import", source, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["added"] == 4
    listed = json.loads(run_cli("--workspace", ws, "codes", "list", "--json").stdout)
    assert [c["path"] for c in listed] == ["安全", "安全/高原反应", "家庭", "家庭/子女托管"]
    text = run_cli("--workspace", ws, "--lang", "zh_CN", "codes", "list").stdout
    assert "  高原反应  （0 个片段）" in text
    out = tmp_path / "out.xlsx"
    done = run_cli("--workspace", ws, "codes", "export", "-o", out, "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["codes"] == 4 and out.is_file()
    again = json.loads(run_cli("--workspace", ws, "codes", "import", out, "--json").stdout)
    assert (again["added"], again["unchanged"]) == (0, 4)
    nowhere = run_cli("--workspace", ws, "codes", "export", "-o", tmp_path / "no" / "x.xlsx")
    assert nowhere.returncode == 1 and "Traceback" not in nowhere.stderr
