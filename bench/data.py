"""The shared inputs and shapes of every workload: moons data, MLP weights, the graphs any engine builds.

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


def tree_sum(values: list):
    """W6's sum, for any engine whose values support +: pairs added level by level, a binary tree of + nodes."""
    while len(values) > 1:
        paired = [values[i] + values[i + 1] for i in range(0, len(values) - 1, 2)]
        values = paired + values[-1:] if len(values) % 2 else paired
    return values[0]


def wide_leaves(n: int) -> tuple[list, list]:
    """The floats behind W3's and W6's leaves a_i and b_i."""
    return [1.0 + i % 7 * 0.125 for i in range(n)], [0.5 - i % 5 * 0.25 for i in range(n)]


def tree_graph(value, n: int) -> tuple:
    """W6 for any engine with a `value(float)` leaf: (build, backward). build makes the leaves a_i, b_i and
    their tree_sum of products (all inside the clock); backward returns d out / d a_0."""
    a_data, b_data = wide_leaves(n)

    def build() -> tuple:
        a = [value(x) for x in a_data]
        b = [value(x) for x in b_data]
        return a[0], tree_sum([ai * bi for ai, bi in zip(a, b)])

    def backward(handle: tuple) -> float:
        a0, out = handle
        out.backward()
        return a0.grad

    return build, backward


def op_by_op_mlp(layers: list, x: list, tanh):
    """W5's model, written the micrograd way for any engine: each neuron sum((wi * xi ...), b), then tanh,
    on every layer (micrograd-rust's own MLP has tanh on every layer too); `layers` as init_mlp gives them."""
    for layer in layers:
        x = [tanh(sum((wi * xi for wi, xi in zip(ws, x)), b)) for ws, b in layer]
    return x[0]


def op_by_op_loss(scores: list, y: list, params: list, relu):
    """W5's loss for any engine: mean hinge relu(1 - y * score) + ALPHA * sum(p * p), every constant on the
    left (micrograd-rust takes numbers only there). The scores come out of a tanh, so the margin is never
    negative and relu is the identity on it: an engine without relu may pass `relu=None`."""
    margins = [1.0 + -yi * s for yi, s in zip(y, scores)]
    losses = margins if relu is None else [relu(m) for m in margins]
    return (1.0 / len(losses)) * sum(losses) + ALPHA * sum(p * p for p in params)


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
