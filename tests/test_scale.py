"""Huge graphs: deep chains and millions of nodes backpropagate, and their memory comes back
by reference counting alone (no reference cycles, so no need for the cyclic garbage collector)."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import pytest

import autograd
from autograd import Value


@pytest.fixture
def no_cyclic_gc():
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if enabled:
        gc.enable()


@pytest.mark.slow
def test_a_million_deep_chain_backpropagates():
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = -y
    y.backward()
    assert x.grad == 1.0


@pytest.mark.slow
def test_a_two_million_node_graph_backpropagates():
    xs = [Value(float(i % 7)) for i in range(1_000_000)]
    total = autograd.sum([x * 2.0 for x in xs])  # 1e6 leaves, 1e6 products, 1e6 constants, 1 sum
    total.backward()
    assert xs[3].grad == 2.0 and xs[-1].grad == 2.0
    assert total.data == 2.0 * sum(i % 7 for i in range(1_000_000))


def test_graph_memory_is_freed_without_the_cyclic_gc(no_cyclic_gc):
    x = Value(0.5, "x")
    y = x
    for _ in range(1_000):
        y = (y * 1.5).tanh() + autograd.dot([x, y], [y, x], 0.1)
    y.backward()
    alive = [weakref.ref(node) for node in autograd.topological_order(y)]
    del y
    assert sum(ref() is not None for ref in alive) == 1  # only x, which we still hold


def test_memory_of_a_large_graph_returns_after_backward(no_cyclic_gc):
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        x = Value(1.0)
        y = x
        for _ in range(100_000):
            y = y * 1.0001
        y.backward()
        built = tracemalloc.get_traced_memory()[0]
        del y
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert built - before > 100_000 * 100  # the graph really was there
    assert after - before < (built - before) * 0.05  # and came back without gc.collect()


@pytest.mark.parametrize("compile", [False, True])
def test_a_trained_model_its_optimizer_and_history_are_freed_without_the_cyclic_gc(no_cyclic_gc, compile):
    import nn

    X, y = nn.data.make_moons(40, noise=0.1, seed=0)  # noqa: N806 (X: a matrix)
    model = nn.MLP(2, [8, 1], seed=0)
    optimizer = nn.optim.Adam(model.parameters(), lr=0.05)
    scheduler = nn.schedules.StepLR(optimizer, step_size=2)
    history = nn.fit(model, X, y, "hinge", optimizer, epochs=4, batch_size=10, seed=0, progress=False,
                     validation_data=(X[:10], y[:10]), scheduler=scheduler, record_ratios=True,
                     compile=compile)  # fmt: skip
    optimizer.zero_grad()
    loss = nn.losses.mse_loss([model(x) for x in X[:3]], y[:3])
    loss.backward()
    optimizer.step()
    alive = [weakref.ref(obj) for obj in (model, optimizer, scheduler, history, loss, *model.parameters())]
    del model, optimizer, scheduler, history, loss
    assert [ref for ref in alive if ref() is not None] == []
