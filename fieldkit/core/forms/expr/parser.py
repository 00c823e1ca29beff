"""Parse expression text into an :class:`Expression` (recursive descent, XPath 1.0 grammar).

Binary operators are parsed by precedence climbing into n-ary :class:`Chain` nodes, so
long chains stay flat. Nesting (parentheses, function arguments, predicates, operator
levels) is counted and capped at MAX_DEPTH, which bounds the Python stack used here and
by the evaluator; a ``RecursionError`` can therefore not escape.
"""

from __future__ import annotations

import functools

from fieldkit.core.i18n import N_

from .errors import MAX_DEPTH, MAX_EXPRESSION_LENGTH, EvaluationError, ExpressionSyntaxError
from .functions import FUNCTIONS, NODESET_FUNCTIONS, UNSUPPORTED
from .nodes import Call, Chain, Expression, Filter, Literal, Negate, Node, Path, Ref, Step
from .regex import compile_pattern
from .tokenizer import END, NAME, NUM, OP, REF, STR, Token, tokenize, unexpected

_LEVEL = {"or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
          "+": 5, "-": 5, "*": 6, "div": 6, "mod": 6}
_LEVEL_NAME = {1: "or", 2: "and", 3: "eq", 4: "rel", 5: "add", 6: "mul"}
_STEP_START = {NAME, ".", "..", "@", "*"}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0
        self.references: set[str] = set()
        self.relative: set[str] = set()
        self.functions: set[str] = set()
        self.uses_current = False
        self.in_instance = 0  # inside instance('x')/...: relative names are the instance's

    # -- helpers ---------------------------------------------------------
    def peek(self, offset: int = 0) -> Token:
        try:  # the hottest call of the parser: no bounds arithmetic unless past the END token
            return self.tokens[self.i + offset]
        except IndexError:
            return self.tokens[-1]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, kind: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            raise self.unexpected(tok)
        return self.next()

    def unexpected(self, tok: Token) -> ExpressionSyntaxError:
        shown = {STR: f"'{tok.value}'", REF: "${" + tok.value + "}"}.get(tok.kind, tok.value)
        return unexpected(self.text, tok.pos, shown)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionSyntaxError(
                N_("Expression is nested too deeply (more than {limit} levels) at character {column}: {expression}"),
                position=pos, expression=self.text, limit=MAX_DEPTH)

    # -- grammar ---------------------------------------------------------
    def parse(self) -> Node:
        if self.peek().kind == END:
            raise ExpressionSyntaxError(N_("The expression is empty"), position=0, expression=self.text)
        node = self.binary(0)
        if self.peek().kind != END:
            raise self.unexpected(self.peek())
        return node

    def binary(self, min_level: int) -> Node:
        left = self.unary()
        while True:
            tok = self.peek()
            level = _LEVEL.get(tok.value, 0) if tok.kind == OP else 0
            if level == 0 or level < min_level:
                return left
            ops: list[str] = []
            operands = [left]
            while self.peek().kind == OP and _LEVEL.get(self.peek().value) == level:
                op = self.next()
                self.enter(op.pos)
                operands.append(self.binary(level + 1))
                self.depth -= 1
                ops.append(op.value)
            left = Chain(left.pos, _LEVEL_NAME[level], tuple(ops), tuple(operands))

    def unary(self) -> Node:
        """UnaryExpr and UnionExpr in one frame (fewer Python frames per nesting level)."""
        start = self.peek().pos
        minus = 0
        while self.peek().kind == OP and self.peek().value == "-":
            self.next()
            minus += 1
        node = self.path_expr()
        if self.peek().kind == "|":
            operands = [node]
            while self.peek().kind == "|":
                self.next()
                operands.append(self.path_expr())
            node = Chain(node.pos, "union", ("|",) * (len(operands) - 1), tuple(operands))
        if minus:
            node = Negate(start, node)
            if minus % 2 == 0:  # --x is number(x)
                node = Negate(start, node)
        return node

    def path_expr(self) -> Node:
        tok = self.peek()
        if tok.kind in ("/", "//"):
            self.next()
            steps = self.steps() if self.peek().kind in _STEP_START and not self.is_call() else ()
            return self.note_path(Path(tok.pos, True, steps))
        if tok.kind in _STEP_START and not self.is_call():
            return self.note_path(Path(tok.pos, False, self.steps()))
        reads_current = self.uses_current
        primary = self.primary()
        # instance('x')/root/item[col = ...]/col: the names walk a secondary instance, not
        # the form, so relative paths in its predicates are no references to questions
        data = isinstance(primary, Call) and primary.name == "instance"
        self.in_instance += data
        predicates = self.predicates()
        tail: tuple[Step, ...] = ()
        if self.peek().kind in ("/", "//"):
            self.next()
            tail = self.steps()
            if tail and tail[-1].kind == "name" and not data:
                self.references.add(tail[-1].name)
        self.in_instance -= data
        if tail and isinstance(primary, Call) and primary.name == "current" and any(st.kind == "name" for st in tail):
            # current()/../q reads q, a sibling, not the value of the question itself
            self.uses_current = reads_current
        if predicates or tail:
            return Filter(primary.pos, primary, predicates, tail)
        return primary

    def is_call(self) -> bool:
        return self.peek().kind == NAME and self.peek(1).kind == "("

    def steps(self) -> tuple[Step, ...]:
        steps = [self.step()]
        while self.peek().kind in ("/", "//"):
            self.next()
            steps.append(self.step())
        return tuple(steps)

    def step(self) -> Step:
        tok = self.next()
        if tok.kind == ".":
            return Step("self", predicates=self.predicates())
        if tok.kind == "..":
            return Step("parent", predicates=self.predicates())
        if tok.kind == "@":
            tok = self.expect(NAME)
        if tok.kind == "*":
            return Step("any", "*", self.predicates())
        if tok.kind != NAME or self.peek().kind == "(" or self.peek().kind == "::":
            raise self.unexpected(self.peek() if tok.kind == NAME else tok)
        return Step("name", tok.value, self.predicates())

    def predicates(self) -> tuple[Node, ...]:
        found = []
        while self.peek().kind == "[":
            tok = self.next()
            self.enter(tok.pos)
            found.append(self.binary(0))
            self.depth -= 1
            self.expect("]")
        return tuple(found)

    def note_path(self, path: Path) -> Path:
        if self.in_instance and not path.absolute:
            return path
        if path.is_current:
            self.uses_current = True
        elif path.is_bare_name:
            self.relative.add(path.steps[0].name)
        elif path.target is not None:
            self.references.add(path.target)
        return path

    def primary(self) -> Node:
        tok = self.next()
        if tok.kind == REF:
            self.references.add(tok.value)
            return Ref(tok.pos, tok.value)
        if tok.kind == STR:
            return Literal(tok.pos, tok.value)
        if tok.kind == NUM:
            return Literal(tok.pos, float(tok.value))
        if tok.kind == "(":
            self.enter(tok.pos)
            node = self.binary(0)
            self.depth -= 1
            self.expect(")")
            return node
        if tok.kind == NAME and self.peek().kind == "(":
            return self.call(tok)
        raise self.unexpected(tok)

    def call(self, name_tok: Token) -> Call:
        name = name_tok.value
        spec = FUNCTIONS.get(name)
        if spec is None:
            msgid = (N_("The function '{name}' is not supported (character {column} in expression: {expression})")
                     if name in UNSUPPORTED else
                     N_("Unknown function '{name}' at character {column} in expression: {expression}"))
            raise ExpressionSyntaxError(msgid, position=name_tok.pos, expression=self.text, name=name)
        self.next()  # (
        self.enter(name_tok.pos)
        args: list[Node] = []
        if self.peek().kind != ")":
            args.append(self.binary(0))
            while self.peek().kind == ",":
                self.next()
                args.append(self.binary(0))
        self.depth -= 1
        self.expect(")")
        self.check_call(name_tok, spec, args)
        self.functions.add(name)
        if name in ("current", "string-length", "normalize-space", "string", "number") and not args:
            self.uses_current = True
        return Call(name_tok.pos, name, tuple(args))

    def check_call(self, tok: Token, spec, args: list[Node]) -> None:
        count = len(args)
        high = spec.max_args
        bad_count = count < spec.min_args or (high is not None and count > high)
        if spec.name == "indexed-repeat":
            bad_count = bad_count or count % 2 == 0
            expected = "3/5/7"
        elif high is None:
            expected = str(spec.min_args)
        else:
            expected = str(high) if high == spec.min_args else f"{spec.min_args}-{high}"
        if bad_count:
            msgid = (N_("Function '{name}' needs at least {expected} argument(s) but was given {given} (character {column} in expression: {expression})")
                     if high is None else
                     N_("Function '{name}' needs {expected} argument(s) but was given {given} (character {column} in expression: {expression})"))
            raise ExpressionSyntaxError(msgid, position=tok.pos, expression=self.text,
                                        name=spec.name, expected=expected, given=count)
        for index in spec.node_args:
            if index < count and not isinstance(args[index], (Ref, Path, Filter)) and not (
                    isinstance(args[index], Chain) and args[index].level == "union") and not (
                    # count(randomize(${q})): a node-set made by a function, for functions
                    # that take values (position and indexed-repeat read their argument's syntax)
                    isinstance(args[index], Call) and args[index].name in NODESET_FUNCTIONS
                    and spec.impl is not None):
                raise ExpressionSyntaxError(
                    N_("Function '{name}' needs a question or repeat reference as argument {index} (character {column} in expression: {expression})"),
                    position=args[index].pos, expression=self.text, name=spec.name, index=index + 1)
        if spec.name == "regex" and count == 2 and isinstance(args[1], Literal) and isinstance(args[1].value, str):
            try:
                compile_pattern(args[1].value)  # a bad pattern is a form error: report it at import
            except EvaluationError as err:
                params = {k: v for k, v in err.params.items()}
                raise ExpressionSyntaxError(err.msgid, position=args[1].pos, expression=self.text, **params) from None


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse ``text``. Raises ExpressionSyntaxError (with ``.position``) if it is not valid.

    Results are cached: an Expression is immutable and forms repeat the same expressions.
    """
    if not isinstance(text, str):
        raise TypeError("expression text must be str")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionSyntaxError(N_("Expression is too long ({length} characters; the limit is {limit})"),
                                    position=MAX_EXPRESSION_LENGTH, expression=text,
                                    length=len(text), limit=MAX_EXPRESSION_LENGTH)
    parser = _Parser(text)
    try:
        root = parser.parse()
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps us far from the limit
        raise ExpressionSyntaxError(
            N_("Expression is nested too deeply (more than {limit} levels) at character {column}: {expression}"),
            position=0, expression=text, limit=MAX_DEPTH) from None
    return Expression(text, root, references=frozenset(parser.references),
                      relative_names=frozenset(parser.relative), uses_current=parser.uses_current,
                      functions=frozenset(parser.functions))
