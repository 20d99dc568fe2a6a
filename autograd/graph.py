"""Walking a graph: topological order, its nodes, edges and leaves, and resetting gradients.

A graph here is anything whose nodes have `.parents` (a tuple): this module knows no Value class,
so the engine below it and every tool above it share one definition of the order.
"""

from __future__ import annotations

from . import errors, mistakes


def topological_order_plain(root, leaves: bool = True) -> list:
    """The definition: every node behind `root`, each after all its parents (leaves first, root last).

    micrograd's build_topo, made iterative (no recursion limit): a node is listed once all its
    parents are. With `leaves=False` only interior nodes are listed: that is what backward walks.
    """
    order, seen = [], {root}
    if not (leaves or root.parents):
        return order
    stack = [(root, iter(root.parents))]
    while stack:
        node, pending = stack[-1]
        for parent in pending:
            if (leaves or parent.parents) and parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parent.parents)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def topological_order(root, leaves: bool = True) -> list:
    """`topological_order_plain`, the same list, faster: a node whose parents are all seen is done at once.

    tests/test_graph.py checks over random graphs that both give exactly the same list.
    """
    order = []
    return _depth_first(root, order, order if leaves else None)


def interior_and_leaves(root) -> tuple[list, list]:
    """`topological_order(root, leaves=False)`, and the leaves behind root apart: what backward needs."""
    interior, leaves = [], []
    _depth_first(root, interior, leaves)
    return interior, leaves


def _depth_first(root, interior: list, leaves: list | None) -> list:
    """Interior nodes into `interior` in topological order, leaves into `leaves` (when given) as met."""
    if not isinstance(getattr(root, "parents", None), tuple):
        raise errors.not_a_value("topological_order", root)
    if not root.parents:
        if leaves is not None:
            leaves.append(root)
        return interior
    seen = {root}
    done = seen.issuperset
    stack = [(root, iter(root.parents))]
    try:  # free in Python 3.11 until something that is not a Value turns up among the parents
        while stack:
            node, pending = stack[-1]
            for parent in pending:
                if parent in seen:
                    continue
                seen.add(parent)
                parents = parent.parents
                if not parents:
                    if leaves is not None:
                        leaves.append(parent)
                elif done(parents):
                    # All its parents are seen, so all are ordered (in a DAG no parent of a new node is
                    # still on the stack): it is finished now. The check runs in C, so the wide `dot`
                    # nodes that share inputs cost no Python work per edge.
                    interior.append(parent)
                else:
                    stack.append((parent, iter(parents)))
                    break
            else:
                stack.pop()
                interior.append(node)
    except (AttributeError, TypeError):
        errors.foreign_parent(stack[-1][0])
        raise
    return interior


def nodes(root) -> list:
    """Every node behind `root`, leaves first (the same list as `topological_order`)."""
    return topological_order(root)


def edges(root) -> list:
    """Every edge as `(parent, child, i)`, where `parent is child.parents[i]`, in topological order."""
    return [(parent, child, i) for child in topological_order(root) for i, parent in enumerate(child.parents)]


def leaves(root) -> list:
    """The nodes behind `root` that no op made: inputs, parameters and constants."""
    return [node for node in topological_order(root) if not node.parents]


def zero_grad(*values_or_roots) -> None:
    """Set `.grad` to 0 for every node behind each argument (a Value, or an iterable of Values)."""
    for item in values_or_roots:
        for value in [item] if _is_node(item) else _nodes_in(item):
            for node in topological_order(value):
                node.grad = 0.0
    mistakes.zeroed()  # so a second backward() of a root behind these is a fresh gradient, not a mistake


def _is_node(x) -> bool:
    return isinstance(getattr(x, "parents", None), tuple)


def _nodes_in(items) -> list:
    try:
        items = list(items)
    except TypeError:
        raise TypeError(f"zero_grad: expected Values or iterables of Values, got {errors.short(items)}") from None
    for item in items:
        if not _is_node(item):
            raise errors.not_a_value("zero_grad", item)
    return items
