"""Retrieving coded segments: by code (with or without child codes), site, attributes,
coder and date, against the hand-made table in ``analysis_fixtures``."""

import pytest

from analysis_fixtures import coded  # noqa: F401  (fixture)
from fieldkit.core.interviews.errors import CodeNotFound
from fieldkit.core.interviews.queries import MASK, SegmentFilter, retrieve_segments


def texts(rows):
    return [r.text for r in rows]


def test_by_code_without_and_with_children(coded):
    c = coded.codes
    assert texts(retrieve_segments(coded.ws, SegmentFilter(code_ids=[c["family"]]))) == [
        "暑期托管难，孩子没人管"]
    rows = retrieve_segments(coded.ws, SegmentFilter(code_ids=[c["family"]],
                                                     include_children=True))
    # lost, deleted segments and the deleted note N4 are left out; ordered by date, position
    assert texts(rows) == ["暑期托管难", "暑期托管难，孩子没人管", "家里人担心我的身体",
                           "暑期托管难找", "家人担心安全", "孩子上学远"]
    first = rows[0]
    assert (first.code_path, first.note_title, first.site_name, first.on_date,
            first.occupation, first.coder, first.quote, first.memo) == (
        "家庭/子女托管", "高原铁路工人访谈", "青藏铁路三标", "2026-06-01", "铁路施工人员",
        "李干部", True, "假期托管是共同难题")


def test_filters(coded):
    ws, c = coded.ws, coded.codes
    assert texts(retrieve_segments(ws, SegmentFilter(site_id=coded.sites["S2"]))) == [
        "夜班多，家人担心安全", "家人担心安全", "孩子上学远"]
    assert texts(retrieve_segments(ws, SegmentFilter(occupation="快递员"))) == [
        "暑期托管难找", "工资偏低"]
    assert texts(retrieve_segments(ws, SegmentFilter(coder="王干部", code_ids=[c["pay"]]))) \
        == ["工资偏低"]
    assert texts(retrieve_segments(ws, SegmentFilter(attributes={"seniority": "2年"}))) == [
        "暑期托管难找", "工资偏低"]
    assert len(retrieve_segments(ws, SegmentFilter(attributes={"seniority": "5年"}))) == 8
    assert texts(retrieve_segments(ws, SegmentFilter(age_band="36-45"))) == [
        "暑期托管难找", "工资偏低"]
    assert texts(retrieve_segments(ws, SegmentFilter(date_from="2026-06-10",
                                                     date_to="2026-06-30"))) == [
        "暑期托管难找", "工资偏低"]
    assert texts(retrieve_segments(ws, SegmentFilter(quotes_only=True))) == [
        "暑期托管难", "高原反应很重", "暑期托管难找", "家人担心安全"]
    assert texts(retrieve_segments(ws, SegmentFilter(important_only=True))) == ["高原反应很重"]
    assert retrieve_segments(ws, SegmentFilter(code_ids=[c["pay"]], site_id=coded.sites["S2"])) \
        == []


def test_personal_data_redacted_unless_asked(coded):
    from analysis_fixtures import N1_BODY
    from fieldkit.core.interviews import notes, segments

    ws, n1 = coded.ws, coded.notes["N1"]
    notes.set_body(ws, n1, "张伟说：" + N1_BODY)
    segments.apply_codes(ws, n1, 0, 9, [coded.codes["pay"]])
    flt = SegmentFilter(code_ids=[coded.codes["pay"]], note_ids=[n1])
    row = retrieve_segments(ws, flt)[0]
    assert row.text == MASK + "说：暑期托管难"
    assert row.interviewee_name == ""
    assert row.attributes == {"seniority": "5年"}          # hukou is personal
    flt.include_personal = True
    row = retrieve_segments(ws, flt)[0]
    assert (row.text, row.interviewee_name) == ("张伟说：暑期托管难", "张伟")
    assert row.attributes == {"seniority": "5年", "hukou": "四川"}
    # the moved segment still covers its text
    child = retrieve_segments(ws, SegmentFilter(code_ids=[coded.codes["child"]]))[0]
    assert (child.start, child.text) == (4, "暑期托管难")


def test_unknown_code_is_a_clear_error(coded):
    with pytest.raises(CodeNotFound) as caught:
        retrieve_segments(coded.ws, SegmentFilter(code_ids=["nope"]))
    assert "nope" in caught.value.message()
