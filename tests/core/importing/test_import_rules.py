"""Imported rows are held to every rule of the form — cascades (choice_filter) included — and
a row's problems are all listed, naming each question by its label."""

import openpyxl
import pytest

from fieldkit.core.forms.store import import_form
from fieldkit.core.importing import pipeline
from fieldkit_testing import write_xlsx

STREETS = (("youyi", "友谊路街道", "hexi"), ("jianshan", "尖山街道", "hexi"),
           ("xingnan", "兴南街道", "nankai"), ("wanxing", "万兴街道", "nankai"))


def build_visit_form(path):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::中文 (zh)", "label::English (en)", "required",
                   "constraint", "constraint_message::中文 (zh)",
                   "constraint_message::English (en)", "choice_filter"])
    for row in (
        ["select_one district", "district", "所在区", "District", "yes", "", "", "", ""],
        ["select_one street", "street", "街道", "Street", "", "", "", "", "district=${district}"],
        ["integer", "age", "年龄", "Age", "yes", ". >= 16 and . <= 70", "年龄应在16到70岁之间",
         "Age must be 16 to 70", ""],
        ["date", "visit_date", "走访日期", "Visit date", "", ". <= today()", "不能晚于今天",
         "Not after today", ""],
        ["text", "phone", "联系电话", "Phone", "", "regex(., '^1[0-9]{10}$')",
         "手机号应为11位数字", "11 digits", ""],
        ["decimal", "hours", "每天工作小时数", "Working hours per day", "", ". <= 24",
         "不能超过24小时", "At most 24 hours", ""],
    ):
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::中文 (zh)", "label::English (en)", "district"])
    choices.append(["district", "hexi", "河西区", "Hexi", ""])
    choices.append(["district", "nankai", "南开区", "Nankai", ""])
    for name, label, district in STREETS:
        choices.append(["street", name, label, name.title(), district])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(["visits", "走访记录", "1", "中文 (zh)"])
    book.save(path)
    return path


@pytest.fixture
def visit_ws(workspace, tmp_path):
    import_form(workspace, build_visit_form(tmp_path / "visits.xlsx"))
    return workspace


HEADER = ["所在区", "街道", "年龄", "走访日期", "联系电话", "每天工作小时数"]


def test_a_street_of_another_district_is_rejected(visit_ws, tmp_path):
    path = write_xlsx(tmp_path / "visits.xlsx", [
        HEADER,
        ["河西区", "友谊路街道", 30, "2024-06-01", "13800000000", 8],
        ["河西区", "兴南街道", 30, "2024-06-01", "13800000001", 8],   # a 南开区 street
        ["南开区", "兴南街道", 30, "2024-06-01", "13800000002", 8],
    ])
    preview = pipeline.prepare(visit_ws, path, "visits")
    rows = {r.row: r for r in preview.rows}
    assert rows[2].status == "clean" and rows[4].status == "clean"
    assert rows[3].status == "rejected"
    problem = [p for p in rows[3].problems if p.question == "street"][0]
    assert (problem.column, problem.severity, problem.found) == ("B", "error", "xingnan")
    assert problem.message("zh_CN") == "“兴南街道”不是“所在区”为“河西区”时“街道”的选项。"
    assert problem.message("en") == "“Xingnan” is not an option of “Street” when “District” " \
        "is “Hexi”."
    assert pipeline.commit(visit_ws, preview)["imported"] == 2


def test_a_rejected_row_lists_every_problem(visit_ws, tmp_path):
    """An unreadable age (the error that rejects the row) and, in the same row, a date after
    today, a phone number failing its pattern and 30 working hours."""
    path = write_xlsx(tmp_path / "visits.xlsx", [
        HEADER, ["河西区", "友谊路街道", "十八", "2099-01-01", "12345", 30]])
    preview = pipeline.prepare(visit_ws, path, "visits")
    row = preview.rows[0]
    assert row.status == "rejected"
    found = {p.question: (p.severity, p.message("zh_CN")) for p in row.problems}
    assert found["age"][0] == "error"
    assert found["visit_date"] == ("warning", "不能晚于今天")
    assert found["phone"] == ("warning", "手机号应为11位数字")
    assert found["hours"] == ("warning", "不能超过24小时")
    assert set(found) == {"age", "visit_date", "phone", "hours"}  # no "age is required" too


def test_problems_name_the_question_by_its_label_in_the_chosen_language(visit_ws, tmp_path):
    path = write_xlsx(tmp_path / "visits.xlsx", [
        HEADER, ["河西区", "友谊路街道", 80, "2024-06-01", "13800000000", 8]])
    problem = pipeline.prepare(visit_ws, path, "visits").rows[0].problems[0]
    assert problem.question == "age"
    assert (problem.question_text("zh_CN"), problem.message("zh_CN")) == \
        ("年龄", "年龄应在16到70岁之间")
    assert (problem.question_text("en"), problem.message("en")) == \
        ("Age", "Age must be 16 to 70")


def test_the_review_comment_of_an_imported_row_names_the_question(visit_ws, tmp_path):
    path = write_xlsx(tmp_path / "visits.xlsx", [
        HEADER, ["河西区", "友谊路街道", 80, "2024-06-01", "13800000000", 8]])
    preview = pipeline.prepare(visit_ws, path, "visits")
    problem = preview.rows[0].problems[0]
    pipeline.commit(visit_ws, preview)
    comment = visit_ws.scalar("SELECT review_comment FROM responses")
    assert comment == f"{problem.question_text()}: {problem.message()}"
    assert comment in ("年龄: 年龄应在16到70岁之间", "Age: Age must be 16 to 70")


def test_rules_over_many_rows_give_what_each_row_alone_gives(workspace, tmp_path):
    """Rules are looked up column by column when nothing is hidden; each row's result must
    be what evaluating that row's rules one by one gives."""
    import random

    from fieldkit.core.forms.store import get_form
    from fieldkit.core.importing.rules import FlatRules

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "required", "constraint", "relevant", "calculation"])
    for row in (["integer", "low", "Low", "", "", "", ""],
                ["integer", "high", "High", "", ". >= ${low}", "", ""],
                ["integer", "kids", "Kids", "yes", ". <= ${high} - ${low}", "", ""],
                ["text", "care", "Care", "yes", "string-length(.) > ${kids}", "${kids} > 0", ""],
                ["calculate", "span", "", "", "", "", "${high} - ${low}"]):
        survey.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["ranges", "Ranges", "1"])
    book.save(tmp_path / "ranges.xlsx")
    import_form(workspace, tmp_path / "ranges.xlsx")
    definition = get_form(workspace, "ranges")
    rnd = random.Random(3)
    numbers = ["0", "1", "2", "5", "9", ""]
    rows = [{k: v for k, v in {"low": rnd.choice(numbers), "high": rnd.choice(numbers),
                               "kids": rnd.choice(numbers), "care": rnd.choice(["", "ab", "abcdef"])
                               }.items() if v} for _ in range(300)]

    class OneByOne(FlatRules):
        def _evaluate_many(self, node, values, hidden, active):
            return [self._evaluate(node, values[i], hidden[i] or set()) for i in active]

    for sample in (rows, [r for r in rows if r.get("kids", "0") != "0"]):  # some hidden, none
        many = FlatRules(definition, language="en").check_many(sample)
        assert many == OneByOne(definition, language="en").check_many(sample)
        assert any(problems for _, problems in many) and any(not problems for _, problems in many)
