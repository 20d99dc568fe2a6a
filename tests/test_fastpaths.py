"""Each fast path in the engine agrees with the plain code it replaces."""

from __future__ import annotations

from hypothesis import given, settings

import autograd
from autograd import Value, topological_order
from tests.strategies import ChainruleOps, build, recipes


def plain_topological_order(root: Value, leaves: bool = True) -> list:
    """The textbook iterative depth-first search, one Python step per edge, no shortcuts."""
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


@settings(max_examples=150, deadline=None)
@given(recipes(max_leaves=5, max_steps=40))
def test_topological_order_is_exactly_the_plain_depth_first_order(recipe):
    leaves, steps = recipe
    _, out = build([Value(x) for x in leaves], steps, ChainruleOps)
    for with_leaves in (True, False):
        assert topological_order(out, with_leaves) == plain_topological_order(out, with_leaves)


def test_topological_order_with_shared_wide_nodes_matches_the_plain_order(rng):
    ws = [[Value(rng.uniform(-1, 1)) for _ in range(4)] for _ in range(3)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(4)]
    hidden = [autograd.dot(w, xs).relu() for w in ws]  # every dot shares xs: the C shortcut applies
    out = autograd.dot(ws[0][:3], hidden) + autograd.sum(hidden)
    for with_leaves in (True, False):
        assert topological_order(out, with_leaves) == plain_topological_order(out, with_leaves)


def test_dot_builds_the_same_node_from_lists_tuples_and_generators(rng):
    ws = [Value(rng.uniform(-1, 1)) for _ in range(5)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(5)]
    b = Value(0.25)
    made = [autograd.dot(ws, xs, b), autograd.dot(tuple(ws), tuple(xs), b), autograd.dot(iter(ws), iter(xs), b)]
    for node in made:
        assert node.data == made[0].data and node.parents == (*ws, *xs, b)
        assert node.local_grads == made[0].local_grads and type(node.parents) is tuple
    assert autograd.dot(ws, xs).parents == (*ws, *xs)
