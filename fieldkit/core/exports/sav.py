"""Responses as SPSS .sav files (one per table: ``OUT.sav``, ``OUT-<repeat>.sav``).

Written with pyreadstat, the ecosystem's writer, which needs pandas and numpy: 33 MB of
wheels, about 175 MB installed (the whole desktop bundle is 120 MB), so it is the optional
``spss`` component (``pip install "fieldkit[spss]"``, left out of the desktop bundle by
build.spec); without it this format says so and nothing else changes.

SPSS keeps codes and shows labels: every select_one is its stored code (numeric when all
of the list's codes are whole numbers, text otherwise) with value labels; each variable's
label is the question's label. A select_multiple question is its codes as stored plus a
0/1 variable per option. Variable names follow SPSS's rules (a letter first; letters,
digits, ``_ . @ # $``; at most 64 bytes; not a reserved word; distinct ignoring case),
derived from the question names. A text longer than SPSS holds (32,767 bytes) is refused,
naming the response and question, rather than cut.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path
from typing import Iterable

from fieldkit.core.exports.about import About
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.layout import (META, NUMBER, OPTION, RANKED, SELECT_MULTIPLE,
                                          SELECT_ONE, Column, Layout)
from fieldkit.core.i18n import N_, tr
from fieldkit.core.spreadsheet_out import check_folder, write_atomically

SPSS_STRING_LIMIT = 32_767  # bytes
_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
_BAD = re.compile(r"[^\w.@#$]")
_NUMERIC_META = {"_revision", "_import_row", "_index"}


def spss_available() -> bool:
    try:
        import pandas  # noqa: F401
        import pyreadstat  # noqa: F401
    except ImportError:
        return False
    return True


def variable_names(columns: list[Column]) -> list[str]:
    """A valid, distinct SPSS variable name for each column. Questions keep their names
    first; the metadata columns (``_id`` ...) lose their leading underscore."""
    names: list[str] = [""] * len(columns)
    taken: set[str] = set()
    order = sorted(range(len(columns)), key=lambda i: columns[i].kind == META)
    for index in order:
        key = columns[index].key
        if columns[index].kind == META:
            key = key.lstrip("_")
        base = _BAD.sub("_", key.replace("/", "_"))
        if not base[:1].isalpha():
            base = "v" + base
        base = _bytes_cut(base.rstrip("."), 64)
        name, n = base, 2
        while name.upper() in taken or name.upper() in _RESERVED:
            suffix = f"_{n}"
            name, n = _bytes_cut(base, 64 - len(suffix)) + suffix, n + 1
        taken.add(name.upper())
        names[index] = name
    return names


def _note_lines(text: str) -> list[str]:
    """SPSS document lines hold 80 bytes each."""
    lines, line = [], ""
    for ch in text:
        if len((line + ch).encode("utf-8")) > 80:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def _bytes_cut(text: str, limit: int) -> str:
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text


def _drive_full(path: str) -> bool:
    try:
        return shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free < 1024 * 1024
    except OSError:
        return False


def table_paths(layout: Layout, target: Path) -> dict[str, Path]:
    paths = {"": target}
    for table in layout.tables[1:]:
        paths[table.key] = target.with_name(f"{target.stem}-{table.key}{target.suffix}")
    return paths


def write_sav(layout: Layout, stream: Iterable, target: str | Path, about: About) -> list[Path]:
    if not spss_available():
        raise ExportError(N_("SPSS export needs the optional spss component. Install it with: "
                             "pip install \"fieldkit[spss]\" — or export as XLSX, CSV or "
                             "SQLite."))
    target = Path(target)
    check_folder(target)
    rows: dict[str, list] = {t.key: [] for t in layout.tables}
    for row, repeats in stream:
        rows[""].append(row)
        for key, values in repeats:
            rows[key].append(values)
    about.counts.update({key: len(values) for key, values in rows.items()})
    paths = table_paths(layout, target)
    # every table is checked (a text too long for SPSS) before any file is written, so a
    # refusal leaves no repeat's file behind
    writers = [(paths[table.key], _prepare_table(table, rows.pop(table.key), about))
               for table in layout.tables]
    written: list[Path] = []
    try:
        for path, write in reversed(writers):  # the responses file last: it names the others
            write(path)
            written.append(path)
    except BaseException:
        for path in written:  # all the files or none
            path.unlink(missing_ok=True)
        raise
    return list(paths.values())


def _write_table(table, rows: list, path: Path, about: About) -> None:
    _prepare_table(table, rows, about)(path)


def _prepare_table(table, rows: list, about: About):
    """Check one table's values and return the function writing it to a path."""
    import pandas as pd
    import pyreadstat

    names = variable_names(table.columns)
    data, labels, value_labels, measures = {}, {}, {}, {}
    yes_no = {0: tr("Not chosen"), 1: tr("Chosen")}
    for index, (column, name) in enumerate(zip(table.columns, names)):
        values = [r[index] for r in rows]
        labels[name] = (column.label or column.key)[:250]
        kind = column.kind
        if kind == OPTION or (kind == META and column.key in _NUMERIC_META) or (
                kind == NUMBER and all(not isinstance(v, str) for v in values)):
            data[name] = pd.Series([float(v) if v is not None else None for v in values],
                                   dtype="float64")
            if kind == OPTION:
                value_labels[name], measures[name] = yes_no, "nominal"
            else:
                measures[name] = "scale" if kind == NUMBER else "nominal"
            continue
        if kind == SELECT_ONE and column.choices and all(
                re.fullmatch(r"-?\d{1,9}", c) for c in column.choices):
            data[name] = pd.Series([float(v) if v not in (None, "") else None for v in values],
                                   dtype="float64")
            value_labels[name] = {int(c): label for c, label in column.choices.items()}
            measures[name] = "nominal"
            continue
        texts = ["" if v is None else str(v) for v in values]
        for row_index, text in enumerate(texts):
            if len(text) * 3 > SPSS_STRING_LIMIT and len(text.encode("utf-8")) > SPSS_STRING_LIMIT:
                raise ExportError(N_("The answer to “{question}” in response {response} is "
                                     "longer than SPSS holds ({limit} bytes). Nothing was "
                                     "written. Export as CSV or SQLite, which keep it whole."),
                                  question=column.question or column.key,
                                  response=rows[row_index][0], limit=SPSS_STRING_LIMIT)
        data[name] = pd.Series(texts, dtype="object")
        if kind in (SELECT_ONE,) and column.choices:
            value_labels[name] = dict(column.choices)
        if kind in (SELECT_ONE, SELECT_MULTIPLE, RANKED):
            measures[name] = "nominal"
    frame = pd.DataFrame(data, columns=names)
    notes = [part for label, value in about.lines()
             for part in _note_lines(f"{label}: {value}")]
    file_label = _bytes_cut(tr("Contains personal data") if about.has_personal else
                            about.layout.title, 64)

    def write(temp: str) -> None:
        try:
            pyreadstat.write_sav(frame, temp, file_label=file_label, column_labels=labels,
                                 note=notes, variable_value_labels=value_labels,
                                 variable_measure=measures)
            # on a full drive pyreadstat may return without a word, leaving an empty file:
            # the file is read back before it takes the target's place
            pyreadstat.read_sav(temp, metadataonly=True)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, ValueError,
                TypeError) as exc:
            if _drive_full(temp):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) from None
            raise ExportError(N_("The SPSS file could not be written ({reason}). Nothing was "
                                 "written."), reason=str(exc)) from None

    def write_to(path: Path) -> None:
        write_atomically(path, write)

    return write_to
