"""Responses: drafts journaled as patches, revisions, review, delete/undo, search, paging."""

import json

import pytest

from fieldkit.core import i18n, responses
from fieldkit.core.work import directory
from fieldkit.core.forms.store import load_builtin_forms
from fieldkit.core.responses.query import ResponseFilter, count, facets, page


@pytest.fixture
def ws(demo_workspace):
    load_builtin_forms(demo_workspace)
    return demo_workspace


def site_and_cadre(ws):
    site = directory.search(ws, directory.SITES, "新开口")[0]["id"]
    cadre = directory.search(ws, directory.CADRES, "韩秀兰")[0]["id"]
    return site, cadre


def test_draft_autosave_is_journaled_as_a_small_patch(ws):
    site, cadre = site_and_cadre(ws)
    rid = responses.start(ws, "frontline_needs", site_id=site, cadre_id=cadre)
    row = responses.get(ws, rid)
    assert row["status"] == "draft" and row["answers"] == {}
    assert row["form_version"] and row["started_at"][-6] in "+-"
    responses.save_draft(ws, rid, {"work_type": "production", "notes": "暑期托管难"})
    responses.save_draft(ws, rid, {"work_type": "production", "notes": "暑期托管难，孩子没人看"})
    last = ws.history("responses", rid)[-1]
    assert last["changes"]["answers"] == {"patch": {"notes": ["暑期托管难", "暑期托管难，孩子没人看"]}}
    assert responses.save_draft(ws, rid, {"work_type": "production",
                                          "notes": "暑期托管难，孩子没人看"}) == {}


def test_search_finds_chinese_substrings_of_any_length(ws):
    site, cadre = site_and_cadre(ws)
    a = responses.start(ws, "frontline_needs", site_id=site, answers={"notes": "暑期托管难"})
    b = responses.start(ws, "frontline_needs", site_id=site, answers={"notes": "食堂饭菜太贵"})
    flt = ResponseFilter(form_id="frontline_needs")
    for text, expected in (("托管", {a}), ("暑期托管", {a}), ("饭菜太贵", {b}), ("管", {a}),
                           ("没有", set())):
        flt.text = text
        assert {r["id"] for r in page(ws, flt)} == expected, text
        assert count(ws, flt) == len(expected)


def test_search_includes_labels_of_chosen_options(ws):
    from fieldkit.core.responses.records import definition_for

    rid = responses.start(ws, "frontline_needs")
    form_record = ws.get("responses", rid)["form_record_id"]
    definition = definition_for(ws, form_record)
    question = next(q for q in definition.walk() if q.type == "select_multiple")
    choice = definition.choices[question.list_name][0]
    responses.save_draft(ws, rid, {question.name: choice.name})
    zh_label = next(v for k, v in choice.label.items() if "zh" in k)
    flt = ResponseFilter(form_id="frontline_needs", text=zh_label)
    assert [r["id"] for r in page(ws, flt)] == [rid]


def test_revision_review_delete_and_restore(ws):
    rid = responses.start(ws, "frontline_needs", answers={"notes": "第一次"})
    ws.update("responses", rid, {"status": "complete"})  # finalised (rules tested elsewhere)
    rev = responses.revise(ws, rid)
    assert rev != rid and responses.revise(ws, rid) == rev  # reused, not duplicated
    responses.save_draft(ws, rev, {"notes": "第二次，改正"})
    flt = ResponseFilter(form_id="frontline_needs")
    ws.update("responses", rev, {"status": "complete"})
    ws.update("responses", rid, {"superseded_by": rev})
    assert [r["id"] for r in page(ws, flt)] == [rev]          # the old revision is hidden
    flt.include_superseded = True
    assert {r["id"] for r in page(ws, flt)} == {rid, rev}
    chain = responses.revisions(ws, rev)
    assert [r["id"] for r in chain] == [rid, rev] and chain[1]["revision"] == 2
    diff = responses.answer_differences(json.loads(chain[0]["answers"]),
                                        json.loads(chain[1]["answers"]))
    assert diff == {"notes": ["第一次", "第二次，改正"]}

    with pytest.raises(responses.ResponseError):
        responses.set_review(ws, rev, "has_issues", "   ")
    responses.set_review(ws, rev, "has_issues", "第3题填写不全")
    assert responses.get(ws, rev)["review_comment"] == "第3题填写不全"
    responses.delete(ws, rev)
    flt.include_superseded = False
    assert page(ws, flt) == []
    responses.restore(ws, rev)
    assert [r["id"] for r in page(ws, flt)] == [rev]


def test_filters_facets_and_paging(ws):
    site, cadre = site_and_cadre(ws)
    other_site = directory.search(ws, directory.SITES, "高原")[0]["id"]
    with ws.transaction():
        for i in range(250):
            responses.start(ws, "frontline_needs", site_id=site if i % 2 else other_site,
                            cadre_id=cadre, answers={"notes": f"第{i}份"})
    flt = ResponseFilter(form_id="frontline_needs", site_id=site)
    assert count(ws, flt) == 125
    first, second = page(ws, flt, 0, 100), page(ws, flt, 100, 100)
    assert len(first) == 100 and len(second) == 25
    assert not {r["id"] for r in first} & {r["id"] for r in second}
    assert all(r["site_name"] == "Xinkaikou garment factory" for r in first)  # English UI
    f = facets(ws, "frontline_needs")
    # the English interface names sites by their English names, Chinese by their names
    assert {name for _, name in f["sites"]} == {"Xinkaikou garment factory",
                                                "Plateau railway project, section 3"}
    i18n.set_language("zh_CN")
    assert {name for _, name in facets(ws, "frontline_needs")["sites"]} == \
        {"新开口镇服装加工厂", "高原铁路项目三工区"}
    assert all(r["site_name"] == "新开口镇服装加工厂" for r in page(ws, flt, 0, 100))
    i18n.set_language("en")
    flt.status = "complete"
    assert count(ws, flt) == 0


def test_open_drafts_are_offered_after_a_crash(ws):
    rid = responses.start(ws, "altitude_health", answers={"site_altitude": "3800"})
    drafts = responses.open_drafts(ws)
    assert drafts[0]["id"] == rid and "高海拔" in drafts[0]["title"]
