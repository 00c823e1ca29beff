"""One thread that owns the workspace connection and runs all database work.

A SQLite connection belongs to the thread that opened it, and fieldkit writes from one
place only, so the desktop app sends every read and write here and never blocks its UI
thread on the database. Qt-free: the UI wraps the returned futures in signals.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Callable

from fieldkit.core.setup import open_workspace
from fieldkit.core.store.workspace import Workspace

_STOP = object()


class WorkspaceExecutor:
    """Runs ``fn(workspace, *args)`` calls one after another on a dedicated writer thread."""

    def __init__(self) -> None:
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="fieldkit-db", daemon=True)
        self._workspace: Workspace | None = None
        self._thread.start()

    @property
    def workspace(self) -> Workspace | None:
        """The open workspace; only touch it from inside a submitted function."""
        return self._workspace

    def open(self, path: str | Path, **options: Any) -> Future:
        """Open (and close any previous) workspace on the worker thread."""
        def do_open(_: Any) -> Workspace:
            if self._workspace is not None:
                self._workspace.close()
                self._workspace = None
            self._workspace = open_workspace(path, **options)
            return self._workspace
        return self._submit(do_open, needs_workspace=False)

    def reopen_after(self, work: Callable[[], Any], path: str | Path, **options: Any) -> Future:
        """Close the open workspace, run ``work()`` (which may replace its file, as a
        restore does), then open ``path``; the result is ``(work's result, workspace)``.
        If ``work`` fails, ``path`` is opened again as it was and the error is raised."""
        def do(_: Any) -> Any:
            if self._workspace is not None:
                self._workspace.close()
                self._workspace = None
            try:
                result = work()
            except BaseException:
                try:
                    self._workspace = open_workspace(path, **options)
                except Exception:
                    pass
                raise
            self._workspace = open_workspace(path, **options)
            return result, self._workspace
        return self._submit(do, needs_workspace=False)

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        return self._submit(lambda ws: fn(ws, *args, **kwargs), needs_workspace=True)

    def _submit(self, call: Callable[[Any], Any], needs_workspace: bool) -> Future:
        future: Future = Future()
        self._queue.put((call, future, needs_workspace))
        return future

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            call, future, needs_workspace = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                if needs_workspace and self._workspace is None:
                    raise RuntimeError("no workspace is open")
                future.set_result(call(self._workspace))
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None

    def shutdown(self, timeout: float = 10.0) -> None:
        """Finish queued work, close the workspace, stop the thread."""
        self._queue.put(_STOP)
        self._thread.join(timeout)
