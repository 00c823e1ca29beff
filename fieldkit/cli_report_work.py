"""``fieldkit report work|ledger|definitions``: work reports of a period and scope, the
year-end problem ledger as Excel, and the list of saved report definitions.

A thin face over ``core.reports.work``, ``work_ledger`` and ``definitions``; the survey
report's command lives in ``cli_report``. ``--definition NAME`` rebuilds a saved report
(``--period`` given beside it replaces the saved period); ``--save-as NAME`` saves what the
command was asked for under a name.
"""

from __future__ import annotations

import argparse

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_, tr


def _work_spec(ws, args):
    from fieldkit.core.reports import definitions
    from fieldkit.core.reports.work_spec import (DEFAULT_WORK_SECTIONS, WORK_SECTIONS,
                                                 WorkReportSpec)
    from fieldkit.core.work.model import Period
    from fieldkit.core.work.queries import find_in_directory

    if args.definition:
        saved = definitions.get(ws, args.definition)
        if saved["kind"] != "work":
            raise FieldkitError(N_("The saved report “{name}” is not a work report."),
                                name=saved["name"])
        spec = WorkReportSpec.from_dict(saved["spec"])
        if args.period:
            spec.period = args.period
    else:
        if not args.period:
            raise FieldkitError(N_("Give the period (--period 2024-Q2, 2024-05, 2024-H1, 2024 "
                                   "or 2024-03-01..2024-04-15) or a saved report "
                                   "(--definition NAME)."))
        sections = tuple(args.sections.split(",")) if args.sections else DEFAULT_WORK_SECTIONS
        from fieldkit.cli_report import _with_quotes

        quotes = getattr(args, "quotes", None)    # `report ledger` has no quotes
        sections = _with_quotes(sections, quotes)
        bad = [s for s in sections if s not in WORK_SECTIONS]
        if bad:
            raise FieldkitError(N_("Unknown report section “{name}”. Sections: {known}."),
                                name=bad[0], known=", ".join(WORK_SECTIONS))
        from fieldkit.cli_report import _read_text

        spec = WorkReportSpec(
            args.period, org_unit_id=find_in_directory(ws, "org_units", args.scope),
            site_id=find_in_directory(ws, "sites", args.site),
            cadre_id=find_in_directory(ws, "cadres", args.cadre), sections=sections,
            title=args.title or "", subtitle=args.subtitle or "", issuer=args.issuer or "",
            authors=args.authors or "", date=args.date or "",
            findings=_read_text(args.findings), recommendations=_read_text(args.recommendations),
            quote_codes=[c.strip() for c in quotes.split(",") if c.strip()] if quotes else None)
    if args.include_personal:
        spec.include_personal = True
    Period.parse(spec.period)
    return spec


def cmd_work(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.i18n import current_language
    from fieldkit.core.reports import definitions
    from fieldkit.core.reports.output import format_for, write_document
    from fieldkit.core.reports.work import build_work_report
    from fieldkit.core.reports.work_ledger import write_ledger

    language = current_language()
    fmt = "xlsx" if args.ledger else format_for(args.output, args.format)
    if args.ledger and format_for(args.output, args.format) != "xlsx":
        raise FieldkitError(N_("The ledger is an Excel workbook: give a file name ending in "
                               ".xlsx."))
    with _open(args) as ws:
        spec = _work_spec(ws, args)
        if args.save_as:
            definitions.save(ws, args.save_as, "work", spec.to_dict())
        if args.ledger:
            target = write_ledger(ws, spec, args.output, language=language)
            counts = {}
        else:
            document = build_work_report(ws, spec, language=language)
            counts = document.counts()
    if not args.ledger:
        target = write_document(document, args.output, fmt, language=language)
    if args.json:
        _print_json({"period": spec.period, "format": fmt, "ledger": bool(args.ledger),
                     "output": str(target), **counts})
    else:
        print(tr("Report written to {path}", path=str(target)))
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    args.ledger, args.format, args.definition = True, None, None
    args.period = args.period or args.year
    for name in ("sections", "title", "subtitle", "issuer", "authors", "date", "findings",
                 "recommendations"):
        setattr(args, name, None)
    return cmd_work(args)


def cmd_definitions(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.reports import definitions

    with _open(args) as ws:
        if args.delete:
            definitions.delete(ws, args.delete)
        rows = definitions.list_definitions(ws, args.kind)
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print(tr("No saved reports."))
    for row in rows:
        what = row["form_id"] or row["spec"].get("period", "")
        print(f"{row['name']}\t{row['kind']}\t{what}")
    return 0


def _scope_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scope", metavar="ORG", help=tr("an org unit (with its sub-units)"))
    p.add_argument("--site", metavar="SITE", help=tr("only this site (name or id)"))
    p.add_argument("--cadre", metavar="CADRE", help=tr("only this cadre (name or id)"))


def register_work(rsub: argparse._SubParsersAction) -> None:
    from fieldkit.core.reports.work_spec import WORK_SECTIONS

    p = rsub.add_parser("work", help=tr("the work report of a period: activities, cadres' "
                                        "days, the problem ledger, typical cases"))
    p.add_argument("--period", metavar="PERIOD",
                   help=tr("2024-05, 2024-Q2, 2024-H1, 2024 or 2024-03-01..2024-04-15"))
    _scope_args(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help=tr("the file to write (.pdf, .xlsx or .docx)"))
    p.add_argument("--format", choices=("pdf", "xlsx", "docx"),
                   help=tr("file format (default: from the file name)"))
    p.add_argument("--ledger", action="store_true",
                   help=tr("write the problem ledger (one row per problem with its history) "
                           "as Excel instead"))
    p.add_argument("--sections", metavar="S1,S2",
                   help=tr("sections to include: {names}", names=",".join(WORK_SECTIONS)))
    p.add_argument("--quotes", metavar="CODE1,CODE2",
                   help=tr("add workers' words from the interview notes: the segments marked "
                           "as quotes under these codes (paths such as 安全/高原反应)"))
    for option, text in (("--title", N_("the report title")),
                         ("--subtitle", N_("a subtitle for the cover")),
                         ("--issuer", N_("the issuing body, for the cover")),
                         ("--authors", N_("the authors, for the cover")),
                         ("--date", N_("the date on the cover (default: today)"))):
        p.add_argument(option, metavar="TEXT", help=tr(text))
    p.add_argument("--findings", metavar="FILE.txt", help=tr("a text file with the findings"))
    p.add_argument("--recommendations", metavar="FILE.txt",
                   help=tr("a text file with the recommendations"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("include workers' names and phone numbers (left out by default)"))
    p.add_argument("--definition", metavar="NAME", help=tr("rebuild a saved report"))
    p.add_argument("--save-as", metavar="NAME", help=tr("save this report's definition under "
                                                        "a name"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_work)

    p = rsub.add_parser("ledger", help=tr("the year's problem ledger (年度台账) as Excel"))
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", metavar="YYYY", help=tr("the year"))
    when.add_argument("--period", metavar="PERIOD",
                      help=tr("2024-05, 2024-Q2, 2024-H1, 2024 or 2024-03-01..2024-04-15"))
    _scope_args(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx",
                   help=tr("the workbook to write"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("include workers' names and phone numbers (left out by default)"))
    p.add_argument("--save-as", metavar="NAME", help=tr("save this report's definition under "
                                                        "a name"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_ledger)

    p = rsub.add_parser("definitions", help=tr("list the saved report definitions"))
    p.add_argument("--kind", choices=("survey", "work", "codebook"),
                   help=tr("only this kind of report"))
    p.add_argument("--delete", metavar="NAME", help=tr("delete a saved report first"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_definitions)
