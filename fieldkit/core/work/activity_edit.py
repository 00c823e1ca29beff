"""Editing a saved activity (date, site, cadres, kinds, sub-kinds, workers reached, opinions,
duration, notes, attachments, links) under the same rules as recording it
(``activities.activity_values``).

Only what changes is written, in one transaction: the changed columns of the activity as
one journaled update, and its cadres and links replaced exactly (a cadre or link taken off
is one journaled delete, one added one insert; one kept is not touched), so each appears
once and none is lost. Editing to the same values writes nothing. The ``cadre_days``
triggers keep cadre-days and the monthly quota in step. A deleted activity is not edited.
Removing a link never touches the linked record; a link to a record deleted since stays
until it is taken off.
"""

from __future__ import annotations

from typing import Any, Iterable

from fieldkit.core.store import attachments as attachment_store
from fieldkit.core.i18n import N_, tr
from fieldkit.core.work.activities import activity_values
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.model import KIND_CODES

EDITABLE = ("on", "cadre_ids", "kinds", "site_id", "org_unit_id", "sub_kinds",
            "workers_reached", "feedback_count", "feedback", "duration", "notes",
            "attachments", "attachment_files", "links")
# the table holding each kind of linked record, and whether it has a ``deleted`` flag
TARGETS = {"problems": ("problems", False), "responses": ("responses", True),
           "interviews": ("interview_notes", True)}


LINK_KINDS = {"problems": N_("Problem"), "responses": N_("Questionnaire"),
              "interviews": N_("Interview note")}


def link_text(link: dict[str, Any]) -> str:
    """A described link (``activities.describe_links``) as one line in the current language:
    问题 · 夜班休息室不足 · 2024-05-06, or what became of a record deleted since."""
    kind = tr(LINK_KINDS.get(link["table"], link["table"]))
    if not link["label"]:
        return kind + " · " + tr("(no longer there)")
    text = " · ".join(x for x in (kind, link["label"], link["date"]) if x)
    return text + " " + tr("(deleted)") if link.get("deleted") else text


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
            "attachments": row["attachments"].split(), "links": current_links(ws, activity_id),
            "deleted": bool(row["deleted"])}


def current_links(ws, activity_id: str) -> list[tuple[str, str]]:
    """The activity's links as ``(table, record id)``, in the order they were made."""
    return [(r[0], r[1]) for r in ws.query(
        "SELECT target_table, target_id FROM activity_links WHERE activity_id = ?"
        " ORDER BY rowid", (activity_id,))]


def update_activity(ws, activity_id: str, **changes: Any) -> dict[str, Any]:
    """Change some of a saved activity's details; returns what changed (column → new value,
    plus ``cadre_ids`` when the cadres changed and ``links`` when the links did); empty when
    nothing did.

    ``attachments`` is the list of the activity's attachment references to keep;
    ``attachment_files`` are new files to copy in and add. ``links`` is the whole list of
    ``(table, record id)`` the activity is to be linked to: those missing are unlinked, new
    ones (which must exist) linked. When the cadres (not just their order) or the site
    change and ``org_unit_id`` is not given, the org unit follows them as when recording.
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
        values, cadres, links = activity_values(
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
        links = list(dict.fromkeys((str(t), str(i)) for t, i in links))
        if set(links) != set(current["links"]):
            _replace_links(ws, activity_id, links)
            out["links"] = links
    return out


def _replace_links(ws, activity_id: str, links: list[tuple[str, str]]) -> None:
    rows = ws.query("SELECT id, target_table, target_id FROM activity_links"
                    " WHERE activity_id = ?", (activity_id,))
    have = {(r["target_table"], r["target_id"]) for r in rows}
    for table, target in links:
        if (table, target) not in have:
            _check_target(ws, table, target)
    for r in rows:           # taken off: only the link goes, never the linked record
        if (r["target_table"], r["target_id"]) not in links:
            ws.delete("activity_links", r["id"])
    for table, target in links:
        if (table, target) not in have:
            ws.insert("activity_links", {"activity_id": activity_id, "target_table": table,
                                         "target_id": target})


def _check_target(ws, table: str, target: str) -> None:
    name, flagged = TARGETS[table]
    where = " AND deleted = 0" if flagged else ""
    if not ws.scalar(f"SELECT 1 FROM {name} WHERE id = ?{where}", (target,)):
        raise WorkError(N_("No problem, questionnaire or interview note has the id "
                           "“{record}”; nothing was linked."), record=target)


def unlink(ws, activity_id: str, target_id: str,
           table: str | None = None) -> list[tuple[str, str]]:
    """Take a record (its id or first characters) off an activity's links; the record itself
    stays as it is, and may be gone already. Returns the links removed. A ``WorkError`` when
    the activity is missing or deleted, or the record is not linked to it."""
    with ws.transaction():
        row = ws.get("activities", activity_id)
        if row is None:
            raise WorkError(N_("The activity was not found."))
        if row["deleted"]:
            raise WorkError(N_("The activity was deleted; bring it back before editing it."))
        rows = [r for r in ws.query("SELECT id, target_table, target_id FROM activity_links"
                                    " WHERE activity_id = ? AND target_id LIKE ? ESCAPE '\\'",
                                    (activity_id, _like_prefix(target_id)))
                if table is None or r["target_table"] == table]
        exact = [r for r in rows if r["target_id"] == target_id]
        rows = exact or rows       # the record's id, or its first characters
        if not target_id or not rows:
            raise WorkError(N_("“{record}” is not linked to this activity."), record=target_id)
        if len({r["target_id"] for r in rows}) > 1:
            raise WorkError(N_("More than one record starts with “{record}”; give more of its "
                               "id."), record=target_id)
        for r in rows:
            ws.delete("activity_links", r["id"])
    return [(r["target_table"], r["target_id"]) for r in rows]


def find_activity(ws, ref: str) -> str:
    """An activity's id from its id or first characters (as the command line shows them)."""
    rows = ws.query("SELECT id FROM activities WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                    (_like_prefix(ref),))
    if not ref or not rows:
        raise WorkError(N_("No activity has the id “{activity}”."), activity=ref)
    if len(rows) > 1:
        raise WorkError(N_("More than one activity starts with “{activity}”; give more of "
                           "its id."), activity=ref)
    return rows[0]["id"]


def find_link_target(ws, ref: str) -> tuple[str, str]:
    """``(table, id)`` of the problem, questionnaire answer or interview note whose id is or
    starts with ``ref`` (deleted answers and notes are not offered)."""
    found = []
    for table, (name, flagged) in TARGETS.items():
        where = " AND deleted = 0" if flagged else ""
        found += [(table, r[0]) for r in ws.query(
            f"SELECT id FROM {name} WHERE id LIKE ? ESCAPE '\\'{where} LIMIT 2",
            (_like_prefix(ref),))]
    if not ref or not found:
        raise WorkError(N_("No problem, questionnaire or interview note has the id "
                           "“{record}”; nothing was linked."), record=ref)
    if len(found) > 1:
        raise WorkError(N_("More than one record starts with “{record}”; give more of its "
                           "id."), record=ref)
    return found[0]


def _like_prefix(ref: str) -> str:
    return ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


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
