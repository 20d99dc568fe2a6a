"""Grouping an MLP's nodes by layer and neuron for `draw(..., cluster=model)`.

Works with anything that has `named_parameters()` yielding `(name, Value)` with names like
`layers.0.neurons.3.w.1` and `layers.0.neurons.3.b`: a neuron is the `dot` node its weights feed,
the activation node right after it, and its parameters.
"""

from __future__ import annotations

import re

from ..value import Value, short

ACTIVATIONS = ("relu", "tanh", "sigmoid")
_NAME = re.compile(r"^(?:layers\.(\d+)\.)?(?:neurons\.(\d+)\.)?(?:w\.?\d+|b)$")


def neuron_key(name: str) -> tuple | None:
    """`layers.0.neurons.3.w.1` -> (0, 3); a lone neuron's `w.1` -> (None, None); other names -> None."""
    match = _NAME.match(name) if isinstance(name, str) else None
    if match is None:
        return None
    return tuple(None if part is None else int(part) for part in match.groups())


def owners(model) -> dict:
    """Each parameter Value of `model` -> the (layer, neuron) it belongs to."""
    named = getattr(model, "named_parameters", None)
    if not callable(named):
        raise TypeError(f"draw: cluster= expects a model with named_parameters() (an nn MLP), got {short(model)}")
    found = {}
    for name, param in named():
        key = neuron_key(name)
        if key is not None and type(param) is Value:
            found[param] = key
    return found


def neuron_groups(model, order: list) -> dict:
    """Each node of the graph that belongs to a neuron -> (layer, neuron)."""
    owner, groups = owners(model), {}
    for node in order:
        if not node.parents:
            key = owner.get(node)
        elif node.op == "dot":
            key = next((owner[p] for p in node.parents if p in owner), None)
        elif node.op in ACTIVATIONS and len(node.parents) == 1 and node.parents[0].op == "dot":
            key = groups.get(node.parents[0])
        else:
            key = None
        if key is not None:
            groups[node] = key
    return groups


def neuron_outputs(groups: dict, order: list) -> dict:
    """Each neuron's (layer, neuron) -> its output node: the activation, or the dot of a linear neuron."""
    outputs = {}
    for node in order:  # parents come first, so the activation overwrites its dot
        key = groups.get(node)
        if key is not None and node.parents:
            outputs[key] = node
    return outputs


def cluster_names(key: tuple) -> list:
    """The nested cluster (subgraph name, label) pairs for a neuron: its layer, then itself."""
    layer, neuron = key
    out = [] if layer is None else [(f"cluster_L{layer}", f"layer {layer}")]
    prefix, number = "" if layer is None else f"L{layer}", "" if neuron is None else str(neuron)
    out.append((f"cluster_{prefix}N{number}", f"neuron {number}".strip()))
    return out
