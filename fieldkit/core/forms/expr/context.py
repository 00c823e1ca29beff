"""EvalContext: everything :func:`evaluate` may ask about the world outside the expression.

Use it as is for most cases, or subclass it and override the methods (``lookup``,
``lookup_relative``, ``current_value``, ``choice_label``, ``position``, ``now``,
``new_uuid``) to answer from your own storage. The evaluator only calls these methods,
never the attributes. One context can serve many evaluations: set ``current`` (or use
``derive(current=...)``) for each question.

How a caller supplies values
----------------------------
``values`` maps a question name to either

* one value: ``str`` (``''`` for unanswered), ``int``/``float``/``Decimal``, ``bool``,
  ``datetime.date``/``datetime.datetime``; ``None`` counts as ``''``; a select_multiple
  answer is its choice names separated by spaces (``'a c'``); or
* a ``list``/``tuple``: the field's values across the instances of its repeat, in order.
  For the repeat group itself give one item per instance (``['', '', '']`` or
  ``[None] * 3``) so that ``count(${repeat})`` works. For a field in a repeat nested in
  another repeat, give a list (outer instances) of lists (inner instances).

``repeat_of`` maps a field to its enclosing repeat(s) (a name, or a tuple outermost
first) and ``positions`` maps repeat names to the current 1-based instance (outermost
first). Together they give XLSForm's relative-reference rule: evaluated *inside* repeat
instance 2, ``${field}`` of the same repeat is that instance's single value; from
outside it is the whole list, which ``count()``, ``sum()``, ``max()``, ``join()`` and
``indexed-repeat()`` take.

``current`` is the value of ``.``: the current answer of the question whose constraint,
relevance, calculation ... is being evaluated (``once()`` keeps it when it is not empty).
``choice_labels`` maps question -> choice name -> label, already in the user's language,
for ``jr:choice-name()``. ``choice_row`` is the choices-sheet row being
tested by a choice_filter: bare names such as ``county`` in ``county = ${county}`` are
looked up in it first. ``clock`` returns the current datetime (``today()``/``now()``);
give a fixed one in tests.
"""

from __future__ import annotations

import copy
import random as _random
import uuid as _uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from fieldkit.core.i18n import N_

from .errors import EvaluationError
from .values import NodeSet


def _local_now() -> datetime:
    return datetime.now().astimezone()


class EvalContext:
    """Values and surroundings for evaluating expressions (see the module docstring)."""

    __slots__ = ("values", "current", "choice_labels", "choice_row", "repeat_of", "positions",
                 "clock", "uuid_factory", "strict", "instances")

    def __init__(
        self,
        values: Mapping[str, object] | None = None,
        *,
        current: object = "",
        choice_labels: Mapping[str, Mapping[str, str]] | None = None,
        choice_row: Mapping[str, object] | None = None,
        repeat_of: Mapping[str, str | Sequence[str]] | None = None,
        positions: Mapping[str, int] | None = None,
        clock: Callable[[], datetime] | None = None,
        uuid_factory: Callable[[], str] | None = None,
        strict: bool = False,
        instances: Callable[[str], object] | None = None,
    ) -> None:
        self.values = values if values is not None else {}
        self.current = current
        self.choice_labels = choice_labels or {}
        self.choice_row = choice_row
        self.repeat_of = repeat_of or {}
        self.positions = dict(positions or {})
        self.clock = clock or _local_now
        self.uuid_factory = uuid_factory
        #: strict: a name that is not in ``values`` is an error instead of an empty answer
        self.strict = strict
        #: instances(name) -> the document of secondary instance ``name`` (see instances.py)
        self.instances = instances

    def derive(self, **changes: object) -> EvalContext:
        """A copy with some attributes replaced, e.g. ``ctx.derive(current=v)`` for another question."""
        unknown = set(changes) - set(EvalContext.__slots__)
        if unknown:
            raise TypeError(f"unknown EvalContext fields: {sorted(unknown)}")
        clone = copy.copy(self)
        for name, value in changes.items():
            setattr(clone, name, value)
        return clone

    # -- the protocol the evaluator uses ----------------------------------
    def lookup(self, name: str, positions: Mapping[str, int] | None = None) -> object:
        """The value of ``${name}``: one value, or a NodeSet of values across repeat instances.

        ``positions`` (from indexed-repeat) overrides the current repeat positions.
        """
        value = self.values.get(name, _MISSING)
        if value is _MISSING:
            if self.strict:
                raise EvaluationError(N_("Unknown question '{name}' in expression"), name=name)
            return ""
        if value is None:
            return ""
        if not isinstance(value, (list, tuple)):
            return value
        where = self.positions if positions is None else {**self.positions, **positions}
        repeats = self.repeat_of.get(name, ())
        if isinstance(repeats, str):
            repeats = (repeats,)
        for repeat in repeats:  # descend into the instance we are in, level by level
            if repeat not in where or not isinstance(value, (list, tuple)):
                break
            index = where[repeat]
            value = value[index - 1] if 1 <= index <= len(value) else ""
        if isinstance(value, (list, tuple)):
            return NodeSet(_flatten(value))
        return "" if value is None else value

    def lookup_relative(self, name: str) -> object:
        """A bare name (``county``): a column of the choice row if there is one, else a question."""
        if self.choice_row is not None and name in self.choice_row:
            value = self.choice_row[name]
            return "" if value is None else value
        return self.lookup(name)

    def current_value(self) -> object:
        """The value of ``.``."""
        return "" if self.current is None else self.current

    def choice_label(self, question: str, choice: str) -> str | None:
        """Label of ``choice`` in ``question``'s list (jr:choice-name), or None."""
        labels = self.choice_labels.get(question)
        return None if labels is None else labels.get(choice)

    def position(self, repeat: str | None = None) -> int:
        """1-based instance of ``repeat`` (the innermost current repeat if None); 1 outside repeats."""
        if repeat is not None and repeat in self.positions:
            return self.positions[repeat]
        if self.positions:
            return list(self.positions.values())[-1]
        return 1

    def instance(self, name: str) -> object:
        """The document node of secondary instance ``name`` (``instance('name')``):
        a choice list of the form or an attached data file."""
        found = self.instances(name) if self.instances is not None else None
        if found is None:
            raise EvaluationError(N_("The form reads data named “{name}”, which is not attached to it"), name=name)
        return found

    def now(self) -> datetime:
        return self.clock()

    def new_uuid(self) -> str:
        return self.uuid_factory() if self.uuid_factory else str(_uuid.uuid4())

    def random_number(self, draw: int) -> float:
        """A number in [0, 1) for random(): ``draw`` counts the calls within one evaluation.
        Unseeded here; a form session answers reproducibly per response (random_functions)."""
        return _SYSTEM_RANDOM.random()


_SYSTEM_RANDOM = _random.SystemRandom()


_MISSING = object()


def _flatten(items: Sequence[object]) -> list[object]:
    out: list[object] = []
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, (list, tuple)):
                stack.append(iter(item))
                break
            out.append("" if item is None else item)
        else:
            stack.pop()
    return out
