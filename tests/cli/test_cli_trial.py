"""A new user's hostile trial of the command line: each defect found keeps a test here."""

import os
import subprocess
import sys


def test_a_listing_piped_into_head_ends_quietly(demo_workspace, tmp_path):
    """``fieldkit problems list | head -1``: the reader closes the pipe early; fieldkit must
    not report an "unexpected problem" nor write a crash log."""
    data = tmp_path / "data"
    env = {**os.environ, "FIELDKIT_DATA_DIR": str(data)}
    for command in (["problems", "list"], ["activities", "list"], ["interviews", "list"]):
        child = subprocess.Popen([sys.executable, "-m", "fieldkit", "--workspace",
                                  str(demo_workspace.path), *command],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        child.stdout.close()  # like head once it has its line: the pipe's reader is gone
        stderr = child.stderr.read().decode("utf-8")
        child.wait(timeout=60)
        assert "unexpected" not in stderr and "Traceback" not in stderr, stderr
    assert not (data / "logs").exists() or not list((data / "logs").iterdir())


def test_exporting_responses_to_a_folder_says_it_is_a_folder(tmp_path):
    from fieldkit_testing import run_cli

    workspace = tmp_path / "w.fieldkit"
    assert run_cli("init", workspace).returncode == 0
    folder = tmp_path / "exports"
    folder.mkdir()
    for lang, words in (("en", "is a folder"), ("zh_CN", "是一个文件夹")):
        done = run_cli("--lang", lang, "--workspace", workspace, "responses", "export",
                       "frontline_needs", "-o", folder)
        assert done.returncode == 1 and words in done.stderr, done.stderr
    assert list(folder.iterdir()) == []


def test_findings_longer_than_a_report_holds_are_refused_quickly(tmp_path):
    """A whole book given as --findings (1 MB) would take the PDF writer the better part of
    an hour; it is refused at once, in the user's language, and nothing is written."""
    from fieldkit_testing import run_cli

    workspace = tmp_path / "w.fieldkit"
    assert run_cli("init", workspace).returncode == 0
    findings = tmp_path / "findings.txt"
    findings.write_text("职工反映宿舍热水不足。" * 20_000, encoding="utf-8")
    for lang, words in (("en", "at most 100000 characters"), ("zh_CN", "最多 100000 个字符")):
        done = run_cli("--lang", lang, "--workspace", workspace, "report", "work",
                       "--period", "2024", "-o", tmp_path / "w.pdf", "--findings", findings)
        assert done.returncode == 1 and words in done.stderr, done.stderr
    assert not (tmp_path / "w.pdf").exists()


def test_stored_escape_sequences_do_not_reach_a_terminal(tmp_path):
    """A note holding an ESC sequence (written before control characters were left out, or
    synced from elsewhere) recoloured the terminal of whoever ran ``interviews show``."""
    import pty

    from fieldkit.core.store.workspace import Workspace
    from fieldkit_testing import run_cli

    path = tmp_path / "w.fieldkit"
    assert run_cli("init", path).returncode == 0
    ws = Workspace.open(path)
    with ws.transaction():  # as an older fieldkit stored it, past today's checks
        note = ws.insert("interview_notes", {"title": "老李", "body": "暑期\x1b[31m托管\x07难",
                                             "created_at": "2024-07-15T10:00:00+08:00"})
    ws.close()
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "fieldkit", "--workspace", str(path),
                              "interviews", "show", note[:8]], stdout=slave,
                             stderr=subprocess.PIPE)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    child.wait(timeout=60)
    os.close(master)
    text = shown.decode("utf-8")
    assert "暑期[31m托管难" in text and "\x1b" not in text and "\x07" not in text, text
    piped = run_cli("--workspace", path, "interviews", "show", note[:8])
    assert "暑期\x1b[31m托管\x07难" in piped.stdout  # a file or pipe gets the text as stored
