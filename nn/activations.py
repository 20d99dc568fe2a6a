"""The activations a neuron can apply after its weighted sum, by name."""

from __future__ import annotations

from functools import partial

from autograd import OPS, apply

# name -> what makes the activation node (apply of its op: one call per neuron); None: no node at all.
ACTIVATIONS = {
    "relu": partial(apply, OPS["relu"]),  # relu(z) = max(0, z)
    "tanh": partial(apply, OPS["tanh"]),  # tanh(z) = (e^z - e^-z) / (e^z + e^-z)
    "sigmoid": partial(apply, OPS["sigmoid"]),  # sigmoid(z) = 1 / (1 + e^-z)
    "linear": None,  # linear(z) = z
}


def activation_name(name, who: str) -> str:
    """The canonical name (`None` is "linear"), or a ValueError listing the valid ones."""
    if name is None:
        return "linear"
    if isinstance(name, str) and name.lower() in ACTIVATIONS:
        return name.lower()
    valid = ", ".join(repr(k) for k in ACTIVATIONS)
    raise ValueError(f"{who}: unknown activation {name!r}; use one of {valid} or None")
