"""regex() for form constraints, run by a linear-time matcher instead of Python's ``re``.

Why not ``re``: it backtracks, so a pattern like ``(a+)+$`` on ``'aaaa…b'`` runs for
longer than the universe, and ``re`` has no timeout. Rejecting nested quantifiers is not
enough either: a real corpus form (UCL_Biomass_Plot_Form.xlsx) validates phone numbers
with ``^(([0-9]{1})*[- .(]*...)+$``, which is nested and perfectly reasonable.

So patterns are parsed (``regex_syntax``: Java syntax, which is what ODK Collect runs; the common
subset) and compiled to a Thompson NFA that is simulated breadth-first (a Pike VM without
captures, since regex() only answers yes or no). Every character is examined once per
NFA state, so the work is at most len(text) x len(program), and a step budget bounds it
absolutely. Backreferences, lookaround, atomic groups, possessive quantifiers and inline
flags need backtracking and are refused with a clear message.
"""

from __future__ import annotations

from fieldkit.core.i18n import N_

from .errors import EvaluationError
from .regex_syntax import LINE_END, PatternParser, is_word, too_complex

MAX_PATTERN_LENGTH = 1_000
MAX_PROGRAM = 5_000
MAX_MATCH_STEPS = 2_000_000

CHAR, SPLIT, JMP, ASSERT, MATCH = range(5)


class _Program:
    """Parallel arrays: opcode, first argument (a char test, jump target or assertion kind),
    second argument (the other SPLIT target)."""

    __slots__ = ("ops", "arg1", "arg2", "anchored")

    def __init__(self) -> None:
        self.ops: list[int] = []
        self.arg1: list[object] = []
        self.arg2: list[int] = []
        self.anchored = False  # every alternative starts with ^: only try at position 0


def _compile(node: tuple, prog: _Program, pattern: str) -> None:
    ops, arg1, arg2 = prog.ops, prog.arg1, prog.arg2

    def emit(op: int, a: object = None, b: int = 0) -> int:
        if len(ops) >= MAX_PROGRAM:
            raise too_complex(pattern)
        ops.append(op)
        arg1.append(a)
        arg2.append(b)
        return len(ops) - 1

    def gen(node: tuple) -> None:
        kind = node[0]
        if kind == "char":
            emit(CHAR, node[1])
        elif kind == "literal":
            emit(CHAR, node[1].__eq__)
        elif kind == "assert":
            emit(ASSERT, node[1])
        elif kind == "seq":
            for item in node[1]:
                gen(item)
        elif kind == "alt":
            jumps = []
            for k, seq in enumerate(node[1]):
                if k < len(node[1]) - 1:
                    split = emit(SPLIT, len(ops) + 1)
                    gen(seq)
                    jumps.append(emit(JMP, None))
                    arg2[split] = len(ops)
                else:
                    gen(seq)
            for j in jumps:
                arg1[j] = len(ops)
        else:  # rep
            _, body, low, high = node
            for _ in range(low):
                gen(body)
            if high is None:
                split = emit(SPLIT, len(ops) + 1)
                gen(body)
                emit(JMP, split)
                arg2[split] = len(ops)
            else:
                for _ in range(high - low):
                    split = emit(SPLIT, len(ops) + 1)
                    gen(body)
                    arg2[split] = len(ops)

    gen(node)
    emit(MATCH)


_cache: dict[str, _Program] = {}


def compile_pattern(pattern: str) -> _Program:
    """Parse and compile (cached). Raises EvaluationError for invalid or unsupported patterns."""
    prog = _cache.get(pattern)
    if prog is not None:
        return prog
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise too_complex(pattern[:100] + "…")
    tree = PatternParser(pattern).parse()
    prog = _Program()
    _compile(tree, prog, pattern)
    seqs = tree[1] if tree[0] == "alt" else [tree]
    prog.anchored = all(s[0] == "seq" and s[1] and s[1][0] == ("assert", "bol") for s in seqs)
    if len(_cache) > 256:
        _cache.clear()
    _cache[pattern] = prog
    return prog


def _check(kind: str, text: str, pos: int) -> bool:
    n = len(text)
    if kind == "bol":
        return pos == 0
    if kind == "eos":
        return pos == n
    if kind == "eol":  # Java $: end of input, or before a line terminator that ends it
        return pos == n or (pos == n - 1 and text[pos] in LINE_END)
    before = pos > 0 and is_word(text[pos - 1])
    after = pos < n and is_word(text[pos])
    return (before != after) == (kind == "word")


def regex_search(pattern: str, text: str) -> bool:
    """True if ``pattern`` matches somewhere in ``text`` (Java ``Matcher.find``, as ODK does)."""
    prog = compile_pattern(pattern)
    ops, arg1, arg2 = prog.ops, prog.arg1, prog.arg2
    mark = [-1] * len(ops)
    steps = 0
    n = len(text)
    clist: list[int] = []

    def add(target: list[int], start_pc: int, pos: int) -> bool:
        """Follow empty moves from start_pc at pos; collect CHAR states. True on MATCH."""
        nonlocal steps
        stack = [start_pc]
        while stack:
            pc = stack.pop()
            if mark[pc] == pos:
                continue
            mark[pc] = pos
            steps += 1
            op = ops[pc]
            if op == CHAR:
                target.append(pc)
            elif op == SPLIT:
                stack.append(arg2[pc])
                stack.append(arg1[pc])
            elif op == JMP:
                stack.append(arg1[pc])
            elif op == ASSERT:
                if _check(arg1[pc], text, pos):
                    stack.append(pc + 1)
            else:
                return True
        return False

    for pos in range(n + 1):
        if (pos == 0 or not prog.anchored) and add(clist, 0, pos):
            return True
        if pos == n or (not clist and prog.anchored):
            return False
        steps += len(clist)
        if steps > MAX_MATCH_STEPS:
            raise EvaluationError(
                N_("The regular expression '{pattern}' took too long on this answer ({length} characters)"),
                pattern=pattern, length=n)
        c = text[pos]
        nlist: list[int] = []
        for pc in clist:
            if arg1[pc](c) and add(nlist, pc + 1, pos + 1):
                return True
        clist = nlist
    return False
