"""chainrule's dynamic graph: the normal API, a new graph every step.

W1/W4 use `nn.MLP(2, [16, 16, 1])` with the shared weights (a neuron is one `dot` node and one
activation node); the L2 term is one `dot(params, params)` node. W2/W3 are raw Values.
"""

from __future__ import annotations

import autograd
import nn
from autograd import Value

from . import data

NAME = "chainrule-dynamic"


def moons_mlp(activation: str) -> nn.MLP:
    """nn.MLP(2, [16, 16, 1]) with the weights every implementation starts from; the last layer is linear."""
    layers = data.init_mlp()
    weights = [[ws for ws, _ in layer] for layer in layers]
    biases = [[b for _, b in layer] for layer in layers]
    return nn.MLP.from_weights(weights, biases, activation=activation)


def svm_loss(model: nn.MLP, params: list, points: list, y: list) -> Value:
    """Mean of relu(1 - y * score) plus ALPHA * sum(p * p), Karpathy's moons loss."""
    losses = [(1.0 - yi * model(x)).relu() for x, yi in zip(points, y)]
    return autograd.sum(losses) * (1.0 / len(losses)) + data.ALPHA * autograd.dot(params, params)


def w1(n_points: int, activation: str, forward_only: bool = False):
    """One full-batch SGD step on the moons (or only its forward pass); returns the loss."""
    points, y = data.make_moons(n_points)
    model = moons_mlp(activation)
    params = model.parameters()

    def forward() -> float:
        return svm_loss(model, params, points, y).data

    def step() -> float:
        loss = svm_loss(model, params, points, y)
        for p in params:
            p.grad = 0.0
        loss.backward()
        for p in params:
            p.data -= data.LR * p.grad
        return loss.data

    return forward if forward_only else step


def chain(n: int):
    """W2: y <- y * w and y <- y + c alternately, n nodes; backward returns d y / d x."""
    x, w, c = Value(data.CHAIN_X), Value(data.CHAIN_W), Value(data.CHAIN_C)

    def build() -> Value:
        return data.chain(x, w, c, n)

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
