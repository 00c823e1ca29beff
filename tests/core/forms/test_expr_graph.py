"""DependencyGraph: cycles, evaluation order, and minimal affected sets."""

import random

import pytest

from fieldkit.core.forms.expr import CycleError, DependencyGraph, ExpressionError, parse


def graph(spec, parents=None):
    return DependencyGraph({q: {a: parse(t) for a, t in attrs.items()} for q, attrs in spec.items()},
                           parents)


FORM = {
    "age": {"constraint": ". >= 16 and . < 70"},
    "is_adult": {"calculation": "${age} >= 18"},
    "guardian": {"relevant": "not(${is_adult})", "required": "true()"},
    "years_work": {"constraint": ". <= ${age} - 14"},
    "bonus": {"calculation": "${years_work} * 100"},
    "total": {"calculation": "${bonus} + ${base}"},
    "base": {"default": "1000"},
    "note": {"relevant": "${total} > 5000", "readonly": "${is_adult}"},
    "site": {},
    "site_detail": {"choice_filter": "site = ${site}"},
}


def test_affected_is_transitive_ordered_and_minimal():
    g = graph(FORM)
    assert g.affected("age") == [
        ("age", "constraint"), ("is_adult", "calculation"), ("guardian", "relevant"),
        ("years_work", "constraint"), ("note", "readonly"),
    ]
    assert g.affected("years_work") == [
        ("years_work", "constraint"), ("bonus", "calculation"), ("total", "calculation"),
        ("note", "relevant"),
    ]
    assert g.affected("site") == [("site_detail", "choice_filter")]
    assert g.affected("note") == []
    assert g.affected("unknown") == []


def test_constraint_dot_refers_to_the_question_itself():
    g = graph({"q": {"constraint": ". > 0"}, "r": {"constraint": ". > ${q}"}})
    assert g.reads("q", "constraint") == ["q"]
    assert g.affected("q") == [("q", "constraint"), ("r", "constraint")]
    assert g.cycles() == []


def test_defaults_are_ordered_but_never_re_evaluated():
    g = graph({"a": {}, "b": {"default": "${a} + 1"}, "c": {"calculation": "${b}"}})
    assert ("b", "default") in g.order()
    assert g.affected("a") == []
    assert g.affected("b") == [("c", "calculation")]


def test_order_puts_dependencies_first():
    g = graph({
        "late": {"calculation": "${early} + ${middle}"},
        "middle": {"calculation": "${early} * 2", "relevant": "${flag}"},
        "early": {"calculation": "1"},
        "flag": {},
    })
    order = g.order()
    pos = {node: i for i, node in enumerate(order)}
    assert pos[("early", "calculation")] < pos[("middle", "calculation")] < pos[("late", "calculation")]
    assert pos[("middle", "relevant")] < pos[("late", "calculation")]
    assert len(order) == 4


@pytest.mark.parametrize("spec, expected", [
    ({"a": {"calculation": "${b} + 1"}, "b": {"calculation": "${a} + 1"}}, [["a", "b"]]),
    ({"a": {"calculation": "${a} + 1"}}, [["a"]]),
    ({"a": {"calculation": ". + 1"}}, [["a"]]),
    ({"a": {"relevant": "${a} = 'x'"}}, [["a"]]),
    ({"a": {"relevant": "${c} > 1"}, "b": {"calculation": "${a}"}, "c": {"calculation": "${b} + 1"}},
     [["a", "b", "c"]]),
    ({"a": {"calculation": "${b}"}, "b": {"calculation": "${a}"},
      "c": {"calculation": "${d}"}, "d": {"relevant": "${c} > 0"}, "e": {"calculation": "${a}"}},
     [["a", "b"], ["c", "d"]]),
    # reads that do not produce values never close a circle
    ({"a": {"constraint": ". > ${b}"}, "b": {"calculation": "${a}"}}, []),
    ({"a": {"required": "${b}"}, "b": {"readonly": "${a}", "constraint": "${a}"}}, []),
    ({"a": {"calculation": "once(today())"}}, []),
    ({"a": {"default": "${b}"}, "b": {"calculation": "${a}"}}, []),
])
def test_cycles(spec, expected):
    assert graph(spec).cycles() == expected


def test_cycle_error():
    g = graph({"x": {"calculation": "${y} * 2"}, "y": {"calculation": "${x} div 2"}})
    with pytest.raises(CycleError) as info:
        g.raise_for_cycles()
    assert isinstance(info.value, ExpressionError)
    assert info.value.cycles == [["x", "y"]]
    assert "x → y → x" in info.value.message("en")
    assert "循环引用" in info.value.message("zh_CN")
    graph(FORM).raise_for_cycles()  # no cycle: no error
    # a cycle still gets an order and affected sets, without looping forever
    assert set(g.affected("x")) == {("x", "calculation"), ("y", "calculation")}
    assert len(g.order()) == 2


def test_groups_pass_relevance_and_repeat_count_to_their_children():
    spec = {
        "has_kids": {},
        "kids": {"relevant": "${has_kids} = 'yes'", "repeat_count": "${n}"},
        "kid_age": {"constraint": ". < 18"},
        "n": {},
        "oldest": {"calculation": "max(${kid_age})"},
        "other": {"calculation": "${has_kids}"},
    }
    parents = {"kid_age": "kids"}
    g = graph(spec, parents)
    assert g.affected("has_kids") == [
        ("kids", "relevant"), ("kid_age", "constraint"), ("oldest", "calculation"), ("other", "calculation"),
    ]
    assert g.affected("n") == [("kids", "repeat_count"), ("kid_age", "constraint"), ("oldest", "calculation")]
    assert graph(spec).affected("n") == [("kids", "repeat_count")]  # without parents: no reach
    # a group whose relevance reads its own child is not circular, as in JavaRosa (issue 12:
    # the CHT forms); a child's calculation reading the group's condition still would be
    reads_child = graph({"g": {"relevant": "${child} = 1"}, "child": {}}, {"child": "g"})
    assert reads_child.cycles() == []
    looped = graph({"g": {"relevant": "${child} = 1"}, "child": {"calculation": "${other}"},
                    "other": {"calculation": "${inner}"}, "inner": {}}, {"child": "g", "inner": "g"})
    assert looped.cycles()  # g hides inner, which feeds other, which feeds child, which g reads


def test_accepts_text_and_read_only_spelling_and_rejects_unknown_attributes():
    g = DependencyGraph({"a": {"calculation": "${b} + 1"}, "c": {"read_only": "${a} > 1"}})
    assert g.affected("b") == [("a", "calculation"), ("c", "read_only")]
    with pytest.raises(ValueError):
        DependencyGraph({"a": {"colour": "1"}})


def test_paths_count_as_references():
    g = graph({"q": {"calculation": "/data/group/p + ../r"}})
    assert g.affected("p") == [("q", "calculation")] and g.affected("r") == [("q", "calculation")]


def test_clock_dependent():
    g = graph({"a": {"calculation": "today()"}, "b": {"relevant": "now() > ${a}"}, "c": {"default": "today()"}})
    assert g.clock_dependent() == [("a", "calculation"), ("b", "relevant")]


@pytest.mark.timeout(20)
def test_large_forms_do_not_recurse():
    n = 5_000
    chain = {f"q{i}": {"calculation": f"${{q{i - 1}}} + 1"} for i in range(1, n)}
    chain["q0"] = {"calculation": f"${{q{n - 1}}} + 1"}  # closes one huge circle
    g = DependencyGraph({k: {a: parse(t) for a, t in v.items()} for k, v in chain.items()})
    cycles = g.cycles()
    assert len(cycles) == 1 and len(cycles[0]) == n and cycles[0][0] == "q1"
    assert len(g.affected("q10")) == n
    straight = DependencyGraph({f"q{i}": {"calculation": f"${{q{i - 1}}} + 1"} for i in range(1, n)})
    affected = straight.affected("q0")
    assert affected == [(f"q{i}", "calculation") for i in range(1, n)]


def _brute_force_affected(spec, changed):
    """Fixed point over the definitions in the module docstring, written independently."""
    producers = {"calculation", "relevant", "repeat_count"}
    reads = {}
    for q, attrs in spec.items():
        for a, text in attrs.items():
            e = parse(text)
            reads[(q, a)] = set(e.references) | ({q} if e.uses_current else set())
    changed_values, found = {changed}, set()
    grew = True
    while grew:
        grew = False
        for (q, a), names in reads.items():
            if a != "default" and (q, a) not in found and names & changed_values:
                found.add((q, a))
                grew = True
                if a in producers:
                    changed_values.add(q)
    return found


def test_affected_matches_brute_force_on_random_forms():
    rng = random.Random(3)
    attrs = ["relevant", "calculation", "constraint", "required", "readonly", "choice_filter", "default"]
    for _ in range(60):
        names = [f"q{i}" for i in range(30)]
        spec = {}
        for i, q in enumerate(names):
            spec[q] = {}
            for a in rng.sample(attrs, rng.randint(0, 3)):
                refs = rng.sample(names[:i], min(i, rng.randint(0, 3)))  # earlier only: acyclic
                terms = [f"${{{r}}}" for r in refs] + (["."] if a == "constraint" else [])
                spec[q][a] = " + ".join(terms) or "1"
        g = graph(spec)
        assert g.cycles() == []
        order = {node: k for k, node in enumerate(g.order())}
        for changed in names:
            affected = g.affected(changed)
            assert set(affected) == _brute_force_affected(spec, changed)
            assert [order[n] for n in affected] == sorted(order[n] for n in affected)
            for k, (q, a) in enumerate(affected):  # each comes after what it reads, if that is in the list
                for r in g.reads(q, a):
                    for producer in ("calculation", "relevant"):
                        if (r, producer) in affected and r != q:
                            assert affected.index((r, producer)) < k


def test_a_group_relevance_reading_its_own_question_is_no_cycle():
    """CHT's forms: ``begin group inputs`` relevant ``./source = 'user'`` with ``source``
    inside it (issue 12). JavaRosa reads the value; the value does not depend on it."""
    from fieldkit.core.forms.expr import DependencyGraph

    graph = DependencyGraph({"inputs": {"relevant": "./source = 'user'"}, "source": {},
                             "shown": {"calculation": "${source}"}},
                            parents={"source": "inputs", "other": "inputs"})
    assert graph.cycles() == []
    assert ("shown", "calculation") in graph.affected("source")
    # the group's relevance still hides its other questions, and a real cycle is still one
    looped = DependencyGraph({"inputs": {"relevant": "${x} = 1"}, "x": {"calculation": "${y}"},
                              "y": {"calculation": "${x}"}}, parents={"x": "inputs"})
    assert looped.cycles()


def test_the_cht_pattern_runs_in_a_session():
    from fieldkit.core.forms.model import FormDefinition
    from fieldkit.core.forms.model import Question as Q
    from fieldkit.core.forms.session import FormSession

    definition = FormDefinition("cht", questions=[
        Q("group", "inputs", relevant="./source = 'user'", children=[
            Q("hidden", "source", default="user"), Q("text", "who", label={"": "Who?"})]),
        Q("calculate", "from_user", calculation="${source}")])
    session = FormSession(definition, language="en")
    assert session.item(("who",)).visible and session.value(("from_user",)) == "user"
    session.set(("source",), "task")
    assert not session.item(("who",)).visible
