"""FormSession driven through the built-in questionnaires (forms/*.xlsx)."""

import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import pytest

from fieldkit.core.forms.session import FormSession, InvalidAnswer, SessionError
from fieldkit.core.forms.xlsform_reader import read_xlsform

FORMS = Path(__file__).resolve().parents[3] / "forms"
CST = timezone(timedelta(hours=8))
NOW = datetime(2024, 12, 12, 9, 30, tzinfo=CST)


@lru_cache(maxsize=None)
def form(name):
    return read_xlsform(FORMS / f"{name}.xlsx")


def start(name, language="en", answers=None, **kw):
    kw.setdefault("clock", lambda: NOW)
    return FormSession(form(name), answers, language=language, **kw)


def visible(session, *path):
    return session.item(path).visible


# -- metadata --------------------------------------------------------------------------

def test_metadata_is_filled_in_and_end_is_stamped_when_finalising():
    session = start("altitude_health", metadata={"deviceid": "laptop-07", "username": "王芳"})
    assert session.answers["start"] == "2024-12-12T09:30:00.000+08:00"
    assert session.answers["today"] == "2024-12-12"
    assert session.answers["deviceid"] == "laptop-07"
    assert session.answers["username"] == "王芳"
    assert session.answers.get("end", "") == ""
    session.clock = lambda: NOW + timedelta(minutes=25)
    final = session.finalise()
    assert final["end"] == "2024-12-12T09:55:00.000+08:00"
    assert final["start"] == "2024-12-12T09:30:00.000+08:00"


def test_reopened_draft_keeps_its_start():
    first = start("frontline_needs")
    later = start("frontline_needs", answers=first.answers, clock=lambda: NOW + timedelta(days=2))
    assert later.answers["start"] == first.answers["start"]
    assert later.answers["today"] == "2024-12-12"


# -- skip logic ------------------------------------------------------------------------

def test_skip_logic_hides_and_shows_groups_and_their_children():
    session = start("problem_followup")
    session.set(("reached",), "no")
    assert not visible(session, "problem") and not visible(session, "site_name")
    assert visible(session, "not_reached_reason")
    changes = session.set(("reached",), "yes")
    assert {("problem",), ("site_name",), ("handling",), ("resolved",), ("not_reached_reason",)} <= changes.visibility
    assert visible(session, "problem") and visible(session, "site_name")
    assert not visible(session, "not_reached_reason")
    item = session.item(("site_name",))
    assert item.relevant  # its own relevance; the group decides visibility
    session.set(("reached",), "no")
    assert session.item(("site_name",)).relevant and not session.item(("site_name",)).visible


def test_initial_relevance_is_evaluated():
    session = start("problem_followup")
    # ${reached} = 'yes' is false while reached is unanswered
    assert not visible(session, "problem")
    assert not visible(session, "not_reached_reason")
    assert visible(session, "reached")


def test_hidden_answers_are_dropped_from_the_final_answers_but_kept_while_editing():
    session = start("problem_followup")
    session.set(("reached",), "yes")
    session.set(("site_name",), "拉萨枢纽项目")
    session.set(("satisfaction",), "2")
    assert session.final_answers()["site_name"] == "拉萨枢纽项目"
    session.set(("reached",), "no")
    assert session.value(("site_name",)) == "拉萨枢纽项目"  # not lost while filling in
    final = session.final_answers()
    assert "site_name" not in final and "satisfaction" not in final
    assert final["reached"] == "no"
    assert session.answers["site_name"] == "拉萨枢纽项目"
    session.set(("reached",), "yes")
    assert session.final_answers()["site_name"] == "拉萨枢纽项目"


def test_hidden_answers_read_as_empty_in_formulas():
    session = start("problem_followup")
    session.set(("reached",), "yes")
    session.set(("satisfaction",), "5")
    assert session.value(("is_satisfied",)) == "1"
    session.set(("reached",), "no")  # the rating group is hidden: satisfaction reads as ''
    assert session.value(("is_satisfied",)) == ""
    assert session.typed_value(("satisfaction",)) == ""


# -- calculations ----------------------------------------------------------------------

def test_calculation_chain_updates_values_visibility_and_labels():
    session = start("new_forms_of_employment")
    session.set(("hours_per_day",), "10.5")
    changes = session.set(("days_per_week",), 7)
    assert session.value(("weekly_hours",)) == "73.5"
    assert ("weekly_hours",) in changes.values
    assert ("long_hours_note",) in changes.visibility
    assert ("long_hours_note",) in changes.labels
    note = session.item(("long_hours_note",))
    assert note.visible and note.kind == "note"
    assert note.label.startswith("You work about 73.5 hours a week")
    changes = session.set(("days_per_week",), 5)
    assert session.value(("weekly_hours",)) == "52.5"
    assert not visible(session, "long_hours_note")
    session.set(("hours_per_day",), None)
    assert session.value(("weekly_hours",)) == ""  # arithmetic on an empty answer: empty, not "NaN"


def test_calculation_over_several_answers():
    session = start("problem_followup")
    session.set(("reached",), "yes")
    for name, value in (("satisfaction", 4), ("timeliness_rating", 3), ("attitude_rating", 5)):
        session.set((name,), value)
    assert session.value(("average_rating",)) == "4"
    session.set(("timeliness_rating",), 4)
    assert session.value(("average_rating",)) == "4.3"
    assert session.value(("is_satisfied",)) == "1"
    assert not visible(session, "dissatisfied")
    session.set(("satisfaction",), 2)
    assert visible(session, "dissatisfied") and visible(session, "want_followup")


def test_choice_filter_offers_only_chosen_needs():
    session = start("frontline_needs")
    names = [c.name for c in session.item(("top_needs",)).choices]
    session.set(("top_needs",), names[1])
    assert not visible(session, "most_urgent")  # only one chosen: nothing to rank
    session.set(("top_needs",), [names[0], names[2], names[3]])
    assert visible(session, "most_urgent")
    assert [c.name for c in session.item(("most_urgent",)).choices] == [names[0], names[2], names[3]]


# -- constraints and required ----------------------------------------------------------

def test_constraint_messages_in_both_languages():
    session = start("altitude_health", language="English (en)")
    changes = session.set(("site_altitude",), 7000)
    assert ("site_altitude",) in changes.constraint
    item = session.item(("site_altitude",))
    assert not item.constraint_ok
    assert item.constraint_message == "Altitude must be between 0 and 6,000 m."
    assert item.label == "Altitude of your main work place (metres)"
    session.set_language("zh")
    item = session.item(("site_altitude",))
    assert item.constraint_message == "海拔应在0到6000米之间。"
    assert item.label == "您主要作业地点的海拔（米）"
    problem = next(p for p in session.problems() if p.path == ("site_altitude",))
    assert problem.kind == "constraint" and problem.message == "海拔应在0到6000米之间。"
    changes = session.set(("site_altitude",), 3800)
    assert ("site_altitude",) in changes.constraint and session.item(("site_altitude",)).constraint_ok
    assert all(p.path != ("site_altitude",) for p in session.problems())


def test_constraint_with_dot_on_a_select_multiple():
    session = start("altitude_health", language="zh")
    session.set(("symptoms",), ["headache", "none"])
    item = session.item(("symptoms",))
    assert not item.constraint_ok and item.constraint_message == "“都没有”不能与其他选项同时选择。"
    session.set(("symptoms",), "headache dizziness")
    assert session.item(("symptoms",)).constraint_ok
    assert visible(session, "symptom_frequency")


def test_required_messages_and_problems_in_form_order():
    session = start("altitude_health", language="zh")
    problems = session.problems()
    assert problems[0].path == ("project_name",)
    assert problems[0].kind == "required" and problems[0].message == "此题必答。"
    paths = [p.path for p in problems]
    assert paths.index(("project_name",)) < paths.index(("gender",)) < paths.index(("care_needs",))
    assert ("work_type_other",) not in paths  # hidden: not required now
    assert ("message_to_union",) not in paths  # optional
    session.set(("project_name",), "川藏铁路某标段")
    assert ("project_name",) not in [p.path for p in session.problems()]
    english = start("altitude_health", language="en")
    assert english.problems()[0].message == "This question is required."
    assert english.item(("project_name",)).required and english.item(("project_name",)).missing


def test_unanswered_questions_do_not_break_constraints():
    session = start("altitude_health")
    assert all(p.kind == "required" for p in session.problems())
    assert session.item(("camp_altitude",)).constraint_ok


# -- repeats ---------------------------------------------------------------------------

def test_altitude_readings_sums_and_counts_over_the_repeat():
    session = start("altitude_health")
    readings = [(80, 110), (95, 72), (88, 90)]
    for k, (spo2, pulse) in enumerate(readings):
        changes = session.add_repeat(("readings",))
        assert changes.added == [("readings", k)] and ("readings",) in changes.repeats
        session.set(("readings", k, "reading_spo2"), spo2)
        session.set(("readings", k, "reading_pulse"), pulse)
    assert session.value(("reading_count",)) == "3"
    assert session.value(("spo2_min",)) == "80"
    assert session.value(("spo2_avg",)) == "87.7"
    assert session.value(("pulse_max",)) == "110"
    assert session.value(("readings", 0, "reading_low")) == "1"
    assert session.value(("readings", 1, "reading_low")) == "0"
    assert session.value(("low_reading_count",)) == "1"
    assert session.value(("low_spo2_flag",)) == "yes"
    assert visible(session, "readings", 0, "low_reading_note")
    assert not visible(session, "readings", 1, "low_reading_note")
    summary = session.item(("readings_summary",))
    assert summary.visible and summary.label.startswith("3 reading(s): lowest SpO2 80%, average 87.7%")
    changes = session.remove_repeat(("readings", 0))
    assert changes.removed == [("readings", 0)]
    assert session.value(("reading_count",)) == "2"
    assert session.value(("low_spo2_flag",)) == "no"
    assert session.value(("spo2_min",)) == "88"
    assert ("low_flag_note",) in changes.visibility
    assert session.value(("readings", 0, "reading_spo2")) == "95"
    assert session.answers["readings"] == [
        {"reading_spo2": "95", "reading_pulse": "72", "reading_low": "0"},
        {"reading_spo2": "88", "reading_pulse": "90", "reading_low": "0"},
    ]


def test_changing_one_reading_touches_only_that_instance_and_the_totals():
    session = start("altitude_health")
    for k in range(3):
        session.add_repeat(("readings",))
        session.set(("readings", k, "reading_spo2"), 95)
    changes = session.set(("readings", 1, "reading_spo2"), 70)
    touched = {p for p in changes.paths() if p[0] == "readings"}
    assert touched == {("readings", 1, "reading_spo2"), ("readings", 1, "reading_low"),
                       ("readings", 1, "low_reading_note")}
    assert {("spo2_min",), ("low_spo2_flag",)} <= changes.values
    assert not changes.constraint  # 70 is within 50..100
    changes = session.set(("readings", 2, "reading_spo2"), 30)
    assert changes.constraint == {("readings", 2, "reading_spo2")}
    assert not session.item(("readings", 2, "reading_spo2")).constraint_ok


def test_repeat_count_adds_and_removes_instances_and_keeps_typed_entries():
    session = start("new_forms_of_employment")
    session.set(("has_children",), "yes")
    assert session.item(("children",)).count == 0
    changes = session.set(("children_count",), 2)
    assert changes.added == [("children", 0), ("children", 1)]
    assert session.item(("children",)).count == 2
    assert not session.item(("children",)).can_add
    session.set(("children", 1, "child_age"), 9)
    session.set(("children", 1, "child_needs_care"), "yes")
    session.set(("children", 0, "child_needs_care"), "yes")
    assert session.value(("children_needing_care",)) == "2"
    assert visible(session, "care_periods")
    changes = session.set(("children_count",), 1)
    assert changes.removed == [("children", 1)]
    assert session.value(("children_needing_care",)) == "1"
    session.set(("children_count",), None)  # while retyping the number
    assert session.item(("children",)).count == 0
    session.set(("children_count",), 2)  # the second child's answers come back
    assert session.value(("children", 1, "child_age")) == "9"
    assert session.value(("children_needing_care",)) == "2"
    with pytest.raises(SessionError):
        session.add_repeat(("children",))
    with pytest.raises(SessionError):
        session.remove_repeat(("children", 0))
    session.set(("has_children",), "no")  # children_count is hidden, so it reads as empty
    assert not visible(session, "children") and session.item(("children",)).count == 0
    final = session.final_answers()
    assert "children" not in final and "children_count" not in final
    assert final["children_needing_care"] == "0"
    session.set(("has_children",), "yes")
    assert session.item(("children",)).count == 2
    assert session.value(("children", 1, "child_age")) == "9"


def test_user_repeat_add_and_remove_in_frontline_needs():
    session = start("frontline_needs")
    session.set(("has_children",), "yes")
    session.add_repeat(("children",))
    session.add_repeat(("children",))
    session.set(("children", 0, "child_needs_care"), "yes")
    session.set(("children", 1, "child_needs_care"), "yes")
    note = session.item(("childcare_summary",))
    assert note.visible and note.label.startswith("2 child(ren) need summer-holiday care")
    session.remove_repeat(("children", 0))
    assert session.item(("childcare_summary",)).label.startswith("1 child(ren)")
    with pytest.raises(SessionError):
        session.remove_repeat(("children", 5))
    with pytest.raises(SessionError):
        session.remove_repeat(("children",))


# -- Changes minimality ------------------------------------------------------------------

def test_changing_an_answer_nobody_depends_on_changes_only_that_item():
    session = start("frontline_needs")
    before = session.evaluations
    changes = session.set(("site_region",), "西藏林芝")
    assert changes.paths() == {("site_region",)}
    assert changes.values == {("site_region",)}
    assert not (changes.visibility or changes.required or changes.constraint or changes.choices
                or changes.labels or changes.repeats or changes.added or changes.errors)
    assert session.evaluations == before  # no formula evaluated at all
    assert not session.set(("site_region",), "西藏林芝")  # the same value: nothing changed


def test_changes_name_only_dependents():
    session = start("frontline_needs")
    changes = session.set(("family_far",), "yes")
    assert changes.values == {("family_far",)}
    assert changes.visibility == {("home_visits_year",), ("family_worries",)}
    assert not changes.constraint and not changes.choices


# -- storage ---------------------------------------------------------------------------

def test_answers_are_json_and_reload_to_the_same_state():
    session = start("altitude_health", language="zh")
    session.set(("site_altitude",), 4100)
    session.set(("symptoms",), ["headache", "poor_sleep"])
    session.add_repeat(("readings",))
    session.set(("readings", 0, "reading_time"), datetime(2024, 12, 11, 7, 5, tzinfo=CST))
    session.set(("readings", 0, "reading_spo2"), "83")
    session.set(("sleep_hours",), 6.50)
    text = session.answers_json()
    stored = json.loads(text)
    assert stored["readings"][0]["reading_time"] == "2024-12-11T07:05:00.000+08:00"
    assert stored["sleep_hours"] == "6.5" and stored["symptoms"] == "headache poor_sleep"
    again = start("altitude_health", language="zh", answers=stored)
    assert again.answers_json() == text
    assert [(i.path, i.visible, i.value, i.label, i.constraint_ok) for i in again.items()] == \
           [(i.path, i.visible, i.value, i.label, i.constraint_ok) for i in session.items()]
    assert again.problems() == session.problems()


def test_bad_values_are_refused_with_a_clear_message():
    session = start("altitude_health")
    with pytest.raises(InvalidAnswer) as info:
        session.set(("site_altitude",), "about 4000")
    assert info.value.message("en") == "Enter a whole number."
    assert info.value.message("zh_CN") == "请输入整数。"
    with pytest.raises(InvalidAnswer):
        session.set(("sleep_hours",), "six")
    with pytest.raises(SessionError):
        session.set(("site",), "x")  # a group
    with pytest.raises(SessionError):
        session.set(("no_such_question",), "x")
    with pytest.raises(SessionError):
        session.set(("readings", 0, "reading_spo2"), 90)  # no instance yet
    with pytest.raises(SessionError):
        session.set(("reading_spo2",), 90)  # inside a repeat: needs the instance
    assert session.value(("site_altitude",)) == ""


def test_items_in_form_order_with_kinds_depths_and_choices():
    session = start("altitude_health", language="zh")
    session.add_repeat(("readings",))
    items = session.items()
    kinds = {i.path: (i.kind, i.depth) for i in items}
    assert kinds[("intro",)] == ("note", 0)
    assert kinds[("site",)] == ("group", 0)
    assert kinds[("site_altitude",)] == ("question", 1)
    assert kinds[("readings",)] == ("repeat", 1)
    assert kinds[("readings", 0)] == ("repeat_instance", 2)
    assert kinds[("readings", 0, "reading_spo2")] == ("question", 3)
    assert ("altitude_band",) not in kinds and ("start",) not in kinds  # not shown to people
    every = {i.path for i in session.items(all_types=True)}
    assert ("altitude_band",) in every and ("start",) in every
    paths = [i.path for i in items]
    assert paths.index(("site",)) < paths.index(("site_altitude",)) < paths.index(("readings", 0))
    gender = session.item(("gender",))
    assert [(c.name, c.label) for c in gender.choices] == [("male", "男"), ("female", "女"), ("prefer_not", "不愿透露")]
    assert session.item(("site",)).appearance == "field-list"
    assert session.item(("readings", 0)).label == "测量记录 1"
    assert session.item(("readings",)).can_add and session.item(("readings",)).count == 1
