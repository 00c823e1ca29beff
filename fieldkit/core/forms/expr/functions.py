"""The function table: name, number of arguments, implementation.

An implementation is called as ``impl(args, ctx, run)``: ``args`` are evaluated values,
or for *lazy* functions (if, coalesce, once) zero-argument thunks, so the branch not
taken is never evaluated. ``position``, ``indexed-repeat`` and ``current`` look at the
syntax of their arguments and are implemented in the evaluator (``impl`` is None here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import codec_functions as c
from . import date_functions as d
from . import geo_functions as g
from . import instance_functions as i
from . import number_functions as m
from . import random_functions as r
from . import text_functions as t


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str
    min_args: int
    max_args: int | None  # None: any number
    impl: Callable | None
    lazy: bool = False
    #: argument indexes that must be node-set expressions (a ${ref} or a path), checked by the parser
    node_args: tuple[int, ...] = ()


_SPECS = [
    # logic and conversion
    FunctionSpec("not", 1, 1, t.not_), FunctionSpec("true", 0, 0, t.true),
    FunctionSpec("false", 0, 0, t.false), FunctionSpec("boolean", 1, 1, t.boolean),
    FunctionSpec("boolean-from-string", 1, 1, t.boolean_from_string),
    FunctionSpec("string", 0, 1, t.string_), FunctionSpec("number", 0, 1, m.number),
    FunctionSpec("int", 1, 1, m.int_),
    FunctionSpec("if", 3, 3, t.if_, lazy=True), FunctionSpec("coalesce", 2, None, t.coalesce, lazy=True),
    FunctionSpec("once", 1, 1, t.once, lazy=True),
    FunctionSpec("uuid", 0, 1, t.uuid), FunctionSpec("current", 0, 0, None),
    # select_multiple
    FunctionSpec("selected", 2, 2, t.selected), FunctionSpec("count-selected", 1, 1, t.count_selected),
    FunctionSpec("selected-at", 2, 2, t.selected_at), FunctionSpec("jr:choice-name", 2, 2, t.choice_name),
    # text
    FunctionSpec("string-length", 0, 1, t.string_length), FunctionSpec("concat", 0, None, t.concat),
    FunctionSpec("join", 1, None, t.join), FunctionSpec("substr", 2, 3, t.substr),
    FunctionSpec("substring", 2, 3, t.substring),
    FunctionSpec("substring-before", 2, 2, t.substring_before),
    FunctionSpec("substring-after", 2, 2, t.substring_after),
    FunctionSpec("contains", 2, 2, t.contains), FunctionSpec("starts-with", 2, 2, t.starts_with),
    FunctionSpec("ends-with", 2, 2, t.ends_with), FunctionSpec("regex", 2, 2, t.regex),
    FunctionSpec("translate", 3, 3, t.translate), FunctionSpec("normalize-space", 0, 1, t.normalize_space),
    # numbers
    FunctionSpec("round", 1, 2, m.round_), FunctionSpec("floor", 1, 1, m.floor),
    FunctionSpec("ceiling", 1, 1, m.ceiling), FunctionSpec("abs", 1, 1, m.abs_),
    FunctionSpec("pow", 2, 2, m.pow_), FunctionSpec("sqrt", 1, 1, m.sqrt),
    FunctionSpec("exp", 1, 1, m.exp), FunctionSpec("exp10", 1, 1, m.exp10),
    FunctionSpec("log", 1, 1, m.log), FunctionSpec("log10", 1, 1, m.log10), FunctionSpec("pi", 0, 0, m.pi),
    FunctionSpec("sin", 1, 1, m.sin), FunctionSpec("cos", 1, 1, m.cos), FunctionSpec("tan", 1, 1, m.tan),
    FunctionSpec("asin", 1, 1, m.asin), FunctionSpec("acos", 1, 1, m.acos),
    FunctionSpec("atan", 1, 1, m.atan), FunctionSpec("atan2", 2, 2, m.atan2),
    # repeats and node-sets
    FunctionSpec("position", 0, 1, None, node_args=(0,)), FunctionSpec("last", 0, 0, None),
    FunctionSpec("count", 1, 1, m.count, node_args=(0,)),
    FunctionSpec("count-non-empty", 1, 1, m.count_non_empty, node_args=(0,)),
    FunctionSpec("sum", 1, 1, m.sum_, node_args=(0,)),
    FunctionSpec("max", 1, None, m.max_), FunctionSpec("min", 1, None, m.min_),
    FunctionSpec("checklist", 2, None, m.checklist),
    FunctionSpec("weighted-checklist", 2, None, m.weighted_checklist),
    FunctionSpec("indexed-repeat", 3, 7, None, node_args=(0, 1, 3, 5)),
    # dates
    FunctionSpec("today", 0, 0, d.today), FunctionSpec("now", 0, 0, d.now),
    FunctionSpec("date", 1, 1, d.date_), FunctionSpec("date-time", 1, 1, d.date_time),
    FunctionSpec("decimal-date-time", 1, 1, d.decimal_date_time),
    FunctionSpec("format-date", 2, 2, d.format_date),
    FunctionSpec("format-date-time", 2, 2, d.format_date_time),
    FunctionSpec("decimal-time", 1, 1, d.decimal_time),
    # randomness (reproducible per response, see random_functions)
    FunctionSpec("random", 0, 0, r.random_),
    FunctionSpec("randomize", 1, 2, r.randomize, node_args=(0,)),
    # encoding
    FunctionSpec("digest", 2, 3, c.digest), FunctionSpec("base64-decode", 1, 1, c.base64_decode),
    # geometry of geopoint / geotrace / geoshape answers
    FunctionSpec("area", 1, 1, g.area), FunctionSpec("distance", 1, None, g.distance),
    # secondary instances: choice lists and attached data files
    FunctionSpec("instance", 1, 1, i.instance), FunctionSpec("pulldata", 4, 4, i.pulldata),
]

FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}
#: Functions whose result is a node-set, accepted where count(), sum() ... need one
NODESET_FUNCTIONS = frozenset({"randomize", "instance"})

#: Real ODK functions fieldkit deliberately does not run: they need external files,
#: device properties or a server. The parser names them clearly.
UNSUPPORTED = frozenset({
    "geofence",
    "version", "property", "extract-signed",
    "jr:itext", "local-name", "name", "namespace-uri", "lang", "id",
    "sum-of", "count-distinct", "string-join", "node", "text", "comment",
    "processing-instruction",
})
