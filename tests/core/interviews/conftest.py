"""A workspace for the interviews wing's tests: two sites, a cadre and an activity, a
two-level codebook and one note with a few coded segments."""

import pytest

from fieldkit.core.work import directory

BODY = "老李是快递员，他说暑假孩子没人带，心里着急。工地海拔高，家里人担心他的身体。"


@pytest.fixture
def interviews_ws(workspace):
    from fieldkit.core.interviews import codes, notes, segments

    ws = workspace
    ids = {}
    ids["city"] = directory.create(ws, directory.ORG_UNITS, {"name": "市总工会", "kind": "city"})
    ids["plateau"] = directory.create(ws, directory.SITES, {
        "name": "格尔木铁路工地", "kind": "project", "org_unit_id": ids["city"]})
    ids["station"] = directory.create(ws, directory.SITES, {
        "name": "奥城驿站", "kind": "station", "org_unit_id": ids["city"]})
    ids["zhao"] = directory.create(ws, directory.CADRES, {"name": "赵一", "org_unit_id": ids["city"]})
    ids["family"] = codes.add_code(ws, "家庭", description="家里的牵挂")
    ids["childcare"] = codes.add_code(ws, "子女托管", ids["family"])
    ids["safety"] = codes.add_code(ws, "安全")
    ids["altitude"] = codes.add_code(ws, "高原反应", ids["safety"], colour="#8ecae6")
    ids["note"] = notes.create_note(ws, title="快递员老李", body=BODY, on_date="2024-07-15",
                                    site_id=ids["station"], occupation="快递员",
                                    interviewee_name="李大明", interviewee_contact="13800000000")
    start = BODY.index("暑假孩子没人带")
    ids["seg_child"] = segments.apply_codes(ws, ids["note"], start, start + 7,
                                            [ids["childcare"]], coder_id=ids["zhao"])[0]
    start = BODY.index("家里人担心他的身体")
    ids["seg_worry"] = segments.apply_codes(ws, ids["note"], start, start + 9,
                                            [ids["family"], ids["altitude"]])
    ws.ids = ids
    return ws
