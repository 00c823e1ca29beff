"""Importing survey sheets end to end: 问卷星, Kobo, two header rows, CSV encodings,
preview problems, one-transaction commit, duplicates, undo, templates."""

import json

import openpyxl
import pytest

from fieldkit_testing import write_xlsx
from fieldkit.core.importing import pipeline
from fieldkit.core.importing.template import write_template
from fieldkit.core.responses.records import definition_for
from fieldkit.core.responses.search_index import gram_query

WJX_HEADER = ["序号", "提交答卷时间", "所用时间", "来源", "1、姓名：", "2、您的年龄：",
              "3、您的工作类型：", "4、您最需要的服务：", "5、入职日期：", "6、每天工作小时数：",
              "7、子女人数：", "8、暑期是否需要托管：", "9、其他意见："]


def wjx_rows():
    return [
        ["职工需求调查 数据导出"],
        [],
        WJX_HEADER,
        [1, "2024/6/1 9:30:00", "120秒", "手机提交", "李海花", 36, "服装加工", "暑期托管难┋吃饭难",
         "2019年3月1日", "9.5", 2, "是", "暑期托管难，孩子没人看"],
        [2, "2024/6/1 10:02:11", "95秒", "手机提交", "王建军", "４５", "施工", "休息难",
         45413, 11, 0, "(跳过)", "(空)"],
        [3, "2024/6/2 8:00:00", "60秒", "链接", "赵小兵", "十八", "港口装卸", "技能培训", "", "", "", "", ""],
    ]


def test_wjx_export_preview_and_commit(survey_ws, tmp_path):
    path = write_xlsx(tmp_path / "wjx.xlsx", wjx_rows())
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    targets = {c.header: (c.target.kind, c.target.name) for c in preview.mapping.columns}
    assert targets["序号"] == ("source_id", "")
    assert targets["提交答卷时间"] == ("submitted_at", "")
    assert targets["4、您最需要的服务："] == ("question", "needs")
    assert targets["所用时间"][0] == "skip"
    rows = {r.row: r for r in preview.rows}
    assert set(rows) == {4, 5, 6}
    first = rows[4]
    assert first.answers["needs"] == "childcare meals"
    assert first.answers["join_date"] == "2019-03-01" and first.answers["age"] == "36"
    assert rows[5].answers["age"] == "45" and rows[5].answers["join_date"] == "2024-05-01"
    assert "childcare" not in rows[5].answers and "notes" not in rows[5].answers
    bad = rows[6]
    assert bad.status == "rejected"
    problem = bad.problems[0]
    assert (problem.row, problem.column, problem.question, problem.found) == (6, "F", "age", "十八")
    counts = preview.counts()
    assert counts["rejected"] == 1 and counts["clean"] + counts["warning"] == 2
    assert survey_ws.scalar("SELECT count(*) FROM responses") == 0  # preview wrote nothing

    result = pipeline.commit(survey_ws, preview)
    assert result["imported"] == 2 and result["rejected"] == 1
    source = json.loads(survey_ws.scalar("SELECT source FROM responses WHERE source_key LIKE"
                                         " 'id:1|%'"))
    assert source == {"file": "wjx.xlsx", "sheet": preview.sheet, "row": 4,
                      "batch": result["batch_id"]}

    again = pipeline.prepare(survey_ws, path, "needs_survey")
    assert again.counts()["duplicate"] == 2
    assert pipeline.commit(survey_ws, again)["imported"] == 0
    assert survey_ws.scalar("SELECT count(*) FROM responses WHERE deleted = 0") == 2

    assert pipeline.undo_batch(survey_ws, result["batch_id"]) == 2
    assert survey_ws.scalar("SELECT count(*) FROM responses WHERE deleted = 0") == 0
    assert pipeline.prepare(survey_ws, path, "needs_survey").counts()["duplicate"] == 0


def test_kobo_export_with_option_columns(survey_ws, tmp_path):
    header = ["start", "grp/worker_name", "grp/age", "work_type", "needs", "needs/rest",
              "needs/meals", "needs/childcare", "needs/training", "kids", "_uuid",
              "_submission_time", "_id", "_index"]
    rows = [header,
            ["2024-06-01T09:00:00+08:00", "Li", 30, "port", "", 1, 0, 1, 0, 1,
             "0b7c-uuid-1", "2024-06-01T09:10:00", 11, 1],
            ["2024-06-02T09:00:00+08:00", "Wang", 50, "construction", "", 0, 0, 0, 1, 0,
             "0b7c-uuid-2", "2024-06-02T09:10:00", 12, 2]]
    path = write_xlsx(tmp_path / "kobo.xlsx", rows)
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    kinds = {c.header: c.target for c in preview.mapping.columns}
    assert kinds["grp/age"].name == "age"
    assert (kinds["needs/meals"].kind, kinds["needs/meals"].choice) == ("option", "meals")
    assert kinds["_uuid"].kind == "source_id" and kinds["_id"].kind == "skip"
    first = preview.rows[0]
    assert first.answers["needs"] == "rest childcare"
    assert first.source_key.startswith("id:0b7c-uuid-1")
    assert preview.rows[1].answers["needs"] == "training"


def test_two_header_rows_with_a_merged_question(survey_ws, tmp_path):
    rows = [["1、姓名：", "2、您的年龄：", "4、您最需要的服务：", None, None, None, "7、子女人数："],
            [None, None, "休息难", "吃饭难", "暑期托管难", "技能培训", None],
            ["刘芳", 29, 1, 0, 1, 0, 1],
            ["陈伟", 41, 0, 1, 0, 0, 0]]
    path = write_xlsx(tmp_path / "merged.xlsx", rows, merges=["C1:F1"])
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    assert preview.header_rows == [1, 2]
    assert [r.answers.get("needs") for r in preview.rows] == ["rest childcare", "meals"]
    assert preview.rows[0].answers["worker_name"] == "刘芳"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_chinese_encoding(survey_ws, tmp_path, encoding):
    text = ("姓名,您的年龄,您的工作类型,您最需要的服务\n"
            "李海花,36,服装加工,暑期托管难;吃饭难\n"
            "王建军,45,施工,休息难\n")
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode(encoding))
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    assert [r.answers["worker_name"] for r in preview.rows] == ["李海花", "王建军"]
    assert preview.rows[0].answers["needs"] == "childcare meals"


def test_template_imports_with_no_mapping(survey_ws, tmp_path):
    form_record = survey_ws.scalar("SELECT id FROM forms WHERE form_id = 'needs_survey'")
    definition = definition_for(survey_ws, form_record)
    target = write_template(definition, tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Instructions"  # the English UI in tests
    sheet = book.worksheets[1]
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "姓名 [worker_name]"
    assert any(dv.type == "list" for dv in sheet.data_validations.dataValidation)
    sheet.append(["周敏", 33, "外卖配送", "休息难;吃饭难", "2024-05-01", 10, 1, "是", "无"])
    book.save(target)
    preview = pipeline.prepare(survey_ws, target, "needs_survey")
    assert all(c.confidence == 1.0 for c in preview.mapping.columns if c.target.kind != "skip")
    row = preview.rows[0]
    assert row.status in ("clean", "warning") and row.answers["work_type"] == "delivery"
    assert row.answers["childcare"] == "yes"


@pytest.mark.parametrize("name, content", [
    ("fake.xlsx", b"this is just text, renamed\n" * 10),
    ("empty.csv", b""),
    ("binary.csv", b"\x00\x01\x02" * 100),
    ("notes.docx", b"PK\x03\x04whatever"),
])
def test_files_that_are_not_what_they_say(survey_ws, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(Exception) as err:
        pipeline.prepare(survey_ws, path, "needs_survey")
    assert hasattr(err.value, "message") and name in err.value.message()
    assert survey_ws.scalar("SELECT count(*) FROM responses") == 0


def test_commit_is_all_or_nothing(survey_ws, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "wjx.xlsx", wjx_rows())
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    original = survey_ws.insert_many

    def failing_insert_many(table, rows):
        original(table, rows)  # the rows are written inside the transaction, then it fails
        raise OSError("the USB stick was pulled out")
    monkeypatch.setattr(survey_ws, "insert_many", failing_insert_many)
    with pytest.raises(OSError):
        pipeline.commit(survey_ws, preview)
    assert survey_ws.scalar("SELECT count(*) FROM responses") == 0
    assert survey_ws.scalar("SELECT count(*) FROM import_batches") == 0
    assert survey_ws.scalar("SELECT count(*) FROM journal WHERE table_name = 'responses'") == 0


def test_rows_are_held_to_the_forms_rules(survey_ws, tmp_path):
    rows = [["姓名", "您的年龄", "您的工作类型", "子女人数", "暑期是否需要托管", "每天工作小时数"],
            ["甲", 12, "施工", 0, "是", 8],        # too young; childcare answered but skipped
            ["乙", 30, "", 1, "否", 30],           # work type required; hours over 24
            ["丙", 30, "港口装卸", 2, "是", 10]]   # clean
    path = write_xlsx(tmp_path / "rules.xlsx", rows)
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    first, second, third = preview.rows
    assert first.status == "warning" and "childcare" not in first.answers
    messages = {p.question: p.message() for p in first.problems}
    assert messages["age"] == "年龄应在16到70岁之间" and "childcare" in messages
    assert {p.question for p in second.problems} == {"work_type", "hours"}
    assert third.status == "clean" and third.answers["childcare"] == "yes"
    result = pipeline.commit(survey_ws, preview, include_warnings=False)
    assert result["imported"] == 1 and result["skipped_warnings"] == 2
    result = pipeline.commit(survey_ws, pipeline.prepare(survey_ws, path, "needs_survey"))
    assert result["imported"] == 2 and result["duplicates"] == 1
    flagged = survey_ws.query("SELECT review_state, review_comment FROM responses"
                              " WHERE review_state = 'has_issues'")
    assert len(flagged) == 2 and "年龄应在16到70岁之间" in "".join(r[1] for r in flagged)


def test_imported_rows_are_searchable_and_a_failed_import_leaves_no_index(survey_ws, tmp_path,
                                                                           monkeypatch):
    from fieldkit.core.responses.query import ResponseFilter, page

    path = write_xlsx(tmp_path / "wjx.xlsx", wjx_rows())
    pipeline.commit(survey_ws, pipeline.prepare(survey_ws, path, "needs_survey"))
    found = page(survey_ws, ResponseFilter(form_id="needs_survey", text="孩子没人看"))
    assert len(found) == 1
    assert survey_ws.scalar("SELECT deferred FROM search_control") == 0
    # after a failed import: no rows, no index entries, and indexing is back to row by row
    original = survey_ws.insert_many

    def failing(table, rows):
        original(table, rows)
        raise OSError("power cut")
    monkeypatch.setattr(survey_ws, "insert_many", failing)
    other = write_xlsx(tmp_path / "other.xlsx", [["姓名", "其他意见"], ["周敏", "驿站饮水机坏了"]])
    with pytest.raises(OSError):
        pipeline.commit(survey_ws, pipeline.prepare(survey_ws, other, "needs_survey"))
    assert survey_ws.scalar("SELECT deferred FROM search_control") == 0
    assert survey_ws.scalar("SELECT count(*) FROM response_grams WHERE response_grams MATCH"
                            " ?", (gram_query("饮水机"),)) == 0
    monkeypatch.undo()
    from fieldkit.core import responses
    rid = responses.start(survey_ws, "needs_survey", answers={"notes": "驿站饮水机坏了"})
    assert [r["id"] for r in page(survey_ws, ResponseFilter(form_id="needs_survey",
                                                             text="饮水机"))] == [rid]


def test_equal_looking_cells_of_different_types_are_parsed_apart(survey_ws, tmp_path):
    """Columns are parsed once per distinct cell; 1, 1.0 and TRUE are equal as Python dict
    keys, but TRUE in a number column is a mistake the preview must show on its own row."""
    rows = [WJX_HEADER[:6]]
    ages = [1, True, 1.0, "1", True, 1]
    for i, age in enumerate(ages, 1):
        rows.append([i, f"2024/6/{i} 9:30:00", "60秒", "手机提交", f"职工{i}", age])
    path = write_xlsx(tmp_path / "types.xlsx", rows)
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    by_row = {r.row: r for r in preview.rows}
    rejected = [by_row[n].status == "rejected" for n in range(2, 8)]
    assert rejected == [False, True, False, False, True, False]
    assert [by_row[n].answers.get("age") for n in (2, 4, 5, 7)] == ["1"] * 4
    problems = [(p.row, p.column, p.question, p.found) for p in preview.problems()
                if p.severity == "error"]  # (the warnings: required questions left out here)
    assert problems == [(3, "F", "age", "True"), (6, "F", "age", "True")]


def test_cancel_answers_at_once_while_a_big_sheet_is_being_parsed(survey_ws, tmp_path,
                                                                 monkeypatch):
    """calamine cannot be interrupted; the import stops waiting for it instead."""
    import threading
    import time

    from fieldkit.core.errors import Cancelled
    from fieldkit.core.forms import workbook
    from fieldkit.core.progress import CancelToken

    path = write_xlsx(tmp_path / "wjx.xlsx", wjx_rows())
    parse_sheet = workbook._load_sheet
    monkeypatch.setattr(workbook, "_load_sheet",
                        lambda book, name: time.sleep(3) or parse_sheet(book, name))
    token = CancelToken()
    threading.Timer(0.2, token.cancel).start()
    start = time.perf_counter()
    with pytest.raises(Cancelled):
        pipeline.prepare(survey_ws, path, "needs_survey", cancel=token)
    assert time.perf_counter() - start < 1.5
    assert survey_ws.scalar("SELECT count(*) FROM responses") == 0


def test_a_wide_sheet_reports_progress_a_few_times_not_once_per_column(workspace, tmp_path):
    """Each report wakes the window, which must then wait for the import's thread: a report
    per column of a 120-column export made the window stutter."""
    from fieldkit.core.forms.store import import_form

    book = openpyxl.Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    for i in range(120):
        book.active.append(["text", f"q{i}", f"问题{i}"])
    book.create_sheet("settings").append(["form_id", "version"])
    book["settings"].append(["wide", "1"])
    book.save(tmp_path / "wide_form.xlsx")
    import_form(workspace, tmp_path / "wide_form.xlsx")
    rows = [[f"问题{i}" for i in range(120)]] + [[f"答{r}-{i}" for i in range(120)]
                                               for r in range(50)]
    path = write_xlsx(tmp_path / "wide.xlsx", rows)
    reports = []
    preview = pipeline.prepare(workspace, path, "wide",
                               progress=lambda done, total, message: reports.append(done))
    assert len(preview.rows) == 50 and len(preview.rows[0].answers) == 120
    assert 1 <= len(reports) <= 25 and reports[-1] == 50


def test_answers_text_built_from_columns_is_the_canonical_json(survey_ws, tmp_path):
    """Each row's answers are encoded column by column (a value once per column): the text
    stored must be exactly what encoding the whole answers gives, for awkward text too."""
    from fieldkit.core.store.workspace import canonical_json

    rows = wjx_rows()
    rows[3][4] = '李"海花\\ \n\t😀 </script>'
    rows[4][12] = "\u2028含\u007f控制符"
    rows[5][5] = 18
    path = write_xlsx(tmp_path / "awkward.xlsx", rows)
    preview = pipeline.prepare(survey_ws, path, "needs_survey")
    accepted = [r for r in preview.rows if r.status != "rejected"]
    assert len(accepted) == 3 and accepted[0].answers["worker_name"].startswith('李"海花\\')
    for row in preview.rows:
        assert row.encoded is not None and row.encoded[1] == canonical_json(row.answers)
    pipeline.commit(survey_ws, preview)
    stored = {r[0]: r[1] for r in survey_ws.query(
        "SELECT source_key, answers FROM responses WHERE deleted = 0")}
    assert stored == {r.source_key: canonical_json(r.answers) for r in accepted}
