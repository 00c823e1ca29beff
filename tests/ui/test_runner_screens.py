"""Screenshots of the runner in Chinese and English (FIELDKIT_SCREENSHOTS=dir keeps them)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from fieldkit_testing import save_shot

from test_runner import answer, go_to, open_new, press, type_here, wait_saved


def not_blank(path):
    image = QImage(str(path))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23)
               for y in range(0, image.height(), 19)}
    return image.width() >= 500 and len(colours) > 5


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_runner_screens(qtbot, main_window, language):
    main_window.retranslate(language)
    main_window.idle()
    runner = open_new(qtbot, main_window, "frontline_needs")
    runner.view.finish_building()
    press(qtbot, Qt.Key_7)
    press(qtbot, Qt.Key_Return)
    answer(qtbot, "临时板房工地")
    answer(qtbot, "川藏铁路3标段")
    go_to(qtbot, runner, ("years_in_job",))
    type_here(qtbot, "80")                                  # a constraint message
    wait_saved(qtbot, runner)
    qtbot.wait(50)
    assert not_blank(save_shot(runner, f"runner-{language}"))
    go_to(qtbot, runner, ("site_type",))
    qtbot.wait(50)
    assert not_blank(save_shot(runner, f"runner-top-{language}"))
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)           # refused: the problems list
    qtbot.wait(50)
    assert not_blank(save_shot(runner, f"runner-problems-{language}"))
    press(qtbot, Qt.Key_Return)
    runner.paper.setChecked(True)
    qtbot.wait(50)
    assert not_blank(save_shot(runner, f"runner-paper-{language}"))
    runner.paper.setChecked(False)
    runner.close()

    runner = open_new(qtbot, main_window, "altitude_health")
    go_to(qtbot, runner, ("has_monitor",))
    press(qtbot, Qt.Key_1)
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_Space)
    qtbot.waitUntil(lambda: ("readings", 0) in runner.view.nodes)
    answer(qtbot, "2024-12-01", then=Qt.Key_Tab)
    answer(qtbot, "07:30")
    press(qtbot, Qt.Key_2)
    press(qtbot, Qt.Key_Return)
    answer(qtbot, "82")
    qtbot.wait(50)
    assert not_blank(save_shot(runner, f"runner-repeat-{language}"))
    press(qtbot, Qt.Key_H, Qt.ControlModifier)
    qtbot.waitUntil(lambda: runner.history.tree.topLevelItemCount() == 1, timeout=5000)
    assert not_blank(save_shot(runner.history, f"runner-history-{language}"))
    runner.history.reject()
    from fieldkit.ui.runner import offer_open_drafts
    offer_open_drafts(main_window)
    qtbot.waitUntil(lambda: getattr(main_window, "drafts_dialog", None) is not None)
    assert not_blank(save_shot(main_window.drafts_dialog, f"runner-drafts-{language}"))
    main_window.drafts_dialog.reject()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_finalised_response_screen(qtbot, main_window, language):
    from test_runner_widgets import open_widgets

    main_window.retranslate(language)
    main_window.idle()
    runner = open_widgets(qtbot, main_window)
    press(qtbot, Qt.Key_3)
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: runner.read_only, timeout=5000)
    qtbot.wait(50)
    assert runner.edit_button.isVisible()
    assert not_blank(save_shot(runner, f"runner-finalised-{language}"))
