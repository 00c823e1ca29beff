"""The responses page's Print…: the responses the current filters show, as a compact table
``Document`` with the columns the page shows, in the page's order.

Why a table and not the survey report: Print… sits beside the list, so a cadre expects the
list on paper, the rows and columns on the screen (to check answers against the paper
questionnaires, or to hand a site's list to a meeting); the survey report of the same
filters is the Reports page's job. Above the table: the form, the filters in words, how many
responses and when it was printed. Columns of questions marked personal are left out
unless ``include_personal``, and the page says which were left out.
"""

from __future__ import annotations

from datetime import datetime

from fieldkit.core.forms.store import get_form, list_forms
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.reports.model import COUNT, TEXT, Cover, Document, Heading, Paragraph, Section, Table
from fieldkit.core.reports.text import is_personal, long_date, t
from fieldkit.core.responses.columns import cell_text, form_columns
from fieldkit.core.responses.paging import page_rows
from fieldkit.core.responses.query import ResponseFilter, count, facets
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES

PAGE = 500


def _filters_text(ws, flt: ResponseFilter, language: str) -> str:
    names = facets(ws, flt.form_id)
    sites, cadres = dict(names["sites"]), dict(names["cadres"])
    status = dict(STATUSES)
    review = dict(REVIEW_STATES)
    parts = [(N_("Form version"), flt.version), (N_("Site"), sites.get(flt.site_id, flt.site_id)),
             (N_("Cadre"), cadres.get(flt.cadre_id, flt.cadre_id)),
             (N_("Status"), t(language, status[flt.status]) if flt.status in status
              else flt.status),
             (N_("Review"), t(language, review[flt.review_state])
              if flt.review_state in review else flt.review_state),
             (N_("Started from"), flt.date_from), (N_("Started until"), flt.date_to),
             (N_("Search"), flt.text.strip())]
    sep = "；" if language == "zh_CN" else "; "
    colon = "：" if language == "zh_CN" else ": "
    used = [t(language, label) + colon + str(value) for label, value in parts if value]
    return sep.join(used) if used else t(language, N_("all responses"))


def build_responses_table(ws, flt: ResponseFilter, column_keys: list[str] | None, *,
                          language: str, include_personal: bool = False,
                          now: datetime | None = None,
                          progress: ProgressCallback | None = None,
                          cancel: CancelToken | None = None) -> Document:
    """The filtered responses with the chosen columns (``None``: the default columns)."""
    columns = form_columns(ws, flt.form_id, language).chosen(column_keys)
    form = get_form(ws, flt.form_id)
    left_out = []
    if not include_personal:
        kept = []
        for column in columns:
            question = form.find(column.question) if column.question else None
            if question is not None and is_personal(question):
                left_out.append(column.label)
            else:
                kept.append(column)
        columns = kept
    title = next((f["title"] for f in list_forms(ws) if f["form_id"] == flt.form_id),
                 "") or flt.form_id
    total = count(ws, flt)
    steps = Progress(max(1, total), progress, cancel, every=PAGE)
    rows: list[list] = []
    while len(rows) < total:
        page = page_rows(ws, flt, len(rows), PAGE, total)
        if not page:
            break
        rows += [[len(rows) + i + 1] + [cell_text(r, c) for c in columns]
                 for i, r in enumerate(page)]
        steps.step(len(rows))
    printed = now or datetime.now()
    heading = t(language, N_("Responses to “{form}”"), form=title)
    blocks = [Heading(heading, 1), Paragraph(t(
        language, N_("{count} responses. Filters: {filters}. Printed {day}."), count=total,
        filters=_filters_text(ws, flt, language), day=long_date(printed.date(), language)))]
    if left_out:
        blocks.append(Paragraph(t(language, N_("Left out as personal data: {columns}"),
                                  columns="、".join(left_out)), "note"))
    header = [t(language, N_("No."))] + [c.label for c in columns]
    blocks.append(Table([header], rows, [COUNT] + [TEXT] * len(columns), name="responses"))
    doc = Document(Cover(heading), show_cover=False, show_contents=False, language=language)
    doc.sections.append(Section("responses", heading, blocks))
    return doc
