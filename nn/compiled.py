"""`fit(compile=True)`: the model's graph for one sample, built and compiled once, then run on every batch.

The chain rule is split at the model's outputs: dL/dp = sum over samples i and outputs j of
dL/dout_ij * dout_ij/dp. A compiled forward gives the outputs; the loss runs on the engine over
them (as leaves), so every loss, named or custom, is the dynamic one to the last bit; and a compiled
vector-Jacobian product (the graph of sum_j g_j * out_j) carries each dL/dout back to the parameters.
"""

from __future__ import annotations

from autograd import Value, dot, enable_grad
from autograd.compile import compile as compile_graph
from autograd.compile import compile_forward

from ._checks import short
from .layers import MLP, Layer, Neuron
from .messages import text

FIXED_SHAPE = (MLP, Layer, Neuron)  # their graph for one sample is the same for every sample: it compiles


def check_model(model) -> None:
    """A ValueError unless the model's per-sample graph is known not to depend on the data."""
    if type(model) not in FIXED_SHAPE:
        raise ValueError(text("compile_shape", got=short(model)))


class CompiledModel:
    """A model's per-sample graph as generated Python: the outputs of a batch, and the gradient of a loss."""

    def __init__(self, model):
        self.params = model.parameters()
        xs = [Value(0.0, f"x{i}") for i in range(1, model.nin + 1)]
        with enable_grad():  # the graph must be recorded even if fit runs inside no_grad()
            out = model(xs)
            outs = [out] if isinstance(out, Value) else list(out)
            upstream = [Value(0.0, f"dL_dout{j}") for j in range(1, len(outs) + 1)]
            vjp = dot(upstream, outs)  # d vjp / d p = sum_j dL/dout_j * dout_j/dp
        self.one = isinstance(out, Value)  # one output comes back as a Value, as model(x) returns it
        self._forward = compile_forward(outs, [*self.params, *xs])
        self._vjp = compile_graph(vjp, [*self.params, *xs, *upstream])

    def outputs(self, points: list) -> list:
        """Each sample's outputs as fresh leaves, shaped as `model(x)` returns them (a Value, or a list)."""
        rows = self._forward.many(points, *[p.data for p in self.params])
        if self.one:
            return [Value(row[0]) for row in rows]
        return [[Value(v) for v in row] for row in rows]

    def gradients(self, points: list, outputs: list) -> tuple:
        """Per parameter, sum over samples of dL/dout * dout/dp, dL/dout read from the outputs' .grad."""
        if self.one:
            rows = [(*x, out.grad) for x, out in zip(points, outputs)]
        else:
            rows = [(*x, *[v.grad for v in out]) for x, out in zip(points, outputs)]
        # backward() on the batch graph meets the last sample first; summing in that order too gives
        # the same floats as the dynamic path, not merely close ones.
        rows.reverse()
        _, grads = self._vjp.many(rows, *[p.data for p in self.params])
        return grads[: len(self.params)]
