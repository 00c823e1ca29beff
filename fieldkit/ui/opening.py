"""Start opening the workspace before Qt is loaded (no Qt import here).

Opening a workspace checks it and recovers an interrupted write-ahead log: file work that
waits on the disk (fsync) for about ten milliseconds. Begun on the database thread first,
it runs while the main thread loads Qt, and ``fieldkit.ui.app.run`` still waits for it
before the window shows, so nothing is shown on a workspace that is not ready.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from fieldkit.core.executor import WorkspaceExecutor


@dataclass
class Opening:
    """The database thread, the future of the workspace it is opening and of the first
    page's figures, computed next, while the window is being built."""

    executor: WorkspaceExecutor
    future: Future
    dashboard: Future | None = None


def first_figures(ws):
    """The dashboard's figures for the cadre this computer works as (what its first
    ``refresh`` would ask for)."""
    from fieldkit.core import settings
    from fieldkit.ui.dashboard import ops  # Qt-free: the page's database-thread function

    return ops.dashboard(ws, settings.load().cadre_for(ws.workspace_id))


def start_opening(workspace: Path, explicit_workspace: bool = False) -> Opening:
    """Open ``workspace`` on a new database thread, creating it on first run (and its
    folder, for the default workspace; a folder the user named must exist)."""
    executor = WorkspaceExecutor()
    create = not workspace.exists()
    try:
        if create and not explicit_workspace:
            workspace.parent.mkdir(parents=True, exist_ok=True)
    except BaseException:
        executor.shutdown()
        raise
    opened = executor.open(workspace, create=create)
    return Opening(executor, opened, executor.submit(first_figures))
