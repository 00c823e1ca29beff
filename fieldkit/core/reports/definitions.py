"""Saved report definitions: a report's whole recipe (form, filters, grouping, sections, the
findings and recommendations the user wrote; or a work report's period and scope) kept in
the workspace under a name, so the report can be rebuilt later with new data.

Rows of ``report_definitions`` (migration 11): name, kind (survey | work | codebook),
form_id, the spec as canonical JSON, created_at, deleted. A name is unique among live
definitions. Every write is journaled (``ws.insert/update`` inside ``ws.transaction()``);
deleting is soft, so a deleted definition can be brought back from the journal and its
name is free again.
"""

from __future__ import annotations

import json
from typing import Any

from fieldkit.core.errors import FieldkitError
from fieldkit.core.i18n import N_
from fieldkit.core.store.workspace import wall_time

KINDS = ("survey", "work", "codebook")
MAX_NAME = 100


class DefinitionError(FieldkitError):
    """A report definition cannot be saved, found, renamed or deleted as asked."""


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DefinitionError(N_("A saved report needs a name."))
    if len(name) > MAX_NAME:
        raise DefinitionError(N_("A saved report's name has at most {count} characters."),
                              count=MAX_NAME)
    return name


def _dump(spec: dict[str, Any]) -> str:
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _row(r) -> dict[str, Any]:
    return {"id": r["id"], "name": r["name"], "kind": r["kind"], "form_id": r["form_id"],
            "created_at": r["created_at"], "spec": json.loads(r["spec"] or "{}")}


def _live(ws, name: str):
    rows = ws.query("SELECT * FROM report_definitions WHERE name = ? AND deleted = 0", (name,))
    return rows[0] if rows else None


def save(ws, name: str, kind: str, spec: dict[str, Any], *, form_id: str | None = None,
         overwrite: bool = True) -> str:
    """Save ``spec`` under ``name`` and return the definition's id. A live definition of the
    same name is overwritten (its id kept) unless ``overwrite`` is False."""
    name = _name(name)
    if kind not in KINDS:
        raise DefinitionError(N_("“{value}” is not a kind of report (survey, work or "
                                 "codebook)."), value=kind)
    values = {"kind": kind, "form_id": form_id, "spec": _dump(spec)}
    with ws.transaction():
        existing = _live(ws, name)
        if existing is not None:
            if not overwrite:
                raise DefinitionError(N_("A saved report is already called “{name}”. Choose "
                                         "another name or overwrite it."), name=name)
            ws.update("report_definitions", existing["id"], values)
            return existing["id"]
        return ws.insert("report_definitions", {"name": name, "created_at": wall_time(),
                                                **values})


def list_definitions(ws, kind: str | None = None) -> list[dict[str, Any]]:
    """Live definitions (of one kind), by name."""
    sql = "SELECT * FROM report_definitions WHERE deleted = 0"
    params: list[Any] = []
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [_row(r) for r in ws.query(sql + " ORDER BY name COLLATE NOCASE", params)]


def get(ws, name_or_id: str) -> dict[str, Any]:
    """A live definition by name (or id)."""
    key = (name_or_id or "").strip()
    rows = ws.query("SELECT * FROM report_definitions WHERE deleted = 0 AND (name = ? OR id = ?)"
                    " ORDER BY name = ? DESC LIMIT 1", (" ".join(key.split()), key, key))
    if not rows:
        known = "、".join(d["name"] for d in list_definitions(ws)) or "-"
        raise DefinitionError(N_("There is no saved report called “{name}”. Saved reports: "
                                 "{known}."), name=key, known=known)
    return _row(rows[0])


def rename(ws, name_or_id: str, new_name: str) -> dict[str, Any]:
    new_name = _name(new_name)
    with ws.transaction():
        current = get(ws, name_or_id)
        other = _live(ws, new_name)
        if other is not None and other["id"] != current["id"]:
            raise DefinitionError(N_("A saved report is already called “{name}”. Choose "
                                     "another name or overwrite it."), name=new_name)
        ws.update("report_definitions", current["id"], {"name": new_name})
        return get(ws, current["id"])


def delete(ws, name_or_id: str) -> None:
    """Delete a definition (kept in the journal; its name is free again)."""
    with ws.transaction():
        current = get(ws, name_or_id)
        ws.update("report_definitions", current["id"], {"deleted": 1})
