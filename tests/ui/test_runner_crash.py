"""A real crash: a child process types answers into the runner and is killed with SIGKILL.

Every answer saved before the kill must be in the workspace, the workspace must be intact,
and the next start must offer the draft and restore the answers into the widgets.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt

from fieldkit_testing import REPO
from tests_ui_helpers import open_main_window

CHILD = r"""
import json, os, sys, time
sys.path[:0] = [{repo!r}, {tests_ui!r}]
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from fieldkit.core import responses
from fieldkit.core.executor import WorkspaceExecutor
from fieldkit.ui.app import create_application
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.runner import open_runner
from fieldkit.ui.tasks import Tasks
from tests_ui_helpers import type_text

app = create_application()
executor = WorkspaceExecutor()
tasks = Tasks(executor)
ws = executor.open(Path({path!r})).result(10)
window = MainWindow(tasks, ws.path, ws.workspace_id)
window.show()
runner = open_runner(window, form_id="frontline_needs")

def wait(condition, timeout=10):
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.005)

class Bot:  # the few qtbot calls type_text needs
    def keyClicks(self, widget, text):
        QTest.keyClicks(widget, text)

def focused():
    return QApplication.focusWidget()

wait(lambda: runner.view is not None)
runner.activateWindow()
wait(lambda: runner.view.navigator.current is not None)
QTest.keyClick(focused(), Qt.Key_3)            # port
QTest.keyClick(focused(), Qt.Key_Return)
type_text(Bot(), focused(), "洋山港四期")
QTest.keyClick(focused(), Qt.Key_Return)
type_text(Bot(), focused(), "上海浦东")
QTest.keyClick(focused(), Qt.Key_Return)
QTest.keyClick(focused(), Qt.Key_1)            # gender
QTest.keyClick(focused(), Qt.Key_Return)
QTest.keyClick(focused(), Qt.Key_2)            # age group
wait(lambda: runner.autosave.idle)

def stored():
    return executor.submit(lambda w: responses.get(w, runner.response_id)).result(10)["answers"]

wait(lambda: stored().get("age_group") == "age_25_34")
print("SAVED " + json.dumps({{"id": runner.response_id, "answers": stored()}}, ensure_ascii=False),
      flush=True)
QTest.keyClick(focused(), Qt.Key_Return)
runner.view.navigator.focus_path(("suggestions",))
while True:                                     # keep typing until killed
    type_text(Bot(), focused(), "食堂")
    for _ in range(5):
        app.processEvents()
        time.sleep(0.01)
"""


@pytest.mark.slow
def test_kill_while_typing_loses_nothing_saved_and_offers_the_draft(qtbot, tmp_path):
    from fieldkit.core import demo, responses
    from fieldkit.core.store.workspace import Workspace

    path = tmp_path / "crash.fieldkit"
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(repo=str(REPO), tests_ui=str(REPO / "tests" / "ui"),
                                   path=str(path)), encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, encoding="utf-8",
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        line = child.stdout.readline()
        assert line.startswith("SAVED "), line + child.stderr.read()
        before = json.loads(line[len("SAVED "):])
        time.sleep(1.6)                              # typing (and autosaving) goes on
        assert child.poll() is None, child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Workspace.open(path) as ws:
        drafts = responses.open_drafts(ws)
        assert before["id"] in [d["id"] for d in drafts]
        answers = responses.get(ws, before["id"])["answers"]
    for name in ("site_type", "site_name", "site_region", "gender", "age_group", "start"):
        assert answers[name] == before["answers"][name], name
    assert answers["site_name"] == "洋山港四期"

    # the next start offers the draft; continuing it restores the answers into the widgets
    from fieldkit.ui.runner import offer_open_drafts

    window, executor = open_main_window(qtbot, path)
    try:
        offer_open_drafts(window)
        qtbot.waitUntil(lambda: getattr(window, "drafts_dialog", None) is not None, timeout=5000)
        dialog = window.drafts_dialog
        assert dialog.isVisible() and not dialog.isModal()
        assert before["id"] in dialog.draft_ids()
        dialog.list.setCurrentRow(dialog.draft_ids().index(before["id"]))
        dialog.list.setFocus()
        qtbot.keyClick(dialog.list, Qt.Key_Return)
        runner = dialog.runner
        qtbot.waitUntil(lambda: runner.view is not None, timeout=10000)
        view = runner.view
        assert view.row(("site_name",)).input.edit.text() == "洋山港四期"
        assert view.row(("site_region",)).input.edit.text() == "上海浦东"
        assert [b.isChecked() for b in view.row(("site_type",)).input.buttons][2]
        assert view.row(("age_group",)).input.value() == "age_25_34"
        typed = answers.get("suggestions", "")
        assert typed.startswith("食堂食堂")             # saved while typing went on
        assert view.row(("suggestions",)).input.value() == typed
        runner.close()
        qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=5000)
    finally:
        executor.shutdown()
