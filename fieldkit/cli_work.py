"""``fieldkit activities|problems|kpi ...``: the work system from the command line.

A thin face over ``fieldkit.core.work``: every command opens the workspace, calls one core
function and prints its result (``--json``: one document, the same data the UI gets).
Sites, cadres and org units are named by name or id; problems by id or its first 8 characters.
"""

from __future__ import annotations

import argparse
from typing import Any

from fieldkit.core.i18n import tr


def _ws(args):
    from fieldkit.cli import _open

    return _open(args)


def _json(data: Any) -> None:
    from fieldkit.cli import _print_json

    _print_json(data)


def _scope(ws, args):
    from fieldkit.core.work.model import Scope
    from fieldkit.core.work.queries import find_in_directory

    return Scope(org_unit_id=find_in_directory(ws, "org_units", getattr(args, "scope", None)),
                 site_id=find_in_directory(ws, "sites", getattr(args, "site", None)),
                 cadre_id=find_in_directory(ws, "cadres", getattr(args, "cadre", None)))


def _label(options, code: str) -> str:
    from fieldkit.core.work.model import label

    return tr(label(options, code))


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.replace("，", ",").split(",")
            if v.strip()]


# -- activities -------------------------------------------------------------------------------

def cmd_activities_add(args: argparse.Namespace) -> int:
    from fieldkit.core.work import activities
    from fieldkit.core.work.queries import find_in_directory

    with _ws(args) as ws:
        cadres = [find_in_directory(ws, "cadres", c) for c in _split(args.cadre)]
        links = [("problems", p) for p in args.link_problem or []] + \
            [("responses", r) for r in args.link_response or []]
        activity_id = activities.log_activity(
            ws, on=args.date, cadre_ids=cadres, kinds=_split(args.kind),
            site_id=find_in_directory(ws, "sites", args.site), sub_kinds=_split(args.sub_kind),
            workers_reached=args.workers, feedback_count=args.feedback_count,
            feedback=args.feedback or "", duration="half" if args.half_day else "day",
            notes=args.notes or "", attachment_files=args.attach or [], links=links,
            allow_duplicate=args.allow_duplicate)
    if args.json:
        _json({"id": activity_id})
    else:
        print(tr("Activity recorded: {id}", id=activity_id[:8]))
    return 0


def cmd_activities_list(args: argparse.Namespace) -> int:
    from fieldkit.core.work import activities
    from fieldkit.core.work.model import KINDS, Period

    period = Period.parse(args.period) if args.period else None
    with _ws(args) as ws:
        rows = activities.list_activities(ws, period=period, scope=_scope(ws, args),
                                          limit=args.limit)
    if args.json:
        _json(rows)
        return 0
    if not rows:
        print(tr("No activities recorded."))
    for r in rows:
        kinds = "、".join(_label(KINDS, k) for k in r["kinds"])
        print(tr("{date}  {site}  {kinds}  {cadres}  {workers} workers",
                 date=r["date"], site=r["site_name"] or "-", kinds=kinds,
                 cadres=r["cadre_names"], workers=r["workers_reached"]))
    return 0


def cmd_activities_compliance(args: argparse.Namespace) -> int:
    from fieldkit.core.work import activities
    from fieldkit.core.work.queries import find_in_directory

    with _ws(args) as ws:
        rows = activities.monthly_compliance(
            ws, args.month, org_unit_id=find_in_directory(ws, "org_units", args.scope))
    if args.json:
        _json(rows)
        return 0
    for r in rows:
        mark = tr("ok") if r["meets_quota"] else tr("BEHIND")
        print(tr("{name} ({unit}): {days} days  {mark}", name=r["name"], unit=r["org_unit_name"],
                 days=f"{r['days']:g}", mark=mark))
    return 0


def _links_result(ws, activity_id: str) -> dict[str, Any]:
    from fieldkit.core.work import activities
    from fieldkit.core.work.activity_edit import current_links

    links = [{"target_table": t, "target_id": i} for t, i in current_links(ws, activity_id)]
    return {"id": activity_id, "links": activities.describe_links(ws, links)}


def _print_links(result: dict[str, Any]) -> None:
    from fieldkit.core.work.activity_edit import link_text

    if not result["links"]:
        print(tr("Nothing linked."))
    for link in result["links"]:
        print(f"  {link['id'][:8]}  {link_text(link)}")


def cmd_activities_link(args: argparse.Namespace) -> int:
    from fieldkit.core.work.activity_edit import (current_links, find_activity,
                                                  find_link_target, update_activity)

    with _ws(args) as ws:
        activity_id = find_activity(ws, args.activity)
        target = find_link_target(ws, args.record)
        update_activity(ws, activity_id, links=[*current_links(ws, activity_id), target])
        result = _links_result(ws, activity_id)
    if args.json:
        _json(result)
    else:
        print(tr("Linked {record} to the activity {id}.", record=target[1][:8],
                 id=activity_id[:8]))
        _print_links(result)
    return 0


def cmd_activities_unlink(args: argparse.Namespace) -> int:
    from fieldkit.core.work.activity_edit import find_activity, unlink

    with _ws(args) as ws:
        activity_id = find_activity(ws, args.activity)
        removed = unlink(ws, activity_id, args.record)
        result = _links_result(ws, activity_id)
    if args.json:
        _json(result | {"removed": [{"table": t, "id": i} for t, i in removed]})
    else:
        print(tr("Unlinked {record} from the activity {id}; the record itself is kept.",
                 record=removed[0][1][:8], id=activity_id[:8]))
        _print_links(result)
    return 0


# -- problems ---------------------------------------------------------------------------------

def cmd_problems_add(args: argparse.Namespace) -> int:
    from fieldkit.core.work import ledger
    from fieldkit.core.work.queries import find_in_directory

    with _ws(args) as ws:
        problem_id = ledger.log_problem(
            ws, title=args.title, grade=args.grade, description=args.description or "",
            site_id=find_in_directory(ws, "sites", args.site),
            org_unit_id=find_in_directory(ws, "org_units", args.org),
            cadre_id=find_in_directory(ws, "cadres", args.cadre), category=args.category,
            deadline=args.deadline, deadline_days=args.deadline_days,
            lead_department=args.lead_department or "",
            co_departments=_split(args.co_department),
            feedback_interval_days=args.feedback_interval, escalated_to=args.escalated_to or "",
            worker_name=args.worker_name or "", worker_phone=args.worker_phone or "",
            anonymous=args.anonymous, registered_on=args.registered_on,
            attachment_files=args.attach or [], activity_id=args.activity,
            allow_duplicate=args.allow_duplicate)
        from fieldkit.core.work.queries import get_problem

        problem = get_problem(ws, problem_id, include_personal=False)
    if args.json:
        _json(problem)
    else:
        print(tr("Problem registered: {id} (deadline {deadline})", id=problem_id[:8],
                 deadline=problem["deadline"] or "-"))
    return 0


def cmd_problems_list(args: argparse.Namespace) -> int:
    from fieldkit.core.work import queries
    from fieldkit.core.work.model import GRADES, STATUSES, ProblemFilter

    with _ws(args) as ws:
        scope = _scope(ws, args)
        rows = queries.list_problems(ws, ProblemFilter(
            status=args.status, grade=args.grade, org_unit_id=scope.org_unit_id,
            site_id=scope.site_id, cadre_id=scope.cadre_id, overdue_only=args.overdue,
            text=args.search or "", include_personal=args.include_personal, limit=args.limit))
    if args.json:
        _json(rows)
        return 0
    if not rows:
        print(tr("No problems found."))
    for r in rows:
        late = tr("OVERDUE") if r["overdue"] or r["feedback_overdue"] else ""
        print(f"{r['id'][:8]}  {r['registered_on']}  {_label(STATUSES, r['status'])}  "
              f"{_label(GRADES, r['grade'])}  {r['deadline'] or '-'}  {r['title']}  {late}")
    return 0


def cmd_problems_show(args: argparse.Namespace) -> int:
    from fieldkit.core.work import ledger, queries
    from fieldkit.core.work.model import STATUSES

    with _ws(args) as ws:
        problem_id = queries.resolve_problem_id(ws, args.problem)
        problem = queries.get_problem(ws, problem_id, include_personal=args.include_personal)
        history = ledger.timeline(ws, problem_id)
    if args.json:
        _json({**problem, "timeline": history})
        return 0
    print(f"{problem['title']}  [{_label(STATUSES, problem['status'])}]")
    for t in history:
        what = _label(STATUSES, t["to_status"]) if t["kind"] == "status" else t["kind"]
        print(f"  {t['on_date']}  {t['actor_name'] or '-'}  {what}  {t['text'] or ''}")
    return 0


def cmd_problems_move(args: argparse.Namespace) -> int:
    from fieldkit.core.work import ledger, queries
    from fieldkit.core.work.model import STATUSES

    with _ws(args) as ws:
        problem_id = queries.resolve_problem_id(ws, args.problem)
        ledger.move(ws, problem_id, args.status, note=args.note or "", on=args.on,
                    expected_from=args.expected, escalated_to=args.escalated_to)
        problem = queries.get_problem(ws, problem_id, include_personal=False)
    if args.json:
        _json(problem)
    else:
        print(tr("Problem {id} is now “{status}”.", id=problem_id[:8],
                 status=_label(STATUSES, problem["status"])))
    return 0


def cmd_problems_rate(args: argparse.Namespace) -> int:
    from fieldkit.core.work import ledger, queries

    with _ws(args) as ws:
        problem_id = queries.resolve_problem_id(ws, args.problem)
        rating_id = ledger.rate(ws, problem_id, args.rating, comment=args.comment or "",
                                on=args.on)
    if args.json:
        _json({"id": rating_id, "problem_id": problem_id, "rating": args.rating})
    else:
        print(tr("Rating recorded for problem {id}.", id=problem_id[:8]))
    return 0


def cmd_problems_reply(args: argparse.Namespace) -> int:
    from fieldkit.core.work import ledger, queries

    with _ws(args) as ws:
        problem_id = queries.resolve_problem_id(ws, args.problem)
        if args.feedback:
            ledger.record_feedback(ws, problem_id, args.text, on=args.on)
        else:
            ledger.reply(ws, problem_id, args.text, on=args.on)
        problem = queries.get_problem(ws, problem_id, include_personal=False)
    if args.json:
        _json(problem)
    else:
        print(tr("Recorded for problem {id}.", id=problem_id[:8]))
    return 0


# -- kpi --------------------------------------------------------------------------------------

def cmd_kpi(args: argparse.Namespace) -> int:
    from fieldkit.core.work import kpis
    from fieldkit.core.work.model import KINDS, Period

    period = Period.parse(args.period)
    with _ws(args) as ws:
        result = kpis.kpis(ws, period=period, scope=_scope(ws, args)).to_dict()
    if args.json:
        _json(result)
        return 0

    def rate(value):
        return "-" if value is None else f"{value * 100:.1f}%"
    print(tr("Period {period} ({start} to {end})", period=result["period"],
             start=result["start"], end=result["end"]))
    print(tr("Activities: {count}, workers reached: {workers}, cadre-days: {days}",
             count=result["activities"], workers=result["workers_reached"],
             days=f"{result['cadre_days']:g}"))
    print("  " + "  ".join(f"{_label(KINDS, k)} {v}"
                           for k, v in result["activities_by_kind"].items()))
    print(tr("Cadres meeting the monthly day: {meeting} of {total}",
             meeting=result["cadres_meeting_quota"], total=result["cadres_in_scope"]))
    print(tr("Problems registered {registered}, resolved {resolved}, closed {closed}, "
             "overdue {overdue}, escalated {escalated}", **{k: result[k] for k in (
                 "registered", "resolved", "closed", "overdue", "escalated")}))
    print(tr("Reply rate {reply}, completion rate {completion}, satisfaction rate "
             "{satisfaction}", reply=rate(result["reply_rate"]),
             completion=rate(result["completion_rate"]),
             satisfaction=rate(result["satisfaction_rate"])))
    median = result["median_days_to_resolve"]
    print(tr("Median days to resolve: {days}", days="-" if median is None else f"{median:g}"))
    return 0


# -- parser -----------------------------------------------------------------------------------

def _scope_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scope", metavar="ORG", help=tr("an org unit (with its sub-units)"))
    p.add_argument("--site", metavar="SITE", help=tr("only this site"))
    p.add_argument("--cadre", metavar="CADRE", help=tr("only this cadre"))


def register(sub: argparse._SubParsersAction, parser_class: type) -> None:
    from fieldkit.core.work.model import CATEGORIES, GRADE_CODES, RATING_CODES, STATUS_CODES

    json_help = tr("print JSON")
    acts = sub.add_parser("activities", help=tr("days with frontline workers: record, list, "
                                                "monthly compliance"))
    asub = acts.add_subparsers(dest="activities_command", metavar="ACTION",
                               parser_class=parser_class, required=True)
    p = asub.add_parser("add", help=tr("record a day or half day with frontline workers"))
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=tr("the day"))
    p.add_argument("--cadre", action="append", required=True, metavar="CADRE",
                   help=tr("a cadre present (repeat, or separate with commas)"))
    p.add_argument("--kind", action="append", required=True, metavar="KIND",
                   help=tr("lecture, visit, rights, befriend or solve (several allowed)"))
    p.add_argument("--site", metavar="SITE", help=tr("the site (name or id)"))
    p.add_argument("--sub-kind", action="append", metavar="NAME", help=tr("e.g. 座谈会"))
    p.add_argument("--workers", type=int, default=0, metavar="N", help=tr("workers reached"))
    p.add_argument("--feedback-count", type=int, default=0, metavar="N",
                   help=tr("opinions collected"))
    p.add_argument("--feedback", metavar="TEXT", help=tr("the opinions, in short"))
    p.add_argument("--half-day", action="store_true", help=tr("half a day, not a full day"))
    p.add_argument("--notes", metavar="TEXT", help=tr("notes"))
    p.add_argument("--attach", action="append", metavar="FILE", help=tr("a photo or file"))
    p.add_argument("--link-problem", action="append", metavar="ID",
                   help=tr("a problem that arose"))
    p.add_argument("--link-response", action="append", metavar="ID",
                   help=tr("a questionnaire answered"))
    p.add_argument("--allow-duplicate", action="store_true",
                   help=tr("record it even if the same activity is already there"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_activities_add)
    p = asub.add_parser("list", help=tr("list activities"))
    p.add_argument("--period", metavar="PERIOD", help=tr("2024-05, 2024-Q2, 2024-H1, 2024"))
    _scope_args(p)
    p.add_argument("--limit", type=int, default=200, metavar="N", help=tr("at most N rows"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_activities_list)
    p = asub.add_parser("compliance", help=tr("each cadre's days with workers in a month"))
    p.add_argument("--month", required=True, metavar="YYYY-MM", help=tr("the month"))
    p.add_argument("--scope", metavar="ORG", help=tr("an org unit (with its sub-units)"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_activities_compliance)
    for name, what, record, func in (
            ("link", tr("link a problem, questionnaire answer or interview note to an "
                        "activity"),
             tr("the problem, answer or note (its id or first 8 characters)"),
             cmd_activities_link),
            ("unlink", tr("take a linked record off an activity (the record is kept)"),
             tr("the linked record (its id or first 8 characters)"), cmd_activities_unlink)):
        p = asub.add_parser(name, help=what)
        p.add_argument("activity", metavar="ID",
                       help=tr("the activity (its id or first 8 characters)"))
        p.add_argument("record", metavar="RECORD", help=record)
        p.add_argument("--json", action="store_true", help=json_help)
        p.set_defaults(func=func)

    probs = sub.add_parser("problems", help=tr("the problem ledger: register, list, move "
                                               "through the workflow, reply, rate"))
    psub = probs.add_subparsers(dest="problems_command", metavar="ACTION",
                                parser_class=parser_class, required=True)
    p = psub.add_parser("add", help=tr("register a problem a worker raised"))
    p.add_argument("--title", required=True, metavar="TEXT", help=tr("what the problem is"))
    p.add_argument("--grade", required=True, choices=GRADE_CODES, help=tr("how it is handled"))
    p.add_argument("--description", metavar="TEXT", help=tr("details"))
    p.add_argument("--site", metavar="SITE", help=tr("the site (name or id)"))
    p.add_argument("--org", metavar="ORG", help=tr("the org unit (default: the site's)"))
    p.add_argument("--cadre", metavar="CADRE", help=tr("the cadre following it up"))
    p.add_argument("--category", default="other", metavar="CATEGORY",
                   help=tr("one of: {choices}", choices=", ".join(c for c, _ in CATEGORIES)))
    p.add_argument("--deadline", metavar="YYYY-MM-DD", help=tr("the deadline"))
    p.add_argument("--deadline-days", type=int, metavar="N",
                   help=tr("deadline N days after registration (short-term; default 15)"))
    p.add_argument("--lead-department", metavar="NAME", help=tr("lead department"))
    p.add_argument("--co-department", action="append", metavar="NAME",
                   help=tr("a co-operating department (repeat)"))
    p.add_argument("--feedback-interval", type=int, metavar="DAYS",
                   help=tr("days between feedback to the worker (default 14)"))
    p.add_argument("--escalated-to", metavar="BODY", help=tr("the body it is escalated to"))
    p.add_argument("--worker-name", metavar="NAME", help=tr("the worker's name (personal data)"))
    p.add_argument("--worker-phone", metavar="PHONE",
                   help=tr("the worker's phone (personal data)"))
    p.add_argument("--anonymous", action="store_true", help=tr("the worker stays anonymous"))
    p.add_argument("--registered-on", metavar="YYYY-MM-DD", help=tr("default: today"))
    p.add_argument("--activity", metavar="ID", help=tr("the activity where it arose"))
    p.add_argument("--attach", action="append", metavar="FILE", help=tr("a photo or file"))
    p.add_argument("--allow-duplicate", action="store_true",
                   help=tr("register it even if the same problem is already there"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_problems_add)
    p = psub.add_parser("list", help=tr("list problems"))
    p.add_argument("--status", choices=STATUS_CODES, help=tr("only this status"))
    p.add_argument("--grade", choices=GRADE_CODES, help=tr("only this grade"))
    p.add_argument("--overdue", action="store_true", help=tr("only overdue problems"))
    p.add_argument("--search", metavar="TEXT", help=tr("words in the title or description"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("include workers' names and phones"))
    _scope_args(p)
    p.add_argument("--limit", type=int, default=1000, metavar="N", help=tr("at most N rows"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_problems_list)
    p = psub.add_parser("show", help=tr("one problem with its timeline"))
    p.add_argument("problem", metavar="PROBLEM", help=tr("its id (the first 8 characters do)"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("include workers' names and phones"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_problems_show)
    p = psub.add_parser("move", help=tr("move a problem to its next status"))
    p.add_argument("problem", metavar="PROBLEM", help=tr("its id (the first 8 characters do)"))
    p.add_argument("status", metavar="STATUS", help=", ".join(STATUS_CODES))
    p.add_argument("--note", metavar="TEXT",
                   help=tr("a note; the reply's text for replied; the reason when reopening"))
    p.add_argument("--on", metavar="YYYY-MM-DD", help=tr("default: today"))
    p.add_argument("--expected", metavar="STATUS",
                   help=tr("refuse if the problem is no longer in this status"))
    p.add_argument("--escalated-to", metavar="BODY", help=tr("the body it is escalated to"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_problems_move)
    p = psub.add_parser("rate", help=tr("record the worker's satisfaction"))
    p.add_argument("problem", metavar="PROBLEM", help=tr("its id (the first 8 characters do)"))
    p.add_argument("rating", choices=RATING_CODES, help=tr("satisfied, basic or unsatisfied"))
    p.add_argument("--comment", metavar="TEXT", help=tr("what the worker said"))
    p.add_argument("--on", metavar="YYYY-MM-DD", help=tr("default: today"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_problems_rate)
    p = psub.add_parser("reply", help=tr("reply to the worker, or record progress feedback"))
    p.add_argument("problem", metavar="PROBLEM", help=tr("its id (the first 8 characters do)"))
    p.add_argument("text", metavar="TEXT", help=tr("what the worker was told"))
    p.add_argument("--feedback", action="store_true",
                   help=tr("progress feedback while the problem is still open"))
    p.add_argument("--on", metavar="YYYY-MM-DD", help=tr("default: today"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_problems_reply)

    p = sub.add_parser("kpi", help=tr("the work KPIs of a period and scope"))
    p.add_argument("--period", required=True, metavar="PERIOD",
                   help=tr("2024-05, 2024-Q2, 2024-H1, 2024 or 2024-03-01..2024-04-15"))
    _scope_args(p)
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_kpi)
