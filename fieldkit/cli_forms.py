"""``fieldkit forms ...``: import, list, show and export questionnaires."""

from __future__ import annotations

import argparse
from typing import Any

from fieldkit.core.i18n import tr


def _print_json(data: Any) -> None:
    from fieldkit.cli import _print_json as print_json

    print_json(data)


def cmd_import(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open
    from fieldkit.core.forms.store import import_form

    with _open(args) as ws:
        result = import_form(ws, args.file, media=args.media or ())
    if args.json:
        _print_json(result.to_dict())
        return 0
    if result.status == "unchanged":
        print(tr("Form “{form_id}” version {version} is already in this workspace; nothing changed.",
                 form_id=result.form_id, version=result.version))
    else:
        print(tr("Imported form “{title}” ({form_id}), version {version}: {count} questions.",
                 title=result.title or result.form_id, form_id=result.form_id,
                 version=result.version, count=result.question_count))
    if result.files:
        print(tr("Files carried with the form: {files}", files=", ".join(result.files)))
    for warning in result.warnings:
        print(tr("Warning: {message}", message=warning))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open
    from fieldkit.core.forms.store import list_forms

    with _open(args) as ws:
        forms = list_forms(ws)
    if args.json:
        _print_json(forms)
        return 0
    for form in forms:
        versions = ", ".join(v["version"] for v in form["versions"])
        print(f"{form['form_id']}\t{form['title']}\t"
              + tr("{count} questions", count=form["question_count"]) + "\t"
              + tr("versions: {versions}", versions=versions))
    if not forms:
        print(tr("No forms in this workspace yet."))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open
    from fieldkit.core.forms.outline import outline
    from fieldkit.core.forms.store import get_form, media_files

    with _open(args) as ws:
        definition = get_form(ws, args.form, args.version)
        files = media_files(ws, args.form, definition.version)
    if args.json:
        _print_json(definition.to_dict())
        return 0
    for line in outline(definition):
        print(line)
    if files:
        print(tr("Files carried with the form: {files}", files=", ".join(f["file_name"] for f in files)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from fieldkit.cli import _open
    from fieldkit.core.forms.store import export_form

    with _open(args) as ws:
        target = export_form(ws, args.form, args.output, args.version)
    if args.json:
        _print_json({"form_id": args.form, "output": str(target)})
    else:
        print(tr("Form written to {path}", path=str(target)))
    return 0


def register(sub: argparse._SubParsersAction, parser_class: type) -> None:
    forms = sub.add_parser("forms", help=tr("questionnaires: import, list, show, export"))
    fsub = forms.add_subparsers(dest="forms_command", metavar="ACTION", parser_class=parser_class,
                                required=True)
    p = fsub.add_parser("import", help=tr("import an XLSForm workbook (.xlsx, .xls, .ods)"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--media", action="append", metavar="PATH",
                   help=tr("a folder, zip file or file holding files the form names (CSV, XML, GeoJSON, "
                           "pictures); files beside the workbook are found without it"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_import)
    p = fsub.add_parser("list", help=tr("list forms and their versions"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_list)
    p = fsub.add_parser("show", help=tr("show a form's questions and logic"))
    p.add_argument("form", metavar="FORM", help=tr("the form_id"))
    p.add_argument("--version", metavar="V", help=tr("which version (default: the newest)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_show)
    p = fsub.add_parser("export", help=tr("write a form as an XLSForm workbook"))
    p.add_argument("form", metavar="FORM", help=tr("the form_id"))
    p.add_argument("--version", metavar="V", help=tr("which version (default: the newest)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=tr("the .xlsx to write"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=cmd_export)
