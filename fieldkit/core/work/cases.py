"""Typical cases (典型案例) and leaders' focus problems (每季度聚焦1至2个问题).

A resolved problem can be nominated as a typical case with a short write-up; every half
year headquarters lists the candidates, ranks them and marks the selected ten (十佳). Each
union leader takes up one or two problems a quarter to drive personally.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from fieldkit.core.i18n import N_
from fieldkit.core.plain_text import without_controls as _plain
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.model import DONE_STATUSES, Period, half_year_of, parse_date
from fieldkit.core.work.queries import OVERDUE_SQL, get_problem

SELECTED_PER_HALF_YEAR = 10
FOCUS_PER_QUARTER = 2


def nominate_case(ws, problem_id: str, write_up: str, *, half_year: str | None = None,
                  on: date | str | None = None) -> str:
    """Nominate a resolved problem as a typical case of ``half_year`` (default: the half
    year it was resolved in). The same problem is nominated once per half year."""
    write_up = _plain(write_up).strip()
    if not write_up:
        raise WorkError(N_("A typical case needs a short write-up."))
    day = parse_date(on) or date.today()
    with ws.transaction():
        problem = get_problem(ws, problem_id)
        if problem["status"] not in DONE_STATUSES:
            raise WorkError(N_("Only a resolved problem can be nominated as a typical case."))
        half = half_year or half_year_of(date.fromisoformat(problem["resolved_on"]))
        Period.parse(half)
        if ws.scalar("SELECT 1 FROM typical_cases WHERE problem_id = ? AND half_year = ?"
                     " AND withdrawn = 0", (problem_id, half)):
            raise WorkError(N_("This problem is already a candidate for {half_year}."),
                            half_year=half)
        return ws.insert("typical_cases", {
            "problem_id": problem_id, "half_year": half, "write_up": write_up,
            "nominated_on": day.isoformat(), "actor_id": ws.actor_id})


def candidates(ws, half_year: str) -> list[dict[str, Any]]:
    """A half year's candidates: ranked ones first by rank, then by nomination date."""
    rows = ws.query(
        "SELECT t.id, t.problem_id, t.half_year, t.write_up, t.nominated_on, t.rank,"
        " t.selected, p.title, p.category, p.resolved_on, s.name AS site_name FROM"
        " typical_cases t JOIN problems p ON p.id = t.problem_id LEFT JOIN sites s"
        " ON s.id = p.site_id WHERE t.half_year = ? AND t.withdrawn = 0"
        " ORDER BY t.rank IS NULL, t.rank, t.nominated_on, t.rowid", (half_year,))
    return [{**dict(r), "selected": bool(r["selected"])} for r in rows]


def rank_cases(ws, half_year: str, case_ids: Iterable[str]) -> None:
    """Rank the named candidates 1, 2, 3 … in the given order; the others lose their rank."""
    order = list(dict.fromkeys(case_ids))
    with ws.transaction():
        known = {c["id"]: c for c in candidates(ws, half_year)}
        unknown = [c for c in order if c not in known]
        if unknown:
            raise WorkError(N_("{count} of the cases to rank are not candidates for "
                               "{half_year}."), count=len(unknown), half_year=half_year)
        ranks = {case_id: i + 1 for i, case_id in enumerate(order)}
        for case_id, case in known.items():
            ws.update("typical_cases", case_id, {"rank": ranks.get(case_id)})


def select_cases(ws, half_year: str, case_ids: Iterable[str]) -> None:
    """Mark the selected cases of a half year (at most ten); the others are unmarked."""
    chosen = set(case_ids)
    if len(chosen) > SELECTED_PER_HALF_YEAR:
        raise WorkError(N_("At most {count} typical cases are selected each half year."),
                        count=SELECTED_PER_HALF_YEAR)
    with ws.transaction():
        known = {c["id"] for c in candidates(ws, half_year)}
        if chosen - known:
            raise WorkError(N_("{count} of the chosen cases are not candidates for "
                               "{half_year}."), count=len(chosen - known), half_year=half_year)
        for case_id in known:
            ws.update("typical_cases", case_id, {"selected": int(case_id in chosen)})


def withdraw_case(ws, case_id: str) -> None:
    with ws.transaction():
        ws.update("typical_cases", case_id, {"withdrawn": 1, "selected": 0, "rank": None})


def set_focus(ws, problem_id: str, leader_id: str, quarter: str) -> str:
    """Mark a problem as a leader's focus for a quarter (2024-Q2); two per leader at most."""
    Period.parse(quarter)
    with ws.transaction():
        get_problem(ws, problem_id)
        if not ws.scalar("SELECT 1 FROM cadres WHERE id = ?", (leader_id,)):
            raise WorkError(N_("The cadre “{cadre}” is not in the directory."), cadre=leader_id)
        taken = [r[0] for r in ws.query(
            "SELECT problem_id FROM problem_focus WHERE leader_id = ? AND quarter = ?"
            " AND withdrawn = 0", (leader_id, quarter))]
        if problem_id in taken:
            return ws.scalar("SELECT id FROM problem_focus WHERE leader_id = ? AND quarter = ?"
                             " AND problem_id = ? AND withdrawn = 0",
                             (leader_id, quarter, problem_id))
        if len(taken) >= FOCUS_PER_QUARTER:
            raise WorkError(N_("A leader focuses on at most {count} problems a quarter; "
                               "withdraw one first."), count=FOCUS_PER_QUARTER)
        return ws.insert("problem_focus", {"problem_id": problem_id, "leader_id": leader_id,
                                           "quarter": quarter})


def focus_problems(ws, quarter: str, *, today: date | None = None) -> list[dict[str, Any]]:
    """Each leader's focus problems of a quarter with their status and whether overdue."""
    day = (today or date.today()).isoformat()
    rows = ws.query(
        f"SELECT f.id, f.leader_id, c.name AS leader_name, p.id AS problem_id, p.title,"
        f" p.status, p.deadline, {OVERDUE_SQL} AS overdue FROM problem_focus f"
        " JOIN problems p ON p.id = f.problem_id JOIN cadres c ON c.id = f.leader_id"
        " WHERE f.quarter = ? AND f.withdrawn = 0 ORDER BY c.name, p.registered_on",
        (day, quarter))
    return [{**dict(r), "overdue": bool(r["overdue"])} for r in rows]


def leaders_without_focus(ws, quarter: str) -> list[dict[str, Any]]:
    """Leaders (cadres who have taken up a focus problem in any quarter) with none in this one."""
    return [dict(r) for r in ws.query(
        "SELECT c.id, c.name FROM cadres c WHERE c.active = 1 AND c.id IN (SELECT leader_id"
        " FROM problem_focus WHERE withdrawn = 0) AND c.id NOT IN (SELECT leader_id FROM"
        " problem_focus WHERE quarter = ? AND withdrawn = 0) ORDER BY c.name", (quarter,))]
