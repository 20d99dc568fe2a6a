"""Walking a graph: the topological order, the definition and the fast walk beside it.

A graph is made of Values: `topological_order_plain`, the definition, reads only their `.parents`
(a tuple); the fast walk beside it reads the slots a Value keeps its edges in (see value.py): the
first two parents in `_x` and `_y`, or all of them as a tuple in `_x` when `_y` is MANY, `_x` None
for a leaf, and `_mark`, which the walk sets on the nodes it has seen. The engine and every tool
above it share this one order.
"""

from __future__ import annotations

from threading import RLock

from . import errors

MANY = ...  # a node's `_y` when it has more than two parents (a singleton: copies and pickles keep it)
WALKING = RLock()  # held by a walk, and by backward for the whole pass: threads take turns


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
    """`topological_order_plain`, the same list, faster: it reads the slots a Value keeps its edges in.

    tests/test_graph.py checks over random graphs that both give exactly the same list.
    """
    order = []
    return _walk(root, order, order if leaves else [])


def interior_and_leaves(root) -> tuple[list, list]:
    """`topological_order(root, leaves=False)`, and the leaves behind root apart: what backward needs."""
    leaves = []
    return _walk(root, [], leaves), leaves


def _walk(root, interior: list, leaves: list) -> list:
    """Interior nodes into `interior` in topological order, leaves into `leaves` as met: depth first
    from `root`, the parents of each node in order, as in topological_order_plain. A node is seen when
    its `_mark` is this walk's own mark, so walks take turns (a hook's walk starts after backward's)."""
    if not isinstance(getattr(root, "parents", None), tuple):
        raise errors.not_a_value("topological_order", root)
    if root._x is None:
        leaves.append(root)
        return interior
    with WALKING:
        seen = root._mark = object()
        stack = [root]
        try:  # free in Python 3.11 until something that is not a Value turns up among the parents
            while stack:
                node = stack[-1]
                if type(node) is tuple:  # a node with many parents, and where its walk through them is
                    node, pending = node
                    for parent in pending:
                        if parent._mark is not seen:
                            parent._mark = seen
                            if parent._x is not None:
                                stack.append(parent)
                                break
                            leaves.append(parent)
                    else:
                        stack.pop()
                        interior.append(node)
                    continue
                x, y = node._x, node._y
                if y is MANY:
                    stack[-1] = (node, iter(x))
                    continue
                if x._mark is not seen:
                    x._mark = seen
                    if x._x is None:
                        leaves.append(x)
                    else:
                        stack.append(x)
                        continue
                if y is not None and y._mark is not seen:
                    # A second parent whose own parents are all seen is finished at once (in a DAG none
                    # of them can still be on the stack): the product w * x in a sum of them, mostly.
                    y._mark = seen
                    if y._x is None:
                        leaves.append(y)
                    elif (y._y is None or y._y is not MANY and y._y._mark is seen) and y._x._mark is seen:
                        interior.append(y)
                    else:
                        stack.append(y)
                        continue
                stack.pop()
                interior.append(node)
        except (AttributeError, TypeError):
            node = stack[-1]
            errors.foreign_parent(node[0] if type(node) is tuple else node)
            raise
    return interior
