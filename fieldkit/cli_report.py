"""``fieldkit report survey FORM``: the thematic survey report of one form as PDF, XLSX or
DOCX, with the responses page's filters and a grouping question."""

from __future__ import annotations

import argparse

from fieldkit.core.errors import FieldkitError, os_reason
from fieldkit.cli_filters import add_response_filters
from fieldkit.core.i18n import N_, tr

SECTION_NAMES = ("cover", "contents", "overview", "questions", "crosstabs", "findings",
                 "quotes", "appendix", "data")


def _pick(options: list[tuple[str, str]], given: str | None, what: str) -> str | None:
    """A site or cadre given by id or by name."""
    if not given:
        return None
    for record_id, name in options:
        if given in (record_id, name):
            return record_id
    raise FieldkitError(N_("No {what} “{given}” has responses to this form. Known: {known}."),
                        what=tr(what), given=given,
                        known="、".join(name for _, name in options) or "-")


MAX_TEXT_CHARACTERS = 100_000  # about a hundred printed pages of findings


def _read_text(path: str | None) -> str:
    if not path:
        return ""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read(MAX_TEXT_CHARACTERS + 1)
    except OSError as exc:
        raise FieldkitError(N_("The text file {path} cannot be read: {reason}"), path=path,
                            reason=os_reason(exc)) from None
    except UnicodeDecodeError:
        raise FieldkitError(N_("The text file {path} cannot be read (it must be UTF-8 text)."),
                            path=path) from None
    if len(text) > MAX_TEXT_CHARACTERS:
        raise FieldkitError(N_("The text file {path} is longer than a report's findings or "
                               "recommendations can be (at most {limit} characters). Shorten "
                               "it, or attach the full text separately."),
                            path=path, limit=MAX_TEXT_CHARACTERS)
    return text


def cmd_survey(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.i18n import current_language
    from fieldkit.core.reports.output import format_for, write_document
    from fieldkit.core.reports.survey import build_survey_report

    fmt = format_for(args.output, args.format)
    language = current_language()
    with _open(args) as ws:
        if args.definition:
            spec = _saved_survey(ws, args)
        else:
            spec = _survey_spec(ws, args)
        if args.save_as:
            from fieldkit.core.reports import definitions

            definitions.save(ws, args.save_as, "survey", spec.to_dict(), form_id=spec.form_id)
        document = build_survey_report(ws, spec, language=language)
    target = write_document(document, args.output, fmt, language=language)
    if args.json:
        _print_json({"form_id": args.form, "format": fmt, "output": str(target),
                     **document.counts()})
    else:
        print(tr("Report written to {path}", path=str(target)))
    return 0


def _saved_survey(ws, args):
    from fieldkit.core.reports import definitions
    from fieldkit.core.reports.spec import SurveyReportSpec

    saved = definitions.get(ws, args.definition)
    if saved["kind"] != "survey":
        raise FieldkitError(N_("The saved report “{name}” is not a survey report."),
                            name=saved["name"])
    spec = SurveyReportSpec.from_dict(saved["spec"])
    if spec.form_id != args.form:
        raise FieldkitError(N_("The saved report “{name}” is a report on form “{saved}”, not "
                               "“{form}”."), name=saved["name"], saved=spec.form_id,
                            form=args.form)
    if args.include_personal:
        spec.include_personal = True
    return spec


def _survey_spec(ws, args):
    from fieldkit.core.reports.spec import DEFAULT_SECTIONS, ReportFilters, SurveyReportSpec
    from fieldkit.core.responses.query import facets

    known = facets(ws, args.form)
    filters = ReportFilters(
        version=args.version, site_id=_pick(known["sites"], args.site, N_("site")),
        cadre_id=_pick(known["cadres"], args.cadre, N_("cadre")), status=args.status,
        review_state=args.review, date_from=args.date_from, date_to=args.date_to,
        batch_id=args.batch)
    spec = SurveyReportSpec(
        args.form, filters=filters, group_by=args.group_by,
        sections=_with_quotes(tuple(args.sections.split(",")) if args.sections
                              else DEFAULT_SECTIONS, args.quotes),
        quote_codes=[c.strip() for c in args.quotes.split(",") if c.strip()]
        if args.quotes else None,
        crosstab_questions=args.crosstab.split(",") if args.crosstab else None,
        title=args.title or "", subtitle=args.subtitle or "", issuer=args.issuer or "",
        authors=args.authors or "", date=args.date or "",
        findings=_read_text(args.findings), recommendations=_read_text(args.recommendations),
        include_personal=args.include_personal)
    bad = [s for s in spec.sections if s not in SECTION_NAMES]
    if bad:
        raise FieldkitError(N_("Unknown report section “{name}”. Sections: {known}."),
                            name=bad[0], known=", ".join(SECTION_NAMES))
    return spec


def _with_quotes(sections: tuple[str, ...], quotes: str | None) -> tuple[str, ...]:
    """``--quotes`` asks for the quotes section: put it before the appendix."""
    if not quotes or "quotes" in sections:
        return sections
    at = sections.index("appendix") if "appendix" in sections else len(sections)
    return sections[:at] + ("quotes",) + sections[at:]


def register(sub: argparse._SubParsersAction, parser_class: type) -> None:
    report = sub.add_parser("report", help=tr("write reports (PDF, Excel, Word)"))
    rsub = report.add_subparsers(dest="report_command", metavar="KIND",
                                 parser_class=parser_class, required=True)
    p = rsub.add_parser("survey", help=tr("the thematic survey report of one form"))
    p.add_argument("form", metavar="FORM", help=tr("the form_id"))
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help=tr("the file to write (.pdf, .xlsx or .docx)"))
    p.add_argument("--format", choices=("pdf", "xlsx", "docx"),
                   help=tr("file format (default: from the file name)"))
    p.add_argument("--group-by", metavar="QUESTION",
                   help=tr("a single-choice question to cross-tabulate by"))
    p.add_argument("--crosstab", metavar="Q1,Q2",
                   help=tr("questions to cross-tabulate (default: every choice question)"))
    p.add_argument("--sections", metavar="S1,S2",
                   help=tr("sections to include: {names}", names=",".join(SECTION_NAMES)))
    p.add_argument("--quotes", metavar="CODE1,CODE2",
                   help=tr("add workers' words from the interview notes: the segments marked "
                           "as quotes under these codes (paths such as 安全/高原反应)"))
    add_response_filters(p)
    p.add_argument("--title", metavar="TEXT", help=tr("the report title"))
    p.add_argument("--subtitle", metavar="TEXT", help=tr("a subtitle for the cover"))
    p.add_argument("--issuer", metavar="TEXT", help=tr("the issuing body, for the cover"))
    p.add_argument("--authors", metavar="TEXT", help=tr("the authors, for the cover"))
    p.add_argument("--date", metavar="TEXT", help=tr("the date on the cover (default: today)"))
    p.add_argument("--findings", metavar="FILE.txt", help=tr("a text file with the findings"))
    p.add_argument("--recommendations", metavar="FILE.txt",
                   help=tr("a text file with the recommendations"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("show answers marked as personal data (left out by default)"))
    p.add_argument("--definition", metavar="NAME", help=tr("rebuild a saved report"))
    p.add_argument("--save-as", metavar="NAME", help=tr("save this report's definition under "
                                                        "a name"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_survey)
    from fieldkit.cli_report_work import register_work

    register_work(rsub)
    from fieldkit import cli_interviews_analysis  # report codebook
    cli_interviews_analysis.add_report_command(rsub, parser_class)
