"""Database-thread functions of the reports page: each calls core and returns plain data."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fieldkit.core.work.directory import choices_for
from fieldkit.core.forms.store import get_form, list_forms
from fieldkit.core.reports import definitions as saved
from fieldkit.core.reports.output import write_document
from fieldkit.core.reports.preview import render_pages
from fieldkit.core.reports.spec import SurveyReportSpec
from fieldkit.core.reports.survey import build_survey_report
from fieldkit.core.reports.survey_questions import Labels, summarised_questions
from fieldkit.core.reports.work import build_work_report
from fieldkit.core.reports.work_ledger import write_ledger
from fieldkit.core.reports.work_spec import WorkReportSpec
from fieldkit.core.responses.query import facets


def forms(ws) -> list[tuple[str, str]]:
    return [(f["form_id"], f["title"] or f["form_id"]) for f in list_forms(ws)]


def form_options(ws, form_id: str, language: str) -> dict:
    """What the filters and the grouping offer for one form."""
    form = get_form(ws, form_id)
    labels = Labels(form, language)
    groups = [(q.name, labels.question(q)) for q in summarised_questions(form)
              if q.type == "select_one"]
    return {**facets(ws, form_id), "groups": groups}


def work_scopes(ws) -> dict[str, list[tuple[str, str]]]:
    """What the work report's scope list offers: org units, sites and cadres."""
    return {"org_unit_id": choices_for(ws, "org_units"), "site_id": choices_for(ws, "sites"),
            "cadre_id": choices_for(ws, "cadres")}


def build(ws, spec: SurveyReportSpec | WorkReportSpec, language: str, cancel=None):
    if isinstance(spec, WorkReportSpec):
        return build_work_report(ws, spec, language=language, cancel=cancel)
    return build_survey_report(ws, spec, language=language, cancel=cancel)


def write(ws, spec: SurveyReportSpec | WorkReportSpec, language: str, fmt: str, target: str, *,
          progress=None, cancel=None) -> str:
    document = build(ws, spec, language, cancel)
    return str(write_document(document, target, fmt, language=language, progress=progress,
                              cancel=cancel))


def preview(ws, spec: SurveyReportSpec | WorkReportSpec, language: str, dpi: float, *, progress=None,
            cancel=None) -> dict:
    """Build the PDF into a temporary file and render its pages as pictures."""
    document = build(ws, spec, language, cancel)
    folder = Path(tempfile.mkdtemp(prefix="fieldkit-report-"))
    pdf = write_document(document, folder / "preview.pdf", "pdf", language=language,
                         progress=progress, cancel=cancel)
    return {"pdf": str(pdf), "pages": render_pages(pdf, dpi=dpi, cancel=cancel)}


def print_pages(ws, pdf: str, dpi: float, *, progress=None, cancel=None):
    return render_pages(pdf, dpi=dpi, progress=progress, cancel=cancel)


def ledger(ws, spec: WorkReportSpec, language: str, target: str, *, progress=None,
           cancel=None) -> str:
    return str(write_ledger(ws, spec, target, language=language, progress=progress,
                            cancel=cancel))


def definitions(ws) -> list[dict]:
    return saved.list_definitions(ws)


def save_definition(ws, name: str, spec: SurveyReportSpec | WorkReportSpec) -> list[dict]:
    if isinstance(spec, WorkReportSpec):
        saved.save(ws, name, "work", spec.to_dict())
    else:
        saved.save(ws, name, "survey", spec.to_dict(), form_id=spec.form_id)
    return saved.list_definitions(ws)


def rename_definition(ws, definition_id: str, name: str) -> list[dict]:
    saved.rename(ws, definition_id, name)
    return saved.list_definitions(ws)


def delete_definition(ws, definition_id: str) -> list[dict]:
    saved.delete(ws, definition_id)
    return saved.list_definitions(ws)


def spec_of(definition: dict) -> SurveyReportSpec | WorkReportSpec:
    """The spec a saved definition holds (plain data; runs anywhere)."""
    if definition["kind"] == "work":
        return WorkReportSpec.from_dict(definition["spec"])
    return SurveyReportSpec.from_dict(definition["spec"])
