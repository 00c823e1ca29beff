"""Changing an activity's links: the edit replaces them exactly (one journaled delete per
link taken off, one insert per link added), nothing is written when nothing changes, a
removed link never deletes the linked record, and a link to a record deleted since is
described as such and can still be taken off."""

import pytest

from fieldkit.core.interviews import notes
from fieldkit.core.work import activities, ledger
from fieldkit.core.work.activity_edit import (current_values, find_activity,
                                              find_link_target, unlink, update_activity)
from fieldkit.core.work.errors import WorkError


def _journal(ws):
    return [tuple(r) for r in ws.query("SELECT table_name, operation FROM journal ORDER BY seq")]


@pytest.fixture
def linked(work_ws):
    ws, ids = work_ws, work_ws.ids
    p1 = ledger.log_problem(ws, title="夜班休息室不足", grade="short_term")
    p2 = ledger.log_problem(ws, title="码头缺饮水点", grade="short_term")
    note = notes.create_note(ws, title="访谈：焊工王师傅", body="谈到夜班", on_date="2024-05-06")
    aid = activities.log_activity(ws, on="2024-05-06", cadre_ids=[ids["zhao"]],
                                  kinds=["visit"], links=[("problems", p1)])
    return ws, aid, {"p1": p1, "p2": p2, "note": note}


def test_links_are_replaced_exactly_and_records_are_kept(linked):
    ws, aid, rec = linked
    assert current_values(ws, aid)["links"] == [("problems", rec["p1"])]
    before = len(_journal(ws))
    changed = update_activity(ws, aid, links=[("problems", rec["p2"]),
                                              ["interviews", rec["note"]],
                                              ("problems", rec["p2"])])
    assert changed == {"links": [("problems", rec["p2"]), ("interviews", rec["note"])]}
    assert sorted(current_values(ws, aid)["links"]) == sorted(changed["links"])
    # one delete (p1's link) and two inserts, all journaled; nothing else written
    assert sorted(_journal(ws)[before:]) == [("activity_links", "delete"),
                                             ("activity_links", "insert"),
                                             ("activity_links", "insert")]
    # the problem taken off is still in the ledger, untouched
    assert ledger_title(ws, rec["p1"]) == "夜班休息室不足"
    # the same links in another order write nothing
    before = len(_journal(ws))
    assert update_activity(ws, aid, links=[("interviews", rec["note"]),
                                           ("problems", rec["p2"])]) == {}
    assert len(_journal(ws)) == before
    assert update_activity(ws, aid, links=[]) == {"links": []}
    assert current_values(ws, aid)["links"] == []
    assert ws.scalar("SELECT count(*) FROM problems") == 2
    assert ws.scalar("SELECT count(*) FROM interview_notes WHERE deleted = 0") == 1


def ledger_title(ws, problem_id):
    return ws.scalar("SELECT title FROM problems WHERE id = ?", (problem_id,))


def test_an_edit_of_other_fields_keeps_links(linked):
    ws, aid, rec = linked
    assert update_activity(ws, aid, workers_reached=9) == {"workers_reached": 9}
    assert current_values(ws, aid)["links"] == [("problems", rec["p1"])]


def test_bad_links_are_refused_and_nothing_is_written(linked):
    ws, aid, rec = linked
    before = (len(_journal(ws)), current_values(ws, aid))
    for links in ([("problems", "no-such-problem")], [("cadres", ws.ids["zhao"])],
                  [("problems", rec["p2"]), ("interviews", "gone")]):
        with pytest.raises(WorkError):
            update_activity(ws, aid, links=links, workers_reached=3)
    assert (len(_journal(ws)), current_values(ws, aid)) == before


def test_a_link_to_a_deleted_record_shows_so_stays_and_can_be_removed(linked):
    ws, aid, rec = linked
    update_activity(ws, aid, links=[("problems", rec["p1"]), ("interviews", rec["note"])])
    notes.delete_note(ws, rec["note"])
    shown = {d["id"]: d for d in activities.describe_links(
        ws, activities.get_activity(ws, aid)["links"])}
    assert shown[rec["note"]]["deleted"] and shown[rec["note"]]["label"] == "访谈：焊工王师傅"
    assert not shown[rec["p1"]]["deleted"]
    # a record gone altogether (e.g. never merged here) has no name
    gone = activities.describe_links(ws, [{"target_table": "problems", "target_id": "x"}])
    assert gone == [{"table": "problems", "id": "x", "label": "", "date": "",
                     "deleted": True}]
    # keeping the dead link is no change; it cannot be added anew elsewhere
    assert update_activity(ws, aid, links=current_values(ws, aid)["links"]) == {}
    other = activities.log_activity(ws, on="2024-05-07", cadre_ids=[ws.ids["qian"]],
                                    kinds=["visit"])
    with pytest.raises(WorkError, match="nothing was linked"):
        update_activity(ws, other, links=[("interviews", rec["note"])])
    # taken off by its first characters: the note stays (deleted, restorable)
    assert unlink(ws, aid, rec["note"][:8]) == [("interviews", rec["note"])]
    assert current_values(ws, aid)["links"] == [("problems", rec["p1"])]
    assert ws.scalar("SELECT count(*) FROM interview_notes") == 1


def test_unlink_refusals(linked):
    ws, aid, rec = linked
    before = len(_journal(ws))
    with pytest.raises(WorkError, match="not linked"):
        unlink(ws, aid, rec["p2"])
    with pytest.raises(WorkError, match="not linked"):
        unlink(ws, aid, "")
    with pytest.raises(WorkError, match="not found"):
        unlink(ws, "no-such-activity", rec["p1"])
    activities.set_deleted(ws, aid)
    with pytest.raises(WorkError, match="deleted"):
        unlink(ws, aid, rec["p1"])
    activities.set_deleted(ws, aid, False)
    assert len(_journal(ws)) == before + 2          # only the delete and the restore
    assert unlink(ws, aid, rec["p1"], table="problems") == [("problems", rec["p1"])]
    with pytest.raises(WorkError, match="not linked"):
        unlink(ws, aid, rec["p1"])                  # twice: the second says so


def test_find_activity_and_link_target_by_prefix(linked):
    ws, aid, rec = linked
    assert find_activity(ws, aid[:8]) == aid
    assert find_link_target(ws, rec["note"][:8]) == ("interviews", rec["note"])
    assert find_link_target(ws, rec["p2"]) == ("problems", rec["p2"])
    for bad in ("", "%", "zzzz"):
        with pytest.raises(WorkError):
            find_activity(ws, bad)
        with pytest.raises(WorkError):
            find_link_target(ws, bad)
