"""Registering and editing a problem through its dialog: the keyboard alone, the grade's
rules shown and enforced by core, personal data, links."""

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from fieldkit.core.work.queries import get_problem
from fieldkit_testing import save_shot
from ledger_fixtures import ledger_window  # noqa: F401 (a fixture)
from tests_ui_helpers import type_text


def _problem(window, problem_id):
    return window.tasks.executor.submit(lambda ws: get_problem(ws, problem_id)).result(5)


def _open_dialog(window, qtbot):
    window.show_page("ledger")
    window.idle()
    page = window.page("ledger")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_N, Qt.ControlModifier)
    window.idle()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    return page, dialog


def _tab_to(qtbot, dialog, widget):
    for _ in range(60):
        if QApplication.focusWidget() is widget:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
    raise AssertionError(f"Tab never reaches {widget}")


def test_register_a_cross_department_problem_with_the_keyboard(ledger_window, qtbot):
    page, dialog = _open_dialog(ledger_window, qtbot)
    assert QApplication.focusWidget() is dialog.title
    type_text(qtbot, dialog.title, "宿舍热水器坏了")
    _tab_to(qtbot, dialog, dialog.grade)
    qtbot.keyClick(dialog.grade, Qt.Key_Down)            # short-term -> cross-department
    assert dialog.grade_code() == "cross_department"
    assert "lead department" in dialog.rule.text()
    qtbot.keyClick(dialog.grade, Qt.Key_Return)          # Enter saves: the lead is missing
    ledger_window.idle()
    assert dialog.isVisible()
    assert "lead department" in dialog.errors["lead_department"].text()
    assert QApplication.focusWidget() is dialog.lead
    type_text(qtbot, dialog.lead, "区住建委")
    _tab_to(qtbot, dialog, dialog.co_departments)
    type_text(qtbot, dialog.co_departments, "物业公司、街道")
    _tab_to(qtbot, dialog, dialog.worker_name)
    type_text(qtbot, dialog.worker_name, "刘建军")
    _tab_to(qtbot, dialog, dialog.worker_phone)
    type_text(qtbot, dialog.worker_phone, "138 0000 1111")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.keyClick(dialog.worker_phone, Qt.Key_Return)
    ledger_window.idle()
    assert not dialog.isVisible()
    problem = _problem(ledger_window, saved.args[0])
    assert problem["title"] == "宿舍热水器坏了" and problem["grade"] == "cross_department"
    assert problem["lead_department"] == "区住建委"
    assert problem["co_departments"] == ["物业公司", "街道"]
    assert problem["feedback_interval_days"] == 14
    assert problem["worker_name"] == "刘建军" and problem["status"] == "registered"
    # the list shows it, selected, without the worker's name anywhere in its row
    record = page.selected()
    assert record and record["id"] == saved.args[0] and "worker_name" not in record


def test_short_term_deadline_default_and_anonymous(ledger_window, qtbot):
    page, dialog = _open_dialog(ledger_window, qtbot)
    days = dialog.choices["deadline_days"]
    assert dialog.deadline.date() == QDate.currentDate().addDays(days)
    dialog.registered.setDate(QDate(2026, 1, 10))
    assert dialog.deadline.date() == QDate(2026, 1, 10).addDays(days)
    type_text(qtbot, dialog.title, "夜班没有热饭")
    dialog.worker_name.setText("张三")
    dialog.anonymous.setChecked(True)
    assert not dialog.worker_name.isEnabled()
    dialog.deadline.setDate(QDate(2026, 1, 1))          # before registration: refused by core
    dialog.save()
    ledger_window.idle()
    assert dialog.isVisible() and "before" in dialog.errors["deadline"].text()
    dialog.deadline.setDate(QDate(2026, 1, 31))
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    problem = _problem(ledger_window, saved.args[0])
    assert problem["deadline"] == "2026-01-31" and problem["anonymous"]
    # the interview link is offered when the interviews wing is in this build
    import importlib.util
    has_interviews = importlib.util.find_spec("fieldkit.core.interviews") is not None
    assert dialog.links_form.isRowVisible(dialog.interview.parentWidget()) == has_interviews
    assert problem["worker_name"] == ""


def test_links_to_activity_and_response(ledger_window, qtbot):
    page, dialog = _open_dialog(ledger_window, qtbot)
    site_id = ledger_window.tasks.executor.submit(lambda ws: ws.scalar(   # a site with both
        "SELECT site_id FROM activities WHERE site_id IN (SELECT site_id FROM responses)"
        " ORDER BY site_id LIMIT 1")).result(5)
    dialog.site.setCurrentIndex(dialog.site.findData(site_id))
    ledger_window.idle()                            # the lists of that site have arrived
    assert dialog.activity.count() > 1 and dialog.response.count() > 1
    dialog.activity.setCurrentIndex(1)
    dialog.response.setCurrentIndex(1)
    dialog.site.setCurrentIndex(0)                  # any site: every interview note is offered
    ledger_window.idle()
    interviews = dialog.links_form.isRowVisible(dialog.interview.parentWidget())
    if interviews:                                  # the interviews wing is in this build
        assert dialog.interview.count() > 1
        dialog.interview.setCurrentIndex(1)
    dialog.site.setCurrentIndex(dialog.site.findData(site_id))
    ledger_window.idle()
    type_text(qtbot, dialog.title, "现场反映的问题")
    activity, response = dialog.activity.currentData(), dialog.response.currentData()
    interview = dialog.interview.currentData()
    assert activity and response and (interview or not interviews)
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    problem = _problem(ledger_window, saved.args[0])
    assert (problem["activity_id"], problem["response_id"]) == (activity, response)
    assert problem["interview_id"] == interview
    assert problem["site_id"] == site_id


def test_edit_keeps_values_and_screens(ledger_window, qtbot):
    ledger_window.show_problems(grade="systemic")
    ledger_window.idle()
    page = ledger_window.page("ledger")
    page.table.selectRow(0)
    record = page.selected()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_F2)
    ledger_window.idle()
    dialog = page.dialog
    assert dialog.title.text() == record["title"] and dialog.grade_code() == "systemic"
    assert dialog.escalated_to.isEnabled() and not dialog.co_departments.isEnabled()
    ledger_window.resize(1280, 720)
    save_shot(dialog, "ledger-problem-dialog-en")
    assert dialog.sizeHint().height() <= 700 and dialog.sizeHint().width() <= 1200
    dialog.escalated_to.setText("全国总工会")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    assert _problem(ledger_window, record["id"])["escalated_to"] == "全国总工会"


def test_default_deadline_is_set_in_settings(ledger_window, qtbot):
    ledger_window.show_page("settings")
    ledger_window.idle()
    box = ledger_window.page("settings").deadline_days
    qtbot.waitUntil(box.isEnabled)
    assert box.value() == 15
    box.setValue(7)
    box.save()
    ledger_window.idle()
    from fieldkit.core.work import ledger
    assert ledger_window.tasks.executor.submit(ledger.default_deadline_days).result(5) == 7
    page, dialog = _open_dialog(ledger_window, qtbot)
    qtbot.waitUntil(lambda: dialog.choices.get("deadline_days") == 7)
    assert dialog.deadline.date() == QDate.currentDate().addDays(7)
    assert "7 days" in dialog.rule.text()


def test_register_a_problem_raised_during_an_activity(ledger_window, qtbot):
    activity, site = ledger_window.tasks.executor.submit(lambda ws: tuple(ws.query(
        "SELECT id, site_id FROM activities WHERE site_id IS NOT NULL LIMIT 1")[0])).result(5)
    ledger_window.register_problem(activity_id=activity, site_id=site, title="走访中反映")
    ledger_window.idle()
    dialog = ledger_window.page("ledger").dialog
    qtbot.waitUntil(lambda: dialog.activity.currentData() == activity)
    assert dialog.site.currentData() == site and dialog.title.text() == "走访中反映"
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    problem = _problem(ledger_window, saved.args[0])
    assert (problem["activity_id"], problem["site_id"]) == (activity, site)


def test_register_a_problem_with_attachments(ledger_window, qtbot, tmp_path):
    """Photos given at registration are copied into the workspace and shown in its view."""
    from fieldkit.ui.work import ops

    photo = tmp_path / "宿舍漏水.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"photo" * 100)
    note = tmp_path / "说明.txt"
    note.write_text("屋顶漏水三处", encoding="utf-8")
    _page, dialog = _open_dialog(ledger_window, qtbot)
    type_text(qtbot, dialog.title, "宿舍漏水")
    dialog.set_attachments([str(photo), str(note), str(photo)])   # the same file once
    assert dialog.attached_label.text() == "宿舍漏水.jpg、说明.txt"
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    view = ledger_window.tasks.executor.submit(
        lambda ws: ops.problem_view(ws, saved.args[0])).result(5)
    assert view["problem"]["attachment_names"] == ["宿舍漏水.jpg", "说明.txt"]
    assert len(view["problem"]["attachments"]) == 2
