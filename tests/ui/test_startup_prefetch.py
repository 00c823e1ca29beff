"""At start-up the dashboard's figures are computed on the database thread while the window
is being built (``fieldkit.ui.opening``); the dashboard shows them as if it had asked."""

from fieldkit.core import demo
from fieldkit.core.store.workspace import Workspace


def test_the_dashboard_shows_the_figures_computed_while_the_window_was_built(qtbot, tmp_path):
    from fieldkit.ui.app import create_application
    from fieldkit.ui.dashboard import ops
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.opening import start_opening
    from fieldkit.ui.tasks import Tasks

    path = tmp_path / "demo.fieldkit"
    with Workspace.open(path, create=True) as ws:
        demo.build_demo(ws)
    create_application()
    opening = start_opening(path, explicit_workspace=True)
    try:
        tasks = Tasks(opening.executor)
        ws = opening.future.result(30)
        figures = opening.dashboard.result(30)
        expected = opening.executor.submit(ops.dashboard, None).result(30)
        assert figures["kpis_year"] == expected["kpis_year"] and figures["chart"]

        tasks.prefetched["dashboard"] = opening.dashboard
        window = MainWindow(tasks, ws.path, ws.workspace_id)
        qtbot.addWidget(window)
        window.show()
        assert tasks.prefetched == {}          # taken by the dashboard's first refresh
        qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
        page = window.page("dashboard")
        assert page.data is not None and page.data["kpis_year"] == expected["kpis_year"]
        assert page.tiles["overdue"].value.text() == str(expected["kpis_month"]["overdue"])

        page.refresh()                         # later refreshes ask the database again
        qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
        assert page.data["kpis_year"] == expected["kpis_year"]
    finally:
        opening.executor.shutdown()


def test_a_prefetch_without_a_workspace_fails_quietly(tmp_path):
    """No workspace opened (a bad file): the figures' future fails, nothing waits on it."""
    from fieldkit.ui.opening import start_opening

    bogus = tmp_path / "photo.fieldkit"
    bogus.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 500)
    opening = start_opening(bogus, explicit_workspace=True)
    try:
        assert opening.future.exception(30) is not None
        assert isinstance(opening.dashboard.exception(30), RuntimeError)
    finally:
        opening.executor.shutdown()
    assert bogus.read_bytes()[:4] == b"\xff\xd8\xff\xe0"
