"""Days with frontline workers (我和一线劳动者在一起): recording them and the monthly rule
that every cadre spends at least one day a month this way.

An activity is one row (date, site, kinds as five 0/1 columns so counting by kind is a SUM,
workers reached, feedback, duration, notes, attachments); its cadres are rows of
``activity_cadres`` and its links to questionnaires, interviews and problems rows of
``activity_links``. A half day counts as 0.5 of a cadre-day.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from fieldkit.core.store import attachments as attachment_store
from fieldkit.core.plain_text import without_controls as _plain
from fieldkit.core.work.directory import shown_name_sql
from fieldkit.core.i18n import N_
from fieldkit.core.work import model
from fieldkit.core.work.errors import WorkError
from fieldkit.core.work.model import KIND_CODES, Period, Scope, parse_date
from fieldkit.core.work.queries import org_subtree_sql

LINK_TABLES = ("responses", "problems", "interviews")


MAX_COUNT = 1_000_000  # workers reached or opinions in one activity (a typo, not a rally)


def sub_kinds(ws) -> list[str]:
    """The sub-kinds offered (座谈会, 技能竞赛 …): the defaults minus the removed, plus added."""
    rows = ws.query("SELECT list_name, name FROM work_choices WHERE list_name IN"
                    " ('sub_kind', 'sub_kind_hidden') AND active = 1 ORDER BY rowid")
    hidden = {r["name"] for r in rows if r["list_name"] == "sub_kind_hidden"}
    names = [*model.DEFAULT_SUB_KINDS, *(r["name"] for r in rows if r["list_name"] == "sub_kind")]
    return [n for i, n in enumerate(names) if n not in hidden and n not in names[:i]]


def add_sub_kind(ws, name: str) -> None:
    name = _plain(name).strip()
    if not name:
        raise WorkError(N_("A sub-kind needs a name."))
    with ws.transaction():
        for r in ws.query("SELECT id FROM work_choices WHERE list_name = 'sub_kind_hidden'"
                          " AND name = ? AND active = 1", (name,)):
            ws.update("work_choices", r["id"], {"active": 0})
        if name not in sub_kinds(ws):
            ws.insert("work_choices", {"list_name": "sub_kind", "name": name})


def remove_sub_kind(ws, name: str) -> None:
    """Stop offering a sub-kind (activities that used it keep it)."""
    with ws.transaction():
        for r in ws.query("SELECT id FROM work_choices WHERE list_name = 'sub_kind'"
                          " AND name = ? AND active = 1", (name,)):
            ws.update("work_choices", r["id"], {"active": 0})
        if name in model.DEFAULT_SUB_KINDS:
            ws.insert("work_choices", {"list_name": "sub_kind_hidden", "name": name})


def log_activity(ws, *, on: date | str, cadre_ids: Iterable[str], kinds: Iterable[str],
                 site_id: str | None = None, org_unit_id: str | None = None,
                 sub_kinds: Iterable[str] = (), workers_reached: int = 0,
                 feedback_count: int = 0, feedback: str = "", duration: str = "day",
                 notes: str = "", attachment_files: Iterable[Any] = (),
                 links: Iterable[tuple[str, str]] = (), allow_duplicate: bool = False) -> str:
    """Record a day (or half day) with frontline workers and return its id.

    Needs a date, at least one cadre and at least one of the five kinds. Files given in
    ``attachment_files`` are copied into the workspace. The same record submitted twice
    (same date, site, cadres, kinds, workers and notes) is refused unless
    ``allow_duplicate``: a double click must not count a day twice."""
    values, cadres, links = activity_values(
        ws, on=on, cadre_ids=cadre_ids, kinds=kinds, site_id=site_id, org_unit_id=org_unit_id,
        sub_kinds=sub_kinds, workers_reached=workers_reached, feedback_count=feedback_count,
        feedback=feedback, duration=duration, notes=notes, links=links)
    with ws.transaction():
        if not allow_duplicate and _duplicate(ws, values, cadres):
            raise WorkError(N_("This activity is already recorded (same date, site, cadres, "
                               "kinds and notes). Nothing was added."))
        refs = [attachment_store.add(ws, f) for f in attachment_files]
        values["attachments"] = " ".join(refs)
        activity_id = ws.insert("activities", values)
        for cadre in cadres:
            ws.insert("activity_cadres", {"activity_id": activity_id, "cadre_id": cadre})
        for table, target in links:
            ws.insert("activity_links", {"activity_id": activity_id, "target_table": table,
                                         "target_id": target})
    return activity_id


def activity_values(ws, *, on: date | str | None, cadre_ids: Iterable[str],
                    kinds: Iterable[str], site_id: str | None = None,
                    org_unit_id: str | None = None, sub_kinds: Iterable[str] = (),
                    workers_reached: int = 0, feedback_count: int = 0, feedback: str = "",
                    duration: str = "day", notes: str = "",
                    links: Iterable[tuple[str, str]] = ()
                    ) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    """The checked ``activities`` columns (without attachments), the cadres (each once, in
    order) and the links of an activity: the one set of rules for recording and editing."""
    day = parse_date(on)
    if day is None:
        raise WorkError(N_("An activity needs its date."))
    cadres = list(dict.fromkeys(c for c in cadre_ids if c))
    kinds = list(dict.fromkeys(kinds))
    if not cadres:
        raise WorkError(N_("An activity needs at least one cadre."))
    if not kinds:
        raise WorkError(N_("An activity needs at least one kind (lecture, visit, rights, "
                           "befriend, solve)."))
    bad = [k for k in kinds if k not in KIND_CODES]
    if bad:
        raise WorkError(N_("“{value}” is not a kind of activity. Use any of: {choices}."),
                        value=", ".join(bad), choices=", ".join(KIND_CODES))
    if duration not in ("day", "half"):
        raise WorkError(N_("The duration is a full day (day) or half a day (half)."))
    if int(workers_reached) < 0 or int(feedback_count) < 0:
        raise WorkError(N_("Numbers of workers and opinions cannot be negative."))
    if int(workers_reached) > MAX_COUNT or int(feedback_count) > MAX_COUNT:
        raise WorkError(N_("Numbers of workers and opinions can be at most {limit} for one "
                           "activity."), limit=MAX_COUNT)
    for cadre in cadres:
        if not ws.scalar("SELECT 1 FROM cadres WHERE id = ?", (cadre,)):
            raise WorkError(N_("The cadre “{cadre}” is not in the directory."), cadre=cadre)
    if site_id and not ws.scalar("SELECT 1 FROM sites WHERE id = ?", (site_id,)):
        raise WorkError(N_("The site “{site}” is not in the directory."), site=site_id)
    links = list(links)
    for table, _ in links:
        if table not in LINK_TABLES:
            raise WorkError(N_("An activity links only to responses, problems and interviews."))
    org_unit_id = org_unit_id or ws.scalar("SELECT org_unit_id FROM cadres WHERE id = ?",
                                           (cadres[0],))
    if not org_unit_id and site_id:
        org_unit_id = ws.scalar("SELECT org_unit_id FROM sites WHERE id = ?", (site_id,))
    values = {"date": day.isoformat(), "site_id": site_id, "org_unit_id": org_unit_id,
              **{f"k_{code}": int(code in kinds) for code in KIND_CODES},
              "sub_kinds": "\n".join(_plain(s).strip() for s in sub_kinds if _plain(s).strip()),
              "workers_reached": int(workers_reached), "feedback_count": int(feedback_count),
              "feedback": _plain(feedback).strip(), "duration": duration,
              "notes": _plain(notes).strip()}
    return values, cadres, links


def _duplicate(ws, values: dict[str, Any], cadres: list[str]) -> bool:
    keys = ("date", "site_id", *(f"k_{c}" for c in KIND_CODES), "workers_reached", "notes")
    rows = ws.query("SELECT a.id FROM activities a WHERE a.deleted = 0 AND "
                    + " AND ".join(f"a.{k} IS ?" for k in keys), [values[k] for k in keys])
    for r in rows:
        theirs = {c[0] for c in ws.query("SELECT cadre_id FROM activity_cadres"
                                         " WHERE activity_id = ?", (r["id"],))}
        if theirs == set(cadres):
            return True
    return False


def set_deleted(ws, activity_id: str, deleted: bool = True) -> None:
    """Delete an activity (kept, hidden and no longer counted) or bring it back."""
    with ws.transaction():
        if not ws.scalar("SELECT 1 FROM activities WHERE id = ?", (activity_id,)):
            raise WorkError(N_("The activity was not found."))
        ws.update("activities", activity_id, {"deleted": int(deleted)})


def link(ws, activity_id: str, table: str, target_id: str) -> None:
    """Link a questionnaire answer, problem or interview to the activity it arose in."""
    if table not in LINK_TABLES:
        raise WorkError(N_("An activity links only to responses, problems and interviews."))
    with ws.transaction():
        if not ws.scalar("SELECT 1 FROM activities WHERE id = ?", (activity_id,)):
            raise WorkError(N_("The activity was not found."))
        if not ws.scalar("SELECT 1 FROM activity_links WHERE activity_id = ? AND"
                         " target_table = ? AND target_id = ?", (activity_id, table, target_id)):
            ws.insert("activity_links", {"activity_id": activity_id, "target_table": table,
                                         "target_id": target_id})


def scope_filter(scope: Scope | None, alias: str = "a") -> tuple[str, str, list[Any]]:
    """(CTE prefix, WHERE condition, parameters) limiting activities to a scope."""
    scope = scope or Scope()
    if scope.org_unit_id:
        return (org_subtree_sql(), f"{alias}.org_unit_id IN (SELECT id FROM scope_units)",
                [scope.org_unit_id])
    if scope.site_id:
        return "", f"{alias}.site_id = ?", [scope.site_id]
    if scope.cadre_id:
        return ("", f"{alias}.id IN (SELECT activity_id FROM activity_cadres WHERE cadre_id = ?)",
                [scope.cadre_id])
    return "", "1", []


def list_activities(ws, *, period: Period | None = None, scope: Scope | None = None,
                    site_id: str | None = None, cadre_id: str | None = None,
                    kind: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    """Activities newest first, with their kinds, cadres' names and site name. ``site_id``,
    ``cadre_id`` and ``kind`` narrow the list further (any combination, with the scope)."""
    prefix, cond, params = scope_filter(scope)
    where = ["a.deleted = 0", cond]
    if period:
        where.append("a.date BETWEEN ? AND ?")
        params += [period.start.isoformat(), period.end.isoformat()]
    if site_id:
        where.append("a.site_id = ?")
        params.append(site_id)
    if cadre_id:
        where.append("a.id IN (SELECT activity_id FROM activity_cadres WHERE cadre_id = ?)")
        params.append(cadre_id)
    if kind:
        if kind not in KIND_CODES:
            raise WorkError(N_("“{value}” is not a kind of activity. Use any of: {choices}."),
                            value=kind, choices=", ".join(KIND_CODES))
        where.append(f"a.k_{kind} = 1")
    rows = ws.query(
        prefix + f"SELECT a.*, {shown_name_sql('sites', 's')} AS site_name,"
        " (SELECT group_concat(c.name, '、') FROM activity_cadres ac JOIN cadres c"
        " ON c.id = ac.cadre_id WHERE ac.activity_id = a.id)"
        " AS cadre_names FROM activities a LEFT JOIN sites s ON s.id = a.site_id WHERE "
        + " AND ".join(where) + " ORDER BY a.date DESC, a.rowid DESC LIMIT ?", [*params, limit])
    out = []
    for r in rows:
        item = {k: r[k] for k in r.keys() if not k.startswith("k_")}
        item["kinds"] = [c for c in KIND_CODES if r[f"k_{c}"]]
        item["sub_kinds"] = [s for s in r["sub_kinds"].split("\n") if s]
        item["attachments"] = r["attachments"].split()
        item["cadre_ids"] = [c[0] for c in ws.query(
            "SELECT cadre_id FROM activity_cadres WHERE activity_id = ?", (r["id"],))]
        item["cadre_names"] = r["cadre_names"] or ""
        item["links"] = [dict(x) for x in ws.query(
            "SELECT target_table, target_id FROM activity_links WHERE activity_id = ?"
            " ORDER BY rowid", (r["id"],))]      # in the order they were linked
        out.append(item)
    return out


def get_activity(ws, activity_id: str) -> dict[str, Any] | None:
    """One activity (not deleted) as ``list_activities`` gives it, or None."""
    day = ws.scalar("SELECT date FROM activities WHERE id = ? AND deleted = 0", (activity_id,))
    if not day:
        return None
    rows = [a for a in list_activities(ws, period=Period.parse(f"{day}..{day}"), limit=100000)
            if a["id"] == activity_id]
    return rows[0] if rows else None


def link_candidates(ws, *, site_id: str | None = None,
                    limit: int = 100) -> list[dict[str, Any]]:
    """What an activity can be linked to, newest first: problems, answered questionnaires
    and interview notes (those at ``site_id`` when given), each as ``{"table", "id",
    "label", "date"}``. Reads the other wings' tables only for names and dates."""
    where, params = ("site_id = ?", [site_id]) if site_id else ("site_id IS NOT ?", [""])
    out = [{"table": "problems", "id": r[0], "label": r[1], "date": r[2]} for r in ws.query(
        f"SELECT id, title, registered_on FROM problems WHERE {where}"
        " ORDER BY registered_on DESC, rowid DESC LIMIT ?", [*params, limit])]
    out += [{"table": "responses", "id": r[0], "label": r[1], "date": r[2]} for r in ws.query(
        "SELECT r.id, coalesce(nullif(f.title, ''), r.form_id), substr(r.started_at, 1, 10)"
        f" FROM responses r LEFT JOIN forms f ON f.id = r.form_record_id WHERE r.{where}"
        " AND r.status = 'complete' AND r.deleted = 0 AND r.superseded_by IS NULL"
        " ORDER BY r.started_at DESC LIMIT ?", [*params, limit])]
    out += [{"table": "interviews", "id": r[0], "label": r[1], "date": r[2] or ""}
            for r in ws.query(f"SELECT id, title, on_date FROM interview_notes WHERE {where}"
                              " AND deleted = 0 ORDER BY on_date DESC, rowid DESC LIMIT ?",
                              [*params, limit])]
    return out


def describe_links(ws, links: Iterable[dict[str, str]]) -> list[dict[str, Any]]:
    """An activity's links (``{"target_table", "target_id"}``) with the linked record's
    name and date, as ``link_candidates`` gives them ("" when it no longer exists), and
    ``deleted`` when the record is gone or deleted since it was linked."""
    sql = {"problems": "SELECT title, registered_on, 0 FROM problems WHERE id = ?",
           "responses": "SELECT coalesce(nullif(f.title, ''), r.form_id),"
                        " substr(r.started_at, 1, 10), r.deleted FROM responses r"
                        " LEFT JOIN forms f ON f.id = r.form_record_id WHERE r.id = ?",
           "interviews": "SELECT title, on_date, deleted FROM interview_notes WHERE id = ?"}
    out = []
    for item in links:
        table, target = item["target_table"], item["target_id"]
        rows = ws.query(sql[table], (target,)) if table in sql else []
        out.append({"table": table, "id": target, "label": rows[0][0] if rows else "",
                    "date": (rows[0][1] or "") if rows else "",
                    "deleted": not rows or bool(rows[0][2])})
    return out


def activity_months(ws) -> list[str]:
    """The months (YYYY-MM) that hold activities, newest first."""
    return [r[0] for r in ws.query("SELECT DISTINCT substr(date, 1, 7) FROM activities"
                                   " WHERE deleted = 0 ORDER BY 1 DESC")]


def last_activity(ws, cadre_id: str | None = None) -> dict[str, Any] | None:
    """The latest activity (of a cadre), to pre-fill the next one."""
    scope = Scope(cadre_id=cadre_id) if cadre_id else None
    rows = list_activities(ws, scope=scope, limit=1)
    return rows[0] if rows else None


def monthly_compliance(ws, month: str, *, org_unit_id: str | None = None) -> list[dict[str, Any]]:
    """Each active cadre (of an org unit and its sub-units) with their days with frontline
    workers in ``month`` (YYYY-MM; a half day counts 0.5) and whether they reached one."""
    period = Period.parse(month)
    prefix, params = "", []
    where = "c.active = 1"
    if org_unit_id:
        prefix = org_subtree_sql()
        params.append(org_unit_id)
        where += " AND c.org_unit_id IN (SELECT id FROM scope_units)"
    # each cadre's days are one range of the cadre_days_cadre index (the cadre's share of
    # each activity, 1 or 0.5, kept by triggers: the same values kpis() sums)
    rows = ws.query(
        prefix + f"SELECT c.id, c.name, {shown_name_sql('org_units', 'o')} AS org_unit_name,"
        " coalesce((SELECT sum(d.value)"
        " FROM cadre_days d WHERE d.cadre_id = c.id AND d.date BETWEEN ? AND ?"
        " AND d.deleted = 0), 0) AS days"
        " FROM cadres c LEFT JOIN org_units o ON o.id = c.org_unit_id WHERE " + where
        + " ORDER BY days, c.name", [*params, period.start.isoformat(), period.end.isoformat()])
    return [{"cadre_id": r["id"], "name": r["name"], "org_unit_name": r["org_unit_name"] or "",
             "days": float(r["days"]), "meets_quota": r["days"] >= 1} for r in rows]


def cadres_without_a_day(ws, month: str, *, org_unit_id: str | None = None) -> list[dict]:
    """The cadres who have not yet spent one day with frontline workers in ``month``."""
    return [r for r in monthly_compliance(ws, month, org_unit_id=org_unit_id)
            if not r["meets_quota"]]
