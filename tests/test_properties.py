"""Property tests on random expression graphs: backward agrees with central differences."""

from __future__ import annotations

from hypothesis import assume, given, settings

from autograd import Value, gradcheck, topological_order
from tests.strategies import ChainruleOps, build, recipes


@settings(max_examples=200, deadline=None)
@given(recipes())
def test_backward_matches_central_differences(recipe):
    leaves, steps = recipe
    kink_inputs, _ = build([Value(x) for x in leaves], steps, ChainruleOps)
    assume(all(abs(v.data) > 1e-3 for v in kink_inputs))
    assert gradcheck(lambda *xs: build(list(xs), steps, ChainruleOps)[1], *leaves, eps=1e-7, rtol=1e-4, atol=1e-5)


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
