"""FormSession on small hand-built forms: defaults, repeats, positions, error tolerance,
minimal re-evaluation on a dense 500-question form, and value conversions."""

import random
from datetime import date, datetime, time, timedelta, timezone

import pytest

from fieldkit.core.forms.model import Choice, FormDefinition, Question as Q
from fieldkit.core.forms.session import FormSession, InvalidAnswer, SessionError, from_answer, to_answer

CST = timezone(timedelta(hours=8))
NOW = datetime(2024, 12, 12, 9, 30, tzinfo=CST)


def start(questions, answers=None, choices=None, **kw):
    kw.setdefault("clock", lambda: NOW)
    kw.setdefault("language", "en")
    return FormSession(FormDefinition("t", questions=questions, choices=choices or {}), answers, **kw)


# -- defaults ----------------------------------------------------------------------------

def test_defaults_literal_and_one_time_expressions():
    questions = [
        Q("integer", "base", default="5"),
        Q("integer", "plus", default="${base} + 1"),
        Q("text", "when", default="concat('on ', today())"),
        Q("text", "plain", default="Hello (world)"),
        Q("date", "day", default="2024-01-31"),
    ]
    session = start(questions)
    assert session.answers == {"base": "5", "plus": "6", "when": "on 2024-12-12",
                               "plain": "Hello (world)", "day": "2024-01-31"}
    changes = session.set(("base",), 10)
    assert session.value(("plus",)) == "6"  # evaluated once, when the response was created
    assert changes.values == {("base",)}
    loaded = start(questions, answers={"base": "7"})  # a saved response: no defaults added
    assert loaded.answers == {"base": "7"}


def test_defaults_in_new_repeat_instances_use_values_at_creation():
    session = start([
        Q("integer", "usual_hours", default="8"),
        Q("repeat", "days", children=[
            Q("integer", "hours", default="${usual_hours}"),
            Q("text", "note", default="ok"),
        ]),
    ])
    session.add_repeat(("days",))
    session.set(("usual_hours",), 10)
    session.add_repeat(("days",))
    assert session.answers["days"] == [{"hours": "8", "note": "ok"}, {"hours": "10", "note": "ok"}]


# -- repeats ---------------------------------------------------------------------------

HOUSEHOLDS = [
    Q("repeat", "hh", children=[
        Q("calculate", "hh_no", calculation="position(..)"),
        Q("text", "head", label={"": "Head of household ${hh_no}: ${head}"}),
        Q("repeat", "mem", children=[
            Q("integer", "age"),
            Q("calculate", "hh_of_member", calculation="position(${hh})"),
            Q("calculate", "first_age", calculation="indexed-repeat(${age}, ${mem}, 1)"),
            Q("note", "older", label={"": "Older than the first"}, relevant="${age} > ${first_age}"),
        ]),
        Q("calculate", "hh_total", calculation="sum(${age})"),
        Q("calculate", "hh_size", calculation="count(${mem})"),
    ]),
    Q("calculate", "everyone", calculation="sum(${age})"),
    Q("calculate", "households", calculation="count(${hh})"),
    Q("calculate", "second_head", calculation="indexed-repeat(${head}, ${hh}, 2)"),
]


def test_nested_repeats_positions_sums_and_indexed_repeat():
    session = start(HOUSEHOLDS)
    for _ in range(2):
        session.add_repeat(("hh",))
    session.add_repeat(("hh", 0, "mem"))
    session.add_repeat(("hh", 0, "mem"))
    session.add_repeat(("hh", 1, "mem"))
    session.set(("hh", 0, "mem", 0, "age"), 40)
    session.set(("hh", 0, "mem", 1, "age"), 12)
    session.set(("hh", 1, "mem", 0, "age"), 70)
    session.set(("hh", 1, "head"), "卓玛")
    assert session.value(("hh", 1, "hh_no")) == "2"
    assert session.value(("hh", 1, "mem", 0, "hh_of_member")) == "2"
    assert session.value(("hh", 0, "hh_total")) == "52" and session.value(("hh", 0, "hh_size")) == "2"
    assert session.value(("everyone",)) == "122" and session.value(("households",)) == "2"
    assert session.value(("hh", 0, "mem", 1, "first_age")) == "40"
    assert session.value(("second_head",)) == "卓玛"
    assert session.item(("hh", 1, "head")).label == "Head of household 2: 卓玛"
    changes = session.set(("hh", 0, "mem", 0, "age"), 5)  # indexed-repeat readers in that household
    assert session.value(("hh", 0, "mem", 1, "first_age")) == "5"
    assert ("hh", 0, "mem", 1, "older") in changes.visibility
    assert not any(p[:2] == ("hh", 1) for p in changes.paths())  # the other household is untouched
    changes = session.remove_repeat(("hh", 0))
    assert session.value(("hh", 0, "hh_no")) == "1"  # position() renumbered
    assert session.value(("hh", 0, "mem", 0, "hh_of_member")) == "1"
    assert session.value(("everyone",)) == "70" and session.value(("second_head",)) == ""
    assert ("hh", 0, "hh_no") in changes.values


def test_add_repeat_at_a_position_and_path_errors():
    session = start([Q("repeat", "r", children=[Q("text", "t"), Q("calculate", "n", calculation="position(..)")])])
    session.add_repeat(("r",))
    session.set(("r", 0, "t"), "first")
    session.add_repeat(("r",), at=0)
    assert [session.value(("r", i, "t")) for i in range(2)] == ["", "first"]
    assert [session.value(("r", i, "n")) for i in range(2)] == ["1", "2"]
    with pytest.raises(SessionError):
        session.add_repeat(("r", 0))
    with pytest.raises(SessionError):
        session.add_repeat(("t",))
    with pytest.raises(SessionError):
        session.item(("r", "0", "t"))
    with pytest.raises(SessionError):
        session.item(("r", 7))
    assert session.item(("r", 1)).kind == "repeat_instance" and session.item(("r", 1)).index == 1


def test_hidden_repeat_counts_as_empty():
    session = start([
        Q("select_one", "go", list_name="yn"),
        Q("repeat", "r", relevant="${go} = 'yes'", children=[Q("integer", "x")]),
        Q("calculate", "n", calculation="count(${r})"),
        Q("calculate", "total", calculation="sum(${x})"),
    ], choices={"yn": [Choice("yes"), Choice("no")]})
    session.set(("go",), "yes")
    session.add_repeat(("r",))
    session.set(("r", 0, "x"), 3)
    assert (session.value(("n",)), session.value(("total",))) == ("1", "3")
    changes = session.set(("go",), "no")
    assert {("r",), ("r", 0), ("r", 0, "x")} <= changes.visibility
    assert (session.value(("n",)), session.value(("total",))) == ("0", "0")
    assert session.final_answers() == {"go": "no", "n": "0", "total": "0"}


# -- logic attributes ----------------------------------------------------------------------

def test_required_and_read_only_expressions_are_reported_as_changes():
    session = start([
        Q("integer", "age"),
        Q("text", "guardian", required="${age} < 18", required_message={"": "A guardian is needed for ${age}"}),
        Q("text", "school", read_only="${age} >= 18"),
    ])
    changes = session.set(("age",), 15)
    assert changes.required == {("guardian",)} and not changes.read_only
    assert session.problems()[0].message == "A guardian is needed for 15"
    assert ("guardian",) in changes.labels
    changes = session.set(("age",), 30)
    assert changes.required == {("guardian",)} and changes.read_only == {("school",)}
    assert session.item(("school",)).read_only and not session.item(("guardian",)).required
    assert session.problems() == []


def test_jr_choice_name_and_language_switch():
    session = start([
        Q("select_one", "color", list_name="colors"),
        Q("calculate", "color_name", calculation="jr:choice-name(${color}, '${color}')"),
        Q("note", "shown", label={"English (en)": "You chose ${color_name}", "中文 (zh)": "您选择了${color_name}"}),
    ], choices={"colors": [Choice("r", {"English (en)": "Red", "中文 (zh)": "红色"})]})
    session.set(("color",), "r")
    assert session.item(("shown",)).label == "You chose Red"
    changes = session.set_language("zh")
    assert changes.values == {("color_name",)}
    assert session.item(("shown",)).label == "您选择了红色"


def test_trigger_recomputes_only_when_the_trigger_changes():
    counter = iter(range(100))
    session = start([
        Q("text", "name"),
        Q("integer", "other"),
        Q("dateTime", "named_at", calculation="now()", trigger="${name}"),
    ], clock=lambda: NOW + timedelta(minutes=next(counter)))
    assert session.value(("named_at",)) == ""  # not computed until the trigger changes
    session.set(("name",), "李")
    first = session.value(("named_at",))
    assert first.startswith("2024-12-12T09:3")
    session.set(("other",), 1)
    assert session.value(("named_at",)) == first
    session.set(("name",), "李四")
    assert session.value(("named_at",)) != first


# -- robustness ------------------------------------------------------------------------

def test_runtime_errors_are_tolerated_and_recorded():
    session = start([
        Q("text", "when_text"),
        Q("calculate", "when", calculation="date(${when_text})"),
        Q("note", "shown", label={"": "x"}, relevant="date(${when_text}) < today()"),
        Q("integer", "n", constraint="regex(., concat('[', ${when_text}))"),  # a broken pattern
        Q("select_one", "pick", list_name="l", choice_filter="date(${when_text}) > 0"),
    ], choices={"l": [Choice("a"), Choice("b")]})
    assert session.errors == []
    changes = session.set(("when_text",), "next tuesday")
    assert session.value(("when",)) == ""
    assert not session.item(("shown",)).visible
    assert [c.name for c in session.item(("pick",)).choices] == []
    failed = {(e.path, e.attribute) for e in session.errors}
    assert {(("when",), "calculation"), (("shown",), "relevant"), (("pick",), "choice_filter")} <= failed
    assert {e.attribute for e in changes.errors} >= {"calculation", "relevant", "choice_filter"}
    assert "next tuesday" in next(e.message for e in session.errors if e.attribute == "calculation")
    session.set(("n",), 3)  # its constraint cannot be evaluated: counts as broken
    assert (("n",), "constraint") in {(e.path, e.attribute) for e in session.errors}
    assert [(p.path, p.kind) for p in session.problems()] == [(("n",), "constraint")]
    session.set(("when_text",), "2024-12-01")  # fixing the input clears the failures
    assert session.value(("when",)) == "2024-12-01" and session.item(("shown",)).visible
    assert {e.attribute for e in session.errors} == {"constraint"}
    session.set(("n",), None)  # an empty answer is not checked: its failure goes too
    assert session.errors == []


def test_unparseable_formula_is_reported_not_raised():
    session = start([Q("integer", "a", relevant="${a} >"), Q("integer", "b")])
    assert session.item(("a",)).visible
    assert [(e.path, e.attribute) for e in session.errors] == [(("a",), "relevant")]
    session.set(("b",), 1)


def test_unknown_names_and_loose_values_in_answers_are_kept():
    answers = {"a": 7, "ghost": {"x": 1}, "r": [{"t": "in", "old_field": "kept"}], "d": date(2024, 5, 1)}
    session = start([Q("integer", "a"), Q("date", "d"), Q("repeat", "r", children=[Q("text", "t")])], answers)
    assert session.value(("a",)) == "7" and session.value(("d",)) == "2024-05-01"
    assert session.answers["ghost"] == {"x": 1}
    final = session.final_answers()
    assert final["ghost"] == {"x": 1} and final["r"] == [{"t": "in", "old_field": "kept"}]
    assert answers["a"] == 7  # the caller's dict is not modified


def test_a_single_repeat_instance_stored_without_its_list_is_read():
    session = start([Q("repeat", "r", children=[Q("integer", "x")]), Q("calculate", "s", calculation="sum(${x})")],
                    {"r": {"x": "4"}})
    assert session.item(("r",)).count == 1 and session.value(("s",)) == "4"
    assert session.answers["r"] == [{"x": "4"}]


def test_malformed_stored_answers_show_as_problems():
    session = start([Q("integer", "a"), Q("select_one", "s", list_name="l")],
                    {"a": "many", "s": "zzz"}, choices={"l": [Choice("x")]})
    problems = {p.path: p.message for p in session.problems()}
    assert problems == {("a",): "Enter a whole number.", ("s",): "“zzz” is not one of the choices offered."}


def test_huge_repeat_count_is_capped():
    session = start([Q("integer", "n"), Q("repeat", "r", repeat_count="${n}", children=[Q("text", "t")])])
    session.set(("n",), 10**9)
    assert session.item(("r",)).count == 500
    assert [e.attribute for e in session.errors] == ["repeat_count"]


# -- minimal re-evaluation ----------------------------------------------------------------

def dense_form(n=500, seed=3):
    """n integer questions, each with a relevance and a constraint reading up to three
    earlier questions (mostly nearby); every fifth is a calculation."""
    rng = random.Random(seed)
    questions = [Q("integer", "q0", label={"": "Q0"})]
    for i in range(1, n):
        refs = sorted({rng.randrange(max(0, i - 20), i) for _ in range(3)})
        a, b = f"${{q{refs[0]}}}", f"${{q{refs[-1]}}}"
        relevant = f"{a} > 2 or {b} = ''"
        if i % 5 == 0:
            questions.append(Q("calculate", f"q{i}", relevant=relevant, calculation=f"{a} + {b}"))
        else:
            questions.append(Q("integer", f"q{i}", label={"": f"Q{i} after ${{q{refs[0]}}}"},
                               relevant=relevant, constraint=f". <= {a} + 10 or {a} = ''"))
    return questions


def snapshot(session):
    return [(i.path, i.visible, i.value, i.label, i.required, i.constraint_ok)
            for i in session.items(all_types=True)]


def test_one_change_evaluates_only_its_dependents_in_a_dense_500_question_form():
    questions = dense_form()
    session = start(questions)
    total = len(session.schema.order)
    assert total > 900
    for name in ("q0", "q250", "q498"):
        before = session.evaluations
        session.set((name,), 4)
        used = session.evaluations - before
        assert used <= len(session.schema.affected(name)), name
    before = session.evaluations
    session.set(("q499",), 1)  # nobody reads q499: only its own constraint runs
    assert session.evaluations - before == 1
    before = session.evaluations
    session.set(("q250",), 5)
    assert session.evaluations - before < total // 10


def test_incremental_updates_agree_with_a_fresh_evaluation():
    questions = dense_form(n=120, seed=11)
    session = start(questions)
    rng = random.Random(5)
    answerable = [q.name for q in questions if q.type == "integer"]
    for step in range(150):
        session.set((rng.choice(answerable),), rng.choice([None, 0, 1, 3, 7, 12, 30]))
        if step % 15 == 0:
            fresh = start(questions, session.answers)
            assert snapshot(fresh) == snapshot(session), step
            assert fresh.answers == session.answers


def test_incremental_repeat_updates_agree_with_a_fresh_evaluation():
    session = start(HOUSEHOLDS)
    rng = random.Random(9)
    for step in range(120):
        households = session.item(("hh",)).count
        move = rng.random()
        if move < 0.15 or households == 0:
            session.add_repeat(("hh",), at=rng.randint(0, households))
        elif move < 0.25:
            session.remove_repeat(("hh", rng.randrange(households)))
        else:
            h = rng.randrange(households)
            members = session.item(("hh", h, "mem")).count
            if move < 0.45 or members == 0:
                session.add_repeat(("hh", h, "mem"), at=rng.randint(0, members))
            elif move < 0.55:
                session.remove_repeat(("hh", h, "mem", rng.randrange(members)))
            else:
                session.set(("hh", h, "mem", rng.randrange(members), "age"), rng.randint(1, 90))
        if step % 10 == 0:
            fresh = start(HOUSEHOLDS, session.answers)
            assert snapshot(fresh) == snapshot(session), step


# -- values -------------------------------------------------------------------------------

@pytest.mark.parametrize("qtype, value, text", [
    ("integer", 12, "12"), ("integer", "  -3 ", "-3"), ("integer", 12.0, "12"), ("integer", "7.0", "7"),
    ("decimal", 1.10, "1.1"), ("decimal", "2.50", "2.5"), ("decimal", 3, "3"), ("decimal", 0.1 + 0.2, "0.30000000000000004"),
    ("range", "5", "5"),
    ("select_one", " a ", "a"), ("select_one", 4, "4"), ("select_one", ["b"], "b"),
    ("select_multiple", ["a", "c", "a"], "a c"), ("select_multiple", " a  c ", "a c"),
    ("date", date(2024, 5, 1), "2024-05-01"), ("date", "2024/5/1", "2024-05-01"),
    ("date", "2024.05.01", "2024-05-01"), ("date", "2024-05-01T23:00:00+08:00", "2024-05-01"),
    ("date", datetime(2024, 5, 1, 23, 0), "2024-05-01"),
    ("time", time(8, 5), "08:05:00"), ("time", "8:05", "08:05:00"), ("time", "20:15:30", "20:15:30"),
    ("dateTime", datetime(2024, 5, 1, 8, 30, tzinfo=CST), "2024-05-01T08:30:00.000+08:00"),
    ("dateTime", "2024-05-01T08:30:00Z", "2024-05-01T08:30:00.000+00:00"),
    ("dateTime", "2024-05-01 08:30", "2024-05-01T08:30:00.000+08:00"),
    ("geopoint", "29.65 91.1", "29.65 91.1 0 0"), ("geopoint", (29.65, 91.1, 3650, 5), "29.65 91.1 3650 5"),
    ("text", "  as typed ", "  as typed "), ("text", 13800138000, "13800138000"),
    ("image", "photo-1.jpg", "photo-1.jpg"), ("acknowledge", True, "OK"),
    ("integer", None, ""), ("date", "", ""),
])
def test_to_answer(qtype, value, text):
    assert to_answer(qtype, value, zone=CST) == text


@pytest.mark.parametrize("qtype, value", [
    ("integer", "12.5"), ("integer", "abc"), ("integer", True), ("decimal", "1e5"), ("decimal", float("nan")),
    ("date", "2024-02-30"), ("date", "2024/2/30"), ("date", "soon"), ("time", "25:00"), ("dateTime", "2024-05-01"),
    ("geopoint", "200 10"), ("geopoint", "north"), ("select_one", ["a", "b"]),
])
def test_to_answer_refuses(qtype, value):
    with pytest.raises(InvalidAnswer):
        to_answer(qtype, value)


def test_from_answer_gives_typed_values():
    assert from_answer("integer", "12") == 12
    assert from_answer("decimal", "1.5") == 1.5
    assert from_answer("date", "2024-05-01") == date(2024, 5, 1)
    assert from_answer("dateTime", "2024-05-01T08:30:00.000+08:00") == datetime(2024, 5, 1, 8, 30, tzinfo=CST)
    assert from_answer("select_multiple", "a b") == "a b"
    assert from_answer("integer", "") == "" and from_answer("integer", "garbage") == "garbage"


def test_typed_values_reach_formulas():
    session = start([
        Q("date", "born"),
        Q("integer", "age_years", calculation="int((today() - ${born}) div 365.25)"),
        Q("decimal", "a"), Q("decimal", "b"),
        Q("calculate", "same", calculation="${a} = ${b}"),
    ])
    session.set(("born",), date(2000, 12, 13))
    assert session.value(("age_years",)) == "23"
    session.set(("a",), "1.50")
    session.set(("b",), 1.5)
    assert session.value(("same",)) == "true"
