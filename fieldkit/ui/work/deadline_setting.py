"""The workspace's default deadline for short-term problems (限时办结, 15 days unless
changed), as a row for the settings page. It is stored in the workspace (core's
``ledger.set_default_deadline_days``), so every laptop merging this workspace agrees."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSpinBox
from shiboken6 import isValid

from fieldkit.core.i18n import tr
from fieldkit.core.work import ledger

SAVE_PAUSE_MS = 600


class DeadlineSetting(QSpinBox):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.setRange(1, 365)
        self.setSuffix(tr(" days"))
        self.setToolTip(tr("A short-term problem registered without a deadline gets this many "
                           "days after its registration."))
        self.setMaximumWidth(140)
        self.setEnabled(False)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_PAUSE_MS)      # typing 30 writes once, not 3 and 30
        self._save_timer.timeout.connect(self.save)
        self.valueChanged.connect(lambda _: self._save_timer.start())
        self.editingFinished.connect(self.save)
        self.reload()

    def reload(self) -> None:
        self.window_.tasks.run(ledger.default_deadline_days, self._loaded)

    def _loaded(self, days: int) -> None:
        if isValid(self):
            self.blockSignals(True)
            self.setValue(days)
            self.blockSignals(False)
            self.setEnabled(True)
            self.saved = days

    def save(self) -> None:
        self._save_timer.stop()
        days = self.value()
        if not self.isEnabled() or days == getattr(self, "saved", None):
            return
        self.saved = days
        self.window_.tasks.run(ledger.set_default_deadline_days, lambda _: None, None, days)
