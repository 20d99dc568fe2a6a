"""A stand-in for nn.MLP while the nn package is being written: raw Values, the contract's names.

Each neuron is one `autograd.dot(w, x, b)` node then one activation node (none when linear), and
`named_parameters()` yields `layers.<l>.neurons.<j>.w.<i>` / `.b` and `neuron_parameters()` each neuron's
((layer, neuron), weights, bias), as nn's models do; parameters are labelled w1..wn and b.
"""

from __future__ import annotations

import random

import autograd
from autograd import Value


class FakeMLP:
    def __init__(self, nin: int, nouts: list, activation: str = "relu", seed: int = 0):
        rng = random.Random(seed)
        sizes = [nin, *nouts]
        self.layers = []
        for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
            act = activation if layer < len(nouts) - 1 else "linear"
            neurons = [(_weights(rng, n_in), Value(0.0, "b")) for _ in range(n_out)]
            self.layers.append((neurons, act))

    def named_parameters(self):
        for layer, (neurons, _) in enumerate(self.layers):
            for j, (ws, b) in enumerate(neurons):
                for i, w in enumerate(ws, start=1):
                    yield f"layers.{layer}.neurons.{j}.w.{i}", w
                yield f"layers.{layer}.neurons.{j}.b", b

    def neuron_parameters(self):
        for layer, (neurons, _) in enumerate(self.layers):
            for j, (ws, b) in enumerate(neurons):
                yield (layer, j), ws, b

    def __call__(self, xs: list):
        for neurons, act in self.layers:
            xs = [_activate(autograd.dot(ws, xs, b), act) for ws, b in neurons]
        return xs[0] if len(xs) == 1 else xs


def _weights(rng: random.Random, n: int) -> list:
    return [Value(rng.uniform(-1, 1), f"w{i + 1}") for i in range(n)]


def _activate(z: Value, act: str) -> Value:
    return z if act == "linear" else getattr(z, act)()


def mlp_loss(model: FakeMLP, x=(0.5, -1.2), y: float = 1.0) -> Value:
    """Squared error of the model on one sample, with labelled inputs and output."""
    xs = [Value(v, f"x{i + 1}") for i, v in enumerate(x)]
    y_hat = model(xs)
    y_hat.label = "y_hat"
    loss = (y_hat - y) ** 2
    loss.label = "L"
    return loss
