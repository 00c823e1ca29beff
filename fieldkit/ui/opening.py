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
    """The database thread and the future of the workspace it is opening."""

    executor: WorkspaceExecutor
    future: Future


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
    return Opening(executor, executor.open(workspace, create=create))
