"""micrograd-rust's own `MLP` (built and run in Rust): W5 with the model's forward pass in Rust.

Its MLP(2, [16, 16, 1]) has tanh on every layer, as W5's op-by-op model does; its random weights are
overwritten with the shared ones (its `parameters()` come in the same order: per neuron, weights then
bias). The loss and the update are Python, as a user of it writes them.
"""

from __future__ import annotations

from . import data
from .impl_rust import _module, available, sgd_step

NAME = "micrograd-rust-mlp"
__all__ = ["NAME", "available", "w5"]


def w5(n_points: int):
    rust = _module()
    points, y = data.make_moons(n_points)
    model = rust.MLP(2, list(data.SIZES[1:]))
    params = model.parameters()
    for p, start in zip(params, data.flat(data.init_mlp()), strict=True):
        p.data = start

    def loss():
        scores = [model([rust.Value(a), rust.Value(b)])[0] for a, b in points]
        return data.op_by_op_loss(scores, y, params, relu=None)

    return sgd_step(loss, params)
