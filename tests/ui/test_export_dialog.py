"""Export… on the responses page: the dialog, a real export of what the filters show,
personal data off by default with a warning when on, and screenshots in both languages."""

import openpyxl
import pytest
from PySide6.QtCore import Qt

from fieldkit.core import responses
from fieldkit.core.work import directory
from fieldkit_testing import save_shot
from tests_ui_helpers import visible_texts

FORM = "frontline_needs"


@pytest.fixture(autouse=True)
def _own_prefs(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path / "config"))


def add_responses(window):
    def make(ws):
        sites = [s["id"] for s in directory.search(ws, directory.SITES)][:2]
        made = []
        for i in range(6):
            made.append(responses.start(ws, FORM, site_id=sites[i % 2], answers={
                "work_type": "construction", "suggestions": f"=建议{i}",
                "want_callback": "yes", "contact_name": f"王师傅{i}",
                "contact_phone": f"1391234567{i}"}))
        return sites, made
    return window.tasks.executor.submit(make).result(60)


def open_dialog(window, qtbot):
    window.show_page("responses")
    window.idle()
    page = window.page("responses")
    page.form_box.setCurrentIndex(page.form_box.findData(FORM))
    window.idle()
    assert page.export_button.isEnabled()
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    window.idle()
    dialog = next(w for w in page.findChildren(object) if type(w).__name__ == "ExportDialog")
    return page, dialog


def test_export_what_the_filters_show(main_window, qtbot, tmp_path):
    sites, made = add_responses(main_window)
    page = main_window.page("responses")
    main_window.show_page("responses")
    main_window.idle()
    page.form_box.setCurrentIndex(page.form_box.findData(FORM))
    main_window.idle()
    page.filters.site.setCurrentIndex(page.filters.site.findData(sites[0]))
    main_window.idle()
    page, dialog = open_dialog(main_window, qtbot)
    qtbot.waitUntil(lambda: "3" in dialog.summary.text())
    assert not dialog.personal_box.isChecked()
    assert "Left out" in dialog.personal_note.text()
    target = tmp_path / "out.xlsx"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=30000) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    result = signal.args[0]
    assert result.responses == 3 and "contact_phone" in result.personal_left_out
    book = openpyxl.load_workbook(target)
    rows = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert len(rows) == 2 + 3 and "contact_phone" not in rows[1]
    exported = {r[0] for r in rows[2:]}
    assert exported == {made[0], made[2], made[4]}
    sugg = rows[1].index("suggestions")
    assert {r[sugg] for r in rows[2:]} == {"=建议0", "=建议2", "=建议4"}
    assert any("Site" in (r[0] or "") for r in book.worksheets[0].iter_rows(values_only=True))
    qtbot.waitUntil(lambda: "Exported 3 responses" in main_window.statusBar().currentMessage())


def test_personal_warning_and_formats(main_window, qtbot, tmp_path):
    add_responses(main_window)
    page, dialog = open_dialog(main_window, qtbot)
    qtbot.waitUntil(lambda: "6" in dialog.summary.text())
    dialog.personal_box.setChecked(True)
    assert "will contain personal data" in dialog.personal_note.text()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    assert dialog.path_edit.text().endswith(".csv") and dialog.encoding_box.isVisible()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("sqlite"))
    assert not dialog.codes_radio.isEnabled() and dialog.path_edit.text().endswith(".sqlite")
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    dialog.path_edit.setText(str(tmp_path / "p.csv"))
    with qtbot.waitSignal(dialog.exported, timeout=30000) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    assert {"contact_name", "contact_phone"} <= set(signal.args[0].personal_included)
    text = (tmp_path / "p.csv").read_text(encoding="utf-8-sig")
    assert "13912345670" in text and "'=建议0" in text


def test_missing_folder_is_shown_not_raised(main_window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("fieldkit.ui.tasks.show_error", lambda parent, exc: shown.append(exc))
    page, dialog = open_dialog(main_window, qtbot)
    dialog.path_edit.setText(str(tmp_path / "nowhere" / "x.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert "does not exist" in shown[0].message() and dialog.export_button.isEnabled()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshots(main_window, qtbot, language):
    main_window.retranslate(language)
    main_window.idle()
    add_responses(main_window)
    main_window.resize(1366, 768)
    page, dialog = open_dialog(main_window, qtbot)
    qtbot.waitUntil(lambda: "6" in dialog.summary.text())
    dialog.personal_box.setChecked(True)
    main_window.idle()
    texts = visible_texts(dialog)
    if language == "zh_CN":
        assert "导出答卷" == dialog.windowTitle() and "包含个人信息" in " ".join(texts)
    save_shot(main_window, f"responses_export_button_{language}")
    save_shot(dialog, f"export_dialog_{language}")
