"""Browser columns: standard and question columns, labels in the interface language, cells."""

import pytest

from fieldkit.core import i18n, responses
from fieldkit.core.forms.store import load_builtin_forms
from fieldkit.core.responses.columns import (DEFAULT_COLUMNS, PLACEHOLDER, Column, cell_text,
                                            form_columns, format_answer)
from fieldkit.core.responses.paging import first_page
from fieldkit.core.responses.query import ResponseFilter


@pytest.fixture
def ws(demo_workspace):
    load_builtin_forms(demo_workspace)
    return demo_workspace


def test_columns_of_a_form(ws):
    columns = form_columns(ws, "frontline_needs", "en")
    keys = [c.key for c in columns.available]
    assert keys[:7] == ["started", "site", "cadre", "status", "review", "version", "revision"]
    assert all(c.sortable for c in columns.available[:7])
    questions = {c.question: c for c in columns.available[7:]}
    assert not any(c.sortable for c in questions.values())
    # notes, groups, metadata and questions inside repeats have no column; the repeat has one
    assert "intro" not in questions and "site" not in questions and "start" not in questions
    assert "child_age" not in questions and questions["children"].kind == "repeat"
    assert questions["work_type"].label == "Your trade or job"
    assert questions["work_type"].path == ("about_you",)
    assert [c.key for c in columns.chosen(None)] == list(DEFAULT_COLUMNS)
    assert [c.key for c in columns.chosen(["q:work_type", "gone", "site"])] == [
        "q:work_type", "site"]
    assert [c.key for c in columns.chosen(["gone"])] == list(DEFAULT_COLUMNS)
    zh = form_columns(ws, "frontline_needs", "zh_CN").by_key()
    assert zh["q:work_type"].label == "您的工种或岗位"
    assert zh["q:work_type"].options["construction"].startswith("施工作业")


def test_cells(ws):
    site = ws.query("SELECT id FROM sites ORDER BY name LIMIT 1")[0]["id"]
    rid = responses.start(ws, "frontline_needs", site_id=site, answers={
        "work_type": "construction", "top_needs": "meals holiday_childcare",
        "years_in_job": 12, "children": [{"child_age": 7}, {"child_age": 9}],
        "suggestions": "暑期托管难"})
    total, rows = first_page(ws, ResponseFilter(form_id="frontline_needs"), 50)
    assert total == 1 and rows[0]["id"] == rid
    row = rows[0]
    assert isinstance(row["answers"], str) and "_answers" not in row
    by_key = form_columns(ws, "frontline_needs", "en").by_key()
    assert cell_text(row, by_key["status"]) == "Draft"
    assert cell_text(row, by_key["review"]) == "Received"
    assert cell_text(row, by_key["site"]) == row["site_name"]
    assert cell_text(row, by_key["started"]) == row["started_at"][:16].replace("T", " ")
    assert "_answers" not in row  # answers are decoded only for question cells
    assert cell_text(row, by_key["q:work_type"]).startswith("Construction")
    assert "_answers" in row
    assert cell_text(row, by_key["q:years_in_job"]) == "12"
    assert cell_text(row, by_key["q:children"]) == "2"
    assert cell_text(row, by_key["q:suggestions"]) == "暑期托管难"
    assert cell_text(row, by_key["q:gender"]) == ""
    i18n.set_language("zh_CN")
    zh = form_columns(ws, "frontline_needs", "zh_CN").by_key()
    assert cell_text(row, zh["q:top_needs"]) == "改善用餐（热饭、食堂、送餐）、子女暑期托管、课后托管"
    assert cell_text(row, zh["status"]) == "草稿"


def test_format_answer_edge_cases():
    column = Column("q:x", "X", question="x", options={"a": "Apple"})
    assert format_answer(column, "a unknown") == "Apple, unknown"
    assert format_answer(column, None) == "" and format_answer(column, "") == ""
    assert format_answer(Column("q:y", "Y", question="y"), True) == "Yes"
    broken = {"answers": "{not json", "status": "draft", "review_state": "received"}
    assert cell_text(broken, column) == ""
    assert PLACEHOLDER == "…"


def test_answers_nested_by_group_are_found(ws):
    by_key = form_columns(ws, "frontline_needs", "en").by_key()
    row = {"answers": '{"about_you": {"years_in_job": 3}}'}
    assert cell_text(row, by_key["q:years_in_job"]) == "3"
