"""A main window over the app's full demo (questionnaires, answers and a year of work),
for the ledger's tests: import ``ledger_window`` into a test module to use it."""

import pytest

from tests_ui_helpers import open_main_window


@pytest.fixture
def ledger_window(qtbot, tmp_path):
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace

    path = tmp_path / "demo.fieldkit"
    ws = open_workspace(path, create=True)
    demo.build_demo(ws)
    ws.close()
    window, executor = open_main_window(qtbot, path)
    window.activateWindow()
    qtbot.waitActive(window)
    window.idle()
    yield window
    executor.shutdown()
