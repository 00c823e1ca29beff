"""The state of a form session: a tree of scopes parallel to the answers, and reading
values from it the way formulas see them.

The root scope holds the answers dict of the response, and each repeat instance has a
scope holding that instance's dict. A scope keeps, per field name, the results of the
field's formulas there (own relevance, visibility, required, read-only, constraint
state, filtered choices) and the formula failures. Removing an instance removes its
scope, so nothing is keyed by instance numbers that would shift.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, tzinfo

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.expr import EvalContext, NodeSet
from fieldkit.core.forms.expr.random_functions import seeded_number
from fieldkit.core.forms.outline import pick_text
from fieldkit.core.forms.session_schema import OTHER, Field, FormSchema
from fieldkit.core.forms.session_types import Changes
from fieldkit.core.forms.session_values import to_answer, typed_reader
from fieldkit.core.i18n import N_, current_language, translate

Index = tuple[int, ...]

class Scope:
    """The answers and formula results of the root of a response, or of one repeat instance."""

    __slots__ = ("values", "parent", "repeat", "base_visible", "visible", "relevant", "required",
                 "read_only", "constraint", "choices", "repeats", "errors", "stash")

    def __init__(self, values: dict, parent: "Scope | None", repeat: str | None) -> None:
        self.values = values
        self.parent = parent
        self.repeat = repeat
        self.base_visible = parent.visible.get(repeat, True) if parent is not None else True
        self.visible: dict[str, bool] = {}
        self.relevant: dict[str, bool] = {}
        self.required: dict[str, bool] = {}
        self.read_only: dict[str, bool] = {}
        self.constraint: dict[str, str] = {}     # name -> "type" | "choice" | "constraint" | "error"
        self.choices: dict[str, tuple[int, ...]] = {}  # name -> indexes of the choices offered
        self.repeats: dict[str, list[Scope]] = {}
        self.errors: dict[tuple[str, str], tuple[str, Exception]] = {}
        self.stash: dict[str, list[dict]] = {}   # instances removed by a lower repeat_count


class _Context(EvalContext):
    """Answers expression look-ups from the session's scopes."""

    __slots__ = ("_engine", "target", "_seed")

    def __init__(self, engine: "State", clock: Callable[[], datetime]) -> None:
        super().__init__({}, clock=clock)
        self._engine = engine
        self.target: tuple = ()  # (field, instance index) whose formula is being evaluated
        self._seed: str | None = None

    def random_number(self, draw: int) -> float:
        """random() reproducible per response: seeded by the response (its instanceID, else
        its start time and device), the question, its repeat instance and the call."""
        return self.stable_number(self.target, draw)

    def stable_number(self, *key: object) -> float:
        """A number in [0, 1) that is the same for this response and ``key`` every time."""
        if self._seed is None:
            meta = getattr(self._engine, "metadata", None) or {}
            seed = str(meta.get("instanceID") or "")
            if not seed and meta.get("start"):
                seed = f"{meta.get('start')}|{meta.get('deviceid', '')}"
            self._seed = seed or secrets.token_hex(16)
        return seeded_number(self._seed, *key)

    def lookup(self, name: str, positions: Mapping[str, int] | None = None) -> object:
        where = self.positions if positions is None else {**self.positions, **positions}
        return self._engine._lookup(name, where)

    def choice_label(self, question: str, choice: str) -> str | None:
        return self._engine._choice_label(question, choice)

    def instance(self, name: str) -> object:
        finder = getattr(self._engine, "_instance", None)
        doc = finder(name) if finder is not None else None
        return doc if doc is not None else super().instance(name)


class State:
    """Scopes and look-ups. Not used alone: :class:`fieldkit.core.forms.session_engine.Engine`
    adds evaluation (including ``_visibility``, which building a scope needs)."""

    def __init__(self, schema: FormSchema, answers: dict, language: str,
                 clock: Callable[[], datetime]) -> None:
        self.schema = schema
        self.fields = schema.fields
        self.language = language
        self.clock = clock
        self.zone: tzinfo | None = clock().tzinfo
        #: number of formula evaluations so far (each choice row of a choice_filter counts)
        self.evaluations = 0
        self._ctx = _Context(self, clock)
        self._changes: Changes | None = None
        self._dirty: dict[str, set[Index]] = {}
        self._fresh: set[int] = set()
        self.answers = answers
        self.root = self._new_scope(answers, None, None, ())

    # -- scopes -----------------------------------------------------------------------

    def _new_scope(self, values: dict, parent: Scope | None, repeat: str | None,
                   chain: tuple[str, ...]) -> Scope:
        scope = Scope(values, parent, repeat)
        names = self.schema.scope_names.get(chain, [])
        for name in names:
            f = self.fields[name]
            if f.is_repeat:
                continue
            value = values.get(name)
            if value is not None and not isinstance(value, str) and not f.is_container:
                try:
                    values[name] = to_answer(f.type, value, zone=self.zone)
                except FieldkitError:
                    values[name] = str(value)
        self._visibility(scope, names, (), record=False)
        for name in names:
            f = self.fields[name]
            if not f.is_repeat:
                continue
            stored = values.get(name)
            if isinstance(stored, dict):  # one instance written without its list
                stored = values[name] = [stored]
            elif not isinstance(stored, list):  # absent, or unusable: kept until an entry is added
                stored = []
                if f.kind == "loop":
                    values[name] = stored
            if f.kind == "loop":
                stored.extend({} for _ in range(len(f.choices or ()) - len(stored)))
            for i, item in enumerate(stored):
                if not isinstance(item, dict):
                    stored[i] = item = {}
            scope.repeats[name] = [self._new_scope(item, scope, name, chain + (name,)) for item in stored]
        return scope

    def _scope_at(self, chain: tuple[str, ...], idx: Index) -> Scope | None:
        scope = self.root
        for name, i in zip(chain, idx):
            instances = scope.repeats.get(name)
            if instances is None or not 0 <= i < len(instances):
                return None
            scope = instances[i]
        return scope

    def _instances(self, chain: tuple[str, ...], prefixes) -> list[Index]:
        """Every instance index of ``chain`` that starts with one of ``prefixes``."""
        if not chain:
            return [()] if prefixes else []
        found: set[Index] = set()
        for prefix in prefixes:
            depth = min(len(prefix), len(chain))
            scope = self._scope_at(chain[:depth], prefix[:depth])
            if scope is not None:
                self._expand(scope, chain, depth, tuple(prefix[:depth]), found)
        return sorted(found)

    def _expand(self, scope: Scope, chain, depth: int, idx: Index, found: set) -> None:
        if depth == len(chain):
            found.add(idx)
            return
        for i, child in enumerate(scope.repeats.get(chain[depth], ())):
            self._expand(child, chain, depth + 1, idx + (i,), found)

    def _path(self, name: str, idx: Index) -> tuple:
        out: list[object] = []
        for repeat, i in zip(self.fields[name].chain, idx):
            out += (repeat, i)
        out.append(name)
        return tuple(out)

    def walk_scopes(self, scope: Scope | None = None, chain: tuple[str, ...] = (),
                    idx: Index = ()) -> Iterator[tuple[Scope, tuple[str, ...], Index]]:
        scope = scope or self.root
        yield scope, chain, idx
        for name in self.schema.scope_names.get(chain, ()):
            for i, child in enumerate(scope.repeats.get(name, ())):
                yield from self.walk_scopes(child, chain + (name,), idx + (i,))

    # -- reading values for formulas -------------------------------------------------

    def _effective(self, f: Field, scope: Scope) -> object:
        """A field's value as formulas see it: empty when it is not visible."""
        if not scope.visible.get(f.name, True):
            return ""
        text = scope.values.get(f.name, "")
        if not text:
            return ""
        reader = typed_reader(f.type)
        return reader(text) if reader is not None else text

    def _lookup(self, name: str, where: Mapping[str, int]) -> object:
        f = self.fields.get(name)
        if f is None:
            return ""
        scope, chain, k = self.root, f.chain, 0
        while k < len(chain) and chain[k] in where:
            repeat = chain[k]
            instances = scope.repeats.get(repeat, ())
            i = where[repeat]
            if not scope.visible.get(repeat, True) or not 1 <= i <= len(instances):
                return ""
            scope = instances[i - 1]
            k += 1
        if k == len(chain) and not f.is_repeat:
            return self._effective(f, scope)
        scopes = [scope]
        for repeat in chain[k:] + ((name,) if f.is_repeat else ()):
            scopes = [child for s in scopes if s.visible.get(repeat, True)
                      for child in s.repeats.get(repeat, ())]
        if f.is_repeat:
            return NodeSet([""] * len(scopes))
        return NodeSet([self._effective(f, s) for s in scopes])

    def _choice_label(self, question: str, choice: str) -> str | None:
        f = self.fields.get(question)
        for c in (f.choices or ()) if f is not None else ():
            if c.name == choice:
                return self.choice_text(c)
        return None

    def choice_text(self, choice) -> str:
        if choice.name == OTHER and not choice.label:
            return self.tr(N_("Other"))
        return pick_text(choice.label, self.language, self.schema.definition.default_language) or choice.name

    def message_language(self) -> str:
        """The UI language for fieldkit's own messages, following the session's language."""
        lang = self.language or ""
        code = lang[lang.find("(") + 1:lang.find(")")] if "(" in lang and ")" in lang else lang
        low = code.strip().lower()
        if low.startswith("zh") or "中文" in lang or low == "chinese":
            return "zh_CN"
        if low.startswith("en") or low == "english":
            return "en"
        return current_language()

    def tr(self, msgid: str, **params: object) -> str:
        text = translate(msgid, self.message_language())
        try:
            return text.format(**params) if params else text
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
