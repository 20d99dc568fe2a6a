"""recycle_nodes(): inside the block the nodes of dropped graphs are made again (autograd/pool.py).

What must hold: every node made inside is exactly the node made outside (numbers, edges, gradients),
a node still referred to is never handed out again, a weakly referenced one is never reused, the
collector stays idle in a training loop, and when the last block ends every kept node is freed, as
outside the block.
"""

from __future__ import annotations

import copy
import gc
import pickle
import subprocess
import sys
import threading
import weakref
from contextlib import nullcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Constant, Value, pool, recycle_nodes
from tests.nodes import weak_refs_to_a_dropped_graph

OPS = [
    lambda x, y: (x + y) * 0.5,
    lambda x, y: (x * y).tanh(),
    lambda x, y: x - y,
    lambda x, y: y.relu(),
    lambda x, y: x.sigmoid(),
    lambda x, y: autograd.dot([x, y], [y, x], 0.25).tanh(),
    lambda x, y: autograd.sum([x, y, x]) * 0.25,
    lambda x, y: autograd.linear([x, y], [[y, x], [x, x]], [0.5, -0.5])[1],
]
ACTIONS = ["build", "build", "build", "drop", "weak", "backward", "garbage"]
program = st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 10**6), st.integers(0, 10**6)), max_size=60)


def described(node: Value) -> tuple:
    """What a node is: its label, op, value and edges (its parents by their labels)."""
    return node.label, type(node), node.op, node.data, tuple(p.label for p in node.parents), node.local_grads


def run(steps: list, block) -> list:
    """Run a random program of graph building, dropping and backward; return what it observed."""
    leaves = [Value(v, f"x{i}") for i, v in enumerate((0.5, -1.25, 2.0))]
    kept, seen, weak, observed = list(leaves), {}, [], []
    with block:
        for k, (action, a, b) in enumerate(steps):
            if action == "build":
                node = OPS[a % len(OPS)](kept[a % len(kept)], kept[b % len(kept)])
                node.label = f"n{k}"
                seen[node.label] = described(node)
                kept.append(node)
                observed.append(seen[node.label])
            elif action == "drop" and len(kept) > len(leaves):
                del kept[len(leaves) + a % (len(kept) - len(leaves))]
            elif action == "weak" and len(kept) > len(leaves):
                node = kept.pop()
                weak.append((weakref.ref(node), described(node)))
                del node
            elif action == "backward":
                autograd.zero_grad(*leaves)
                kept[a % len(kept)].backward()
                observed.append(tuple(leaf.grad for leaf in leaves))
            elif action == "garbage":  # a graph made and dropped at once: nodes for the next ones to reuse
                t = kept[a % len(kept)]
                for _ in range(b % 200):
                    t = (t * 0.9 + 0.1).tanh()
                observed.append(t.data)
                del t
            for node in kept[len(leaves) :]:
                assert described(node) == seen[node.label]  # a node still in use was never made again
            for ref, what in weak:
                assert ref() is None or described(ref()) == what  # nor one a weak reference points to
    return observed


@settings(max_examples=150, deadline=None)
@given(program)
def test_inside_the_block_every_node_and_gradient_is_the_one_made_outside(steps):
    assert run(steps, recycle_nodes()) == run(steps, nullcontext())
    assert pool.made == [] and pool.free == []


@settings(max_examples=40, deadline=None)
@given(program, st.integers(0, 40))
def test_a_graph_larger_than_the_limit_is_exact_too(steps, limit):
    saved = pool.LIMIT
    pool.LIMIT = limit
    try:
        assert run(steps, recycle_nodes()) == run(steps, nullcontext())
    finally:
        pool.LIMIT = saved


def mlp_step(layers: list, points: list, labels: list, params: list) -> float:
    """One op-by-op training step, the micrograd way (the student's own loop)."""
    losses = []
    for (a, b), label in zip(points, labels):
        h = [Value(a), Value(b)]
        for layer in layers:
            h = [sum((w * x for w, x in zip(ws, h)), bias).tanh() for ws, bias in layer]
        losses.append((1.0 - label * h[0]).relu())
    loss = sum(losses) * (1.0 / len(losses))
    for p in params:
        p.grad = 0.0
    loss.backward()
    for p in params:
        p.data -= 0.1 * p.grad
    return loss.data


def training(block, steps: int = 12, watch=None) -> list:
    layers = [[([Value(0.1 * (i - j)) for j in range(2)], Value(0.05 * i)) for i in range(4)],
              [([Value(0.2 - 0.1 * j) for j in range(4)], Value(0.0))]]  # fmt: skip
    params = [p for layer in layers for ws, bias in layer for p in (*ws, bias)]
    points = [(0.1 * i, 0.3 - 0.05 * i) for i in range(20)]
    labels = [1.0 if i % 3 else -1.0 for i in range(20)]
    with block:
        return [watch(k) or mlp_step(layers, points, labels, params) if watch else
                mlp_step(layers, points, labels, params) for k in range(steps)]  # fmt: skip


def test_a_training_loop_in_the_block_reuses_its_nodes_and_leaves_the_collector_idle():
    collections, settings_before = [], (gc.isenabled(), gc.get_threshold())
    shells = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    def watch(k):
        if k == 4:  # the loop has warmed up: from now on no collection should start
            gc.callbacks.append(count)
        shells.append({id(node) for node in pool.made})

    try:
        losses = training(recycle_nodes(), watch=watch)
    finally:
        if count in gc.callbacks:
            gc.callbacks.remove(count)
    assert losses == training(nullcontext())  # the same numbers, to the last bit
    assert collections == []
    again = len(shells[-1] & shells[5]) / len(shells[5])
    assert again > 0.99 and len(shells[5]) > 600, again  # the same nodes, made again step after step (but
    # each step's loss, which a weak reference remembers for backward's warnings, is let go)
    assert (gc.isenabled(), gc.get_threshold()) == settings_before


def test_leaving_the_block_frees_every_node_kept_as_outside_it(no_cyclic_gc):
    x = Value(0.5, "x")
    with recycle_nodes():
        alive = weak_refs_to_a_dropped_graph(x)
        z = (x * 2.0).tanh()  # made inside: kept only as long as it is used
    assert sum(ref() is not None for ref in alive) == 1  # only x, which we still hold
    assert pool.made == [] and pool.free == [] and z.data == pytest.approx(0.7615941559557649)


def test_a_weakly_referenced_node_is_never_handed_out_again():
    x = Value(0.5, "x")
    with recycle_nodes():
        y = x * 3.0
        ref, before = weakref.ref(y), described(y)
        del y
        for _ in range(20):
            t = x
            for _ in range(500):
                t = t * 1.001
            t.backward()
            assert ref() is None or described(ref()) == before
        del t


def test_a_node_whose_class_was_changed_is_not_handed_out_as_a_node():
    x = Value(0.5, "x")
    with recycle_nodes():
        for _ in range(50):
            y = x * 2.0
            y.__class__ = Constant
            del y
        made = [(x + 1.0) for _ in range(200)]
        assert all(type(node) is Value and node.grad == 0.0 for node in made)


def test_blocks_nest_and_work_as_a_decorator_and_end_on_an_error():
    @recycle_nodes()
    def step(x):
        return ((x * x).tanh() + 1.0).data

    x = Value(0.3)
    with recycle_nodes():
        assert step(x) == step(x) == ((x * x).tanh() + 1.0).data
        assert pool._blocks == 1
    with pytest.raises(ZeroDivisionError), recycle_nodes():
        Value(1.0) / 0.0
    assert pool._blocks == 0 and pool.made == [] and type(pool.take()) is Value


def test_threads_in_blocks_and_outside_get_exact_gradients():
    errors = []

    def worker(seed: int, block) -> None:
        try:
            with block:
                for k in range(30):
                    a, b = Value(0.1 * seed + 0.01 * k), Value(-0.2 + 0.03 * seed)
                    t = a
                    for _ in range(300):
                        t = t * b + a
                    t.backward()
                    v = a.data  # the same chain in floats, its derivatives carried forward
                    dv_da, dv_db = 1.0, 0.0
                    for _ in range(300):
                        v, dv_da, dv_db = v * b.data + a.data, dv_da * b.data + 1.0, dv_db * b.data + v
                    da, db = dv_da, dv_db
                    assert a.grad == pytest.approx(da, rel=1e-9) and b.grad == pytest.approx(db, rel=1e-9)
        except BaseException as error:  # noqa: BLE001 (reported by the main thread)
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i, recycle_nodes() if i % 2 else nullcontext())) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert pool.made == [] and pool.free == []


def test_where_reference_counts_do_not_tell_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(pool, "UNREACHED", None)
    with recycle_nodes():
        x = Value(2.0)
        for _ in range(5):
            (x * x + x).backward()
        assert pool.made == [] and pool.free == []
        assert x.grad == 5 * (2 * 2.0 + 1)


def test_a_deep_chain_dropped_in_the_block_is_made_again_and_freed_at_the_end():
    x = Value(1.0)
    with recycle_nodes():
        for _ in range(3):
            y = x
            for _ in range(100_000):
                y = y * 1.000001
            x.grad = 0.0
            y.backward()
            assert x.grad == pytest.approx(1.000001**100_000)
            del y
        assert len(pool.made) <= 2 * 100_000 + 10  # the later chains are made of the first one's nodes
    assert pool.made == []


def test_a_kept_node_the_program_took_from_the_gc_module_is_never_handed_out_again():
    # gc.get_objects() and gc.get_referrers() see the nodes kept for reuse (memory profilers, and IPython's
    # autoreload through gc.get_referrers(Value), hold what they find): such a node is in use again
    x = Value(0.5, "x")
    with recycle_nodes():
        for _ in range(3):
            t = x
            for _ in range(1_000):
                t = (t * 1.5).tanh()
            t.backward()
            del t
        assert (x * 2.0).data == 1.0 and pool.free  # a pass has run: nodes wait in `free`, to be made again
        found = [node for node in gc.get_referrers(Value) if type(node) is Value and node is not x]
        before = [(node.data, node.op, node.parents) for node in found]
        assert len(found) >= len(pool.free)
        t = x
        for _ in range(3_000):
            t = (t * 0.5).relu()
        assert [(node.data, node.op, node.parents) for node in found] == before
        assert not {id(node) for node in found} & {id(node) for node in autograd.topological_order(t)}


def test_a_node_made_in_the_block_pickles_and_copies_as_one_made_outside():
    def graph(node: Value) -> list:
        return [(*described(n), n.grad) for n in autograd.topological_order(node)]

    def made(block) -> list:
        x, w = Value(0.5, "x"), Value(-1.5, "w")
        with block:
            for _ in range(3):  # dropped graphs of two- and many-parent nodes, for the nodes below to be made of
                t = x
                for _ in range(400):
                    t = autograd.dot([t, w, x], [w, x, t]) * 0.001 + w
                t.backward()
                del t
            y = (x * w).tanh()
            with autograd.no_grad():
                quiet = (x * w).exp()
            nodes = [y, quiet, autograd.dot([x, w], [w, y]), autograd.sum([x, w, y]), y.relu() + quiet]
            nodes[-1].backward()
            ways = (copy.copy, copy.deepcopy, lambda n: pickle.loads(pickle.dumps(n)))
            copies = [way(node) for node in nodes for way in ways]
            assert not {id(c) for c in copies} & {id(n) for n in pool.made}  # a copy is a new object, not kept
            return [graph(c) for c in copies]

    assert made(recycle_nodes()) == made(nullcontext())


def test_the_count_of_an_unreachable_node_is_read_right_under_a_tracer_that_reads_variables():
    # a trace function that looks at each frame's variables (a debugger stepping, snoop, hunter) holds one
    # more reference to them: were the count read that way at import, a node in use would look dropped
    def tracer(frame, event, arg):
        frame.f_locals  # noqa: B018 (the snapshot is the point)
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        counted = pool._references()
    finally:
        sys.settrace(previous)
    assert counted == pool.UNREACHED == pool._references()


ROOT = Path(__file__).resolve().parent.parent  # the autograd under test, first on the path of `-c`
HANG = """
import threading, weakref
import autograd
from autograd import Value, pool, recycle_nodes

x = Value(0.5)
walking, passing, done = threading.Event(), threading.Event(), []


def backpropagate():  # a backward whose hook makes a node, while backward holds the walk lock
    t = x
    for _ in range(50):
        t = t * 1.01

    def hook(child, i, before):
        if not walking.is_set():
            walking.set()
            passing.wait()
            done.append((x * 2.0).data)

    t.backward(hook=hook)


def collect():  # a pass that lets go of a weakly referenced node, whose callback walks a graph
    with recycle_nodes():
        w, other = x * 3.0, x * 5.0
        ref = weakref.ref(w, lambda _: (passing.set(), autograd.topological_order(other)))
        del w
        threading.Thread(target=backpropagate, daemon=True).start()
        walking.wait()
        pool.free.clear()
        pool._wait = 0
        done.append((x * 7.0).data)


thread = threading.Thread(target=collect, daemon=True)
thread.start()
thread.join(60)
print("hangs" if thread.is_alive() else sorted(done))
"""


def test_a_pass_never_waits_for_a_thread_that_waits_for_it():
    # a thread that needs a node while another makes a pass makes a new one, rather than wait for the lock:
    # the pass may be waiting for it (here its weak reference's callback waits for backward's walk lock)
    ran = subprocess.run([sys.executable, "-c", HANG], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ran.stdout.split() == ["[1.0,", "3.5]"], ran.stdout + ran.stderr
