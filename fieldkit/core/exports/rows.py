"""The values of an export: one stored response turned into a row of each table.

Answers are read with the response's own version (its choice labels); values are labels
or, with ``codes``, the stored codes. A select_multiple answer is its joined labels (or
its codes as stored) and 1/0 in each option's column; an unanswered question is blank in
all of them. Numbers stay numbers, everything else stays exactly the text stored: nothing
here changes an answer (keeping text literal in a given file format is the writer's job).

Speed matters (50,000 responses × 80 questions): each version gets one list of small
functions, one per column, built once; a row is one pass over that list.
"""

from __future__ import annotations

import json
from typing import Any, Callable

import orjson

from fieldkit.core.exports.layout import (META, NUMBER, OPTION, RANKED, SELECT_MULTIPLE,
                                          SELECT_ONE, Layout, Table)
from fieldkit.core.i18n import current_language, tr
from fieldkit.core.responses.records import REVIEW_STATES, STATUSES

Getter = Callable[[dict], Any]


def _number(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return value
            return number if number == number and abs(number) != float("inf") else value
    return value


def _text(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


class RowBuilder:
    """Makes the rows of every table for one response at a time."""

    def __init__(self, layout: Layout, *, codes: bool = False) -> None:
        self.layout = layout
        self.codes = codes
        self.separator = "、" if current_language().startswith("zh") else ", "
        self._plans: dict[tuple[str, str], list[Getter]] = {}
        self._status = {k: tr(v) for k, v in STATUSES}
        self._review = {k: tr(v) for k, v in REVIEW_STATES}
        self.repeat_tables = [t for t in layout.tables if t.key]

    # -- plans ----------------------------------------------------------------------------

    def _plan(self, table: Table, record_id: str) -> list[Getter]:
        key = (table.key, record_id)
        plan = self._plans.get(key)
        if plan is None:
            labels = self.layout.version_labels.get(record_id, {})
            plan = [self._getter(c, labels.get(c.question, {})) for c in table.columns
                    if c.kind != META]
            self._plans[key] = plan
        return plan

    def _getter(self, column, labels: dict[str, str]) -> Getter:
        name = column.question
        if column.kind == NUMBER:
            return lambda a: _number(_text(a.get(name)))
        if column.kind == SELECT_ONE:
            if self.codes:
                return lambda a: _text(a.get(name))
            return lambda a: _label(a.get(name), labels)
        if column.kind in (SELECT_MULTIPLE, RANKED):
            if self.codes:
                return lambda a: _text(a.get(name))
            separator = self.separator
            return lambda a: _labels(a.get(name), labels, separator)
        if column.kind == OPTION:
            code, memo = column.option, [None, ()]

            def option(a: dict) -> Any:
                raw = a.get(name)
                if raw is None or raw == "":
                    return None
                if raw is not memo[0]:
                    memo[0], memo[1] = raw, (raw.split() if isinstance(raw, str) else
                                             [str(v) for v in raw])
                return 1 if code in memo[1] else 0
            return option
        return lambda a: _text(a.get(name))

    # -- rows -----------------------------------------------------------------------------

    def response(self, row) -> tuple[list, list[tuple[str, list]]]:
        """(the responses-table row, [(repeat table key, row), ...]) of one stored response."""
        answers = decode(row["answers"])
        record_id = row["form_record_id"]
        source = _source(row["source"])
        status, review = row["status"], row["review_state"]
        main = [row["id"], row["form_version"], row["site_name"], row["cadre_name"],
                row["started_at"] or None, row["finished_at"] or None,
                status if self.codes else self._status.get(status, status),
                review if self.codes else self._review.get(review, review),
                row["review_comment"] or None, row["revision"],
                source.get("file"), source.get("sheet"), source.get("row"),
                source.get("batch") or row["import_batch_id"]]
        main.extend([get(answers) for get in self._plan(self.layout.tables[0], record_id)])
        repeats: list[tuple[str, list]] = []
        if self.repeat_tables:
            self._repeat_rows(answers, (), row["id"], row["id"], record_id, repeats)
        return main, repeats

    def _repeat_rows(self, answers: dict, path: tuple[str, ...], parent_id: str,
                     response_id: str, record_id: str, out: list) -> None:
        for table in self.repeat_tables:
            if table.path[:-1] != path:
                continue
            entries = answers.get(table.key)
            if not isinstance(entries, list):
                continue
            plan = self._plan(table, record_id)
            for index, entry in enumerate(entries, start=1):
                if not isinstance(entry, dict):
                    continue
                entry_id = f"{parent_id}/{table.key}/{index}"
                out.append((table.key, [entry_id, parent_id, response_id, index,
                                        *[get(entry) for get in plan]]))
                self._repeat_rows(entry, table.path, entry_id, response_id, record_id, out)


def decode(text: str) -> dict:
    try:
        answers = orjson.loads(text or "{}")
    except orjson.JSONDecodeError:
        return {}
    return answers if isinstance(answers, dict) else {}


def _source(text: str) -> dict:
    if not text or not text.startswith("{"):
        return {}
    try:
        source = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    return source if isinstance(source, dict) else {}


def _label(code: Any, labels: dict[str, str]) -> Any:
    if code is None or code == "":
        return None
    return labels.get(code, code) if isinstance(code, str) else code


def _labels(raw: Any, labels: dict[str, str], separator: str) -> Any:
    if raw is None or raw == "":
        return None
    codes = raw.split() if isinstance(raw, str) else [str(v) for v in raw]
    return separator.join(labels.get(c, c) for c in codes)
