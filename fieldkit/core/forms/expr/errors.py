"""Errors and hard limits of the expression engine.

Every limit here exists so that a hostile or broken form (a typo, a pasted essay,
a deliberately nasty regex) fails with a clear :class:`ExpressionError` in bounded
time and memory, instead of a ``RecursionError``, a ``MemoryError`` or a hang.
"""

from __future__ import annotations

from fieldkit.core.errors import FieldkitError

#: Longest expression text accepted by :func:`parse` (characters).
MAX_EXPRESSION_LENGTH = 10_000
#: Deepest nesting of parentheses, function calls and operator levels accepted by :func:`parse`.
MAX_DEPTH = 100
#: Longest text an expression may produce (concat(), translate(), format-date() ...).
MAX_STRING_LENGTH = 100_000
#: Work budget of one evaluate() call: path filters and node-set comparisons charge it.
MAX_STEPS = 500_000

_EXCERPT = 120


class ExpressionError(FieldkitError):
    """Anything wrong with a form expression, at parse time or when evaluated."""


class ExpressionSyntaxError(ExpressionError):
    """The text is not a valid expression.

    ``position`` is the 0-based character offset of the problem in ``expression``;
    messages show it 1-based as ``{column}`` because that is how people count.
    """

    def __init__(self, msgid: str, /, *, position: int, expression: str, **params: object) -> None:
        position = max(0, min(position, len(expression)))
        super().__init__(msgid, column=position + 1, expression=excerpt(expression, position), **params)
        self.position = position
        self.expression = expression


class EvaluationError(ExpressionError):
    """A valid expression failed at run time (bad regex, impossible date, too much work ...).

    ``expression`` is filled in by :func:`evaluate` with the text being evaluated.
    """

    expression: str | None = None


class CycleError(ExpressionError):
    """Form logic refers to itself in a circle; ``cycles`` lists them as lists of names."""

    def __init__(self, msgid: str, /, *, cycles: list[list[str]], **params: object) -> None:
        super().__init__(msgid, **params)
        self.cycles = cycles


def excerpt(text: str, position: int) -> str:
    """The expression as shown in a message: whole if short, else a window around ``position``."""
    if len(text) <= _EXCERPT:
        return text
    start = max(0, position - _EXCERPT // 2)
    end = min(len(text), start + _EXCERPT)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
