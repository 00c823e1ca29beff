"""Lookups in attached files and choice lists, as ODK documents them (issue 12).

The table follows the examples of ODK's XLSForm documentation ("Selects from external
files", "Referencing values in datasets", "pulldata", "search()"): a fruits.csv with
``name_key``/``name`` columns, a cities.csv filtered by state, a form's own choice list
read with ``instance('list')``. Where ODK's two engines disagree, ODK Collect (JavaRosa)
decides: a lookup that matches nothing is empty, not an error; numbers in a predicate
compare as numbers.
"""

from __future__ import annotations

import pytest

from fieldkit.core.forms.expr import EvalContext, evaluate, parse
from fieldkit.core.forms.media import FormMedia
from fieldkit.core.forms.model import Choice, FormDefinition
from fieldkit.core.forms.model import Question as Q
from fieldkit.core.forms.session import FormSession
from fieldkit.core.forms.xlsform_reader import read_xlsform
from fieldkit_testing import write_xlsx

FRUITS = b"name_key,name,price,label\nmango,Mango,3.5,Mango fruit\napple,Apple,1.2,Apple fruit\nbanana,Banana,2,Banana fruit\n"
CITIES = b"name,label,state\nlagos,Lagos,LA\nikeja,Ikeja,LA\nabuja,Abuja,FC\n"
MEDIA = FormMedia({"fruits.csv": FRUITS, "cities.csv": CITIES})


def _ctx(values=None):
    return EvalContext(values or {}, instances=MEDIA.instance)


@pytest.mark.parametrize("text, values, expected", [
    # pulldata(file, column, key column, key): the first matching row's column
    ("pulldata('fruits', 'name', 'name_key', 'mango')", {}, "Mango"),
    ("pulldata('fruits.csv', 'price', 'name_key', ${f})", {"f": "apple"}, "1.2"),
    ("pulldata('fruits', 'name', 'name_key', 'kiwi')", {}, ""),                 # no match: empty
    ("pulldata('fruits', 'colour', 'name_key', 'mango')", {}, ""),             # no such column: empty
    ("pulldata('fruits', 'price', 'name_key', ${f}) * 2", {"f": "mango"}, 7.0),
    # the same lookups as paths into the file's instance
    ("instance('fruits')/root/item[name_key = 'mango']/name", {}, "Mango"),
    ("instance('fruits')/root/item[name_key = ${f}]/price", {"f": "banana"}, "2"),
    ("instance('fruits')/root/item[price > 2]/name", {}, "Mango"),             # numbers compare as numbers
    ("instance('fruits')/root/item[price < ${p}]/name", {"p": 2.5}, "Apple"),
    ("instance('fruits')/root/item[2]/name", {}, "Apple"),                     # position
    ("count(instance('fruits')/root/item)", {}, 3.0),
    ("count(instance('cities')/root/item[state = ${s}])", {"s": "LA"}, 2.0),
    ("sum(instance('fruits')/root/item/price)", {}, 6.7),
    ("instance('cities')/root/item[state = 'LA' and name != 'lagos']/label", {}, "Ikeja"),
    ("instance('fruits')/root/item[name_key = 'kiwi']/name", {}, ""),
    ("concat(instance('fruits')/root/item[name_key = ${f}]/name, '!')", {"f": "apple"}, "Apple!"),
    ("instance('fruits')/root/item[name_key = ${f}]/price = 1.2", {"f": "apple"}, True),
])
def test_lookup_table(text, values, expected):
    value = evaluate(parse(text), _ctx(values))
    assert value == pytest.approx(expected) if isinstance(expected, float) else value == expected
    assert type(value) in (str, float, bool)  # never an instance node leaking out


def test_current_in_an_instance_predicate_is_the_questions_value_and_dot_the_node():
    ctx = _ctx().derive(current="apple")
    assert evaluate(parse("instance('fruits')/root/item[name_key = current()]/name"), ctx) == "Apple"
    assert evaluate(parse("count(instance('fruits')/root/item/name[. = 'Mango'])"), ctx) == 1.0


def test_paths_into_an_instance_are_not_references_to_questions():
    expr = parse("instance('cities')/root/item[state = current()/../state_q and name != ${skip}]/label")
    assert expr.references == {"state_q", "skip"}
    assert not expr.uses_current  # current()/../q reads a sibling, not the question itself


def test_an_instance_nobody_attached_is_an_error_naming_it():
    with pytest.raises(Exception) as info:
        evaluate(parse("instance('trees')/root/item[1]/name"), _ctx())
    assert "trees" in info.value.message("en")


def _session(questions, choices=None, media=MEDIA, language="en"):
    definition = FormDefinition("lookups", questions=questions, choices=choices or {})
    return FormSession(definition, language=language, media=media)


def test_select_one_from_file_takes_name_and_label_or_the_columns_the_parameters_name():
    session = _session([Q("select_one", "city", label={"": "City"}, list_name="cities.csv"),
                        Q("select_one", "fruit", label={"": "Fruit"}, list_name="fruits.csv",
                          parameters="value=name_key label=name")])
    assert [(c.name, c.label) for c in session.item(("city",)).choices] == [
        ("lagos", "Lagos"), ("ikeja", "Ikeja"), ("abuja", "Abuja")]
    assert [(c.name, c.label) for c in session.item(("fruit",)).choices] == [
        ("mango", "Mango"), ("apple", "Apple"), ("banana", "Banana")]


def test_choice_filter_on_a_file_list_uses_its_columns():
    session = _session([Q("select_one", "state", label={"": "State"}, list_name="states"),
                        Q("select_one", "city", label={"": "City"}, list_name="cities.csv",
                          choice_filter="state = ${state}")],
                       choices={"states": [Choice("LA", {"": "Lagos State"}), Choice("FC", {"": "Capital"})]})
    session.set(("state",), "FC")
    assert [c.name for c in session.item(("city",)).choices] == ["abuja"]


def test_instance_of_the_forms_own_choice_list_in_the_session_language():
    choices = {"kinds": [Choice("dug", {"English (en)": "Dug well", "中文 (zh)": "土井"}, extras={"code": "D"}),
                         Choice("bore", {"English (en)": "Borehole", "中文 (zh)": "机井"}, extras={"code": "B"})]}
    questions = [Q("select_one", "kind", label={"English (en)": "Kind"}, list_name="kinds"),
                 Q("calculate", "shown", calculation="instance('kinds')/root/item[name = ${kind}]/label"),
                 Q("calculate", "code", calculation="instance('kinds')/root/item[name = ${kind}]/code")]
    for language, label in (("en", "Borehole"), ("zh_CN", "机井")):
        session = _session(questions, choices, media=None, language=language)
        session.set(("kind",), "bore")
        assert (session.value(("shown",)), session.value(("code",))) == (label, "B")


def test_search_appearance_takes_the_choices_from_the_csv_and_matches():
    questions = [Q("select_one", "fruit", label={"": "Fruit"}, list_name="fruit_list",
                   appearance="search('fruits')"),
                 Q("text", "wanted", label={"": "Wanted"}),
                 Q("select_one", "cheap", label={"": "Cheap"}, list_name="fruit_list",
                   appearance="search('fruits', 'startswith', 'name_key', ${wanted})")]
    session = _session(questions, {"fruit_list": [Choice("name_key", {"": "name"})]})
    assert [(c.name, c.label) for c in session.item(("fruit",)).choices] == [
        ("mango", "Mango"), ("apple", "Apple"), ("banana", "Banana")]
    session.set(("wanted",), "ba")
    assert [c.name for c in session.item(("cheap",)).choices] == ["banana"]


def test_a_lookup_in_a_form_read_from_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [
        ["type", "name", "label", "calculation"],
        ["csv-external", "fruits", "", ""],
        ["select_one_from_file fruits.csv", "fruit", "Fruit", ""],
        ["calculate", "price", "", "instance('fruits')/root/item[name = ${fruit}]/price"],
        ["calculate", "total", "", "if(${price} = '', 0, ${price} * 3)"],
    ], title="survey")
    definition = read_xlsform(path)
    assert [q.type for q in definition.walk()][:2] == ["csv-external", "select_one"]
    media = FormMedia({"fruits.csv": b"name,label,price\nm,Mango,3.5\n"})
    session = FormSession(definition, language="en", media=media)
    assert [i.path for i in session.items()][:1] == [("fruit",)]  # the data row is no question
    session.set(("fruit",), "m")
    assert session.value(("total",)) == "10.5"
    assert "fruits" not in session.final_answers()


def test_randomize_parameter_shuffles_choices_the_same_way_each_time_for_a_response():
    letters = [Choice(c, {"": c.upper()}) for c in "abcdefghij"]
    questions = [Q("select_one", "pick", label={"": "Pick"}, list_name="letters", parameters="randomize=true"),
                 Q("select_one", "fixed", label={"": "Fixed"}, list_name="letters", parameters="randomize=true seed=7"),
                 Q("integer", "s", label={"": "Seed"}),
                 Q("select_one", "by_q", label={"": "By q"}, list_name="letters", parameters="randomize=true seed=${s}"),
                 Q("select_one", "plain", label={"": "Plain"}, list_name="letters")]

    def order(session, name):
        return [c.name for c in session.item((name,)).choices]

    first = FormSession(FormDefinition("r", questions=questions, choices={"letters": letters}),
                        language="en", metadata={"instanceID": "uuid:one"})
    again = FormSession(FormDefinition("r", questions=questions, choices={"letters": letters}),
                        first.answers, language="en", metadata={"instanceID": "uuid:one"})
    other = FormSession(FormDefinition("r", questions=questions, choices={"letters": letters}),
                        language="en", metadata={"instanceID": "uuid:two"})
    assert sorted(order(first, "pick")) == list("abcdefghij") and order(first, "pick") != list("abcdefghij")
    assert order(first, "pick") == order(again, "pick") != order(other, "pick")
    assert order(first, "fixed") == order(other, "fixed")  # a fixed seed: the same for everyone
    assert order(first, "plain") == list("abcdefghij")
    first.set(("s",), 7)
    assert order(first, "by_q") == order(first, "fixed")


@pytest.mark.parametrize("text, expected", [
    # ODK: checklist(min, max, ...) is true when the count of true values is within [min, max];
    # -1 means no bound. weighted-checklist adds the weight after each value instead.
    ("checklist(2, 3, ${a}, ${b}, ${c})", True),
    ("checklist(-1, 1, ${a}, ${c})", False),
    ("checklist(-1, -1, ${b})", True),
    ("checklist(3, -1, ${a}, ${c})", False),
    ("checklist(2, 2, ${n})", True),                          # each instance of a repeat counts
    ("weighted-checklist(5, -1, ${a}, 3, ${b}, 4, ${c}, 2)", True),
    ("weighted-checklist(6, -1, ${a}, 3, ${b}, 4, ${c}, 2)", False),
    ("weighted-checklist(-1, 2, ${a}, 2)", True),
])
def test_checklist_functions(text, expected):
    assert evaluate(parse(text), EvalContext({"a": "yes", "b": "", "c": "x", "n": [1, 0, 1]})) is expected


@pytest.mark.parametrize("text, expected", [
    ("instance('fruits')/root/item[last()]/name", "Banana"),
    ("instance('fruits')/root/item[position() = last() - 1]/name_key", "apple"),
    ("count(instance('fruits')/root/item[position() < last()])", 2.0),
    ("${xs}[last()]", 7.0),
    ("last()", 1.0),  # outside a filter the context is one node
])
def test_last(text, expected):
    assert evaluate(parse(text), _ctx({"xs": [5, 6, 7]})) == expected
