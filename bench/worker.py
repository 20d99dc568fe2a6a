"""Run one implementation on one workload in this process and print the timings as JSON.

`python -m bench.worker IMPL '{"workload": "W1", ...}'`: the runner starts one process per
implementation and case, so no engine warms or pollutes another's interpreter.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
import time
import tracemalloc

from bench.plan import NotApplicableError

IMPLS = {
    "chainrule-dynamic": "impl_chainrule",
    "chainrule-recycled": "impl_recycled",
    "chainrule-compiled": "impl_compiled",
    "chainrule-fit-compiled": "impl_fit_compiled",
    "micrograd-rust": "impl_rust",
    "micrograd-rust-mlp": "impl_rust_mlp",
    "micrograd": "impl_micrograd",
    "torch-scalar": "impl_torch_scalar",
    "torch-vectorised": "impl_torch_vector",
    "floats": "impl_floats",
}
STEPS = ("W1", "W4", "W5")  # whole training steps (or forward passes); the others are graphs timed in two halves
GRAPHS = {"W2": "chain", "W3": "wide", "W6": "tree"}


def load(name: str):
    """The implementation module behind a name in IMPLS."""
    return importlib.import_module(f"bench.{IMPLS[name]}")


class GCClock:
    """Seconds the cyclic garbage collector ran, read from gc.callbacks while `running`."""

    def __init__(self):
        self.seconds, self.running, self._start = 0.0, False, 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        elif self.running:
            self.seconds += time.perf_counter() - self._start

    def lap(self) -> float:
        """The GC seconds since the last lap."""
        seconds, self.seconds = self.seconds, 0.0
        return seconds


def _repeat(run, case: dict) -> list:
    """Warm-up runs, then timed runs until `reps` are done or the time budget is spent (at least 3)."""
    warm = 0.0
    for _ in range(case["warmup"]):
        elapsed = run()
        warm += sum(elapsed) if isinstance(elapsed, tuple) else elapsed
        if warm > case["budget"] / 2:
            break  # a slow engine is warm after one run; do not spend its budget here
    times, spent, at_least = [], 0.0, min(3, case["reps"])
    while len(times) < case["reps"] and (len(times) < at_least or spent < case["budget"]):
        times.append(run())
        spent += sum(times[-1]) if isinstance(times[-1], tuple) else times[-1]
    return times


def _gc_settings() -> tuple:
    """What a library could leave changed in the interpreter's cyclic GC."""
    return gc.isenabled(), gc.get_threshold(), gc.get_debug()


def time_steps(module, case: dict) -> dict:
    """Full steps (W1, W5) or forward passes only (W4), each timed with the GC's share; the first losses are
    kept for checking, and whether the GC settings were the same after the last step as before the first."""
    if case["workload"] == "W1" and hasattr(module, "w1_epochs"):  # a training loop that times its own epochs
        times, losses = module.w1_epochs(case["n"], case["variant"], case)
        return {"times": times, "loss": losses[0], "losses": losses[:3]}
    if case["workload"] == "W5":
        fn = module.w5(case["n"])
    else:
        fn = module.w1(case["n"], case["variant"], forward_only=case["workload"] == "W4")
    clock, settings, losses, gcs = GCClock(), _gc_settings(), [], []

    def run() -> float:
        clock.lap()
        clock.running = True
        start = time.perf_counter()
        losses.append(fn())
        elapsed = time.perf_counter() - start
        clock.running = False
        gcs.append(clock.lap())
        return elapsed

    times = _repeat(run, case)
    result = {"times": times, "gc": gcs[-len(times) :], "loss": losses[0], "losses": losses[:3],
              "gc_settings_kept": _gc_settings() == settings}  # fmt: skip
    if case["workload"] == "W5" and hasattr(module, "w5_nodes"):
        result["nodes"] = module.w5_nodes(case["n"])
    return result


def time_graph(module, case: dict) -> dict:
    """W2/W3/W6: build (forward), backward and freeing the graph timed apart, with the GC's share. Garbage is
    left to the GC as in a training loop: an engine whose graphs hold reference cycles (micrograd's closures)
    pays for collecting them in the runs that follow, as its users do."""
    build, backward = getattr(module, GRAPHS[case["workload"]])(case["n"])
    clock, results, gcs = GCClock(), [], []
    gc.collect()  # what the set-up left behind is not the first run's cost

    def run() -> tuple:
        clock.lap()
        clock.running = True
        start = time.perf_counter()
        handle = build()
        middle = time.perf_counter()
        results.append(backward(handle))
        end = time.perf_counter()
        del handle
        freed = time.perf_counter()
        clock.running = False
        gcs.append(clock.lap())
        return middle - start, end - middle, freed - end

    runs = _repeat(run, case)
    return {"times": [sum(r) for r in runs], "forward": [r[0] for r in runs], "backward": [r[1] for r in runs],
            "free": [r[2] for r in runs], "gc": gcs[-len(runs) :], "grad": results[0]}  # fmt: skip


def _rss() -> int:
    """This process's resident memory in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def bytes_per_node(module, case: dict) -> dict:
    """Memory while one W2/W3/W6 graph is alive, per node it made: the growth of the resident set (what the
    machine gives, for any engine), then, for Python engines, what tracemalloc traces (Python objects only)."""
    build, _ = getattr(module, GRAPHS[case["workload"]])(case["n"])
    made = module.nodes(case["workload"], case["n"])
    gc.collect()
    before = _rss()
    handle = build()
    grown = _rss() - before
    del handle
    result = {"nodes": made, "rss_bytes": grown, "rss_per_node": grown / made}
    if case.get("tracemalloc", True):
        gc.collect()
        tracemalloc.start()
        handle = build()
        used = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del handle  # alive until the count is read
        result.update(bytes=used, bytes_per_node=used / made)
    return result


def unavailable(module) -> str | None:
    """Why the engine of an implementation module cannot run here (its `available()`: not installed), or None."""
    return module.available() if hasattr(module, "available") else None


def run_case(name: str, case: dict) -> dict:
    """The measurement `case` asks for, or {"skipped": reason}."""
    module = load(name)
    reason = unavailable(module)
    if reason:
        return {"skipped": reason}
    needed = {"W1": "w1", "W4": "w1", "W5": "w5"}.get(case["workload"]) or GRAPHS[case["workload"]]
    if not hasattr(module, needed):
        return {"skipped": f"not applicable: {name} has no {needed}()"}
    try:
        if case.get("memory"):
            return bytes_per_node(module, case)
        return (time_steps if case["workload"] in STEPS else time_graph)(module, case)
    except NotApplicableError as error:
        return {"skipped": f"not applicable: {error}"}


if __name__ == "__main__":
    print(json.dumps(run_case(sys.argv[1], json.loads(sys.argv[2]))))
