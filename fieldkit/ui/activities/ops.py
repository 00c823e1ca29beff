"""Database-thread functions of the activities page: each calls core and returns plain data."""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldkit.core.store import attachments as attachment_store
from fieldkit.core.work import activities, activity_edit, directory
from fieldkit.core.work.model import Period


def options(ws, cadre_id: str | None = None) -> dict[str, Any]:
    """What the filters and the entry form offer: sites, cadres, org units, sub-kinds, the
    months that hold activities, and the last activity (of ``cadre_id`` if given) to
    pre-fill a new one."""
    months = activities.activity_months(ws)
    this_month = date.today().strftime("%Y-%m")
    if this_month not in months:
        months.insert(0, this_month)
    last = activities.last_activity(ws, cadre_id) if cadre_id else None
    return {
        "sites": directory.choices_for(ws, "sites"),
        "cadres": directory.choices_for(ws, "cadres"),
        "org_units": directory.choices_for(ws, "org_units"),
        "sub_kinds": activities.sub_kinds(ws),
        "months": months,
        "last": last or activities.last_activity(ws),
    }


LIST_LIMIT = 1000


def load(ws, period: str | None, site_id: str | None, cadre_id: str | None,
         kind: str | None) -> list[dict[str, Any]]:
    """The activities matching the page's filters, newest first (period: month or year),
    at most ``LIST_LIMIT`` of them."""
    return activities.list_activities(ws, period=Period.parse(period) if period else None,
                                      site_id=site_id, cadre_id=cadre_id, kind=kind,
                                      limit=LIST_LIMIT)


def link_candidates(ws, site_id: str | None) -> list[dict[str, Any]]:
    return activities.link_candidates(ws, site_id=site_id)


def link_choices(ws, site_id: str | None, linked: list[dict[str, str]]) -> dict[str, Any]:
    """What the entry form's links list shows: the records that can be linked at a site
    and the activity's own links (``linked``) described, deleted ones too."""
    return {"candidates": activities.link_candidates(ws, site_id=site_id),
            "linked": activities.describe_links(ws, linked)}


def save(ws, values: dict[str, Any]) -> dict[str, Any]:
    """Record an activity (adding any new sub-kind to the list) and return it as listed:
    one transaction, so a refused activity adds no sub-kind either."""
    with ws.transaction():
        known = set(activities.sub_kinds(ws))
        for name in values.get("sub_kinds", ()):
            if name not in known:
                activities.add_sub_kind(ws, name)
        activity_id = activities.log_activity(ws, **values)
    saved = [a for a in activities.list_activities(ws, limit=50) if a["id"] == activity_id]
    return saved[0] if saved else {"id": activity_id}


def update(ws, activity_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Save an edit of an activity (adding any new sub-kind to the list) in one transaction;
    the activity as listed now. ``links``, when given, are the whole new list of links."""
    with ws.transaction():
        known = set(activities.sub_kinds(ws))
        for name in values.get("sub_kinds", ()):
            if name not in known:
                activities.add_sub_kind(ws, name)
        activity_edit.update_activity(ws, activity_id, **values)
    return listed(ws, activity_id)


def listed(ws, activity_id: str) -> dict[str, Any]:
    """One activity as ``list_activities`` gives it."""
    return activities.get_activity(ws, activity_id) or {"id": activity_id}


def details(ws, activity: dict[str, Any]) -> dict[str, Any]:
    """What the details view shows beyond the listed activity: its files and its links."""
    return {"attachments": [info for info in (attachment_store.info(ws, ref)
                                              for ref in activity["attachments"]) if info],
            "links": activities.describe_links(ws, activity["links"])}


def add_links(ws, activity: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """Link records (``"problems:<id>"`` …) to an activity; its details as they are now."""
    with ws.transaction():
        for key in keys:
            table, target = key.split(":", 1)
            activities.link(ws, activity["id"], table, target)
    now = [a for a in activities.list_activities(ws, period=Period.parse(
        f"{activity['date']}..{activity['date']}")) if a["id"] == activity["id"]]
    return details(ws, now[0] if now else activity)


def remove_link(ws, activity: dict[str, Any], table: str, target_id: str) -> dict[str, Any]:
    """Take one record off an activity's links (the record is kept); its details now."""
    activity_edit.unlink(ws, activity["id"], target_id, table=table)
    return details(ws, listed(ws, activity["id"]))


def attachment_names(ws, references: list[str]) -> list[tuple[str, str]]:
    """(reference, file name) of an activity's attachments, for the edit form."""
    out = []
    for ref in references:
        info = attachment_store.info(ws, ref)
        out.append((ref, info["file_name"] if info else ref))
    return out


def save_attachment(ws, reference: str, target: str) -> str:
    return str(attachment_store.save_to(ws, reference, target))


def remove_sub_kind(ws, name: str) -> None:
    activities.remove_sub_kind(ws, name)


def delete(ws, activity_id: str) -> None:
    """Delete an activity: kept in the workspace (and its journal), no longer listed or counted."""
    activities.set_deleted(ws, activity_id)


def compliance(ws, month: str, org_unit_id: str | None) -> list[dict[str, Any]]:
    return activities.monthly_compliance(ws, month, org_unit_id=org_unit_id)
