"""autograd/watch.py: the observers of backward's loop (the teaching hook and detect_anomaly)."""

from __future__ import annotations

import math

import pytest

from autograd import Value, detect_anomaly, watch


def test_no_observer_unless_a_hook_or_anomaly_mode_asks():
    assert watch.observer(None) is None
    assert isinstance(watch.observer(lambda *edge: None), watch.Hook)
    with detect_anomaly():
        assert isinstance(watch.observer(None), watch.Anomaly)
        assert isinstance(watch.observer(lambda *edge: None), watch.Both)


def test_the_hook_numbers_each_childs_edges_in_order_and_sees_zero_upstream_edges():
    x = Value(3.0, "x")
    dead = (x * -1.0).relu()  # relu of -3: its upstream is fine, its local derivative 0
    y = x * x + dead * x
    seen = []
    y.backward(hook=lambda child, i, before: seen.append((child.op, i, before)))
    assert [(op, i) for op, i, _ in seen] == [("+", 0), ("+", 1), ("*", 0), ("*", 1), ("relu", 0), ("*", 0),
                                              ("*", 1), ("*", 0), ("*", 1)]  # fmt: skip
    assert x.grad == 6.0


def test_anomaly_raises_at_the_edge_that_made_an_inf_under_a_hook_too():
    x = Value(0.0, "x")
    y = x.sqrt() * 2.0  # d sqrt / dx at 0 is inf
    seen = []
    with detect_anomaly(), pytest.raises(FloatingPointError, match="sqrt node") as caught:
        y.backward(hook=lambda *edge: seen.append(edge))
    assert "made the gradient of input 0 'x' inf" in str(caught.value)
    assert math.isinf(x.grad) and len(seen) == 2  # the two edges of the product, then the sqrt raised
