"""Which implementation runs which workload at which size, for a full, quick or smoke run."""

from __future__ import annotations

ORDER = ["chainrule-dynamic", "chainrule-compiled", "chainrule-fit-compiled", "micrograd", "torch-scalar",
         "torch-vectorised", "floats"]  # fmt: skip

# micrograd-rust (a PyO3 port) needs crates.io to build, which this machine cannot reach; the issue's
# author measured it on these machines on the tanh variant of W1 (it has no relu).
RUST_REPORTED = {"W1-tanh": 24.0}
# The figures were measured on a quieter day: its hand-written floor took 3.6 ms. Scaling the
# reported figure by (our floats / 3.6 ms) compares it at this run's machine speed; both are printed.
FLOOR_REPORTED = 3.6

# The slow engines skip the largest sizes so that `make bench` stays within minutes.
SLOW = {"micrograd": 100_000, "torch-scalar": 100_000}
COMPILED = {"chainrule-compiled", "chainrule-fit-compiled"}  # no graph to build per step; the moons only
APPLIES = {
    "W1": set(ORDER),
    "W4": set(ORDER) - COMPILED,
    "W2": set(ORDER) - COMPILED - {"torch-vectorised"},  # a chain has nothing to vectorise
    "W3": set(ORDER) - COMPILED,
}
MEMORY_IMPLS = ["chainrule-dynamic", "micrograd", "floats"]  # tracemalloc cannot see torch's C++ memory
NO_GRAPH = {("W3", "floats")}  # the hand-written wide sum keeps nothing per node

PROFILES = {
    "full": {"points": 100, "W2": [1_000, 10_000, 100_000, 1_000_000], "W3": [100_000, 1_000_000], "reps": 200,
             "warmup": 3, "budget": 2.0, "rounds": 5, "memory": 1_000_000, "memory_slow": 100_000},
    "quick": {"points": 100, "W2": [1_000, 10_000], "W3": [10_000], "reps": 100, "warmup": 1, "budget": 0.5,
              "rounds": 2, "memory": 100_000, "memory_slow": 10_000},
    "smoke": {"points": 6, "W2": [50], "W3": [50], "reps": 1, "warmup": 0, "budget": 1.0, "rounds": 1, "memory": 50,
              "memory_slow": 50},
}  # fmt: skip


def cases(profile: str, workloads: list, impls: list) -> list:
    """(label, impl, case) triples in run order; `case` is what bench.worker takes."""
    p = PROFILES[profile]
    out = []
    for workload in workloads:
        sizes = [(v, p["points"]) for v in ("relu", "tanh")] if workload in ("W1", "W4") else [
            ("", n) for n in p[workload]]  # fmt: skip
        if workload == "W4":
            sizes = sizes[:1]
        for variant, n in sizes:
            label = f"{workload} n={n:.0e}".replace("e+0", "e") if not variant else f"{workload}-{variant}"
            label += f" ({n} points)" if variant and n != 100 else ""  # the reported figures are for 100
            for impl in impls:
                if impl in APPLIES[workload] and n <= SLOW.get(impl, n):
                    out.append((label, impl, {"workload": workload, "variant": variant, "n": n, **_timing(p, impl, n)}))
    return out


def _timing(p: dict, impl: str, n: int) -> dict:
    """Repetitions for one case. W1/W4 (variant sizes of 100 points) get interleaved rounds; a run that
    takes seconds (a 1e6 graph, or a slow engine at 1e5) gets fewer repetitions and one round."""
    timing = {"reps": p["reps"], "warmup": p["warmup"], "budget": p["budget"], "rounds": p["rounds"]}
    if n > 1_000:
        timing["rounds"] = 1
    if n >= 1_000_000 or (impl in SLOW and n >= SLOW[impl]):
        timing.update(reps=min(3, p["reps"]), warmup=min(1, p["warmup"]))
    return timing


def memory_cases(profile: str, workloads: list, impls: list) -> list:
    """(label, impl, case) for bytes per node, at the largest size (a smaller one for the slow engines)."""
    p = PROFILES[profile]
    out = []
    for workload in [w for w in ("W2", "W3") if w in workloads]:
        for impl in [i for i in MEMORY_IMPLS if i in impls and (workload, i) not in NO_GRAPH]:
            n = p["memory_slow"] if impl in SLOW else p["memory"]
            out.append(
                (f"{workload} n={n:.0e}".replace("e+0", "e"), impl, {"workload": workload, "n": n, "memory": True})
            )
    return out
