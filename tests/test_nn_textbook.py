"""The textbook's worked examples (DESIGN.md) through nn: MLP.from_weights and Neuron.from_weights."""

from __future__ import annotations

import pytest

import autograd
import nn
from autograd.examples import TEXTBOOK_BIASES, TEXTBOOK_WEIGHTS, TEXTBOOK_X, TEXTBOOK_Y, textbook_network

# DESIGN.md's names for the 2-2-1 network's parameters, and where nn keeps them.
NAMES = {
    "w1": "layers.0.neurons.0.w.1", "w2": "layers.0.neurons.0.w.2",
    "w3": "layers.0.neurons.1.w.1", "w4": "layers.0.neurons.1.w.2",
    "w5": "layers.1.neurons.0.w.1", "w6": "layers.1.neurons.0.w.2",
    "b_h1": "layers.0.neurons.0.b", "b_h2": "layers.0.neurons.1.b", "b_o": "layers.1.neurons.0.b",
}  # fmt: skip
GRADIENTS = {
    "w5": -2.01, "w6": -2.814, "b_o": -1.34, "w1": -1.608, "w2": -2.412, "w3": -0.804, "w4": -1.206,
    "b_h1": -0.804, "b_h2": -0.402,
}  # fmt: skip


def textbook_mlp(fused: bool = True) -> nn.MLP:
    weights = [[[0.1, 0.4], [0.2, 0.5]], [[0.6, 0.3]]]
    biases = [[0.1, 0.2], [0.3]]
    return nn.MLP.from_weights(weights, biases, activation="relu", output_activation="linear", fused=fused)


def test_the_textbook_constants_are_the_ones_of_the_issue():
    assert [list(map(list, layer)) for layer in TEXTBOOK_WEIGHTS] == [[[0.1, 0.4], [0.2, 0.5]], [[0.6, 0.3]]]
    assert [list(b) for b in TEXTBOOK_BIASES] == [[0.1, 0.2], [0.3]]


@pytest.mark.parametrize("fused", [True, False])
def test_two_two_one_network_forward_loss_and_gradients(fused):
    model = textbook_mlp(fused)
    assert [h.data for h in model.layers[0](TEXTBOOK_X)] == pytest.approx([1.5, 2.1], abs=1e-12)
    y_hat = model(TEXTBOOK_X)
    assert y_hat.data == pytest.approx(1.83, abs=1e-12)
    loss = nn.mse_loss(y_hat, TEXTBOOK_Y)
    assert loss.data == pytest.approx(0.4489, abs=1e-12)
    loss.backward()
    assert y_hat.grad == pytest.approx(-1.34, abs=1e-12)
    params = dict(model.named_parameters())
    for name, grad in GRADIENTS.items():
        assert params[NAMES[name]].grad == pytest.approx(grad, abs=1e-12), name


def test_nn_gives_the_same_floats_as_the_network_built_by_hand():
    loss_by_hand, named = textbook_network()
    loss_by_hand.backward()
    model = textbook_mlp()
    loss = nn.mse_loss(model(TEXTBOOK_X), TEXTBOOK_Y)
    loss.backward()
    assert loss.data == loss_by_hand.data
    params = dict(model.named_parameters())
    for name, path in NAMES.items():
        assert params[path].data == named[name].data
        assert params[path].grad == named[name].grad, name


def test_parameters_carry_the_labels_a_picture_shows():
    model = textbook_mlp()
    assert [p.label for p in model.parameters()] == ["w1", "w2", "b", "w1", "w2", "b", "w1", "w2", "b"]
    labels = [v.label for v in autograd.leaves(model(TEXTBOOK_X))]
    assert labels.count("x1") == 1 and labels.count("x2") == 1  # inputs become labelled leaves, shared by neurons
    assert sorted(set(labels)) == ["b", "w1", "w2", "x1", "x2"]


def test_one_sigmoid_neuron_and_one_sgd_step():
    neuron = nn.Neuron.from_weights([0.1, 0.2], 0.1, activation="sigmoid")
    a = neuron([1.0, 2.0])
    z = a.parents[0]
    assert z.op == "dot" and z.data == pytest.approx(0.6, abs=1e-12)
    assert a.data == pytest.approx(0.64566, abs=5e-6)
    assert a.local_grads[0] == pytest.approx(0.22878, abs=5e-6)  # sigma'(z)
    loss = 0.5 * nn.mse_loss(a, 0.5)  # the textbook's 1/2 (y - a)^2
    assert loss.data == pytest.approx(0.010608, abs=5e-7)
    loss.backward()
    assert [w.grad for w in neuron.w] == pytest.approx([0.033324, 0.066648], abs=5e-7)
    nn.SGD(neuron.parameters(), lr=0.01).step()
    assert [w.data for w in neuron.w] == pytest.approx([0.099667, 0.199334], abs=5e-7)
