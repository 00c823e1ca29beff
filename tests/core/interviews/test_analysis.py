"""Code frequencies and co-occurrence, checked figure by figure against hand counts from
the table in ``analysis_fixtures``."""

import pytest
from openpyxl import load_workbook

from analysis_fixtures import coded  # noqa: F401  (fixture)
from fieldkit.core.interviews.analysis import (cooccurrence, frequencies,
                                               write_analysis_xlsx)
from fieldkit.core.interviews.errors import InterviewError

S1, S2 = "青藏铁路三标", "洋山港四期"


def by_path(table, figures):
    return {code["path"]: figures[code["id"]] for code in table.codes}


def test_frequencies_by_site_hand_counts(coded):
    table = frequencies(coded.ws, "site")
    assert table.values == [S2, S1] or table.values == sorted([S1, S2])
    segments = by_path(table, table.segments)
    notes = by_path(table, table.notes)
    assert segments == {
        "家庭": {S1: 1, S2: 0}, "家庭/子女托管": {S1: 2, S2: 1},
        "家庭/家人担心健康": {S1: 1, S2: 1}, "工作条件": {S1: 0, S2: 1},
        "工作条件/高原反应": {S1: 1, S2: 0}, "薪酬": {S1: 2, S2: 0}}
    assert notes == segments      # no note carries one code twice here
    assert by_path(table, table.segments_total)["家庭/子女托管"] == 3
    assert table.notes_per_value == {S1: 2, S2: 1}     # N4 is deleted
    assert [c["path"] for c in table.codes] == ["家庭", "家庭/子女托管", "家庭/家人担心健康",
                                                "工作条件", "工作条件/高原反应", "薪酬"]


def test_segments_and_notes_differ_when_a_note_repeats_a_code(coded):
    ws, c = coded.ws, coded.codes
    ws.insert("interview_segments", {"note_id": coded.notes["N1"], "code_id": c["pay"],
                                     "start": 0, "end": 2, "text": "暑期",
                                     "coded_at": "2026-07-10"})
    table = frequencies(ws, "occupation")
    assert by_path(table, table.segments)["薪酬"] == {"铁路施工人员": 2, "快递员": 1,
                                                      "港口技工": 0}
    assert by_path(table, table.notes)["薪酬"] == {"铁路施工人员": 1, "快递员": 1,
                                                   "港口技工": 0}
    assert by_path(table, table.notes_total)["薪酬"] == 2
    assert by_path(table, table.segments_total)["薪酬"] == 3


def test_with_child_codes_rolls_up(coded):
    table = frequencies(coded.ws, "site", include_children=True)
    assert by_path(table, table.segments)["家庭"] == {S1: 4, S2: 2}
    assert by_path(table, table.notes)["家庭"] == {S1: 2, S2: 1}
    assert by_path(table, table.segments)["工作条件"] == {S1: 1, S2: 1}
    assert by_path(table, table.notes_total)["家庭"] == 3


def test_by_attribute_and_personal_attribute_refused(coded):
    table = frequencies(coded.ws, "seniority")
    assert table.by_label == "工龄"
    assert by_path(table, table.segments)["家庭/子女托管"] == {"5年": 2, "2年": 1}
    assert frequencies(coded.ws, "工龄").values == table.values        # by label too
    with pytest.raises(InterviewError) as caught:
        frequencies(coded.ws, "hukou")
    assert "personal" in caught.value.message()
    table = frequencies(coded.ws, "hukou", include_personal=True)
    assert by_path(table, table.segments)["薪酬"] == {"四川": 1, "": 1, "上海": 0}
    with pytest.raises(InterviewError):
        frequencies(coded.ws, "shoe size")


def test_cooccurrence_hand_counts(coded):
    table = cooccurrence(coded.ws)
    ids = {c["path"]: c["id"] for c in table.codes}
    pairs = {(a, b): table.counts[ids[a]][ids[b]] for a in ids for b in ids
             if table.counts[ids[a]][ids[b]]}
    assert pairs == {("家庭", "家庭/子女托管"): 1, ("家庭/子女托管", "家庭"): 1,
                     ("家庭/家人担心健康", "工作条件"): 1, ("工作条件", "家庭/家人担心健康"): 1}


def test_touching_segments_do_not_cooccur(coded):
    ws, c = coded.ws, coded.codes
    # 高原反应很重 starts where 家里人担心我的身体， ends: touching, not overlapping
    body = ws.get("interview_notes", coded.notes["N1"])["body"]
    start = body.find("高原反应很重")
    ws.insert("interview_segments", {"note_id": coded.notes["N1"], "code_id": c["pay"],
                                     "start": start - 3, "end": start, "text": body[start - 3:start],
                                     "coded_at": "2026-07-10"})
    table = cooccurrence(ws)
    assert table.counts[c["pay"]][c["alt"]] == 0
    assert table.counts[c["pay"]][c["health"]] == 1      # 身体， overlaps 家里人担心我的身体


def test_workbook(coded, tmp_path):
    out = write_analysis_xlsx(coded.ws, tmp_path / "freq.xlsx", by="site", language="zh_CN")
    book = load_workbook(out["output"])
    assert book.sheetnames == ["片段数", "访谈记录数", "共现"]
    sheet = book["片段数"]
    header = [c.value for c in sheet[4]]
    assert header[:2] == ["编码", "路径"] and header[-1] == "合计"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1]}
    s1 = header.index(S1)
    assert rows["家庭/子女托管"][s1] == 2 and rows["家庭/子女托管"][-1] == 3
    assert rows["家庭/子女托管"][0].strip() == "子女托管"
    co = book["共现"]
    heads = [c.value for c in co[3]]
    line = next(r for r in co.iter_rows(min_row=4, values_only=True) if r[0] == "工作条件")
    assert line[heads.index("家庭/家人担心健康")] == 1
    assert line[heads.index("工作条件")] is None


def test_workbook_in_english_names_sites_in_english(coded, tmp_path):
    out = write_analysis_xlsx(coded.ws, tmp_path / "freq.xlsx", by="site", language="en")
    sheet = load_workbook(out["output"])["Number of segments"]
    header = [c.value for c in sheet[4]]
    assert "Qinghai-Tibet Railway lot 3" in header and "Yangshan Port phase 4" in header
    assert out["by_label"] == "Site"
