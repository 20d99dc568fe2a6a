"""The modes (no_grad, detect_anomaly, ieee_mode) are context-local: threads and asyncio tasks never
see each other's, and leaving blocks in any order, even interleaved, restores exactly what is left."""

from __future__ import annotations

import asyncio
import math
import random
import threading

import pytest

import autograd
from autograd import Value, detect_anomaly, enable_grad, ieee_mode, no_grad
from autograd.mode import MODE, NORMAL

TIMEOUT = 30  # seconds: a hang guard for every wait, never reached when the test passes


def observed() -> dict:
    """What the engine does right here, right now: the three modes seen through their effects."""
    records = bool((Value(1.0) * 2).parents)
    try:
        Value(1e200) * 1e200  # inf: detect_anomaly raises, otherwise it is a finite-input overflow to inf
        anomaly = False
    except FloatingPointError:
        anomaly = True
    try:
        ieee = Value(0.0).log().data == -math.inf
    except ValueError:
        ieee = False
    return {"grad": records, "anomaly": anomaly, "ieee": ieee}


def expected(grad=True, anomaly=False, ieee=False) -> dict:
    return {"grad": grad, "anomaly": anomaly, "ieee": ieee}


SWITCHES = {"no_grad": (no_grad, {"grad": False}), "detect_anomaly": (detect_anomaly, {"anomaly": True}),
            "ieee_mode": (ieee_mode, {"ieee": True})}  # fmt: skip


def run_threads(*targets) -> None:
    threads = [threading.Thread(target=t) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
        assert not t.is_alive(), "a thread hung"


def test_each_thread_sees_only_its_own_mode_while_all_are_inside_at_once():
    barrier = threading.Barrier(4, timeout=TIMEOUT)
    seen, errors = {}, []

    def worker(name):
        def body():
            try:
                switch, _ = SWITCHES[name] if name != "main" else (None, {})
                if switch is None:
                    barrier.wait()  # all four are inside their blocks now
                    seen[name] = observed()
                    barrier.wait()
                    return
                with switch():
                    barrier.wait()
                    seen[name] = observed()
                    barrier.wait()  # nobody leaves before everybody looked
                seen[name + " after"] = observed()
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)

        return body

    run_threads(*(worker(name) for name in ["main", *SWITCHES]))
    assert errors == []
    assert seen["main"] == expected()
    for name, (_, change) in SWITCHES.items():
        assert seen[name] == expected(**change), name
        assert seen[name + " after"] == expected(), name


def test_threads_entering_and_leaving_interleaved_keep_their_own_state():
    # A enters, B enters, A leaves, B leaves: each thread sees its mode exactly while inside.
    steps = [threading.Event() for _ in range(4)]
    seen = {}

    def a():
        with no_grad():
            seen["a inside"] = observed()
            steps[0].set()
            steps[1].wait(TIMEOUT)
            seen["a still inside"] = observed()
        seen["a after"] = observed()
        steps[2].set()

    def b():
        steps[0].wait(TIMEOUT)
        with detect_anomaly():
            seen["b inside"] = observed()
            steps[1].set()
            steps[2].wait(TIMEOUT)
            seen["b after a left"] = observed()
        seen["b after"] = observed()

    run_threads(a, b)
    assert seen["a inside"] == seen["a still inside"] == expected(grad=False)
    assert seen["b inside"] == seen["b after a left"] == expected(anomaly=True)
    assert seen["a after"] == seen["b after"] == expected()


def test_one_switch_object_shared_by_threads():
    shared, barrier = no_grad(), threading.Barrier(3, timeout=TIMEOUT)
    seen = []

    def worker():
        with shared:
            barrier.wait()
            seen.append(observed()["grad"])
            barrier.wait()
        seen.append(observed()["grad"])

    run_threads(worker, worker, worker)
    assert seen == [False] * 3 + [True] * 3


def test_many_threads_toggling_at_random_stay_consistent():
    """Eight threads open and close random switches in random order; each checks its own mode each time."""
    failures = []

    def worker(seed):
        rng, opened = random.Random(seed), []
        try:
            for _ in range(300):
                if opened and rng.random() < 0.5:
                    opened.pop(rng.randrange(len(opened))).__exit__(None, None, None)  # any order
                else:
                    switch = rng.choice([no_grad, detect_anomaly, ieee_mode, enable_grad])()
                    switch.__enter__()
                    opened.append(switch)
                want = NORMAL
                for switch in opened:  # the mode is what the open switches make, oldest first
                    want = want._replace(**switch.change)
                assert MODE.get() == want and autograd.is_grad_enabled() == want.grad_enabled
            while opened:
                opened.pop().__exit__(None, None, None)
            assert MODE.get() is NORMAL
        except AssertionError as error:
            failures.append((seed, error))

    run_threads(*(lambda s=seed: worker(s) for seed in range(8)))
    assert failures == []


# Leaving in an order other than the reverse of entering, in one thread ----------------------------


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_leaving_two_switches_in_either_order_restores_normal(order):
    switches = [no_grad(), detect_anomaly()]
    for s in switches:
        s.__enter__()
    assert observed() == expected(grad=False, anomaly=True)
    first, second = (switches[i] for i in order)
    first.__exit__(None, None, None)
    assert observed() == expected(**({"anomaly": True} if first is switches[0] else {"grad": False}))
    second.__exit__(None, None, None)
    assert observed() == expected() and MODE.get() is NORMAL


def test_a_generator_that_yields_inside_no_grad_does_not_leave_gradients_off():
    def predictions(xs):
        with no_grad():  # a generator holding a no_grad block open across its yields
            for x in xs:
                yield Value(x) * 2

    outputs = predictions([1.0, 2.0])
    assert next(outputs).parents == ()
    with detect_anomaly():
        assert next(outputs).parents == ()
        assert next(outputs, None) is None  # the generator leaves its no_grad inside our block
        assert observed() == expected(anomaly=True)  # ... which stays exactly as it was
    assert observed() == expected() and MODE.get() is NORMAL


def test_the_same_switch_entered_twice_and_a_stray_exit():
    shared = no_grad()
    with shared:
        with shared:
            assert not autograd.is_grad_enabled()
        assert not autograd.is_grad_enabled()  # the outer block is still open
    assert autograd.is_grad_enabled()
    no_grad().__exit__(None, None, None)  # never entered here: nothing to undo, nothing broken
    assert MODE.get() is NORMAL


# asyncio tasks ------------------------------------------------------------------------------------


def test_tasks_see_only_their_own_modes_and_may_share_a_switch():
    shared = no_grad()

    async def inside(switch, gate, done):
        with switch:
            gate.set()
            await done.wait()
            return observed()

    async def main():
        gates = [asyncio.Event() for _ in range(4)]
        done = asyncio.Event()
        tasks = [asyncio.create_task(inside(s, g, done))
                 for s, g in zip([shared, shared, detect_anomaly(), ieee_mode()], gates)]  # fmt: skip
        for gate in gates:
            await asyncio.wait_for(gate.wait(), TIMEOUT)
        outside = observed()  # every task is inside its block now
        done.set()
        return outside, await asyncio.wait_for(asyncio.gather(*tasks), TIMEOUT), observed()

    outside, results, after = asyncio.run(main())
    assert outside == after == expected()
    assert results == [expected(grad=False), expected(grad=False), expected(anomaly=True), expected(ieee=True)]


def test_no_grad_records_no_parents_and_nests():
    x = Value(2.0)
    with no_grad():
        y = x * 3
        with autograd.enable_grad():
            z = x * 3
        assert not autograd.is_grad_enabled()
    assert y.parents == () and y.op == "" and y.data == 6.0
    assert z.parents == (x, z.parents[1])
    assert autograd.is_grad_enabled()


def test_no_grad_as_a_decorator():
    @no_grad()
    def predict(v):
        return v * 2

    assert predict(Value(1.0)).parents == ()


def test_no_grad_is_thread_local():
    started, release = threading.Event(), threading.Event()
    seen = {}

    def worker():
        with no_grad():
            started.set()
            release.wait(5)
            seen["worker"] = (Value(1.0) * 2).parents

    thread = threading.Thread(target=worker)
    thread.start()
    started.wait(5)
    seen["main"] = (Value(1.0) * 2).parents  # while the worker is inside no_grad
    release.set()
    thread.join()
    assert len(seen["main"]) == 2 and seen["worker"] == ()


def test_no_grad_is_task_local():
    async def inside(gate):
        with no_grad():
            await gate.wait()
            return (Value(1.0) * 2).parents

    async def outside(gate):
        await asyncio.sleep(0)
        parents = (Value(1.0) * 2).parents
        gate.set()
        return parents

    async def main():
        gate = asyncio.Event()
        return await asyncio.gather(inside(gate), outside(gate))

    inside_parents, outside_parents = asyncio.run(main())
    assert inside_parents == () and len(outside_parents) == 2


# gc_paused: the cyclic collector held off inside a call, as it was after ----------------------


def test_gc_paused_turns_the_collector_off_inside_and_back_on_after_returning_or_raising():
    import gc

    from autograd.mode import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer pause still holds
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), gc_paused():
        raise KeyError("inside")
    assert gc.isenabled()
    gc.disable()  # a collector the user turned off stays off
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_gc_paused_from_many_threads_leaves_the_collector_as_it_was():
    import gc
    import sys

    from autograd.mode import gc_paused

    start, errors = threading.Barrier(8), []

    def work(k):
        start.wait()
        for i in range(200):
            try:
                with gc_paused():
                    assert not gc.isenabled()  # inside any pause, in any thread, the collector is off
                    if (i + k) % 7 == 0:
                        raise KeyError(i)
            except KeyError:
                pass
            except AssertionError as error:
                errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors and gc.isenabled()
