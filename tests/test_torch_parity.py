"""PyTorch float64 as the reference: same random graphs, same values and gradients."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from autograd import Value
from tests.strategies import ChainruleOps, TorchOps, build, recipes

torch = pytest.importorskip("torch")


@settings(max_examples=150, deadline=None)
@given(recipes())
def test_random_graphs_match_pytorch_float64(recipe):
    leaves, steps = recipe
    ours = [Value(x) for x in leaves]
    _, out = build(ours, steps, ChainruleOps)
    out.backward()

    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in leaves]
    _, reference = build(theirs, steps, TorchOps(torch))
    reference.backward()

    assert out.data == pytest.approx(reference.item(), rel=1e-12, abs=1e-12)
    for mine, ref in zip(ours, theirs):
        expected = ref.grad.item() if ref.grad is not None else 0.0
        assert mine.grad == pytest.approx(expected, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("x", [-1.5, -0.2, 0.3, 2.0])
def test_every_unary_op_matches_pytorch(x):
    ops = TorchOps(torch)
    for name in ["exp", "tanh", "sigmoid", "relu", "sin", "cos", "abs"]:
        v = Value(x)
        getattr(v, name)().backward()
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        getattr(ops, name)(t).backward()
        assert v.grad == pytest.approx(t.grad.item(), rel=1e-12), name


def test_kinks_follow_pytorch_conventions():
    for name in ["relu", "abs"]:
        v = Value(0.0)
        getattr(v, name)().backward()
        t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        getattr(torch, name)(t).backward()
        assert v.grad == t.grad.item(), name
