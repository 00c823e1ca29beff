"""Hybrid logical clock: timestamps that sort in causal order across devices.

A stamp is wall-clock milliseconds plus a counter plus the device id, written as one
fixed-width string so SQL ``ORDER BY`` and ``max()`` sort it correctly. If the laptop's
clock jumps backwards (a flat CMOS battery, a time zone mix-up), stamps keep increasing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

_MAX_COUNTER = 0xFFFF


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.millis:013d}-{self.counter:04x}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> "Stamp":
        millis, counter, device = text.split("-", 2)
        return cls(int(millis), int(counter, 16), device)


class HybridClock:
    def __init__(self, device: str, wall=None) -> None:
        self.device = device
        self._wall = wall or (lambda: int(time.time() * 1000))
        self._last = Stamp(0, 0, device)
        self._lock = threading.Lock()

    def observe(self, stamp: str | Stamp | None) -> None:
        """Move the clock past a stamp seen in the workspace or from another device."""
        if not stamp:
            return
        other = Stamp.parse(stamp) if isinstance(stamp, str) else stamp
        with self._lock:
            if (other.millis, other.counter) > (self._last.millis, self._last.counter):
                self._last = Stamp(other.millis, other.counter, self.device)

    def now(self) -> str:
        with self._lock:
            wall = self._wall()
            if wall > self._last.millis:
                self._last = Stamp(wall, 0, self.device)
            elif self._last.counter < _MAX_COUNTER:
                self._last = Stamp(self._last.millis, self._last.counter + 1, self.device)
            else:
                self._last = Stamp(self._last.millis + 1, 0, self.device)
            return str(self._last)
