"""Small fixes to the runner from issue 13: legible read-only answers, the header, drafts."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QComboBox, QRadioButton

from fieldkit.core import responses
from fieldkit.ui.runner import open_runner
from fieldkit_testing import save_shot
from test_runner import wait_loaded


def _complete_frontline(main_window) -> str:
    """A finalised response (stored as finalised, bypassing the form's required questions)."""
    def make(ws):
        rid = responses.start(ws, "frontline_needs",
                              answers={"site_type": "port", "site_name": "天津港"})
        with ws.transaction():
            ws.update("responses", rid, {"status": "complete"})
        return rid
    return main_window.tasks.executor.submit(make).result(10)


def _legible(widget) -> bool:
    palette = widget.palette()
    return all(palette.color(QPalette.Disabled, role) == palette.color(QPalette.Active, role)
               for role in (QPalette.WindowText, QPalette.ButtonText, QPalette.Text))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_finalised_answer_reads_as_clearly_as_an_editable_one(qtbot, main_window, language):
    main_window.retranslate(language)
    main_window.idle()
    runner = wait_loaded(qtbot, open_runner(main_window, response_id=_complete_frontline(main_window)))
    assert runner.read_only
    chosen = [b for b in runner.findChildren(QRadioButton) + runner.findChildren(QCheckBox)
              if b.isChecked() and b.isVisible()]
    assert chosen
    for button in chosen:
        assert _legible(button), button.text()
    before = dict(runner.session.answers)
    unchosen = next(b for b in runner.findChildren(QRadioButton)
                    if not b.isChecked() and b.isVisible())
    qtbot.mouseClick(unchosen, Qt.LeftButton)
    assert not unchosen.isChecked() and runner.session.answers == before
    for combo in runner.findChildren(QComboBox):
        if combo.isVisible() and not combo.isEnabled() and combo.parent() is not runner.header:
            assert _legible(combo)
    save_shot(runner, f"polish_runner_read_only_{language}")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_header_pickers_are_spaced_named_and_no_review_on_a_draft(qtbot, main_window, language):
    main_window.retranslate(language)
    main_window.idle()
    runner = wait_loaded(qtbot, open_runner(main_window, form_id="frontline_needs"))
    header = runner.header
    box = header.language
    assert [box.itemText(i) for i in range(box.count())] == ["中文", "English"]
    assert box.itemData(0) == "中文 (zh)"                     # the form's own name, kept
    review_label, review_box = header.pickers["review"]
    assert not review_label.isVisible() and not review_box.isVisible()   # a draft
    runner.view.finish_building()
    qtbot.wait(100)                                          # let the rows be laid out
    save_shot(runner, f"polish_runner_draft_header_{language}")
    finalised = wait_loaded(qtbot, open_runner(main_window,
                                               response_id=_complete_frontline(main_window)))
    header = finalised.header
    assert header.pickers["review"][1].isVisible()
    previous_right = None
    for label, combo in header.pickers.values():
        assert label.geometry().right() < combo.geometry().left()
        if previous_right is not None:
            assert label.geometry().left() - previous_right >= 16   # "▾Language" no more
        previous_right = combo.geometry().right()
    save_shot(header, f"polish_runner_header_{language}")


def test_language_captions():
    from fieldkit.ui.runner.header import language_caption
    assert language_caption("中文 (zh)") == "中文"
    assert language_caption("English (en)") == "English"
    assert language_caption("zh") == "中文"
    assert language_caption("Français (fr)") == "Français"
    assert language_caption("default") == "default"


def _drafts(main_window, form_id="frontline_needs"):
    return main_window.tasks.executor.submit(lambda ws: [
        dict(r) for r in ws.query("SELECT id, deleted, answers FROM responses WHERE form_id = ?",
                                  (form_id,))]).result(10)


def test_opening_a_form_stores_nothing_until_the_first_answer(qtbot, main_window):
    from test_runner import go_to, type_here, wait_saved
    runner = wait_loaded(qtbot, open_runner(main_window, form_id="frontline_needs"))
    qtbot.wait(1500)                       # longer than the autosave's limit
    main_window.idle()
    assert runner.response_id is None and _drafts(main_window) == []
    go_to(qtbot, runner, ("site_name",))
    type_here(qtbot, "川藏铁路")
    wait_saved(qtbot, runner)
    type_here(qtbot, "3标段")
    wait_saved(qtbot, runner)
    qtbot.waitUntil(lambda: runner.response_id is not None, timeout=3000)
    stored = _drafts(main_window)
    assert len(stored) == 1 and stored[0]["id"] == runner.response_id   # one draft, not two
    assert "川藏铁路3标段" in stored[0]["answers"]
    # closing an untouched form leaves nothing behind either
    untouched = wait_loaded(qtbot, open_runner(main_window, form_id="frontline_needs"))
    untouched.close()
    main_window.idle()
    assert len(_drafts(main_window)) == 1


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_discard_deletes_the_draft_after_asking(qtbot, main_window, monkeypatch, language):
    from PySide6.QtWidgets import QMessageBox
    from test_runner import go_to, type_here, wait_saved
    main_window.retranslate(language)
    main_window.idle()
    runner = wait_loaded(qtbot, open_runner(main_window, form_id="frontline_needs"))
    go_to(qtbot, runner, ("site_name",))
    type_here(qtbot, "驿站")
    wait_saved(qtbot, runner)
    qtbot.waitUntil(lambda: runner.response_id is not None, timeout=3000)
    assert runner.discard_button.isVisible()
    runner.view.finish_building()
    qtbot.wait(100)
    save_shot(runner, f"polish_runner_discard_{language}")
    rid = runner.response_id
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Cancel))
    runner.discard_button.click()
    main_window.idle()
    assert runner.isVisible() and _drafts(main_window)[0]["deleted"] == 0     # kept
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    with qtbot.waitSignal(runner.discarded, timeout=5000) as signal:
        runner.discard_button.click()
    assert signal.args == [rid]
    assert [(d["id"], d["deleted"]) for d in _drafts(main_window)] == [(rid, 1)]
    journal = main_window.tasks.executor.submit(lambda ws: ws.query(
        "SELECT operation FROM journal WHERE record_id = ? ORDER BY seq", (rid,))).result(10)
    assert [j["operation"] for j in journal][-1] == "update"     # the deletion is journaled
    assert not runner.isVisible()
