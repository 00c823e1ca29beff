"""What a problem can be linked to: the activity where it arose, a questionnaire
response and an interview note. Read through the owning wings' public functions (the
activities list of this wing; the responses wing's ``response_query.page`` per form; the
interviews wing's ``notes.list_notes``), newest first. Interviews are None in a build
without the interviews wing."""

from __future__ import annotations

from fieldkit.core.forms.store import list_forms
from fieldkit.core.responses.query import ResponseFilter, page
from fieldkit.core.work.activities import list_activities
from fieldkit.core.work.model import Scope

LIMIT = 60


def link_choices(ws, site_id: str | None, *, limit: int = LIMIT
                 ) -> dict[str, list[tuple[str, str]]]:
    """``{"activities": [(id, label)], "responses": [(id, label)]}``: the latest ``limit``
    of each, at ``site_id`` when given. Labels are the date with the site and a note or
    the questionnaire's title."""
    scope = Scope(site_id=site_id) if site_id else None
    activities = [(a["id"], " ".join(x for x in (a["date"], a.get("site_name") or "",
                                                 (a.get("notes") or "")[:30]) if x))
                  for a in list_activities(ws, scope=scope, limit=limit)]
    found = []
    for form in list_forms(ws):
        flt = ResponseFilter(form_id=form["form_id"], site_id=site_id)
        for r in page(ws, flt, 0, limit):
            found.append((r["started_at"] or "", r["id"], form["title"] or form["form_id"],
                          r.get("site_name") or ""))
    found.sort(reverse=True)
    responses = [(rid, " ".join(x for x in (started[:10], title, site) if x))
                 for started, rid, title, site in found[:limit]]
    return {"activities": activities, "responses": responses,
            "interviews": _interviews(ws, site_id, limit)}


def _interviews(ws, site_id: str | None, limit: int) -> list[tuple[str, str]] | None:
    try:
        from fieldkit.core.interviews import notes
        from fieldkit.core.interviews.model import NoteFilter
    except ImportError:          # a build without the interviews wing
        return None
    found = notes.list_notes(ws, NoteFilter(site_id=site_id, limit=limit), with_body=False)
    return [(n.id, " ".join(x for x in (n.on_date or "", n.title) if x)) for n in found]
