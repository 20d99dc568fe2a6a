"""The shared inputs of every workload: moons data, MLP weights, and the workload constants.

Every implementation starts from these exact floats, so all of them compute the same losses.
"""

from __future__ import annotations

import math
import random

SIZES = (2, 16, 16, 1)  # MLP(2, [16, 16, 1]), as in Karpathy's moons demo
ALPHA = 1e-4  # L2 strength of the SVM loss
LR = 0.1  # SGD learning rate
CHAIN_W, CHAIN_C, CHAIN_X = 0.999999, 1e-6, 0.5  # W2: y <- y * w, then y <- y + c, alternately


def chain(x, w, c, n: int):
    """W2's graph, for any engine whose values support * and +: y <- y * w and y <- y + c alternately, n nodes."""
    y = x
    for i in range(n):
        y = y * w if i % 2 == 0 else y + c
    return y


def make_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[list, list]:
    """Two interleaving half circles, like scikit-learn's: points a list of [x1, x2], y labels in {-1, +1}."""
    rng = random.Random(seed)
    points, y = [], []
    for i in range(n):
        outer = i < n // 2
        t = math.pi * rng.random()
        x1, x2 = (math.cos(t), math.sin(t)) if outer else (1.0 - math.cos(t), 0.5 - math.sin(t))
        points.append([x1 + rng.gauss(0.0, noise), x2 + rng.gauss(0.0, noise)])
        y.append(-1.0 if outer else 1.0)
    return points, y


def init_mlp(sizes=SIZES, seed: int = 1) -> list:
    """Per layer, per neuron: (incoming weights, bias); weights uniform in [-1, 1], biases 0 (micrograd's init)."""
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(nin)], 0.0) for _ in range(nout)]
        for nin, nout in zip(sizes, sizes[1:])
    ]


def flat(layers: list) -> list:
    """All parameters in micrograd's order: per layer, per neuron, its weights then its bias."""
    return [p for layer in layers for ws, b in layer for p in (*ws, b)]
