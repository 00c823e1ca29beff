"""Preview, then commit: the two steps of importing a survey sheet.

``prepare`` reads the file, maps its columns, parses and checks every row and finds
duplicates — writing nothing. ``commit`` writes all accepted rows in one transaction,
each with its provenance (file, sheet, row, batch); ``undo_batch`` takes a batch back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.gc_pause import gc_paused
from fieldkit.core.i18n import N_
from fieldkit.core.importing.errors import ImportFileError
from fieldkit.core.importing import origin as where
from fieldkit.core.importing.headers import detect_header
from fieldkit.core.importing.mapping import Mapping, merge_saved, propose_mapping, question_index
from fieldkit.core.importing.problems import PreparedRow, RowProblem
from fieldkit.core.importing.repeat_sheets import RepeatSheet, attach_repeats, refuse_repeat_sheet
from fieldkit.core.importing.row_parser import RowParser
from fieldkit.core.importing.table import Table, read_tables
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.responses.search_index import add_texts, deferred_indexing
from fieldkit.core.store.workspace import JsonText, Workspace, json_text


_SOURCE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for thousands of rows
COMMIT_WAIT_MS = 60_000


@dataclass
class ImportPreview:
    file_name: str
    sheet: str
    form_id: str
    form_record_id: str
    version: str
    mapping: Mapping
    rows: list[PreparedRow]
    header_rows: list[int]
    site_id: str | None = None     # the site and cadre of every row without its own
    cadre_id: str | None = None
    repeat_sheets: list[RepeatSheet] = field(default_factory=list)  # read beside the main one
    checked: tuple | None = None   # the workspace's state when duplicates were looked for

    def counts(self) -> dict[str, int]:
        out = {"clean": 0, "warning": 0, "rejected": 0, "duplicate": 0}
        for row in self.rows:
            out[row.status] += 1
        return out

    def problems(self) -> list[RowProblem]:
        return [p for row in self.rows for p in row.problems]


def _form(ws: Workspace, form_id: str, version: str | None) -> tuple[str, str, FormDefinition]:
    from fieldkit.core.forms.store import active_version
    from fieldkit.core.responses.records import definition_for

    record = active_version(ws, form_id, version)
    return record["id"], record["version"], definition_for(ws, record["id"])


def saved_mapping(ws: Workspace, form_id: str, layout: str) -> Mapping | None:
    text = ws.scalar("SELECT mapping FROM import_mappings WHERE form_id = ? AND layout = ?",
                     (form_id, layout))
    return Mapping.from_json(text) if text else None


def save_mapping(ws: Workspace, form_id: str, mapping: Mapping) -> None:
    existing = ws.scalar("SELECT id FROM import_mappings WHERE form_id = ? AND layout = ?",
                         (form_id, mapping.layout))
    if existing:
        ws.update("import_mappings", existing, {"mapping": mapping.to_json()})
    else:
        ws.insert("import_mappings", {"form_id": form_id, "layout": mapping.layout,
                                      "mapping": mapping.to_json()})


def prepare(ws: Workspace, path: str | Path, form_id: str, *, mapping: Mapping | None = None,
            version: str | None = None, sheet: str | None = None,
            progress: ProgressCallback | None = None,
            cancel: CancelToken | None = None, require_match: bool = True,
            site: str | None = None, cadre: str | None = None, site_column: str | None = None,
            cadre_column: str | None = None) -> ImportPreview:
    """Read and check everything; write nothing.

    A file none of whose columns matches a question is refused (``ImportFileError``) unless
    ``require_match`` is false: the wizard then lets the user choose the questions by hand.
    ``site``/``cadre`` (a directory name or id) apply to every row; ``site_column`` /
    ``cadre_column`` name the column (header or letter) that gives each row its own.

    With a ``cancel`` token (the app's Cancel button), the spreadsheet is parsed on a helper
    thread so that Cancel answers at once; without one (the command line) it is parsed
    here, which keeps the process smaller (the helper's memory arena is not reused)."""
    with gc_paused():  # hundreds of thousands of cells and answers, none of them garbage
        origin = {"site": site, "cadre": cadre, "site_column": site_column,
                  "cadre_column": cadre_column}
        return _prepare(ws, path, form_id, mapping, version, sheet, progress, cancel,
                        require_match, origin)


def _prepare(ws: Workspace, path: str | Path, form_id: str, mapping: Mapping | None,
             version: str | None, sheet: str | None, progress: ProgressCallback | None,
             watched: CancelToken | None, require_match: bool = True,
             origin: dict | None = None) -> ImportPreview:
    cancel = watched or CancelToken()
    form_record_id, form_version, definition = _form(ws, form_id, version)
    keys = question_index(definition).keys()
    tables = read_tables(path, sheet, watched)
    table, header = _best_sheet(tables, keys)
    refuse_repeat_sheet(table, header)
    cancel.raise_if_cancelled()
    if mapping is None:
        proposed = propose_mapping(definition, header.columns, header.sub_headers)
        mapping = merge_saved(saved_mapping(ws, form_id, proposed.layout), proposed)
    origin = origin or {}
    for kind in ("site", "cadre"):
        where.use_column(mapping, kind, origin.get(kind + "_column"))
    site_id, cadre_id = (where.resolve(ws, kind, origin.get(kind)) for kind in ("site", "cadre"))
    data = table.rows[header.data_start:]
    steps = Progress(len(data), progress, cancel, every=max(1, len(data) // 20))
    rows = RowParser(definition, mapping).parse_rows(
        data, steps, path.name if isinstance(path, Path) else str(path))
    from fieldkit.core.importing.rules import apply_rules

    columns = {c.target.name: (column_letter(c.index), c.header) for c in mapping.columns
               if c.target.kind == "question"}
    blank = [row for row in rows if not row.answers]
    _note_other_encoding(rows, table.other_encoding)
    rules = apply_rules(definition, rows, cancel, columns)
    repeat_sheets = attach_repeats(definition, path, tables, table, header, rows, watched, sheet)
    if require_match and not maps_a_question(mapping) and not any(r.repeat for r in repeat_sheets):
        raise ImportFileError(
            N_("No column of “{file}” matches a question of the form “{form}”: nothing was "
               "imported. Check that the file belongs to this form, or choose the question of "
               "each column yourself (in the import wizard, or with --mapping)."),
            file=table.file_name, form=form_id)
    _reject_blank(blank)  # after the repeats: a row may answer only in its repeat sheet
    _label_problems(rows, rules)
    where.assign(ws, definition, mapping, data, rows)
    checked = _state(ws)
    _mark_duplicates(ws, form_id, rows)
    header_numbers = [table.rows[i][0] for i in header.header_rows]
    return ImportPreview(table.file_name, table.sheet, form_id, form_record_id, form_version,
                         mapping, rows, header_numbers, site_id, cadre_id,
                         repeat_sheets, checked)


def _state(ws: Workspace) -> tuple:
    """Changes to the workspace since this was taken show in it: ``data_version`` moves when
    another connection commits, ``total_changes`` when this one writes."""
    return id(ws.conn), ws.conn.execute("PRAGMA data_version").fetchone()[0], \
        ws.conn.total_changes


def maps_a_question(mapping: Mapping) -> bool:
    return any(c.target.kind in ("question", "option") for c in mapping.columns)


REQUIRED = "This question is required."  # rules.py's msgid


def _reject_blank(rows: list[PreparedRow]) -> None:
    """A row that answers nothing would become an empty “complete” response: refused, with
    one message rather than one “required” per question (cells that could not be read keep
    their own problems)."""
    for row in rows:
        if not row.answers:
            row.status = "rejected"
            row.problems[:] = [p for p in row.problems if p.msgid != REQUIRED]
            row.problems.insert(0, RowProblem(
                row.row, "", "", "", N_("This row answers no question of the form; it is not "
                                        "imported."), {}))


def _note_other_encoding(rows: list[PreparedRow], other: dict[int, str]) -> None:
    for row in rows if other else ():
        if row.row in other:
            row.problems.append(RowProblem(
                row.row, "", "", "", N_("This row is written in {encoding}, unlike the rest of "
                                        "the file; it was read as {encoding}. Check it against "
                                        "the original."),
                {"encoding": other[row.row]}, severity="warning"))
            if row.status == "clean":
                row.status = "warning"


def _label_problems(rows: list[PreparedRow], rules) -> None:
    """Every problem about a question carries its label, so it reads “您的年龄: …”."""
    labels: dict = {}
    for row in rows:
        for problem in row.problems:
            if problem.question and problem.label is None and problem.question in rules.fields:
                label = labels.get(problem.question)
                if label is None:
                    label = labels[problem.question] = rules.label(problem.question)
                problem.label = label


def _best_sheet(tables: list[Table], keys: set[str]):
    """The sheet whose header matches the form best (an instructions sheet never does)."""
    from fieldkit.core.importing.text import header_key

    best = None
    for table in tables:
        header = detect_header([row for _, row in table.rows], keys)
        score = sum(1 for h in header.columns if h and header_key(h) in keys) + \
            sum(1 for h in header.columns if h.endswith("]"))
        if best is None or score > best[0]:
            best = (score, table, header)
    return best[1], best[2]


def _existing_keys(ws: Workspace, form_id: str, keys: list[str]) -> set[str]:
    """Which of ``keys`` a live response of the form already has."""
    existing: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        existing.update(r[0] for r in ws.query(
            f"SELECT source_key FROM responses WHERE form_id = ? AND deleted = 0 AND source_key IN"
            f" ({', '.join('?' * len(chunk))})", [form_id, *chunk]))
    return existing


def _mark_duplicates(ws: Workspace, form_id: str, rows: list[PreparedRow]) -> None:
    existing = _existing_keys(ws, form_id, [r.source_key for r in rows])
    seen: set[str] = set()
    for row in rows:
        if row.source_key in existing or row.source_key in seen:
            row.status = "duplicate"
        seen.add(row.source_key)


def commit(ws: Workspace, preview: ImportPreview, *, include_warnings: bool = True,
           dry_run: bool = False, progress: ProgressCallback | None = None,
           cancel: CancelToken | None = None) -> dict[str, Any]:
    """Write every accepted row in ONE transaction (all or nothing); return the counts."""
    from fieldkit.core.responses.records import now_with_offset, search_text

    counts = preview.counts()
    accepted = [r for r in preview.rows if r.answers and
                (r.status == "clean" or (r.status == "warning" and include_warnings))]
    result = {"imported": len(accepted), "duplicates": counts["duplicate"],
              "with_warnings": counts["warning"], "rejected": counts["rejected"],
              "skipped_warnings": 0 if include_warnings else counts["warning"],
              "batch_id": None, "file": preview.file_name, "sheet": preview.sheet}
    if dry_run:
        result["imported"] = 0
        result["would_import"] = len(accepted)
        return result
    steps = Progress(len(accepted), progress, cancel, every=200)
    now = now_with_offset()
    with gc_paused(), _patient(ws), ws.transaction():
        # The preview's duplicate check is old news by now: another import (a second
        # process, or the same file previewed twice) may have committed since. Checked again
        # here, under the write lock that BEGIN IMMEDIATE holds, nothing can slip in between.
        taken = () if preview.checked == _state(ws) else \
            _existing_keys(ws, preview.form_id, [r.source_key for r in accepted])
        if taken:
            for row in accepted:
                if row.source_key in taken:
                    row.status = "duplicate"
            accepted = [r for r in accepted if r.status != "duplicate"]
            counts = preview.counts()
            result.update(imported=len(accepted), duplicates=counts["duplicate"],
                          with_warnings=counts["warning"])
        if not accepted:  # nothing new: no batch to list or undo
            return result
        batch = ws.insert("import_batches", {
            "form_record_id": preview.form_record_id, "form_id": preview.form_id,
            "file_name": preview.file_name, "sheet": preview.sheet,
            "mapping": preview.mapping.to_json(), "counts": json.dumps(result),
            "imported_at": now})
        save_mapping(ws, preview.form_id, preview.mapping)
        with deferred_indexing(ws):
            records = []
            for done, row in enumerate(accepted, 1):
                records.append(_response_record(ws, preview, row, batch, now))
                if len(records) == 500 or done == len(accepted):
                    ids = ws.insert_many("responses", records)
                    add_texts(ws, zip(ids, (search_text(ws, preview.form_record_id,
                                                        r["answers"].value) for r in records)))
                    records = []
                steps.step(done)
    result["batch_id"] = batch
    return result


@contextmanager
def _patient(ws: Workspace) -> Iterator[None]:
    """Wait for another import to finish writing (up to a minute) rather than fail after the
    workspace's usual few seconds: two imports at once is a normal thing to do."""
    before = ws.conn.execute("PRAGMA busy_timeout").fetchone()[0]
    ws.conn.execute(f"PRAGMA busy_timeout = {max(before, COMMIT_WAIT_MS)}")
    try:
        yield
    finally:
        ws.conn.execute(f"PRAGMA busy_timeout = {before}")


def _response_record(ws: Workspace, preview: ImportPreview, row: PreparedRow, batch: str,
                     now: str) -> dict[str, Any]:
    """The response an accepted row becomes, with its provenance."""
    warnings = [f"{p.question_text()}: {p.message()}" if p.question else p.message()
                for p in row.problems if p.severity == "warning"]
    return {
        "form_record_id": preview.form_record_id, "form_id": preview.form_id,
        "form_version": preview.version, "status": "complete",
        "review_state": "has_issues" if warnings else "received",
        "review_comment": "\n".join(warnings), "site_id": row.site_id or preview.site_id,
        "cadre_id": row.cadre_id or preview.cadre_id or ws.actor_id,
        "started_at": row.started_at or row.submitted_at or now,
        "finished_at": row.finished_at or row.submitted_at or row.started_at or now,
        "answers": _answers_text(row),
        "source": _source(preview, batch, row.row),
        "import_batch_id": batch, "source_key": row.source_key}


def _source(preview: ImportPreview, batch: str, row: Any) -> str:
    """``{"file": …, "sheet": …, "row": …, "batch": …}`` as JSON: encoded once per import
    around the row number, which is all that differs from row to row."""
    if type(row) is not int:
        return _SOURCE({"file": preview.file_name, "sheet": preview.sheet, "row": row,
                        "batch": batch})
    head, tail = _source_parts(preview.file_name, preview.sheet, batch)
    return f"{head}{row}{tail}"


@lru_cache(maxsize=4)
def _source_parts(file_name: str, sheet: str, batch: str) -> tuple[str, str]:
    head = _SOURCE({"file": file_name, "sheet": sheet})
    return head[:-1] + ', "row": ', ', "batch": ' + _SOURCE(batch) + "}"


def _answers_text(row: PreparedRow) -> JsonText:
    """The row's answers as canonical JSON, encoded once: the text worked out for the row's
    key is reused while the answers still equal what it was made from (they hold only
    texts then, so equal answers give the same text)."""
    encoded = row.encoded
    if encoded is not None and encoded[0] == row.answers:
        return JsonText(encoded[1], row.answers)
    return json_text(row.answers)


def undo_batch(ws: Workspace, batch_id: str) -> int:
    """Take back everything one import added (journaled; the rows stay in history)."""
    with ws.transaction():
        ids = [r[0] for r in ws.query("SELECT id FROM responses WHERE import_batch_id = ?"
                                      " AND deleted = 0", (batch_id,))]
        for rid in ids:
            ws.update("responses", rid, {"deleted": 1})
        ws.update("import_batches", batch_id, {"undone": 1})
    return len(ids)
