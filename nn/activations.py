"""The activations a neuron can apply after its weighted sum, by name."""

from __future__ import annotations

from autograd import Value

# name -> what makes the activation node (the Value method of its op: one call per neuron); None: no node.
ACTIVATIONS = {
    "relu": Value.relu,  # relu(z) = max(0, z)
    "tanh": Value.tanh,  # tanh(z) = (e^z - e^-z) / (e^z + e^-z)
    "sigmoid": Value.sigmoid,  # sigmoid(z) = 1 / (1 + e^-z)
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
