"""Grouping an MLP's nodes by layer and neuron for `draw(..., cluster=model)`.

A model tells its structure through `neuron_parameters()`, which yields `((layer, neuron), weights,
bias)` per neuron (nn's Neuron, Layer and MLP do; `layer` or `neuron` is None for a lone layer or
neuron). A neuron is then the `dot` node its weights feed, the activation right after it, and its
parameters. Nothing here parses parameter names.
"""

from __future__ import annotations

from ..errors import short
from ..ops import lookup
from ..value import Value


def owners(model) -> dict:
    """Each parameter Value of `model` -> the (layer, neuron) it belongs to."""
    neurons = getattr(model, "neuron_parameters", None)
    if not callable(neurons):
        raise TypeError(f"draw: cluster= expects a model with neuron_parameters() (an nn MLP), got {short(model)}")
    found = {}
    for key, weights, bias in neurons():
        if not (isinstance(key, tuple) and len(key) == 2 and all(k is None or type(k) is int for k in key)):
            raise TypeError(f"draw: neuron_parameters() must yield ((layer, neuron), weights, bias) with int or "
                            f"None indices, got the key {short(key)}")  # fmt: skip
        for param in (*weights, bias):
            if isinstance(param, Value):
                found[param] = key
    return found


def neuron_groups(model, order: list) -> dict:
    """Each node of `order` that belongs to a neuron -> (layer, neuron); an activation is its neuron's even
    where a summary hides the dot before it."""
    owner, groups = owners(model), {}
    for node in order:
        if not node.parents:
            key = owner.get(node)
        elif node.op == "dot":
            key = _owner_of_dot(node, owner)
        elif len(node.parents) == 1 and node.parents[0].op == "dot" and "activation" in lookup(node.op)[0].tags:
            key = groups[node.parents[0]] if node.parents[0] in groups else _owner_of_dot(node.parents[0], owner)
        else:
            key = None
        if key is not None:
            groups[node] = key
    return groups


def _owner_of_dot(node: Value, owner: dict):
    return next((owner[p] for p in node.parents if p in owner), None)


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
