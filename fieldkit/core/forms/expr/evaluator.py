"""Evaluate an :class:`Expression` against an :class:`EvalContext`.

The syntax tree is compiled once per Expression into nested Python closures (no
``eval``/``compile``): each node becomes ``fn(ctx, run) -> value``. This avoids
re-dispatching on node types at every evaluation, which matters because a form runtime
re-evaluates the same expressions on every answer change.
"""

from __future__ import annotations

from typing import Callable

from fieldkit.core.i18n import N_

from .context import EvalContext
from .errors import EvaluationError
from .functions import FUNCTIONS
from .instances import XNode
from .nodes import Call, Chain, Expression, Filter, Literal, Negate, Node, Path, Ref, Step
from .values import (NodeSet, Run, arithmetic, compare, first, is_number, to_boolean, to_index,
                     to_number)

Fn = Callable[[EvalContext, Run], object]


def evaluate(expr: Expression, ctx: EvalContext) -> object:
    """The value of ``expr``: str, float, bool, date or datetime (a node-set gives its first value).

    Raises EvaluationError (with ``.expression`` set) when evaluation fails.
    """
    fn = expr._compiled
    if fn is None:
        fn = expr._compiled = _compile(expr.root)
    try:
        value = first(fn(ctx, Run()))
        return str(value) if isinstance(value, XNode) else value
    except EvaluationError as err:
        if err.expression is None:
            err.expression = expr.text
        raise
    except RecursionError:  # pragma: no cover - parse() caps nesting well below the limit
        err = EvaluationError(N_("Expression is nested too deeply to evaluate"))
        err.expression = expr.text
        raise err from None


def _value(value: object) -> object:
    """Normalise what a (possibly user-written) context returned."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) and not isinstance(value, NodeSet):
        return NodeSet(value)
    return value


def _target(node: Node) -> str | None:
    """The field a reference-like argument names (``${q}``, ``/data/q``, ``current()/../q``)."""
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Path):
        return node.target
    if isinstance(node, Filter) and node.tail and node.tail[-1].kind == "name":
        return node.tail[-1].name
    return None


def _filter(value: object, predicates: list[Fn], ctx: EvalContext, run: Run) -> NodeSet:
    """XPath predicates: keep values for which the predicate holds, with ``.`` bound to each
    value and position() to its index; a number predicate keeps the value at that index."""
    items = list(value) if isinstance(value, NodeSet) else [value]
    saved = run.focus, run.item, run.size
    try:
        for pred in predicates:
            kept = []
            run.size = len(items)
            for index, item in enumerate(items, 1):
                run.charge()
                run.focus, run.item = index, item
                result = pred(ctx, run)
                if is_number(result):
                    if to_number(result) == index:
                        kept.append(item)
                elif to_boolean(result) or (isinstance(result, NodeSet) and result and isinstance(result[0], XNode)):
                    kept.append(item)
            items = kept
    finally:
        run.focus, run.item, run.size = saved
    return NodeSet(items)


_Chosen = list[tuple[str, str, list[Fn]]]


def _inner_steps(steps: tuple[Step, ...]) -> _Chosen:
    return [(s.kind, s.name, [_compile(p) for p in s.predicates]) for s in steps if s.predicates]


def _positions(steps: _Chosen, ctx: EvalContext, run: Run) -> dict[str, int]:
    """``/data/rep[2]/q``: a number predicate on an inner step picks that repeat instance."""
    chosen: dict[str, int] = {}
    for kind, name, preds in steps:
        for pred in preds:
            index = pred(ctx, run)
            if kind != "name" or not is_number(index):
                raise EvaluationError(
                    N_("Filters inside a path are only supported as repeat positions, like rep[2]"))
            position = to_index(index)
            chosen[name] = -1 if position is None else position  # NaN/Infinity: no such instance
    return chosen


def _compile_path(node: Path) -> Fn:
    last = node.steps[-1] if node.steps else None
    final_preds = [_compile(p) for p in last.predicates] if last else []
    if node.is_current:
        return lambda ctx, run: run.current(ctx)
    name = node.target
    if name is None:  # `..`, `/`: a group has no value of its own
        return lambda ctx, run: ""
    inner = _inner_steps(node.steps[:-1])
    has_inner = bool(inner)
    if node.is_bare_name:
        def form_get(ctx, run):
            return _value(ctx.lookup_relative(name))
    elif has_inner:
        def form_get(ctx, run):
            return _value(ctx.lookup(name, _positions(inner, ctx, run)))
    else:
        def form_get(ctx, run):
            return _value(ctx.lookup(name))
    if node.absolute:
        get = form_get
    else:  # inside a predicate over instance nodes, a relative path starts at the node
        walk = _compile_steps(node.steps)

        def get(ctx, run):
            item = run.item
            if isinstance(item, XNode):
                return walk(NodeSet([item]), ctx, run)
            return form_get(ctx, run)
        if not final_preds:
            return get
        return lambda ctx, run: (get(ctx, run) if isinstance(run.item, XNode)
                                 else _filter(form_get(ctx, run), final_preds, ctx, run))
    if not final_preds:
        return get
    return lambda ctx, run: _filter(get(ctx, run), final_preds, ctx, run)


def _index_plan(step: Step):
    """``item[col = value]`` where value does not depend on the item: (col, value function),
    so the step can be answered from an index instead of testing every item."""
    if step.kind != "name" or not step.predicates:
        return None
    pred = step.predicates[0]
    if not (isinstance(pred, Chain) and pred.level == "eq" and pred.ops == ("=",)):
        return None
    column, key = pred.operands
    if not (isinstance(column, Path) and column.is_bare_name and not column.steps[0].predicates):
        return None
    if isinstance(key, (Ref, Literal)) or (isinstance(key, Filter) and isinstance(key.primary, Call)
                                           and key.primary.name == "current" and not key.predicates):
        return column.steps[0].name, _compile(key)
    return None


def _compile_steps(steps: tuple[Step, ...]) -> Callable[[NodeSet, EvalContext, Run], NodeSet]:
    """Walk location steps through secondary-instance nodes (see ``instances``)."""
    plan = [(s.kind, s.name, [_compile(p) for p in s.predicates], _index_plan(s)) for s in steps]

    def walk(nodes: NodeSet, ctx: EvalContext, run: Run) -> NodeSet:
        for kind, name, preds, index in plan:
            out: list = []
            for node in nodes:
                if not isinstance(node, XNode):
                    continue
                rest = preds
                if kind == "self":
                    found = [node]
                elif kind == "parent":
                    found = [node.parent] if node.parent is not None else []
                elif index is not None:
                    key = first(index[1](ctx, run))
                    if isinstance(key, str):  # numbers compare as numbers: test each item
                        found, rest = node.index(name, index[0]).get(key, []), preds[1:]
                    else:
                        found = node.select(name)
                else:
                    found = node.select(name)
                run.charge(len(found) + 1)
                out.extend(_filter(NodeSet(found), rest, ctx, run) if rest else found)
            nodes = NodeSet(out)
        return nodes
    return walk


def _compile_instance_path(node: Filter) -> Fn:
    """``instance('name')/root/item[...]/col``: a walk through a secondary instance."""
    primary = _compile(node.primary)
    preds = [_compile(p) for p in node.predicates]
    walk = _compile_steps(node.tail)

    def get(ctx, run):
        start = primary(ctx, run)
        if preds:
            start = _filter(start, preds, ctx, run)
        return walk(start if isinstance(start, NodeSet) else NodeSet([start]), ctx, run)
    return get


def _compile_filter(node: Filter) -> Fn:
    if isinstance(node.primary, Call) and node.primary.name == "instance":
        return _compile_instance_path(node)
    primary = _compile(node.primary)
    preds = [_compile(p) for p in node.predicates]
    if not node.tail:
        return lambda ctx, run: _filter(primary(ctx, run), preds, ctx, run)
    name = _target(node)
    tail_preds = [_compile(p) for p in node.tail[-1].predicates]
    repeat = node.primary.name if isinstance(node.primary, Ref) and len(preds) == 1 else None
    inner = _inner_steps(node.tail[:-1])

    def get(ctx, run):
        if name is None:
            return ""
        chosen = _positions(inner, ctx, run)
        if repeat is not None:  # ${rep}[2]/q
            index = to_index(preds[0](ctx, run))
            if index is not None:
                chosen[repeat] = index
        value = _value(ctx.lookup(name, chosen) if chosen else ctx.lookup(name))
        return _filter(value, tail_preds, ctx, run) if tail_preds else value
    return get


def _compile_chain(node: Chain) -> Fn:
    fns = [_compile(o) for o in node.operands]
    ops = node.ops
    level = node.level
    if level == "or":
        return lambda ctx, run: any(to_boolean(f(ctx, run)) for f in fns)
    if level == "and":
        return lambda ctx, run: all(to_boolean(f(ctx, run)) for f in fns)
    if level == "union":
        def union(ctx, run):
            out = NodeSet()
            for f in fns:
                v = f(ctx, run)
                out.extend(v if isinstance(v, NodeSet) else [v])
            return out
        return union
    if level in ("eq", "rel"):
        if len(fns) == 2:
            a, b, op = fns[0], fns[1], ops[0]
            return lambda ctx, run: compare(op, a(ctx, run), b(ctx, run), run)

        def comparisons(ctx, run):
            acc = fns[0](ctx, run)
            for op, f in zip(ops, fns[1:]):
                acc = compare(op, acc, f(ctx, run), run)
            return acc
        return comparisons
    if len(fns) == 2:
        a, b, op = fns[0], fns[1], ops[0]
        return lambda ctx, run: arithmetic(op, to_number(a(ctx, run)), to_number(b(ctx, run)))

    def arithmetics(ctx, run):
        acc = to_number(fns[0](ctx, run))
        for op, f in zip(ops, fns[1:]):
            acc = arithmetic(op, acc, to_number(f(ctx, run)))
        return acc
    return arithmetics


def _compile_call(node: Call) -> Fn:
    spec = FUNCTIONS[node.name]
    args = node.args
    if node.name == "last":  # inside a filter: the number of values it tests (else 1)
        return lambda ctx, run: float(run.size)
    if node.name == "current":
        # inside a predicate over instance nodes, current() is still the question's value
        # (XPath's context node), while `.` is the node being tested
        return lambda ctx, run: ctx.current_value() if isinstance(run.item, XNode) else run.current(ctx)
    if node.name == "position":
        repeat = _target(args[0]) if args else None

        def position(ctx, run):
            if not args and run.focus is not None:
                return float(run.focus)
            return float(ctx.position(repeat))
        return position
    if node.name == "indexed-repeat":
        field = _target(args[0])
        pairs = [(_target(args[k]), _compile(args[k + 1])) for k in range(1, len(args), 2)]

        def indexed_repeat(ctx, run):
            chosen = {}
            for repeat, index_fn in pairs:
                index = to_index(index_fn(ctx, run))
                if repeat is None:
                    return ""
                # a blank, NaN or non-positive index means the first instance (JavaRosa),
                # e.g. while a just-added instance has no answer yet
                chosen[repeat] = index if index is not None and index >= 1 else 1
            if field is None:
                return ""
            value = _value(ctx.lookup(field, chosen))
            if isinstance(value, NodeSet) and len(chosen) == 1:  # caller gave no repeat_of: index the list
                index = next(iter(chosen.values()))
                return value[index - 1] if 1 <= index <= len(value) else ""
            return value
        return indexed_repeat
    impl = spec.impl
    fns = [_compile(a) for a in args]
    if spec.lazy:
        def lazy(ctx, run):
            return impl([lambda f=f: f(ctx, run) for f in fns], ctx, run)
        return lazy
    if not fns:
        return lambda ctx, run: impl((), ctx, run)
    if len(fns) == 1:
        f0 = fns[0]
        return lambda ctx, run: impl((f0(ctx, run),), ctx, run)
    if len(fns) == 2:
        f0, f1 = fns
        return lambda ctx, run: impl((f0(ctx, run), f1(ctx, run)), ctx, run)
    return lambda ctx, run: impl([f(ctx, run) for f in fns], ctx, run)


def _compile(node: Node) -> Fn:
    if isinstance(node, Literal):
        value = node.value
        return lambda ctx, run: value
    if isinstance(node, Ref):
        name = node.name
        return lambda ctx, run: _value(ctx.lookup(name))
    if isinstance(node, Chain):
        return _compile_chain(node)
    if isinstance(node, Call):
        return _compile_call(node)
    if isinstance(node, Path):
        return _compile_path(node)
    if isinstance(node, Filter):
        return _compile_filter(node)
    if isinstance(node, Negate):
        operand = _compile(node.operand)
        return lambda ctx, run: -to_number(operand(ctx, run))
    raise TypeError(f"unknown node {node!r}")  # pragma: no cover
