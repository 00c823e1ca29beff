"""Holding off Python's cyclic garbage collector during bulk work.

Reading a form or a survey sheet creates hundreds of thousands of small objects (cells,
rows, questions, answers), none of them garbage. Each few hundred allocations trigger a
collection that walks the young objects, and now and then the whole heap of the running
application; together that is a tenth of the work. Plain reference counting still frees
everything as usual, and the collector catches up when the pause ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Restores the previous state, so nesting (or another thread doing the same) is
    harmless."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
