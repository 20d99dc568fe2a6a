"""chainrule's dynamic graph: the normal API, a new graph every step.

W1/W4 use `nn.MLP(2, [16, 16, 1])` with the shared weights (a neuron is one `dot` node and one
activation node); the L2 term is one `dot(params, params)` node. W5 is the same step written op by op
from Python, the micrograd way (one node per * and +). W2/W3/W6 are raw Values.
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


def op_by_op_loss(n_points: int) -> tuple:
    """(a function building W5's loss graph, the parameters): the tanh MLP of bench.data.op_by_op_mlp."""
    points, y = data.make_moons(n_points)
    layers = [[([Value(w) for w in ws], Value(b)) for ws, b in layer] for layer in data.init_mlp()]
    params = data.flat(layers)

    def loss() -> Value:
        scores = [data.op_by_op_mlp(layers, [Value(a), Value(b)], Value.tanh) for a, b in points]
        return data.op_by_op_loss(scores, y, params, Value.relu)

    return loss, params


def w5(n_points: int):
    """W5: one full-batch SGD step on the moons with the MLP built op by op; returns the loss."""
    loss, params = op_by_op_loss(n_points)

    def step() -> float:
        total = loss()
        for p in params:
            p.grad = 0.0
        total.backward()
        for p in params:
            p.data -= data.LR * p.grad
        return total.data

    return step


def w5_nodes(n_points: int) -> int:
    """Nodes in one W5 graph, leaves and constants included."""
    return len(autograd.nodes(op_by_op_loss(n_points)[0]()))


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
    a, b = ([Value(x) for x in floats] for floats in data.wide_leaves(n))

    def build() -> Value:
        return autograd.sum([ai * bi for ai, bi in zip(a, b)])

    def backward(out: Value) -> float:
        a[0].grad = 0.0
        out.backward()
        return a[0].grad

    return build, backward


def tree(n: int):
    """W6: leaves a_i, b_i made, their n products summed by a tree of binary + nodes, and backward, all timed;
    backward returns d out / d a_0."""
    return data.tree_graph(Value, n)


def nodes(workload: str, n: int) -> int:
    """Values one build makes: the chain's n nodes; the wide sum's n products and one sum node; the tree's
    2n leaves, n products and n - 1 additions."""
    return {"W2": n, "W3": n + 1, "W6": 4 * n - 1}[workload]
