"""A long repeat in the runner: a site's roster of 50 and 200 workers, real widgets.

Adding a worker builds the widgets of that one worker and lays out no other; removing one
in the middle renumbers the ones after it without rebuilding them; answers typed into an
entry that moved land on the right worker; a saved roster of 200 reopens whole.
"""

from PySide6.QtCore import QEvent, QObject, Qt

from fieldkit.core import responses
from fieldkit.core.forms.store import store_definition
from fieldkit.ui.runner import open_runner
from fieldkit.ui.runner.question_row import QuestionRow
from fieldkit.ui.runner.sections import InstanceFrame
from roster_testing import expected_total, roster_answers, roster_form
from test_runner import focused, go_to, press, saved, type_here, wait_loaded, wait_saved


def open_roster(qtbot, main_window, workers: int):
    def prepare(ws):
        store_definition(ws, roster_form())
        response_id = responses.start(ws, "worker_roster")
        responses.save_draft(ws, response_id, roster_answers(workers))
        return response_id

    response_id = main_window.tasks.executor.submit(prepare).result(20)
    runner = wait_loaded(qtbot, open_runner(main_window, response_id=response_id))
    runner.view.finish_building()
    qtbot.wait(10)
    return runner


class Resizes(QObject):
    """Counts the Resize events the watched widgets get."""

    def __init__(self, widgets) -> None:
        super().__init__()
        self.count = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Resize:
            self.count += 1
        return False


def rows_by_path(view):
    return {row.path: row for row in view.content.findChildren(QuestionRow)}


def test_adding_a_worker_to_50_builds_one_worker_and_lays_out_no_other(qtbot, main_window):
    runner = open_roster(qtbot, main_window, 50)
    view = runner.view
    before = rows_by_path(view)
    frames = view.content.findChildren(InstanceFrame)
    assert len(frames) == 50
    # five questions per worker, "why not" for every third one, the site and the summary
    assert len(before) == 50 * 5 + 16 + 2
    resizes = Resizes(frames + list(before.values()))
    view.navigator.focus_footer(view.nodes[("members",)])
    press(qtbot, Qt.Key_Space)                  # add, from the keyboard
    qtbot.waitUntil(lambda: focused() is not None and
                    view.navigator.current.path == ("members", 50, "m_name"))
    qtbot.wait(20)
    after = rows_by_path(view)
    new = {path: row for path, row in after.items() if path not in before}
    assert sorted(new) == sorted(("members", 50, name)
                                 for name in ("m_name", "m_age", "m_sex", "m_wage", "m_works"))
    assert all(after[path] is row for path, row in before.items())   # nothing rebuilt
    assert len(view.content.findChildren(InstanceFrame)) == 51
    assert resizes.count == 0                   # no other worker was laid out again
    assert view.nodes[("members",)].widget.footer.count.text() == "51 so far. Enter moves on."
    type_here(qtbot, "尼玛次仁")
    press(qtbot, Qt.Key_Return)
    type_here(qtbot, "17")
    assert runner.session.value(("members", 50, "m_name")) == "尼玛次仁"
    assert runner.session.value(("member_count",)) == "51"
    assert "51 workers" in view.row(("roster_summary",)).label.text()
    wait_saved(qtbot, runner)
    stored = saved(main_window, runner)["answers"]["members"]
    assert len(stored) == 51 and stored[50]["m_name"] == "尼玛次仁" and stored[50]["m_age"] == "17"


def test_removing_worker_21_of_50_renumbers_the_rest_without_rebuilding(qtbot, main_window):
    from PySide6.QtWidgets import QMessageBox

    runner = open_roster(qtbot, main_window, 50)
    view = runner.view
    moved_row = view.row(("members", 21, "m_name"))
    moved_frame = view.nodes[("members", 21)].widget
    go_to(qtbot, runner, ("members", 20, "m_age"))
    original = QMessageBox.question
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Yes)
    try:
        press(qtbot, Qt.Key_Delete, Qt.ControlModifier | Qt.ShiftModifier)
    finally:
        QMessageBox.question = original
    assert runner.session.value(("member_count",)) == "49"
    assert view.row(("members", 20, "m_name")) is moved_row       # the same widgets, moved up
    assert moved_row.path == ("members", 20, "m_name") and moved_row.input.edit.text() == "工人22"
    assert view.nodes[("members", 20)].widget is moved_frame
    assert moved_frame.title.text() == "Worker 21"
    assert view.nodes[("members", 48)].widget.title.text() == "Worker 49"
    assert ("members", 49) not in view.nodes
    assert len(view.content.findChildren(InstanceFrame)) == 49
    assert sorted(set(p[:2] for p in rows_by_path(view) if len(p) == 3)) == \
        [("members", k) for k in range(49)]
    assert focused() is view.nodes[("members",)].widget.footer.button
    go_to(qtbot, runner, ("members", 20, "m_wage"))               # typing lands on worker 22
    view.row(("members", 20, "m_wage")).input.edit.selectAll()
    type_here(qtbot, "8000")
    assert runner.session.value(("members", 20, "m_wage")) == "8000"
    assert runner.session.answers["members"][20]["m_name"] == "工人22"
    total = expected_total(50) - (3000 + 200) - (3000 + 210) + 8000
    assert runner.session.value(("wage_total",)) == str(total)
    assert f"{total} yuan" in view.row(("roster_summary",)).label.text()
    # worker 24 (index 22 now) works elsewhere: switching it shows no "why not" twice
    go_to(qtbot, runner, ("members", 22, "m_works"))
    press(qtbot, Qt.Key_1)
    assert not view.row(("members", 22, "m_note"), build=False).isVisible()


def test_a_saved_roster_of_200_reopens_and_takes_a_201st_worker(qtbot, main_window):
    runner = open_roster(qtbot, main_window, 200)
    view = runner.view
    assert len(view.content.findChildren(InstanceFrame)) == 200
    assert f"200 workers; wages add up to {expected_total(200)} yuan." in \
        view.row(("roster_summary",)).label.text()
    assert view.row(("members", 150, "m_name")).input.edit.text() == "工人151"
    frames = view.content.findChildren(InstanceFrame)
    resizes = Resizes(frames)
    go_to(qtbot, runner, ("members", 150, "m_wage"))             # one answer deep inside
    view.row(("members", 150, "m_wage")).input.edit.selectAll()
    type_here(qtbot, "0")                                        # breaks the constraint
    qtbot.wait(20)
    assert view.row(("members", 150, "m_wage")).message_text() == "A wage is more than 0."
    assert resizes.count <= 1                                    # only worker 151 grew
    view.add_instance(("members",))
    qtbot.wait(20)
    assert runner.session.value(("member_count",)) == "201"
    assert len(view.content.findChildren(InstanceFrame)) == 201
    assert "201 workers" in view.row(("roster_summary",)).label.text()
    wait_saved(qtbot, runner)
    stored = saved(main_window, runner)["answers"]["members"]
    assert len(stored) == 201 and stored[150]["m_wage"] == "0" and stored[199]["m_name"] == "工人200"
