"""Browser pages: the same rows as response_query.page, in a stable order, at any depth."""

import pytest

from fieldkit.core import responses
from fieldkit.core.work import directory
from fieldkit.core.forms.store import load_builtin_forms
from fieldkit.core.responses.paging import first_page, page_rows
from fieldkit.core.responses.query import ResponseFilter, count, page


@pytest.fixture
def ws(demo_workspace):
    load_builtin_forms(demo_workspace)
    sites = [s["id"] for s in directory.search(demo_workspace, directory.SITES)][:4]
    with demo_workspace.transaction():
        for i in range(230):
            rid = responses.start(demo_workspace, "frontline_needs", site_id=sites[i % 4],
                                  answers={"suggestions": "暑期托管难" if i % 50 == 0 else "夜班"})
            # ties on purpose: 23 distinct start times
            demo_workspace.update("responses", rid, {"started_at": f"2024-06-{1 + i % 23:02d}"
                                                                  "T09:00:00+08:00"})
    return demo_workspace


@pytest.mark.parametrize("order_by", ["started_at", "site", "status", "revision"])
@pytest.mark.parametrize("descending", [True, False])
def test_pages_cover_every_row_once_in_order(ws, order_by, descending):
    flt = ResponseFilter(form_id="frontline_needs", order_by=order_by, descending=descending)
    total, first = first_page(ws, flt, 50)
    assert total == count(ws, flt) == 230
    rows = first + [r for offset in range(50, 250, 50) for r in page_rows(ws, flt, offset, 50)]
    assert len(rows) == 230 and len({r["id"] for r in rows}) == 230
    assert first == page_rows(ws, flt, 0, 50)   # stable
    key = {"started_at": "started_at", "site": "site_name", "status": "status",
           "revision": "revision"}[order_by]
    values = [r[key] for r in rows]
    assert values == sorted(values, reverse=descending)
    # the same rows and fields as response_query.page
    reference = {r["id"]: r for r in page(ws, flt, 0, 1000)}
    assert reference.keys() == {r["id"] for r in rows}
    for row in rows[:5]:
        assert {k: v for k, v in row.items() if k != "rowid_"} == reference[row["id"]]


def test_filters_apply(ws):
    flt = ResponseFilter(form_id="frontline_needs", text="托管")
    total, rows = first_page(ws, flt, 200)
    assert total == 5 and len(rows) == 5
    assert all(r["answers"] == '{"suggestions":"暑期托管难"}' for r in rows)
    assert page_rows(ws, flt, 5, 200) == []
    flt = ResponseFilter(form_id="frontline_needs", date_from="2024-06-02", date_to="2024-06-02")
    assert len(page_rows(ws, flt, 0, 200)) == count(ws, flt) == 10
