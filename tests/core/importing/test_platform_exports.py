"""Real exports from KoboToolbox and ODK Central come in whole (issue 10).

Exports are written exactly as the platforms write them (``platform_export_builder``) for a
form built like real Kobo forms (choices named ``none`` / ``na`` / ``-``, questions whose
names start with ``_``, ``or_other``, nested repeats, start/end) and for real forms of the
corpus; they go through the real pipeline into a real workspace, and then every non-empty
cell of the file is accounted for: stored in a response (read back through the form
runner's session, repeat instances and all), named in the problems, or one of the
platform's own bookkeeping columns. Nothing else is allowed.
"""

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fieldkit.core.forms.session import FormSession
from fieldkit.core.forms.store import import_form
from fieldkit.core.importing import pipeline
from fieldkit.core.importing.errors import ImportFileError
from fieldkit.core.importing.mapping import CHOSEN_BY_USER, Target, propose_mapping
from fieldkit.core.importing.values import ChoiceIndex, parse_cell
from fieldkit.core.responses.records import definition_for
from fieldkit.core.forms.model import Choice
from platform_export_builder import BOOKKEEPING, ExportBuilder, camp_survey

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"


@pytest.fixture
def camp(workspace, tmp_path):
    result = import_form(workspace, camp_survey(tmp_path / "camp_survey.xlsx"))
    definition = definition_for(workspace, result.record_id)
    return workspace, definition


# -- reading the file back, cell by cell --------------------------------------------------

def file_cells(path: Path) -> dict[tuple[str, int, str], object]:
    """Every non-empty cell of an xlsx or of the CSVs of a zip: (sheet, row, column) -> value."""
    from fieldkit.core.forms.workbook import column_letter

    out = {}
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".csv"):
                    continue
                text = archive.read(name).decode("utf-8")
                for r, row in enumerate(csv.reader(io.StringIO(text)), 1):
                    for c, value in enumerate(row):
                        if value != "":
                            out[(name[:-4], r, column_letter(c))] = value
        return out
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value not in (None, ""):
                    out[(sheet.title, cell.row, cell.column_letter)] = cell.value
    return out


def stored(ws, form_id: str) -> dict[str, dict]:
    """Imported answers by submission uuid."""
    out = {}
    for row in ws.query("SELECT source_key, answers, started_at, finished_at FROM responses "
                        "WHERE form_id = ? AND deleted = 0", (form_id,)):
        uid = row["source_key"].split("|")[0].split(":")[-1]
        out[uid] = {"answers": json.loads(row["answers"]), "started_at": row["started_at"],
                    "finished_at": row["finished_at"]}
    return out


def same(expected, found: str, part: str) -> bool:
    if part.startswith("option:"):
        chosen = part[7:] in found.split()
        return chosen == (str(expected) in ("1", "1.0"))
    if part.startswith("geo:"):
        return float(found.split()[int(part[4:])]) == float(expected)
    text = str(expected)
    if found == text:
        return True
    try:
        return float(found) == float(text)
    except ValueError:
        pass
    return found[:19] == text[:19].replace(" ", "T") or found == text[:8]  # times: 09:30:00


def account_for_every_cell(ws, definition, builder: ExportBuilder, path: Path, preview,
                           main_sheet: str, skip_sheets=()) -> dict[str, int]:
    """Each non-empty cell: bookkeeping, stored (read through a FormSession), or a problem."""
    problems = {((p.sheet or main_sheet), p.row, p.column) for p in preview.problems()}
    # an option's 1/0 column and a location's part columns share their question's problem
    about = {((p.sheet or main_sheet), p.row, p.question) for p in preview.problems()}
    rejected = {(p.sheet or main_sheet, p.row) for p in preview.problems()
                if p.severity == "error"}
    records = {(c.sheet, c.row, c.column): c for c in builder.cells}
    responses = stored(ws, definition.form_id)
    sessions = {uid: FormSession(definition, r["answers"]) for uid, r in responses.items()}
    headers = {}
    for (sheet, row, column), value in file_cells(path).items():
        if row == 1:
            headers[(sheet, column)] = value
    tally = {"bookkeeping": 0, "stored": 0, "problem": 0}
    for (sheet, row, column), value in file_cells(path).items():
        if row == 1 or sheet in skip_sheets:
            continue
        header = headers.get((sheet, column), "")
        if header in BOOKKEEPING:
            tally["bookkeeping"] += 1
            continue
        cell = records.get((sheet, row, column))
        assert cell is not None, f"a cell the test did not write: {sheet}!{column}{row}"
        if (sheet, row, column) in problems or (sheet, row) in rejected or \
                (cell.part and (sheet, row, cell.where[-1]) in about):
            tally["problem"] += 1
            continue
        session = sessions.get(cell.submission)
        assert session is not None, f"{sheet}!{column}{row} ({header}={value!r}): not imported"
        found = session.value(cell.where)
        value = value if cell.expected is None else cell.expected
        assert same(value, found, cell.part), \
            f"{sheet}!{column}{row} ({header}={value!r}) stored as {found!r}"
        tally["stored"] += 1
    return tally


# -- KoboToolbox ------------------------------------------------------------------------------

def test_kobo_workbook_every_cell_accounted_for(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "camp_survey_-_all_versions_-_English_-_2024-06-10.xlsx"
    builder = ExportBuilder(definition, 60, seed=7).write_kobo(path)
    preview = pipeline.prepare(ws, path, "camp_survey")
    targets = {c.header: c.target for c in preview.mapping.columns}
    assert targets["_1_4_Location/_1_4_1_Campslist"].name == "_1_4_1_Campslist"
    assert targets["_1_4_Location/_1_4_2_gps"].name == "_1_4_2_gps"
    assert (targets["__1_4_2_gps_latitude"].kind, targets["__1_4_2_gps_latitude"].choice) == \
        ("geopoint_part", "0")
    assert targets["occupation_other"].name == "occupation_other"
    assert (targets["needs/other"].kind, targets["needs/other"].choice) == ("option", "other")
    assert targets["_submission_time"].kind == "submitted_at"
    assert targets["_index"].kind == "skip" and targets["_tags"].kind == "skip"

    result = pipeline.commit(ws, preview)
    assert result["imported"] == 60, preview.counts()
    tally = account_for_every_cell(ws, definition, builder, path, preview, preview.sheet)
    assert tally["stored"] > 1500 and tally["bookkeeping"] > 500, tally

    # what the testers lost, now kept
    answers = {uid: r["answers"] for uid, r in stored(ws, "camp_survey").items()}
    subs = {s["uuid"]: s["answers"] for s in builder.submissions}
    camps = [a.get("_1_4_1_Campslist") for a in answers.values() if a.get("_1_4_1_Campslist")]
    assert len(camps) == sum(1 for s in subs.values() if "_1_4_1_Campslist" in s) > 30
    nones = sum("none" in a.get("income_sources", "").split() for a in answers.values())
    assert nones == sum("none" in s.get("income_sources", "").split() for s in subs.values()) > 0
    assert sum(a.get("water_access") == "na" for a in answers.values()) == \
        sum(s.get("water_access") == "na" for s in subs.values()) > 0
    assert sum(a.get("toilet") == "-" for a in answers.values()) == \
        sum(s.get("toilet") == "-" for s in subs.values()) > 0
    others = [uid for uid, s in subs.items() if s.get("occupation") == "other"]
    assert others and all(answers[u]["occupation"] == "other" and
                          answers[u]["occupation_other"] == subs[u]["occupation_other"]
                          for u in others)
    members = sum(len(s.get("household_members", [])) for s in subs.values())
    jobs = sum(len(m.get("member_jobs", [])) for s in subs.values()
               for m in s.get("household_members", []))
    assert members > 30 and jobs > 20
    assert sum(len(a.get("household_members", [])) for a in answers.values()) == members
    assert sum(len(m.get("member_jobs", [])) for a in answers.values()
               for m in a.get("household_members", [])) == jobs


def test_kobo_start_and_end_are_the_response_times(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "kobo.xlsx"
    builder = ExportBuilder(definition, 5, seed=3).write_kobo(path)
    pipeline.commit(ws, pipeline.prepare(ws, path, "camp_survey"))
    rows = stored(ws, "camp_survey")
    for sub in builder.submissions:
        row = rows[sub["uuid"]]
        assert row["started_at"] == sub["answers"]["start"]     # to the millisecond
        assert row["finished_at"] == sub["answers"]["end"]
        assert row["started_at"] != row["finished_at"]
        assert row["answers"]["start"] == sub["answers"]["start"]


def test_imported_repeats_open_in_the_runner(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "kobo.xlsx"
    builder = ExportBuilder(definition, 12, seed=11).write_kobo(path)
    pipeline.commit(ws, pipeline.prepare(ws, path, "camp_survey"))
    rows = stored(ws, "camp_survey")
    sub = max(builder.submissions, key=lambda s: sum(
        len(m.get("member_jobs", [])) for m in s["answers"].get("household_members", [])))
    session = FormSession(definition, rows[sub["uuid"]]["answers"])
    members = sub["answers"]["household_members"]
    items = [i for i in session.items() if i.path[:1] == ("household_members",)]
    assert len({i.path[1] for i in items if len(i.path) > 2}) == len(members)
    for m, member in enumerate(members):
        for j, job in enumerate(member.get("member_jobs", [])):
            if "job_title" in job:
                assert session.value(("household_members", m, "member_jobs", j, "job_title")) \
                    == job["job_title"]


def test_kobo_repeat_rows_without_their_parent_are_problems(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "kobo.xlsx"
    builder = ExportBuilder(definition, 10, seed=5).write_kobo(path)
    book = openpyxl.load_workbook(path)
    main = book.worksheets[0]
    gone = [s for s in builder.submissions[:3]]
    main.delete_rows(2, 3)   # three submissions lost from the main sheet
    book.save(path)
    preview = pipeline.prepare(ws, path, "camp_survey")
    children = sum(len(s["answers"].get("household_members", [])) +
                   len(s["answers"].get("visits", [])) for s in gone)
    grandchildren = sum(len(m.get("member_jobs", [])) for s in gone
                        for m in s["answers"].get("household_members", []))
    orphans = [r for r in preview.rows if r.source_key.startswith("orphan:")]
    assert children and len(orphans) == children + grandchildren
    assert all(r.status == "rejected" and r.problems[0].sheet for r in orphans)
    message = orphans[0].problems[0].message()
    assert "not in the file" in message
    result = pipeline.commit(ws, preview)
    assert result["imported"] == 7 and result["rejected"] == len(orphans)
    # the main sheet's rows moved up; every repeat sheet's cell is still accounted for
    tally = account_for_every_cell(ws, definition, builder, path, preview, preview.sheet,
                                   skip_sheets=(preview.sheet,))
    assert tally["problem"] > 0 and tally["stored"] > 0


def test_kobo_repeat_sheet_alone_is_refused(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "members.xlsx"
    ExportBuilder(definition, 5, seed=2).write_kobo(path, include_parents=False)
    with pytest.raises(ImportFileError) as caught:
        pipeline.prepare(ws, path, "camp_survey")
    text = caught.value.message("en")
    assert "repeated group" in text and "_parent_index" in text
    assert "重复组" in caught.value.message("zh_CN")
    assert ws.scalar("SELECT count(*) FROM responses") == 0


# -- ODK Central ------------------------------------------------------------------------------

def test_odk_central_zip_every_cell_accounted_for(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "camp_survey.zip"
    builder = ExportBuilder(definition, 40, seed=9).write_odk(path, "camp_survey")
    preview = pipeline.prepare(ws, path, "camp_survey")
    assert preview.sheet == "camp_survey"
    targets = {c.header: c.target for c in preview.mapping.columns}
    assert targets["_1_4_Location-_1_4_1_Campslist"].name == "_1_4_1_Campslist"
    assert targets["_1_4_Location-_1_4_2_gps-Longitude"].choice == "1"
    assert targets["KEY"].kind == "source_id"
    result = pipeline.commit(ws, preview)
    assert result["imported"] == 40, preview.counts()
    tally = account_for_every_cell(ws, definition, builder, path, preview, preview.sheet)
    assert tally["stored"] > 800, tally
    answers = stored(ws, "camp_survey")
    for sub in builder.submissions:
        assert len(answers[sub["uuid"]]["answers"].get("visits", [])) == \
            len(sub["answers"].get("visits", []))


def test_odk_central_repeat_csv_alone_is_refused(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "camp_survey.zip"
    ExportBuilder(definition, 5, seed=2).write_odk(path, "camp_survey",
                                                   only="camp_survey-household_members")
    with pytest.raises(ImportFileError) as caught:
        pipeline.prepare(ws, path, "camp_survey")
    assert "PARENT_KEY" in caught.value.message("en")


# -- real forms of the corpus -----------------------------------------------------------------

REAL_FORMS = ["xlsform/xlsform_spec_test.xlsx", "xlsform/or_other.xlsx",
              "xlsform/specify_other.xlsx", "realforms/31_kobodocs_repeating_matrix.xlsx",
              "realforms/41_kobodocs_repeat_merge.xlsx"]


#: Real forms the form reader refuses for one row that has nothing to do with their answers
#: (a choice row without a list name; a “set form title” row): a copy without that row.
NEARLY_REAL = {"realforms/43_kpi_good_eats_multilang.xls": ("choices", 4),      # or_other
               "realforms/45_kpi_nmis_education.xls": ("survey", 8)}           # “none” choices


def without_row(name: str, sheet_row: tuple[str, int], target: Path) -> Path:
    from fieldkit.core.forms.workbook import read_workbook

    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in read_workbook(CORPUS / name, as_text=True):
        out = book.create_sheet(sheet.name)
        for number, cells in sheet.rows:
            if (sheet.name, number) != sheet_row:
                out.append(cells)
    book.save(target)
    return target


@pytest.mark.parametrize("name", REAL_FORMS + list(NEARLY_REAL))
@pytest.mark.parametrize("platform", ["kobo", "odk"])
def test_real_forms_exports_every_cell_accounted_for(workspace, tmp_path, name, platform):
    source = without_row(name, NEARLY_REAL[name], tmp_path / "form.xlsx") \
        if name in NEARLY_REAL else CORPUS / name
    result = import_form(workspace, source)
    definition = definition_for(workspace, result.record_id)
    builder = ExportBuilder(definition, 25, seed=len(name))
    if platform == "kobo":
        path = builder.write_kobo(tmp_path / "export.xlsx") and tmp_path / "export.xlsx"
    else:
        path = tmp_path / f"{definition.form_id}.zip"
        builder.write_odk(path, definition.form_id)
    preview = pipeline.prepare(workspace, path, definition.form_id)
    pipeline.commit(workspace, preview)
    tally = account_for_every_cell(workspace, definition, builder, path, preview, preview.sheet)
    assert tally["stored"] + tally["problem"] > 25, tally
    if name.endswith("45_kpi_nmis_education.xls"):   # its water_sources list has “none”
        kept = [json.loads(a["answers"]) for a in workspace.query(
            "SELECT answers FROM responses WHERE form_id = ?", (definition.form_id,))]
        assert any("none" in a[key].split() for a in kept for key in a
                   if key.startswith("water") and isinstance(a[key], str))


# -- the rules themselves ---------------------------------------------------------------------

def test_a_choice_named_like_a_blank_is_that_choice():
    index = ChoiceIndex.build([Choice("salary"), Choice("none"), Choice("na"), Choice("-")])
    assert parse_cell("select_one", "none", index) == ("none", None)
    assert parse_cell("select_one", "na", index) == ("na", None)
    assert parse_cell("select_one", "-", index) == ("-", None)
    assert parse_cell("select_multiple", "salary none", index) == ("salary none", None)
    assert parse_cell("select_multiple", "none", index) == ("none", None)
    plain = ChoiceIndex.build([Choice("salary")])
    assert parse_cell("select_one", "none", plain) == (None, None)  # not a choice: a blank
    assert parse_cell("select_multiple", "-", plain) == (None, None)
    assert parse_cell("select_one", "(跳过)", plain) == (None, None)


def test_underscore_names_are_questions_and_only_platform_columns_bookkeeping(camp):
    _, definition = camp
    headers = ["_1_4_1_Campslist", "_id", "_uuid", "_validation_status", "_unknown_column",
               "_submission__uuid", "_parent_index", "__1_4_2_gps_precision",
               "SET-OF-household_members"]
    targets = [c.target for c in propose_mapping(definition, headers).columns]
    assert (targets[0].kind, targets[0].name) == ("question", "_1_4_1_Campslist")
    assert [t.kind for t in targets[1:4]] == ["skip", "source_id", "skip"]
    unknown = propose_mapping(definition, headers).columns[4]
    assert unknown.target.kind == "skip" and unknown.confidence == 0.0  # shown, not hidden
    assert targets[5].kind == targets[6].kind == "skip"
    assert (targets[7].kind, targets[7].choice) == ("geopoint_part", "3")
    assert propose_mapping(definition, headers).columns[8].confidence == 0.9  # Briefcase's link


def test_a_mapping_saved_by_an_older_fieldkit_keeps_only_the_users_choices(camp, tmp_path):
    """The earlier import of this layout skipped ``_1_4_1_Campslist`` as bookkeeping; the
    next file of the same layout must not repeat the mistake, but what the user chose stays."""
    ws, definition = camp
    path = tmp_path / "kobo.xlsx"
    ExportBuilder(definition, 6, seed=4).write_kobo(path)
    preview = pipeline.prepare(ws, path, "camp_survey")
    old = preview.mapping
    for column in old.columns:
        if column.header == "_1_4_Location/_1_4_1_Campslist":
            column.target, column.reason = Target("skip"), "export bookkeeping, not an answer"
        if column.header == "comments":
            column.target, column.reason = Target("skip"), CHOSEN_BY_USER
    pipeline.save_mapping(ws, "camp_survey", old)
    again = pipeline.prepare(ws, path, "camp_survey")
    targets = {c.header: c.target for c in again.mapping.columns}
    assert targets["_1_4_Location/_1_4_1_Campslist"].name == "_1_4_1_Campslist"
    assert targets["comments"].kind == "skip"


def test_importing_the_same_export_again_adds_nothing(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "camp_survey.zip"
    ExportBuilder(definition, 8, seed=6).write_odk(path, "camp_survey")
    assert pipeline.commit(ws, pipeline.prepare(ws, path, "camp_survey"))["imported"] == 8
    again = pipeline.prepare(ws, path, "camp_survey")
    assert again.counts()["duplicate"] == 8
    assert pipeline.commit(ws, again)["imported"] == 0


def test_problems_of_repeat_rows_name_their_sheet_in_the_report(camp, tmp_path):
    from fieldkit.core.importing.report import write_report

    ws, definition = camp
    path = tmp_path / "kobo.xlsx"
    builder = ExportBuilder(definition, 6, seed=8).write_kobo(path)
    book = openpyxl.load_workbook(path)
    members = book["household_members"]
    age = next(c.column_letter for c in members[1] if c.value == "household_members/member_age")
    members[f"{age}2"] = "十八"
    book.save(path)
    preview = pipeline.prepare(ws, path, "camp_survey")
    problem = next(p for p in preview.problems() if p.sheet == "household_members")
    assert (problem.row, problem.location(), problem.found) == (2, f"household_members!{age}",
                                                                 "十八")
    owner = next(r for r in preview.rows if problem in r.problems)
    assert owner.status == "rejected" and owner.source_key.startswith("id:")
    report = write_report(preview, path, tmp_path / "problems.xlsx")
    sheet = openpyxl.load_workbook(report).worksheets[0]
    assert [c.value for c in sheet[2]][:2] == [2, f"household_members!{age}"]
    assert builder.submissions


def test_a_damaged_or_empty_zip_is_refused_clearly(camp, tmp_path):
    ws, _ = camp
    bad = tmp_path / "damaged.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFileError) as caught:
        pipeline.prepare(ws, bad, "camp_survey")
    assert "not a readable zip" in caught.value.message("en")
    empty = tmp_path / "media.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("media/photo.jpg", b"\xff\xd8")
    with pytest.raises(ImportFileError) as caught:
        pipeline.prepare(ws, empty, "camp_survey")
    assert "no CSV" in caught.value.message("en")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("camp_survey.csv", "a," * (8 * 1024 * 1024))
    with pytest.raises(ImportFileError) as caught:
        pipeline.prepare(ws, bomb, "camp_survey")
    assert "zip bomb" in caught.value.message("en")


def test_a_location_in_parts_is_put_together_and_half_a_location_is_a_problem(camp, tmp_path):
    ws, _ = camp
    header = ["_1_4_Location-_1_4_1_Campslist", "_1_4_Location-_1_4_2_gps-Latitude",
              "_1_4_Location-_1_4_2_gps-Longitude", "_1_4_Location-_1_4_2_gps-Altitude",
              "_1_4_Location-_1_4_2_gps-Accuracy", "KEY"]
    rows = [header, ["camp_01", "29.65", "91.1", "3800", "4.5", "uuid:a"],
            ["camp_02", "", "", "3800", "", "uuid:b"]]
    path = tmp_path / "camp_survey.zip"
    with zipfile.ZipFile(path, "w") as archive:
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        archive.writestr("camp_survey.csv", text.getvalue())
    preview = pipeline.prepare(ws, path, "camp_survey")
    first, second = preview.rows
    assert first.answers["_1_4_2_gps"] == "29.65 91.1 3800 4.5"
    assert second.status == "rejected"
    problem = second.problems[0]
    assert (problem.row, problem.column, problem.found) == (3, "B", "3800")
    assert problem.message("zh_CN") == "不是有效的位置"


def test_naming_the_main_sheet_still_reads_the_repeat_sheets(camp, tmp_path):
    ws, definition = camp
    path = tmp_path / "kobo.xlsx"
    builder = ExportBuilder(definition, 6, seed=12).write_kobo(path)
    preview = pipeline.prepare(ws, path, "camp_survey", sheet=definition.title[:31])
    visits = sum(len(s["answers"].get("visits", [])) for s in builder.submissions)
    assert sum(len(r.answers.get("visits", [])) for r in preview.rows) == visits > 0
    assert {s.sheet for s in preview.repeat_sheets} == {"household_members", "member_jobs",
                                                        "visits"}


def test_other_path_and_separator_variants(camp):
    _, definition = camp
    headers = ["occupation/other", "needs/other", "_1_4_Location._1_4_1_Campslist",
               "_1_4_Location-needs/food"]
    columns = propose_mapping(definition, headers).columns
    assert (columns[0].target.kind, columns[0].target.name) == ("question", "occupation_other")
    assert (columns[1].target.kind, columns[1].target.choice) == ("option", "other")
    assert columns[2].target.name == "_1_4_1_Campslist"
    assert (columns[3].target.name, columns[3].target.choice) == ("needs", "food")


def test_kobo_media_links_are_not_answers(workspace):
    definition = definition_for(workspace, import_form(
        workspace, CORPUS / "xlsform/xlsform_spec_test.xlsx").record_id)
    columns = propose_mapping(definition, ["everything/image_test", "image_test_URL"]).columns
    assert columns[0].target.name == "image_test"
    assert columns[1].target.kind == "skip" and "link to the file" in columns[1].reason


@pytest.mark.parametrize("language", ["English (en)", "中文 (zh)"])
def test_kobo_labels_export_every_cell_accounted_for(camp, tmp_path, language):
    """Kobo's default export writes labels, not names: headers, answers and option columns
    (“Needs/Food”); a multiple answer is its labels joined by spaces (“Food aid Salary”)."""
    ws, definition = camp
    path = tmp_path / "labels.xlsx"
    builder = ExportBuilder(definition, 40, seed=13, language=language).write_kobo(
        path, labels=True)
    preview = pipeline.prepare(ws, path, "camp_survey")
    result = pipeline.commit(ws, preview)
    assert result["imported"] == 40, [p.message() for p in preview.problems()][:5]
    tally = account_for_every_cell(ws, definition, builder, path, preview, preview.sheet)
    assert tally["stored"] > 800 and tally["problem"] == 0, tally
