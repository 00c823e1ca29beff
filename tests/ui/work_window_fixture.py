"""A main window on the full demo (questionnaires and a year of work), for the activities
page and the work dashboard. Import the fixture into a test module to use it."""

import pytest

from tests_ui_helpers import open_main_window


@pytest.fixture
def work_window(qtbot, tmp_path):
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace

    path = tmp_path / "work.fieldkit"
    ws = open_workspace(path, create=True)      # with the built-in questionnaires, so the
    try:                                        # demo adds its year of work
        demo.build_demo(ws)
    finally:
        ws.close()
    window, executor = open_main_window(qtbot, path)
    window.activateWindow()
    qtbot.waitActive(window)
    window.idle()
    yield window
    executor.shutdown()


def in_db(window, fn, *args):
    """Run ``fn(ws, *args)`` on the window's database thread and return its result."""
    return window.tasks.executor.submit(fn, *args).result(10)
