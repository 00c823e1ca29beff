"""random(), randomize(): ODK's random functions, reproducible within one response.

``random()`` asks the context for its number (:meth:`EvalContext.random_number`). A plain
context draws from the system's generator; a form session derives each number from the
response's seed, the question being calculated, its repeat instance and which random()
call of the formula it is, so the same response shows the same numbers every time it is
opened (and ``once(random())``, whose value is stored with the answers, never changes).

``randomize(nodeset[, seed])`` shuffles with the algorithm ODK documents so that a seed
gives the same order as ODK Collect and Enketo: the "inside-out" Fisher-Yates shuffle
driven by the Park-Miller "minimal standard" generator (multiplier 16807, modulus
2^31 - 1). The seed is truncated to an integer, as JavaRosa does.
"""

from __future__ import annotations

import hashlib
import math

from fieldkit.core.i18n import N_

from .errors import EvaluationError
from .values import NodeSet, first, to_number

_MODULUS = 2_147_483_647  # 2^31 - 1
_MULTIPLIER = 16_807
#: Longest list randomize() shuffles; a longer one is refused rather than slowing the form.
MAX_SHUFFLE = 100_000


class ParkMiller:
    """The Park-Miller minimal standard generator, seeded like ODK's (non-positive seeds move up)."""

    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        state = int(math.fmod(seed, _MODULUS))  # the sign follows the seed, as Java's %
        if state <= 0:
            state += _MODULUS - 1
        self.state = state

    def next_float(self) -> float:
        """The next number in [0, 1)."""
        self.state = self.state * _MULTIPLIER % _MODULUS
        return (self.state - 1) / (_MODULUS - 1)


def shuffle(items: list, seed: int) -> list:
    """A new list: ``items`` in the order ODK's seeded randomize() gives them."""
    rng = ParkMiller(seed)
    out: list = []
    for i, item in enumerate(items):
        j = int(rng.next_float() * (i + 1))
        if j == i:
            out.append(item)
        else:
            out.append(out[j])
            out[j] = item
    return out


def seeded_number(seed: str, *key: object) -> float:
    """A number in [0, 1) that depends only on ``seed`` and ``key`` (SHA-256 of both, 53 bits)."""
    text = "\x1f".join([seed, *map(repr, key)])
    bits = int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:8], "big") >> 11
    return bits / float(1 << 53)


def _seed(value: object) -> int:
    """JavaRosa's ``toNumeric(seed).longValue()``: truncated; NaN is 0, infinities clamp."""
    x = to_number(value)
    if x != x:
        return 0
    return int(max(-9.2e18, min(9.2e18, x)))


def random_(args, ctx, run):
    run.draws += 1
    return ctx.random_number(run.draws)


def randomize(args, ctx, run):
    items = list(args[0]) if isinstance(args[0], NodeSet) else [first(args[0])]
    if len(items) > MAX_SHUFFLE:
        raise EvaluationError(N_("randomize() was given too many items (more than {limit})"),
                              limit=MAX_SHUFFLE)
    run.charge(len(items))
    if len(args) > 1:
        seed = _seed(args[1])
    else:
        run.draws += 1
        seed = int(ctx.random_number(run.draws) * (_MODULUS - 1)) + 1
    return NodeSet(shuffle(items, seed))
