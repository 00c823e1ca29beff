import pytest


@pytest.fixture
def main_window(qtbot, tmp_path):
    """The main window on a fresh demo workspace, with the database on its own thread."""
    from fieldkit.core import demo
    from fieldkit.core.executor import WorkspaceExecutor
    from fieldkit.core.workspace import Workspace
    from fieldkit.ui.app import create_application
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.tasks import Tasks

    path = tmp_path / "demo.fieldkit"
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)
    create_application()
    executor = WorkspaceExecutor()
    tasks = Tasks(executor)
    ws = executor.open(path).result(10)
    window = MainWindow(tasks, ws.path, ws.workspace_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    window.idle = lambda: qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    window.idle()
    yield window
    executor.shutdown()
