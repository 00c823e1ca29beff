"""A workspace with a small directory for the work wing's tests: a city union with one
district below it, a site under each, and three cadres."""

import pytest

from fieldkit.core.work import directory


@pytest.fixture
def work_ws(workspace):
    ws = workspace
    ids = {}
    ids["city"] = directory.create(ws, directory.ORG_UNITS, {"name": "市总工会", "kind": "city"})
    ids["district"] = directory.create(ws, directory.ORG_UNITS, {
        "name": "河西区总工会", "kind": "district", "parent_id": ids["city"]})
    ids["other"] = directory.create(ws, directory.ORG_UNITS, {"name": "港口工会", "kind": "enterprise"})
    ids["site_city"] = directory.create(ws, directory.SITES, {
        "name": "铁路工地", "kind": "project", "org_unit_id": ids["city"]})
    ids["site_district"] = directory.create(ws, directory.SITES, {
        "name": "驿站", "kind": "station", "org_unit_id": ids["district"]})
    ids["site_other"] = directory.create(ws, directory.SITES, {
        "name": "码头", "kind": "port", "org_unit_id": ids["other"]})
    ids["zhao"] = directory.create(ws, directory.CADRES, {"name": "赵一", "org_unit_id": ids["city"]})
    ids["qian"] = directory.create(ws, directory.CADRES, {"name": "钱二", "org_unit_id": ids["district"]})
    ids["sun"] = directory.create(ws, directory.CADRES, {"name": "孙三", "org_unit_id": ids["other"]})
    ws.ids = ids
    return ws


@pytest.fixture
def work_demo_ws(tmp_path):
    """The app's demo: directory, built-in questionnaires, answers and a year of work."""
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace

    ws = open_workspace(tmp_path / "demo.fieldkit", create=True)
    demo.build_demo(ws)
    yield ws
    ws.close()
