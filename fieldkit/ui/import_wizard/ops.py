"""The wizard's database and file work: small functions run on the database thread through
``window.tasks.run(...)`` / ``run_with_progress(...)``. Each calls core and returns plain data;
none holds a business rule of its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.core.work import directory
from fieldkit.core.forms import store
from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.importing import batches, pipeline, report
from fieldkit.core.importing.mapping import Mapping
from fieldkit.core.importing.pipeline import ImportPreview
from fieldkit.core.forms.workbook import cell_text
from fieldkit.core.importing.table import read_tables
from fieldkit.core.importing.values import is_skip_marker
from fieldkit.core.progress import CancelToken
from fieldkit.core.responses.records import definition_for

SAMPLES_PER_COLUMN = 3
SAMPLE_ROWS = 50          # look no further than this for sample values


@dataclass
class Prepared:
    """What the wizard shows after reading and checking a file."""

    path: Path
    form_id: str
    preview: ImportPreview
    definition: FormDefinition
    samples: dict[int, list[str]] | None   # column index -> a few values as typed


def list_forms(ws) -> list[dict[str, Any]]:
    return store.list_forms(ws)


def list_directory(ws) -> dict[str, list[tuple[str, str]]]:
    """(id, name) of the active sites and cadres, for “the same for every row”."""
    return {"sites": directory.choices_for(ws, "sites"),
            "cadres": directory.choices_for(ws, "cadres")}


def prepare(ws, path: Path, form_id: str, mapping: Mapping | None = None,
            with_samples: bool = False, *, progress=None, cancel=None) -> Prepared:
    """``pipeline.prepare`` (writes nothing), plus the form it checked against and, the first
    time, a few values of every column to show beside the mapping."""
    preview = pipeline.prepare(ws, path, form_id, mapping=mapping, progress=progress,
                               cancel=cancel, require_match=False)
    definition = definition_for(ws, preview.form_record_id)
    samples = _samples(path, preview, cancel) if with_samples else None
    return Prepared(Path(path), form_id, preview, definition, samples)


def _samples(path: Path, preview: ImportPreview,
             cancel: CancelToken | None) -> dict[int, list[str]]:
    tables = read_tables(path, preview.sheet or None, cancel)
    table = next((t for t in tables if t.sheet == preview.sheet), tables[0])
    after = max(preview.header_rows, default=0)
    out: dict[int, list[str]] = {}
    for number, cells in [r for r in table.rows if r[0] > after][:SAMPLE_ROWS]:
        for index, value in enumerate(cells):
            if value is None or is_skip_marker(value) or not str(value).strip():
                continue  # “-” or “none” may be an answer (a choice): shown
            found = out.setdefault(index, [])
            text = cell_text(value)  # 36.0 shows as 36, a date as 2024-05-01
            if len(found) < SAMPLES_PER_COLUMN and text not in found:
                found.append(text)
    return out


def commit(ws, preview: ImportPreview, include_warnings: bool, site_id: str | None = None,
           cadre_id: str | None = None, *, progress=None, cancel=None) -> dict[str, Any]:
    """Import, with the site and cadre the user chose for rows that name none."""
    preview.site_id, preview.cadre_id = site_id, cadre_id
    return pipeline.commit(ws, preview, include_warnings=include_warnings, progress=progress,
                           cancel=cancel)


def list_batches(ws, form_id: str | None = None) -> list[dict[str, Any]]:
    return batches.list_batches(ws, form_id)


def undo(ws, batch_id: str) -> int:
    return pipeline.undo_batch(ws, batch_id)


def save_report(ws, preview: ImportPreview, source: Path, target: Path) -> Path:
    """The problems as an .xlsx (runs here so the UI thread never waits on the file)."""
    return report.write_report(preview, source, target)
