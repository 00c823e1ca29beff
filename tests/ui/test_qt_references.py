"""The Qt bindings must not drop references they do not own.

PySide6 6.12.0 releases a reference to None on every call that returns nothing (click,
setChecked, processEvents...) and to True on every signal emit. Where None and True are
immortal (Python 3.12+) that is harmless; on Python 3.11 their counts run down, and a
cadre typing answers for an hour would see the program abort ("deallocating None").
pyproject.toml keeps that release off Python 3.11; this test is the tripwire."""

import gc
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton


class _Emitter(QObject):
    changed = Signal(bool)


def _counts() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_void_calls_and_signals_keep_none_and_true_alive(qtbot):
    app = QApplication.instance()
    button, box, emitter = QPushButton(), QCheckBox(), _Emitter()
    qtbot.addWidget(button)
    qtbot.addWidget(box)
    seen = []
    button.clicked.connect(lambda: seen.append(1))
    box.toggled.connect(lambda on: None)
    emitter.changed.connect(lambda on: None)
    before = _counts()
    for _ in range(500):
        button.click()
        box.setChecked(not box.isChecked())
        emitter.changed.emit(True)
        app.processEvents()
    after = _counts()
    assert len(seen) == 500
    # A few references may be held by caches; hundreds lost means the bindings drop them.
    assert all(a - b > -20 for a, b in zip(after, before)), (before, after)
