"""Retiring a questionnaire that is no longer used.

A form with responses (or import batches) is archived: it leaves the lists, its responses
and versions stay, and it can be brought back. A form nobody has used is deleted, all its
versions, journaled so that the workspace's history still shows it. Built-in forms are
only ever archived: they would come back at the next start otherwise.
"""

from __future__ import annotations

from fieldkit.core import responses
from fieldkit.core.forms.store import FormNotFound
from fieldkit.core.i18n import N_
from fieldkit.core.importing import batches
from fieldkit.core.store.workspace import Workspace


def _versions(ws: Workspace, form_id: str) -> list[dict]:
    rows = ws.query("SELECT id, builtin, active FROM forms WHERE form_id = ?", (form_id,))
    if not rows:
        raise FormNotFound(N_("There is no form “{form_id}” in this workspace."), form_id=form_id)
    return [dict(r) for r in rows]


def retire_plan(ws: Workspace, form_id: str) -> dict:
    """What retiring ``form_id`` would do ("archive" or "delete") and why, writing nothing."""
    versions = _versions(ws, form_id)
    used = responses.count_for_form(ws, form_id)
    imports = len(batches.list_batches(ws, form_id))
    builtin = any(v["builtin"] for v in versions)
    action = "archive" if used or imports or builtin else "delete"
    return {"form_id": form_id, "action": action, "responses": used, "imports": imports,
            "builtin": builtin, "versions": len(versions),
            "archived": all(not v["active"] for v in versions)}


def retire_form(ws: Workspace, form_id: str) -> dict:
    """Archive or delete ``form_id`` (see the module's docstring); return the plan carried
    out. Running it twice is harmless."""
    with ws.transaction():
        plan = retire_plan(ws, form_id)
        for version in _versions(ws, form_id):
            if plan["action"] == "delete":
                # the files it carries go with it (their bytes stay while others use them)
                for link in ws.query("SELECT id FROM form_media WHERE form_record_id = ?",
                                     (version["id"],)):
                    ws.delete("form_media", link["id"])
                ws.delete("forms", version["id"])
            elif version["active"]:
                ws.update("forms", version["id"], {"active": 0})
    return plan


def restore_form(ws: Workspace, form_id: str) -> None:
    """Bring an archived form back into the lists."""
    with ws.transaction():
        for version in _versions(ws, form_id):
            if not version["active"]:
                ws.update("forms", version["id"], {"active": 1})
