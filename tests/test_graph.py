"""autograd/graph.py: the topological order (the plain definition and the fast walk beside it, which
must give exactly the same list, also from threads and from a hook inside backward), and nodes, edges,
leaves and zero_grad (autograd/functions.py), which read it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import autograd
from autograd import Value, topological_order, zero_grad
from autograd.graph import interior_and_leaves, topological_order_plain
from tests.strategies import ChainruleOps, build, recipes


def test_topological_order_puts_every_parent_first():
    x, y = Value(1.0), Value(2.0)
    z = (x * y + x).tanh() * (y - x)
    order = topological_order(z)
    position = {id(node): i for i, node in enumerate(order)}
    assert order[-1] is z and len(order) == len({id(n) for n in order})
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]
    interior = topological_order(z, leaves=False)
    assert all(node.parents for node in interior) and interior[-1] is z


def test_zero_grad_resets_a_whole_graph_and_lists_of_values():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    c.backward()
    zero_grad(c)
    assert a.grad == b.grad == c.grad == 0.0
    c.backward()
    zero_grad([a, b])
    assert a.grad == b.grad == 0.0
    with pytest.raises(TypeError, match="zero_grad"):
        zero_grad(3.0)


@settings(max_examples=150, deadline=None)
@given(recipes(max_leaves=5, max_steps=40))
def test_topological_order_is_exactly_the_plain_depth_first_order(recipe):
    leaves, steps = recipe
    _, out = build([Value(x) for x in leaves], steps, ChainruleOps)
    for with_leaves in (True, False):
        assert topological_order(out, with_leaves) == topological_order_plain(out, with_leaves)


@settings(max_examples=150, deadline=None)
@given(recipes(max_leaves=5, max_steps=40))
def test_what_backward_walks_is_the_plain_order_and_every_leaf_once(recipe):
    leaves, steps = recipe
    _, out = build([Value(x) for x in leaves], steps, ChainruleOps)
    interior, met = interior_and_leaves(out)
    assert interior == topological_order_plain(out, leaves=False)
    expected = [node for node in topological_order_plain(out) if not node.parents]
    assert sorted(map(id, met)) == sorted(map(id, expected))


def test_walks_from_threads_and_from_a_hook_inside_backward_give_the_plain_order():
    import sys
    import threading
    import warnings

    x, w = Value(0.5), Value(1.5)
    y = x
    for i in range(400):
        y = (y * w + x).tanh() if i % 2 else autograd.dot([y, w], [w, x], x)
    expected = topological_order_plain(y)
    orders, start = [], threading.Barrier(4)

    def walk():
        start.wait()
        orders.extend(topological_order(y) for _ in range(5))

    def backpropagate():
        start.wait()
        for _ in range(5):
            y.backward(hook=lambda child, i, before: i or child.op != "dot" or orders.append(topological_order(y)))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: any interleaving shows
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # backward again without zero_grad: accumulating is fine here
            threads = [threading.Thread(target=f) for f in (walk, walk, backpropagate, backpropagate)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(orders) > 10 and all(order == expected for order in orders)


def test_topological_order_with_shared_wide_nodes_matches_the_plain_order(rng):
    ws = [[Value(rng.uniform(-1, 1)) for _ in range(4)] for _ in range(3)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(4)]
    hidden = [autograd.dot(w, xs).relu() for w in ws]  # every dot shares xs: the C shortcut applies
    out = autograd.dot(ws[0][:3], hidden) + autograd.sum(hidden)
    for with_leaves in (True, False):
        assert topological_order(out, with_leaves) == topological_order_plain(out, with_leaves)


@settings(max_examples=100, deadline=None)
@given(recipes())
def test_topological_order_is_valid_and_backward_fills_every_node(recipe):
    leaves, steps = recipe
    values = [Value(x) for x in leaves]
    _, out = build(values, steps, ChainruleOps)
    order = topological_order(out)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order)
    for node in order:
        assert all(position[id(parent)] < position[id(node)] for parent in node.parents)
        assert len(node.parents) == len(node.local_grads)
    out.backward()
    assert out.grad == 1.0


def test_nodes_edges_and_leaves_of_a_small_graph():
    x, y = Value(2.0, "x"), Value(3.0, "y")
    z = x * y + x
    product = z.parents[0]
    assert autograd.nodes(z) == topological_order(z)
    assert autograd.leaves(z) == [x, y]
    assert autograd.edges(z) == [(x, product, 0), (y, product, 1), (product, z, 0), (x, z, 1)]
    assert all(parent is child.parents[i] for parent, child, i in autograd.edges(z))


def test_a_foreign_object_among_the_parents_is_named():
    class Foreign:  # micrograd's Value, say: a float .data, but _prev instead of parents
        data, _prev = 2.0, set()

    # a .data that is a float passes the n-ary fast read; the walk meets the foreign parent first, second or later
    for parents in ([Value(1.0), Foreign()], [Foreign(), Value(1.0)], [Value(1.0), Foreign(), Value(2.0)]):
        for node in (autograd.sum(parents), autograd.sum(parents) * Value(3.0)):
            with pytest.raises(TypeError, match="not a chainrule Value"):
                topological_order(node)
    with pytest.raises(TypeError, match="topological_order: expected a Value"):
        topological_order(3.0)
