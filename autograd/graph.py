"""Walking a graph: its nodes, edges and leaves, and resetting gradients."""

from __future__ import annotations

from collections.abc import Iterable

from .value import Value, gradients_zeroed, short, topological_order


def nodes(root: Value) -> list:
    """Every node behind `root`, leaves first (the same list as `topological_order`)."""
    return topological_order(root)


def edges(root: Value) -> list:
    """Every edge as `(parent, child, i)`, where `parent is child.parents[i]`, in topological order."""
    return [(parent, child, i) for child in topological_order(root) for i, parent in enumerate(child.parents)]


def leaves(root: Value) -> list:
    """The nodes behind `root` that no op made: inputs, parameters and constants."""
    return [node for node in topological_order(root) if not node.parents]


def zero_grad(*values_or_roots) -> None:
    """Set `.grad` to 0 for every node behind each argument (a Value, or an iterable of Values)."""
    for item in values_or_roots:
        for value in [item] if type(item) is Value else _iter_values(item):
            for node in topological_order(value):
                node.grad = 0.0
    gradients_zeroed()  # so a second backward() of a root behind these is a fresh gradient, not a mistake


def _iter_values(items: Iterable) -> Iterable:
    try:
        items = list(items)
    except TypeError:
        raise TypeError(f"zero_grad: expected Values or iterables of Values, got {short(items)}") from None
    for item in items:
        if type(item) is not Value:
            raise TypeError(f"zero_grad: expected a Value, got {short(item)}")
    return items
