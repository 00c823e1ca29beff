"""The year-end problem ledger (年度台账) as an Excel workbook a headquarters clerk can filter.

One row per problem of the period's ledger (registered in it, or carried over unresolved
from before it) with its whole history in cells of its own: the timeline of status changes
and feedback, the replies to the worker and every satisfaction rating, each joined as text,
one line per entry. The header row is frozen and carries an autofilter; dates are real
dates (so a clerk filters by month); every text is a text cell, never a formula; workers'
names and phones are columns only with ``include_personal``. A second sheet says what the
workbook covers. Written atomically through ``spreadsheet_out``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.reports.text import t
from fieldkit.core.reports.work import period_label, scope_label
from fieldkit.core.reports.work_spec import WorkReportSpec
from fieldkit.core.spreadsheet_out import EXCEL_CELL_LIMIT, save_workbook, write_row
from fieldkit.core.work import report_queries
from fieldkit.core.work.model import (CATEGORIES, GRADES, RATINGS, STATUSES, Period, label)

HEADER_FILL = PatternFill("solid", fgColor="E8EEF6")
# (msgid, width in Excel characters; Chinese characters count double)
COLUMNS = ((N_("No."), 6), (N_("Problem id"), 10), (N_("Registered on"), 12),
           (N_("Problem"), 30), (N_("Description"), 40), (N_("Category"), 14),
           (N_("Grade"), 14), (N_("Status"), 10), (N_("Site"), 16), (N_("Org unit"), 16),
           (N_("Cadre"), 10), (N_("Lead department"), 14), (N_("Co-operating departments"), 16),
           (N_("Deadline"), 12), (N_("Overdue"), 8), (N_("Days past deadline"), 10),
           (N_("Escalated to"), 14),
           (N_("Escalated on"), 12), (N_("Resolved on"), 12), (N_("Replied on"), 12),
           (N_("Closed on"), 12), (N_("Days to resolve"), 10), (N_("Latest rating"), 12),
           (N_("Ratings"), 30), (N_("Replies to the worker"), 40), (N_("Timeline"), 60),
           (N_("Typical case"), 14), (N_("Carried over"), 10))
PERSONAL_COLUMNS = ((N_("Raised by"), 12), (N_("Phone"), 14))
DATE_COLUMNS = {N_("Registered on"), N_("Deadline"), N_("Escalated on"), N_("Resolved on"),
                N_("Replied on"), N_("Closed on")}


def _day(text: str | None):
    return date.fromisoformat(text) if text else None


def _cut(text: str, language: str) -> str:
    """At most one Excel cell's worth of text, saying so when something was left out."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    mark = t(language, N_("… (cut: longer than an Excel cell holds)"))
    return text[:EXCEL_CELL_LIMIT - len(mark)] + mark


def _timeline(problem: dict, language: str) -> str:
    lines = []
    for e in problem["events"]:
        who = f" ({e['actor_name']})" if e["actor_name"] else ""
        if e["kind"] == "status":
            step = t(language, label(STATUSES, e["to_status"]))
            if e["from_status"]:
                step = t(language, label(STATUSES, e["from_status"])) + " → " + step
        else:
            step = t(language, N_("Feedback"))
        note = f": {e['note']}" if e["note"] else ""
        lines.append(f"{e['on_date']} {step}{who}{note}")
    return "\n".join(lines)


def _days_late(problem: dict, as_of: date) -> int | None:
    """Days between the deadline and the resolution (or ``as_of`` while unresolved), when
    past it: a problem resolved late keeps showing how late."""
    if not problem["deadline"]:
        return None
    end = _day(problem["resolved_on"]) or as_of
    late = (end - _day(problem["deadline"])).days
    return late if late > 0 else None


def ledger_rows(ws, spec: WorkReportSpec, *, language: str, today: date | None = None,
                progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> tuple[list[str], list[list]]:
    """(header, rows) of the ledger sheet, in ``language``."""
    period = Period.parse(spec.period)
    as_of = min(period.end, today or date.today())
    problems = report_queries.ledger_rows(ws, period, spec.scope(), today=today,
                                          include_personal=spec.include_personal)
    columns = list(COLUMNS) + (list(PERSONAL_COLUMNS) if spec.include_personal else [])
    header = [t(language, msgid) for msgid, _ in columns]
    steps = Progress(len(problems), progress, cancel, every=200)
    yes, no = t(language, N_("Yes")), t(language, N_("No"))
    rows = []
    for n, p in enumerate(problems, start=1):
        days = None
        if p["resolved_on"]:
            days = (_day(p["resolved_on"]) - _day(p["registered_on"])).days
        ratings = "\n".join(
            f"{r['on_date']} {t(language, label(RATINGS, r['rating']))}"
            + (f": {r['comment']}" if r["comment"] else "") for r in p["ratings"])
        replies = "\n".join(f"{r['on_date']} {r['text']}" for r in p["replies"])
        case = p["typical_case"]
        case_text = ""
        if case:
            case_text = period_label(Period.parse(case["half_year"]), language)
            if case["selected"]:
                case_text += " " + t(language, N_("selected"))
        row = [n, p["id"][:8], _day(p["registered_on"]), p["title"], p["description"],
               t(language, label(CATEGORIES, p["category"])),
               t(language, label(GRADES, p["grade"])), t(language, label(STATUSES, p["status"])),
               p["site_name"] or "", p["org_unit_name"] or "", p["cadre_name"] or "",
               p["lead_department"], "、".join(p["co_departments"]), _day(p["deadline"]),
               yes if p["overdue"] else no, _days_late(p, as_of), p["escalated_to"],
               _day(p["escalated_on"]),
               _day(p["resolved_on"]), _day(p["replied_on"]), _day(p["closed_on"]), days,
               t(language, label(RATINGS, p["ratings"][-1]["rating"])) if p["ratings"] else "",
               _cut(ratings, language), _cut(replies, language),
               _cut(_timeline(p, language), language), case_text,
               yes if p["carried_over"] else no]
        if spec.include_personal:
            anonymous = t(language, N_("anonymous")) if p["anonymous"] else ""
            row += [p.get("worker_name") or anonymous, p.get("worker_phone", "")]
        rows.append(row)
        steps.step(n)
    return header, rows


def write_ledger(ws, spec: WorkReportSpec, target: str | Path, *, language: str,
                 today: date | None = None, progress: ProgressCallback | None = None,
                 cancel: CancelToken | None = None) -> Path:
    """Write the ledger workbook of ``spec``'s period and scope to ``target``."""
    header, rows = ledger_rows(ws, spec, language=language, today=today, progress=progress,
                               cancel=cancel)
    columns = list(COLUMNS) + (list(PERSONAL_COLUMNS) if spec.include_personal else [])
    book = Workbook()
    sheet = book.active
    sheet.title = t(language, N_("Ledger"))
    write_row(sheet, 1, header)
    for c in range(1, len(header) + 1):
        cell = sheet.cell(row=1, column=c)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    dates = [i for i, (msgid, _) in enumerate(columns, start=1) if msgid in DATE_COLUMNS]
    for r, row in enumerate(rows, start=2):
        write_row(sheet, r, row)
        for c in dates:
            sheet.cell(row=r, column=c).number_format = "yyyy-mm-dd"
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and "\n" in value:
                sheet.cell(row=r, column=c).alignment = Alignment(wrap_text=True,
                                                                  vertical="top")
    for c, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "E2"
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0

    period = Period.parse(spec.period)
    about = book.create_sheet(t(language, N_("About")))
    info = [[t(language, N_("Problem ledger")), period_label(period, language)],
            [t(language, N_("Scope")), scope_label(ws, spec, language)],
            [t(language, N_("Period")), t(language, N_("{start} to {end}"),
                                          start=period.start.isoformat(),
                                          end=period.end.isoformat())],
            [t(language, N_("Problems")), len(rows)],
            [t(language, N_("Which problems")), t(language, N_(
                "Registered in the period, and registered before it but not resolved when it "
                "began (marked “carried over”)."))],
            [t(language, N_("Personal data")), t(language, N_(
                "Workers' names and phone numbers are included.")) if spec.include_personal
             else t(language, N_("Workers' names and phone numbers are left out."))]]
    for r, row in enumerate(info, start=1):
        write_row(about, r, row)
        about.cell(row=r, column=1).font = Font(bold=True)
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 80
    return save_workbook(book, target)
