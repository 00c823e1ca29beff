"""The syntax tree of a parsed expression, and :class:`Expression`, what :func:`parse` returns.

Nodes are small frozen dataclasses. Chains of same-precedence operators
(``a + b - c + ...``) are kept as one n-ary node rather than a deep binary tree, so a
5,000-term sum neither recurses 5,000 levels when evaluated nor hits the depth limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True, slots=True)
class Node:
    pos: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: str | float


@dataclass(frozen=True, slots=True)
class Ref(Node):
    """``${name}``."""
    name: str


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a location path: kind is 'name', 'self' (.), 'parent' (..) or 'any' (*)."""
    kind: str
    name: str = ""
    predicates: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Path(Node):
    """``/data/group/q``, ``../q``, ``.``, ``county`` (a choice-sheet column in a choice filter)."""
    absolute: bool
    steps: tuple[Step, ...]

    @property
    def target(self) -> str | None:
        """The field a path names: its last name step, or None for ``.``/``..`` paths."""
        last = self.steps[-1] if self.steps else None
        return last.name if last is not None and last.kind == "name" else None

    @property
    def is_bare_name(self) -> bool:
        """A single relative name (``county``): in a choice filter, a column of the choice row."""
        return not self.absolute and len(self.steps) == 1 and self.steps[0].kind == "name"

    @property
    def is_current(self) -> bool:
        return not self.absolute and all(s.kind == "self" for s in self.steps)


@dataclass(frozen=True, slots=True)
class Filter(Node):
    """A primary expression with predicates and/or a path after it: ``${rep}[2]``, ``current()/../q``."""
    primary: Node
    predicates: tuple[Node, ...]
    tail: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class Chain(Node):
    """``operands[0] ops[0] operands[1] ops[1] ...`` with all ops of the same precedence level.

    ``level`` is one of 'or', 'and', 'eq', 'rel', 'add', 'mul', 'union'.
    """
    level: str
    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


class Expression:
    """A parsed expression. Immutable; compare and hash by text.

    Attributes:
        text: the source text.
        root: the syntax tree.
        references: names of the questions the value depends on: every ``${name}`` and the
            last step of every absolute or ``..`` path (``/data/g/q`` and ``../q`` both give ``q``).
        relative_names: bare relative names (``county`` in ``county = ${county}``), which in
            a choice filter are columns of the choices sheet rather than questions.
        uses_current: ``.`` appears (the question's own value, e.g. in a constraint).
        uses_position: ``position()`` is called: the value depends on the repeat instance.
        uses_clock: ``today()`` or ``now()`` is called: the value changes with time.
        functions: names of all functions called.
    """

    __slots__ = ("text", "root", "references", "relative_names", "uses_current",
                 "uses_position", "uses_clock", "functions", "_compiled")

    def __init__(self, text: str, root: Node, *, references: frozenset[str],
                 relative_names: frozenset[str], uses_current: bool, functions: frozenset[str]) -> None:
        self.text = text
        self.root = root
        self.references = references
        self.relative_names = relative_names
        self.uses_current = uses_current
        self.functions = functions
        self.uses_position = "position" in functions
        self.uses_clock = bool(functions & {"today", "now"})
        self._compiled: Callable[..., Any] | None = None

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("Expression", self.text))


__all__ = ["Node", "Literal", "Ref", "Step", "Path", "Filter", "Negate", "Chain", "Call",
           "Expression"]
