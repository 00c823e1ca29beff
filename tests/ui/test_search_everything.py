"""One search box over the workspace (Ctrl+Shift+F): interview notes, answers and problems
found by a two-character Chinese word, matches highlighted, and Enter opens the hit."""

from PySide6.QtCore import Qt

from fieldkit_testing import save_shot
from tests_ui_helpers import type_text
from work_window_fixture import work_window  # noqa: F401 (a fixture)


def test_search_everything_finds_and_opens(work_window, qtbot):
    from fieldkit.ui.search.dialog import marked

    qtbot.keyClick(work_window, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)
    dialog = work_window.search_dialog
    assert dialog.isVisible()
    type_text(qtbot, dialog.box, "托管")
    qtbot.keyClick(dialog.box, Qt.Key_Return)
    qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=5000)
    kinds = {dialog.list.item(i).data(Qt.UserRole)[0] for i in range(dialog.list.count())}
    assert {"note", "problem"} <= kinds, kinds
    texts = [dialog.list.itemWidget(dialog.list.item(i)).text()
             for i in range(dialog.list.count())]
    assert any("<b style='color:#b8312a'>托管</b>" in t for t in texts)
    save_shot(dialog, "search_everything_en")
    # the first note hit opens in the interviews page
    row = next(i for i in range(dialog.list.count())
               if dialog.list.item(i).data(Qt.UserRole)[0] == "note")
    note_id = dialog.list.item(row).data(Qt.UserRole)[1]
    dialog.list.setCurrentRow(row)
    dialog.open_item(dialog.list.currentItem())
    work_window.idle()
    assert work_window.pages[work_window.sidebar.currentRow()][0] == "interviews"
    qtbot.waitUntil(lambda: work_window.page("interviews").note_id == note_id, timeout=5000)
    # user text is never markup
    assert marked("<b>x</b> 托管", [(9, 11)]) == \
        "&lt;b&gt;x&lt;/b&gt; <b style='color:#b8312a'>托管</b>"


def test_nothing_found_says_so(work_window, qtbot):
    work_window.search_everything("没有这样的词语啊")
    dialog = work_window.search_dialog
    dialog.search()
    qtbot.waitUntil(lambda: "没有这样的词语啊" in dialog.summary.text(), timeout=5000)
    assert dialog.list.count() == 0
