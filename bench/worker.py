"""Run one implementation on one workload in this process and print the timings as JSON.

`python -m bench.worker IMPL '{"workload": "W1", ...}'`: the runner starts one process per
implementation and case, so no engine warms or pollutes another's interpreter.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
import time
import tracemalloc

IMPLS = {
    "chainrule-dynamic": "impl_chainrule",
    "chainrule-compiled": "impl_compiled",
    "chainrule-fit-compiled": "impl_fit_compiled",
    "micrograd": "impl_micrograd",
    "torch-scalar": "impl_torch_scalar",
    "torch-vectorised": "impl_torch_vector",
    "floats": "impl_floats",
}


def load(name: str):
    """The implementation module behind a name in IMPLS."""
    return importlib.import_module(f"bench.{IMPLS[name]}")


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


def time_w1(module, case: dict) -> dict:
    """Full steps (W1) or forward passes only (W4), each timed; the first loss is kept for checking."""
    if case["workload"] == "W1" and hasattr(module, "w1_epochs"):  # a training loop that times its own epochs
        times, losses = module.w1_epochs(case["n"], case["variant"], case)
        return {"times": times, "loss": losses[0], "losses": losses[:3]}
    fn = module.w1(case["n"], case["variant"], forward_only=case["workload"] == "W4")
    losses = []

    def run() -> float:
        start = time.perf_counter()
        losses.append(fn())
        return time.perf_counter() - start

    return {"times": _repeat(run, case), "loss": losses[0], "losses": losses[:3]}


def time_graph(module, case: dict) -> dict:
    """W2/W3: build (forward) and backward timed apart; the graph is dropped between runs."""
    build, backward = (module.chain if case["workload"] == "W2" else module.wide)(case["n"])
    results = []

    def run() -> tuple:
        gc.collect()  # the previous graph's garbage is not this run's cost
        start = time.perf_counter()
        handle = build()
        middle = time.perf_counter()
        results.append(backward(handle))
        end = time.perf_counter()
        return middle - start, end - middle

    pairs = _repeat(run, case)
    return {"times": [f + b for f, b in pairs], "forward": [f for f, _ in pairs], "backward": [b for _, b in pairs],
            "grad": results[0]}  # fmt: skip


def bytes_per_node(module, case: dict) -> dict:
    """Memory traced while one W2/W3 graph is alive, per node it made (tracemalloc sees Python objects only)."""
    build, _ = (module.chain if case["workload"] == "W2" else module.wide)(case["n"])
    gc.collect()
    tracemalloc.start()
    handle = build()
    used = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    made = module.nodes(case["workload"], case["n"])
    del handle
    return {"bytes": used, "nodes": made, "bytes_per_node": used / made}


def run_case(name: str, case: dict) -> dict:
    """The measurement `case` asks for, or {"skipped": reason}."""
    module = load(name)
    reason = module.available() if hasattr(module, "available") else None
    if reason:
        return {"skipped": reason}
    try:
        if case.get("memory"):
            return bytes_per_node(module, case)
        return (time_w1 if case["workload"] in ("W1", "W4") else time_graph)(module, case)
    except (NotImplementedError, AttributeError) as error:
        return {"skipped": f"not applicable: {error}"}


if __name__ == "__main__":
    print(json.dumps(run_case(sys.argv[1], json.loads(sys.argv[2]))))
