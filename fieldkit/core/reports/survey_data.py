"""The survey report's data sheets (section ``data``): the covered responses, one row per
response and one column per question (answers as option labels, a select_multiple also as
one 0/1 column per option), and every repeat as a table of its own linked to its parent by
id, so nothing is flattened away.

The rows come from the exports wing (``exports.layout`` and ``exports.rows``, the same
columns and rules as ``fieldkit responses export``); personal questions are left out unless
the report includes personal data. Only the Excel workbook carries these sections; the PDF
and Word writers skip them (``Section.data``).
"""

from __future__ import annotations

from fieldkit.core.exports.layout import NUMBER as EXPORT_NUMBER
from fieldkit.core.exports.layout import OPTION, build_layout
from fieldkit.core.exports.rows import RowBuilder
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken
from fieldkit.core.reports.model import COUNT, NUMBER, TEXT, Heading, Paragraph, Section, Table
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.text import t
from fieldkit.core.responses.export_rows import form_versions, iter_matching
from fieldkit.core.responses.query import ResponseFilter

KINDS = {EXPORT_NUMBER: NUMBER, OPTION: COUNT}


def data_sections(ws, spec: SurveyReportSpec, language: str, *,
                  cancel: CancelToken | None = None) -> list[Section]:
    f = spec.filters
    flt = ResponseFilter(form_id=spec.form_id, version=f.version, site_id=f.site_id,
                         cadre_id=f.cadre_id, status=f.status, review_state=f.review_state,
                         date_from=f.date_from, date_to=f.date_to)
    layout = build_layout(spec.form_id, form_versions(ws, spec.form_id),
                          include_personal=spec.include_personal, language=language)
    builder = RowBuilder(layout)
    rows: dict[str, list[list]] = {table.key: [] for table in layout.tables}
    for chunk in iter_matching(ws, flt, f.batch_id, chunk=500):
        if cancel is not None:
            cancel.raise_if_cancelled()
        for record in chunk:
            main, repeats = builder.response(record)
            rows[""].append(main)
            for key, row in repeats:
                rows[key].append(row)
    sections = []
    for n, table in enumerate(layout.tables, start=1):
        title = t(language, N_("Data: {table}"), table=table.title) if table.key else \
            t(language, N_("Data"))
        blocks = [Heading(title, 1)]
        if not table.key and layout.left_out:
            blocks.append(Paragraph(t(language, N_("Left out as personal data: {columns}"),
                                      columns="、".join(label for _, label in layout.left_out)),
                                    "note"))
        blocks.append(Table([[c.header for c in table.columns]], rows[table.key],
                            [KINDS.get(c.kind, TEXT) for c in table.columns],
                            name=f"data_{table.key or 'responses'}"))
        sections.append(Section(f"data:{table.key}", title, blocks,
                                sheet="data" if not table.key else f"{table.title}"[:28],
                                data=True))
    return sections
