"""Dates a new user may mistype (year 0000, 9999, a deadline of 10^11 days) end in a clear
message, never an overflow, and nothing is stored."""

import pytest

from fieldkit.core.work import activities, kpis, ledger
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.model import Period


@pytest.mark.parametrize("text", ["0000", "0000-01", "0000-Q1", "0000-H2", "0001", "9999",
                                  "9999-12", "0001-01-01..9999-12-31"])
def test_a_period_outside_the_accepted_years_is_refused_by_name(text):
    with pytest.raises(WorkError) as caught:
        Period.parse(text)
    assert text in caught.value.message() and "1900-01-01" in caught.value.message()


def test_the_widest_accepted_period_still_counts(work_ws):
    figures = kpis.kpis(work_ws, period=Period.parse("1900-01-01..2099-12-31"))
    assert figures is not None


@pytest.mark.parametrize("values", [
    {"registered_on": "9999-12-31"}, {"registered_on": "0001-01-01"},
    {"registered_on": "2099-12-31"},  # its default deadline would fall in 2100
    {"deadline_days": 99999999999}, {"deadline_days": 0}, {"deadline_days": -5},
    {"deadline": "9999-12-31"}])
def test_a_problem_with_an_impossible_date_is_refused_and_not_stored(work_ws, values):
    with pytest.raises(WorkError) as caught:
        ledger.log_problem(work_ws, title="宿舍热水不足", grade="short_term",
                           site_id=work_ws.ids["site_city"], **values)
    assert caught.value.message()
    assert work_ws.scalar("SELECT COUNT(*) FROM problems") == 0


def test_an_activity_in_year_one_is_refused(work_ws):
    with pytest.raises(WorkError):
        activities.log_activity(work_ws, on="0001-01-01", cadre_ids=[work_ws.ids["zhao"]],
                                   kinds=["visit"])
    assert work_ws.scalar("SELECT COUNT(*) FROM activities") == 0


def test_work_records_store_no_control_characters(work_ws):
    """A title pasted from a terminal (ESC colour codes, BEL) is stored as its words."""
    from fieldkit.core.work import queries

    problem = ledger.log_problem(work_ws, title="宿舍\x07热水\x1b[31m不足", grade="short_term",
                                 description="描述\x00\x0b", site_id=work_ws.ids["site_city"],
                                 worker_name="李\x00海花")
    row = queries.get_problem(work_ws, problem)
    assert (row["title"], row["description"]) == ("宿舍热水[31m不足", "描述")
    ledger.move(work_ws, problem, "accepted", note="受理\x07")
    ledger.record_feedback(work_ws, problem, "已\x1b反馈")
    texts = [r["note"] for r in work_ws.query("SELECT note FROM problem_events")]
    assert all("\x07" not in t and "\x1b" not in t for t in texts), texts
    activity = activities.log_activity(work_ws, on="2024-05-06", cadre_ids=[work_ws.ids["zhao"]],
                                       kinds=["visit"], notes="备\x00注", feedback="意\x07见")
    stored = activities.get_activity(work_ws, activity)
    assert (stored["notes"], stored["feedback"]) == ("备注", "意见")


def test_an_activity_with_an_absurd_head_count_is_refused(work_ws):
    """``--workers 99999999999999999999`` overflowed SQLite's integer and crashed."""
    for numbers in ({"workers_reached": 10**20}, {"feedback_count": 10**7}):
        with pytest.raises(WorkError) as caught:
            activities.log_activity(work_ws, on="2024-05-06", cadre_ids=[work_ws.ids["zhao"]],
                                    kinds=["visit"], **numbers)
        assert "1000000" in caught.value.message()
    assert work_ws.scalar("SELECT COUNT(*) FROM activities") == 0


def test_the_same_problem_registered_twice_is_refused(work_ws):
    """``fieldkit problems add ...`` run twice (or a double click) counted one problem as two
    in the ledger and its KPIs; the second is refused unless asked for."""
    values = dict(title="宿舍热水不足", grade="short_term", site_id=work_ws.ids["site_city"],
                  registered_on="2024-05-06", worker_name="李海花")
    ledger.log_problem(work_ws, **values)
    with pytest.raises(WorkError) as caught:
        ledger.log_problem(work_ws, **values)
    assert "already registered" in caught.value.message()
    assert "已经登记" in caught.value.message("zh_CN")
    assert work_ws.scalar("SELECT COUNT(*) FROM problems") == 1
    ledger.log_problem(work_ws, **values, allow_duplicate=True)
    ledger.log_problem(work_ws, **{**values, "worker_name": "王强"})  # another worker's
    assert work_ws.scalar("SELECT COUNT(*) FROM problems") == 3
