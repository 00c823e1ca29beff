"""Responses: one worker's answers to one version of a form.

Lifecycle (as ODK / KoboToolbox): a response starts as a *draft* that is saved on every
change; *finalising* checks required answers and constraints and marks it complete;
editing a complete response makes a new *revision* that supersedes the old one when it
is finalised (history kept, like ODK's instanceID / deprecatedID). Reviewers mark a
response received, has issues (with a comment) or approved. Deleting is a journaled flag
that can be undone.
"""

from __future__ import annotations

import json
from datetime import datetime
from itertools import chain
from typing import Any

from fieldkit.core.forms.media import list_choices
from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_
from fieldkit.core.responses import search_index
from fieldkit.core.store.workspace import Workspace, canonical_json, json_text

REVIEW_STATES = (("received", N_("Received")), ("has_issues", N_("Has issues")),
                 ("approved", N_("Approved")))
STATUSES = (("draft", N_("Draft")), ("complete", N_("Complete")))


class ResponseError(FieldkitError):
    pass


class FinaliseRefused(FieldkitError):
    """Required answers are missing or constraints fail; ``problems`` lists each one."""

    def __init__(self, problems: list) -> None:
        super().__init__(N_("This questionnaire cannot be finalised yet: {count} problem(s) "
                            "to fix."), count=len(problems))
        self.problems = problems


def now_with_offset() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _form_record(ws: Workspace, form_id: str, version: str | None) -> dict[str, Any]:
    """The version a new response goes to (the forms wing's ``active_version``)."""
    from fieldkit.core.forms.store import active_version

    return active_version(ws, form_id, version)


def start(ws: Workspace, form_id: str, version: str | None = None, *, site_id: str | None = None,
          cadre_id: str | None = None, activity_id: str | None = None,
          answers: dict[str, Any] | None = None, source: str = "",
          started_at: str | None = None, record_id: str | None = None) -> str:
    """Begin a draft response to the newest (or the given) version of a form."""
    form = _form_record(ws, form_id, version)
    if answers is None:  # a new response: ${last-saved#q} defaults from this device's last one
        from fieldkit.core.forms.last_saved import initial_answers
        answers = initial_answers(ws, form_id, definition_for(ws, form["id"])) or None
    with ws.transaction():
        rid = ws.insert("responses", {
            "form_record_id": form["id"], "form_id": form_id, "form_version": form["version"],
            "status": "draft", "site_id": site_id, "cadre_id": cadre_id or ws.actor_id,
            "activity_id": activity_id, "started_at": started_at or now_with_offset(),
            "answers": json_text(answers or {}), "source": source,
        }, record_id)
        search_index.add_texts(ws, [(rid, search_text(ws, form["id"], answers or {}))])
        return rid


def unsaved_draft(ws: Workspace, form_id: str, version: str | None = None, *,
                  site_id: str | None = None, cadre_id: str | None = None,
                  activity_id: str | None = None) -> dict[str, Any]:
    """A new response as ``get`` would return it, but not stored (its ``id`` is None).

    Opening a questionnaire writes nothing: the draft is stored by ``start`` at the first
    answer, so a form opened and closed again leaves no empty draft behind."""
    form = _form_record(ws, form_id, version)
    from fieldkit.core.forms.last_saved import initial_answers
    answers = initial_answers(ws, form_id, definition_for(ws, form["id"])) or {}
    import uuid
    # new_id: the id it will be stored under, known now (the form's instanceID uses it)
    return {"id": None, "new_id": str(uuid.uuid4()), "form_record_id": form["id"],
            "form_id": form_id,
            "form_version": form["version"], "status": "draft", "review_state": "received",
            "review_comment": "", "site_id": site_id, "cadre_id": cadre_id or ws.actor_id,
            "activity_id": activity_id, "started_at": now_with_offset(), "finished_at": "",
            "answers": answers, "revision": 1, "supersedes_id": None, "superseded_by": None,
            "deleted": 0, "source": ""}


def get(ws: Workspace, response_id: str) -> dict[str, Any]:
    row = ws.get("responses", response_id)
    if row is None:
        raise ResponseError(N_("The response was not found. It may have been deleted."))
    row["answers"] = json.loads(row["answers"])
    return row


def save_draft(ws: Workspace, response_id: str, answers: dict[str, Any], **fields: Any) -> dict:
    """Autosave: store the answers as they are now (journaled as a patch of what changed)."""
    current = ws.get("responses", response_id)
    if current is None:
        raise ResponseError(N_("The response was not found. It may have been deleted."))
    if current["status"] != "draft":
        raise ResponseError(N_("This response is finalised. Edit it to make a new revision."))
    allowed = {k: v for k, v in fields.items() if k in ("site_id", "cadre_id", "activity_id")}
    values = {"answers": canonical_json(answers), **allowed}
    with ws.transaction():
        changes = ws.update("responses", response_id, values, patch_fields=("answers",))
        if "answers" in changes:
            search_index.set_text(ws, response_id,
                                  search_text(ws, current["form_record_id"], answers))
    return changes


def finalise(ws: Workspace, response_id: str, answers: dict[str, Any],
             metadata: dict[str, str] | None = None) -> dict:
    """Check the answers with the form's own rules; store the final record or refuse."""
    from fieldkit.core.forms.session import FormSession

    current = ws.get("responses", response_id)
    if current is None:
        raise ResponseError(N_("The response was not found. It may have been deleted."))
    session = FormSession(definition_for(ws, current["form_record_id"]), answers,
                          metadata=metadata or {})
    problems = session.problems()
    if problems:
        raise FinaliseRefused(problems)
    final = session.final_answers()
    with ws.transaction():
        changes = ws.update("responses", response_id, {
            "answers": canonical_json(final), "status": "complete",
            "finished_at": now_with_offset()}, patch_fields=("answers",))
        if "answers" in changes:
            search_index.set_text(ws, response_id,
                                  search_text(ws, current["form_record_id"], final))
        if current["supersedes_id"]:
            ws.update("responses", current["supersedes_id"], {"superseded_by": response_id})
    return changes


def revise(ws: Workspace, response_id: str) -> str:
    """Start editing a finalised response: a draft revision that supersedes it once finalised.
    An unfinished revision of the same response is reused rather than duplicated."""
    current = get(ws, response_id)
    if current["status"] != "complete":
        return response_id
    existing = ws.scalar("SELECT id FROM responses WHERE supersedes_id = ? AND status = 'draft'"
                         " AND deleted = 0", (response_id,))
    if existing:
        return existing
    with ws.transaction():
        rid = ws.insert("responses", {
            "form_record_id": current["form_record_id"], "form_id": current["form_id"],
            "form_version": current["form_version"], "status": "draft",
            "site_id": current["site_id"], "cadre_id": ws.actor_id or current["cadre_id"],
            "activity_id": current["activity_id"], "started_at": now_with_offset(),
            "answers": json_text(current["answers"]),
            "revision": current["revision"] + 1, "supersedes_id": response_id,
            "source": current["source"],
        })
        search_index.add_texts(ws, [(rid, search_text(ws, current["form_record_id"],
                                                      current["answers"]))])
        return rid


def set_review(ws: Workspace, response_id: str, state: str, comment: str = "") -> dict:
    if state not in dict(REVIEW_STATES):
        raise ResponseError(N_("Unknown review state “{state}”."), state=state)
    if state == "has_issues" and not comment.strip():
        raise ResponseError(N_("Say what the issues are, so the collector can fix them."))
    return ws.update("responses", response_id, {"review_state": state,
                                                "review_comment": comment.strip()})


def delete(ws: Workspace, response_id: str) -> dict:
    """Hide a response (journaled; ``restore`` brings it back)."""
    return ws.update("responses", response_id, {"deleted": 1})


def restore(ws: Workspace, response_id: str) -> dict:
    return ws.update("responses", response_id, {"deleted": 0})


def revisions(ws: Workspace, response_id: str) -> list[dict[str, Any]]:
    """Every revision in the chain of ``response_id``, oldest first, each with its journal."""
    first = response_id
    while True:
        parent = ws.scalar("SELECT supersedes_id FROM responses WHERE id = ?", (first,))
        if not parent:
            break
        first = parent
    chain, current = [], first
    while current:
        row = ws.get("responses", current)
        row["history"] = ws.history("responses", current)
        chain.append(row)
        current = ws.scalar("SELECT id FROM responses WHERE supersedes_id = ? AND deleted = 0"
                            " ORDER BY revision LIMIT 1", (current,))
    return chain


def answer_differences(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{question: [old, new]} for every answer that differs between two revisions."""
    return {k: [old.get(k), new.get(k)] for k in sorted(old.keys() | new.keys())
            if old.get(k) != new.get(k)}


def open_drafts(ws: Workspace, device_id: str | None = None) -> list[dict[str, Any]]:
    """Drafts made on this laptop and not finished: offered again after a crash."""
    rows = ws.query("SELECT r.id, r.form_id, r.form_version, r.started_at, r.hlc, f.title"
                    " FROM responses r JOIN forms f ON f.id = r.form_record_id"
                    " WHERE r.status = 'draft' AND r.deleted = 0 AND r.device_id = ?"
                    " ORDER BY r.hlc DESC", (device_id or ws.device_id,))
    return [dict(r) for r in rows]


# -- search text ------------------------------------------------------------------------------

def rebuild_search_index(ws: Workspace) -> int:
    """Work out every response's search text again from its answers and its form, and
    index it anew (derived data is rebuilt from the records). Returns how many."""
    rows = ws.query("SELECT rowid, form_id, form_record_id, answers FROM responses")
    with ws.transaction():
        search_index.replace_all(ws, ((r[0], r[1], search_text(ws, r[2], json.loads(r[3])))
                                      for r in rows))
    return len(rows)


_definitions: dict[tuple[str, str], Any] = {}


def definition_for(ws: Workspace, form_record_id: str):
    """The form definition of a stored version (cached: versions never change)."""
    from fieldkit.core.forms.model import FormDefinition

    key = (ws.workspace_id, form_record_id)
    definition = _definitions.get(key)
    if definition is None:
        row = ws.query("SELECT definition, version FROM forms WHERE id = ?", (form_record_id,))
        if not row:
            raise ResponseError(N_("The form version of this response is missing."))
        definition = FormDefinition.from_dict(json.loads(row[0]["definition"]))
        definition.version = row[0]["version"]
        from fieldkit.core.forms.media_store import media_for
        media_for(ws, form_record_id, definition)  # its files, for its sessions, checks and imports
        if len(_definitions) > 32:
            _definitions.clear()
        _definitions[key] = definition
    return definition


def _choice_labels(definition) -> dict[str, dict[str, str]]:
    labels = getattr(definition, "_search_labels", None)
    if labels is None:
        labels = {}
        for question in definition.walk():
            if question.list_name and list_choices(definition, question):
                labels[question.name] = {
                    c.name: " ".join(v for v in c.label.values() if v)
                    for c in list_choices(definition, question)}
        definition._search_labels = labels
    return labels


class _SearchTexts(dict):
    """(question, answer) -> the texts search looks in for it: the option labels of a
    choice, the answer itself otherwise. Worked out once per pair (answers repeat a lot)."""

    def __init__(self, labels: dict[str, dict[str, str]]) -> None:
        super().__init__()
        self.labels = labels

    def __missing__(self, key: tuple[str, Any]) -> tuple[str, ...]:
        name, value = key
        options = self.labels.get(name)
        texts = () if value in (None, "") else \
            tuple(options.get(v, v) for v in str(value).split()) if options else (str(value),)
        if len(self) < 200_000:
            self[key] = texts
        return texts


def search_text(ws: Workspace, form_record_id: str, answers: dict[str, Any]) -> str:
    """What full-text search looks in: every typed answer, and the labels (in every
    language) of chosen options instead of their codes, so a search for 托管 finds
    “暑期托管难” whether it was typed or chosen. Each distinct text appears once, one per
    line (a search matches within one answer, or one chosen option): a rating scale
    answered alike thirty times is indexed once. Derived data: stored in the search index
    only, never in the journal (``search_index``)."""
    definition = definition_for(ws, form_record_id)
    texts = definition.__dict__.get("_search_texts")
    if texts is None:
        texts = definition._search_texts = _SearchTexts(_choice_labels(definition))
    try:  # the usual case: no repeats (a repeat's answers are a list, which cannot be a key)
        return "\n".join(dict.fromkeys(chain.from_iterable(map(texts.__getitem__,
                                                                  answers.items()))))
    except TypeError:
        pass
    parts: dict[str, None] = {}
    stack = [answers]
    while stack:
        for name, value in stack.pop().items():
            if isinstance(value, list):
                stack.extend(v for v in value if isinstance(v, dict))
            else:
                parts.update(dict.fromkeys(texts[name, value]))
    return "\n".join(parts)


def count_for_form(ws: Workspace, form_id: str) -> int:
    """Every response ever stored for ``form_id``: drafts, deleted ones and old revisions
    too (they all keep the form version they answer)."""
    return ws.scalar("SELECT count(*) FROM responses WHERE form_id = ?", (form_id,))
