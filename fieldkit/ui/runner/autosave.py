"""Never lose an answer: every change is saved as a draft within a second.

After a change the saver waits for a pause in typing (``DELAY`` ms), but never longer than
``LIMIT`` ms after the first unsaved change, then sends a copy of the answers to the
database thread. Saves run in order on that one thread, so the last one always wins.
"""

from __future__ import annotations

import copy
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from fieldkit.core.i18n import tr
from fieldkit.ui.runner import ops
from fieldkit.ui.tasks import error_text

DELAY = 500
LIMIT = 1000
RETRY = 3000


class Autosaver(QObject):
    status = Signal(str, bool)     # text for the status line, True when it is a problem
    saved = Signal()
    stored = Signal()              # one save came back (others may still be on their way)

    def __init__(self, tasks, snapshot: Callable[[], tuple[str, dict[str, Any], str | None]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.snapshot = snapshot        # () -> (response_id, answers, site_id)
        self.dirty = False
        self.in_flight = 0
        self.enabled = True
        self._dirty_since = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    @property
    def idle(self) -> bool:
        """Nothing waiting to be saved and nothing being saved."""
        return not self.dirty and self.in_flight == 0

    def changed(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.dirty:
            self.dirty = True
            self._dirty_since = now
        waited = int((now - self._dirty_since) * 1000)
        self._timer.start(max(0, min(DELAY, LIMIT - waited)))

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self._timer.stop()
        if not self.dirty or not self.enabled:
            return
        response_id, answers, site_id = self.snapshot()
        self.dirty = False
        self.in_flight += 1
        self.status.emit(tr("Saving…"), False)
        self.tasks.run(ops.save, self._done, self._failed, response_id,
                       copy.deepcopy(answers), site_id)

    def _done(self, _changes) -> None:
        self.in_flight -= 1
        self.stored.emit()
        if self.idle:
            self.status.emit(tr("All answers saved at {time}", time=time.strftime("%H:%M:%S")),
                             False)
            self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        self.in_flight -= 1
        self.dirty = True
        self.status.emit(tr("Not saved: {reason}. Trying again…", reason=error_text(exc)), True)
        self._timer.start(RETRY)
