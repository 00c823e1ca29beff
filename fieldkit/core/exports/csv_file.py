"""Responses as CSV: one file per table (``OUT.csv``, then ``OUT-<repeat>.csv`` beside it).

UTF-8 with a byte-order mark by default, so Excel and WPS open Chinese correctly;
``gb18030`` for older tools (it encodes every character, emoji included). The header row
holds "label (name)" for each column.

Keeping user text literal: Excel and WPS run a CSV cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula. Such a text cell (unless it is a
plain negative number such as ``-5``, which Excel shows as typed) gets one leading
apostrophe, which Excel and WPS take as "this is text" and do not show; every other cell
is written exactly as stored. A program reading the CSV sees the apostrophe, which is why
the .xlsx, .sav and SQLite exports (which have real text cells) never add one.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

from fieldkit.core.exports.about import About
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.layout import Layout
from fieldkit.core.i18n import N_
from fieldkit.core.spreadsheet_out import (check_folder, temp_prefix, usual_mode,
                                           write_atomically)

ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "utf8": "utf-8-sig",
             "gb18030": "gb18030"}
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?\Z")


def literal(value: object) -> object:
    """A CSV cell's text that a spreadsheet will show as typed, never run as a formula."""
    if value.__class__ is str and value.startswith(_TRIGGERS) \
            and not _NEGATIVE_NUMBER.match(value):
        return "'" + value
    return value


def table_paths(layout: Layout, target: Path) -> dict[str, Path]:
    """The file of each table: the target for the responses, ``stem-<repeat>.csv`` else."""
    paths = {"": target}
    for table in layout.tables[1:]:
        paths[table.key] = target.with_name(f"{target.stem}-{table.key}{target.suffix}")
    return paths


def write_csv(layout: Layout, stream: Iterable, target: str | Path, about: About, *,
              encoding: str = "utf-8") -> list[Path]:
    """Write every table; all files appear once complete (written beside and renamed)."""
    codec = ENCODINGS.get(encoding.lower().replace("_", "-"))
    if codec is None:
        raise ExportError(N_("Unknown CSV encoding “{encoding}”: use utf-8 or gb18030."),
                          encoding=encoding)
    target = Path(target)
    check_folder(target)
    paths = table_paths(layout, target)
    temps: dict[str, str] = {}

    def write(main_temp: str) -> None:
        handles = {}
        try:
            for key, path in paths.items():
                if key:
                    fd, temps[key] = tempfile.mkstemp(prefix=temp_prefix(), suffix=".csv",
                                                      dir=path.parent)
                    os.close(fd)
                handles[key] = open(temps.get(key, main_temp), "w", encoding=codec,
                                    newline="", errors="strict")
            writers = {key: csv.writer(handle) for key, handle in handles.items()}
            counts = dict.fromkeys(paths, 0)
            for table in layout.tables:
                writers[table.key].writerow([literal(c.header) for c in table.columns])
            main = writers[""]
            for row, repeats in stream:
                main.writerow([literal(v) for v in row])
                counts[""] += 1
                for key, values in repeats:
                    writers[key].writerow([literal(v) for v in values])
                    counts[key] += 1
            for handle in handles.values():
                handle.flush()
                os.fsync(handle.fileno())
            about.counts.update(counts)
        finally:
            for handle in handles.values():
                handle.close()
        for key, temp in temps.items():
            os.chmod(temp, usual_mode(paths[key]))
            os.replace(temp, paths[key])

    try:
        write_atomically(target, write)
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                try:
                    os.unlink(temp)
                except OSError:
                    pass
    return list(paths.values())

