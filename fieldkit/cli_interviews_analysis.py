"""``fieldkit interviews search|retrieve|frequencies|export-qdpx|import-qdpx`` and
``fieldkit report codebook``: searching, retrieving and analysing coded interviews from the
command line, and exchanging them with research tools.

A thin face over ``fieldkit.core.interviews`` (``search``, ``queries``, ``analysis``,
``qdpx``) and ``fieldkit.core.reports.codebook``. ``add_commands`` is called by the
``interviews`` group (``cli_interviews.register``), ``add_report_command`` by
``cli_report.register``. Codes are named by path (家庭/子女托管), name or id.
"""

from __future__ import annotations

import argparse
from typing import Any

from fieldkit.core.i18n import N_, tr


def _ws(args):
    from fieldkit.cli import _open

    return _open(args)


def _json(data: Any) -> None:
    from fieldkit.cli import _print_json

    _print_json(data)


def _marked(text: str, spans: list[list[int]]) -> str:
    """``text`` with each matched span in 【】 (a terminal has no highlighting)."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], "【", text[start:end], "】"]
        at = end
    out.append(text[at:])
    return "".join(out).replace("\n", " ")


def find_code(ws, given: str) -> str:
    """A code's id from its path, its name (when only one code has it) or its id."""
    from fieldkit.core.interviews.errors import CodeNotFound
    from fieldkit.core.interviews.queries import code_tree

    codes = code_tree(ws)
    given = given.strip()
    if given in codes:
        return given
    for field in ("path", "name"):
        found = [i for i, c in codes.items() if c[field] == given]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CodeNotFound(N_("More than one code is named “{code}”; give its path, such "
                                  "as {example}."), code=given,
                               example=codes[found[0]]["path"])
    raise CodeNotFound(N_("There is no code “{code}” in the codebook."), code=given)


# -- search and retrieval ---------------------------------------------------------------------

def cmd_search(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews.search import search_everything

    with _ws(args) as ws:
        found = search_everything(ws, args.query, args.limit)
    if args.json:
        _json(found)
        return 0
    for kind, title in (("notes", N_("Interview notes")),
                        ("responses", N_("Questionnaire answers")),
                        ("problems", N_("Problems"))):
        part = found[kind]
        count = part["total"] if part["complete"] else f"{part['total']}+"
        print(tr("{what}: {count}", what=tr(title), count=count))
        for hit in part["hits"]:
            where = " · ".join(p for p in (hit["site"], hit["date"] or "") if p)
            print(f"  {hit['id'][:8]}  {_marked(hit['title'], hit['title_spans'])}"
                  + (f"  ({where})" if where else ""))
            if hit["snippet"]:
                print("      " + _marked(hit["snippet"], hit["spans"]))
    return 0


def _attributes(values: list[str] | None) -> dict[str, str]:
    from fieldkit.core.errors import FieldkitError

    out = {}
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise FieldkitError(N_("Write an attribute filter as NAME=VALUE, for example "
                                   "seniority=5年 (given: “{given}”)."), given=item)
        out[name.strip()] = value.strip()
    return out


def cmd_retrieve(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews.queries import SegmentFilter, retrieve_segments
    from fieldkit.core.work.queries import find_in_directory

    with _ws(args) as ws:
        flt = SegmentFilter(
            code_ids=[find_code(ws, c) for c in args.code or []],
            include_children=args.children, site_id=find_in_directory(ws, "sites", args.site),
            occupation=args.occupation, age_band=args.age_band,
            attributes=_attributes(args.attribute), coder=args.coder,
            date_from=args.date_from, date_to=args.date_to, quotes_only=args.quotes,
            include_personal=args.include_personal, limit=args.limit)
        found = retrieve_segments(ws, flt)
    rows = [r.to_dict() for r in found]
    if args.output:
        from fieldkit.core.i18n import current_language
        from fieldkit.core.interviews.analysis import write_segments_xlsx

        target = write_segments_xlsx(found, args.output, language=current_language())
        if not args.json:
            print(tr("{count} coded segments written to {file}", count=len(rows),
                     file=str(target)))
    if args.json:
        _json(rows)
        return 0
    if args.output:
        return 0
    if not rows:
        print(tr("No coded segments match."))
    for r in rows:
        source = " · ".join(p for p in (r["site_name"], r["occupation"], r["on_date"] or "")
                            if p)
        print(f"[{r['code_path']}] {r['note_title']}" + (f"  ({source})" if source else ""))
        print(f"    “{r['text']}”")
    return 0


def cmd_frequencies(args: argparse.Namespace) -> int:
    from fieldkit.core.i18n import current_language
    from fieldkit.core.interviews.analysis import write_analysis_xlsx

    with _ws(args) as ws:
        result = write_analysis_xlsx(ws, args.output, by=args.by, language=current_language(),
                                     include_children=args.children,
                                     include_personal=args.include_personal)
    if args.json:
        _json(result)
    else:
        print(tr("Code frequencies by {group} and co-occurrence written to {file}",
                 group=result["by_label"], file=result["output"]))
    return 0


# -- REFI-QDA ---------------------------------------------------------------------------------

def cmd_export_qdpx(args: argparse.Namespace) -> int:
    from fieldkit.core.i18n import current_language
    from fieldkit.core.interviews.qdpx import export_qdpx

    with _ws(args) as ws:
        result = export_qdpx(ws, args.output, include_personal=args.include_personal,
                             language=current_language())
    if args.json:
        _json(result.to_dict())
    else:
        print(tr("REFI-QDA project written to {file}: {notes} notes, {codes} codes, {segments} "
                 "coded segments, {memos} memos.", file=result.output, notes=result.notes,
                 codes=result.codes, segments=result.segments, memos=result.memos))
        if result.lost_skipped:
            print(tr("{count} segment(s) whose text was deleted were left out.",
                     count=result.lost_skipped))
    return 0


def cmd_import_qdpx(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews.qdpx import import_qdpx

    with _ws(args) as ws:
        result = import_qdpx(ws, args.file)
    if args.json:
        _json(result.to_dict())
        return 0
    print(tr("Imported {file}: {new} new notes, {merged} already here; {codes} new codes, "
             "{matched} matched; {segments} new coded segments; {memos} memos.",
             file=result.file, new=result.notes_created, merged=result.notes_merged,
             codes=result.codes_created, matched=result.codes_matched,
             segments=result.segments_created, memos=result.memos_created))
    for warning in result.warnings:
        print(warning)
    return 0


def add_commands(isub: argparse._SubParsersAction, parser_class: type) -> None:
    """Add search, retrieve, frequencies, export-qdpx and import-qdpx to ``interviews``."""
    json_help = tr("print JSON")
    personal_help = tr("include interviewees' names, contacts and personal attributes")
    p = isub.add_parser("search", help=tr("search interview notes, questionnaire answers and "
                                          "problems (Chinese: two characters are enough)"))
    p.add_argument("query", metavar="QUERY", help=tr("the words to find"))
    p.add_argument("--limit", type=int, default=20, metavar="N",
                   help=tr("at most N hits of each kind"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_search)

    p = isub.add_parser("retrieve", help=tr("coded segments by code, site, attribute, coder or "
                                            "date"))
    p.add_argument("--code", action="append", metavar="CODE",
                   help=tr("a code's path, name or id (repeat for several)"))
    p.add_argument("--children", action="store_true", help=tr("include the codes below it"))
    p.add_argument("--site", metavar="SITE", help=tr("the site (name or id)"))
    p.add_argument("--occupation", metavar="TEXT", help=tr("only this occupation"))
    p.add_argument("--age-band", metavar="BAND", help=tr("only this age band"))
    p.add_argument("--attribute", action="append", metavar="NAME=VALUE",
                   help=tr("only interviewees with this attribute value"))
    p.add_argument("--coder", metavar="NAME", help=tr("only segments coded by this person"))
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=tr("from this day"))
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=tr("to this day"))
    p.add_argument("--quotes", action="store_true", help=tr("only segments marked as quotes"))
    p.add_argument("--limit", type=int, default=10000, metavar="N", help=tr("at most N rows"))
    p.add_argument("-o", "--output", metavar="FILE.xlsx",
                   help=tr("also write the segments to an .xlsx file"))
    p.add_argument("--include-personal", action="store_true", help=personal_help)
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_retrieve)

    p = isub.add_parser("frequencies", help=tr("code frequencies and co-occurrence as .xlsx"))
    p.add_argument("--by", default="site", metavar="site|occupation|age_band|ATTR",
                   help=tr("group by site, occupation, age band or an interviewee attribute"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx",
                   help=tr("file to write"))
    p.add_argument("--children", action="store_true",
                   help=tr("count each code with the codes below it"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("allow grouping by an attribute marked personal"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_frequencies)

    p = isub.add_parser("export-qdpx", help=tr("write notes, codebook, coded segments and memos "
                                               "as a REFI-QDA project (.qdpx)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.qdpx",
                   help=tr("file to write"))
    p.add_argument("--include-personal", action="store_true", help=personal_help)
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_export_qdpx)

    p = isub.add_parser("import-qdpx", help=tr("merge a REFI-QDA project (.qdpx) into the "
                                               "workspace (all or nothing)"))
    p.add_argument("file", metavar="FILE.qdpx", help=tr("the project file"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_import_qdpx)


# -- report codebook --------------------------------------------------------------------------

def cmd_report_codebook(args: argparse.Namespace) -> int:
    from fieldkit.core.i18n import current_language
    from fieldkit.core.reports.codebook import CodebookReportSpec, build_codebook_report
    from fieldkit.core.reports.output import format_for, write_document

    fmt = format_for(args.output, args.format)
    language = current_language()
    spec = CodebookReportSpec(title=args.title or "", subtitle=args.subtitle or "",
                              issuer=args.issuer or "", authors=args.authors or "",
                              date=args.date or "", quotes_per_code=args.quotes,
                              include_children=args.children,
                              include_personal=args.include_personal)
    with _ws(args) as ws:
        document = build_codebook_report(ws, spec, language=language)
    target = write_document(document, args.output, fmt, language=language)
    if args.json:
        _json({"format": fmt, "output": str(target), **document.counts()})
    else:
        print(tr("Report written to {path}", path=str(target)))
    return 0


def add_report_command(rsub: argparse._SubParsersAction, parser_class: type) -> None:
    """Add ``codebook`` to the ``report`` group."""
    p = rsub.add_parser("codebook", help=tr("the codebook report: codes, definitions, "
                                            "frequencies, quotes"))
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help=tr("the file to write (.pdf, .xlsx or .docx)"))
    p.add_argument("--format", choices=("pdf", "xlsx", "docx"),
                   help=tr("file format (default: from the file name)"))
    p.add_argument("--quotes", type=int, default=3, metavar="N",
                   help=tr("at most N quotes per code"))
    p.add_argument("--children", action="store_true",
                   help=tr("count each code with the codes below it"))
    p.add_argument("--title", metavar="TEXT", help=tr("the report title"))
    p.add_argument("--subtitle", metavar="TEXT", help=tr("a subtitle for the cover"))
    p.add_argument("--issuer", metavar="TEXT", help=tr("the issuing body, for the cover"))
    p.add_argument("--authors", metavar="TEXT", help=tr("the authors, for the cover"))
    p.add_argument("--date", metavar="TEXT", help=tr("the date on the cover (default: today)"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("show interviewees' names in quotes (left out by default)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_report_codebook)
