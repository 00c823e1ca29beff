"""Code frequencies by site, occupation or any interviewee attribute, and code
co-occurrence; both exported to .xlsx.

What is counted (the same in the app, the CLI, the workbooks and the codebook report):

- **Segments**: the live coded segments of a code (not lost, not deleted, in a note that
  is not deleted). **Notes**: the distinct notes holding at least one such segment. A
  note coded twice with the same code counts 2 segments but 1 note.
- With ``include_children`` a code's figures also count the segments of every code below
  it (a note is still counted once).
- **Co-occurrence**: two codes co-occur when a segment of one and a segment of the other
  lie in the same note and share at least one character (``a.start < b.end`` and
  ``b.start < a.end``; segments that only touch do not co-occur). The table counts such
  pairs of segments; a code is never counted with itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.core.i18n import N_, translate
from fieldkit.core.reports.text import t
from fieldkit.core.interviews.errors import InterviewError
from fieldkit.core.interviews.queries import code_tree, tree_order, with_descendants

# built-in groupings; anything else names a user-defined interviewee attribute
BUILT_IN = {"site": N_("Site"), "occupation": N_("Occupation"), "age_band": N_("Age band")}
NONE = N_("(not given)")


@dataclass
class FrequencyTable:
    """Rows are codes (codebook order), columns the values of the grouping. ``segments``
    and ``notes`` map code id -> {value: count}; ``*_total`` count across every value."""
    by: str
    by_label: str
    values: list[str]
    codes: list[dict[str, Any]]
    segments: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: dict[str, dict[str, int]] = field(default_factory=dict)
    segments_total: dict[str, int] = field(default_factory=dict)
    notes_total: dict[str, int] = field(default_factory=dict)
    notes_per_value: dict[str, int] = field(default_factory=dict)
    include_children: bool = False
    values_en: dict[str, str] = field(default_factory=dict)   # English names of sites

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CooccurrenceTable:
    """``counts[a][b]`` = overlapping segment pairs of codes a and b (symmetric)."""
    codes: list[dict[str, Any]]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_LIVE = "g.deleted = 0 AND g.lost = 0 AND n.deleted = 0"


def _group_sql(ws, by: str, include_personal: bool) -> tuple[str, list[str], str]:
    """(SQL expression giving a note's value, its parameters, the grouping's label)."""
    if by == "site":
        return "coalesce(s.name, '')", [], BUILT_IN["site"]
    if by in ("occupation", "age_band"):
        return f"n.{by}", [], BUILT_IN[by]
    rows = ws.query("SELECT name, label, label_en, personal FROM interview_attributes"
                    " WHERE deleted = 0 AND (name = ? OR label = ? OR label_en = ?)",
                    (by, by, by))
    if not rows:
        known = ["site", "occupation", "age_band"] + [
            r[0] for r in ws.query("SELECT name FROM interview_attributes WHERE deleted = 0"
                                   " ORDER BY position, name")]
        raise InterviewError(N_("Frequencies cannot be grouped by “{name}”: it is neither "
                                "site, occupation, age band nor an interviewee attribute. "
                                "Known: {known}."), name=by, known=", ".join(known))
    attribute = rows[0]
    if attribute["personal"] and not include_personal:
        raise InterviewError(N_("“{name}” is marked as personal data; grouping by it would "
                                "show it. Choose to include personal data to group by it."),
                             name=by)
    return ("coalesce(json_extract(n.attributes, '$.' || json_quote(?)), '')",
            [attribute["name"]], attribute["label"] or attribute["name"])


def frequencies(ws, by: str = "site", *, include_children: bool = False,
                include_personal: bool = False) -> FrequencyTable:
    """Segments and notes per code and per value of ``by`` (site, occupation, age_band or
    an attribute's name or label). A note without a value counts under ""."""
    expr, params, label = _group_sql(ws, by, include_personal)
    codes = code_tree(ws)
    order = tree_order(codes)
    rows = ws.query(
        f"SELECT g.code_id, g.note_id, {expr} AS value FROM interview_segments g"
        " JOIN interview_notes n ON n.id = g.note_id LEFT JOIN sites s ON s.id = n.site_id"
        f" WHERE {_LIVE}", params)
    per_note_value = {}
    for r in ws.query(f"SELECT n.id, {expr} AS value FROM interview_notes n"
                      " LEFT JOIN sites s ON s.id = n.site_id WHERE n.deleted = 0", params):
        per_note_value[r["id"]] = str(r["value"])
    # which codes each segment's figures go to
    targets = {code_id: [code_id] for code_id in codes}
    if include_children:
        for code_id in codes:
            for below in with_descendants(codes, code_id):
                if below != code_id:
                    targets[below].append(code_id)
    segments: dict[str, dict[str, int]] = {c: {} for c in order}
    note_sets: dict[str, dict[str, set]] = {c: {} for c in order}
    for r in rows:
        value = str(r["value"])
        for code_id in targets.get(r["code_id"], ()):
            segments[code_id][value] = segments[code_id].get(value, 0) + 1
            note_sets[code_id].setdefault(value, set()).add(r["note_id"])
    values = sorted({v for v in per_note_value.values()}, key=lambda v: (v == "", v))
    table = FrequencyTable(by, label, values,
                           [{k: codes[c][k] for k in ("id", "name", "path", "depth",
                                                      "description", "colour")}
                            for c in order], include_children=include_children)
    for code_id in order:
        table.segments[code_id] = {v: segments[code_id].get(v, 0) for v in values}
        table.notes[code_id] = {v: len(note_sets[code_id].get(v, ())) for v in values}
        table.segments_total[code_id] = sum(segments[code_id].values())
        table.notes_total[code_id] = len(set().union(*note_sets[code_id].values()))
    for value in per_note_value.values():
        table.notes_per_value[value] = table.notes_per_value.get(value, 0) + 1
    if by == "site":
        table.values_en = {r[0]: r[1] for r in ws.query(
            "SELECT name, name_en FROM sites WHERE name_en != ''") if r[0] in values}
    return table


def cooccurrence(ws) -> CooccurrenceTable:
    """Overlapping segment pairs per pair of codes (the rule is in the module docstring)."""
    codes = code_tree(ws)
    order = tree_order(codes)
    counts: dict[str, dict[str, int]] = {a: {b: 0 for b in order} for a in order}
    pairs = ws.query(
        "SELECT a.code_id AS a, b.code_id AS b, count(*) AS k"
        " FROM interview_segments a JOIN interview_segments b"
        "  ON b.note_id = a.note_id AND b.rowid != a.rowid AND b.code_id != a.code_id"
        "  AND a.start < b.end AND b.start < a.end"
        " JOIN interview_notes n ON n.id = a.note_id"
        " WHERE a.deleted = 0 AND a.lost = 0 AND b.deleted = 0 AND b.lost = 0"
        " AND n.deleted = 0 GROUP BY a.code_id, b.code_id")
    for r in pairs:
        if r["a"] in counts and r["b"] in counts:
            counts[r["a"]][r["b"]] = r["k"]
    return CooccurrenceTable([{k: codes[c][k] for k in ("id", "name", "path", "depth")}
                              for c in order], counts)


# -- workbooks ------------------------------------------------------------------------------

def _label(table: FrequencyTable, value: str, language: str) -> str:
    if not value:
        return translate(NONE, language)
    return table.values_en.get(value, value) if language == "en" else value


def frequency_book(table: FrequencyTable, *, language: str):
    """An openpyxl workbook with two sheets, segments and notes: a row per code (indented by
    depth, with its path), a column per value, a total column; a last row counts the notes
    of each value."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from fieldkit.core.spreadsheet_out import write_row

    book = Workbook()
    book.remove(book.active)
    by = t(language, BUILT_IN[table.by]) if table.by in BUILT_IN else table.by_label
    for title, figures, totals, note in (
            (t(language, N_("Number of segments")), table.segments, table.segments_total,
             N_("Coded segments per code, by {group}.")),
            (t(language, N_("Number of notes")), table.notes, table.notes_total,
             N_("Interview notes with at least one segment of the code, by {group}."))):
        sheet = book.create_sheet(title[:31])
        sheet["A1"] = t(language, note, group=by)
        if table.include_children:
            sheet["A2"] = t(language, N_("Each code's figures include its child codes."))
        header = [t(language, N_("Code")), t(language, N_("Path"))]
        header += [_label(table, v, language) for v in table.values]
        header.append(t(language, N_("Total")))
        write_row(sheet, 4, header)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for i, code in enumerate(table.codes, start=5):
            row = ["  " * code["depth"] + code["name"], code["path"]]
            row += [figures[code["id"]][v] for v in table.values] + [totals[code["id"]]]
            write_row(sheet, i, row)
            for column in range(3, len(row) + 1):
                if sheet.cell(row=i, column=column).value is None:
                    sheet.cell(row=i, column=column, value=0)
        last = 5 + len(table.codes)
        write_row(sheet, last, [t(language, N_("Number of notes")), ""]
                  + [table.notes_per_value.get(v, 0) for v in table.values]
                  + [sum(table.notes_per_value.values())])
        sheet.cell(row=last, column=1).font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 30
        sheet.freeze_panes = "C5"
        for row in sheet.iter_rows(min_row=5, min_col=3):
            for cell in row:
                cell.alignment = Alignment(horizontal="right")
    return book


def write_cooccurrence_sheet(book, table: CooccurrenceTable, *, language: str) -> None:
    """A code-by-code sheet of overlapping segment pairs (diagonal left empty)."""
    from openpyxl.styles import Font

    from fieldkit.core.spreadsheet_out import set_text, write_row

    sheet = book.create_sheet(t(language, N_("Co-occurrence"))[:31])
    sheet["A1"] = t(language, N_("Pairs of segments of two codes that overlap in the same "
                               "note."))
    write_row(sheet, 3, [t(language, N_("Code"))] + [c["path"] for c in table.codes])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for i, a in enumerate(table.codes, start=4):
        set_text(sheet, i, 1, a["path"])
        for j, b in enumerate(table.codes, start=2):
            if a["id"] != b["id"]:
                sheet.cell(row=i, column=j, value=table.counts[a["id"]][b["id"]])
    sheet.column_dimensions["A"].width = 30
    sheet.freeze_panes = "B4"


def write_analysis_xlsx(ws, target: str | Path, *, by: str = "site", language: str,
                        include_children: bool = False,
                        include_personal: bool = False) -> dict[str, Any]:
    """Frequencies by ``by`` (segments and notes) and the co-occurrence table, in one
    workbook written atomically. Returns what was written."""
    from fieldkit.core.spreadsheet_out import save_workbook

    table = frequencies(ws, by, include_children=include_children,
                        include_personal=include_personal)
    book = frequency_book(table, language=language)
    write_cooccurrence_sheet(book, cooccurrence(ws), language=language)
    path = save_workbook(book, target)
    by_label = t(language, BUILT_IN[by]) if by in BUILT_IN else table.by_label
    return {"output": str(path), "by": by, "by_label": by_label, "codes": len(table.codes),
            "values": len(table.values)}


def write_segments_xlsx(rows: list, target: str | Path, *, language: str) -> Path:
    """Retrieved segments (``queries.retrieve_segments``) as a workbook: one row each with
    its code, text, note, site, occupation, date, coder, memo and flags (text as text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from fieldkit.core.spreadsheet_out import save_workbook, write_row

    book = Workbook()
    sheet = book.active
    sheet.title = t(language, N_("Coded segments"))[:31]
    header = [t(language, N_("Code")), t(language, N_("Text")), t(language, N_("Interview note")),
              t(language, N_("Site")), t(language, N_("Occupation")), t(language, N_("Date")),
              t(language, N_("Coder")), t(language, N_("Memo")), t(language, N_("Quote")),
              t(language, N_("Important"))]
    write_row(sheet, 1, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    yes = t(language, N_("yes"))
    for i, r in enumerate(rows, start=2):
        site = r.site_name_en if language == "en" and r.site_name_en else r.site_name
        write_row(sheet, i, [r.code_path, r.text, r.note_title, site, r.occupation,
                             r.on_date or "", r.coder, r.memo, yes if r.quote else "",
                             yes if r.important else ""])
        sheet.cell(row=i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFGHIJ", (22, 60, 24, 20, 14, 12, 10, 30, 8, 8)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    return save_workbook(book, target)
