"""Editing a registered problem's details (title, description, who raised it, site,
category, grade and its rules, departments, deadline, links) under the same rules as
registering it (``ledger.problem_values``). Its status moves only through ``ledger.move``;
the registration day and attachments stay as they are.

Only the columns that change are written: one journaled update (the journal keeps who
changed which field, when, from what to what), or nothing at all.
"""

from __future__ import annotations

from typing import Any

from fieldkit.core.work import ledger

EDITABLE = ("title", "description", "worker_name", "worker_phone", "anonymous", "site_id",
            "org_unit_id", "cadre_id", "category", "grade", "lead_department",
            "co_departments", "feedback_interval_days", "escalated_to", "deadline",
            "activity_id", "response_id", "interview_id")


def current_values(row: dict[str, Any]) -> dict[str, Any]:
    """The editable values of a ``problems`` row, in ``problem_values``' terms."""
    out = {key: row[key] for key in EDITABLE}
    out["co_departments"] = [d for d in (row["co_departments"] or "").split("\n") if d]
    out["anonymous"] = bool(row["anonymous"])
    return out


def edit_problem(ws, problem_id: str, **changes: Any) -> dict[str, Any]:
    """Change some of a problem's details; returns the columns that changed (empty when
    nothing did). ``ProblemValidationError`` lists every rule broken; nothing is written."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with ws.transaction():
        row = ledger._current(ws, problem_id)
        wanted = {**current_values(row), **changes}
        if wanted["grade"] == "cross_department" and "feedback_interval_days" not in changes \
                and row["grade"] != "cross_department":
            wanted["feedback_interval_days"] = None          # the grade's default applies
        if "site_id" in changes and "org_unit_id" not in changes:
            wanted["org_unit_id"] = None                     # follows the new site
        values = ledger.problem_values(ws, registered_on=row["registered_on"], **wanted)
        values.pop("registered_on")
        changed = {k: v for k, v in values.items() if row[k] != v}
        if not changed:
            return {}
        ws.update("problems", problem_id, changed)
        return changed
