"""The XLSForm / ODK XPath expression engine: parse, analyse and evaluate form logic.

    expr = parse("${age} >= 18 and selected(${kinds}, 'visit')")
    expr.references                      # frozenset({'age', 'kinds'})
    evaluate(expr, EvalContext({"age": 30, "kinds": "visit lecture"}))   # True

Pure Python, standard library only, no ``eval``. Hostile input fails with an
:class:`ExpressionError` in bounded time and memory (see ``errors.py`` for the limits
and ``regex.py`` for why regex() cannot hang). Modules: ``tokenizer`` -> ``parser``
(-> ``nodes``) -> ``evaluator`` (with ``values``, ``functions``, ``context``), and
``graph`` for dependencies between a form's expressions. ``instances`` holds the
documents ``instance('name')/root/item[...]`` and ``pulldata()`` read (a form's choice
lists and attached files), which the context supplies (``EvalContext(instances=...)``).
"""

from .context import EvalContext
from .errors import (MAX_DEPTH, MAX_EXPRESSION_LENGTH, MAX_STEPS, MAX_STRING_LENGTH, CycleError,
                     EvaluationError, ExpressionError, ExpressionSyntaxError)
from .evaluator import evaluate
from .functions import FUNCTIONS
from .graph import ATTRIBUTES, DependencyGraph
from .nodes import Expression
from .parser import parse
from .values import NodeSet, to_boolean, to_number, to_string

__all__ = [
    "parse", "Expression", "ExpressionError", "ExpressionSyntaxError", "EvaluationError",
    "CycleError", "EvalContext", "evaluate", "DependencyGraph", "ATTRIBUTES", "FUNCTIONS",
    "NodeSet", "to_boolean", "to_number", "to_string",
    "MAX_DEPTH", "MAX_EXPRESSION_LENGTH", "MAX_STEPS", "MAX_STRING_LENGTH",
]
