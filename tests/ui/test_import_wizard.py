"""The import wizard, driven as a person would: a 问卷星 export with a title row, 序号,
提交答卷时间, numbered Chinese headers, ┋ between the answers of a multi-select, one bad cell
and one row that breaks a rule of the form; mapping, preview, import, undo; cancelling;
files that are not spreadsheets. Real SQLite on the database thread."""

import threading

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtWidgets import QApplication, QPushButton, QWizard

from fieldkit.core import i18n
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.forms.store import get_form, import_form
from fieldkit.core.i18n import tr
from fieldkit.ui.import_wizard import accepts_import_drop, open_import_wizard
from fieldkit_testing import build_survey_form, save_shot, write_xlsx

FORM = "needs_survey"
HEADER = ["序号", "提交答卷时间", "所用时间", "来源", "1、姓名：", "2、您的年龄：", "3、您的工作类型：",
          "4、您最需要的服务：", "5、入职日期：", "6、每天工作小时数：", "7、子女人数：",
          "8、暑期是否需要托管：", "9、其他意见："]
ROWS = [
    ["职工需求调查 数据导出"],
    [],
    HEADER,
    [1, "2024/6/1 9:30:00", "120秒", "手机提交", "李海花", 36, "服装加工", "暑期托管难┋吃饭难",
     "2019年3月1日", "9.5", 2, "是", "暑期托管难，孩子没人看"],
    [2, "2024/6/1 10:02:11", "95秒", "手机提交", "王建军", "４５", "施工", "休息难", 45413, 11, 0,
     "(跳过)", "(空)"],
    [3, "2024/6/2 8:00:00", "60秒", "链接", "赵小兵", "十八", "港口装卸", "技能培训", "", "", "", "",
     ""],                                   # the bad cell: F6 is not a number
    [4, "2024/6/2 9:15:00", "70秒", "链接", "周敏", 15, "外卖配送", "休息难┋技能培训", "", "", "",
     "", ""],                               # a warning: the form wants 16 to 70
]


@pytest.fixture
def window(main_window, tmp_path):
    form = build_survey_form(tmp_path / "f.xlsx")
    main_window.tasks.executor.submit(lambda ws: import_form(ws, form)).result(30)
    return main_window


@pytest.fixture
def wjx(tmp_path):
    return write_xlsx(tmp_path / "职工需求调查_问卷星.xlsx", ROWS)


def in_db(window, sql, *args):
    """Ask the workspace (on its own thread) — the check goes through core, not the UI."""
    return window.tasks.executor.submit(lambda ws: ws.scalar(sql, args)).result(30)


def assert_nothing_imported(window) -> None:
    for table in ("responses", "import_batches", "import_mappings"):
        assert in_db(window, f"SELECT count(*) FROM {table}") == 0


def active_responses(window):
    return in_db(window, "SELECT count(*) FROM responses WHERE form_id = ? AND deleted = 0", FORM)


def label(window, name):
    definition = window.tasks.executor.submit(lambda ws: get_form(ws, FORM)).result(30)
    question = definition.find(name)
    return pick_text(question.label, i18n.current_language(), definition.default_language)


def open_wizard(qtbot, window, path=None, form_id=FORM):
    wizard = open_import_wizard(window, path=path, form_id=form_id)
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: wizard.file_page.form_box.count() > 0, timeout=5000)
    return wizard


def press_enter(qtbot, wizard):
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, Qt.Key_Return)


def settle(qtbot, wizard):
    """No check running and none waiting."""
    qtbot.waitUntil(lambda: not wizard.busy and not wizard._recheck_timer.isActive()
                    and not wizard.stale(), timeout=10000)


def go_next(qtbot, wizard, page_id):
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == page_id and not wizard.busy, timeout=10000)


def mapping_row(wizard, header):
    table = wizard.mapping_page.table
    return next(r for r in range(table.rowCount()) if table.item(r, 1).text() == header)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_wjx_file_through_every_step(window, wjx, qtbot, tmp_path, language):
    window.retranslate(language)
    window.idle()
    wizard = open_wizard(qtbot, window, wjx)
    assert wizard.isModal() and wizard.windowModality() == Qt.WindowModal
    assert wizard.file_page.form_id() == FORM
    save_shot(wizard, f"import-1-file-{language}")

    go_next(qtbot, wizard, wizard.MAPPING)  # Enter = Next; reading runs on the database thread
    page = wizard.mapping_page
    table = page.table
    assert table.rowCount() == len(HEADER)
    texts = dict(zip(HEADER, page.target_texts()))
    assert texts["序号"] == tr("The source's answer-sheet id")
    assert texts["提交答卷时间"] == tr("Submission time")
    assert texts["所用时间"] == tr("— Skip this column —")
    assert texts["4、您最需要的服务："] == "4. " + label(window, "needs")
    assert texts["2、您的年龄："] == "2. " + label(window, "age")
    needs = mapping_row(wizard, "4、您最需要的服务：")
    assert table.item(needs, 0).text() == "H"
    assert "暑期托管难┋吃饭难" in table.item(needs, 2).text()
    assert table.item(needs, 4).text() == "95%"
    assert table.item(needs, 5).text() == i18n.translate("matches the question label")
    assert table.item(mapping_row(wizard, "所用时间"), 4).text() == "90%"
    assert page.counts.text() == tr("Rows: {importable} can be imported ({warning} of them "
                                    "with warnings), {rejected} rejected, {duplicate} already "
                                    "imported.", importable=3, warning=1, rejected=1, duplicate=0)
    save_shot(wizard, f"import-2-mapping-{language}")

    go_next(qtbot, wizard, wizard.PREVIEW)
    preview = wizard.preview_page
    assert [b.number.text() for b in (preview.will_import, preview.warnings, preview.rejected,
                                      preview.duplicates)] == ["3", "1", "1", "0"]
    model = preview.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    age = "2. " + label(window, "age")
    assert rows[0][:3] == ["6", "F", age] and rows[0][5] == "十八"
    assert rows[0][4] == i18n.translate("a whole number")
    assert rows[1][:4] == ["7", "F", age, "年龄应在16到70岁之间"]  # the cell to fix
    assert len(rows) == 2
    assert preview.include_warnings_box.isChecked()
    save_shot(wizard, f"import-3-preview-{language}")

    report = tmp_path / f"problems-{language}.xlsx"
    wizard.save_report(report)
    qtbot.waitUntil(lambda: preview.message.isVisible() and not wizard.busy, timeout=10000)
    assert preview.message.text() == tr("Problems saved to {path}", path=str(report))
    book = openpyxl.load_workbook(report)
    assert [c.value for c in book.worksheets[0]["A"]][1:] == [6, 7]
    assert book.worksheets[1]["F6"].value == "十八"

    assert active_responses(window) == 0  # nothing written so far
    go_next(qtbot, wizard, wizard.DONE)
    assert wizard.result["imported"] == 3 and wizard.result["rejected"] == 1
    assert active_responses(window) == 3
    done = wizard.done_page
    assert done.summary.text() == tr("{count} responses imported from “{file}”.", count=3,
                                     file=wjx.name)
    assert done.undo_button.isEnabled()
    save_shot(wizard, f"import-4-done-{language}")

    with qtbot.waitSignal(wizard.undone, timeout=10000) as undone:
        qtbot.mouseClick(done.undo_button, Qt.LeftButton)
    assert undone.args[1] == 3
    assert active_responses(window) == 0
    assert done.message.isVisible() and not done.undo_button.isEnabled()
    save_shot(wizard, f"import-5-undone-{language}")
    press_enter(qtbot, wizard)  # Enter = Finish
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
    assert getattr(window, "import_wizard", None) is None


def test_changing_a_column_checks_the_rows_again(window, wjx, qtbot):
    wizard = open_wizard(qtbot, window, wjx)
    go_next(qtbot, wizard, wizard.MAPPING)
    page = wizard.mapping_page
    before = wizard.preview
    assert before.counts()["rejected"] == 1
    row = mapping_row(wizard, "2、您的年龄：")
    combo = page.table.cellWidget(row, 3)
    combo.setFocus()
    combo.setCurrentIndex(combo.findText(tr("— Skip this column —")))
    assert page.table.item(row, 4).text() == "100%"
    assert page.table.item(row, 5).text() == tr("chosen by you")
    assert page.counts.text() == tr("Checking the rows again with the new columns…")
    settle(qtbot, wizard)
    after = wizard.preview
    assert after is not before
    assert next(c for c in after.mapping.columns if c.header == "2、您的年龄：").target.kind == "skip"
    counts = after.counts()
    assert counts["rejected"] == 0  # the bad age cell is no longer read
    assert all("age" not in r.answers for r in after.rows)
    assert page.counts.text() == tr("Rows: {importable} can be imported ({warning} of them "
                                    "with warnings), {rejected} rejected, {duplicate} already "
                                    "imported.", importable=counts["clean"] + counts["warning"],
                                    **counts)

    go_next(qtbot, wizard, wizard.PREVIEW)
    assert wizard.preview_page.rejected.number.text() == "0"
    model = wizard.preview_page.model
    assert all(model.rows[r][1] == "warning" for r in range(model.rowCount()))

    wizard.back()  # going back keeps the edit
    assert page.table.cellWidget(row, 3).currentText() == tr("— Skip this column —")
    assert wizard.mapping.columns[row].target.kind == "skip"


def test_enter_right_after_an_edit_waits_for_the_check(window, wjx, qtbot):
    wizard = open_wizard(qtbot, window, wjx)
    go_next(qtbot, wizard, wizard.MAPPING)
    combo = wizard.mapping_page.table.cellWidget(mapping_row(wizard, "2、您的年龄："), 3)
    combo.setFocus()
    combo.setCurrentIndex(combo.findText(tr("— Skip this column —")))
    go_next(qtbot, wizard, wizard.PREVIEW)  # the pending check runs first, then the page
    assert wizard.preview.mapping is wizard.mapping
    assert wizard.preview_page.rejected.number.text() == "0"


def test_rows_with_warnings_left_out_then_imported_later(window, wjx, qtbot):
    wizard = open_wizard(qtbot, window, wjx)
    go_next(qtbot, wizard, wizard.MAPPING)
    go_next(qtbot, wizard, wizard.PREVIEW)
    preview = wizard.preview_page
    preview.include_warnings_box.setChecked(False)
    assert preview.will_import.number.text() == "2"
    go_next(qtbot, wizard, wizard.DONE)
    assert wizard.result["imported"] == 2 and wizard.result["skipped_warnings"] == 1
    assert active_responses(window) == 2
    assert tr("With warnings, left out: {count}", count=1) in wizard.done_page.details.text()
    wizard.accept()
    qtbot.waitUntil(lambda: getattr(window, "import_wizard", None) is None, timeout=5000)

    again = open_wizard(qtbot, window, wjx)  # the same file again: two rows are already there
    go_next(qtbot, again, again.MAPPING)
    go_next(qtbot, again, again.PREVIEW)
    boxes = again.preview_page
    assert [boxes.will_import.number.text(), boxes.duplicates.number.text()] == ["1", "2"]
    go_next(qtbot, again, again.DONE)
    assert again.result["imported"] == 1 and again.result["duplicates"] == 2
    assert active_responses(window) == 3


def hold_database(window):
    """Keep the database thread busy until the returned event is set."""
    gate = threading.Event()
    window.tasks.executor.submit(lambda ws: gate.wait(20))
    return gate


def cancel_button(wizard):
    return wizard.run.dialog.findChild(QPushButton)


def test_cancel_while_reading_writes_nothing(window, wjx, qtbot):
    wizard = open_wizard(qtbot, window, wjx)
    gate = hold_database(window)
    press_enter(qtbot, wizard)
    assert wizard.busy and wizard.run is not None
    assert not wizard.button(QWizard.NextButton).isEnabled()
    qtbot.waitUntil(wizard.run.dialog.isVisible, timeout=5000)  # after a moment, a progress bar
    save_shot(wizard.run.dialog, "import-reading-progress")
    cancel_button(wizard).click()  # the Cancel button of the progress dialog
    gate.set()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10000)
    assert wizard.currentId() == wizard.FILE
    assert wizard.file_page.message.text() == tr("Cancelled. Nothing was changed.")
    assert_nothing_imported(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.file_page.path_edit,
                    timeout=2000)  # ready for another try with Enter
    go_next(qtbot, wizard, wizard.MAPPING)  # and it can be tried again


def test_cancel_answers_at_once_while_a_big_sheet_is_parsed(window, wjx, qtbot, monkeypatch):
    """Reading a big sheet reports no progress for seconds: the progress dialog and its
    Cancel button still come up at once, and Cancel does not wait for the parse to end."""
    import time

    from fieldkit.core.forms import workbook

    parse_sheet = workbook._load_sheet
    monkeypatch.setattr(workbook, "_load_sheet",
                        lambda book, name: time.sleep(4) or parse_sheet(book, name))
    wizard = open_wizard(qtbot, window, wjx)
    start = time.perf_counter()
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.run is not None and wizard.run.dialog.isVisible(),
                    timeout=5000)
    assert time.perf_counter() - start < 1.5
    cancel_button(wizard).click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10000)
    assert time.perf_counter() - start < 2.5  # not the 4 s the parse still takes
    assert wizard.currentId() == wizard.FILE
    assert wizard.file_page.message.text() == tr("Cancelled. Nothing was changed.")
    assert in_db(window, "SELECT count(*) FROM responses") == 0


def test_cancel_while_importing_writes_nothing(window, wjx, qtbot):
    wizard = open_wizard(qtbot, window, wjx)
    go_next(qtbot, wizard, wizard.MAPPING)
    go_next(qtbot, wizard, wizard.PREVIEW)
    gate = hold_database(window)
    before = QApplication.focusWidget()
    press_enter(qtbot, wizard)
    assert wizard.busy
    cancel_button(wizard).click()
    gate.set()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10000)
    assert wizard.currentId() == wizard.PREVIEW
    assert wizard.preview_page.message.text() == tr("Cancelled. Nothing was changed.")
    assert_nothing_imported(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is before, timeout=2000)  # Enter again
    assert before is not None
    go_next(qtbot, wizard, wizard.DONE)
    assert active_responses(window) == 3


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_renamed_text_file_gets_a_clear_message(window, qtbot, tmp_path, language):
    window.retranslate(language)
    path = tmp_path / "答卷.xlsx"
    path.write_text("这只是一个改了扩展名的文本文件\n" * 20, encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.file_page.message.isVisible() and not wizard.busy,
                    timeout=10000)
    text = wizard.file_page.message.text()
    assert "答卷.xlsx" in text and "Traceback" not in text and "Error" not in text.split()[0]
    assert wizard.currentId() == wizard.FILE
    assert in_db(window, "SELECT count(*) FROM responses") == 0
    save_shot(wizard, f"import-error-{language}")


def test_next_needs_a_file_and_a_form(window, qtbot, wjx):
    wizard = open_wizard(qtbot, window, None)
    next_button = wizard.button(QWizard.NextButton)
    assert not next_button.isEnabled()
    assert QApplication.focusWidget() is wizard.file_page.path_edit
    wizard.file_page.path_edit.setText(str(wjx))
    assert next_button.isEnabled()
    go_next(qtbot, wizard, wizard.MAPPING)


def test_everything_is_reachable_from_the_keyboard(window, wjx, qtbot):
    wizard = open_wizard(qtbot, window, wjx)
    page = wizard.file_page
    for widget in (page.path_edit, page.browse_button, page.form_box):
        assert widget.focusPolicy() & Qt.TabFocus
    go_next(qtbot, wizard, wizard.MAPPING)
    combos = wizard.mapping_page.combos
    assert QApplication.focusWidget() in combos
    combos[0].setFocus()
    for expected in combos[1:]:  # Tab walks the columns in order, scrolling to each
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        assert QApplication.focusWidget() is expected
        assert wizard.mapping_page.table.currentRow() == expected.position
    first = combos[0]
    first.setFocus()
    was = first.currentIndex()
    qtbot.keyClick(first, Qt.Key_Down)  # arrows change the target of the focused column
    assert first.currentIndex() == was + 1
    settle(qtbot, wizard)
    go_next(qtbot, wizard, wizard.PREVIEW)
    preview = wizard.preview_page
    assert QApplication.focusWidget() is preview.include_warnings_box
    for widget in (preview.include_warnings_box, preview.save_button, preview.table):
        assert widget.focusPolicy() & Qt.TabFocus
    qtbot.keyClick(preview.include_warnings_box, Qt.Key_Space)
    assert not preview.include_warnings()


def test_drops_of_importable_files(tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.csv")),
                  QUrl.fromLocalFile(str(tmp_path / "b.XLSX")),
                  QUrl.fromLocalFile(str(tmp_path / "c.docx")),
                  QUrl("https://example.com/d.xlsx")])
    assert [p.name for p in accepts_import_drop(mime)] == ["a.csv", "b.XLSX"]
    assert accepts_import_drop(QMimeData()) == []


def test_one_wizard_at_a_time(window, wjx, qtbot):
    first = open_wizard(qtbot, window, wjx)
    assert open_import_wizard(window, path=wjx) is first


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_uncertain_columns_and_option_columns(window, qtbot, tmp_path, language):
    """A typed-up sheet: a column per option, a loosely worded header, a column the form
    does not have. Colours say how sure each match is."""
    window.retranslate(language)
    rows = [["序号", "1、姓名：", "工作类型", "4、您最需要的服务:休息难", "4、您最需要的服务:吃饭难",
             "4、您最需要的服务:暑期托管难", "手机号码"],
            [1, "刘芳", "施工", 1, 0, 1, "13800000000"],
            [2, "陈伟", "港口装卸", 0, 1, 0, "13900000000"]]
    path = write_xlsx(tmp_path / "typed.xlsx", rows)
    wizard = open_wizard(qtbot, window, path)
    go_next(qtbot, wizard, wizard.MAPPING)
    table = wizard.mapping_page.table
    colours = {table.item(r, 1).text(): table.item(r, 4).background().color().name()
               for r in range(table.rowCount())}
    assert colours["1、姓名："] == "#d4edda"          # green: ≥ 90 %
    assert colours["工作类型"] == "#ffe8a1"            # amber: 50–89 %
    assert colours["手机号码"] == "#f5c2c0"            # red: < 50 %
    texts = dict(zip([r[0] for r in [[table.item(i, 1).text()] for i in range(table.rowCount())]],
                     wizard.mapping_page.target_texts()))
    needs, rest = label(window, "needs"), "休息难" if language == "zh_CN" else "Resting"
    assert texts["4、您最需要的服务:休息难"] == tr("{question}: {option}",
                                              question="4. " + needs, option=rest)
    assert wizard.preview.rows[0].answers["needs"] == "rest childcare"
    save_shot(wizard, f"import-2-mapping-options-{language}")


def test_two_columns_for_one_question_are_pointed_out(window, wjx, qtbot):
    wizard = open_wizard(qtbot, window, wjx)
    go_next(qtbot, wizard, wizard.MAPPING)
    page = wizard.mapping_page
    notes = page.table.cellWidget(mapping_row(wizard, "9、其他意见："), 3)
    notes.setCurrentIndex(notes.findText("1. " + label(window, "worker_name")))
    settle(qtbot, wizard)
    assert tr("Columns {columns} all go to “{target}”: keep one and skip the others.",
              columns="E, M", target="1. " + label(window, "worker_name")) in page.counts.text()


def test_dropping_answers_on_the_window_opens_the_wizard(main_window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    path = write_xlsx(tmp_path / "答卷.xlsx", [["姓名", "年龄"], ["李海花", 36]])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    main_window.dropEvent(QDropEvent(QPointF(5, 5), Qt.CopyAction, mime, Qt.LeftButton,
                                     Qt.NoModifier))
    main_window.idle()
    assert main_window.stack.currentWidget() is main_window.page("responses")
    wizard = main_window.import_wizard
    assert wizard is not None and wizard.isVisible()
    wizard.reject()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_an_export_too_big_to_open_at_once_asks_to_split_it(window, qtbot, tmp_path, language,
                                                           monkeypatch):
    from fieldkit.core.forms import workbook, zip_scan

    monkeypatch.setattr(zip_scan, "MAX_INFLATED_BYTES", 1024 * 1024)
    monkeypatch.setattr(workbook, "MAX_INFLATED_BYTES", 1024 * 1024)
    window.retranslate(language)
    rows = [["序号", "1、姓名：", "9、其他意见："]]
    rows += [[i, f"职工{i}", f"第{i}条意见：希望改善食堂和宿舍"] for i in range(1, 12001)]
    path = write_xlsx(tmp_path / "大批答卷.xlsx", rows)
    wizard = open_wizard(qtbot, window, path)
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.file_page.message.isVisible() and not wizard.busy,
                    timeout=10000)
    text = wizard.file_page.message.text()
    assert "大批答卷.xlsx" in text and ("拆分" if language == "zh_CN" else "Split") in text
    assert ("最多 1 MB" if language == "zh_CN" else "at most 1 MB") in text
    assert wizard.currentId() == wizard.FILE
    assert in_db(window, "SELECT count(*) FROM responses") == 0
    save_shot(wizard, f"import-too-big-{language}")


def add_site_and_cadre(window):
    from fieldkit.core.work import directory

    def make(ws):
        org = directory.create(ws, directory.ORG_UNITS, {"name": "测试区总工会", "kind": "district"})
        site = directory.create(ws, directory.SITES, {"name": "测试码头", "kind": "project",
                                                      "org_unit_id": org})
        cadre = directory.create(ws, directory.CADRES, {"name": "测试干部", "org_unit_id": org})
        return site, cadre

    return window.tasks.executor.submit(make).result(30)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_site_and_cadre_chosen_on_the_mapping_page(window, qtbot, tmp_path, language):
    window.retranslate(language)
    site, cadre = add_site_and_cadre(window)
    path = write_xlsx(tmp_path / "answers.xlsx", [
        ["姓名", "您的年龄", "您的工作类型", "所在站点"],
        ["李海花", 36, "服装加工", "测试码头"], ["王建军", 45, "施工", ""]])
    wizard = open_wizard(qtbot, window, path)
    go_next(qtbot, wizard, wizard.MAPPING)
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: page.cadre_box.count() > 1, timeout=5000)
    combo = page.combos[mapping_row(wizard, "所在站点")]
    combo.setCurrentIndex(combo.findText(tr("Site (a name from the directory)")))
    page.cadre_box.setCurrentIndex(page.cadre_box.findData(cadre))
    settle(qtbot, wizard)
    save_shot(wizard, f"import-2-mapping-site-{language}")
    go_next(qtbot, wizard, wizard.PREVIEW)
    go_next(qtbot, wizard, wizard.DONE)
    got = window.tasks.executor.submit(lambda ws: [tuple(r) for r in ws.query(
        "SELECT site_id, cadre_id FROM responses ORDER BY source")]).result(30)
    assert got == [(site, cadre), (None, cadre)]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_file_matching_no_question_can_be_mapped_by_hand(window, qtbot, tmp_path, language):
    window.retranslate(language)
    path = tmp_path / "other.csv"
    path.write_text("订单号,金额,快递公司\nA1,12.5,顺丰\n", encoding="utf-8")
    wizard = open_wizard(qtbot, window, path)
    go_next(qtbot, wizard, wizard.MAPPING)
    page = wizard.mapping_page
    assert tr("No column goes to a question yet: choose the question of at least one column, "
              "or nothing can be imported.") in page.counts.text()
    save_shot(wizard, f"import-2-mapping-no-match-{language}")
    combo = page.combos[0]
    combo.setCurrentIndex(combo.findText("1. " + label(window, "worker_name")))
    settle(qtbot, wizard)
    assert "\n" not in page.counts.text()  # the hint is gone
    go_next(qtbot, wizard, wizard.PREVIEW)
    go_next(qtbot, wizard, wizard.DONE)
    assert active_responses(window) == 1


def test_a_preview_left_open_while_another_import_runs_adds_no_duplicates(window, wjx, qtbot):
    """The wizard shows its preview; meanwhile a command-line import of the same file (its
    own connection) commits. Import in the wizard then adds nothing twice."""
    from fieldkit.core.importing import pipeline
    from fieldkit.core.store.workspace import Workspace

    wizard = open_wizard(qtbot, window, wjx)
    go_next(qtbot, wizard, wizard.MAPPING)
    go_next(qtbot, wizard, wizard.PREVIEW)
    assert wizard.preview.counts()["duplicate"] == 0
    path = window.tasks.executor.submit(lambda ws: ws.path).result(30)
    with Workspace.open(path) as other:
        assert pipeline.commit(other, pipeline.prepare(other, wjx, FORM))["imported"] == 3
    go_next(qtbot, wizard, wizard.DONE)
    assert (wizard.result["imported"], wizard.result["duplicates"]) == (0, 3)
    assert not wizard.done_page.undo_button.isEnabled()
    assert active_responses(window) == 3
    assert in_db(window, "SELECT count(*) FROM import_batches") == 1
