"""Turning the data rows of a sheet into answers, column by column.

Survey data repeats itself: a column of 6,000 answers holds a handful of different
values. So each column is parsed on its own, remembering what each distinct cell became
(by type as well as value: ``True`` and ``1`` are different cells), and the rows are put
together from the parsed columns at the end. That is several times faster than parsing
row by row, where every cell pays for finding its question and its parser.
"""

from __future__ import annotations

import hashlib
import re
from operator import itemgetter
from typing import Any

from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import N_
from fieldkit.core.importing.csv_reader import UNREADABLE
from fieldkit.core.importing.mapping import Mapping, question_index
from fieldkit.core.importing.problems import PreparedRow, RowProblem
from fieldkit.core.importing.text import is_blank
from fieldkit.core.importing.values import ChoiceIndex, parse_cell, parse_datetime, parse_text
from fieldkit.core.progress import Progress
from fieldkit.core.store.workspace import canonical_json

_GARBLED = N_("Some characters in this cell could not be read and show as �; "
              "check them against the paper or the original file.")
# A row's key names its submission time in whole seconds, as fieldkit always has, so a
# file imported before sub-second times were kept is still recognised.
_WHOLE_SECONDS = re.compile(r"(?<=:\d\d)\.\d+")
_UNCHOSEN = ("0", "0.0", "false", "FALSE", "否", "未选")


def _per_distinct(cells: list, parse) -> list:
    """``[parse(c) for c in cells]``, calling ``parse`` once per distinct cell (by type as
    well as value: ``1`` and ``1.0`` and ``True`` are different cells)."""
    keys = list(zip(map(type, cells), cells))
    done = {key: parse(key[1]) for key in set(keys)}
    return list(map(done.__getitem__, keys))


class RowParser:
    def __init__(self, definition: FormDefinition, mapping: Mapping,
                 scope: tuple[str, ...] = ()) -> None:
        index = question_index(definition, scope)
        self.columns = []
        for col in mapping.columns:
            target = col.target
            if target.kind in ("question", "option", "geopoint_part") and \
                    target.name in index.questions:
                question = index.questions[target.name]
                choices = index.choice_lists.get(target.name)
                self.columns.append((col, question, ChoiceIndex.build(choices) if choices else None))
            elif target.kind in ("source_id", "submitted_at"):
                self.columns.append((col, None, None))

    def parse_rows(self, data: list[tuple[int, list]], steps: Progress | None = None,
                   label: str = "") -> list[PreparedRow]:
        """One ``PreparedRow`` per (row number, cells) of ``data``, in order."""
        count = len(data)
        numbers = [number for number, _ in data]
        width = max((col.index + 1 for col, _, _ in self.columns), default=0)
        rows = [cells if len(cells) >= width else [*cells, *[None] * (width - len(cells))]
                for _, cells in data]
        problems: dict[int, list[RowProblem]] = {}
        source_ids = submitted = None
        answered: list[tuple[str, list]] = []       # (question, value or None per row)
        options: dict[str, list[list[str]]] = {}    # question -> chosen options per row
        places: dict[str, list[list[str]]] = {}     # geopoint -> its four parts per row
        place_columns: dict[str, object] = {}       # geopoint -> its latitude's column
        for done, (col, question, choices) in enumerate(self.columns, 1):
            cells = list(map(itemgetter(col.index), rows))
            kind = col.target.kind
            if kind == "source_id":
                source_ids = _per_distinct(cells, lambda c: "" if is_blank(c) else parse_text(c)[0])
            elif kind == "submitted_at":
                submitted = _per_distinct(
                    cells, lambda c: "" if is_blank(c) else parse_datetime(c)[0] or "")
            elif kind == "geopoint_part":
                parts = places.setdefault(question.name, [["", "", "", ""] for _ in range(count)])
                part = int(col.target.choice)
                if part < 2:
                    place_columns.setdefault(question.name, col)
                for i, cell in enumerate(cells):
                    if not is_blank(cell):
                        parts[i][part] = parse_text(cell)[0] or ""
            elif kind == "option":
                chosen = options.setdefault(question.name, [[] for _ in range(count)])
                for i, cell in enumerate(cells):
                    if not is_blank(cell) and str(cell).strip() not in _UNCHOSEN:
                        chosen[i].append(col.target.choice)
            else:
                answered.append((question.name, *self._parse_column(
                    col, question, choices, cells, numbers, problems)))
            if steps is not None:
                steps.step(done * count // len(self.columns), label)
        names = [name for name, _, _ in answered]
        columns = [values for _, values, _ in answered]
        texts = _answers_texts(answered, count) if not options and not places else None
        out = []
        for i, values in enumerate(zip(*columns) if columns else ([()] * count)):
            answers: dict[str, Any] = {n: v for n, v in zip(names, values) if v is not None}
            for name, chosen in options.items():
                if chosen[i]:
                    merged = answers.get(name, "").split() + chosen[i]
                    answers[name] = " ".join(dict.fromkeys(merged))
            for name, parts in places.items():  # the whole location's column wins
                if name in answers or not any(parts[i]):
                    continue
                if parts[i][0] and parts[i][1]:
                    answers[name] = " ".join(p or "0" for p in parts[i])
                else:   # an altitude without its latitude and longitude: not a location
                    col = place_columns.get(name)
                    problems.setdefault(i, []).append(RowProblem(
                        numbers[i], column_letter(col.index) if col else "",
                        col.header if col else "", name, N_("Not a location"), {},
                        N_("a latitude and a longitude"), " ".join(parts[i]).strip()))
            source_id = source_ids[i] if source_ids else ""
            when = submitted[i] if submitted else ""
            text = texts[i] if texts is not None else canonical_json(answers)
            encoded = (dict(answers), text)
            if source_id:
                key = f"id:{source_id}|{_WHOLE_SECONDS.sub('', when)}"
            else:
                key = "row:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
            row = PreparedRow(numbers[i], answers, key, when, problems.get(i, []),
                              encoded=encoded)
            if any(p.severity == "error" for p in row.problems):
                row.status = "rejected"
            elif row.problems:
                row.status = "warning"
            out.append(row)
        return out

    @staticmethod
    def _parse_column(col, question, choices, cells: list, numbers: list[int],
                      problems: dict[int, list[RowProblem]]) -> tuple[list, list | None]:
        """The answers of one column (None where unanswered or unreadable), and each one's
        ``"name":value`` JSON fragment (None where unanswered; the list is None when a value
        is not JSON); the unreadable cells are added to ``problems`` by row. Each distinct
        cell is parsed and encoded once."""
        if set(map(type, cells)) <= {str, type(None)}:
            keys = cells
        else:  # 1, 1.0 and True are equal as dict keys, but not as answers
            keys = list(zip(map(type, cells), cells))
        parsed = {key: parse_cell(question.type, key if keys is cells else key[1], choices)
                  for key in set(keys)}
        values = list(map({k: v for k, (v, _) in parsed.items()}.__getitem__, keys))
        # Cells that cannot be read are errors; text with bytes a CSV's encoding could not
        # read is kept, with a warning.
        flagged = {k: (p.msgid, p.expected, p.found, "error") for k, (_, p) in parsed.items()
                   if p is not None}
        if keys is cells:
            flagged.update((k, (_GARBLED, "", parsed[k][0], "warning")) for k in parsed
                           if k is not None and UNREADABLE in k and k not in flagged)
        if flagged:
            letter = column_letter(col.index)
            for i, key in enumerate(keys):
                found = flagged.get(key)
                if found is not None:
                    msgid, expected, text, severity = found
                    problems.setdefault(i, []).append(RowProblem(
                        numbers[i], letter, col.header, question.name, msgid, {}, expected,
                        text, severity))
        try:
            name = canonical_json(question.name) + ":"
            encoded = {k: None if v is None else name + canonical_json(v)
                       for k, (v, _) in parsed.items()}
        except (TypeError, ValueError):  # not JSON: the row's answers are encoded whole
            return values, None
        return values, list(map(encoded.__getitem__, keys))


def _answers_texts(answered: list[tuple[str, list, list | None]], count: int) -> list[str] | None:
    """Each row's answers as ``canonical_json`` writes them (keys sorted, no spaces), put
    together from the columns' fragments: a value is encoded once per column rather than
    once per row. None when a column has no fragments or two columns answer one question."""
    if len({name for name, _, _ in answered}) != len(answered) or \
            any(fragments is None for _, _, fragments in answered):
        return None
    ordered = [fragments for _, _, fragments in sorted(answered, key=itemgetter(0))]
    if not ordered:
        return ["{}"] * count
    return ["{" + ",".join(filter(None, row)) + "}" for row in zip(*ordered)]
