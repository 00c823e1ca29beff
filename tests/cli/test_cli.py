import json
import sqlite3

from fieldkit_testing import run_cli

from fieldkit import __version__


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"fieldkit {__version__}"


def test_init_demo_check_backup(tmp_path):
    ws = tmp_path / "site.fieldkit"
    result = run_cli("init", ws, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema_version"] >= 2
    again = run_cli("init", ws)
    assert again.returncode == 1 and "already exists" in again.stderr

    demo = tmp_path / "demo.fieldkit"
    result = run_cli("demo", "--no-gui", "--workspace", demo, "--json")
    assert result.returncode == 0, result.stderr
    assert "\\u" not in result.stdout
    counts = json.loads(result.stdout)["counts"]
    assert counts["sites"] == 11 and counts["responses"] >= 50
    listed = json.loads(run_cli("--workspace", demo, "forms", "list", "--json").stdout)
    assert {f["form_id"] for f in listed} >= {"frontline_needs", "altitude_health"}

    result = run_cli("--workspace", demo, "check", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["integrity"] == "ok" and report["counts"]["cadres"] == 13

    copy = tmp_path / "backup.fieldkit"
    result = run_cli("--workspace", demo, "backup", "-o", copy)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM sites").fetchone()[0] == 11
    conn.close()
    refused = run_cli("--workspace", demo, "backup", "-o", copy)
    assert refused.returncode == 1 and "already exists" in refused.stderr


def test_workspace_from_environment(tmp_path):
    ws = tmp_path / "env.fieldkit"
    assert run_cli("init", ws).returncode == 0
    result = run_cli("check", "--json", env={"FIELDKIT_WORKSPACE": str(ws)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["path"] == str(ws)


def test_user_errors_exit_1_without_traceback(tmp_path):
    bogus = tmp_path / "notes.fieldkit"
    bogus.write_text("not a database\n" * 20)
    for args in (["--workspace", bogus, "check"],
                 ["--workspace", tmp_path / "missing" / "x.fieldkit", "check"],
                 ["--workspace", tmp_path / "absent.fieldkit", "check"]):
        result = run_cli(*args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr and result.stderr.startswith("fieldkit: ")


def test_errors_in_chinese(tmp_path):
    result = run_cli("--lang", "zh_CN", "--workspace", tmp_path / "missing" / "x.fieldkit", "check")
    assert result.returncode == 1
    assert "不存在" in result.stderr and "U 盘" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("no-such-command").returncode == 2
    result = run_cli("backup")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_first_run_creates_the_default_workspace(tmp_path):
    data = tmp_path / "profile"
    env = {"FIELDKIT_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen",
           "FIELDKIT_CONFIG_DIR": str(tmp_path / "config")}  # no workspace remembered by others
    result = run_cli("--quit-after-show", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (data / "workspace.fieldkit").exists()
    again = run_cli("check", "--json", env=env)
    assert again.returncode == 0 and json.loads(again.stdout)["integrity"] == "ok"


def test_gui_refuses_a_bad_workspace_without_traceback(tmp_path):
    bogus = tmp_path / "photo.fieldkit"
    bogus.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 500)
    result = run_cli("--workspace", bogus, "--quit-after-show",
                     env={"QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert result.returncode == 1
    assert "not a fieldkit workspace" in result.stderr and "Traceback" not in result.stderr
    assert bogus.read_bytes()[:4] == b"\xff\xd8\xff\xe0"


def test_usage_messages_in_chinese():
    result = run_cli("--lang", "zh_CN", "backup")
    assert result.returncode == 2 and "缺少以下必需参数" in result.stderr
    help_text = run_cli("--lang", "zh_CN", "--help").stdout
    assert "用法：" in help_text and "显示此帮助信息并退出" in help_text


def test_only_global_options_open_the_app_without_building_every_command():
    from fieldkit.cli import _opens_the_app, build_parser

    assert _opens_the_app([]) and _opens_the_app(["--workspace", "w.fieldkit", "--lang", "zh_CN"])
    assert _opens_the_app(["--lang=en", "--quit-after-show"])
    assert not _opens_the_app(["check"]) and not _opens_the_app(["--workspace"])
    assert not _opens_the_app(["--help"]) and not _opens_the_app(["--version"])
    assert not _opens_the_app(["--workspace", "w.fieldkit", "report", "survey"])
    assert build_parser(commands=False).parse_args(["--lang", "en"]).command is None
    assert build_parser().parse_args(["check"]).command == "check"
