"""micrograd 0.1.0 (pip install micrograd), used as Karpathy's demo uses it.

micrograd has no tanh: the tanh variant adds one in micrograd's own style (a closure per node).
Its topological sort is recursive, so deep graphs need a higher recursion limit.
"""

from __future__ import annotations

import importlib
import math
import sys

from . import data

NAME = "micrograd"
MODULE = "micrograd"


def _engine():
    return importlib.import_module(f"{MODULE}.engine").Value


def available() -> str | None:
    try:
        _engine()
    except ImportError:
        return f"{MODULE} is not installed (pip install micrograd==0.1.0)"
    return None


def _tanh(v):
    """tanh as micrograd writes its ops: the output node and a closure for its backward."""
    t = math.tanh(v.data)
    out = type(v)(t, (v,), "tanh")

    def _backward():
        v.grad += (1.0 - t * t) * out.grad

    out._backward = _backward
    return out


def _model(activation: str):
    value = _engine()
    layers = [[([value(w) for w in ws], value(b)) for ws, b in layer] for layer in data.init_mlp()]
    act = (lambda z: z.relu()) if activation == "relu" else _tanh

    def forward(x):
        for depth, layer in enumerate(layers):
            x = [sum((wi * xi for wi, xi in zip(ws, x)), b) for ws, b in layer]
            if depth < len(layers) - 1:
                x = [act(z) for z in x]
        return x[0]

    return value, forward, data.flat(layers)


def w1(n_points: int, activation: str, forward_only: bool = False):
    """Karpathy's moons step: SVM max-margin loss + L2, full batch, SGD."""
    value, model, params = _model(activation)
    points, y = data.make_moons(n_points)

    def forward():
        scores = [model([value(a), value(b)]) for a, b in points]
        losses = [(1 + -yi * s).relu() for yi, s in zip(y, scores)]
        return sum(losses) * (1.0 / len(losses)) + data.ALPHA * sum(p * p for p in params)

    def step() -> float:
        loss = forward()
        for p in params:
            p.grad = 0
        loss.backward()
        for p in params:
            p.data -= data.LR * p.grad
        return loss.data

    return (lambda: forward().data) if forward_only else step


def w5(n_points: int):
    """W5 built op by op, with the tanh written above: the same bench.data.op_by_op_mlp as every engine runs."""
    value = _engine()
    points, y = data.make_moons(n_points)
    layers = [[([value(w) for w in ws], value(b)) for ws, b in layer] for layer in data.init_mlp()]
    params = data.flat(layers)

    def step() -> float:
        scores = [data.op_by_op_mlp(layers, [value(a), value(b)], _tanh) for a, b in points]
        loss = data.op_by_op_loss(scores, y, params, value.relu)
        for p in params:
            p.grad = 0
        loss.backward()
        for p in params:
            p.data -= data.LR * p.grad
        return loss.data

    return step


def chain(n: int):
    value = _engine()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * n + 1000))  # its backward recurses n deep
    x, w, c = value(data.CHAIN_X), value(data.CHAIN_W), value(data.CHAIN_C)

    def build():
        return data.chain(x, w, c, n)

    def backward(y) -> float:
        x.grad = 0
        y.backward()
        return x.grad

    return build, backward


def wide(n: int):
    value = _engine()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * n + 1000))
    a, b = ([value(x) for x in floats] for floats in data.wide_leaves(n))

    def build():
        return sum(ai * bi for ai, bi in zip(a, b))

    def backward(out) -> float:
        a[0].grad = 0
        out.backward()
        return a[0].grad

    return build, backward


def tree(n: int):
    return data.tree_graph(_engine(), n)


def nodes(workload: str, n: int) -> int:
    """Values one build makes: the chain's n nodes; for the wide sum, n products, n additions and the 0 that
    sum() starts from; the tree's 2n leaves, n products and n - 1 additions."""
    return {"W2": n, "W3": 2 * n + 1, "W6": 4 * n - 1}[workload]
