import pytest

from fieldkit.core import i18n
from fieldkit.core.work import directory
from fieldkit.core.errors import ValidationError


def problems_of(exc):
    return {key: i18n.translate(msgid).format(**params) for key, msgid, params in exc.problems}


def test_create_and_search_cadre(demo_workspace):
    ws = demo_workspace
    unit = directory.search(ws, directory.ORG_UNITS, "天津港")[0]
    cid = directory.create(ws, directory.CADRES, {"name": "  马晓东 ", "org_unit_id": unit["id"],
                                                  "phone": "138 0000 1111"})
    found = directory.search(ws, directory.CADRES, "晓东")
    assert [r["id"] for r in found] == [cid]
    assert found[0]["name"] == "马晓东"            # trimmed
    assert found[0]["org_unit_id__name"] == "天津港集团工会"
    assert directory.search(ws, directory.CADRES, "0000 1111")[0]["id"] == cid


def test_every_problem_is_reported_at_once(demo_workspace):
    with pytest.raises(ValidationError) as err:
        directory.create(demo_workspace, directory.SITES, {
            "name": "", "kind": "spaceport", "altitude_m": "high", "timezone": "Mars/Olympus",
            "country": "CN"})
    problems = problems_of(err.value)
    assert set(problems) == {"name", "kind", "altitude_m", "timezone"}
    assert "required" in problems["name"]
    assert "whole number" in problems["altitude_m"]
    assert "Mars/Olympus" in problems["timezone"]
    assert demo_workspace.scalar("SELECT count(*) FROM sites WHERE kind='spaceport'") == 0


def test_validation_messages_in_chinese(demo_workspace):
    i18n.set_language("zh_CN")
    with pytest.raises(ValidationError) as err:
        directory.create(demo_workspace, directory.SITES, {"name": "高原新站", "altitude_m": 12000,
                                                           "kind": "project", "country": "CN",
                                                           "timezone": "Asia/Shanghai"})
    message = problems_of(err.value)["altitude_m"]
    assert message == "海拔（米）应在 -500 到 9000 之间。"


def test_phone_and_length_rules(demo_workspace):
    unit = directory.search(demo_workspace, directory.ORG_UNITS)[0]
    with pytest.raises(ValidationError) as err:
        directory.create(demo_workspace, directory.CADRES,
                         {"name": "某" * 51, "org_unit_id": unit["id"], "phone": "call me"})
    assert set(problems_of(err.value)) == {"name", "phone"}


def test_parent_cycle_and_duplicate_names(demo_workspace):
    ws = demo_workspace
    city = directory.search(ws, directory.ORG_UNITS, "天津市总工会")[0]
    hexi = directory.search(ws, directory.ORG_UNITS, "河西区")[0]
    with pytest.raises(ValidationError) as err:
        directory.update(ws, directory.ORG_UNITS, city["id"], {"parent_id": hexi["id"]})
    assert "itself" in problems_of(err.value)["parent_id"]
    with pytest.raises(ValidationError) as err:
        directory.create(ws, directory.ORG_UNITS, {"name": "河西区总工会", "kind": "district",
                                                   "parent_id": city["id"]})
    assert "already has the name" in problems_of(err.value)["name"]


def test_deactivate_hides_from_pickers_but_keeps_history(demo_workspace):
    ws = demo_workspace
    site = directory.search(ws, directory.SITES, "时代奥城")[0]
    directory.set_active(ws, directory.SITES, site["id"], False)
    assert directory.search(ws, directory.SITES, "时代奥城") == []
    assert directory.search(ws, directory.SITES, "时代奥城", include_inactive=True)[0]["active"] == 0
    assert site["id"] not in dict(directory.choices_for(ws, "sites"))
    assert site["id"] in dict(directory.choices_for(ws, "sites", include_id=site["id"]))
    ops = [h["operation"] for h in ws.history("sites", site["id"])]
    assert ops == ["insert", "update"]


def test_demo_is_believable(demo_workspace):
    ws = demo_workspace
    names = {r["name"] for r in directory.search(ws, directory.ORG_UNITS)}
    assert {"天津市总工会", "河西区总工会", "宝坻区总工会", "中铁十八局集团工会", "天津港集团工会"} <= names
    sites = {r["name"]: r for r in directory.search(ws, directory.SITES)}
    plateau = sites["高原铁路项目三工区"]
    assert plateau["altitude_m"] >= 3500 and "西藏" in plateau["region"]
    zones = {r["country"]: r["timezone"] for r in sites.values()}
    assert zones["NG"] == "Africa/Lagos" and zones["SA"] == "Asia/Riyadh"
    assert {"UG", "GN"} <= set(zones)
    assert any(r["kind"] == "station" for r in sites.values())
    assert ws.scalar("SELECT count(*) FROM cadres") >= 10
