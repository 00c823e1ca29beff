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
