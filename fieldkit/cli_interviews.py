"""``fieldkit interviews import|list|show`` and ``fieldkit codes list|export|import``:
interview notes and the codebook from the command line.

A thin face over ``fieldkit.core.interviews``: each command opens the workspace, calls the
core and prints the result (``--json``: one document, built from the same ``to_dict()``
the app uses). Interviewees' names, contacts and personal attributes are left out unless
``--include-personal`` is given. Notes are named by id or its first 8 characters.
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


def _site(ws, name: str | None) -> str | None:
    from fieldkit.core.work.queries import find_in_directory

    return find_in_directory(ws, "sites", name)


# -- interviews -------------------------------------------------------------------------------

def cmd_interviews_import(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews import note_files

    with _ws(args) as ws:
        result = note_files.import_note_files(
            ws, args.files, site_id=_site(ws, args.site), activity_id=args.activity,
            on_date=args.date, occupation=args.occupation or "")
    if args.json:
        _json(result.to_dict())
        return 0
    print(tr("{count} interview note(s) imported.", count=len(result.created)))
    for name, existing in result.skipped:
        print(tr("Skipped {file}: the same file was imported before (note {id}).",
                 file=name, id=existing[:8]))
    return 0


def cmd_interviews_list(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews import notes
    from fieldkit.core.interviews.model import NoteFilter, redact

    with _ws(args) as ws:
        flt = NoteFilter(site_id=_site(ws, args.site), occupation=args.occupation,
                         date_from=args.date_from, date_to=args.date_to, text=args.text or "",
                         limit=args.limit)
        found = notes.list_notes(ws, flt, with_body=False)
    rows = [redact(n.to_dict(), include_personal=args.include_personal) for n in found]
    for row in rows:
        row.pop("body", None)
    if args.json:
        _json(rows)
        return 0
    if not rows:
        print(tr("No interview notes."))
    for r in rows:
        print(tr("{id}  {date}  {site}  {title}  ({count} coded segments)", id=r["id"][:8],
                 date=r["on_date"] or "-", site=r["site_name"] or "-", title=r["title"],
                 count=r["segment_count"]))
    return 0


def cmd_interviews_show(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews import memos, notes, segments
    from fieldkit.core.interviews.model import redact

    with _ws(args) as ws:
        note_id = notes.find_note(ws, args.note)
        note = redact(notes.get_note(ws, note_id).to_dict(),
                      include_personal=args.include_personal)
        coded = [s.to_dict() for s in segments.segments_for_note(ws, note_id, include_lost=True)]
        notes_memos = [m.to_dict() for m in memos.list_memos(ws, "note", note_id)]
    if args.json:
        _json({"note": note, "segments": coded, "memos": notes_memos})
        return 0
    print(note["title"])
    print(tr("Date: {date}  Site: {site}  Occupation: {occupation}",
             date=note["on_date"] or "-", site=note["site_name"] or "-",
             occupation=note["occupation"] or "-"))
    if note["interviewee_name"]:
        print(tr("Interviewee: {name}", name=note["interviewee_name"]))
    print()
    print(note["body"])
    if coded:
        print()
        print(tr("Coded segments:"))
    for s in coded:
        mark = tr(" (text deleted)") if s["lost"] else ""
        print(f"  [{s['code_path']}] {s['start']}-{s['end']}{mark}: {s['text']}")
    for m in notes_memos:
        print(tr("Memo: {text}", text=(m["title"] + " " + m["text"]).strip()))
    return 0


# -- codes ------------------------------------------------------------------------------------

def cmd_codes_list(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews import codes

    with _ws(args) as ws:
        book = [c.to_dict() for c in codes.codebook(ws)]
    if args.json:
        _json(book)
        return 0
    if not book:
        print(tr("The codebook is empty."))
    for c in book:
        print(tr("{indent}{name}  ({count} segments)", indent="  " * c["depth"],
                 name=c["name"], count=c["segment_count"]))
    return 0


def cmd_codes_export(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews.codebook_xlsx import export_codebook_xlsx

    with _ws(args) as ws:
        count = export_codebook_xlsx(ws, args.output)
    if args.json:
        _json({"file": str(args.output), "codes": count})
    else:
        print(tr("{count} codes written to {file}", count=count, file=args.output))
    return 0


def cmd_codes_import(args: argparse.Namespace) -> int:
    from fieldkit.core.interviews.codebook_xlsx import import_codebook_xlsx

    with _ws(args) as ws:
        result = import_codebook_xlsx(ws, args.file)
    if args.json:
        _json(result.to_dict())
    else:
        print(tr("Codebook imported: {added} added, {updated} updated, {unchanged} unchanged.",
                 added=result.added, updated=result.updated, unchanged=result.unchanged))
    return 0


def register(sub: argparse._SubParsersAction, parser_class: type) -> None:
    json_help = tr("print JSON")
    personal_help = tr("include interviewees' names, contacts and personal attributes")
    group = sub.add_parser("interviews", help=tr("interview notes: import, list, show"))
    isub = group.add_subparsers(dest="interviews_command", metavar="ACTION",
                                parser_class=parser_class, required=True)
    p = isub.add_parser("import", help=tr("import notes from .txt, .md or .docx files (all or "
                                          "nothing)"))
    p.add_argument("files", nargs="+", metavar="FILE", help=tr("files of notes"))
    p.add_argument("--site", metavar="SITE", help=tr("the site (name or id)"))
    p.add_argument("--activity", metavar="ID", help=tr("the activity the talks belong to"))
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help=tr("the interviews' date (default: a date in the file name)"))
    p.add_argument("--occupation", metavar="TEXT", help=tr("the interviewees' occupation"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_interviews_import)
    p = isub.add_parser("list", help=tr("list interview notes"))
    p.add_argument("--site", metavar="SITE", help=tr("the site (name or id)"))
    p.add_argument("--occupation", metavar="TEXT", help=tr("only this occupation"))
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help=tr("from this day"))
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=tr("to this day"))
    p.add_argument("--text", metavar="TEXT", help=tr("only notes containing this text"))
    p.add_argument("--limit", type=int, default=1000, metavar="N", help=tr("at most N rows"))
    p.add_argument("--include-personal", action="store_true", help=personal_help)
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_interviews_list)
    p = isub.add_parser("show", help=tr("show a note with its coded segments"))
    p.add_argument("note", metavar="NOTE", help=tr("the note's id (or its first 8 characters)"))
    p.add_argument("--include-personal", action="store_true", help=personal_help)
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_interviews_show)
    from fieldkit import cli_interviews_analysis  # search, retrieve, frequencies, REFI-QDA
    cli_interviews_analysis.add_commands(isub, parser_class)

    group = sub.add_parser("codes", help=tr("the interview codebook: list, export, import"))
    csub = group.add_subparsers(dest="codes_command", metavar="ACTION",
                                parser_class=parser_class, required=True)
    p = csub.add_parser("list", help=tr("list the codebook as a tree"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_codes_list)
    p = csub.add_parser("export", help=tr("write the codebook to an .xlsx file"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=tr("file to write"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_codes_export)
    p = csub.add_parser("import", help=tr("add codes from an .xlsx codebook (matched by path)"))
    p.add_argument("file", metavar="FILE.xlsx", help=tr("the codebook workbook"))
    p.add_argument("--json", action="store_true", help=json_help)
    p.set_defaults(func=cmd_codes_import)
