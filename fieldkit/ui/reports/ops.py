"""Database-thread functions of the reports page: each calls core and returns plain data."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fieldkit.core.forms.store import get_form, list_forms
from fieldkit.core.reports.output import write_document
from fieldkit.core.reports.preview import render_pages
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report
from fieldkit.core.reports.survey_questions import Labels, summarised_questions
from fieldkit.core.response_query import facets


def forms(ws) -> list[tuple[str, str]]:
    return [(f["form_id"], f["title"] or f["form_id"]) for f in list_forms(ws)]


def form_options(ws, form_id: str, language: str) -> dict:
    """What the filters and the grouping offer for one form."""
    form = get_form(ws, form_id)
    labels = Labels(form, language)
    groups = [(q.name, labels.question(q)) for q in summarised_questions(form)
              if q.type == "select_one"]
    return {**facets(ws, form_id), "groups": groups}


def write(ws, spec: SurveyReportSpec, language: str, fmt: str, target: str, *,
          progress=None, cancel=None) -> str:
    document = build_survey_report(ws, spec, language=language, cancel=cancel)
    return str(write_document(document, target, fmt, language=language, progress=progress,
                              cancel=cancel))


def preview(ws, spec: SurveyReportSpec, language: str, dpi: float, *, progress=None,
            cancel=None) -> dict:
    """Build the PDF into a temporary file and render its pages as pictures."""
    document = build_survey_report(ws, spec, language=language, cancel=cancel)
    folder = Path(tempfile.mkdtemp(prefix="fieldkit-report-"))
    pdf = write_document(document, folder / "preview.pdf", "pdf", language=language,
                         progress=progress, cancel=cancel)
    return {"pdf": str(pdf), "pages": render_pages(pdf, dpi=dpi, cancel=cancel)}


def print_pages(ws, pdf: str, dpi: float, *, progress=None, cancel=None):
    return render_pages(pdf, dpi=dpi, progress=progress, cancel=cancel)
