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
                                   sheet=args.sheet, site=args.site, cadre=args.cadre,
                                   site_column=args.site_column,
                                   cadre_column=args.cadre_column)
        if args.report:
            write_report(preview, Path(args.file), Path(args.report))
        if args.save_mapping:
            Path(args.save_mapping).write_text(preview.mapping.to_json(), encoding="utf-8")
        result = pipeline.commit(ws, preview, include_warnings=not args.skip_warnings,
                                 dry_run=args.dry_run)
    if args.json:
        result["problems"] = [
            {"row": p.row, "column": p.column, "header": p.header, "question": p.question,
             "question_label": p.question_text(), "message": p.message(), "found": p.found,
             "severity": p.severity, "sheet": p.sheet}
            for p in preview.problems()[:1000]]
        result["repeat_sheets"] = [vars(s) for s in preview.repeat_sheets]
        _print_json(result)
        return 0
    verb = tr("Would import") if args.dry_run else tr("Imported")
    print(tr("{verb} {count} responses from {file}; {duplicates} already there, {warnings} with "
             "warnings, {rejected} rejected.", verb=verb,
             count=result.get("would_import", result["imported"]), file=result["file"],
             duplicates=result["duplicates"], warnings=result["with_warnings"],
             rejected=result["rejected"]))
    if result.get("batch_id"):
        print(tr("Import batch {batch} (undo with: fieldkit responses undo {batch})",
                 batch=result["batch_id"][:8]))
    for problem in preview.problems()[:20]:
        where = f"{problem.row}{problem.column}" if problem.column else str(problem.row)
        where = f"{problem.sheet}!{where}" if problem.sheet else where
        question = f"{problem.question_text()}: " if problem.question else ""
        found = f" ({problem.found})" if problem.found else ""
        print(f"  {where}: {question}{problem.message()}{found}")
    return 0


def cmd_batches(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.importing.batches import list_batches

    with _open(args) as ws:
        batches = list_batches(ws, args.form)
    if args.json:
        _print_json({"batches": batches})
        return 0
    if not batches:
        print(tr("No imports yet."))
    for b in batches:
        where = f"{b['file']} · {b['sheet']}" if b["sheet"] else b["file"]
        state = tr("undone") if b["undone"] else tr("{count} imported", count=b["imported"])
        print(f"{b['id'][:8]}  {b['imported_at'][:16].replace('T', ' ')}  {b['form_id']}  "
              f"{where}  {state}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.importing.batches import find_batch, undo

    with _open(args) as ws:
        batch = find_batch(ws, args.batch)
        count = undo(ws, batch["id"])
    if args.json:
        _print_json({"batch_id": batch["id"], "undone": count})
    else:
        print(tr("Took back {count} responses imported from {file}.", count=count,
                 file=batch["file"]))
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
    p.add_argument("--site", metavar="NAME_OR_ID",
                   help=tr("the site of every response (a name or id from the directory)"))
    p.add_argument("--cadre", metavar="NAME_OR_ID",
                   help=tr("the cadre who collected every response"))
    p.add_argument("--site-column", metavar="COLUMN",
                   help=tr("the column (header or letter) naming each response's site"))
    p.add_argument("--cadre-column", metavar="COLUMN",
                   help=tr("the column (header or letter) naming each response's cadre"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_import)
    p = rsub.add_parser("batches", help=tr("list imports, to undo one"))
    p.add_argument("--form", metavar="FORM", help=tr("only this form_id"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_batches)
    p = rsub.add_parser("undo", help=tr("take back every response of one import"))
    p.add_argument("batch", metavar="BATCH_ID", help=tr("as `batches` lists it"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_undo)
    p = rsub.add_parser("template", help=tr("write a blank entry template for a form"))
    p.add_argument("form", metavar="FORM", help=tr("the form_id"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=tr("the .xlsx to write"))
    p.add_argument("--version", metavar="V", help=tr("which version (default: the newest)"))
    p.add_argument("--language", default="zh", metavar="LANG",
                   help=tr("language of the column headers (default: zh)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_template)
