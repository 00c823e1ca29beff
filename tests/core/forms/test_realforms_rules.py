"""Rules real XLSForms rely on, each shown by a minimal form of our own (issue 12):
what pyxform and ODK accept, fieldkit accepts; what they refuse, fieldkit refuses."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.forms.parameters import parse_parameters, unknown_parameters
from fieldkit.core.forms.problems import FormValidationError
from fieldkit.core.forms.session import FormSession
from fieldkit.core.forms.xlsform_reader import read_xlsform


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_note_without_a_name_is_named_after_its_row_as_pyxform_does(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label"],
        ["text", "who", "Who?"],
        ["note", "", "Thank you, ${who}"],
        ["note", None, "Bye"],
    ]})
    form = read_xlsform(path)
    assert [q.name for q in form.questions] == ["who", "generated_note_name_3", "generated_note_name_4"]
    session = FormSession(form)
    session.set(("who",), "Li")
    note = session.item(("generated_note_name_3",))
    assert note.kind == "note" and note.label == "Thank you, Li"


def test_a_question_other_than_a_note_still_needs_a_name(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": [["type", "name", "label"], ["text", "", "Who?"]]})
    with pytest.raises(FormValidationError) as info:
        read_xlsform(path)
    assert [p.msgid for p in info.value.problems] == ["This question (type {type}) has no name."]


def test_a_choice_row_without_a_list_name_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label"], ["select_one yn", "ok", "OK?"]],
        "choices": [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["", "maybe", "Maybe"], ["yn", "no", "No"]],
    })
    form = read_xlsform(path)
    assert [c.name for c in form.choices["yn"]] == ["yes", "no"]
    [warning] = [w for w in form.warnings if "no list name" in w.msgid]
    assert (warning.row, warning.cell) == (3, "A3")


def test_a_misspelt_range_parameter_is_refused_with_the_right_key_as_hint(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label", "parameters"],
        ["range", "score", "Score", "tart=1 end=5 step=1"],
    ]})
    with pytest.raises(FormValidationError) as info:
        read_xlsform(path)
    [problem] = info.value.problems
    assert problem.params["key"] == "tart" and problem.params["suggestion"] == "start"
    assert (problem.row, problem.cell) == (2, "D2")


@pytest.mark.parametrize("kind, text", [
    ("range", "start=1;end=10,step=0.5"), ("range", "START=1 End=3 tick_labelset=x"),
    ("select_one yn", "randomize=true seed=${s}"), ("text", "rows=3"), ("image", "max-pixels=1024"),
    ("geopoint", "capture-accuracy=10 warning-accuracy=20"), ("integer", "anything=1"),
])
def test_the_parameters_odk_reads_are_accepted(tmp_path: Path, kind: str, text: str) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {
        "survey": [["type", "name", "label", "parameters"], ["integer", "s", "Seed", ""], [kind, "q", "Q", text]],
        "choices": [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
    })
    assert read_xlsform(path).questions[1].parameters == text


def test_parameters_are_read_like_xlsform_pairs() -> None:
    assert parse_parameters("start=1; END=5,step = 2 junk") == {"start": "1", "end": "5", "step": "2"}
    assert unknown_parameters("range", "tart=1 end=2") == ["tart"]
    assert unknown_parameters("calculate", "whatever=1") == []


SAME_NAME_SURVEY = [
    ["type", "name", "label", "relevant"],
    ["integer", "age", "Age", ""],
    ["begin_group", "maize", "Maize", ""],
    ["decimal", "price", "Price of maize", ""],
    ["note", "comments", "Maize done", ""],
    ["end_group", "", "", ""],
    ["begin_group", "beans", "Beans", "${age} > 17"],
    ["decimal", "price", "Price of beans", ""],
    ["note", "comments", "Beans done", ""],
    ["end_group", "", "", ""],
]


def test_the_same_name_under_different_groups_is_accepted_and_answers_stay_apart(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": SAME_NAME_SURVEY})
    form = read_xlsform(path)
    names = [q.name for q in form.walk()]
    assert names == ["age", "maize", "maize/price", "maize/comments", "beans", "beans/price", "beans/comments"]
    session = FormSession(form)
    session.set(("age",), "30")
    session.set(("maize/price",), "2.5")
    session.set(("beans/price",), "4")
    assert session.value(("maize/price",)) == "2.5" and session.value(("beans/price",)) == "4"
    assert session.item(("beans/comments",)).label == "Beans done"
    assert session.item(("maize/comments",)).label == "Maize done"
    session.set(("age",), "12")
    assert not session.item(("beans/price",)).visible and session.item(("maize/price",)).visible


def test_a_form_with_repeated_names_is_written_back_as_it_was(tmp_path: Path) -> None:
    from fieldkit.core.forms.xlsform_writer import write_xlsform
    form = read_xlsform(make_xlsx(tmp_path / "f.xlsx", {"survey": SAME_NAME_SURVEY}))
    write_xlsform(form, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["survey"]
    header = [c.value for c in sheet[1]]
    written = [row[header.index("name")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "price" in written and "maize/price" not in written
    assert read_xlsform(tmp_path / "out.xlsx") == form


def test_the_same_name_twice_in_one_group_is_still_refused(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "f.xlsx", {"survey": [
        ["type", "name", "label"],
        ["begin_group", "g", "G"], ["text", "a", "A"], ["text", "a", "A again"], ["end_group", "", ""],
        ["text", "a", "A outside"],
    ]})
    with pytest.raises(FormValidationError) as info:
        read_xlsform(path)
    [problem] = info.value.problems
    assert problem.msgid.startswith("The name “{name}” is used twice") and problem.params["name"] == "a"
    assert (problem.params["first"], problem.params["row"]) == (3, 4)


def test_a_reference_to_a_repeated_name_is_refused_naming_every_question_it_could_mean(tmp_path: Path) -> None:
    survey = [row[:3] + [""] for row in SAME_NAME_SURVEY] + [["calculate", "total", "", ""]]
    survey[0][3] = "calculation"
    survey[-1][3] = "${price} * 2"
    with pytest.raises(FormValidationError) as info:
        read_xlsform(make_xlsx(tmp_path / "f.xlsx", {"survey": survey}))
    [problem] = info.value.problems
    assert problem.params["paths"] == "/maize/price, /beans/price"
    assert problem.row == 11 and "maize/price" in problem.text() and "beans/price" in problem.text()


def test_answers_to_same_named_questions_are_saved_and_listed_apart(tmp_path: Path) -> None:
    from fieldkit.core import responses
    from fieldkit.core.forms.store import get_form, import_form
    from fieldkit.core.responses.columns import cell_text, form_columns
    from fieldkit.core.store.workspace import Workspace

    survey = [row[:3] for row in SAME_NAME_SURVEY] + [
        ["begin_repeat", "plots", "Plots"], ["begin_group", "maize", "Maize"],
        ["integer", "price", "Plot price"], ["end_group", "", ""], ["end_repeat", "", ""]]
    path = make_xlsx(tmp_path / "crops.xlsx", {"survey": survey, "settings": [["form_id", "version"], ["crops", "1"]]})
    ws = Workspace.open(tmp_path / "w.fieldkit", create=True)
    try:
        import_form(ws, path)
        form = get_form(ws, "crops")
        session = FormSession(form)
        session.set(("age",), "40")
        session.set(("maize/price",), "2.5")
        session.set(("beans/price",), "4")
        session.add_repeat(("plots",))
        session.set(("plots", 0, "plots/maize/price"), "7")
        response_id = responses.start(ws, "crops")
        responses.finalise(ws, response_id, session.answers)
        saved = responses.get(ws, response_id)["answers"]
        again = FormSession(form, saved)
        assert [again.value(p) for p in (("maize/price",), ("beans/price",), ("plots", 0, "plots/maize/price"))] == ["2.5", "4", "7"]
        columns = {c.question: c for c in form_columns(ws, "crops", "en").available if c.question}
        row = ws.get("responses", response_id)
        assert cell_text(row, columns["maize/price"]) == "2.5" and cell_text(row, columns["beans/price"]) == "4"
    finally:
        ws.close()


LAST_SAVED_SURVEY = [
    ["type", "name", "label", "default"],
    ["text", "street", "Street", "${last-saved#street}"],
    ["text", "enumerator", "Enumerator", "${last-saved#enumerator}"],
    ["integer", "house", "House number", ""],
]


def test_last_saved_defaults_come_from_this_devices_last_response(tmp_path: Path) -> None:
    from fieldkit.core import responses
    from fieldkit.core.forms.store import get_form, import_form
    from fieldkit.core.store.workspace import Workspace

    path = make_xlsx(tmp_path / "visit.xlsx", {"survey": LAST_SAVED_SURVEY, "settings": [["form_id"], ["visit"]]})
    ws = Workspace.open(tmp_path / "w.fieldkit", create=True)
    try:
        import_form(ws, path)
        form = get_form(ws, "visit")
        first = responses.start(ws, "visit")
        assert responses.get(ws, first)["answers"] == {}  # nothing saved yet: empty, as in Collect
        session = FormSession(form, {})
        assert session.value(("street",)) == ""
        session.set(("street",), "Jiefang Road")
        session.set(("house",), "12")
        responses.save_draft(ws, first, session.answers)
        second = responses.start(ws, "visit")
        answers = responses.get(ws, second)["answers"]
        assert answers == {"street": "Jiefang Road"}  # not the house, not an empty enumerator
        session = FormSession(form, answers)
        assert [session.value((q,)) for q in ("street", "enumerator", "house")] == ["Jiefang Road", "", ""]
        session.set(("street",), "Renmin Road")  # still the cadre's to change
        assert session.value(("street",)) == "Renmin Road"
    finally:
        ws.close()


def test_last_saved_must_name_a_question_and_be_the_whole_default(tmp_path: Path) -> None:
    survey = [row[:] for row in LAST_SAVED_SURVEY]
    survey[2][3] = "${last-saved#enumeratr}"
    survey[3][3] = "${last-saved#house} + 1"
    with pytest.raises(FormValidationError) as info:
        read_xlsform(make_xlsx(tmp_path / "f.xlsx", {"survey": survey}))
    problems = sorted(info.value.problems, key=lambda p: p.row)
    assert [p.row for p in problems] == [3, 4]
    assert problems[0].params["name"] == "enumeratr" and problems[0].params["suggestion"] == "${enumerator}"
    assert "whole default" in problems[1].msgid


EYES_SURVEY = [
    ["type", "name", "label", "relevant"],
    ["begin_group", "right_eye", "Right eye", ""],
    ["decimal", "logMAR", "LogMAR", ""],
    ["integer", "pass", "Lines read", ""],
    ["end_group", "", "", ""],
    ["begin_group", "left_eye", "Left eye", "/data/right_eye/pass > 2"],
    ["decimal", "logMAR", "LogMAR", ""],
    ["integer", "pass", "Lines read", ""],
    ["end_group", "", "", ""],
    ["note", "retest", "Test again", "/data/right_eye/logMAR > 0.3 and /data/left_eye/logMAR > 0.3"],
]


def test_an_absolute_path_reads_the_one_question_it_names_among_same_named_ones(tmp_path: Path) -> None:
    form = read_xlsform(make_xlsx(tmp_path / "eyes.xlsx", {"survey": EYES_SURVEY}))  # no false circle
    session = FormSession(form)
    assert not session.item(("left_eye/pass",)).visible
    session.set(("right_eye/pass",), "3")
    assert session.item(("left_eye/pass",)).visible
    session.set(("left_eye/pass",), "1")  # its own "pass" does not hide the group
    assert session.item(("left_eye/pass",)).visible
    session.set(("right_eye/logMAR",), "0.5")
    assert not session.item(("retest",)).relevant
    session.set(("left_eye/logMAR",), "0.4")
    assert session.item(("retest",)).relevant


def test_absolute_paths_to_same_named_questions_are_written_back_as_paths(tmp_path: Path) -> None:
    from fieldkit.core.forms.xlsform_writer import write_xlsform
    form = read_xlsform(make_xlsx(tmp_path / "eyes.xlsx", {"survey": EYES_SURVEY}))
    write_xlsform(form, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["survey"]
    header = [c.value for c in sheet[1]]
    relevant = [row[header.index("relevant")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "/data/right_eye/logMAR > 0.3 and /data/left_eye/logMAR > 0.3" in relevant
    assert read_xlsform(tmp_path / "out.xlsx") == form


def test_a_path_inside_a_predicate_or_to_a_unique_name_is_left_as_written() -> None:
    from fieldkit.core.forms.names import qualify_paths
    questions = [{"name": "x", "type": "calculate",
                  "calculation": "/data/g/a + /data/g/a[1] + /data/g/b + /data/h/a + concat('/data/g/a')"}]
    qualify_paths(questions, {"a": ["g/a", "h/a"]}, "data")
    assert questions[0]["calculation"] == "${g/a} + /data/g/a[1] + /data/g/b + ${h/a} + concat('/data/g/a')"


# -- real forms with files: filled in with files of our own making (issue 12) --------------

REALFORMS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "realforms"


def _real(name):
    return read_xlsform(REALFORMS / name)


def test_hot_waterpoints_picks_a_mapped_feature_and_reads_its_id_and_geometry():
    import json as _json

    from fieldkit.core.forms.media import FormMedia
    from fieldkit.core.forms.session import FormSession

    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.82, -1.29]},
         "properties": {"id": "wp7", "title": "Kibera tap"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.9, -1.3]},
         "properties": {"id": "wp8", "title": "Mathare well"}}]}
    media = FormMedia({"waterpoints.geojson": _json.dumps(features).encode()})
    session = FormSession(_real("21_hot_waterpoints.xls"), language="en", media=media)
    assert [(c.name, c.label) for c in session.item(("existing",)).choices] == [
        ("wp7", "Kibera tap"), ("wp8", "Mathare well")]
    session.set(("existing",), "wp8")
    assert session.value(("xid",)) == "wp8"
    assert session.value(("xlocation",)) == "-1.3 36.9 0 0"


def test_kobo_dynamic_data_attachment_reads_last_rounds_answers():
    from fieldkit.core.forms.media import FormMedia
    from fieldkit.core.forms.session import FormSession

    last_round = (b"<root><data><P_Enumerator>Amina</P_Enumerator><P_Demographic><P_SN>1</P_SN>"
                  b"<P_Name>Wanjiru</P_Name><P_Age>34</P_Age><P_Family>5</P_Family></P_Demographic></data>"
                  b"<data><P_Enumerator>Otieno</P_Enumerator><P_Demographic><P_SN>2</P_SN>"
                  b"<P_Name>Kamau</P_Name><P_Age>51</P_Age><P_Family>3</P_Family></P_Demographic></data></root>")
    session = FormSession(_real("33_kobodocs_dda_round2.xlsx"), language="en",
                          media=FormMedia({"survey.xml": last_round}))
    assert session.value(("C1",)) == "2"
    session.set(("C_Enumerator",), "Otieno")
    assert session.value(("C2",)) == "1" and session.value(("C3",)) == "Yes"
    session.set(("C_SN",), 2)
    assert session.value(("C_Name",)) == "Kamau"
    assert session.value(("C_Age",)) == "51"


def test_kobo_select_from_map_offers_a_csv_a_geojson_and_an_xml_file():
    from fieldkit.core.forms.media import FormMedia

    media = FormMedia({
        "cities1.csv": "name,label,geometry\nlhasa,拉萨,29.65 91.13 0 0\n".encode(),
        "cities2.geojson": b'{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "nq", '
                           b'"geometry": {"type": "Point", "coordinates": [92.05, 31.48]}, "properties": {"title": "Nagqu"}}]}',
        "cities3.xml": b"<root><item><name>sh</name><label>Shigatse</label></item></root>"})
    session = FormSession(_real("39_kobodocs_select_from_map.xlsx"), language="en", media=media)
    assert [(c.name, c.label) for c in session.item(("city1",)).choices] == [("lhasa", "拉萨")]
    assert [(c.name, c.label) for c in session.item(("city2",)).choices] == [("nq", "Nagqu")]
    assert [(c.name, c.label) for c in session.item(("city3",)).choices] == [("sh", "Shigatse")]


def test_lshtm_geofencing_pulls_the_area_of_the_point_from_its_csv():
    from fieldkit.core.forms.media import FormMedia

    media = FormMedia({"geofence.data.csv": b"key,area\n91.1311|29.6524,Barkhor\n"})
    session = FormSession(_real("57_lshtm_geofencing.xlsx"), language="en", media=media)
    session.set(("geopoint",), "29.65237 91.13111 3650 5")
    assert session.value(("key",)) == "91.1311|29.6524"
    assert session.value(("geofence",)) == "Barkhor"
