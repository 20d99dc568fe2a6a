"""Walking a graph: the topological order, the definition and the fast walk beside it.

A graph is made of Values: `topological_order_plain`, the definition, reads only their `.parents`
(a tuple); the fast walk beside it reads the slots a Value keeps its edges in (see value.py): the
first two parents in `_x` and `_y`, or all of them as a tuple in `_x` when `_y` is MANY, `_x` None
for a leaf, and `_mark`, where the walk notes how far it got with each node. The engine and every
tool above it share this one order.
"""

from __future__ import annotations

from operator import attrgetter
from threading import RLock

from . import errors

MANY = ...  # a node's `_y` when it has more than two parents (a singleton: copies and pickles keep it)
WALKING = RLock()  # held by a walk, and by backward for the whole pass: threads take turns


def topological_order_plain(root, leaves: bool = True, parents=attrgetter("parents")) -> list:
    """The definition: every node behind `root`, each after all its parents (leaves first, root last).

    micrograd's build_topo, made iterative (no recursion limit): a node is listed once all its
    parents are. With `leaves=False` only interior nodes are listed: that is what backward walks.
    `parents(node)` are the parents walked (a summary of a huge graph walks only the part it draws).
    """
    order, seen = [], {root}
    if not (leaves or root.parents):
        return order
    stack = [(root, iter(parents(root)))]
    while stack:
        node, pending = stack[-1]
        for parent in pending:
            if (leaves or parent.parents) and parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parents(parent))))
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
    """Interior nodes into `interior` in topological order, leaves into `leaves` as met: depth first from
    `root`, each node's parents in order, as topological_order_plain, with a stack of nodes to visit.

    A node is marked waiting (its parents are being walked, above it on the stack), then done.
    The marks are this walk's own objects, so walks take turns: a hook's walk starts after backward's.
    """
    if not isinstance(getattr(root, "parents", None), tuple):
        raise errors.not_a_value("topological_order", root)
    with WALKING:
        waiting, done = object(), object()
        stack = [root]
        push, pop = stack.append, stack.pop
        try:  # free in Python 3.11 until something that is not a Value turns up among the parents
            while stack:
                node = pop()
                mark = node._mark
                if mark is done:  # met again along another path
                    continue
                if mark is waiting:  # every parent is done: so is this node
                    node._mark = done
                    interior.append(node)
                    continue
                while True:  # node is met for the first time; its first parent, if new, is walked next, here
                    x, y = node._x, node._y
                    if x is None:
                        node._mark = done
                        leaves.append(node)
                    elif y is MANY:
                        for parent in x:  # (a plain loop: most often every parent is done, and no list is made)
                            if parent._mark is not done:
                                node._mark = waiting
                                push(node)
                                stack.extend([parent for parent in reversed(x) if parent._mark is not done])
                                break  # the new parents are on the stack, the first on top: walked first
                        else:
                            node._mark = done
                            interior.append(node)
                    elif x._mark is not done:
                        node._mark = waiting
                        push(node)
                        if y is not None and y._mark is not done:
                            push(y)
                        node = x
                        continue
                    elif y is not None and y._mark is not done:
                        node._mark = waiting
                        push(node)
                        node = y
                        continue
                    else:  # its parents are done already: so is it
                        node._mark = done
                        interior.append(node)
                    break
        except (AttributeError, TypeError):
            for suspect in (node, *reversed(stack)):
                errors.foreign_parent(suspect)  # raises for the node with a parent that is not a Value
            raise
    return interior
