"""The rows of a form's repeats, from the other sheets of a platform export, put into the
answers of the submissions they belong to.

KoboToolbox writes each repeat to its own sheet, named after the repeat, whose rows point
at their parent row by ``_parent_table_name`` + ``_parent_index`` (the parent sheet's
``_index``) and at the submission by ``_submission__uuid``. ODK Central writes one CSV per
repeat (``FormId-repeat.csv``) whose rows point at their parent by ``PARENT_KEY`` (the
submission's instance id, or the ``KEY`` of the enclosing repeat's row).

An imported response stores repeat instances exactly as the form runner does: the
repeat's name holds a list with one dict of answers per instance (nested repeats inside).
A child row whose parent is not in the file is a problem on its own row, never dropped
silently; a repeat sheet imported without its main sheet is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.core.forms.model import FormDefinition
from fieldkit.core.forms.workbook import column_letter
from fieldkit.core.i18n import N_
from fieldkit.core.importing.errors import ImportFileError
from fieldkit.core.importing.headers import HeaderInfo, detect_header
from fieldkit.core.importing.problems import PreparedRow, RowProblem
from fieldkit.core.importing.table import Table
from fieldkit.core.importing.text import header_key
from fieldkit.core.progress import CancelToken

#: Columns by which a row points at its parent: only a repeat's sheet has one.
PARENT_LINKS = ("_parent_index", "_parent_table_name", "_submission__uuid", "_submission__id",
                "parent_key")
_INDEX, _UUID, _KEY = "_index", "_uuid", "key"
_INSTANCE_IDS = ("_uuid", "meta/instanceid", "meta-instanceid", "instanceid", "key")


def refuse_repeat_sheet(table: Table, header: HeaderInfo) -> None:
    """A repeat's sheet alone makes responses with nothing but the repeat's rows in them,
    each a “duplicate” of the next: refused, saying what to import instead."""
    keys = [header_key(h) for h in header.columns]
    link = next((header.columns[keys.index(k)] for k in PARENT_LINKS if k in keys), None)
    if link is None:
        return
    raise ImportFileError(
        N_("“{sheet}” in “{file}” holds the rows of a repeated group: its “{column}” column "
           "links each row to an answer sheet that is not in it. Import the whole export "
           "instead: the workbook with the form's main sheet, or ODK Central's zip of CSV "
           "files."), sheet=table.sheet or table.file_name, file=table.file_name, column=link)


@dataclass
class RepeatSheet:
    """What the preview says about one repeat sheet it read."""

    sheet: str
    repeat: str          # the repeat's name ("" when its rows fit none of the form's repeats)
    rows: int
    linked: int          # rows put into a response (the rest are listed as problems)


@dataclass
class _Sheet:
    """One sheet of rows: the main one or a repeat's, with its links read."""

    table: Table
    chain: tuple[str, ...]
    rows: list[PreparedRow]
    cells: list[list]                       # the data rows' cells, aligned with ``rows``
    columns: dict[str, int]                 # header key -> column index
    answers: list[dict] = field(default_factory=list)   # the dict each row fills
    owners: list[PreparedRow | None] = field(default_factory=list)
    # question -> (column letter, header) of the column it came from on this sheet
    places: dict[str, tuple[str, str]] = field(default_factory=dict)
    # per row: (parent sheet, parent row, position among the parent's instances)
    links: list[tuple | None] = field(default_factory=list)

    def value(self, i: int, key: str) -> str:
        """The id or link in column ``key`` of row ``i`` ("" when there is none): ids are
        never blank-words, so only an empty cell is empty."""
        index = self.columns.get(key)
        cells = self.cells[i]
        if index is None or index >= len(cells):
            return ""
        cell = cells[index]
        if cell is None or cell == "":
            return ""
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        return str(cell).strip()


def attach_repeats(definition: FormDefinition, path: str | Path, tables: list[Table],
                   main: Table, header: HeaderInfo, rows: list[PreparedRow],
                   cancel: CancelToken | None = None,
                   sheet: str | None = None) -> list[RepeatSheet]:
    """Put the rows of the repeat sheets among ``tables`` into ``rows`` (the main sheet's,
    in order); add a rejected row with a problem for each child row without a parent.
    ``sheet``: the main sheet the user named (the other sheets are read here then)."""
    from fieldkit.core.forms.session import schema_for

    _times(definition, rows)
    schema = schema_for(definition)
    repeats = {n: f for n, f in schema.fields.items() if f.kind == "repeat"}
    if not repeats:
        return []
    if sheet and len(tables) == 1:
        from fieldkit.core.importing.table import read_tables

        tables = read_tables(path, None, cancel)
    parent = _Sheet(main, (), list(rows), _cells(main, header, rows), _columns(header.columns))
    parent.answers = [row.answers for row in rows]
    parent.owners = list(rows)
    sheets = {main.sheet: parent}
    children = []
    for table in tables:
        if table is main or table.sheet == main.sheet:
            continue
        child = _child_sheet(definition, table, repeats, main.sheet)
        if child is not None:
            children.append(child)
    children.sort(key=lambda c: len(c.chain))   # parents before their children
    keyed = _keys(parent)
    for child in children:
        if cancel is not None:
            cancel.raise_if_cancelled()
        _link(child, sheets, keyed, rows)
        sheets[child.table.sheet] = child
        keyed.update(_keys(child))
    for child in children:   # parents first: an instance is checked with its parent's final answers
        if child.chain:
            _check_rules(definition, child)
    return [RepeatSheet(c.table.sheet, c.chain[-1] if c.chain else "", len(c.rows),
                        sum(1 for o in c.owners if o is not None)) for c in children]


def _times(definition: FormDefinition, rows: list[PreparedRow]) -> None:
    """A response's start and finish are the form's own ``start`` / ``end`` answers when
    the file has them (to the millisecond), not the time the server received it."""
    start = next((q.name for q in definition.walk() if q.type == "start"), None)
    end = next((q.name for q in definition.walk() if q.type == "end"), None)
    if start is None and end is None:
        return
    for row in rows:
        row.started_at = row.answers.get(start, "") if start else ""
        row.finished_at = row.answers.get(end, "") if end else ""


def _cells(table: Table, header: HeaderInfo, rows: list[PreparedRow]) -> list[list]:
    """The cells of each prepared row, found by its row number in the file."""
    by_number = dict(table.rows[header.data_start:])
    return [by_number.get(row.row, []) for row in rows]


def _columns(headers: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, text in enumerate(headers):
        out.setdefault(header_key(text), i)
    return out


def _repeat_for(table: Table, headers: list[str], repeats: dict, definition, main: str):
    """Which repeat a sheet holds: by its name (Kobo: the repeat's name, cut to 31
    characters; ODK: ``FormId-repeat.csv``), else by the questions its columns name."""
    from fieldkit.core.importing.mapping import propose_mapping, question_index

    name = table.sheet
    for repeat in repeats:
        if name == repeat or name == repeat[:31] or name.lower() == repeat.lower():
            return repeat
        tail = name.split("~")[0]
        if main and tail == f"{main}-{repeat}" or tail.endswith(f"-{repeat}"):
            return repeat
    best, score = None, 0
    for repeat, f in repeats.items():
        scope = f.chain + (repeat,)
        if not question_index(definition, scope).questions:
            continue
        mapping = propose_mapping(definition, headers, None, scope)
        found = sum(1 for c in mapping.columns if c.target.kind in ("question", "option")
                    and c.confidence >= 0.95)
        if found > score:
            best, score = repeat, found
    return best


def _child_sheet(definition, table: Table, repeats: dict, main: str) -> _Sheet | None:
    """A repeat's sheet, parsed with the questions of that repeat; None for a sheet that
    links to no parent (notes, a pivot table, a sheet of some other form)."""
    from fieldkit.core.importing.mapping import propose_mapping
    from fieldkit.core.importing.row_parser import RowParser

    keys = set(PARENT_LINKS) | {_INDEX, _KEY}
    header = detect_header([cells for _, cells in table.rows], keys)
    columns = _columns(header.columns)
    if not any(k in columns for k in PARENT_LINKS):
        return None
    repeat = _repeat_for(table, header.columns, repeats, definition, main)
    data = table.rows[header.data_start:]
    if repeat is None:
        rows = [PreparedRow(number, {}, f"orphan:{table.sheet}:{number}") for number, _ in data]
        chain: tuple[str, ...] = ()
    else:
        chain = repeats[repeat].chain + (repeat,)
        mapping = propose_mapping(definition, header.columns, header.sub_headers, chain)
        rows = RowParser(definition, mapping, chain).parse_rows(data, None, table.file_name)
    sheet = _Sheet(table, chain, rows, _cells(table, header, rows), columns)
    sheet.answers = [row.answers for row in rows]
    sheet.owners = [None] * len(rows)
    sheet.links = [None] * len(rows)
    if repeat is not None:
        sheet.places = {c.target.name: (column_letter(c.index), c.header)
                        for c in mapping.columns if c.target.kind == "question"}
    return sheet


def _keys(sheet: _Sheet) -> dict[tuple[str, str], tuple[_Sheet, int]]:
    """How the rows of ``sheet`` are pointed at: (sheet, ``_index``), the submission's
    uuid, ODK's KEY."""
    out: dict[tuple[str, str], tuple[_Sheet, int]] = {}
    for i in range(len(sheet.rows)):
        index = sheet.value(i, _INDEX)
        if index:
            out[(sheet.table.sheet, index)] = (sheet, i)
        for key in (_KEY,) if sheet.chain else _INSTANCE_IDS:
            value = sheet.value(i, key)
            if value:
                out.setdefault(("", value), (sheet, i))
                if not sheet.chain and not value.startswith("uuid:"):
                    out.setdefault(("", "uuid:" + value), (sheet, i))
    return out


def _parent_sheet(child: _Sheet, sheets: dict[str, _Sheet], table_name: str) -> str:
    """The sheet ``_parent_table_name`` names (Kobo cuts sheet names to 31 characters), else
    the sheet of the enclosing repeat (or the main sheet)."""
    for name in (table_name, table_name[:31]):
        if name and name in sheets:
            return name
    return next((name for name, s in sheets.items() if s.chain == child.chain[:-1]), "")


def _link(child: _Sheet, sheets: dict[str, _Sheet], keyed: dict, rows: list[PreparedRow]) -> None:
    repeat = child.chain[-1] if child.chain else ""
    for i, row in enumerate(child.rows):
        found = None
        table_name = child.value(i, "_parent_table_name")
        parent_index = child.value(i, "_parent_index")
        if parent_index and repeat:
            found = keyed.get((_parent_sheet(child, sheets, table_name), parent_index))
        for key in ("parent_key", "_submission__uuid"):
            value = child.value(i, key)
            if found is None and value and (key == "parent_key" or len(child.chain) == 1):
                found = keyed.get(("", value)) or keyed.get(("", "uuid:" + value))
        if found is not None and repeat and found[0].chain != child.chain[:-1]:
            found = None   # a row of another repeat's sheet, or of the wrong level
        if found is not None and found[0].owners[found[1]] is None:
            found = None   # its parent row is itself without a parent: not imported either
        if found is None or not repeat:
            rows.append(_orphan(child, i, row, table_name, parent_index))
            continue
        parent, j = found
        owner = parent.owners[j]
        instances = parent.answers[j].setdefault(repeat, [])
        instances.append(row.answers)
        child.owners[i] = owner
        child.links[i] = (parent, j, len(instances))
        if owner is not None:
            _adopt_problems(owner, child, row)


def _surroundings(sheet: _Sheet, i: int) -> tuple[dict[str, str], dict[str, int]]:
    """The answers around row ``i`` of a repeat sheet (its parent row's and theirs: what
    ``${name}`` and ``..`` reach) and the positions of it and its enclosing instances."""
    link = sheet.links[i] if sheet.links else None
    if link is None:
        return {}, {}
    parent, j, position = link
    outer, positions = _surroundings(parent, j)
    outer = {**outer, **{k: v for k, v in parent.answers[j].items() if isinstance(v, str)}}
    return outer, {**positions, sheet.chain[-1]: position}


def _check_rules(definition: FormDefinition, child: _Sheet) -> None:
    """Hold each instance read from a repeat sheet to the repeat's own rules (required,
    constraints, relevance, calculations, choice filters), as the main sheet's rows are:
    a problem is listed at the repeat sheet's cell and counts for the whole response, so an
    error rejects the response (nothing half-valid is committed) and a warning marks it."""
    from fieldkit.core.importing.rules import RepeatRules

    rules = RepeatRules(definition, chain=child.chain)
    if not rules.nodes and not rules.required_static:
        return
    sheet = child.table.sheet
    for i, row in enumerate(child.rows):
        owner = child.owners[i]
        if owner is None:
            continue
        outer, positions = _surroundings(child, i)
        final, problems = rules.check_instance(row.answers, outer, positions)
        unreadable = {p.question for p in row.problems}
        found: list[RowProblem] = []
        for name, kind, msgid, params in problems:
            if kind == "required" and name in unreadable:
                continue
            letter, header = child.places.get(name, ("", ""))
            found.append(RowProblem(row.row, letter, header, name, msgid, params,
                                    found=str(row.answers.get(name, "")),
                                    severity="error" if kind == "choice_filter" else "warning",
                                    sheet=sheet, label=rules.label(name)))
        if owner.status != "rejected":
            for name in [n for n in row.answers if n not in final]:
                letter, header = child.places.get(name, ("", ""))
                found.append(RowProblem(
                    row.row, letter, header, name,
                    N_("Answered, but the form skips this question for this row; the answer "
                       "is not kept."), {}, found=str(row.answers[name]), severity="warning",
                    sheet=sheet, label=rules.label(name) if name in rules.fields else None))
            if final != row.answers:
                row.answers.clear()
                row.answers.update(final)   # the same dict the response holds
        for problem in found:
            owner.problems.append(problem)
            if problem.severity == "error":
                owner.status = "rejected"
            elif owner.status == "clean":
                owner.status = "warning"


def _adopt_problems(owner: PreparedRow, child: _Sheet, row: PreparedRow) -> None:
    """A repeat row's unreadable cells are problems of the response it belongs to."""
    for problem in row.problems:
        problem.sheet = child.table.sheet
        owner.problems.append(problem)
        if problem.severity == "error":
            owner.status = "rejected"
        elif owner.status == "clean":
            owner.status = "warning"


def _orphan(child: _Sheet, i: int, row: PreparedRow, table_name: str,
            parent_index: str) -> PreparedRow:
    """A child row with no parent in the file: listed as a rejected row, never dropped."""
    link = parent_index or child.value(i, "parent_key") or child.value(i, "_submission__uuid")
    if not child.chain:
        msgid = N_("This row of “{sheet}” belongs to none of the form's repeated groups.")
    else:
        msgid = N_("This row of “{sheet}” belongs to an answer sheet that is not in the file "
                   "(it points at “{link}”); it is not imported.")
    column = next((child.columns[k] for k in PARENT_LINKS if k in child.columns), 0)
    problem = RowProblem(row.row, column_letter(column), child.table.sheet, "", msgid,
                         {"sheet": child.table.sheet, "link": link or table_name},
                         found=link, severity="error", sheet=child.table.sheet)
    orphan = PreparedRow(row.row, {}, f"orphan:{child.table.sheet}:{row.row}",
                         problems=[problem, *row.problems], status="rejected")
    for other in row.problems:
        other.sheet = child.table.sheet
    return orphan
