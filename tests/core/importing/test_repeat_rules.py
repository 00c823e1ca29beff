"""Rows read from a repeat's own sheet (KoboToolbox writes one per repeat) are held to the
repeat's rules as the main sheet's rows are (issue 10): required, constraints reading a
sibling (``${age}`` in the same instance), the parent row (``${max_age}``) or ``..``,
``position(..)``, relevance and choice filters. A problem points at the repeat sheet's cell;
an error rejects the whole response, a warning marks it."""

import openpyxl

from fieldkit.core.forms.store import import_form
from fieldkit.core.importing import pipeline


def _form(path):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "required", "constraint", "relevant",
                   "choice_filter", "constraint_message"])
    for line in [
        ["text", "household", "Household", "yes", "", "", "", ""],
        ["select_one district", "district", "District", "", "", "", "", ""],
        ["integer", "max_age", "Oldest allowed", "", "", "", "", ""],
        ["begin repeat", "members", "Members", "", "", "", "", ""],
        ["text", "member_name", "Name", "yes", "", "", "", ""],
        ["integer", "age", "Age", "", ". <= ../../max_age", "", "", "older than allowed"],
        ["integer", "seat", "Seat", "", ". = position(..)", "", "", ""],
        ["text", "job", "Job", "", "", "${age} >= 16", "", ""],
        ["select_one town", "town", "Town", "", "", "", "district = ${district}", ""],
        ["end repeat", "", "", "", "", "", "", ""],
    ]:
        survey.append(line)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label", "district"])
    for line in [["district", "east", "East", ""], ["district", "west", "West", ""],
                 ["town", "e1", "East town", "east"], ["town", "w1", "West town", "west"]]:
        choices.append(line)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["fam", "Families", "1"])
    book.save(path)
    return path


def _export(path, members):
    """A Kobo-style workbook: the main sheet, then the repeat's sheet linked by _index."""
    book = openpyxl.Workbook()
    main = book.active
    main.title = "Families"
    main.append(["household", "district", "max_age", "_uuid", "_index"])
    main.append(["Wang", "east", 90, "uuid-1", 1])
    main.append(["Li", "west", 60, "uuid-2", 2])
    main.append(["Zhao", "east", 90, "uuid-3", 3])
    sheet = book.create_sheet("members")
    sheet.append(["member_name", "age", "seat", "job", "town", "_index", "_parent_table_name",
                  "_parent_index", "_submission__uuid"])
    for n, (parent, row) in enumerate(members, 1):
        sheet.append([*row, n, "Families", parent, f"uuid-{parent}"])
    book.save(path)
    return path


def test_repeat_rows_are_held_to_the_repeats_rules(workspace, tmp_path):
    import_form(workspace, _form(tmp_path / "fam.xlsx"))
    path = _export(tmp_path / "kobo.xlsx", [
        (1, ["Wang A", 40, 1, "driver", "e1"]),     # fine
        (1, ["Wang B", 10, 2, "pupil", "e1"]),      # job answered, but hidden at age 10
        (2, ["", 70, 1, "", "w1"]),                 # no name; 70 above Li's max_age of 60
        (2, ["Li B", 30, 5, "", "w1"]),             # seat 5 is not its position (2)
        (3, ["Zhao A", 20, 1, "", "w1"]),           # a west town in an east district
    ])
    preview = pipeline.prepare(workspace, path, "fam")
    rows = {r.answers.get("household"): r for r in preview.rows}

    wang = rows["Wang"]
    assert wang.status == "warning"
    [skipped] = wang.problems
    assert (skipped.question, skipped.sheet, skipped.row, skipped.location()) == \
        ("job", "members", 3, "members!D")
    assert "skips this question" in skipped.message()
    assert wang.answers["members"][1] == {"member_name": "Wang B", "age": "10", "seat": "2",
                                          "town": "e1"}
    assert wang.answers["members"][0]["job"] == "driver"

    li = rows["Li"]
    assert li.status == "warning"
    found = {(p.question, p.location(), p.row) for p in li.problems}
    assert found == {("member_name", "members!A", 4), ("age", "members!B", 4),
                     ("seat", "members!C", 5)}
    age = next(p for p in li.problems if p.question == "age")
    assert age.message() == "older than allowed" and age.found == "70"
    assert next(p for p in li.problems if p.question == "member_name").message() == \
        "This question is required."

    zhao = rows["Zhao"]
    assert zhao.status == "rejected"     # the whole response: nothing half-valid goes in
    [town] = zhao.problems
    assert (town.question, town.location(), town.severity) == ("town", "members!E", "error")

    result = pipeline.commit(workspace, preview)
    assert result["imported"] == 2 and result["rejected"] == 1
    stored = {r["household"]: r for r in (
        {**__import__("json").loads(a), "review_state": s} for a, s in workspace.query(
            "SELECT answers, review_state FROM responses WHERE deleted = 0"))}
    assert set(stored) == {"Wang", "Li"}
    assert "job" not in stored["Wang"]["members"][1]
    assert stored["Li"]["review_state"] == "has_issues"


def test_clean_repeat_rows_leave_the_response_clean(workspace, tmp_path):
    import_form(workspace, _form(tmp_path / "fam.xlsx"))
    path = _export(tmp_path / "kobo.xlsx", [(1, ["Wang A", 40, 1, "driver", "e1"]),
                                            (1, ["Wang B", 12, 2, "", "e1"]),
                                            (2, ["Li A", 50, 1, "", "w1"])])
    preview = pipeline.prepare(workspace, path, "fam")
    by_name = {r.answers.get("household"): r for r in preview.rows}
    assert by_name["Wang"].status == "clean" and by_name["Li"].status == "clean"
    assert by_name["Zhao"].status == "clean" and "members" not in by_name["Zhao"].answers


def test_a_rule_reading_the_whole_repeat_is_not_checked_row_by_row(workspace, tmp_path):
    """``count(${members})`` needs every instance of the response, which one repeat-sheet
    row does not see: such a rule is left to the form runner, never a false warning."""
    path = _form(tmp_path / "fam.xlsx")
    book = openpyxl.load_workbook(path)
    survey = book["survey"]
    survey.cell(row=8, column=5, value=". <= count(${members})")   # seat
    book.save(path)
    import_form(workspace, path)
    export = _export(tmp_path / "kobo.xlsx", [(1, ["Wang A", 40, 1, "", "e1"]),
                                              (1, ["Wang B", 30, 2, "", "e1"])])
    preview = pipeline.prepare(workspace, export, "fam")
    wang = next(r for r in preview.rows if r.answers.get("household") == "Wang")
    assert wang.status == "clean", [p.message() for p in wang.problems]
