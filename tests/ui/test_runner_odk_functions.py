"""ODK's expression functions in the real runner: a cadre types the answers and sees what
ODK Collect would show (format-date with time, dates typed without leading zeros, money
compared with ODK's tolerance, `.=0 or.<=${n}`, once(random()), randomize(), digest(),
base64-decode(), area(), distance(), indexed-repeat() with a blank index)."""

import re

import openpyxl
from PySide6.QtCore import Qt

from fieldkit.core.forms import store
from fieldkit.ui.runner import open_runner
from test_runner import (answer, focused, go_to, open_new, press, saved, type_here, wait_loaded,
                         wait_saved)

SURVEY = [
    ("type", "name", "label", "calculation", "constraint", "constraint_message", "relevant"),
    ("text", "worker", "Worker", "", "", "", ""),
    ("calculate", "worker_code", "", "substr(digest(${worker}, 'SHA-256', 'hex'), 0, 8)", "", "", ""),
    ("note", "code_note", "Code: ${worker_code}", "", "", "", ""),
    ("text", "encoded", "Encoded text", "", "", "", ""),
    ("calculate", "decoded", "", "base64-decode(${encoded})", "", "", ""),
    ("note", "decoded_note", "Decoded: ${decoded}", "", "", "", ""),
    ("text", "day_text", "Day as typed", "", "", "", ""),
    ("calculate", "day_shown", "", "format-date(${day_text}, '%Y年%n月%e日')", "", "", ""),
    ("note", "day_note", "Day: [${day_shown}]", "", "", "", ""),
    ("calculate", "stamp", "", "format-date(now(), '%Y-%m-%d %H:%M')", "", "", ""),
    ("note", "stamp_note", "Now: ${stamp}", "", "", "", ""),
    ("time", "shift", "Shift starts", "", "", "", ""),
    ("calculate", "shift_part", "", "decimal-time(${shift})", "", "", ""),
    ("note", "shift_note", "Part of the day: ${shift_part}", "", "", "", ""),
    ("text", "utc_text", "A time with its offset", "", "", "", ""),
    ("calculate", "utc_days", "", "decimal-date-time(${utc_text})", "", "", ""),
    ("note", "utc_note", "Days: ${utc_days}", "", "", "", ""),
    ("decimal", "price", "Price", "", "", "", ""),
    ("decimal", "discount", "Discount", "", "", "", ""),
    ("decimal", "paid", "Paid", "", ". = ${price} - ${discount}", "Paid must be price minus discount", ""),
    ("integer", "n", "Limit", "", "", "", ""),
    ("integer", "m", "Up to the limit", "", ".=0 or.<=${n}", "Too many", ""),
    ("calculate", "draw", "", "once(random())", "", "", ""),
    ("note", "draw_note", "Draw: ${draw}", "", "", "", ""),
    ("geoshape", "plot", "Plot", "", "", "", ""),
    ("calculate", "plot_area", "", "round(area(${plot}), 0)", "", "", ""),
    ("note", "area_note", "Area: ${plot_area} m2", "", "", "", ""),
    ("note", "big_note", "A big plot", "", "", "", "area(${plot}) > 1000"),
    ("geotrace", "walk", "Walk", "", "", "", ""),
    ("calculate", "walked", "", "round(distance(${walk}), 0)", "", "", ""),
    ("note", "walk_note", "Walked: ${walked} m", "", "", "", ""),
    ("begin_repeat", "members", "Members", "", "", "", ""),
    ("text", "member", "Member", "", "", "", ""),
    ("end_repeat", "", "", "", "", "", ""),
    ("integer", "pick", "Which member", "", "", "", ""),
    ("calculate", "picked", "", "indexed-repeat(${member}, ${members}, ${pick})", "", "", ""),
    ("note", "picked_note", "Picked: ${picked}", "", "", "", ""),
    ("calculate", "order", "", "join(' ', randomize(${member}, 11111111))", "", "", ""),
    ("note", "order_note", "Order: ${order}", "", "", "", ""),
]

# one metre of latitude in degrees on ODK's sphere (radius 6,378,100 m)
M = 360 / (2 * 3.141592653589793 * 6_378_100)


def _write_form(path):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in SURVEY:
        survey.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["odk_functions", "ODK functions", "1"])
    book.save(path)
    return path


def _open(qtbot, main_window, tmp_path):
    path = _write_form(tmp_path / "odk_functions.xlsx")
    result = main_window.tasks.executor.submit(store.import_form, path).result(30)
    assert result.status == "imported"
    return open_new(qtbot, main_window, result.form_id)


def label(runner, path):
    return runner.view.row(path).label.text()


def message(runner, path):
    row = runner.view.row(path)
    return row._message.text() if row._message is not None and row._message.isVisible() else ""


def test_a_cadre_sees_what_odk_collect_shows(qtbot, main_window, tmp_path):
    runner = _open(qtbot, main_window, tmp_path)
    view = runner.view
    go_to(qtbot, runner, ("worker",))
    answer(qtbot, "abc")                                   # SHA-256 of 'abc' starts ba7816bf
    assert label(runner, ("code_note",)) == "Code: ba7816bf"
    go_to(qtbot, runner, ("encoded",))
    answer(qtbot, "5L2g5aW9")
    assert label(runner, ("decoded_note",)) == "Decoded: 你好"
    go_to(qtbot, runner, ("encoded",))
    view.row(("encoded",)).input.edit.selectAll()
    answer(qtbot, "not base64!")                            # garbage: blank, no error
    assert label(runner, ("decoded_note",)) == "Decoded: "
    # a date typed the Chinese way, without leading zeros
    go_to(qtbot, runner, ("day_text",))
    answer(qtbot, "2024-1-5")
    assert label(runner, ("day_note",)) == "Day: [2024年1月5日]"
    go_to(qtbot, runner, ("day_text",))
    view.row(("day_text",)).input.edit.selectAll()
    answer(qtbot, "soon")                                   # not a date: blank, no error
    assert label(runner, ("day_note",)) == "Day: []"
    assert runner.session.errors == []                    # no formula failed
    assert re.fullmatch(r"Now: \d{4}-\d\d-\d\d \d\d:\d\d", label(runner, ("stamp_note",)))
    go_to(qtbot, runner, ("shift",))
    answer(qtbot, "1800")
    assert runner.session.value(("shift",)).startswith("18:00")
    assert label(runner, ("shift_note",)) == "Part of the day: 0.75"
    go_to(qtbot, runner, ("utc_text",))
    answer(qtbot, "2024-05-01T08:00:00+08:00")            # midnight UTC: a whole number of days
    assert label(runner, ("utc_note",)) == "Days: 19844"
    # money: 10.1 - 0.3 is 9.799999999999999 in binary floats; ODK Collect accepts 9.8
    go_to(qtbot, runner, ("price",))
    answer(qtbot, "10.1")
    answer(qtbot, "0.3")
    answer(qtbot, "9.8")
    assert runner.session.value(("paid",)) == "9.8"
    assert message(runner, ("paid",)) == ""
    go_to(qtbot, runner, ("paid",))
    view.row(("paid",)).input.edit.selectAll()
    answer(qtbot, "9.7")
    assert message(runner, ("paid",)) == "Paid must be price minus discount"
    # the Kobo form's constraint `.=0 or.<=${n}`
    go_to(qtbot, runner, ("n",))
    answer(qtbot, "3")
    answer(qtbot, "5")
    assert message(runner, ("m",)) == "Too many"
    go_to(qtbot, runner, ("m",))
    view.row(("m",)).input.edit.selectAll()
    answer(qtbot, "2")
    assert message(runner, ("m",)) == ""
    draw = runner.session.value(("draw",))
    assert 0 < float(draw) < 1 and label(runner, ("draw_note",)) == f"Draw: {draw}"
    # a 100 m x 50 m plot, one corner per line
    go_to(qtbot, runner, ("plot",))
    assert not view.row(("big_note",)).isVisible()
    for i, corner in enumerate(["0 0", f"0 {100 * M}", f"{50 * M} {100 * M}", f"{50 * M} 0", "0 0"]):
        type_here(qtbot, corner)
        if i < 4:
            press(qtbot, Qt.Key_Return)                     # a new line: the next corner
    qtbot.waitUntil(lambda: label(runner, ("area_note",)) == "Area: 5000 m2", timeout=3000)
    assert view.row(("big_note",)).isVisible()              # relevant: area(${plot}) > 1000
    go_to(qtbot, runner, ("walk",))
    type_here(qtbot, "0 0")
    press(qtbot, Qt.Key_Return)
    type_here(qtbot, f"{250 * M} 0")
    qtbot.waitUntil(lambda: label(runner, ("walk_note",)) == "Walked: 250 m", timeout=3000)
    # members: indexed-repeat with no index yet shows the first; randomize with a seed
    footer = view.nodes[("members",)].widget.footer
    for name in ("Li", "Wang", "Zhao"):
        view.navigator.focus_footer(view.nodes[("members",)])
        assert focused() is footer.button
        press(qtbot, Qt.Key_Space)
        qtbot.waitUntil(lambda: focused() is not footer.button, timeout=3000)
        type_here(qtbot, name)
    qtbot.waitUntil(lambda: label(runner, ("picked_note",)) == "Picked: Li", timeout=3000)
    go_to(qtbot, runner, ("pick",))
    answer(qtbot, "3")
    assert label(runner, ("picked_note",)) == "Picked: Zhao"
    # seed 11111111 orders three items as ODK does: the 1st, 3rd, 2nd
    assert label(runner, ("order_note",)) == "Order: Li Zhao Wang"
    wait_saved(qtbot, runner)
    stored = saved(main_window, runner)["answers"]
    assert stored["draw"] == draw and stored["plot_area"] == "5000" and stored["walked"] == "250"
    # reopened, the drawn number is the same
    rid = runner.response_id
    runner.close()
    again = wait_loaded(qtbot, open_runner(main_window, response_id=rid))
    assert again.session.value(("draw",)) == draw
    assert label(again, ("draw_note",)) == f"Draw: {draw}"
    assert label(again, ("area_note",)) == "Area: 5000 m2"


def test_two_responses_draw_their_own_numbers(qtbot, main_window, tmp_path):
    first = _open(qtbot, main_window, tmp_path)
    one = first.session.value(("draw",))
    wait_saved(qtbot, first)
    first_id = first.response_id or first.data["response"]["new_id"]
    first.close()
    second = open_new(qtbot, main_window, "odk_functions")
    assert (second.response_id or second.data["response"]["new_id"]) != first_id
    assert second.session.value(("draw",)) != one
