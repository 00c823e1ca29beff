"""Org units, cadres and sites: the directory every other record points at.

Each kind is described once by an ``EntitySpec`` (its fields, their rules and labels).
Validation, search and the management screens are all driven by that description,
so a rule is written in one place and the UI holds none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fieldkit.core import i18n
from fieldkit.core.errors import ValidationError
from fieldkit.core.i18n import N_, tr
from fieldkit.core.store.workspace import Workspace


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str                                   # msgid
    kind: str = "text"                           # text | int | choice | ref | timezone
    required: bool = False
    max_length: int = 100
    choices: tuple[tuple[str, str], ...] = ()    # (value, label msgid)
    ref: str = ""                                # table a "ref" field points at
    minimum: int | None = None
    maximum: int | None = None
    pattern: str = ""
    pattern_hint: str = ""                       # msgid shown when pattern fails
    default: Any = None
    in_table: bool = True                        # shown as a column in the list


@dataclass(frozen=True)
class EntitySpec:
    table: str
    singular: str                                # msgid
    plural: str                                  # msgid
    fields: tuple[FieldSpec, ...]
    search_columns: tuple[str, ...] = ("name",)
    extra_checks: tuple[Callable[[Workspace, dict, str | None], list], ...] = field(default=())

    def field(self, key: str) -> FieldSpec:
        return next(f for f in self.fields if f.key == key)


ORG_KINDS = (("city", N_("City federation of trade unions")),
             ("district", N_("District or county union")),
             ("industry", N_("Industry union")),
             ("enterprise", N_("Enterprise union")),
             ("other", N_("Other")))

SITE_KINDS = (("project", N_("Construction project")),
              ("enterprise", N_("Enterprise or factory")),
              ("port", N_("Port or logistics hub")),
              ("station", N_("Service station (驿站)")),
              ("office", N_("Overseas project office")),
              ("other", N_("Other")))

COUNTRIES = (("CN", N_("China")), ("NG", N_("Nigeria")), ("UG", N_("Uganda")),
             ("GN", N_("Guinea")), ("SA", N_("Saudi Arabia")), ("OTHER", N_("Other country")))


def _no_parent_cycle(ws: Workspace, values: dict, record_id: str | None) -> list:
    parent = values.get("parent_id")
    seen = {record_id} if record_id else set()
    while parent:
        if parent in seen:
            return [("parent_id", N_("An org unit cannot be placed under itself or one of its own "
                                     "sub-units."), {})]
        seen.add(parent)
        row = ws.get("org_units", parent)
        parent = row["parent_id"] if row else None
    return []


def _unique_active_name(table: str, scope: str | None):
    def check(ws: Workspace, values: dict, record_id: str | None) -> list:
        if not values.get("active", 1):
            return []
        sql = f"SELECT count(*) FROM {table} WHERE active = 1 AND name = ? AND id IS NOT ?"
        params: list[Any] = [values.get("name", ""), record_id]
        if scope:
            sql += f" AND {scope} IS ?"
            params.append(values.get(scope))
        if ws.scalar(sql, params):
            return [("name", N_("Another active record already has the name “{name}”."),
                     {"name": values.get("name", "")})]
        return []
    return check


ORG_UNITS = EntitySpec(
    table="org_units", singular=N_("Org unit"), plural=N_("Org units"),
    fields=(
        FieldSpec("name", N_("Name"), required=True),
        FieldSpec("name_en", N_("English name"), in_table=False),
        FieldSpec("kind", N_("Kind"), kind="choice", required=True, choices=ORG_KINDS,
                  default="enterprise"),
        FieldSpec("parent_id", N_("Parent unit"), kind="ref", ref="org_units"),
    ),
    search_columns=("name", "name_en"),
    extra_checks=(_no_parent_cycle, _unique_active_name("org_units", "parent_id")),
)

CADRES = EntitySpec(
    table="cadres", singular=N_("Cadre"), plural=N_("Cadres"),
    fields=(
        FieldSpec("name", N_("Full name"), required=True, max_length=50),
        FieldSpec("org_unit_id", N_("Org unit"), kind="ref", ref="org_units", required=True),
        FieldSpec("title", N_("Post"), max_length=60),
        FieldSpec("phone", N_("Phone"), max_length=30, pattern=r"^\+?[0-9][0-9 \-]{4,28}$",
                  pattern_hint=N_("Use digits, spaces and dashes, optionally starting with +.")),
    ),
    search_columns=("name", "title", "phone"),
)

SITES = EntitySpec(
    table="sites", singular=N_("Site"), plural=N_("Sites"),
    fields=(
        FieldSpec("name", N_("Name"), required=True),
        FieldSpec("name_en", N_("English name"), in_table=False),
        FieldSpec("kind", N_("Kind"), kind="choice", required=True, choices=SITE_KINDS,
                  default="project"),
        FieldSpec("org_unit_id", N_("Org unit"), kind="ref", ref="org_units"),
        FieldSpec("region", N_("Region"), max_length=100),
        FieldSpec("country", N_("Country"), kind="choice", required=True, choices=COUNTRIES,
                  default="CN"),
        FieldSpec("altitude_m", N_("Altitude (m)"), kind="int", minimum=-500, maximum=9000),
        FieldSpec("timezone", N_("Time zone"), kind="timezone", required=True,
                  default="Asia/Shanghai", in_table=False),
    ),
    search_columns=("name", "name_en", "region"),
    extra_checks=(_unique_active_name("sites", None),),
)

SPECS = {spec.table: spec for spec in (ORG_UNITS, CADRES, SITES)}
TIMEZONES = ("Asia/Shanghai", "Asia/Urumqi", "Africa/Lagos", "Africa/Kampala",
             "Africa/Conakry", "Asia/Riyadh", "Asia/Dubai", "Asia/Karachi", "UTC")


def _clean(spec: FieldSpec, raw: Any) -> tuple[Any, tuple[str, dict] | None]:
    """Normalise one value; return (value, problem or None)."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw in ("", None):
        if spec.required:
            return None, (N_("{field} is required."), {})
        return ("" if spec.kind in ("text", "timezone") else None), None
    if spec.kind == "int":
        try:
            value = int(str(raw).replace(",", ""))
        except ValueError:
            return raw, (N_("{field} must be a whole number; “{value}” is not."), {"value": raw})
        if spec.minimum is not None and value < spec.minimum or \
                spec.maximum is not None and value > spec.maximum:
            return value, (N_("{field} must be between {minimum} and {maximum}."),
                           {"minimum": spec.minimum, "maximum": spec.maximum})
        return value, None
    value = str(raw)
    if spec.kind == "choice" and value not in {c for c, _ in spec.choices}:
        return value, (N_("{field}: “{value}” is not one of the allowed choices."), {"value": value})
    if spec.kind == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            return value, (N_("{field}: “{value}” is not a known time zone (for example "
                              "Asia/Shanghai or Africa/Lagos)."), {"value": value})
    if len(value) > spec.max_length:
        return value, (N_("{field} is too long: at most {maximum} characters."),
                       {"maximum": spec.max_length})
    if spec.pattern and not re.match(spec.pattern, value):
        return value, (spec.pattern_hint, {})
    return value, None


def validate(ws: Workspace, spec: EntitySpec, values: dict[str, Any],
             record_id: str | None = None) -> dict[str, Any]:
    """Return cleaned values or raise ValidationError listing every problem at once."""
    cleaned: dict[str, Any] = {}
    problems: list[tuple[str, str, dict]] = []
    for fs in spec.fields:
        if fs.key not in values:
            continue
        value, problem = _clean(fs, values[fs.key])
        cleaned[fs.key] = value
        if problem:
            problems.append((fs.key, problem[0], problem[1]))
        elif fs.kind == "ref" and value:
            target = ws.get(fs.ref, value)
            if target is None:
                problems.append((fs.key, N_("{field}: the chosen record does not exist."), {}))
    if "active" in values:
        cleaned["active"] = 1 if values["active"] else 0
    if not problems:
        merged = {**(ws.get(spec.table, record_id) or {} if record_id else {}), **cleaned}
        for check in spec.extra_checks:
            problems.extend(check(ws, merged, record_id))
    if problems:
        labelled = [(key, msgid, {**params, "field": tr(spec.field(key).label)})
                    for key, msgid, params in problems]
        raise ValidationError(N_("Please correct the highlighted fields."), problems=labelled)
    return cleaned


def create(ws: Workspace, spec: EntitySpec, values: dict[str, Any]) -> str:
    full = {f.key: values.get(f.key, f.default) for f in spec.fields}
    with ws.transaction():
        return ws.insert(spec.table, validate(ws, spec, full))


def update(ws: Workspace, spec: EntitySpec, record_id: str, values: dict[str, Any]) -> dict:
    with ws.transaction():
        return ws.update(spec.table, record_id, validate(ws, spec, values, record_id))


def set_active(ws: Workspace, spec: EntitySpec, record_id: str, active: bool) -> dict:
    """Deactivate (keeps history; hidden from pickers) or reactivate a record."""
    with ws.transaction():
        return ws.update(spec.table, record_id, validate(ws, spec, {"active": active}, record_id))


def search(ws: Workspace, spec: EntitySpec, text: str = "", include_inactive: bool = False,
           limit: int = 5000) -> list[dict[str, Any]]:
    """Records whose searchable columns contain ``text`` (any case), active first, by name."""
    where, params = [], []
    if text.strip():
        like = f"%{text.strip()}%"
        where.append("(" + " OR ".join(f"t.{c} LIKE ?" for c in spec.search_columns) + ")")
        params += [like] * len(spec.search_columns)
    if not include_inactive:
        where.append("t.active = 1")
    joins, extra = "", ""
    for fs in spec.fields:
        if fs.kind == "ref":
            alias = f"r_{fs.key}"
            joins += f" LEFT JOIN {fs.ref} {alias} ON {alias}.id = t.{fs.key}"
            extra += f", {alias}.name AS {fs.key}__name"
    sql = f"SELECT t.*{extra} FROM {spec.table} t{joins}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY t.active DESC, t.name COLLATE PINYIN LIMIT ?"
    return [dict(r) for r in ws.query(sql, [*params, limit])]


def choices_for(ws: Workspace, table: str, include_id: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of active records for a picker, plus ``include_id`` even if inactive."""
    name = shown_name_sql(table)
    rows = ws.query(f"SELECT id, {name} AS name FROM {table} WHERE active = 1 OR id IS ?"
                    " ORDER BY 2 COLLATE PINYIN", (include_id,))
    return [(r["id"], r["name"]) for r in rows]


def shown_name_sql(table: str, alias: str = "", language: str | None = None) -> str:
    """SQL for the name a person reads: the English name in the English interface (or in
    ``language``, a report's) where one is recorded (sites and org units have one), else
    the name."""
    prefix = f"{alias}." if alias else ""
    if table in ("sites", "org_units") and (language or i18n.current_language()) == "en":
        return (f"CASE WHEN {prefix}name_en != '' THEN {prefix}name_en"
                f" ELSE {prefix}name END")
    return f"{prefix}name"


def display_value(spec: FieldSpec, record: dict[str, Any]) -> str:
    """How a field reads in a list, in the current language."""
    value = record.get(spec.key)
    if spec.kind == "ref":
        return record.get(f"{spec.key}__name") or ""
    if spec.kind == "choice":
        return next((tr(label) for v, label in spec.choices if v == value), value or "")
    return "" if value is None else str(value)


def counts(ws: Workspace) -> dict[str, dict[str, int]]:
    out = {}
    for table in SPECS:
        row = ws.query(f"SELECT count(*) AS total, coalesce(sum(active), 0) AS active FROM {table}")[0]
        out[table] = {"total": row["total"], "active": row["active"]}
    return out
