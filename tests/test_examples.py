"""The two worked examples of the textbook chapter (DESIGN.md), reproduced with the engine alone."""

from __future__ import annotations

import pytest

import autograd
from autograd import Value
from autograd.examples import sigmoid_neuron, textbook_network


def test_two_two_one_relu_network_forward_loss_and_every_gradient():
    loss, v = textbook_network()
    assert v["h1"].data == pytest.approx(1.5, abs=1e-12)
    assert v["h2"].data == pytest.approx(2.1, abs=1e-12)
    assert v["y_hat"].data == pytest.approx(1.83, abs=1e-12)
    assert loss.data == pytest.approx(0.4489, abs=1e-12)
    loss.backward()
    expected = {
        "y_hat": -1.34, "w5": -2.01, "w6": -2.814, "b_o": -1.34,
        "w1": -1.608, "w2": -2.412, "w3": -0.804, "w4": -1.206,
        "b_h1": -0.804, "b_h2": -0.402,
    }  # fmt: skip
    for name, grad in expected.items():
        assert v[name].grad == pytest.approx(grad, abs=1e-12), name


def test_one_sigmoid_neuron_and_one_sgd_step():
    loss, v = sigmoid_neuron()
    z, a, w = v["z"], v["a"], [v["w1"], v["w2"]]
    assert z.data == pytest.approx(0.6, abs=1e-12)
    assert a.data == pytest.approx(0.64566, abs=5e-6)
    assert loss.data == pytest.approx(0.010608, abs=5e-7)
    assert a.local_grads[0] == pytest.approx(0.22878, abs=5e-6)  # sigma'(z)
    loss.backward()
    assert [p.grad for p in w] == pytest.approx([0.033324, 0.066648], abs=5e-7)
    lr = 0.01
    for p in w:
        p.data -= lr * p.grad
    assert [p.data for p in w] == pytest.approx([0.099667, 0.199334], abs=5e-7)


def test_the_same_sigmoid_neuron_with_binary_nodes_gives_the_same_floats():
    w1, w2, b = Value(0.1), Value(0.2), Value(0.1)
    z = w1 * 1.0 + w2 * 2.0 + b
    fused = autograd.dot([Value(0.1), Value(0.2)], [1.0, 2.0], Value(0.1))
    assert z.data == fused.data
