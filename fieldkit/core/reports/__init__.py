"""Reports: one query layer, one document model, and writers for PDF, XLSX and DOCX.

- ``spec.SurveyReportSpec``: what a report contains (form, filters, grouping, sections, texts).
- ``survey.build_survey_report(ws, spec, *, language, progress, cancel)`` -> ``model.Document``.
- ``survey_stats``: the responses wing's read API for reports (one pass over the answers).
- ``work.build_work_report`` (``work_spec.WorkReportSpec``), ``work_ledger.write_ledger``: work reports
  and the year-end ledger; ``definitions``: saved report definitions; ``responses_table``:
  the responses page's printed list.
- ``pdf.write_pdf``, ``xlsx.write_xlsx``, ``docx.write_docx``: ``(document, target, *,
  language, progress=None, cancel=None)``; they never see a Workspace.
"""
