"""Weight initialisers. Each draws one weight for a neuron with `fan_in` inputs in a layer of
`fan_out` neurons from a `random.Random`, so a seed makes a whole model reproducible.
Biases start at 0, as in micrograd. The formulas are torch.nn.init's (Xavier with gain 1;
He/Kaiming in fan_in mode with the ReLU gain sqrt(2))."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ._checks import short
from .messages import text

Initializer = Callable[[int, int, random.Random], float]


def uniform(fan_in: int, fan_out: int, rng: random.Random) -> float:
    """micrograd's default: w ~ U(-1, 1), whatever the fans."""
    return rng.uniform(-1.0, 1.0)


def xavier_uniform(fan_in: int, fan_out: int, rng: random.Random) -> float:
    """Glorot: w ~ U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), so Var(w) = 2 / (fan_in + fan_out)."""
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound)


def xavier_normal(fan_in: int, fan_out: int, rng: random.Random) -> float:
    """Glorot: w ~ N(0, std^2) with std = sqrt(2 / (fan_in + fan_out))."""
    return rng.gauss(0.0, math.sqrt(2.0 / (fan_in + fan_out)))


def he_uniform(fan_in: int, fan_out: int, rng: random.Random) -> float:
    """He/Kaiming for ReLU: w ~ U(-a, a) with a = sqrt(6 / fan_in), so Var(w) = 2 / fan_in."""
    bound = math.sqrt(6.0 / fan_in)
    return rng.uniform(-bound, bound)


def he_normal(fan_in: int, fan_out: int, rng: random.Random) -> float:
    """He/Kaiming for ReLU: w ~ N(0, std^2) with std = sqrt(2 / fan_in)."""
    return rng.gauss(0.0, math.sqrt(2.0 / fan_in))


INITIALIZERS: dict[str, Initializer] = {
    "uniform": uniform,
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
    # PyTorch's and Keras's names for the same formulas
    "glorot_uniform": xavier_uniform,
    "glorot_normal": xavier_normal,
    "kaiming_uniform": he_uniform,
    "kaiming_normal": he_normal,
}


def get(init: str | Initializer, who: str) -> Initializer:
    """The initialiser for a name or a callable `(fan_in, fan_out, rng) -> float`."""
    if callable(init):
        return init
    if isinstance(init, str) and init in INITIALIZERS:
        return INITIALIZERS[init]
    valid = ", ".join(repr(k) for k in INITIALIZERS)
    raise ValueError(text("unknown_init", who=who, got=short(init), valid=valid))
