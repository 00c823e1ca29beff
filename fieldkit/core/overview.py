"""What the dashboard shows: directory counts, recent changes, local times at sites."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from fieldkit.core.work import directory
from fieldkit.core.store.workspace import Workspace

def _record_names() -> dict[str, tuple[str, str | None]]:
    from fieldkit.core.forms import record_names as forms
    from fieldkit.core.importing import record_names as importing
    from fieldkit.core.interviews import record_names as interviews
    from fieldkit.core.reports import record_names as reports
    from fieldkit.core.responses import record_names as responses
    from fieldkit.core.store import record_names as store
    from fieldkit.core.work import record_names as work

    names: dict[str, tuple[str, str | None]] = {}
    for wing in (work, forms, responses, importing, store, interviews, reports):
        names.update(wing.RECORD_NAMES)
    return names


RECORD_NAMES = _record_names()
TABLE_LABELS = {table: label for table, (label, _) in RECORD_NAMES.items()}
# how a record of each table is named in the list of recent changes
NAME_QUERIES = {table: sql for table, (_, sql) in RECORD_NAMES.items() if sql}


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
        query = NAME_QUERIES.get(r["table_name"])
        if query:
            name = ws.scalar(query, (r["record_id"],))
        if name is None and "name" in changes:
            name = changes["name"][1] or changes["name"][0]
        out.append({"seq": r["seq"], "wall_time": r["wall_time"], "table": r["table_name"],
                    "record_id": r["record_id"], "operation": r["operation"],
                    "fields": sorted(k for k in changes if k != "row_digest"),
                    "record_name": name or "",
                    "actor_name": r["actor_name"] or ""})
    return out


HOME_TIMEZONE = "Asia/Shanghai"   # the users' home: Chinese sites keep Beijing time


def site_local_times(ws: Workspace, now: datetime | None = None) -> list[dict[str, Any]]:
    """Local time at each active site whose clock differs from home: from this laptop's
    and from Beijing time (a laptop left on UTC must not list every domestic site)."""
    now = now or datetime.now(timezone.utc)
    home = {now.astimezone().utcoffset(), now.astimezone(ZoneInfo(HOME_TIMEZONE)).utcoffset()}
    out = []
    for r in ws.query("SELECT name, timezone, country FROM sites WHERE active = 1"
                      " ORDER BY country, name"):
        try:
            local = now.astimezone(ZoneInfo(r["timezone"]))
        except Exception:
            continue
        if local.utcoffset() not in home:
            out.append({"name": r["name"], "timezone": r["timezone"],
                        "time": local.strftime("%H:%M"),
                        "utc_offset": offset_text(local.utcoffset())})
    return out


def offset_text(offset: timedelta | None) -> str:
    """A UTC offset as people write it: +8, -3, +5:30 (not +0800)."""
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}" + (f":{rest:02d}" if rest else "")


def response_counts(ws: Workspace) -> dict[str, int]:
    from fieldkit.core.forms.store import form_counts
    from fieldkit.core.responses.query import totals

    found = totals(ws)
    return {"complete": found["complete"], "draft": found["draft"],
            "has_issues": found["has_issues"], "forms": form_counts(ws)["active"]}


def dashboard(ws: Workspace, actor_id: str | None) -> dict[str, Any]:
    actor = ws.get("cadres", actor_id) if actor_id else None
    return {
        "responses": response_counts(ws),
        "counts": directory.counts(ws),
        "recent": recent_changes(ws),
        "site_times": site_local_times(ws),
        "actor_name": actor["name"] if actor else "",
        "path": str(ws.path),
    }


def first_steps(ws: Workspace, actor_id: str | None) -> dict[str, Any]:
    """How far a new workspace is along the first steps the welcome guide walks through:
    add yourself as a cadre, say who you are, add sites, pick or import a questionnaire,
    collect the first responses. ``empty`` is true for a workspace nobody has set up yet."""
    from fieldkit.core.forms.store import form_counts
    from fieldkit.core.responses.query import totals

    counts = directory.counts(ws)
    responses = totals(ws)["stored"]
    forms = form_counts(ws)
    actor_known = bool(actor_id) and ws.scalar(
        "SELECT count(*) FROM cadres WHERE id = ?", (actor_id,)) > 0
    return {
        "cadres": counts["cadres"]["active"],
        "actor_known": actor_known,
        "sites": counts["sites"]["active"],
        "own_forms": forms["own"],
        "forms": forms["active"],
        "responses": responses,
        "empty": counts["cadres"]["total"] == 0 and counts["sites"]["total"] == 0
                 and responses == 0,
    }
