"""The dashboard's figures: local time at sites in other time zones."""

import time
from datetime import datetime, timedelta, timezone

from fieldkit.core.overview import offset_text, site_local_times


def test_offsets_are_written_as_people_write_them():
    assert offset_text(timedelta(hours=8)) == "+8"
    assert offset_text(timedelta(hours=-3)) == "-3"
    assert offset_text(timedelta(hours=5, minutes=30)) == "+5:30"
    assert offset_text(timedelta(0)) == "+0"
    assert offset_text(None) == "+0"


def test_sites_abroad_show_their_local_time(demo_workspace, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # a laptop on Beijing time
    time.tzset()
    try:
        now = datetime(2026, 11, 25, 4, 0, tzinfo=timezone.utc)
        times = {t["name"]: t for t in site_local_times(demo_workspace, now)}
    finally:
        monkeypatch.undo()
        time.tzset()
    assert all(t["timezone"] != "Asia/Shanghai" for t in times.values())  # home is left out
    lagos = next(t for name, t in times.items() if t["timezone"] == "Africa/Lagos")
    assert (lagos["time"], lagos["utc_offset"]) == ("05:00", "+1")
    riyadh = next(t for name, t in times.items() if t["timezone"] == "Asia/Riyadh")
    assert (riyadh["time"], riyadh["utc_offset"]) == ("07:00", "+3")


def test_a_laptop_on_utc_lists_only_sites_abroad(demo_workspace, monkeypatch):
    """Issue 13: with the clock on UTC, domestic UTC+8 sites were listed as 'overseas'."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        now = datetime(2026, 11, 25, 4, 0, tzinfo=timezone.utc)
        times = site_local_times(demo_workspace, now)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert times and all(t["utc_offset"] != "+8" for t in times)
    assert {"Africa/Lagos", "Asia/Riyadh"} <= {t["timezone"] for t in times}


def test_the_dashboard_counts_come_from_the_wings(tmp_path):
    """Responses and forms are counted by their own wings (``responses.query.totals``,
    ``forms.store.form_counts``); a superseded revision or a deleted response is not
    counted twice or at all, yet 'stored' says something was collected."""
    from fieldkit.core import overview, responses
    from fieldkit.core.forms.store import form_counts, load_builtin_forms
    from fieldkit.core.responses.query import totals
    from fieldkit.core.setup import open_workspace

    with open_workspace(tmp_path / "w.fieldkit", create=True) as ws:
        load_builtin_forms(ws)
        a = responses.start(ws, "frontline_needs", answers={"suggestions": "一"})
        b = responses.start(ws, "frontline_needs", answers={"suggestions": "二"})
        responses.delete(ws, b)
        assert totals(ws) == {"complete": 0, "draft": 1, "has_issues": 0, "stored": 1}
        forms = form_counts(ws)
        assert forms["own"] == 0 and forms["active"] >= 1
        counts = overview.response_counts(ws)
        assert counts == {"complete": 0, "draft": 1, "has_issues": 0, "forms": forms["active"]}
        assert overview.first_steps(ws, None)["responses"] == 1
        assert a
