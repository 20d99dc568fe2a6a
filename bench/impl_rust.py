"""micrograd-rust 0.1.0: micrograd's engine in Rust behind PyO3 (`bench/setup_anchors.sh` builds it).

Its `Value` has + * ** - / tanh exp and no relu, and takes plain numbers only on the left (`2.0 * v`,
not `v * 2.0`). Every node holds a closure that points back at the node itself, so no graph is ever
freed: memory grows by its graph every step. Its topological sort is recursive in Rust, so a deep
chain overflows the stack and kills the process (this one runs in its own, and the runner says so).
"""

from __future__ import annotations

import importlib

from . import data

NAME = "micrograd-rust"


def _module():
    return importlib.import_module("micrograd_rust")


def available() -> str | None:
    try:
        _module()
    except ImportError:
        return "micrograd_rust is not installed (bash bench/setup_anchors.sh builds it)"
    return None


def sgd_step(loss, params: list):
    """One full-batch SGD step as a function: the loss graph, backward, update; returns the loss."""

    def step() -> float:
        total = loss()
        for p in params:
            p.grad = 0.0
        total.backward()
        for p in params:
            p.data -= data.LR * p.grad
        return total.data

    return step


def w5(n_points: int):
    """W5 built op by op from Python: the same bench.data.op_by_op_mlp as every engine runs."""
    value = _module().Value
    points, y = data.make_moons(n_points)
    layers = [[([value(w) for w in ws], value(b)) for ws, b in layer] for layer in data.init_mlp()]
    params = data.flat(layers)

    def loss():
        scores = [data.op_by_op_mlp(layers, [value(a), value(b)], value.tanh) for a, b in points]
        return data.op_by_op_loss(scores, y, params, relu=None)

    return sgd_step(loss, params)


def chain(n: int):
    value = _module().Value
    x, w, c = value(data.CHAIN_X), value(data.CHAIN_W), value(data.CHAIN_C)

    def build():
        return data.chain(x, w, c, n)

    def backward(y) -> float:
        x.grad = 0.0
        y.backward()
        return x.grad

    return build, backward


def tree(n: int):
    return data.tree_graph(_module().Value, n)


def nodes(workload: str, n: int) -> int:
    """Nodes one build makes: the chain's n; the tree's 2n leaves, n products and n - 1 additions."""
    return {"W2": n, "W6": 4 * n - 1}[workload]
