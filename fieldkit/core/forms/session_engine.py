"""The evaluating core of a form session: incremental re-evaluation after a change.

After a change, :meth:`Engine.propagate` takes the formulas ``DependencyGraph.affected``
lists for the changed names, in evaluation order, and evaluates each only for the
instances whose inputs changed ("dirty" instances, tracked as index prefixes: ``()``
means every instance, ``(2,)`` every instance inside the third instance of the
outermost repeat). A formula whose result did not change stops the chain there.
"""

from __future__ import annotations

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.expr import evaluate, to_boolean, to_number
from fieldkit.core.forms.session_schema import Field, Node
from fieldkit.core.forms.session_state import Index, Scope, State, _Context
from fieldkit.core.forms.session_types import ExpressionFailure
from fieldkit.core.forms.session_values import (MULTI_SELECT_TYPES, SessionError, coerce_result,
                                                is_valid_answer, typed_reader)
from fieldkit.core.i18n import N_

#: Most instances a repeat_count may ask for; more is taken as this many and reported.
MAX_REPEAT_COUNT = 500
_FAILED = object()


class Engine(State):
    """Evaluation; :class:`fieldkit.core.forms.session.FormSession` adds the API."""

    # -- evaluating one formula ------------------------------------------------------

    def _setup(self, f: Field, scope: Scope, idx: Index) -> _Context:
        ctx = self._ctx
        ctx.positions = {repeat: i + 1 for repeat, i in zip(f.chain, idx)} if idx else {}
        text = scope.values.get(f.name, "")
        reader = typed_reader(f.type)
        ctx.current = reader(text) if reader is not None and text else text
        ctx.choice_row = None
        ctx.target = (f.name, idx)
        return ctx

    def _evaluate(self, f: Field, attr: str, scope: Scope, idx: Index) -> object:
        expr = f.exprs[attr]
        ctx = self._setup(f, scope, idx)
        self.evaluations += 1
        try:
            result = evaluate(expr, ctx)
        except Exception as err:  # noqa: BLE001 - a broken formula must never crash the session
            self._fail(f, attr, scope, idx, err)
            return _FAILED
        if scope.errors:
            scope.errors.pop((f.name, attr), None)
        return result

    def _fail(self, f: Field, attr: str, scope: Scope, idx: Index, err: Exception) -> None:
        text = f.exprs[attr].text if attr in f.exprs else ""
        scope.errors[(f.name, attr)] = (text, err)
        if self._changes is not None:
            self._changes.errors.append(self.failure(self._path(f.name, idx), attr, text, err))

    def failure(self, path: tuple, attr: str, text: str, err: Exception) -> ExpressionFailure:
        if isinstance(err, FieldkitError):
            message = err.message(self.message_language())
        else:
            message = f"{type(err).__name__}: {err}"
        return ExpressionFailure(path, attr, text, message)

    # -- applying results -------------------------------------------------------------

    def _mark(self, name: str, idx: Index) -> None:
        self._dirty.setdefault(name, set()).add(idx)

    def _run_node(self, node: Node, scope: Scope, idx: Index) -> None:
        name, attr = node
        f = self.fields[name]
        if attr == "calculation" or attr == "default":
            if attr == "default" and (id(scope) not in self._fresh or scope.values.get(name, "") != ""):
                return
            result = self._evaluate(f, attr, scope, idx)
            text = "" if result is _FAILED else coerce_result(f.type, result, self.zone)
            self._store(f, scope, idx, text)
        elif attr == "relevant":
            result = self._evaluate(f, attr, scope, idx)
            new = result is not _FAILED and to_boolean(result)
            if new != scope.relevant.get(name, True):
                scope.relevant[name] = new
                self._visibility(scope, [name, *self.schema.same_scope_descendants(name)], idx)
        elif attr == "required" or attr == "readonly":
            result = self._evaluate(f, attr, scope, idx)
            new = result is not _FAILED and to_boolean(result)
            store = scope.required if attr == "required" else scope.read_only
            if new != store.get(name, f.required if attr == "required" else f.read_only):
                store[name] = new
                if self._changes is not None:
                    target = self._changes.required if attr == "required" else self._changes.read_only
                    target.add(self._path(name, idx))
        elif attr == "constraint":
            self._check(f, scope, idx)
        elif attr == "choice_filter":
            self._filter_choices(f, scope, idx)
        elif attr == "repeat_count":
            result = self._evaluate(f, attr, scope, idx)
            count = 0.0 if result is _FAILED else to_number(result)
            count = int(count) if count == count and count > 0 else 0
            if count > MAX_REPEAT_COUNT:
                self._fail(f, attr, scope, idx, SessionError(
                    N_("“{name}” asks for {count} entries; only the first {limit} are kept."),
                    name=name, count=count, limit=MAX_REPEAT_COUNT))
                count = MAX_REPEAT_COUNT
            self._resize(f, scope, idx, count)

    def _store(self, f: Field, scope: Scope, idx: Index, text: str) -> None:
        if text == scope.values.get(f.name, ""):
            return
        scope.values[f.name] = text
        if self._changes is not None:
            self._changes.values.add(self._path(f.name, idx))
        if scope.visible.get(f.name, True):
            self._mark(f.name, idx)
        self._check(f, scope, idx)

    def _visibility(self, scope: Scope, names, idx: Index, record: bool = True) -> None:
        """Recompute ``visible`` for ``names`` (a field and its descendants, parents first)."""
        fields = self.fields
        for name in names:
            f = fields[name]
            parent = f.parent
            if parent is not None and parent in scope.visible and fields[parent].chain == f.chain:
                shown = scope.visible[parent]
            else:
                shown = scope.base_visible
            shown = shown and scope.relevant.get(name, True)
            old = scope.visible.get(name)
            scope.visible[name] = shown
            if old is None or old == shown or not record:
                continue
            if self._changes is not None:
                self._changes.visibility.add(self._path(name, idx))
            if f.is_container or scope.values.get(name, "") != "":
                self._mark(name, idx)
            if f.is_repeat:
                inner = self.schema.scope_names.get(f.chain + (name,), [])
                for i, child in enumerate(scope.repeats.get(name, ())):
                    child.base_visible = shown
                    if self._changes is not None:
                        self._changes.visibility.add(self._path(name, idx) + (i,))
                    self._visibility(child, inner, idx + (i,))

    def allowed_choices(self, f: Field, scope: Scope) -> set[str] | frozenset[str]:
        offered = scope.choices.get(f.name)
        if offered is None:
            return f.choice_names
        return {f.choices[i].name for i in offered}  # type: ignore[index]

    def _check(self, f: Field, scope: Scope, idx: Index) -> None:
        """Recompute the constraint state of an answer: its type, its choices, its constraint."""
        if f.is_container or f.kind == "note":
            return
        text = scope.values.get(f.name, "")
        state = ""
        if text:
            if not is_valid_answer(f.type, text):
                state = "type"
            elif f.choices is not None:
                allowed = self.allowed_choices(f, scope)
                names = text.split() if f.type in MULTI_SELECT_TYPES else [text]
                if any(n not in allowed for n in names):
                    state = "choice"
            if not state and "constraint" in f.exprs:
                result = self._evaluate(f, "constraint", scope, idx)
                if result is _FAILED:
                    state = "error"
                elif not to_boolean(result):
                    state = "constraint"
        if state != "error" and scope.errors:  # not evaluated now: an old failure is stale
            scope.errors.pop((f.name, "constraint"), None)
        if state != scope.constraint.get(f.name, ""):
            if state:
                scope.constraint[f.name] = state
            else:
                del scope.constraint[f.name]
            if self._changes is not None:
                self._changes.constraint.add(self._path(f.name, idx))

    def _filter_choices(self, f: Field, scope: Scope, idx: Index) -> None:
        expr = f.exprs["choice_filter"]
        ctx = self._setup(f, scope, idx)
        keep: list[int] = []
        failed = False
        for i, row in enumerate(f.choice_rows):
            ctx.choice_row = row
            self.evaluations += 1
            try:
                if to_boolean(evaluate(expr, ctx)):
                    keep.append(i)
            except Exception as err:  # noqa: BLE001
                if not failed:
                    self._fail(f, "choice_filter", scope, idx, err)
                failed = True
        ctx.choice_row = None
        if not failed and scope.errors:
            scope.errors.pop((f.name, "choice_filter"), None)
        new = tuple(keep)
        if new != scope.choices.get(f.name):
            scope.choices[f.name] = new
            if self._changes is not None:
                self._changes.choices.add(self._path(f.name, idx))
            self._check(f, scope, idx)

    # -- repeat instances -------------------------------------------------------------

    def _resize(self, f: Field, scope: Scope, idx: Index, count: int) -> None:
        instances = scope.repeats.setdefault(f.name, [])
        if len(instances) == count:
            return
        stash = scope.stash.setdefault(f.name, [])
        old = len(instances)
        if old > count:
            removed = [self.remove_instance(f, scope, idx, i) for i in range(old - 1, count - 1, -1)]
            stash[:0] = list(reversed(removed))
        while len(instances) < count:
            self.add_instance(f, scope, idx, len(instances), stash.pop(0) if stash else None)
        # only the end changes: no instance moves, so position() needs nothing forced
        self.structure_changed(f, scope, idx, range(min(old, count), max(old, count)), forced={})

    def structure_changed(self, f: Field, scope: Scope, idx: Index, changed: range,
                          forced: dict) -> None:
        """Mark what adding or removing the instances ``changed`` (their indexes: after an
        addition, of the new ones; before a removal, of the removed ones) of repeat ``f``
        in ``scope`` at ``idx`` changes.

        Formulas that read the repeat's questions across its instances (count, sum ... from
        outside it) see a new set of values; inside the repeat only the instances added
        (evaluated as they were made) are new, and the ones after them changed position.
        Marking just those keeps adding an instance independent of how many there are.
        """
        if self._changes is not None:
            self._changes.repeats.add(self._path(f.name, idx))
        self._mark(f.name, idx)
        marks = [idx + (i,) for i in changed]
        for name in self.schema.descendants(f.name):
            self._dirty.setdefault(name, set()).update(marks)
        moved = [idx + (i,) for i in range(changed.start, len(scope.repeats.get(f.name, ())))]
        if moved:
            for node in self.schema.subtree_nodes(f.name):
                if self.fields[node[0]].exprs[node[1]].uses_position:
                    forced.setdefault(node, set()).update(moved)

    def add_instance(self, f: Field, scope: Scope, idx: Index, at: int, values: dict | None) -> None:
        stored = scope.values.get(f.name)
        if not isinstance(stored, list):
            stored = scope.values[f.name] = []
        fresh = values is None
        values = {} if values is None else values
        chain = f.chain + (f.name,)
        if fresh:
            for name in self.schema.scope_names.get(chain, ()):
                inner = self.fields[name]
                if inner.static_default and not inner.is_container:
                    values[name] = coerce_result(inner.type, inner.static_default, self.zone)
        stored.insert(at, values)
        child = self._new_scope(values, scope, f.name, chain)
        scope.repeats.setdefault(f.name, []).insert(at, child)
        new_idx = idx + (at,)
        if self._changes is not None:
            self._changes.added.append(self._path(f.name, idx) + (at,))
        if fresh:
            self._fresh.add(id(child))
        try:
            self.evaluate_all(self.schema.subtree_nodes(f.name), new_idx)
            self.check_all(child, chain, new_idx)
        finally:
            self._fresh.discard(id(child))

    def remove_instance(self, f: Field, scope: Scope, idx: Index, at: int) -> dict:
        if self._changes is not None:
            self._changes.removed.append(self._path(f.name, idx) + (at,))
        del scope.repeats[f.name][at]
        return scope.values[f.name].pop(at)

    # -- evaluating many formulas -----------------------------------------------------

    def evaluate_all(self, nodes: list[Node], prefix: Index = ()) -> None:
        """Evaluate ``nodes`` for every instance under ``prefix`` (constraints are left to
        :meth:`check_all`, triggered calculations to their triggers)."""
        for node in nodes:
            f = self.fields[node[0]]
            if node[1] == "constraint" or (node[1] == "calculation" and f.trigger):
                continue
            for idx in self._instances(f.chain, (prefix,)):
                scope = self._scope_at(f.chain, idx)
                if scope is not None:
                    self._run_node(node, scope, idx)

    def check_all(self, scope: Scope, chain: tuple[str, ...], idx: Index) -> None:
        for name in self.schema.scope_names.get(chain, ()):
            f = self.fields[name]
            if f.is_repeat:
                for i, child in enumerate(scope.repeats.get(name, ())):
                    self.check_all(child, chain + (name,), idx + (i,))
            else:
                self._check(f, scope, idx)

    def propagate(self, forced: dict[Node, set[Index]] | None = None) -> None:
        """Re-evaluate what depends on the dirty names, in order, for the dirty instances only."""
        schema, dirty = self.schema, self._dirty
        forced = forced or {}
        if len(dirty) == 1 and not forced:  # the usual case: one answer changed
            nodes = schema.affected(next(iter(dirty)))
        else:
            found: set[Node] = set()
            for name in list(dirty):
                found.update(schema.affected(name))
            for node in forced:
                found.add(node)
                produced = [node[0]]
                if node[1] in ("relevant", "repeat_count"):
                    produced += schema.descendants(node[0])
                for name in produced:
                    found.update(schema.affected(name))
            nodes = sorted(found, key=schema.rank.__getitem__)
        for node in nodes:
            f = self.fields[node[0]]
            prefixes: set[Index] = set(forced.get(node, ()))
            cross = node in schema.cross_instance
            for read in schema.reads[node]:
                changed = dirty.get(read)
                if not changed:
                    continue
                if cross:
                    prefixes = {()}
                    break
                depth = schema.common_depth(read, f.name)
                prefixes.update(d[:depth] for d in changed)
            if not prefixes:
                continue
            for idx in self._instances(f.chain, prefixes):
                scope = self._scope_at(f.chain, idx)
                if scope is not None:
                    self._run_node(node, scope, idx)

    def note_label_changes(self) -> None:
        """Items whose texts show a ``${name}`` that changed."""
        if self._changes is None:
            return
        for name, changed in self._dirty.items():
            for reader in self.schema.text_readers.get(name, ()):
                depth = self.schema.common_depth(name, reader)
                for idx in self._instances(self.fields[reader].chain, {d[:depth] for d in changed}):
                    self._changes.labels.add(self._path(reader, idx))
