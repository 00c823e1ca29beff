"""Progress reporting and cancellation for long core work.

Core functions take ``progress`` (a plain callable ``(done, total, message)``) and a
``CancelToken``. They are Qt-free; the UI adapts them to progress bars and a Cancel
button, the CLI to nothing or a line on stderr.
"""

from __future__ import annotations

import threading
from typing import Callable, Optional

from fieldkit.core.errors import Cancelled
from fieldkit.core.i18n import N_

ProgressCallback = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """The default callback: report nothing."""


class CancelToken:
    """Set from any thread; checked by the worker between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled(N_("Cancelled. Nothing was changed."))


class Progress:
    """Helper for core loops: throttles callbacks and checks the cancel token.

    The callback runs each time ``done`` reaches the next multiple of ``every`` (and at
    the end), however far a step jumps: a loop over columns may advance a thousand rows at
    a time. Each report wakes the window, which then waits for this thread, so a loop
    asks for a few dozen reports, not one per step; Cancel is checked on every step."""

    def __init__(self, total: int, callback: Optional[ProgressCallback] = None,
                 cancel: Optional[CancelToken] = None, every: int = 1) -> None:
        self.total = total
        self.callback = callback or no_progress
        self.cancel = cancel or CancelToken()
        self.every = max(1, every)
        self._next = self.every

    def step(self, done: int, message: str = "") -> None:
        self.cancel.raise_if_cancelled()
        if done >= self._next or done == self.total:
            self._next = (done // self.every + 1) * self.every
            self.callback(done, self.total, message)


def run_cancellable(work: Callable[[], object], cancel: Optional[CancelToken],
                    poll: float = 0.05) -> object:
    """``work()``, on a helper thread, while this thread watches ``cancel``: for native work
    that cannot look at a token itself (python-calamine parsing a large sheet, which
    releases the GIL). On cancel this returns at once with ``Cancelled``; the helper runs to
    its end in the background and its result is dropped."""
    if cancel is None:
        return work()
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the waiting thread
            outcome["error"] = exc
        finally:
            finished.set()

    threading.Thread(target=run, name="fieldkit-native-work", daemon=True).start()
    while not finished.wait(poll):
        cancel.raise_if_cancelled()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]
