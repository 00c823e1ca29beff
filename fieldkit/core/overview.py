"""What the dashboard shows: directory counts, recent changes, local times at sites."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from fieldkit.core import directory
from fieldkit.core.workspace import Workspace

TABLE_LABELS = {"org_units": directory.ORG_UNITS.singular, "cadres": directory.CADRES.singular,
                "sites": directory.SITES.singular}


def recent_changes(ws: Workspace, limit: int = 12) -> list[dict[str, Any]]:
    """The latest journal entries with the record's name and the actor's name."""
    rows = ws.query(
        "SELECT j.seq, j.wall_time, j.table_name, j.record_id, j.operation, j.changes,"
        " c.name AS actor_name FROM journal j LEFT JOIN cadres c ON c.id = j.actor_id"
        " ORDER BY j.seq DESC LIMIT ?", (limit,))
    out = []
    for r in rows:
        changes = json.loads(r["changes"])
        name = None
        if r["table_name"] in directory.SPECS:
            name = ws.scalar(f"SELECT name FROM {r['table_name']} WHERE id = ?", (r["record_id"],))
        if name is None and "name" in changes:
            name = changes["name"][1] or changes["name"][0]
        out.append({"seq": r["seq"], "wall_time": r["wall_time"], "table": r["table_name"],
                    "record_id": r["record_id"], "operation": r["operation"],
                    "fields": sorted(changes), "record_name": name or "",
                    "actor_name": r["actor_name"] or ""})
    return out


def site_local_times(ws: Workspace, now: datetime | None = None) -> list[dict[str, Any]]:
    """Local time at each active site whose time zone differs from this laptop's."""
    now = now or datetime.now(timezone.utc)
    local_offset = datetime.now().astimezone().utcoffset()
    out = []
    for r in ws.query("SELECT name, timezone, country FROM sites WHERE active = 1"
                      " ORDER BY country, name"):
        try:
            local = now.astimezone(ZoneInfo(r["timezone"]))
        except Exception:
            continue
        if local.utcoffset() != local_offset:
            out.append({"name": r["name"], "timezone": r["timezone"],
                        "time": local.strftime("%H:%M"),
                        "utc_offset": local.strftime("%z")})
    return out


def dashboard(ws: Workspace, actor_id: str | None) -> dict[str, Any]:
    actor = ws.get("cadres", actor_id) if actor_id else None
    return {
        "counts": directory.counts(ws),
        "recent": recent_changes(ws),
        "site_times": site_local_times(ws),
        "actor_name": actor["name"] if actor else "",
        "path": str(ws.path),
    }
