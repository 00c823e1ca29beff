"""Editing a saved activity (date, site, cadres, kinds, sub-kinds, workers reached, opinions,
duration, notes, attachments) under the same rules as recording it
(``activities.activity_values``).

Only what changes is written, in one transaction: the changed columns of the activity as
one journaled update, and its cadres replaced exactly (a cadre taken off is one journaled
delete, a cadre added one insert; a cadre kept is not touched), so every cadre appears
once and none is lost. Editing to the same values writes nothing. The ``cadre_days``
triggers keep cadre-days and the monthly quota in step. A deleted activity is not edited.
"""

from __future__ import annotations

from typing import Any, Iterable

from fieldkit.core.store import attachments as attachment_store
from fieldkit.core.i18n import N_
from fieldkit.core.work.activities import activity_values
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.model import KIND_CODES

EDITABLE = ("on", "cadre_ids", "kinds", "site_id", "org_unit_id", "sub_kinds",
            "workers_reached", "feedback_count", "feedback", "duration", "notes",
            "attachments", "attachment_files")


def current_values(ws, activity_id: str) -> dict[str, Any]:
    """A saved activity in ``log_activity``'s terms (what the entry form is filled with)."""
    row = ws.get("activities", activity_id)
    if row is None:
        raise WorkError(N_("The activity was not found."))
    return {"on": row["date"], "site_id": row["site_id"], "org_unit_id": row["org_unit_id"],
            "cadre_ids": [r[0] for r in ws.query(
                "SELECT cadre_id FROM activity_cadres WHERE activity_id = ? ORDER BY rowid",
                (activity_id,))],
            "kinds": [c for c in KIND_CODES if row[f"k_{c}"]],
            "sub_kinds": [s for s in row["sub_kinds"].split("\n") if s],
            "workers_reached": row["workers_reached"],
            "feedback_count": row["feedback_count"], "feedback": row["feedback"],
            "duration": row["duration"], "notes": row["notes"],
            "attachments": row["attachments"].split(), "deleted": bool(row["deleted"])}


def update_activity(ws, activity_id: str, **changes: Any) -> dict[str, Any]:
    """Change some of a saved activity's details; returns what changed (column → new value,
    plus ``cadre_ids`` when the cadres changed); empty when nothing did.

    ``attachments`` is the list of the activity's attachment references to keep;
    ``attachment_files`` are new files to copy in and add. When the cadres (not just their
    order) or the site change and ``org_unit_id`` is not given, the org unit follows them as when recording.
    A ``WorkError`` names the broken rule; nothing is written then."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    new_files: Iterable[Any] = changes.pop("attachment_files", ()) or ()
    with ws.transaction():
        current = current_values(ws, activity_id)
        if current["deleted"]:
            raise WorkError(N_("The activity was deleted; bring it back before editing it."))
        wanted = {**current, **changes}
        moved = (set(wanted["cadre_ids"] or []) != set(current["cadre_ids"])
                 or wanted["site_id"] != current["site_id"])
        if moved and "org_unit_id" not in changes:
            wanted["org_unit_id"] = None                     # follows the cadres / site
        values, cadres, _ = activity_values(
            ws, **{k: wanted[k] for k in EDITABLE if k not in ("attachments",
                                                               "attachment_files")})
        kept = [ref for ref in dict.fromkeys(wanted["attachments"] or []) if ref]
        kept += [attachment_store.add(ws, f) for f in new_files]
        values["attachments"] = " ".join(kept)
        changed = ws.update("activities", activity_id, values)
        out = {key: pair[1] for key, pair in changed.items()}
        if set(cadres) != set(current["cadre_ids"]):
            _replace_cadres(ws, activity_id, cadres)
            out["cadre_ids"] = cadres
    return out


def _replace_cadres(ws, activity_id: str, cadres: list[str]) -> None:
    rows = ws.query("SELECT id, cadre_id FROM activity_cadres WHERE activity_id = ?",
                    (activity_id,))
    seen: set[str] = set()
    for r in rows:           # drop those taken off (and any duplicate left by a sync)
        if r["cadre_id"] not in cadres or r["cadre_id"] in seen:
            ws.delete("activity_cadres", r["id"])
        seen.add(r["cadre_id"])
    for cadre in cadres:
        if cadre not in seen:
            ws.insert("activity_cadres", {"activity_id": activity_id, "cadre_id": cadre})
