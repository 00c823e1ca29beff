"""Filters given as text (the command line's ``--from``, ``--site`` ...) made into a
``ResponseFilter``, checked, with the lines an export shows about them."""

from __future__ import annotations

from datetime import date

from fieldkit.core.exports.errors import ExportError
from fieldkit.core.i18n import N_, tr
from fieldkit.core.responses.export_rows import find_choice
from fieldkit.core.responses.query import ResponseFilter, facets
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES
from fieldkit.core.store.workspace import Workspace


def _day(text: str | None, option: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip().replace("/", "-")).isoformat()
    except ValueError:
        raise ExportError(N_("{option} takes a date written as YYYY-MM-DD (such as 2024-12-01), "
                             "not “{value}”."), option=option, value=text) from None


def build_filter(ws: Workspace, form_id: str, *, date_from: str | None = None,
                 date_to: str | None = None, site: str | None = None, cadre: str | None = None,
                 version: str | None = None, status: str | None = None,
                 review: str | None = None, batch: str | None = None,
                 ) -> tuple[ResponseFilter, list[tuple[str, str]]]:
    """The filter, and (label, value) lines describing it for the exported file."""
    flt = ResponseFilter(form_id, date_from=_day(date_from, "--from"),
                         date_to=_day(date_to, "--to"), version=version or None)
    shown: list[tuple[str, str]] = []
    if flt.date_from:
        shown.append((tr("From"), flt.date_from))
    if flt.date_to:
        shown.append((tr("To"), flt.date_to))
    if version:
        shown.append((tr("Form version"), version))
    for kind, text, label in (("sites", site, N_("Site")), ("cadres", cadre, N_("Cadre"))):
        if not text:
            continue
        found = find_choice(ws, form_id, kind, text)
        if found is None:
            raise ExportError(N_("No response to form “{form_id}” has the {what} “{value}”."),
                              form_id=form_id, what=tr(label), value=text)
        setattr(flt, "site_id" if kind == "sites" else "cadre_id", found)
        shown.append((tr(label), text))
    for value, known, label, attribute in ((status, STATUSES, N_("Status"), "status"),
                                           (review, REVIEW_STATES, N_("Review state"),
                                            "review_state")):
        if not value:
            continue
        codes = dict(known)
        if value not in codes:
            raise ExportError(N_("{what} must be one of {choices}, not “{value}”."),
                              what=tr(label), choices=", ".join(codes), value=value)
        setattr(flt, attribute, value)
        shown.append((tr(label), tr(codes[value])))
    if batch:
        shown.append((tr("Import batch"), batch))
    return flt, shown


def describe_filter(ws: Workspace, flt: ResponseFilter) -> list[tuple[str, str]]:
    """(label, value) lines for a filter made in the app, as an export shows them."""
    found = facets(ws, flt.form_id)
    sites, cadres = dict(found["sites"]), dict(found["cadres"])
    shown: list[tuple[str, str]] = []
    for label, value in ((N_("From"), flt.date_from), (N_("To"), flt.date_to),
                         (N_("Form version"), flt.version),
                         (N_("Site"), sites.get(flt.site_id, flt.site_id)),
                         (N_("Cadre"), cadres.get(flt.cadre_id, flt.cadre_id)),
                         (N_("Status"), tr(dict(STATUSES)[flt.status]) if flt.status else None),
                         (N_("Review state"), tr(dict(REVIEW_STATES)[flt.review_state])
                          if flt.review_state else None),
                         (N_("Search"), flt.text.strip())):
        if value:
            shown.append((tr(label), value))
    if flt.include_superseded:
        shown.append((tr("Replaced revisions"), tr("included")))
    if flt.include_deleted:
        shown.append((tr("Deleted responses"), tr("included")))
    return shown
