"""Responses (答卷): answers to questionnaires, their revisions, review and search.

- ``records``: the response lifecycle (start, save a draft, finalise, revise, review,
  delete/restore, revisions); its public names are exposed here, so
  ``from fieldkit.core import responses; responses.start(ws, ...)`` works;
- ``query`` (filters), ``paging`` (keyset pages for long lists), ``columns`` (which answers
  become table columns), ``export_rows`` (rows for spreadsheets), ``search_index``.

Decisions (issue 14): ``fieldkit/core/overview.py`` reads across wings for the dashboard
and stays at the core's root until the wings offer public counts; the directory of org
units, cadres and sites lives in ``fieldkit/core/work/directory.py``.
"""
# The lifecycle's names come from ``records`` on first use: importing a light sibling such as
# ``responses.search_index`` (the workspace does, to open a connection) must not load the
# form engine that ``records`` needs (that cost start-up about 75 ms).
_RECORDS = frozenset((
    "REVIEW_STATES", "STATUSES", "FinaliseRefused", "ResponseError", "_form_record",
    "answer_differences", "count_for_form", "definition_for", "delete", "finalise", "get",
    "now_with_offset", "open_drafts", "rebuild_search_index", "restore", "revise", "revisions",
    "save_draft", "search_text", "set_review", "start", "unsaved_draft"))


def __getattr__(name: str):
    if name in _RECORDS:
        from fieldkit.core.responses import records

        value = getattr(records, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'fieldkit.core.responses' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_RECORDS})
