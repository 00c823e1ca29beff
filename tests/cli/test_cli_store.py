"""The command line on a workspace in trouble: a stale -wal, damage, a full disk, read-only
media, no display. Each gets a clear message in the user's language, exit 1, no traceback,
no crash log, no .partial file, and nothing changed."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest

from fieldkit_testing import build_survey_form, run_cli

WRITER = """
import sys, time
from fieldkit.core.store.workspace import Workspace
ws = Workspace.open(sys.argv[1])
with ws.transaction():
    for i in range(30):
        ws.insert("org_units", {"name": f"killed-{i}", "kind": "city"})
print("COMMITTED", flush=True)
time.sleep(60)
"""


def clean_failure(result, *, zh=False):
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "unexpected problem" not in result.stderr and "遇到意外问题" not in result.stderr
    if zh:  # no English fragment from the system ("No space left on device", "disk is full")
        text = result.stderr.replace("fieldkit", "")
        for word in ("No space", "disk is full", "device", "Errno", "readonly", "malformed"):
            assert word not in text, text


def crash_logs():
    folder = os.environ["FIELDKIT_DATA_DIR"]
    return sorted(p for p in os.listdir(os.path.join(folder, "logs"))) \
        if os.path.isdir(os.path.join(folder, "logs")) else []


@pytest.fixture
def survey_ws(tmp_path):
    ws = tmp_path / "w.fieldkit"
    assert run_cli("init", ws).returncode == 0
    form = build_survey_form(tmp_path / "needs_survey.xlsx")
    assert run_cli("--workspace", ws, "forms", "import", form).returncode == 0
    return ws


def survey_csv(path, rows):
    lines = ["序号,提交答卷时间,1、姓名：,2、您的年龄：,3、您的工作类型：,4、您最需要的服务："]
    lines += [f"{i},2024/6/1 9:30,李海花{i},36,服装加工,暑期托管难┋吃饭难" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_stale_wal_after_kill_and_copy_is_set_aside_not_applied(tmp_path, survey_ws):
    """The issue's steps: import, SIGKILL after commit (leaving -wal), copy another
    workspace over the first, run check; then import into it."""
    other = tmp_path / "other.fieldkit"
    assert run_cli("demo", "--no-gui", "--workspace", other).returncode == 0
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(survey_ws)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "COMMITTED"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert os.path.getsize(str(survey_ws) + "-wal") > 0
    shutil.copyfile(other, survey_ws)
    result = run_cli("--lang", "zh_CN", "--workspace", survey_ws, "check", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["integrity"] == "ok" and report["counts"]["cadres"] == 13
    assert "orphan-wal" in result.stderr and "未应用" in result.stderr
    assert len(list(tmp_path.glob("w.fieldkit-*.orphan-wal"))) == 1
    again = run_cli("--workspace", survey_ws, "check")
    assert again.returncode == 0 and "orphan" not in again.stderr


def test_check_reports_damage_plainly_and_backup_refuses_it(tmp_path):
    ws = tmp_path / "demo.fieldkit"
    assert run_cli("demo", "--no-gui", "--workspace", ws).returncode == 0
    data = bytearray(ws.read_bytes())
    needle = "暑期托管难".encode()
    at = data.find(needle)
    assert at > 0
    data[at:at + 8] = b"\xff" * 8  # eight flipped bytes inside a stored answer
    ws.write_bytes(bytes(data))
    result = run_cli("--lang", "zh_CN", "--workspace", ws, "check")
    clean_failure(result)
    assert "完整性：发现问题" in result.stdout and "UTF-8" in result.stdout
    report = json.loads(run_cli("--workspace", ws, "check", "--json").stdout)
    assert not report["ok"] and report["problems"][0]["kind"] in ("utf8", "journal", "json")
    refused = run_cli("--lang", "zh_CN", "--workspace", ws, "backup", "-o", tmp_path / "b.fieldkit")
    clean_failure(refused, zh=True)
    assert "没有写入备份" in refused.stderr and not (tmp_path / "b.fieldkit").exists()
    forced = run_cli("--workspace", ws, "backup", "-o", tmp_path / "b.fieldkit", "--force")
    assert forced.returncode == 0 and (tmp_path / "b.fieldkit").exists()


def test_a_damaged_page_gives_the_damaged_message_not_a_crash(tmp_path, survey_ws):
    survey_csv(tmp_path / "a.csv", 300)
    assert run_cli("--workspace", survey_ws, "responses", "import", tmp_path / "a.csv",
                   "--form", "needs_survey").returncode == 0
    data = bytearray(survey_ws.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096:page * 4096 + 12] = b"\x05\x00\x00\x00\xff\xff\x00\x00\x00\x00\x00\x00"
    survey_ws.write_bytes(bytes(data))
    before = crash_logs()
    for args in (["check"], ["responses", "import", tmp_path / "a.csv", "--form", "needs_survey"],
                 ["forms", "list"]):
        result = run_cli("--lang", "zh_CN", "--workspace", survey_ws, *args)
        clean_failure(result, zh=True)
        assert "损坏" in result.stderr + result.stdout, args
    assert crash_logs() == before


def test_restore_command(tmp_path):
    ws = tmp_path / "site.fieldkit"
    assert run_cli("init", ws).returncode == 0
    backup = tmp_path / "backup.fieldkit"
    assert run_cli("--workspace", ws, "backup", "-o", backup).returncode == 0
    assert run_cli("demo", "--no-gui", "--workspace", tmp_path / "d.fieldkit").returncode == 0
    result = run_cli("--lang", "zh_CN", "restore", backup, "--workspace", ws, "--json")
    assert result.returncode == 0, result.stderr
    kept = json.loads(result.stdout)["kept"]
    assert kept and os.path.exists(kept) and ".before-restore-" in kept
    zh = run_cli("--lang", "zh_CN", "restore", backup, "--workspace", ws)
    assert zh.returncode == 0 and "恢复前的工作区已保留为" in zh.stdout
    bogus = tmp_path / "photo.jpg"
    bogus.write_bytes(b"\xff\xd8\xff" * 100)
    clean_failure(run_cli("restore", bogus, "--workspace", ws))
    from fieldkit.core.store.workspace import Workspace

    with Workspace.open(ws):
        busy = run_cli("--lang", "zh_CN", "restore", backup, "--workspace", ws)
    clean_failure(busy)
    assert "正在 fieldkit 或其他程序中打开" in busy.stderr


def test_demo_refuses_a_real_workspace(tmp_path, survey_ws):
    survey_csv(tmp_path / "a.csv", 3)
    assert run_cli("--workspace", survey_ws, "responses", "import", tmp_path / "a.csv",
                   "--form", "needs_survey").returncode == 0
    result = run_cli("demo", "--no-gui", "--workspace", survey_ws)
    clean_failure(result)
    assert "already holds data" in result.stderr
    conn = sqlite3.connect(survey_ws)
    assert conn.execute("SELECT count(*) FROM cadres").fetchone()[0] == 0
    conn.close()


def test_read_only_workspace_opens_for_reading(tmp_path, survey_ws):
    survey_ws.chmod(0o444)
    try:
        assert run_cli("--workspace", survey_ws, "check").returncode == 0
        listed = run_cli("--workspace", survey_ws, "forms", "list", "--json")
        assert listed.returncode == 0 and "needs_survey" in listed.stdout
        assert run_cli("--workspace", survey_ws, "backup", "-o", tmp_path / "b.fieldkit"
                       ).returncode == 0
        survey_csv(tmp_path / "a.csv", 3)
        write = run_cli("--lang", "zh_CN", "--workspace", survey_ws, "responses", "import",
                        tmp_path / "a.csv", "--form", "needs_survey")
        clean_failure(write, zh=True)
        assert "只读" in write.stderr
    finally:
        survey_ws.chmod(0o644)
    assert [p.name for p in tmp_path.glob("w.fieldkit*")] == ["w.fieldkit"]


def test_crash_logs_never_overwrite_each_other(tmp_path, monkeypatch):
    from fieldkit import cli

    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path))
    logs = set()
    for _ in range(5):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logs.add(cli._write_crash_log())
    assert len(logs) == 5 and all(os.path.exists(p) for p in logs)


def test_no_display_gives_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "fieldkit", "--lang", "zh_CN", "--workspace",
                             str(tmp_path / "w.fieldkit")], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "DISPLAY" in result.stderr and "桌面" in result.stderr
    assert "xcb" not in result.stderr


# -- a real full disk: a small tmpfs (needs root to mount) -------------------------------

@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "usb"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (not root); the SQLite-level disk-full "
                    "test in tests/core/test_store_integrity.py still runs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(folder):
    with open(folder / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass


def test_full_disk_import_template_init_and_backup(tmp_path, small_disk):
    ws = small_disk / "w.fieldkit"
    assert run_cli("init", ws).returncode == 0
    form = build_survey_form(tmp_path / "needs_survey.xlsx")
    assert run_cli("--workspace", ws, "forms", "import", form).returncode == 0
    big = survey_csv(tmp_path / "big.csv", 20000)
    before = crash_logs()
    result = run_cli("--lang", "zh_CN", "--workspace", ws, "responses", "import", big,
                     "--form", "needs_survey")
    clean_failure(result, zh=True)
    assert "磁盘空间不足" in result.stderr
    fill(small_disk)
    for args in (["responses", "template", "needs_survey", "-o", small_disk / "t.xlsx"],
                 ["backup", "-o", small_disk / "b.fieldkit"]):
        result = run_cli("--lang", "zh_CN", "--workspace", ws, *args)
        clean_failure(result, zh=True)
        assert "空间不足" in result.stderr, args
    result = run_cli("--lang", "zh_CN", "init", small_disk / "new.fieldkit")
    clean_failure(result, zh=True)
    (small_disk / "filler").unlink()
    names = sorted(p.name for p in small_disk.iterdir())
    assert not [n for n in names if "partial" in n or n.startswith("new") or "creating" in n]
    assert crash_logs() == before
    report = json.loads(run_cli("--workspace", ws, "check", "--json").stdout)
    assert report["ok"] and report["counts"]["responses"] == 0  # nothing half-imported
