"""Where an imported response came from, on every screen that shows a response — the
responses list, the runner's header, History — and the list of imports with Undo."""

import pytest
from PySide6.QtCore import Qt

from fieldkit.core import i18n
from fieldkit.core.work import directory
from fieldkit.core.forms.store import import_form
from fieldkit.core.i18n import tr
from fieldkit.core.importing import pipeline
from fieldkit.ui.runner import open_runner
from fieldkit_testing import build_survey_form, save_shot, write_xlsx

FORM = "needs_survey"


@pytest.fixture(autouse=True)
def _own_prefs(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path / "config"))


def imported(window, tmp_path):
    """Two rows from 走访记录.xlsx, sheet 六月, with their own site and survey time."""
    form = build_survey_form(tmp_path / "f.xlsx")
    path = write_xlsx(tmp_path / "走访记录.xlsx", [
        ["序号", "提交答卷时间", "姓名", "您的年龄", "您的工作类型", "站点"],
        [1, "2024/6/1 9:30", "李海花", 36, "服装加工", "新开口镇服装加工厂"],
        [2, "2024/6/2 10:00", "王建军", 45, "施工", "新开口镇服装加工厂"]], title="六月")

    def run(ws):
        import_form(ws, form)
        result = pipeline.commit(ws, pipeline.prepare(ws, path, FORM, site_column="站点"))
        site = next(s["id"] for s in directory.search(ws, directory.SITES)
                    if s["name"] == "新开口镇服装加工厂")
        ids = [r[0] for r in ws.query("SELECT id FROM responses WHERE import_batch_id = ?"
                                      " ORDER BY started_at", (result["batch_id"],))]
        return ids, site
    return window.tasks.executor.submit(run).result(60)


def open_list(window, qtbot):
    window.show_page("responses")
    window.idle()
    page = window.page("responses")
    page.form_box.setCurrentIndex(page.form_box.findData(FORM))
    window.idle()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.model.record(0) is not None,
                    timeout=5000)
    return page


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_source_shows_in_the_list_the_header_and_history(main_window, qtbot, tmp_path,
                                                             language):
    main_window.retranslate(language)
    main_window.idle()
    (first, _), site = imported(main_window, tmp_path), None
    page = open_list(main_window, qtbot)
    expected = i18n.translate("Imported from {file} · {sheet}, row {row}", language).format(
        file="走访记录.xlsx", sheet="六月", row=2)
    source = page.model.column_index("source")
    assert page.model.headerData(source, Qt.Horizontal) == tr("Source")
    texts = {page.model.data(page.model.index(r, source)) for r in range(2)}
    assert expected in texts
    row = next(r for r in range(2) if page.model.data(page.model.index(r, source)) == expected)
    started = page.model.column_index("started")
    assert page.model.data(page.model.index(row, started)).startswith("2024-06-01 09:30")
    assert page.model.data(page.model.index(row, started), Qt.ToolTipRole) == expected
    # the site as the interface names it: its English name in English
    assert page.model.data(page.model.index(row, page.model.column_index("site"))) == \
        ("新开口镇服装加工厂" if language == "zh_CN" else "Xinkaikou garment factory")
    save_shot(page, f"import-source-list-{language}")

    runner = open_runner(main_window, response_id=first[0])
    qtbot.waitUntil(lambda: runner.view is not None and runner.session is not None,
                    timeout=10000)
    assert expected in runner.header.state.text()
    save_shot(runner.header, f"import-source-runner-header-{language}")
    runner.show_history()
    dialog = runner.history
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=5000)
    assert any(expected in t for t in dialog.texts())
    save_shot(dialog, f"import-source-history-{language}")
    dialog.reject()
    runner.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_imports_are_listed_and_one_is_undone_later(main_window, qtbot, tmp_path, language):
    main_window.retranslate(language)
    main_window.idle()
    imported(main_window, tmp_path)
    page = open_list(main_window, qtbot)
    qtbot.mouseClick(page.batches_button, Qt.LeftButton)
    dialog = page.batches_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[1] == "走访记录.xlsx · 六月" and cells[3:] == ["2", "2", tr("Imported")]
    assert dialog.undo_button.isEnabled()
    save_shot(dialog, f"import-batches-{language}")
    qtbot.mouseClick(dialog.undo_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and
                    dialog.table.item(0, 5).text() == tr("Undone"), timeout=5000)
    assert not dialog.undo_button.isEnabled()   # undoing twice is not offered
    assert tr("Took back {count} responses imported from {file}.", count=2,
              file="走访记录.xlsx") in dialog.message.text()
    save_shot(dialog, f"import-batches-undone-{language}")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    dialog.reject()
