import pytest

from tests_ui_helpers import open_main_window


@pytest.fixture
def main_window(qtbot, tmp_path):
    """The main window on a fresh demo workspace, with the database on its own thread."""
    from fieldkit.core import demo
    from fieldkit.core.store.workspace import Workspace

    path = tmp_path / "demo.fieldkit"
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)
    window, executor = open_main_window(qtbot, path)
    window.activateWindow()
    qtbot.waitActive(window)
    window.idle()
    yield window
    executor.shutdown()
