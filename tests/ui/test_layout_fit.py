"""Every page fits a cheap laptop's screen: 1366×768 and 1280×720, less a taskbar.

For each page: the window can be that small (its minimum size allows it), and at that
size every visible button and input lies wholly inside the window (nothing cut off at the
right or bottom edge). The questionnaire runner, a window of its own, too.
"""

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit,
                               QWidget)

from fieldkit_testing import save_shot

TASKBAR = 40
SIZES = [(1366, 768 - TASKBAR), (1280, 720 - TASKBAR)]
CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)


def _cut_off(window: QWidget) -> list[str]:
    frame = QRect(QPoint(0, 0), window.size())
    out = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        if widget.window() is not window:
            continue
        # controls inside a scroll area may lie beyond the window: they scroll into view
        if _in_scroll_area(widget):
            continue
        top_left = widget.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        if not frame.contains(rect):
            out.append(f"{type(widget).__name__} “{_text(widget)}” at {rect.getRect()}")
    return out


def _in_scroll_area(widget: QWidget) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _text(widget: QWidget) -> str:
    for attribute in ("text", "currentText", "placeholderText"):
        value = getattr(widget, attribute, None)
        if callable(value):
            return value()
    return ""


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_fits_a_small_laptop(main_window, language):
    if language != "en":
        main_window.retranslate(language)
    problems = []
    for width, height in SIZES:
        main_window.resize(width, height)
        for index, (key, _title, _factory) in enumerate(main_window.pages):
            main_window.sidebar.setCurrentRow(index)
            main_window.idle()
            hint = main_window.minimumSizeHint()
            if hint.width() > width or hint.height() > height:
                problems.append(f"{key} at {width}×{height}: needs at least "
                                f"{hint.width()}×{hint.height()}")
            if main_window.size().width() > width or main_window.size().height() > height:
                problems.append(f"{key} at {width}×{height}: the window grew to "
                                f"{main_window.width()}×{main_window.height()}")
            problems += [f"{key} at {width}×{height}: {p}" for p in _cut_off(main_window)]
        save_shot(main_window, f"fit-{width}x{height}-{language}")
    assert not problems, "\n".join(problems)


def test_runner_fits_a_small_laptop(main_window, qtbot):
    from fieldkit.ui.runner import open_runner

    runner = open_runner(main_window, form_id="frontline_needs")
    qtbot.waitUntil(lambda: getattr(runner, "view", None) is not None, timeout=10000)
    main_window.idle()
    problems = []
    for width, height in SIZES:
        runner.resize(width, height)
        main_window.idle()
        hint = runner.minimumSizeHint()
        if hint.width() > width or hint.height() > height:
            problems.append(f"runner needs {hint.width()}×{hint.height()}")
        problems += [f"runner at {width}×{height}: {p}" for p in _cut_off(runner)]
    save_shot(runner, "fit-runner-1280x680")
    runner.close()
    assert not problems, "\n".join(problems)

