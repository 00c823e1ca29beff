"""Run core work off the UI thread and get the result back on it.

``Tasks.run(fn, on_done)`` sends ``fn(workspace)`` to the single database thread
(``WorkspaceExecutor``) and calls ``on_done(result)`` on the UI thread when it finishes.
Errors arrive as ``on_error(exc)``; by default a user-facing error is shown in a message
box and anything else is reported without a traceback.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from fieldkit.core.executor import WorkspaceExecutor
from fieldkit.core.i18n import tr
from fieldkit.core.progress import CancelToken


class Tasks(QObject):
    _finished = Signal(object, object, object)  # future, on_done, on_error

    def __init__(self, executor: WorkspaceExecutor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.executor = executor
        self.pending = 0
        self.prefetched: dict[str, Future] = {}  # work begun before its page existed, by key
        self._finished.connect(self._deliver)

    def run(self, fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, *args: Any) -> Future:
        return self._track(self.executor.submit(fn, *args), on_done, on_error)

    def run_with_progress(self, parent: QWidget | None, title: str,
                          fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
                          on_error: Callable[[BaseException], None] | None = None,
                          *args: Any) -> "ProgressRun":
        """Run ``fn(workspace, *args, progress=..., cancel=...)`` behind a progress dialog
        whose Cancel button stops it; the core function checks the token between steps."""
        run = ProgressRun(parent, title)

        def finish(result: Any) -> None:
            run.close()
            if on_done is not None:
                on_done(result)

        def fail(exc: BaseException) -> None:
            run.close()
            (on_error or (lambda e: show_error(parent, e)))(exc)

        self.run(lambda ws: fn(ws, *args, progress=run.report, cancel=run.token), finish, fail)
        return run

    def open_workspace(self, path, on_done=None, on_error=None, **options: Any) -> Future:
        return self._track(self.executor.open(path, **options), on_done, on_error)

    def reopen_after(self, work: Callable[[], Any], path, on_done=None, on_error=None,
                     **options: Any) -> Future:
        """Close the workspace, run ``work()`` (a restore), reopen ``path`` (see
        ``WorkspaceExecutor.reopen_after``); ``on_done`` gets ``(result, workspace)``."""
        return self._track(self.executor.reopen_after(work, path, **options), on_done, on_error)

    def follow(self, future: Future, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Future:
        """Like ``run`` for work already sent to the database thread (``prefetched``)."""
        return self._track(future, on_done, on_error)

    def _track(self, future: Future, on_done, on_error) -> Future:
        self.pending += 1
        # the callback runs on the database thread; the signal hops to the UI thread
        future.add_done_callback(lambda f: self._finished.emit(f, on_done, on_error))
        return future

    @Slot(object, object, object)
    def _deliver(self, future: Future, on_done, on_error) -> None:
        self.pending -= 1
        exc = future.exception()
        if exc is None:
            if on_done is not None:
                on_done(future.result())
        elif on_error is not None:
            on_error(exc)
        else:
            show_error(None, exc)


def error_text(exc: BaseException) -> str:
    from fieldkit.core.store.faults import fault_for

    fault = fault_for(exc)  # disk full, read-only media, a damaged workspace: say so plainly
    if fault is not None:
        return fault.message()
    return tr("Something unexpected went wrong ({reason}). Your saved work is safe.",
              reason=f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    from PySide6.QtWidgets import QMessageBox  # dialogs: imported when first needed

    QMessageBox.warning(parent, tr("fieldkit"), error_text(exc))


class ProgressRun(QObject):
    """A progress dialog fed from the database thread through a queued signal."""

    _progress = Signal(int, int, str)

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        # Where the focus was (the field where Enter was pressed, the button clicked): it
        # goes back there when the dialog closes, so that Enter can try again after a
        # Cancel. Qt does not always hand it back from a closed modal dialog.
        self._focus = QApplication.focusWidget()
        from PySide6.QtWidgets import QProgressDialog

        self.dialog = QProgressDialog(title, tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(tr("fieldkit"))
        self.dialog.setWindowModality(Qt.WindowModal)
        self.dialog.setMinimumDuration(300)
        # Starts the 300 ms clock now: otherwise Qt shows the dialog only once the work
        # reports progress, or after its default 4 s, and reading a big sheet reports none.
        self.dialog.setValue(0)
        self.dialog.canceled.connect(self.token.cancel)
        self._progress.connect(self._update)

    def report(self, done: int, total: int, message: str) -> None:
        """Called on the database thread; the signal carries it to the UI thread."""
        self._progress.emit(done, total, message)

    @Slot(int, int, str)
    def _update(self, done: int, total: int, message: str) -> None:
        if self.dialog.wasCanceled():
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if message:
            self.dialog.setLabelText(message)

    def close(self) -> None:
        self.dialog.canceled.disconnect(self.token.cancel)
        self.dialog.reset()
        self.dialog.close()
        focus = self._focus
        if focus is not None and isValid(focus) and focus.isVisible() and focus.isEnabled():
            focus.activateWindow()
            focus.setFocus()
