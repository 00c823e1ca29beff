"""``fieldkit responses list|export``: find responses and export them for analysts.

A thin face over ``fieldkit.core.exports``: the filters are the same everywhere
(``--from/--to`` dates, ``--site``, ``--cadre``, ``--version``, ``--status``, ``--review``,
``--batch``), and ``--json`` prints the same data the app shows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.cli_filters import add_response_filters
from fieldkit.core.i18n import N_, tr


def _filter(ws, args: argparse.Namespace):
    from fieldkit.core.exports.filters import build_filter

    return build_filter(ws, args.form, date_from=args.date_from, date_to=args.date_to,
                        site=args.site, cadre=args.cadre, version=args.version,
                        status=args.status, review=args.review, batch=args.batch)


def cmd_list(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.exports.rows import decode
    from fieldkit.core.responses.export_rows import count_matching, form_versions, iter_matching

    with _open(args) as ws:
        form_versions(ws, args.form)  # an unknown form is refused by name
        flt, _shown = _filter(ws, args)
        total = count_matching(ws, flt, args.batch)
        found = []
        for chunk in iter_matching(ws, flt, args.batch, chunk=min(args.limit, 2000) or 1):
            for row in chunk:
                if len(found) >= args.limit:
                    break
                found.append({"id": row["id"], "form_version": row["form_version"],
                              "status": row["status"], "review_state": row["review_state"],
                              "site": row["site_name"], "cadre": row["cadre_name"],
                              "started_at": row["started_at"],
                              "finished_at": row["finished_at"],
                              "import_batch_id": row["import_batch_id"],
                              "answers": decode(row["answers"])})
            if len(found) >= args.limit:
                break
    if args.json:
        _print_json({"form_id": args.form, "count": total, "shown": len(found),
                     "responses": found})
        return 0
    print(tr("{count} responses to {form}.", count=total, form=args.form))
    for item in found:
        print("  ".join([item["id"], item["started_at"][:16].replace("T", " "),
                         item["site"] or "-", item["cadre"] or "-", item["status"],
                         item["review_state"], tr("version {version}",
                                                  version=item["form_version"])]))
    if total > len(found):
        print(tr("… and {more} more (raise --limit to see them).", more=total - len(found)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open, _print_json
    from fieldkit.core.exports.errors import ExportError
    from fieldkit.core.exports.run import FORMATS, ExportOptions, export_responses

    output = Path(args.output)
    if output.is_dir():  # said before asking for a format a folder's name cannot give
        from fieldkit.core.spreadsheet_out import OutputFileError

        raise OutputFileError(N_("{file} is a folder; give a file name."), file=str(output))
    fmt = args.format or {".xlsx": "xlsx", ".csv": "csv", ".sav": "sav", ".sqlite": "sqlite",
                          ".db": "sqlite", ".sqlite3": "sqlite"}.get(output.suffix.lower())
    if fmt not in FORMATS:
        raise ExportError(N_("Say which format to write with --format (xlsx, csv, sav or "
                             "sqlite)."))
    with _open(args) as ws:
        flt, shown = _filter(ws, args)
        options = ExportOptions(format=fmt, codes=args.codes,
                                include_personal=args.include_personal,
                                encoding=args.encoding, batch_id=args.batch, filters=shown)
        result = export_responses(ws, flt, output, options)
    if args.json:
        _print_json(result.to_dict())
        return 0
    print(tr("Exported {count} responses to {path}.", count=result.responses,
             path=", ".join(result.files)))
    if result.personal_included:
        sys.stderr.write(tr("This export contains personal data ({questions}). Keep it safe.",
                            questions=", ".join(result.personal_included)) + "\n")
    elif result.personal_left_out:
        print(tr("Personal data left out: {questions} (add --include-personal to export "
                 "them).", questions=", ".join(result.personal_left_out)))
    return 0


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("form", metavar="FORM", help=tr("the form_id"))
    add_response_filters(p)
    p.add_argument("--json", action="store_true", help=tr("print JSON"))


def register(rsub: argparse._SubParsersAction, parser_class: type) -> None:
    """Add ``list`` and ``export`` to the ``responses`` group's subcommands."""
    p = rsub.add_parser("list", help=tr("list the responses to a form"))
    _add_filters(p)
    p.add_argument("--limit", type=int, default=100, metavar="N",
                   help=tr("show at most N responses (default: 100)"))
    p.set_defaults(func=cmd_list)
    p = rsub.add_parser("export", help=tr("export responses for analysis (xlsx, csv, sav, "
                                          "sqlite)"))
    _add_filters(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help=tr("the file to write"))
    p.add_argument("--format", choices=("xlsx", "csv", "sav", "sqlite"),
                   help=tr("file format (default: from the file name)"))
    p.add_argument("--codes", action="store_true",
                   help=tr("write the stored codes of chosen options instead of their labels"))
    p.add_argument("--include-personal", action="store_true",
                   help=tr("include the questions the form marks as personal data"))
    p.add_argument("--encoding", default="utf-8", choices=("utf-8", "gb18030"),
                   help=tr("CSV only: utf-8 (with BOM, the default) or gb18030 for older tools"))
    p.set_defaults(func=cmd_export)
