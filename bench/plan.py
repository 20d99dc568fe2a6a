"""Which implementation runs which workload at which size, for a full, quick or smoke run.

W1 moons step (chainrule: nn.MLP, a neuron one `dot` node), relu and tanh; W4 its forward pass only;
W5 moons step with the tanh MLP built op by op (one node per * and +); W2 deep chain; W3 wide sum
of products as one n-ary sum node; W6 wide tree-sum of products, leaves made inside the clock.
"""

from __future__ import annotations

ORDER = ["chainrule-dynamic", "chainrule-recycled", "chainrule-compiled", "chainrule-fit-compiled", "micrograd-rust",
         "micrograd-rust-mlp", "micrograd", "torch-scalar", "torch-vectorised", "floats"]  # fmt: skip
WORKLOADS = ["W1", "W4", "W5", "W2", "W3", "W6"]  # run order
TITLES = {
    "W1": "moons step, nn.MLP(2, [16, 16, 1]) (chainrule: a dot node per neuron; the others op by op)",
    "W4": "W1's forward pass only",
    "W5": "moons step, tanh MLP built op by op, the micrograd way (tanh on every layer)",
    "W2": "deep chain y <- y * w, y <- y + c: forward + backward",
    "W3": "wide sum of n products a_i * b_i as one n-ary sum node: forward + backward",
    "W6": "wide tree-sum (binary + nodes) of n products: leaves made, forward, backward",
}


class NotApplicableError(Exception):
    """Raised by an implementation for a workload it cannot run; the worker reports the case as skipped."""


COMPILED = {"chainrule-compiled", "chainrule-fit-compiled"}  # no graph to build per step; the moons only
RUST = {"micrograd-rust", "micrograd-rust-mlp"}  # no relu and a tanh on its MLP's last layer: W5, not W1
DYNAMIC = {"chainrule-dynamic", "chainrule-recycled"}  # recycled: every run inside one recycle_nodes() block
APPLIES = {
    "W1": set(ORDER) - RUST,
    "W4": set(ORDER) - RUST - COMPILED - {"chainrule-recycled"},
    "W5": DYNAMIC | {"micrograd-rust", "micrograd-rust-mlp", "micrograd", "torch-scalar", "floats"},
    "W2": DYNAMIC | {"micrograd-rust", "micrograd", "torch-scalar", "floats"},
    "W3": DYNAMIC | {"micrograd", "torch-scalar", "torch-vectorised", "floats"},  # rust: no n-ary sum
    "W6": DYNAMIC | {"micrograd-rust", "micrograd", "floats"},
}
# The slow engines skip the largest sizes so that `make bench` stays within minutes, and run one round.
SLOW = {"micrograd": {"W2": 1_000_000, "W3": 100_000, "W6": 100_000}, "torch-scalar": {"W2": 100_000, "W3": 100_000}}
MEMORY = {  # bytes per node; torch's C++ memory is not measured
    "W2": ["chainrule-dynamic", "micrograd-rust", "micrograd", "floats"],
    "W3": ["chainrule-dynamic", "micrograd"],
    "W6": ["chainrule-dynamic", "micrograd-rust", "micrograd"],
}
NOT_TRACED = {"micrograd-rust"}  # tracemalloc cannot see Rust's heap: only the resident set's growth tells

PROFILES = {
    "full": {"points": 100, "W2": [1_000, 10_000, 100_000, 1_000_000], "W3": [100_000], "W6": [100_000, 1_000_000],
             "reps": 200, "warmup": 3, "budget": 0.6, "rounds": 5, "memory_slow": 100_000},
    "quick": {"points": 100, "W2": [1_000, 10_000], "W3": [10_000], "W6": [10_000], "reps": 100, "warmup": 1,
              "budget": 0.4, "rounds": 2, "memory_slow": 10_000, "slow_once": True},
    "smoke": {"points": 6, "W2": [50], "W3": [50], "W6": [50], "reps": 1, "warmup": 0, "budget": 1.0, "rounds": 1,
              "memory_slow": 50},
}  # fmt: skip


def graph_nodes(workload: str, n: int) -> int:
    """The nodes of a W2/W3/W6 graph, for time per node: the chain's n; the n products and one sum node;
    the tree's 2n leaves, n products and n - 1 additions (an engine may make more, as micrograd's sum() does)."""
    return {"W2": n, "W3": n + 1, "W6": 4 * n - 1}[workload]


def label(workload: str, variant: str, n: int) -> str:
    """The row name: W1-relu, W5 (6 points) for steps; W2 n=1e5 for graphs."""
    if workload in ("W1", "W4", "W5"):
        name = workload if workload == "W5" else f"{workload}-{variant}"
        return name + (f" ({n} points)" if n != 100 else "")  # the figures are for 100
    return f"{workload} n={n:.0e}".replace("e+0", "e")


def sizes(profile: str, workload: str) -> list:
    """(variant, n) pairs of one workload."""
    p = PROFILES[profile]
    return {"W1": [("relu", p["points"]), ("tanh", p["points"])], "W4": [("relu", p["points"])],
            "W5": [("tanh", p["points"])]}.get(workload) or [("", n) for n in p[workload]]  # fmt: skip


def cases(profile: str, workloads: list, impls: list) -> list:
    """(label, impl, case) triples in run order; `case` is what bench.worker takes."""
    p = PROFILES[profile]
    out = []
    for workload in [w for w in WORKLOADS if w in workloads]:
        for variant, n in sizes(profile, workload):
            for impl in [i for i in impls if i in APPLIES[workload]]:
                if n <= SLOW.get(impl, {}).get(workload, n):
                    case = {"workload": workload, "variant": variant, "n": n, **_timing(p, impl, n)}
                    out.append((label(workload, variant, n), impl, case))
    return out


def _timing(p: dict, impl: str, n: int) -> dict:
    """Repetitions for one case. The moons steps get interleaved rounds (one for a slow engine); a run that
    takes seconds (a 1e6 graph, or a slow engine at 1e5) gets fewer repetitions and one round; a slow engine
    at 1e6 (or in a quick run) runs once."""
    timing = {"reps": p["reps"], "warmup": p["warmup"], "budget": p["budget"], "rounds": p["rounds"]}
    if n > 1_000 or impl in SLOW:
        timing["rounds"] = 1
    if n >= 1_000_000 or (impl in SLOW and n >= 100_000):
        timing.update(reps=min(3, p["reps"]), warmup=min(1, p["warmup"]))
    if impl in SLOW and (n >= 1_000_000 or p.get("slow_once")):  # --quick: a slow engine's figure is a sketch
        timing.update(reps=1, warmup=0)
    return timing


def memory_cases(profile: str, workloads: list, impls: list) -> list:
    """(label, impl, case) for bytes per node, at the workload's largest size (a smaller one for the slow
    engines)."""
    p = PROFILES[profile]
    out = []
    for workload in [w for w in ("W2", "W3", "W6") if w in workloads]:
        for impl in [i for i in MEMORY[workload] if i in impls]:
            n = min(p["memory_slow"], p[workload][-1]) if impl in SLOW else p[workload][-1]
            case = {"workload": workload, "n": n, "memory": True, "tracemalloc": impl not in NOT_TRACED}
            out.append((label(workload, "", n), impl, case))
    return out
