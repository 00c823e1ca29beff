"""Where and when imported responses were collected, and by whom.

Without this every imported response shows the import's own time, no site and no cadre.
Here each row gets:

- its times: a column mapped to the form's ``start``/``end`` (or ``today``) question or to
  the ``started_at``/``finished_at`` targets, else a date question that is plainly the
  survey date (``survey_date``, 调查日期 …), else the platform's submission time;
- its site and cadre: one for the whole file (a name or id from the directory), or a
  column of names (target kinds ``site`` / ``cadre``) matched to the directory; a name the
  directory does not know is a warning at its cell, and the response keeps no site.

``source_text`` words a response's ``source`` (file, sheet, row) for the screens that show
where a response came from.
"""

from __future__ import annotations

import json
from typing import Any

from fieldkit.core.work import directory
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import N_, translate
from fieldkit.core.importing.errors import ImportFileError
from fieldkit.core.importing.problems import PreparedRow, RowProblem
from fieldkit.core.importing.text import fold, header_key, is_blank

ORIGIN_KINDS = ("site", "cadre", "started_at", "finished_at")
SURVEY_DATE_NAMES = {"survey_date", "surveydate", "date_of_survey", "interview_date",
                     "visit_date", "fill_date", "filled_on", "today", "date"}
SURVEY_DATE_LABELS = {"调查日期", "调研日期", "填表日期", "填写日期", "走访日期", "访谈日期",
                      "问卷日期", "survey date", "date of survey", "interview date"}
_SPECS = {"site": directory.SITES, "cadre": directory.CADRES}
_UNKNOWN = {"site": N_("There is no site “{name}” in the directory (sites page); the "
                       "response is imported without a site."),
            "cadre": N_("There is no cadre “{name}” in the directory (cadres page); the "
                        "response is imported without a cadre.")}


class DirectoryNames:
    """Sites or cadres found by id, by name or by English name (any case, full-width)."""

    def __init__(self, ws, kind: str) -> None:
        self.ids: dict[str, str] = {}
        for record in directory.search(ws, _SPECS[kind], include_inactive=True):
            for text in (record.get("name_en") or "", record["name"], record["id"]):
                if text:
                    self.ids[fold(text).strip().lower()] = record["id"]

    def find(self, text: object) -> str | None:
        return self.ids.get(fold(str(text)).strip().lower())


def resolve(ws, kind: str, name_or_id: str | None) -> str | None:
    """The id of the site or cadre the user named for the whole file (refused if unknown)."""
    if not name_or_id:
        return None
    found = DirectoryNames(ws, kind).find(name_or_id)
    if found is None:
        if kind == "site":
            raise ImportFileError(N_("There is no site “{name}” in the directory. Add it on "
                                     "the sites page, or check the spelling."), name=name_or_id)
        raise ImportFileError(N_("There is no cadre “{name}” in the directory. Add them on "
                                 "the cadres page, or check the spelling."), name=name_or_id)
    return found


def use_column(mapping, kind: str, header: str | None) -> None:
    """``--site-column 站点``: the column with that header (or letter) holds the site."""
    if not header:
        return
    wanted = header_key(header)
    for column in mapping.columns:
        if header_key(column.header) == wanted or column_letter(column.index) == header.upper():
            column.target.kind, column.target.name, column.target.choice = kind, "", ""
            column.confidence, column.reason = 1.0, N_("chosen by you")
            return
    raise ImportFileError(N_("The file has no column “{column}”."), column=header)


def assign(ws, definition: FormDefinition, mapping, data: list, rows: list[PreparedRow]) -> None:
    """Give each row its site, cadre and times from the columns that hold them."""
    from fieldkit.core.importing.values import parse_datetime

    by_row = dict(data)
    names = {kind: None for kind in ("site", "cadre")}
    for column in mapping.columns:
        kind = column.target.kind
        if kind not in ORIGIN_KINDS:
            continue
        if kind in names and names[kind] is None:
            names[kind] = DirectoryNames(ws, kind)
        letter = column_letter(column.index)
        for row in rows:
            cells = by_row.get(row.row) or []
            cell = cells[column.index] if column.index < len(cells) else None
            if is_blank(cell):
                continue
            if kind in names:
                found = names[kind].find(cell)
                if found:
                    setattr(row, f"{kind}_id", found)
                else:
                    row.problems.append(RowProblem(row.row, letter, column.header, "",
                                                   _UNKNOWN[kind], {"name": str(cell).strip()},
                                                   found=str(cell), severity="warning"))
                    if row.status == "clean":
                        row.status = "warning"
            else:
                stamp = parse_datetime(cell)[0]
                if stamp:
                    setattr(row, kind, stamp)
    _times_from_answers(definition, rows)


def _times_from_answers(definition: FormDefinition, rows: list[PreparedRow]) -> None:
    start = end = today = survey_date = None
    for q in definition.walk():
        if q.type == "start" and not start:
            start = q.name
        elif q.type == "end" and not end:
            end = q.name
        elif q.type == "today" and not today:
            today = q.name
        elif q.type in ("date", "datetime") and not survey_date and (
                q.name.lower() in SURVEY_DATE_NAMES or
                any(fold(t).strip().lower() in SURVEY_DATE_LABELS for t in q.label.values())):
            survey_date = q.name
    if not (start or end or today or survey_date):
        return
    from fieldkit.core.importing.values import parse_datetime

    for row in rows:
        answers = row.answers
        if not row.started_at:
            for name in (start, today, survey_date):
                if name and answers.get(name):
                    row.started_at = _stamp(answers[name], parse_datetime)
                    break
        if not row.finished_at and end and answers.get(end):
            row.finished_at = _stamp(answers[end], parse_datetime)


def _stamp(answer: str, parse) -> str:
    text = str(answer)
    if len(text) == 10:  # a date alone stays a date: no made-up midnight
        return text
    return parse(text)[0] or text


def source_fields(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def source_text(text: str | None, language: str | None = None) -> str:
    """“Imported from wjx.xlsx · Sheet1, row 12” for an imported response, else ""."""
    source = source_fields(text)
    if not source.get("file"):
        return ""
    if source.get("sheet"):
        return translate(N_("Imported from {file} · {sheet}, row {row}"), language).format(
            file=source["file"], sheet=source["sheet"], row=source.get("row", ""))
    return translate(N_("Imported from {file}, row {row}"), language).format(
        file=source["file"], row=source.get("row", ""))
