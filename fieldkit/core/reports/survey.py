"""Build the thematic survey report (专题调研报告) of one form as a ``Document``.

The figures come from ``survey_stats`` (the responses wing's read API); this module only
arranges them: cover, overview, one section per question, cross-tabulations by the
grouping question, the user's findings and recommendations, and an appendix on method,
filters, form versions and response counts. Everything is written in ``language``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.store import get_form, list_forms
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.reports import survey_stats as stats
from fieldkit.core.reports.model import (COUNT, PERCENT, TEXT, Chart, Cover, Document,
                                         Heading, Paragraph, Section, Table)
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.survey_questions import (NUMBERS, SELECTS, Labels, _pct,
                                                    crosstab_blocks, date_blocks,
                                                    numeric_blocks, repeat_questions,
                                                    select_blocks, summarised_questions,
                                                    text_blocks)
from fieldkit.core.reports.text import long_date, section_number, subsection_number, t
from fieldkit.core.responses.query import facets
from fieldkit.core.store.workspace import Workspace

STATUS = {"draft": N_("Draft"), "complete": N_("Complete")}
REVIEW = {"received": N_("Received"), "has_issues": N_("Has issues"), "approved": N_("Approved")}


class ReportError(FieldkitError):
    """A report cannot be built as asked (unknown question, wrong kind of grouping...)."""


def _form_title(ws: Workspace, form_id: str) -> str:
    return next((f["title"] for f in list_forms(ws) if f["form_id"] == form_id), "") or form_id


def check_spec(form, spec: SurveyReportSpec) -> None:
    """Refuse a grouping or a question the form does not have, naming it."""
    names = {q.name: q for q in summarised_questions(form)}
    if spec.group_by:
        group = names.get(spec.group_by)
        if group is None or group.type != "select_one":
            raise ReportError(N_("“{name}” cannot group the report: give the name of a "
                                 "single-choice question of form “{form}”."),
                              name=spec.group_by, form=form.form_id)
    for name in (spec.questions or []) + (spec.crosstab_questions or []):
        if name not in names:
            raise ReportError(N_("Form “{form}” has no question “{name}” that a report can "
                                 "summarise."), form=form.form_id, name=name)


def build_survey_report(ws: Workspace, spec: SurveyReportSpec, *, language: str,
                        progress: ProgressCallback | None = None,
                        cancel: CancelToken | None = None) -> Document:
    sel = stats.Selection(spec.form_id, spec.filters)
    try:
        return _build(ws, spec, sel, language, progress, cancel)
    finally:
        sel.release(ws)


def _build(ws, spec, sel, language, progress, cancel) -> Document:
    lang = language
    form = get_form(ws, spec.form_id, spec.filters.version)
    check_spec(form, spec)
    labels = Labels(form, lang)
    questions = summarised_questions(form)
    if spec.questions is not None:
        chosen = set(spec.questions)
        questions = [q for q in questions if q.name in chosen]
    group = form.find(spec.group_by) if spec.group_by else None
    crosstabs = []
    if group is not None and spec.has("crosstabs"):
        wanted = set(spec.crosstab_questions) if spec.crosstab_questions is not None else None
        crosstabs = [q for q in summarised_questions(form) if q.type in SELECTS
                     and q.name != group.name and (wanted is None or q.name in wanted)]
    sel.cross_keys = {q.name for q in crosstabs}
    sel.group = group.name if crosstabs else None
    steps = Progress(len(questions) + len(crosstabs) + 2, progress, cancel,
                     every=max(1, (len(questions) + len(crosstabs)) // 40))

    form_title = _form_title(ws, spec.form_id)
    cover = Cover(spec.title or t(lang, N_("{form}: survey report"), form=form_title),
                  spec.subtitle, spec.issuer, spec.date or long_date(date.today(), lang),
                  spec.authors)
    doc = Document(cover, show_cover=spec.has("cover"), show_contents=spec.has("contents"),
                   language=lang)
    info = stats.overview(ws, sel)
    answered = stats.answered(ws, sel)
    group_sizes = stats.groups(ws, sel, group.name) if group is not None else {}
    steps.step(1)
    number = 0
    if spec.has("overview"):
        number += 1
        doc.sections.append(_overview(ws, sel, lang, labels, info, group, group_sizes, number))
    if spec.has("questions") and questions:
        number += 1
        doc.sections.append(Section("results", t(lang, N_("Results by question")), [
            Heading(section_number(lang, number) + t(lang, N_("Results by question")), 1)]))
        singles = stats.single_counts(ws, sel, [q.name for q in questions
                                                if q.type == "select_one"])
        for i, q in enumerate(questions, start=1):
            title = subsection_number(lang, i, number) + labels.question(q)
            blocks = [Heading(title, 2)]
            if q.type == "select_one":
                blocks += select_blocks(lang, labels, q, singles[q.name], answered.get(q.name, 0))
            elif q.type == "select_multiple":
                counts = stats.multiple_counts(ws, sel, q.name, [n for n, _ in labels.choices(q)])
                blocks += select_blocks(lang, labels, q, counts, answered.get(q.name, 0))
            elif q.type in NUMBERS:
                blocks += numeric_blocks(ws, sel, lang, labels, q)
            elif q.type in ("date", "datetime"):
                blocks += date_blocks(ws, sel, lang, labels, q)
            else:
                blocks += text_blocks(ws, sel, lang, labels, q, spec.include_personal)
            doc.sections.append(Section("q:" + q.name, labels.question(q), blocks,
                                        sheet=f"Q{i}"))
            steps.step(1 + i)
        if spec.questions is None:
            doc.sections += _repeat_sections(ws, sel, spec, lang, labels, answered,
                                             len(questions), number)
    if crosstabs:
        number += 1
        heading = t(lang, N_("Cross-tabulations by {group}"), group=labels.question(group))
        doc.sections.append(Section("crosstabs", heading, [
            Heading(section_number(lang, number) + heading, 1),
            Paragraph(t(lang, N_("Each row shows how the respondents of one group answered; "
                                 "row % is the share of that group's respondents who answered "
                                 "the question.")), "note")]))
        for i, q in enumerate(crosstabs, start=1):
            blocks = [Heading(subsection_number(lang, i, number) + labels.question(q), 2)]
            blocks += crosstab_blocks(ws, sel, lang, labels, group, q, group_sizes)
            doc.sections.append(Section("x:" + q.name, labels.question(q), blocks,
                                        sheet=f"X{i}"))
            steps.step(1 + len(questions) + i)
    if spec.has("findings"):
        for key, title, text in (("findings", N_("Main findings"), spec.findings),
                                 ("recommendations", N_("Recommendations"), spec.recommendations)):
            if text.strip():
                number += 1
                doc.sections.append(Section(key, t(lang, title), [
                    Heading(section_number(lang, number) + t(lang, title), 1),
                    *[Paragraph(p.strip(), "quote") for p in text.split("\n\n") if p.strip()]]))
    if spec.has("quotes"):
        from fieldkit.core.reports.codebook import quotes_section

        number += 1
        doc.sections.append(quotes_section(ws, lang, spec.quote_codes, spec.include_personal,
                                           section_number(lang, number)))
    if spec.has("appendix"):
        doc.sections.append(_appendix(ws, sel, lang, spec, form_title, info))
    if spec.has("data"):
        from fieldkit.core.reports.survey_data import data_sections

        doc.sections.extend(data_sections(ws, spec, lang, cancel=cancel))
    steps.step(steps.total)
    return doc


def _repeat_sections(ws, sel, spec, lang, labels, answered, done, number) -> list[Section]:
    """One section per question inside a repeat, counted over the repeat's entries (none
    for a repeat without entries in the covered responses)."""
    out = []
    i = done
    for repeat, prefix, questions in repeat_questions(labels.form):
        entries = stats.repeat_entries(ws, sel, prefix.rstrip("/"))
        if not entries:
            continue                    # nobody added an entry: nothing to summarise
        note = Paragraph(t(lang, N_("Counted over the {n} entries of “{repeat}” (a response "
                                    "can hold several); “respondents” here means entries."),
                           n=entries, repeat=labels.question(repeat)), "note")
        for q in questions:
            i += 1
            key = prefix + q.name
            rq = replace(q, name=key)
            blocks = [Heading(subsection_number(lang, i, number) + labels.question(q), 2), note]
            if q.type == "select_one":
                blocks += select_blocks(lang, labels, rq,
                                        stats.single_counts(ws, sel, [key])[key],
                                        answered.get(key, 0))
            elif q.type == "select_multiple":
                counts = stats.multiple_counts(ws, sel, key, [n for n, _ in labels.choices(q)])
                blocks += select_blocks(lang, labels, rq, counts, answered.get(key, 0))
            elif q.type in NUMBERS:
                blocks += numeric_blocks(ws, sel, lang, labels, rq)
            elif q.type in ("date", "datetime"):
                blocks += date_blocks(ws, sel, lang, labels, rq)
            else:
                blocks += text_blocks(ws, sel, lang, labels, rq, spec.include_personal)
            out.append(Section("q:" + key, labels.question(q), blocks, sheet=f"Q{i}"))
    return out


def _overview(ws, sel, lang, labels, info, group, group_sizes, number) -> Section:
    heading = t(lang, N_("Overview"))
    n = info["responses"]
    if info["first_day"]:
        text = t(lang, N_("This report covers {n} responses from {sites} sites, started between "
                          "{first} and {last}."), n=n, sites=info["sites"],
                 first=info["first_day"], last=info["last_day"])
    else:
        text = t(lang, N_("No responses match the filters of this report."))
    blocks = [Heading(section_number(lang, number) + heading, 1), Paragraph(text)]
    sites = stats.by_site(ws, sel, lang)
    if sites:
        rows = [[name or t(lang, N_("(no site)")), k, _pct(k, n)] for name, k in sites]
        blocks.append(Table([[t(lang, N_("Site")), t(lang, N_("Number of responses")), t(lang, N_("Share"))]],
                            rows + [[t(lang, N_("Total")), n, 100.0]], [TEXT, COUNT, PERCENT],
                            total_row=True, caption=t(lang, N_("Responses by site")), name="sites"))
        blocks.append(Chart(t(lang, N_("Responses by site")), [r[0] for r in rows],
                            [(t(lang, N_("Number of responses")), [r[1] for r in rows])], horizontal=True,
                            value_title=t(lang, N_("Number of responses"))))
    if group is not None:
        options = [(c, lbl) for c, lbl in labels.choices(group)]
        known = {c for c, _ in options}
        options += [(v, v or t(lang, N_("(no answer)"))) for v in sorted(group_sizes)
                    if v not in known]
        rows = [[lbl, group_sizes.get(c, 0), _pct(group_sizes.get(c, 0), n)] for c, lbl in options]
        caption = t(lang, N_("Responses by {group}"), group=labels.question(group))
        blocks.append(Table([[labels.question(group), t(lang, N_("Number of responses")), t(lang, N_("Share"))]],
                            rows + [[t(lang, N_("Total")), n, 100.0]], [TEXT, COUNT, PERCENT],
                            total_row=True, caption=caption, name="groups"))
    return Section("overview", heading, blocks, sheet="overview")


def _appendix(ws, sel, lang, spec, form_title, info) -> Section:
    heading = t(lang, N_("Appendix: method and data"))
    method = t(lang, N_("The figures were computed by fieldkit from the responses to “{form}” "
                        "stored in the workspace. Percentages of respondents are based on the "
                        "respondents who answered each question; a question left blank is not "
                        "counted. For multiple-choice questions the % of mentions is based on all "
                        "options chosen. Quartiles are interpolated between the two nearest "
                        "answers. Examples of written answers are shown without personal data."),
               form=form_title)
    blocks = [Heading(heading, 1), Paragraph(method)]
    f = spec.filters
    # the names of the site and cadre filtered on (only looked up when there is one)
    names = facets(ws, spec.form_id) if f.site_id or f.cadre_id else \
        {"sites": [], "cadres": []}
    site_names, cadre_names = dict(names["sites"]), dict(names["cadres"])
    used = [(N_("Form version"), f.version), (N_("Site"), site_names.get(f.site_id, f.site_id)),
            (N_("Cadre"), cadre_names.get(f.cadre_id, f.cadre_id)),
            (N_("Status"), t(lang, STATUS[f.status]) if f.status in STATUS else f.status),
            (N_("Review"), t(lang, REVIEW[f.review_state]) if f.review_state in REVIEW
             else f.review_state),
            (N_("Started from"), f.date_from), (N_("Started until"), f.date_to),
            (N_("Import batch"), f.batch_id)]
    rows = [[t(lang, label), value] for label, value in used if value]
    if not rows:
        rows = [[t(lang, N_("None")), t(lang, N_("all responses"))]]
    blocks.append(Table([[t(lang, N_("Filter")), t(lang, N_("Value"))]], rows, [TEXT, TEXT],
                        caption=t(lang, N_("Filters used")), name="filters"))
    for column, caption, label, names_map in (
            ("form_version", N_("Responses by form version"), N_("Form version"), None),
            ("status", N_("Responses by status"), N_("Status"), STATUS),
            ("review_state", N_("Responses by review state"), N_("Review"), REVIEW)):
        counts = stats.by_column(ws, sel, column)
        rows = [[t(lang, names_map[v]) if names_map and v in names_map else v, k]
                for v, k in counts]
        rows.append([t(lang, N_("Total")), info["responses"]])
        blocks.append(Table([[t(lang, label), t(lang, N_("Number of responses"))]], rows, [TEXT, COUNT],
                            total_row=True, caption=t(lang, caption), name=column))
    return Section("appendix", heading, blocks, sheet="appendix")
