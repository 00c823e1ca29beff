"""The first-steps guide on an empty workspace: steps reflect the workspace, a step takes
the user to its page, and "don't show" is remembered for that workspace only."""

import pytest

from tests_ui_helpers import open_main_window


@pytest.fixture
def empty_window(qtbot, tmp_path):
    from fieldkit.core.store.workspace import Workspace

    path = tmp_path / "empty.fieldkit"
    Workspace.open(path, create=True).close()
    window, executor = open_main_window(qtbot, path)
    window.idle()
    yield window
    executor.shutdown()


def test_first_steps_on_an_empty_workspace(empty_window, qtbot):
    from fieldkit.core import ui_prefs
    from fieldkit.ui.welcome import PREFS_SECTION
    from fieldkit_testing import save_shot

    empty_window.show_first_steps(only_if_new=True)
    qtbot.waitUntil(lambda: getattr(empty_window, "first_steps_dialog", None) is not None)
    dialog = empty_window.first_steps_dialog
    assert dialog.isVisible()
    # nothing is done yet: the first step is the highlighted one
    assert dialog.step_buttons["cadres"].property("primary")
    save_shot(dialog, "first_steps_en")
    dialog.hide_next_time.setChecked(True)
    dialog.step_buttons["sites"].click()
    assert empty_window.pages[empty_window.sidebar.currentRow()][0] == "sites"
    assert ui_prefs.get(PREFS_SECTION, empty_window.workspace_id) is True
    empty_window.first_steps_dialog = None
    empty_window.show_first_steps(only_if_new=True)  # hidden now for this workspace
    empty_window.idle()
    assert empty_window.first_steps_dialog is None


def test_not_shown_on_start_for_a_workspace_in_use(main_window, qtbot):
    main_window.show_first_steps(only_if_new=True)
    main_window.idle()
    assert getattr(main_window, "first_steps_dialog", None) is None
    main_window.show_first_steps()  # Help → First steps… always shows it
    qtbot.waitUntil(lambda: getattr(main_window, "first_steps_dialog", None) is not None)
    dialog = main_window.first_steps_dialog
    # the demo has cadres and sites: those steps are done, the first open one is highlighted
    assert not dialog.step_buttons["cadres"].property("primary")
    assert not dialog.step_buttons["sites"].property("primary")
    dialog.close()


def test_first_steps_state_in_core(workspace):
    from fieldkit.core import overview
    from fieldkit.core.work import directory

    state = overview.first_steps(workspace, None)
    assert state["empty"] and state["cadres"] == 0 and not state["actor_known"]
    with workspace.transaction():
        cadre = workspace.insert("cadres", {"name": "韩秀兰"})
    state = overview.first_steps(workspace, cadre)
    assert state["cadres"] == 1 and state["actor_known"] and not state["empty"]
    assert directory.counts(workspace)["cadres"]["active"] == 1


def test_first_steps_in_chinese(main_window):
    from fieldkit.core import i18n
    from fieldkit.ui.welcome import FirstStepsDialog
    from fieldkit_testing import save_shot

    state = {"cadres": 3, "actor_known": False, "sites": 2, "own_forms": 0, "forms": 4,
             "responses": 0, "empty": False}
    i18n.set_language("zh_CN")
    dialog = FirstStepsDialog(main_window, state)
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "告诉 fieldkit 您是谁" in texts and "已完成" in texts
    assert dialog.step_buttons["settings"].property("primary")
    save_shot(dialog, "first_steps_zh")
    dialog.close()
