"""The desktop app's start-up path: the workspace opens while Qt loads, and Python's cyclic
garbage collector, paused while the app starts, runs again once the window is up (and for
every command)."""

import gc
import os
import subprocess
import sys

import pytest

from fieldkit.core.store.workspace import Workspace

# run fieldkit as ``python -m fieldkit`` does, then say how the collector was left
PROBE = """
import atexit, gc, runpy, sys
atexit.register(lambda: print("collector", gc.isenabled(), gc.get_freeze_count() > 0))
sys.argv = ["fieldkit"] + sys.argv[1:]
runpy.run_module("fieldkit", run_name="__main__")
"""


def _probe(tmp_path, *args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "FIELDKIT_CONFIG_DIR": str(tmp_path / "cfg"), "FIELDKIT_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_the_collector_runs_again_once_the_window_is_up(tmp_path):
    path = tmp_path / "w.fieldkit"
    Workspace.open(path, create=True).close()
    result = _probe(tmp_path, "--workspace", path, "--quit-after-show")
    assert result.returncode == 0, result.stderr
    assert "collector True True" in result.stdout   # enabled, start-up's objects set aside


def test_a_command_runs_with_the_collector(tmp_path):
    path = tmp_path / "w.fieldkit"
    result = _probe(tmp_path, "init", path)           # __main__ paused it before reading argv
    assert result.returncode == 0, result.stderr
    assert "collector True False" in result.stdout


def test_a_workspace_that_fails_to_open_leaves_the_collector_on(tmp_path):
    bogus = tmp_path / "photo.fieldkit"
    bogus.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 500)
    result = _probe(tmp_path, "--workspace", bogus, "--quit-after-show")
    assert result.returncode == 1 and "not a fieldkit workspace" in result.stderr
    assert "collector True" in result.stdout


def test_main_turns_the_collector_on_for_a_command(tmp_path, capsys):
    from fieldkit.cli import main

    gc.disable()
    try:
        assert main(["init", str(tmp_path / "x.fieldkit")]) == 0
        assert gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("explicit", [False, True])
def test_opening_creates_the_default_folder_only(tmp_path, explicit):
    from fieldkit.ui.opening import start_opening

    target = tmp_path / "new" / "folder" / "w.fieldkit"
    if explicit:   # a folder the user named must exist: the opening fails, it is not made
        opening = start_opening(target, explicit_workspace=True)
        with pytest.raises(Exception):
            opening.future.result(30)
        opening.executor.shutdown()
        assert not target.parent.exists()
    else:
        opening = start_opening(target)
        ws = opening.future.result(30)
        assert ws.path == target and target.exists()
        opening.executor.shutdown()


def test_opening_imports_no_qt():
    """It runs before Qt loads, so that the two overlap."""
    code = "import sys, fieldkit.ui.opening; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
