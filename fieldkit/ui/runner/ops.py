"""The runner's database work: small functions run on the database thread through
``window.tasks.run(fn, on_done, on_error, *args)``. Each calls core and returns plain data.
"""

from __future__ import annotations

from typing import Any

from fieldkit.core import responses
from fieldkit.core.work import directory
from fieldkit.core.forms.media_store import media_for
from fieldkit.core.i18n import N_
from fieldkit.core.importing.origin import source_text
from fieldkit.core.work import followup


def _names(ws, table: str, include_id: str | None = None) -> dict[str, str]:
    return dict(directory.choices_for(ws, table, include_id))


def load(ws, response_id: str | None = None, form_id: str | None = None,
         version: str | None = None, site_id: str | None = None, cadre_id: str | None = None,
         activity_id: str | None = None) -> dict[str, Any]:
    """A response (a new draft when only a form is given) with all the runner shows."""
    if response_id is None:        # stored at the first answer (see ``save``), not now
        row = responses.unsaved_draft(ws, form_id, version, site_id=site_id,
                                      cadre_id=cadre_id, activity_id=activity_id)
    else:
        row = responses.get(ws, response_id)
    definition = responses.definition_for(ws, row["form_record_id"])
    media_for(ws, row["form_record_id"], definition)  # the workspace's sites etc. as they are now
    cadres = _names(ws, "cadres", row["cadre_id"])
    return {
        "response": row,
        "definition": definition,
        "sites": directory.choices_for(ws, "sites", row["site_id"]),
        "cadre_name": cadres.get(row["cadre_id"] or "", ""),
        "device_id": ws.device_id,
        "revision_count": len(responses.revisions(ws, response_id)) if response_id else 1,
    }


class NewDraft:
    """A response not stored yet. The first save stores it and records its id here; the
    saves after it (queued on the same database thread) then update that one draft, so
    two quick saves can never make two drafts."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.id: str | None = None


def _stored_id(ws, target, answers: dict[str, Any], site_id: str | None) -> str:
    if not isinstance(target, NewDraft):
        return target
    if target.id is None:
        row = target.row
        target.id = responses.start(ws, row["form_id"], row["form_version"], site_id=site_id,
                                    cadre_id=row["cadre_id"], activity_id=row["activity_id"],
                                    answers=answers, started_at=row["started_at"],
                                    record_id=row["new_id"])
    return target.id


def save(ws, target, answers: dict[str, Any], site_id: str | None) -> dict:
    """Store the answers of a draft (``target``: its id, or a ``NewDraft`` to store first)."""
    response_id = _stored_id(ws, target, answers, site_id)
    return responses.save_draft(ws, response_id, answers, site_id=site_id)


def discard(ws, target) -> str | None:
    """Delete a draft (journaled, can be restored like any deleted response); a draft never
    stored needs nothing. Returns the id deleted, if any."""
    response_id = target.id if isinstance(target, NewDraft) else target
    if response_id is None:
        return None
    row = responses.get(ws, response_id)
    if row["status"] != "draft":
        raise responses.ResponseError(N_("Only a draft can be discarded."))
    with ws.transaction():
        responses.delete(ws, response_id)
    return response_id


def finalise(ws, target, answers: dict[str, Any], metadata: dict[str, str],
             site_id: str | None) -> dict[str, Any]:
    """Save the draft, then finalise it (FinaliseRefused lists what is left to fix)."""
    response_id = _stored_id(ws, target, answers, site_id)
    metadata = {**metadata, "instanceID": metadata.get("instanceID") or response_id}
    responses.save_draft(ws, response_id, answers, site_id=site_id)
    metadata = {**metadata, "end": responses.now_with_offset()}
    if responses.get(ws, response_id)["form_id"] == followup.FORM_ID:
        # a problem's follow-up call: its rating lands on the problem in the same transaction
        followup.finalise_followup(ws, response_id, answers, metadata)
    else:
        responses.finalise(ws, response_id, answers, metadata)
    return responses.get(ws, response_id)


def revise(ws, response_id: str) -> dict[str, Any]:
    return load(ws, responses.revise(ws, response_id))


def set_review(ws, response_id: str, state: str, comment: str) -> dict[str, Any]:
    responses.set_review(ws, response_id, state, comment)
    return responses.get(ws, response_id)


def history(ws, response_id: str) -> dict[str, Any]:
    """Every revision of the response, who made it and when, and what each one changed."""
    import json

    if isinstance(response_id, NewDraft):   # stored by a save queued before this, or not yet
        response_id = response_id.id
        if response_id is None:
            return {"revisions": []}
    chain = responses.revisions(ws, response_id)
    cadres = _names(ws, "cadres")
    out, previous = [], None
    for row in chain:
        answers = json.loads(row["answers"]) if isinstance(row["answers"], str) else row["answers"]
        entries = []
        for entry in row["history"]:
            changes = entry["changes"] if isinstance(entry["changes"], dict) else {}
            entries.append({"wall_time": entry["wall_time"], "operation": entry["operation"],
                            "who": cadres.get(entry["actor_id"] or "", "") or
                            cadres.get(row["cadre_id"] or "", ""),
                            "answers": _answer_patch(changes.get("answers")),
                            "fields": sorted(k for k in changes
                                             if k not in ("answers", "search_text"))})
        out.append({"id": row["id"], "revision": row["revision"], "status": row["status"],
                    "started_at": row["started_at"], "finished_at": row["finished_at"],
                    "who": cadres.get(row["cadre_id"] or "", ""),
                    "review_state": row["review_state"],
                    # the first revision was imported; later ones were edits of it
                    "source": "" if row.get("supersedes_id") else source_text(row.get("source")),
                    "differences": responses.answer_differences(previous, answers)
                    if previous is not None else {},
                    "journal": entries})
        previous = answers
    return {"revisions": out}


def _answer_patch(change: Any) -> dict[str, list[Any]]:
    """{question: [old, new]} from a journal entry's answers change (a patch or two texts)."""
    import json

    if isinstance(change, dict):
        return change.get("patch", {})
    if isinstance(change, list) and len(change) == 2:  # texts, or (inserts) an embedded object
        old, new = (v["json"] if isinstance(v, dict) and "json" in v else
                    json.loads(v) if isinstance(v, str) and v else {} for v in change)
        return responses.answer_differences(old, new)
    return {}


def open_drafts(ws) -> list[dict[str, Any]]:
    return responses.open_drafts(ws)
