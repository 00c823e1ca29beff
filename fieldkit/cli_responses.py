"""``fieldkit responses ...``: import survey spreadsheets, write blank entry templates."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldkit.core.i18n import N_, tr


def cmd_import(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.importing import pipeline
    from fieldkit.core.importing.mapping import Mapping
    from fieldkit.core.importing.report import write_report

    mapping = None
    if args.mapping:
        try:
            mapping = Mapping.from_json(Path(args.mapping).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            from fieldkit.core.errors import FieldkitError

            raise FieldkitError(N_("The mapping file {path} cannot be read: it is not a mapping "
                                   "saved by fieldkit."), path=args.mapping) from None
    with _open(args) as ws:
        preview = pipeline.prepare(ws, Path(args.file), args.form, mapping=mapping,
                                   sheet=args.sheet)
        if args.report:
            write_report(preview, Path(args.file), Path(args.report))
        if args.save_mapping:
            Path(args.save_mapping).write_text(preview.mapping.to_json(), encoding="utf-8")
        result = pipeline.commit(ws, preview, include_warnings=not args.skip_warnings,
                                 dry_run=args.dry_run)
    if args.json:
        result["problems"] = [
            {"row": p.row, "column": p.column, "header": p.header, "question": p.question,
             "message": p.message(), "found": p.found, "severity": p.severity}
            for p in preview.problems()[:1000]]
        _print_json(result)
        return 0
    verb = tr("Would import") if args.dry_run else tr("Imported")
    print(tr("{verb} {count} responses from {file}; {duplicates} already there, {warnings} with "
             "warnings, {rejected} rejected.", verb=verb,
             count=result.get("would_import", result["imported"]), file=result["file"],
             duplicates=result["duplicates"], warnings=result["with_warnings"],
             rejected=result["rejected"]))
    for problem in preview.problems()[:20]:
        where = f"{problem.row}{problem.column}" if problem.column else str(problem.row)
        print(f"  {where}: {problem.question}: {problem.message()} ({problem.found})")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.forms.store import get_form
    from fieldkit.core.importing.template import write_template

    with _open(args) as ws:
        definition = get_form(ws, args.form, args.version)
    target = write_template(definition, Path(args.output), language=args.language)
    if args.json:
        _print_json({"form_id": args.form, "output": str(target)})
    else:
        print(tr("Template written to {path}", path=str(target)))
    return 0


def register(sub: argparse._SubParsersAction, parser_class: type) -> None:
    responses = sub.add_parser("responses", help=tr("survey answers: import spreadsheets, "
                                                    "write entry templates"))
    rsub = responses.add_subparsers(dest="responses_command", metavar="ACTION",
                                    parser_class=parser_class, required=True)
    __import__("fieldkit.cli_export").cli_export.register(rsub, parser_class)  # list, export
    p = rsub.add_parser("import", help=tr("import a survey spreadsheet (.xlsx, .xls, .ods, .csv)"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--form", required=True, metavar="FORM", help=tr("the form_id"))
    p.add_argument("--mapping", metavar="M.json", help=tr("a saved column mapping"))
    p.add_argument("--save-mapping", metavar="M.json",
                   help=tr("write the column mapping used, to reuse or edit with --mapping"))
    p.add_argument("--sheet", metavar="NAME", help=tr("which sheet (default: the best match)"))
    p.add_argument("--dry-run", action="store_true", help=tr("check everything, write nothing"))
    p.add_argument("--report", metavar="PROBLEMS.xlsx",
                   help=tr("write the problems, with the offending cells highlighted"))
    p.add_argument("--skip-warnings", action="store_true",
                   help=tr("leave out rows that break the form's rules"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_import)
    p = rsub.add_parser("template", help=tr("write a blank entry template for a form"))
    p.add_argument("form", metavar="FORM", help=tr("the form_id"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=tr("the .xlsx to write"))
    p.add_argument("--version", metavar="V", help=tr("which version (default: the newest)"))
    p.add_argument("--language", default="zh", metavar="LANG",
                   help=tr("language of the column headers (default: zh)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_template)
