"""The forms page: list, preview, import (button and drag-and-drop), problems, export."""

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from fieldkit.core.forms.xlsform_reader import read_xlsform
from fieldkit_testing import SHARED, save_shot

CORPUS = SHARED / "corpus" / "xlsform"


def open_forms(main_window):
    main_window.show_page("forms")
    main_window.idle()
    main_window.idle()
    return main_window.page("forms")


def test_builtin_forms_listed_and_previewed(main_window):
    page = open_forms(main_window)
    ids = [page.form_list.item(i).data(Qt.UserRole) for i in range(page.form_list.count())]
    assert {"frontline_needs", "altitude_health", "new_forms_of_employment",
            "problem_followup"} <= set(ids)
    page.form_list.setCurrentRow(ids.index("altitude_health"))
    main_window.idle()
    assert page.definition.form_id == "altitude_health"
    assert page.preview.topLevelItemCount() > 3
    labels = []
    stack = [page.preview.topLevelItem(i) for i in range(page.preview.topLevelItemCount())]
    while stack:
        item = stack.pop()
        labels.append(item.text(0))
        stack += [item.child(i) for i in range(item.childCount())]
    assert any("Blood oxygen" in text for text in labels)  # the form's English labels
    save_shot(main_window, "forms-en")


def test_import_button_path_and_problems(main_window):
    page = open_forms(main_window)
    page.import_files([CORPUS / "or_other.xlsx"])
    main_window.idle()
    main_window.idle()
    assert page.current_form_id() == read_xlsform(CORPUS / "or_other.xlsx").form_id
    assert "Imported form" in main_window.statusBar().currentMessage()
    page.import_files([CORPUS / "duplicate_columns.xlsx"])
    main_window.idle()
    dialog = page.problems_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() >= 1
    texts = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert any("label" in t for t in texts)
    save_shot(dialog, "form-problems-en")
    dialog.reject()


def test_drop_a_workbook_imports_it(main_window):
    page = open_forms(main_window)
    before = page.form_list.count()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(CORPUS / "group.xlsx"))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    page.dropEvent(event)
    main_window.idle()
    main_window.idle()
    assert page.form_list.count() == before + 1


def test_export_writes_a_readable_workbook(main_window, tmp_path):
    page = open_forms(main_window)
    ids = [page.form_list.item(i).data(Qt.UserRole) for i in range(page.form_list.count())]
    page.form_list.setCurrentRow(ids.index("frontline_needs"))
    main_window.idle()
    target = tmp_path / "out.xlsx"
    page.export_to(target)
    main_window.idle()
    assert read_xlsform(target) == page.definition


def test_forms_page_in_chinese(main_window):
    main_window.retranslate("zh_CN")
    page = open_forms(main_window)
    assert main_window.sidebar.item(1).text() == "问卷"
    assert page.preview.headerItem().text(0) == "题目"
    ids = [page.form_list.item(i).data(Qt.UserRole) for i in range(page.form_list.count())]
    page.form_list.setCurrentRow(ids.index("altitude_health"))
    main_window.idle()
    top = [page.preview.topLevelItem(i).text(0) for i in range(page.preview.topLevelItemCount())]
    assert any("血氧" in text for text in top)
    save_shot(main_window, "forms-zh_CN")


def _select(page, main_window, form_id):
    ids = [page.form_list.item(i).data(Qt.UserRole) for i in range(page.form_list.count())]
    page.form_list.setCurrentRow(ids.index(form_id))
    main_window.idle()


def test_preview_reads_in_words(main_window):
    main_window.retranslate("zh_CN")
    page = open_forms(main_window)
    _select(page, main_window, "frontline_needs")
    rows, stack = [], [page.preview.topLevelItem(i)
                       for i in range(page.preview.topLevelItemCount())]
    while stack:
        item = stack.pop()
        rows.append((item.text(0), item.text(1), item.text(2), item.text(3)))
        stack += [item.child(i) for i in range(item.childCount())]
    logic = " ".join(r[2] for r in rows)
    assert "仅当" in logic and "时显示" in logic and "${" not in logic
    assert {"单选题", "多选题"} <= {r[1] for r in rows}
    assert not any(r[1].startswith("select_") for r in rows)
    save_shot(main_window, "forms-preview-zh_CN")


def test_fill_in_opens_the_runner(main_window, qtbot):
    page = open_forms(main_window)
    _select(page, main_window, "frontline_needs")
    opened = []
    main_window.new_response = opened.append
    assert page.fill_button.isEnabled()
    page.form_list.setFocus()
    qtbot.keyClick(page.form_list, Qt.Key_N, Qt.ControlModifier)
    assert opened == ["frontline_needs"]


def test_retire_archives_and_restores(main_window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    page = open_forms(main_window)
    _select(page, main_window, "problem_followup")
    page.retire_button.click()
    main_window.idle()
    box = page.retire_box
    assert box.isVisible() and "built-in" in box.text()
    box.button(QMessageBox.Yes).click()
    main_window.idle()
    main_window.idle()
    ids = [page.form_list.item(i).data(Qt.UserRole) for i in range(page.form_list.count())]
    assert "problem_followup" not in ids
    page.show_archived.setChecked(True)
    main_window.idle()
    _select(page, main_window, "problem_followup")
    assert page.current_is_archived() and not page.fill_button.isEnabled()
    assert page.retire_button.text() == "Restore"
    page.retire_button.click()
    main_window.idle()
    main_window.idle()
    assert not page.current_is_archived() and page.fill_button.isEnabled()
