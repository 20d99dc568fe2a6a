"""chainrule compiled by hand: the per-sample loss graph is built once and run as generated Python.

One graph per sample shape (inputs: the parameters, the sample's x1, x2 and label), summed
over the 100 samples by `f.many` inside the generated loop, plus the compiled L2 term: the
least a user of `autograd.compile` can write. `impl_fit_compiled` measures `nn.fit(compile=True)`.
"""

from __future__ import annotations

import autograd
from autograd import Value

from . import data
from .impl_chainrule import moons_mlp
from .plan import NotApplicableError

NAME = "chainrule-compiled"


def compile_moons(model):
    """(per-sample hinge loss, L2 term), both compiled; the first takes params + (x1, x2, y)."""
    params = model.parameters()
    x1, x2, label = Value(0.0, "x1"), Value(0.0, "x2"), Value(1.0, "y")
    score = model([x1, x2])
    hinge = (1.0 - label * score).relu()
    reg = data.ALPHA * autograd.dot(params, params)
    return autograd.compile(hinge, [*params, x1, x2, label]), autograd.compile(reg, params)


def w1(n_points: int, activation: str, forward_only: bool = False):
    """One full-batch SGD step with compiled code; returns the loss (the same as the dynamic graph's)."""
    if forward_only:
        raise NotApplicableError("compiled code has no graph to build per step")
    points, y = data.make_moons(n_points)
    model = moons_mlp(activation)
    hinge, reg = compile_moons(model)
    rows = [(a, b, yi) for (a, b), yi in zip(points, y)]
    scale = 1.0 / n_points
    params = model.parameters()
    n = len(params)

    def step() -> float:
        values = [p.data for p in params]
        total, grads = hinge.many(rows, *values)
        reg_loss, reg_grads = reg(*values)
        for p, g, r in zip(params, grads[:n], reg_grads):
            p.data -= data.LR * (g * scale + r)
        return total * scale + reg_loss

    return step
