"""Property tests on random expression graphs: backward agrees with central differences."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings

from autograd import Value, no_grad, topological_order
from tests.strategies import ChainruleOps, build, recipes


def central_difference(f, xs: list, i: int, eps: float) -> float:
    up, down = list(xs), list(xs)
    up[i] += eps
    down[i] -= eps
    return (f(up) - f(down)) / (2 * eps)


def trusted_slope(f, xs: list, i: int) -> float | None:
    """The numerical slope along input i, or None where it cannot be trusted: two step sizes must
    agree, else a kink or a cliff is within reach of the step, or rounding swamps it."""
    eps = 1e-5 * max(1.0, abs(xs[i]))
    coarse, fine = central_difference(f, xs, i, eps), central_difference(f, xs, i, eps / 10)
    return fine if abs(coarse - fine) <= 1e-5 * max(1.0, abs(fine)) else None


@settings(max_examples=300, deadline=None)
@given(recipes())
def test_backward_matches_central_differences(recipe):
    leaves, steps = recipe
    values = [Value(x) for x in leaves]
    kink_inputs, out = build(values, steps, ChainruleOps)
    assume(all(abs(v.data) > 1e-3 for v in kink_inputs))
    out.backward()

    def f(xs):
        with no_grad():
            return build([Value(x) for x in xs], steps, ChainruleOps)[1].data

    slopes = [trusted_slope(f, leaves, i) for i in range(len(leaves))]
    assume(all(slope is not None for slope in slopes))
    for value, slope in zip(values, slopes):
        assert value.grad == pytest.approx(slope, rel=1e-4, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(recipes())
def test_topological_order_is_valid_and_backward_fills_every_node(recipe):
    leaves, steps = recipe
    values = [Value(x) for x in leaves]
    _, out = build(values, steps, ChainruleOps)
    order = topological_order(out)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order)
    for node in order:
        assert all(position[id(parent)] < position[id(node)] for parent in node.parents)
        assert len(node.parents) == len(node.local_grads)
    out.backward()
    assert out.grad == 1.0
