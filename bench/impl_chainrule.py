"""chainrule's dynamic graph: the normal API, a new graph every step.

A neuron is one `dot` node and one activation node, as in `nn`; the L2 term is one
`dot(params, params)` node. Written with raw Values until `nn` is merged.
"""

from __future__ import annotations

import autograd
from autograd import Value

from . import data

NAME = "chainrule-dynamic"


class MLP:
    """Layers of (weights, bias) Values; hidden layers use `activation`, the last is linear."""

    def __init__(self, layers: list, activation: str):
        self.layers = [[([Value(w) for w in ws], Value(b)) for ws, b in layer] for layer in layers]
        self.activation = activation
        self.params = [p for layer in self.layers for ws, b in layer for p in (*ws, b)]

    def __call__(self, x: list) -> Value:
        for depth, layer in enumerate(self.layers):
            x = [autograd.dot(ws, x, b) for ws, b in layer]
            if depth < len(self.layers) - 1:
                x = [getattr(z, self.activation)() for z in x]
        return x[0]


def svm_loss(model: MLP, points: list, y: list) -> Value:
    """Mean of relu(1 - y * score) plus ALPHA * sum(p * p), Karpathy's moons loss."""
    scores = [model([Value(a), Value(b)]) for a, b in points]
    losses = [(1.0 - yi * s).relu() for yi, s in zip(y, scores)]
    return autograd.sum(losses) * (1.0 / len(losses)) + data.ALPHA * autograd.dot(model.params, model.params)


def w1(n_points: int, activation: str, forward_only: bool = False):
    """One full-batch SGD step on the moons (or only its forward pass); returns the loss."""
    points, y = data.make_moons(n_points)
    model = MLP(data.init_mlp(), activation)

    def forward() -> float:
        return svm_loss(model, points, y).data

    def step() -> float:
        loss = svm_loss(model, points, y)
        for p in model.params:
            p.grad = 0.0
        loss.backward()
        for p in model.params:
            p.data -= data.LR * p.grad
        return loss.data

    return forward if forward_only else step


def chain(n: int):
    """W2: y <- y * w and y <- y + c alternately, n nodes; backward returns d y / d x."""
    x, w, c = Value(data.CHAIN_X), Value(data.CHAIN_W), Value(data.CHAIN_C)

    def build() -> Value:
        y = x
        for i in range(n):
            y = y * w if i % 2 == 0 else y + c
        return y

    def backward(y: Value) -> float:
        x.grad = 0.0
        y.backward()
        return x.grad

    return build, backward


def wide(n: int):
    """W3: the sum of n products a_i * b_i of leaves, as one sum node; backward returns d out / d a_0."""
    a = [Value(1.0 + i % 7 * 0.125) for i in range(n)]
    b = [Value(0.5 - i % 5 * 0.25) for i in range(n)]

    def build() -> Value:
        return autograd.sum([ai * bi for ai, bi in zip(a, b)])

    def backward(out: Value) -> float:
        a[0].grad = 0.0
        out.backward()
        return a[0].grad

    return build, backward


def nodes(workload: str, n: int) -> int:
    """Values one build makes: the chain's n nodes; the wide sum's n products and one sum node."""
    return n if workload == "W2" else n + 1
