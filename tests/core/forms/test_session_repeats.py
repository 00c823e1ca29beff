"""Long repeats stay fluid: adding, removing or answering in one entry of a repeat costs the
same whether the repeat has ten entries or two hundred, and gives the same results as
evaluating the whole response afresh (count, sum, position(), indexed-repeat(), relevance,
constraints, repeat_count, nested repeats, entries added and removed in the middle)."""

import json
import random
from datetime import datetime, timedelta, timezone

from roster_testing import expected_total, roster_answers, roster_form, worker

from fieldkit.core.forms.model import Choice, FormDefinition, Question as Q
from fieldkit.core.forms.session import FormSession

NOW = datetime(2024, 12, 12, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def new_session(definition, answers=None):
    return FormSession(definition, answers, language="English (en)", clock=lambda: NOW)


def fill(session, k):
    for name, value in worker(k).items():
        if value:
            session.set(("members", k, name), value)


def add_cost(session):
    """(evaluations, paths named in the Changes) of adding one worker at the end."""
    before = session.evaluations
    changes = session.add_repeat(("members",))
    return session.evaluations - before, len(changes.paths())


def test_adding_a_worker_costs_the_same_at_10_and_at_200_workers():
    session = new_session(roster_form())
    costs = {}
    for k in range(200):
        if k in (10, 199):
            costs[k] = add_cost(session)
        else:
            session.add_repeat(("members",))
        fill(session, k)
    assert costs[10] == costs[199]              # not a single evaluation more at 200
    assert costs[199][0] <= 12                  # the new entry's formulas, the count and the sum
    assert session.value(("member_count",)) == "200"
    assert session.value(("wage_total",)) == str(expected_total(200))


def test_an_answer_in_entry_150_of_200_evaluates_only_what_reads_it():
    session = new_session(roster_form(), roster_answers(200))
    before = session.evaluations
    changes = session.set(("members", 150, "m_wage"), 9999)
    assert session.evaluations - before <= 3    # its constraint and the sum
    assert session.value(("wage_total",)) == str(expected_total(200) - (3000 + 1500) + 9999)
    assert all(p[:2] in (("members", 150), ("wage_total",), ("roster_summary",))
               for p in changes.paths())
    before = session.evaluations
    changes = session.set(("members", 150, "m_works"), "no")   # asks why not
    assert session.evaluations - before <= 3
    assert changes.visibility == {("members", 150, "m_note")}
    assert session.item(("members", 150, "m_note")).label == "Why does 工人151 not work here?"


def test_removing_in_the_middle_renumbers_and_recounts():
    session = new_session(roster_form(), roster_answers(50))
    before = session.evaluations
    changes = session.remove_repeat(("members", 20))
    assert session.evaluations - before <= 6   # count, sum, and the entry that took its place
    assert changes.removed == [("members", 20)]
    assert session.value(("member_count",)) == "49"
    assert session.value(("members", 20, "m_name")) == "工人22"
    assert session.value(("wage_total",)) == str(expected_total(50) - (3000 + 200))
    assert session.item(("members", 20, "m_note")).label == "Why does 工人22 not work here?"
    assert session.item(("members", 20)).label == "Worker 21"


def test_a_saved_response_with_200_workers_reopens_with_its_sums():
    session = new_session(roster_form(), roster_answers(200))
    saved = json.loads(session.answers_json())
    reopened = new_session(roster_form(), saved)
    assert reopened.value(("member_count",)) == "200"
    assert reopened.value(("wage_total",)) == str(expected_total(200))
    assert len([i for i in reopened.items() if i.kind == "repeat_instance"]) == 200
    assert reopened.item(("roster_summary",)).label == \
        f"200 workers; wages add up to {expected_total(200)} yuan."
    reopened.add_repeat(("members",))
    assert reopened.value(("member_count",)) == "201"
    assert reopened.answers["members"][:200] == saved["members"]   # nothing lost or changed


# -- the incremental result is the fresh result ------------------------------------------

LOGIC = FormDefinition("logic", questions=[
    Q("integer", "min_age", default="16"),
    Q("integer", "shift_count"),
    Q("repeat", "members", children=[
        Q("text", "m_name"),
        Q("integer", "m_age", constraint=". >= ${min_age}"),
        Q("select_one", "m_works", list_name="yn"),
        Q("decimal", "m_wage", relevant="${m_works} = 'yes'", constraint=". > 0",
          required="${m_age} > 30"),
        Q("calculate", "m_no", calculation="position(..)"),
        Q("calculate", "m_prev", calculation="if(position(..) > 1, "
          "indexed-repeat(${m_name}, ${members}, position(..) - 1), '')"),
        Q("note", "m_first", label={"": "First is ${m_first_name}"}, relevant="position(..) = 1"),
        Q("calculate", "m_share", calculation="if(${wage_total} > 0, ${m_wage} div ${wage_total}, 0)"),
        Q("repeat", "kids", children=[
            Q("integer", "k_age"),
            Q("calculate", "k_of", calculation="position(${members})"),
            Q("calculate", "k_no", calculation="position(..)"),
        ]),
        Q("calculate", "m_kids", calculation="count(${kids})"),
    ]),
    Q("calculate", "member_count", calculation="count(${members})"),
    Q("calculate", "wage_total", calculation="sum(${m_wage})"),
    Q("calculate", "oldest", calculation="max(${m_age})"),
    Q("calculate", "kid_ages", calculation="sum(${k_age})"),
    Q("calculate", "m_first_name", calculation="indexed-repeat(${m_name}, ${members}, 1)"),
    Q("calculate", "last_name", calculation="indexed-repeat(${m_name}, ${members}, count(${members}))"),
    Q("repeat", "shifts", repeat_count="${shift_count}", children=[
        Q("integer", "s_hours"),
        Q("calculate", "s_no", calculation="position(..)"),
        Q("calculate", "s_workers", calculation="${member_count}"),
    ]),
    Q("calculate", "hours", calculation="sum(${s_hours})"),
], choices={"yn": [Choice("yes"), Choice("no")]})


def state(session):
    return [(i.path, i.visible, i.value, i.label, i.required, i.read_only, i.constraint_ok,
             i.count) for i in session.items(all_types=True)]


def test_random_edits_adds_and_removes_agree_with_a_fresh_evaluation():
    rng = random.Random(10)
    session = new_session(LOGIC)
    for step in range(400):
        members = session.answers.get("members") or []
        roll = rng.random()
        if roll < 0.25 or not members:
            at = rng.choice([None, None, rng.randint(0, len(members))])
            session.add_repeat(("members",), at=at)
        elif roll < 0.35:
            session.remove_repeat(("members", rng.randrange(len(members))))
        elif roll < 0.45:
            k = rng.randrange(len(members))
            kids = members[k].get("kids") or []
            if kids and rng.random() < 0.3:
                session.remove_repeat(("members", k, "kids", rng.randrange(len(kids))))
            elif kids:
                session.set(("members", k, "kids", rng.randrange(len(kids)), "k_age"), rng.randint(0, 17))
            else:
                session.add_repeat(("members", k, "kids"), at=0)
        elif roll < 0.5:
            session.set(("shift_count",), rng.choice(["", 0, 1, 3, 5]))
            shifts = session.answers.get("shifts") or []
            if shifts:
                session.set(("shifts", rng.randrange(len(shifts)), "s_hours"), rng.randint(1, 12))
        elif roll < 0.53:
            session.set(("min_age",), rng.choice([14, 16, 18]))
        else:
            k = rng.randrange(len(members))
            name, value = rng.choice([
                ("m_name", rng.choice(["", "张伟", "李娜", "王芳"])),
                ("m_age", rng.choice(["", 15, 17, 25, 45])),
                ("m_works", rng.choice(["", "yes", "no"])),
                ("m_wage", rng.choice(["", 0, 3500, 4200.5])),
            ])
            session.set(("members", k, name), value)
        if step % 20 == 19 or step > 380:
            fresh = new_session(LOGIC, json.loads(session.answers_json()))
            assert state(session) == state(fresh), f"step {step}"
            assert session.problems() == fresh.problems(), f"step {step}"
    assert len(session.answers["members"]) > 20


def test_adding_in_the_middle_keeps_positions_and_indexed_repeat_right():
    session = new_session(LOGIC)
    for name in ("甲", "乙", "丙"):
        session.add_repeat(("members",))
        session.set(("members", len(session.answers["members"]) - 1, "m_name"), name)
    session.add_repeat(("members", 1, "kids"))
    changes = session.add_repeat(("members",), at=1)
    assert [session.value(("members", k, "m_no")) for k in range(4)] == ["1", "2", "3", "4"]
    assert [session.value(("members", k, "m_prev")) for k in range(4)] == ["", "甲", "", "乙"]
    assert session.value(("members", 2, "kids", 0, "k_of")) == "3"
    assert ("members", 2, "kids", 0, "k_of") in changes.values
    assert session.value(("last_name",)) == "丙"
    assert session.item(("members", 0, "m_first")).visible
    assert not session.item(("members", 1, "m_first")).visible
