"""One problem's view: only legal next statuses offered, the timeline, refusals said in
words, replies and several ratings, the follow-up questionnaire's rating landing on the
problem, typical-case nomination and a leader's focus."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from fieldkit.core.work import ledger
from fieldkit.core.work.queries import get_problem
from fieldkit_testing import save_shot
from ledger_fixtures import ledger_window  # noqa: F401 (a fixture)
from tests_ui_helpers import type_text

FOLLOWUP = {"followup_method": "phone", "reached": "yes", "respondent_role": "self",
            "problem_category": "living_conditions", "kept_informed": "regularly",
            "replied_in_time": "yes", "days_to_reply": 4, "resolved": "resolved",
            "satisfaction": "3", "timeliness_rating": "2", "attitude_rating": "3",
            "dissatisfied_reasons": "too_slow",
            "want_followup": "no", "would_return": "yes", "nominate_typical_case": "no",
            "suggestions": "热水还是不稳定"}


def _submit(window, fn, *args):
    return window.tasks.executor.submit(fn, *args).result(10)


def _new_problem(window, **kw):
    values = dict(title="宿舍热水器坏了", grade="short_term", registered_on="2026-01-05")
    values.update(kw)
    return _submit(window, lambda ws: ledger.log_problem(ws, **values))


def _open(window, problem_id):
    window.show_page("ledger")
    window.idle()
    view = window.page("ledger").open_problem(problem_id)
    window.idle()
    return view


def _confirm(window, qtbot, view, text=""):
    """Type ``text`` into the action dialog's first box and press Ctrl+Enter."""
    dialog = view.action
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    if text:
        type_text(qtbot, QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return, Qt.ControlModifier)
    window.idle()
    assert not dialog.isVisible()


def _details(view):
    """The view's details as {label: value}."""
    from PySide6.QtWidgets import QFormLayout

    form = view.details
    return {form.itemAt(r, QFormLayout.LabelRole).widget().text():
            form.itemAt(r, QFormLayout.FieldRole).widget().text()
            for r in range(form.rowCount())}


def _problem(window, pid):
    return _submit(window, lambda ws: get_problem(ws, pid))


def test_walk_a_problem_to_closure_with_only_legal_moves(ledger_window, qtbot):
    pid = _new_problem(ledger_window)
    view = _open(ledger_window, pid)
    assert list(view.move_buttons) == ["accepted"]
    assert not view.reopen_button.isVisible() and not view.rate_button.isEnabled()
    for status, expected_next in (("accepted", ["in_progress"]),      # not systemic:
                                  ("in_progress", ["resolved"]),     # no escalation offered
                                  ("resolved", [])):
        view.move_buttons[status].click()
        _confirm(ledger_window, qtbot, view, "已处理" if status == "resolved" else "")
        assert _problem(ledger_window, pid)["status"] == status
        assert list(view.move_buttons) == expected_next
    assert view.timeline.topLevelItemCount() == 4
    assert view.timeline.topLevelItem(3).text(3) == "已处理"
    # resolved: reply (moves to replied), then closing is offered
    view.reply_button.click()
    ok = view.action.buttons.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled()                        # a reply needs its text
    _confirm(ledger_window, qtbot, view, "热水器已更换")
    assert _problem(ledger_window, pid)["status"] == "replied"
    assert list(view.move_buttons) == ["closed"] and view.reopen_button.isVisible()
    # two ratings, the second does not overwrite the first
    for rating in ("unsatisfied", "satisfied"):
        dialog = view.ask_rating()
        combo = dialog.inputs["rating"]
        combo.setCurrentIndex(combo.findData(rating))
        dialog.inputs["comment"].setPlainText("评价" + rating)
        _confirm(ledger_window, qtbot, view)
    ratings = _submit(ledger_window, lambda ws: [r["rating"] for r in ws.query(
        "SELECT rating FROM problem_ratings WHERE problem_id = ? ORDER BY on_date, hlc", (pid,))])
    assert ratings == ["unsatisfied", "satisfied"]
    whats = [view.timeline.topLevelItem(i).text(2) for i in range(view.timeline.topLevelItemCount())]
    assert whats[-2:] == ["Rating: Unsatisfied (不满意)", "Rating: Satisfied (满意)"]
    assert "Replied (已回复)" in whats[4] and "Reply to the worker" not in whats  # once
    view.reply_button.click()                        # a further reply is kept beside the first
    _confirm(ledger_window, qtbot, view, "再次说明")
    assert view.timeline.topLevelItem(view.timeline.topLevelItemCount() - 1).text(2) \
        == "Reply to the worker"
    view.move_buttons["closed"].click()
    _confirm(ledger_window, qtbot, view)
    assert _problem(ledger_window, pid)["status"] == "closed"
    # reopening needs a reason
    view.reopen_button.click()
    assert not view.action.buttons.button(QDialogButtonBox.Ok).isEnabled()
    _confirm(ledger_window, qtbot, view, "热水器又坏了")
    assert _problem(ledger_window, pid)["status"] == "in_progress"
    save_shot(view, "ledger-problem-view-en")


def test_refused_transition_shows_a_clear_message(ledger_window, qtbot):
    pid = _new_problem(ledger_window)
    view = _open(ledger_window, pid)
    # someone else accepts it meanwhile; this view still offers "Accept"
    _submit(ledger_window, lambda ws: ledger.move(ws, pid, "accepted"))
    view.move_buttons["accepted"].click()
    _confirm(ledger_window, qtbot, view)
    assert view.message.isVisible()
    assert "changed meanwhile" in view.message.text() and "Accepted" in view.message.text()
    assert list(view.move_buttons) == ["in_progress"]   # reloaded: what it is now
    # a move the workflow does not allow at all
    view.move_to("closed")
    ledger_window.idle()
    assert "cannot move to “Closed (销号)”" in view.message.text()
    assert _problem(ledger_window, pid)["status"] == "accepted"


def test_systemic_problem_can_be_escalated(ledger_window, qtbot):
    pid = _new_problem(ledger_window, grade="systemic", escalated_to="市总工会")
    view = _open(ledger_window, pid)
    view.move_buttons["accepted"].click()
    _confirm(ledger_window, qtbot, view)
    assert list(view.move_buttons) == ["in_progress", "escalated"]
    view.move_buttons["escalated"].click()
    assert view.action.inputs["body"].text() == "市总工会"
    _confirm(ledger_window, qtbot, view)
    problem = _problem(ledger_window, pid)
    assert problem["status"] == "escalated" and problem["escalated_on"]


def test_followup_questionnaire_rating_lands_on_the_problem(ledger_window, qtbot):
    site = _submit(ledger_window, lambda ws: ws.scalar("SELECT id FROM sites LIMIT 1"))
    pid = _new_problem(ledger_window, site_id=site)
    for status in ("accepted", "in_progress", "resolved"):
        _submit(ledger_window, lambda ws, s=status: ledger.move(ws, pid, s, on="2026-01-10"))
    view = _open(ledger_window, pid)
    assert view.followup_button.isEnabled()
    view.followup_button.click()
    ledger_window.idle()
    runner = view.runner
    qtbot.waitUntil(lambda: runner.session is not None, timeout=5000)
    assert runner.session.answers["problem_ref"] == pid         # pre-filled from the ledger
    for name, value in FOLLOWUP.items():
        runner.session.set((name,), value)
    assert runner.session.problems() == []
    with qtbot.waitSignal(runner.finalised, timeout=5000):
        runner.finalise()
    ledger_window.idle()
    problem = _problem(ledger_window, pid)
    assert problem["latest_rating"] == "basic"
    rating = _submit(ledger_window, lambda ws: dict(ws.query(
        "SELECT comment, response_id FROM problem_ratings WHERE problem_id = ?", (pid,))[0]))
    assert rating["comment"] == "热水还是不稳定" and rating["response_id"]
    qtbot.waitUntil(lambda: view.timeline.topLevelItemCount() == 5)
    assert "Basically satisfied" in view.timeline.topLevelItem(4).text(2)
    runner.close()


def test_nominate_and_focus(ledger_window, qtbot):
    pid = _new_problem(ledger_window)
    for status in ("accepted", "in_progress", "resolved"):
        _submit(ledger_window, lambda ws, s=status: ledger.move(ws, pid, s, on="2026-02-10"))
    view = _open(ledger_window, pid)
    view.case_button.click()
    assert view.action.inputs["half_year"].text() == "2026-H1"
    _confirm(ledger_window, qtbot, view, "工会协调物业当天更换热水器。")
    view.focus_button.click()
    view.action.inputs["quarter"].setText("2026-Q1")
    _confirm(ledger_window, qtbot, view)
    standing = view.data["standing"]
    assert [c["half_year"] for c in standing["cases"]] == ["2026-H1"]
    assert [f["quarter"] for f in standing["focus"]] == ["2026-Q1"]
    # nominating twice for the same half year is refused, in words
    view.case_button.click()
    _confirm(ledger_window, qtbot, view, "再次提名")
    assert "already a candidate" in view.message.text()


def test_the_response_it_arose_from_opens_in_the_runner(ledger_window, qtbot):
    response_id = _submit(ledger_window, lambda ws: ws.scalar(
        "SELECT id FROM responses WHERE status = 'complete' LIMIT 1"))
    pid = _new_problem(ledger_window, response_id=response_id)
    view = _open(ledger_window, pid)
    label = view.findChild(type(view.heading), "problem_links")
    assert label is not None and response_id[:8] in label.text()
    label.linkActivated.emit("response")
    ledger_window.idle()
    runner = ledger_window._runners[response_id]
    qtbot.waitUntil(lambda: runner.session is not None, timeout=5000)
    runner.close()


def test_cross_department_feedback_due_is_shown(ledger_window, qtbot):
    pid = _new_problem(ledger_window, grade="cross_department", lead_department="区人社局",
                       feedback_interval_days=14)
    view = _open(ledger_window, pid)
    texts = _details(view)
    assert texts["Next feedback due"] == "2026-01-19  (feedback overdue)"
    assert texts["Lead department"] == "区人社局"
    view.feedback_button.click()
    _confirm(ledger_window, qtbot, view, "已联系人社局")
    texts = _details(view)
    assert "feedback overdue" not in texts["Next feedback due"]
    assert view.timeline.topLevelItem(1).text(2) == "Feedback to the worker"
