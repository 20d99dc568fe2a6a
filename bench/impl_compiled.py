"""chainrule compiled: the per-sample loss graph is built once and run as generated Python.

One graph per sample shape (inputs: the parameters, the sample's x1, x2 and label), summed
over the 100 samples by `f.many` inside the generated loop, plus the compiled L2 term.
"""

from __future__ import annotations

import autograd
from autograd import Value

from . import data
from .impl_chainrule import MLP

NAME = "chainrule-compiled"


def compile_moons(model: MLP):
    """(per-sample hinge loss, L2 term), both compiled; the first takes params + (x1, x2, y)."""
    x1, x2, label = Value(0.0, "x1"), Value(0.0, "x2"), Value(1.0, "y")
    score = model([x1, x2])
    hinge = (1.0 - label * score).relu()
    reg = data.ALPHA * autograd.dot(model.params, model.params)
    return autograd.compile(hinge, [*model.params, x1, x2, label]), autograd.compile(reg, model.params)


def w1(n_points: int, activation: str, forward_only: bool = False):
    """One full-batch SGD step with compiled code; returns the loss (the same as the dynamic graph's)."""
    if forward_only:
        raise NotImplementedError("compiled code has no graph to build per step")
    points, y = data.make_moons(n_points)
    model = MLP(data.init_mlp(), activation)
    hinge, reg = compile_moons(model)
    rows = [(a, b, yi) for (a, b), yi in zip(points, y)]
    scale = 1.0 / n_points
    params = model.params
    n = len(params)

    def step() -> float:
        values = [p.data for p in params]
        total, grads = hinge.many(rows, *values)
        reg_loss, reg_grads = reg(*values)
        for p, g, r in zip(params, grads[:n], reg_grads):
            p.data -= data.LR * (g * scale + r)
        return total * scale + reg_loss

    return step
