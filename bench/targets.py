"""Issue 18's targets, each read off this run: the measured ratio (of medians, and of minimums), the goal,
and whether it is met. The report leads with this table."""

from __future__ import annotations

from .report import CHAINRULE, FLOOR, format_table, gc_share, medians, ratio, size, workload

RUST, RUST_MLP, MICROGRAD = "micrograd-rust", "micrograd-rust-mlp", "micrograd"
RECYCLED = "chainrule-recycled"  # the same code, every run inside one autograd.recycle_nodes() block
INSIDE = " inside recycle_nodes()"
VARIANTS = ((CHAINRULE, ""), (RECYCLED, INSIDE))  # each implementation, and the words its rows add


def _labels(results: dict, name: str) -> list:
    return list(dict.fromkeys(label for label, _ in results if workload(label) == name))


def _ratio_row(tables: tuple, what: str, label: str, a: str, b: str, goal: str = "-", bound=None) -> list | None:
    """[what, "23.2x (22.1x)", "<= 10x", "no"] for table[a] / table[b]; None where either did not run.
    Without a bound the row is there for reference."""
    med, low = (ratio(t, label, a, b) for t in tables)
    if med is None:
        return None
    met = "-" if bound is None else "yes" if (med <= bound if goal.startswith("<=") else med >= bound) else "no"
    return [what, f"{med:.3g}x ({low:.3g}x)", goal, met]


def _op_by_op(results: dict, tables: tuple) -> list:
    rows = []
    for label in _labels(results, "W5"):
        nodes = results.get((label, CHAINRULE), {}).get("nodes")
        graph = f" ({nodes / 1000:.1f}k nodes)" if nodes else ""
        for impl, inside in VARIANTS:
            rows.append(_ratio_row(tables, f"op-by-op moons step{graph}{inside} / floor", label, impl, FLOOR,
                                   "<= 10x", 10))  # fmt: skip
            rows.append(_ratio_row(tables, f"op-by-op moons step{inside} / micrograd-rust op by op", label, impl, RUST,
                                   "<= 1.5x stretch", 1.5))  # fmt: skip
        rows.append(_ratio_row(tables, "  for reference: micrograd-rust op by op / floor", label, RUST, FLOOR))
        rows.append(_ratio_row(tables, "  for reference: micrograd-rust's Rust MLP / floor", label, RUST_MLP, FLOOR))
    return rows


def _fused(results: dict, tables: tuple) -> list:
    rows = []
    for label in _labels(results, "W1"):
        variant = label.split("-")[1]
        for impl, inside in VARIANTS:
            rows.append(_ratio_row(tables, f"fused nn.MLP moons step, {variant}{inside} / floor", label, impl, FLOOR,
                                   "<= 4x", 4))  # fmt: skip
        rows.append(_ratio_row(tables, f"autograd.compile moons step, {variant} / floor", label,
                               "chainrule-compiled", FLOOR, "<= 0.8x", 0.8))  # fmt: skip
    return rows


def _graphs(results: dict, tables: tuple) -> list:
    rows = []
    for label in _labels(results, "W2"):
        n = f"{size(label):.0e} nodes".replace("e+0", "e")
        for impl, inside in VARIANTS:
            if size(label) <= 10_000:
                rows.append(_ratio_row(tables, f"deep chain {n}: micrograd / chainrule{inside}", label, MICROGRAD,
                                       impl, ">= 4x", 4))  # fmt: skip
            if "crashed" in results.get((label, RUST), {}):
                if (label, impl) in results:
                    ran = "times" in results[(label, impl)]
                    rows.append([f"deep chain {n}: chainrule{inside} runs where micrograd-rust crashed",
                                 "ran" if ran else "did not", "runs", "yes" if ran else "no"])  # fmt: skip
            else:
                rows.append(_ratio_row(tables, f"deep chain {n}: chainrule{inside} / micrograd-rust", label, impl,
                                       RUST, "<= 2x", 2))  # fmt: skip
    for label in _labels(results, "W6"):
        n = f"{size(label):.0e} products".replace("e+0", "e")
        for impl, inside in VARIANTS:
            rows.append(_ratio_row(tables, f"wide tree-sum {n}: chainrule{inside} / micrograd-rust", label, impl,
                                   RUST, "<= 2x", 2))  # fmt: skip
    return rows


def _costs(results: dict, memory: dict) -> list:
    rows = []
    for key, how in (("bytes_per_node", "tracemalloc"), ("rss_per_node", "RSS growth")):
        measured = [(size(label), r[key]) for (label, impl), r in memory.items()
                    if impl == CHAINRULE and workload(label) == "W6" and key in r]  # fmt: skip
        if measured:
            n, per_node = max(measured)
            what = f"bytes per node, wide tree-sum {n:.0e} products ({how})".replace("e+0", "e")
            rows.append([what, f"{per_node:.0f}", "<= 165", "yes" if per_node <= 165 else "no"])
    for label in _labels(results, "W5"):
        for impl, inside in VARIANTS:
            share = gc_share(results.get((label, impl), {"times": []}))
            if share is not None:
                rows.append([f"cyclic GC's share of the op-by-op moons step{inside}", f"{share:.0%}", "< 10%",
                             "yes" if share < 0.10 else "no"])  # fmt: skip
    kept = [r["gc_settings_kept"] for (_, impl), r in results.items() if impl.startswith("chainrule")
            and "gc_settings_kept" in r]  # fmt: skip
    if kept:
        rows.append(["GC settings as before, after every step returned", "yes" if all(kept) else "no", "yes",
                     "yes" if all(kept) else "no"])  # fmt: skip
    return rows


def rows(results: dict, memory: dict) -> list:
    """Every target this run measured, in the issue's order."""
    tables = (medians(results), medians(results, min))
    found = [*_op_by_op(results, tables), *_graphs(results, tables), *_fused(results, tables), *_costs(results, memory)]
    return [row for row in found if row is not None]


def table(results: dict, memory: dict) -> str:
    return format_table(["target (issue 18)", "measured (of minimums)", "goal", "met"], rows(results, memory))
