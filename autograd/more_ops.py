"""The rest of the op catalogue, registered exactly as a user's own op is: with `autograd.primitive`.

Each is a float function returning `(output, local derivatives)`, its rule, and its test domain.
"""

from __future__ import annotations

import math

from .errors import domain
from .functions import primitive
from .ops import INF, NAN, POS


@primitive(local=("1 / (2 * {out})",), domain=(POS,))
def sqrt(x):
    if x < 0.0 or x != x:
        raise domain("sqrt", "x >= 0", x, (NAN, (NAN,)))
    out = math.sqrt(x)
    return out, ((0.5 / out) if out else INF,)


def _finite(name: str, x: float) -> None:
    if x - x != 0.0:
        raise domain(name, "a finite x", x, (NAN, (NAN,)))


@primitive(local=("cos({x})",))
def sin(x):
    _finite("sin", x)
    return math.sin(x), (math.cos(x),)


@primitive(local=("-sin({x})",))
def cos(x):
    _finite("cos", x)
    return math.cos(x), (-math.sin(x),)
