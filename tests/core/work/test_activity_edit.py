"""Editing a saved activity: same rules as recording, one transaction, cadres replaced
exactly, nothing written when nothing changes, KPIs and quota follow the edit."""

import pytest

from fieldkit.core.store import attachments
from fieldkit.core.work import activities, kpis
from fieldkit.core.work.activity_edit import current_values, update_activity
from fieldkit.core.work.errors import WorkError


def _journal(ws):
    return ws.scalar("SELECT count(*) FROM journal")


def _cadres(ws, aid):
    return sorted(r[0] for r in ws.query(
        "SELECT cadre_id FROM activity_cadres WHERE activity_id = ?", (aid,)))


@pytest.fixture
def one(work_ws):
    ids = work_ws.ids
    aid = activities.log_activity(
        work_ws, on="2024-05-06", cadre_ids=[ids["zhao"], ids["qian"]], kinds=["visit"],
        site_id=ids["site_city"], workers_reached=20, notes="走访宿舍")
    return work_ws, aid


def test_edit_twice_changes_fields_and_replaces_cadres_exactly(one, tmp_path):
    ws, aid = one
    ids = ws.ids
    changed = update_activity(ws, aid, kinds=["visit", "rights"], workers_reached=25,
                              cadre_ids=[ids["qian"], ids["sun"], ids["sun"]],
                              duration="half", notes=" 走访宿舍，维权 ")
    assert changed["k_rights"] == 1 and changed["workers_reached"] == 25
    assert changed["cadre_ids"] == [ids["qian"], ids["sun"]]
    assert _cadres(ws, aid) == sorted([ids["qian"], ids["sun"]])
    # the org unit follows the first cadre, as when recording
    assert ws.get("activities", aid)["org_unit_id"] == ids["district"]
    photo = tmp_path / "合影.jpg"
    photo.write_bytes(b"\xff\xd8photo")
    update_activity(ws, aid, on="2024-05-07", cadre_ids=[ids["zhao"]],
                    attachment_files=[photo], sub_kinds=["座谈会"])
    now = current_values(ws, aid)
    assert now["on"] == "2024-05-07" and now["cadre_ids"] == [ids["zhao"]]
    assert now["kinds"] == ["visit", "rights"] and now["notes"] == "走访宿舍，维权"
    assert now["sub_kinds"] == ["座谈会"] and now["duration"] == "half"
    assert attachments.info(ws, now["attachments"][0])["file_name"] == "合影.jpg"
    assert ws.scalar("SELECT count(*) FROM activity_cadres") == 1
    # the derived cadre-days follow: one half day for 赵一 on the new date
    assert [tuple(r) for r in ws.query("SELECT cadre_id, date, value FROM cadre_days")] == \
        [(ids["zhao"], "2024-05-07", 0.5)]
    update_activity(ws, aid, attachments=[])
    assert current_values(ws, aid)["attachments"] == []


def test_edit_to_the_same_values_writes_nothing(one):
    ws, aid = one
    before = _journal(ws)
    same = current_values(ws, aid)
    same.pop("deleted")
    assert update_activity(ws, aid, **same) == {}
    assert update_activity(ws, aid, cadre_ids=list(reversed(same["cadre_ids"])),
                           notes="走访宿舍 ") == {}
    assert _journal(ws) == before


def test_bad_edits_are_refused_and_nothing_is_written(one):
    ws, aid = one
    before = (_journal(ws), current_values(ws, aid))
    for kw in (dict(cadre_ids=[]), dict(kinds=[]), dict(kinds=["party"]),
               dict(cadre_ids=["nobody"]), dict(duration="week"), dict(on="6 May"),
               dict(workers_reached=-1), dict(site_id="nowhere")):
        with pytest.raises(WorkError):
            update_activity(ws, aid, **kw)
    with pytest.raises(ValueError):
        update_activity(ws, aid, deleted=0)
    assert (_journal(ws), current_values(ws, aid)) == before


def test_a_deleted_or_missing_activity_is_not_edited(one):
    ws, aid = one
    assert activities.get_activity(ws, aid)["cadre_names"]
    activities.set_deleted(ws, aid)
    assert activities.get_activity(ws, aid) is None
    with pytest.raises(WorkError, match="deleted"):
        update_activity(ws, aid, workers_reached=1)
    with pytest.raises(WorkError, match="not found"):
        update_activity(ws, "no-such-id", workers_reached=1)
    activities.set_deleted(ws, aid, False)
    assert update_activity(ws, aid, workers_reached=1) == {"workers_reached": 1}


def test_an_edit_is_undone_whole_when_a_write_fails(one, monkeypatch):
    ws, aid = one
    before = (current_values(ws, aid), _cadres(ws, aid))
    real_insert = ws.insert

    def failing(table, values, *a, **kw):
        if table == "activity_cadres":
            raise OSError("disk full")
        return real_insert(table, values, *a, **kw)
    monkeypatch.setattr(ws, "insert", failing)
    with pytest.raises(OSError):
        update_activity(ws, aid, workers_reached=99, cadre_ids=[ws.ids["sun"]])
    monkeypatch.undo()
    assert (current_values(ws, aid), _cadres(ws, aid)) == before


def test_kpis_after_edits_equal_hand_counts(work_ws):
    ws, ids = work_ws, work_ws.ids
    a1 = activities.log_activity(ws, on="2024-05-06", cadre_ids=[ids["zhao"], ids["qian"]],
                                 kinds=["lecture"], workers_reached=30)
    a2 = activities.log_activity(ws, on="2024-05-20", cadre_ids=[ids["zhao"]],
                                 kinds=["visit"], workers_reached=10, duration="half")
    activities.log_activity(ws, on="2024-06-02", cadre_ids=[ids["sun"]], kinds=["solve"],
                            workers_reached=8)
    # A1: now a visit and a lecture, 赵一 only, half a day; A2 moves out of May into April
    update_activity(ws, a1, kinds=["lecture", "visit"], cadre_ids=[ids["zhao"]],
                    duration="half", workers_reached=35)
    update_activity(ws, a2, on="2024-04-30")
    may = kpis.kpis(ws, period="2024-05")
    assert may.activities == 1                                  # A1
    assert may.activities_by_kind["lecture"] == 1 and may.activities_by_kind["visit"] == 1
    assert may.workers_reached == 35
    assert may.cadre_days == 0.5                                # 赵一's half day
    q2 = kpis.kpis(ws, period="2024-Q2")
    assert (q2.activities, q2.workers_reached, q2.cadre_days) == (3, 53, 2.0)   # .5+.5+1
    assert q2.activities_by_kind["visit"] == 2
    may_days = {r["name"]: r["days"] for r in activities.monthly_compliance(ws, "2024-05")}
    assert may_days == {"赵一": 0.5, "钱二": 0.0, "孙三": 0.0}
