"""FormSession driven through XLSForms written by other people (../shared/corpus/xlsform)."""

from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import pytest

from fieldkit.core.forms.session import FormSession, SessionError
from fieldkit.core.forms.xlsform_reader import read_xlsform

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "xlsform"
NOW = datetime(2024, 12, 12, 9, 30, tzinfo=timezone(timedelta(hours=8)))

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared XLSForm corpus is not here")


@lru_cache(maxsize=None)
def form(name):
    return read_xlsform(CORPUS / name)


def start(name, **kw):
    kw.setdefault("clock", lambda: NOW)
    kw.setdefault("language", "en")
    return FormSession(form(name), **kw)


def offered(session, *path):
    return [c.name for c in session.item(path).choices]


def test_cascading_selects_filter_by_the_choice_rows():
    session = start("choice_filter_test.xlsx")
    assert offered(session, "county") == []  # no state chosen yet
    changes = session.set(("state",), "texas")
    assert changes.choices == {("county",)}
    assert offered(session, "county") == ["king", "cameron"]
    session.set(("county",), "cameron")
    assert offered(session, "city") == ["brownsville", "harlingen"]
    session.set(("state",), "washington")
    assert offered(session, "county") == ["king", "pierce"]
    # cameron is no longer offered: the answer is kept, but reported until corrected
    county = session.item(("county",))
    assert county.value == "cameron" and not county.constraint_ok
    assert county.constraint_message == "“cameron” is not one of the choices offered."
    assert [(p.path, p.kind) for p in session.problems()] == [(("county",), "constraint")]
    changes = session.set(("county",), "king")
    assert ("city",) in changes.choices and ("county",) in changes.constraint
    assert offered(session, "city") == ["dumont", "finney", "seattle", "redmond"]
    assert session.problems() == []


def test_choice_labels_follow_the_session_language():
    session = start("choice_filter_test.xlsx")
    session.set(("state",), "texas")
    assert [c.label for c in session.item(("county",)).choices] == ["King", "Cameron"]


def test_or_other_adds_an_other_choice_and_a_text_question():
    session = start("or_other.xlsx")
    assert offered(session, "fav_color")[-1] == "other"
    assert session.item(("fav_color",)).choices[-1].label == "Other"
    other = session.item(("fav_color_other",))
    assert not other.visible and other.label == "Specify other."
    changes = session.set(("fav_color",), "other")
    assert ("fav_color_other",) in changes.visibility
    session.set(("fav_color_other",), "teal")
    assert session.final_answers()["fav_color_other"] == "teal"
    session.set(("fav_color",), "red")
    final = session.final_answers()
    assert final["fav_color"] == "red" and "fav_color_other" not in final
    zh = start("or_other.xlsx", language="zh")
    assert zh.item(("fav_color_other",)).label == "请注明其他。"
    assert zh.item(("fav_color",)).choices[-1].label == "其他"


def test_filter_on_a_missing_column_offers_nothing():
    # "pastel=yes": yes is not a column of the choices sheet nor a question, so it is empty
    session = start("or_other.xlsx")
    assert offered(session, "fav_pastel") == []


def test_loop_has_one_instance_per_choice_labelled_with_it():
    session = start("loop.xlsx", language="english")
    items = {i.path: i for i in session.items()}
    assert items[("loop_toilet_types",)].count == 3
    assert not items[("loop_toilet_types",)].can_add
    assert items[("loop_toilet_types", 1)].label == "Pit latrine without slab/open pit"
    assert items[("loop_toilet_types", 2, "number")].label == "How many Bucket system are on the premises?"
    session.set(("loop_toilet_types", 2, "number"), 4)
    assert session.answers["loop_toilet_types"] == [{}, {}, {"number": "4"}]
    with pytest.raises(SessionError):
        session.add_repeat(("loop_toilet_types",))


def test_spec_form_fixed_repeat_count_messages_and_skip_to_end():
    session = start("xlsform_spec_test.xlsx", language="english", metadata={"deviceid": "d-1"})
    assert session.item(("repeat_test",)).count == 2
    assert session.value(("calculate_test",)) == "4"
    assert session.item(("calculate_test_output",)).label == "4"
    assert session.item(("deviceid_test_output",)).label == "deviceid_test_output: d-1"
    assert session.item(("uri_deviceid_test_output",)).label == "deviceid_test_output: d-1"
    session.set(("my_name",), "Li")
    session.set(("repeat_test", 1, "select_multiple_test"), "yes no")
    session.set(("a_integer",), 3)
    session.set(("a_decimal",), 4.5)
    problems = {(p.path, p.kind): p.message for p in session.problems()}
    assert problems[(("repeat_test", 0, "required_text"), "required")] == "Custom required message."
    assert problems[(("repeat_test", 1, "select_multiple_test"), "constraint")] == \
        "Sorry Li, you can't select yes and no."
    assert problems[(("a_decimal",), "constraint")] == "This answer is not allowed."
    assert (("repeat_test", 0, "select_multiple_test"), "constraint") not in problems
    chinese = FormSession(form("xlsform_spec_test.xlsx"), session.answers, language="chinese", clock=lambda: NOW)
    message = next(p.message for p in chinese.problems() if p.path == ("repeat_test", 1, "select_multiple_test"))
    assert message.startswith("對不起 Li，")
    changes = session.set(("skip_to_end",), "yes")
    assert ("everything",) in changes.visibility and ("repeat_test", 1, "required_text") in changes.visibility
    assert session.problems() == []
    assert session.final_answers() == {"skip_to_end": "yes"}


def test_group_form_regex_constraint():
    session = start("group.xlsx", language="English (en)")
    assert session.item(("phone_number",)).label == "What's your father's phone number?"
    session.set(("phone_number",), "12a")
    assert not session.item(("phone_number",)).constraint_ok
    session.set(("phone_number",), "13800138000")
    assert session.item(("phone_number",)).constraint_ok
    session.set(("age",), 61)
    assert session.final_answers() == {"phone_number": "13800138000", "age": "61"}


@pytest.mark.parametrize("name", [
    "ODKValidateWarnings.xlsx", "UCL_Biomass_Plot_Form.xlsx", "attribute_columns_test.xlsx",
    "bad_calc.xlsx", "case_insensitivity.xlsx", "choice_filter_test.xlsx", "extra_columns.xlsx",
    "extra_sheet_names.xlsx", "field-list.xlsx", "flat_xlsform_test.xlsx", "group.xlsx", "loop.xlsx",
    "or_other.xlsx", "specify_other.xlsx", "survey_no_name.xlsx", "text_and_integer.xlsx",
    "xl_date_ambiguous.xlsx", "xl_date_ambiguous_v1.xlsx", "xlsform_spec_test.xlsx",
    "yes_or_no_question.xlsx",
])
def test_every_importable_corpus_form_runs(name):
    try:
        definition = form(name)
    except Exception:  # the reader's own tests cover forms it refuses
        pytest.skip(f"{name} is not importable")
    session = FormSession(definition, language="en", clock=lambda: NOW)
    items = session.items(all_types=True)
    in_repeats = {id(q) for r in definition.walk() if r.type in ("repeat", "loop") for q in r.walk() if q is not r}
    assert len(items) >= len([q for q in definition.walk() if q.name and id(q) not in in_repeats])
    for item in items:
        assert session.item(item.path).path == item.path
    session.problems()
    again = FormSession(definition, session.answers, language="en", clock=lambda: NOW)
    assert again.final_answers() == session.final_answers()
