from PySide6.QtCore import Qt

from fieldkit.core import i18n, settings
from tests_ui_helpers import type_text, visible_texts


def test_sidebar_pages_and_dashboard(main_window, qtbot):
    titles = [main_window.sidebar.item(i).text() for i in range(main_window.sidebar.count())]
    assert titles == ["Dashboard", "Forms", "Responses", "Activities", "Problem ledger",
                      "Interviews", "Org units", "Cadres", "Sites", "Reports", "Settings"]
    dashboard = main_window.page(0)
    assert "sites 11" in dashboard.counts.text() and "Forms 4 " in dashboard.counts.text()
    assert "completed questionnaires 0" in dashboard.counts.text()
    assert dashboard.recent.count() > 0
    qtbot.keyClick(main_window, Qt.Key_9, Qt.ControlModifier)
    main_window.idle()
    assert main_window.stack.currentWidget() is main_window.page("sites")
    assert main_window.page("sites").model.rowCount() == 11


def test_create_cadre_with_keyboard_and_validation(main_window, qtbot):
    main_window.show_page("cadres")
    main_window.idle()
    page = main_window.page("cadres")
    before = page.model.rowCount()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_N, Qt.ControlModifier)
    main_window.idle()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    # saving with no name and no org unit shows both problems beside the fields
    dialog.submit()
    main_window.idle()
    assert dialog.isVisible()
    assert dialog.errors["name"].isVisibleTo(dialog) and "required" in dialog.errors["name"].text()
    assert dialog.errors["org_unit_id"].isVisibleTo(dialog)
    type_text(qtbot, dialog.inputs["name"], "马晓东")
    org = dialog.inputs["org_unit_id"]
    org.setCurrentIndex(org.findText("Tianjin Port Group Trade Union"))  # English UI: English name
    qtbot.keyClicks(dialog.inputs["phone"], "138 2200 3344")
    qtbot.keyClick(dialog.inputs["phone"], Qt.Key_Return)
    main_window.idle()
    assert not dialog.isVisible()
    main_window.idle()
    names = [r["name"] for r in page.model.records]
    assert len(names) == before + 1 and "马晓东" in names


def test_search_and_deactivate_site(main_window, qtbot):
    main_window.show_page("sites")
    main_window.idle()
    page = main_window.page("sites")
    type_text(qtbot, page.search, "驿站")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.table.selectRow(0)
    name = page.selected()["name"]
    qtbot.mouseClick(page.toggle_button, Qt.LeftButton)
    main_window.idle()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    page.show_inactive.setChecked(True)
    main_window.idle()
    inactive = [r for r in page.model.records if not r["active"]]
    assert [r["name"] for r in inactive] == [name]


def test_language_switch_and_current_cadre(main_window, qtbot):
    main_window.show_page("settings")
    main_window.idle()
    page = main_window.page("settings")
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    main_window.idle()
    assert main_window.sidebar.item(0).text() == "工作台"
    assert settings.load().language == "zh_CN"
    page = main_window.page("settings")  # rebuilt in Chinese
    assert main_window.stack.currentWidget() is page
    page.cadre.setCurrentIndex(page.cadre.findText("褚明亮"))
    main_window.idle()
    assert settings.load().cadre_for(main_window.workspace_id)
    main_window.show_page("dashboard")
    main_window.idle()
    assert "褚明亮" in main_window.page("dashboard").who.text()
    assert "褚明亮" in main_window.statusBar().currentMessage()
    page.language.setCurrentIndex(page.language.findData("en"))
    main_window.idle()
    assert main_window.sidebar.item(0).text() == "Dashboard"


def test_records_carry_the_current_cadre(main_window, qtbot):
    main_window.show_page("settings")
    main_window.idle()
    page = main_window.page("settings")
    page.cadre.setCurrentIndex(page.cadre.findText("韩秀兰"))
    main_window.idle()
    tasks = main_window.tasks

    def create(ws):
        from fieldkit.core.work import directory
        unit = directory.search(ws, directory.ORG_UNITS, "宝坻")[0]["id"]
        return directory.create(ws, directory.SITES, {"name": "宝坻区暑期公益课堂", "kind": "other",
                                                      "org_unit_id": unit})
    new_id = tasks.executor.submit(create).result(5)
    actor = tasks.executor.submit(lambda ws: ws.history("sites", new_id)[0]["actor_id"]).result(5)
    name = tasks.executor.submit(lambda ws: ws.get("cadres", actor)["name"]).result(5)
    assert name == "韩秀兰"


def test_every_screen_is_chinese_in_chinese(main_window, qtbot):
    """No visible text is left in English when the language is Chinese."""
    catalogue = i18n.load_catalogue("zh_CN")
    english = {m for m, t in catalogue.items() if m != t}
    main_window.retranslate("zh_CN")
    main_window.idle()
    for index in range(len(main_window.pages)):
        main_window.sidebar.setCurrentRow(index)
        main_window.idle()
        texts = visible_texts(main_window)
        leftovers = [t for t in texts if t in english]
        assert leftovers == [], (index, leftovers)
    main_window.show_page("sites")
    main_window.idle()
    page = main_window.page("sites")
    headers = [page.model.headerData(c, Qt.Horizontal) for c in range(page.model.columnCount())]
    assert headers[:3] == ["名称", "类型", "组织"]
    kinds = {page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())}
    assert "海外项目部" in kinds


def test_qt_standard_texts_follow_the_language(main_window):
    from PySide6.QtWidgets import QDialogButtonBox

    main_window.retranslate("zh_CN")
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert {b.text() for b in box.buttons()} == {"确定", "取消"}
    main_window.retranslate("en")
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert {b.text() for b in box.buttons()} == {"OK", "Cancel"}
