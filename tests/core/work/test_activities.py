"""Activities: recording days with frontline workers, double submits, attachments, links,
sub-kinds and the monthly one-day rule."""

import pytest

from fieldkit.core.store import attachments
from fieldkit.core.work import activities
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.model import Period, Scope


def test_an_activity_with_several_cadres_kinds_files_and_links(work_ws, tmp_path):
    ids = work_ws.ids
    photo = tmp_path / "座谈会.jpg"
    photo.write_bytes(b"\xff\xd8photo")
    aid = activities.log_activity(
        work_ws, on="2024-05-06", cadre_ids=[ids["zhao"], ids["qian"], ids["zhao"]],
        kinds=["lecture", "visit"], site_id=ids["site_city"], sub_kinds=["座谈会"],
        workers_reached=40, feedback_count=6, feedback="希望增加夜班班车", duration="half",
        notes="高温季节送清凉", attachment_files=[photo], links=[("problems", "p-1")])
    [row] = activities.list_activities(work_ws)
    assert row["id"] == aid and row["kinds"] == ["lecture", "visit"]
    assert sorted(row["cadre_ids"]) == sorted([ids["zhao"], ids["qian"]])
    assert row["org_unit_id"] == ids["city"]  # the first cadre's unit
    assert row["sub_kinds"] == ["座谈会"] and row["duration"] == "half"
    assert attachments.info(work_ws, row["attachments"][0])["file_name"] == "座谈会.jpg"
    assert row["links"] == [{"target_table": "problems", "target_id": "p-1"}]
    activities.link(work_ws, aid, "responses", "r-1")
    assert len(activities.list_activities(work_ws)[0]["links"]) == 2
    assert activities.last_activity(work_ws, ids["qian"])["id"] == aid


def test_a_double_submit_adds_nothing(work_ws):
    values = dict(on="2024-05-06", cadre_ids=[work_ws.ids["zhao"]], kinds=["visit"],
                  site_id=work_ws.ids["site_city"], notes="走访宿舍")
    activities.log_activity(work_ws, **values)
    with pytest.raises(WorkError, match="already recorded"):
        activities.log_activity(work_ws, **values)
    activities.log_activity(work_ws, **values, allow_duplicate=True)
    assert work_ws.scalar("SELECT count(*) FROM activities") == 2


def test_bad_values_are_refused_and_nothing_is_written(work_ws):
    ids = work_ws.ids
    for kw in (dict(cadre_ids=[], kinds=["visit"]), dict(cadre_ids=[ids["zhao"]], kinds=[]),
               dict(cadre_ids=[ids["zhao"]], kinds=["party"]),
               dict(cadre_ids=["nobody"], kinds=["visit"]),
               dict(cadre_ids=[ids["zhao"]], kinds=["visit"], duration="week"),
               dict(cadre_ids=[ids["zhao"]], kinds=["visit"], links=[("forms", "x")])):
        with pytest.raises(WorkError):
            activities.log_activity(work_ws, on="2024-05-06", **kw)
    with pytest.raises(WorkError):
        activities.log_activity(work_ws, on="6 May", cadre_ids=[ids["zhao"]], kinds=["visit"])
    assert work_ws.scalar("SELECT count(*) FROM activities") == 0
    assert work_ws.scalar("SELECT count(*) FROM activity_cadres") == 0


def test_monthly_compliance_counts_half_days_and_scope(work_ws):
    ids = work_ws.ids
    activities.log_activity(work_ws, on="2024-05-06", cadre_ids=[ids["zhao"], ids["qian"]],
                            kinds=["visit"], duration="half")
    activities.log_activity(work_ws, on="2024-05-20", cadre_ids=[ids["zhao"]], kinds=["lecture"],
                            duration="half")
    activities.log_activity(work_ws, on="2024-06-01", cadre_ids=[ids["qian"]], kinds=["rights"])
    rows = {r["name"]: (r["days"], r["meets_quota"])
            for r in activities.monthly_compliance(work_ws, "2024-05")}
    assert rows == {"赵一": (1.0, True), "钱二": (0.5, False), "孙三": (0.0, False)}
    behind = activities.cadres_without_a_day(work_ws, "2024-05", org_unit_id=ids["city"])
    assert [r["name"] for r in behind] == ["钱二"]  # 孙三 is in another union
    assert len(activities.list_activities(work_ws, period=Period.parse("2024-05"))) == 2
    assert len(activities.list_activities(work_ws, scope=Scope(cadre_id=ids["qian"]))) == 2


def test_sub_kinds_are_an_editable_list(work_ws):
    assert "座谈会" in activities.sub_kinds(work_ws)
    activities.add_sub_kind(work_ws, "夜校")
    activities.remove_sub_kind(work_ws, "座谈会")
    kinds = activities.sub_kinds(work_ws)
    assert "夜校" in kinds and "座谈会" not in kinds
    activities.add_sub_kind(work_ws, "座谈会")
    assert activities.sub_kinds(work_ws).count("座谈会") == 1
