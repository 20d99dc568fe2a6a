"""Tables from the results: medians per implementation, ratios to the floor and to chainrule, costs per node."""

from __future__ import annotations

import statistics

from .plan import ORDER, TITLES, graph_nodes

FLOOR, CHAINRULE = "floats", "chainrule-dynamic"
SHORT = {"chainrule-dynamic": "dynamic", "chainrule-recycled": "recycled", "chainrule-compiled": "compiled",
         "chainrule-fit-compiled": "fit-compiled",
         "micrograd-rust": "rust", "micrograd-rust-mlp": "rust-MLP", "torch-vectorised": "torch-vec"}  # fmt: skip


def workload(label: str) -> str:
    """ "W2" from "W2 n=1e5", "W1" from "W1-relu (6 points)"."""
    return label.split()[0].split("-")[0]


def size(label: str) -> int:
    """n from "W2 n=1e5"."""
    return int(float(label.split("n=")[1]))


def medians(results: dict, statistic=statistics.median) -> dict:
    """{label: {impl: median seconds}} (or another statistic) of the cases that ran."""
    table = {}
    for (label, impl), result in results.items():
        if "times" in result:
            table.setdefault(label, {})[impl] = statistic(result["times"])
    return table


def ratio(table: dict, label: str, a: str, b: str) -> float | None:
    """table[label][a] / table[label][b], or None where either did not run."""
    row = table.get(label, {})
    return row[a] / row[b] if a in row and b in row else None


def format_table(header: list, rows: list) -> str:
    """Columns padded to their widest cell: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list) -> str:
        cells = [str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def _present(results: dict) -> list:
    """The implementations in this run, in ORDER."""
    return [impl for impl in ORDER if any(i == impl for _, i in results)]


def _cell(result: dict | None, show) -> str:
    if result is None:
        return "-"
    if "times" not in result:
        return "crashed" if "crashed" in result else "skip"
    return show(result)


def times_table(results: dict) -> str:
    """Median milliseconds per run, min in brackets; "crashed" where the engine's process died."""
    impls, labels = _present(results), list(dict.fromkeys(label for label, _ in results))

    def show(r: dict) -> str:
        return f"{statistics.median(r['times']) * 1e3:.4g} ({min(r['times']) * 1e3:.4g})"

    rows = [[label, *(_cell(results.get((label, impl)), show) for impl in impls)] for label in labels]
    return format_table(["workload", *(SHORT.get(impl, impl) for impl in impls)], rows) + "\n" + _names(impls)


def ratio_table(results: dict, over: str, statistic=statistics.median) -> str:
    """Each implementation's time divided by `over`'s (floats: the floor; chainrule-dynamic: chainrule)."""
    table = medians(results, statistic)
    impls = [impl for impl in _present(results) if impl != over]
    rows = []
    for label, row in table.items():
        cells = [f"{ratio(table, label, impl, over):.3g}x" if impl in row and over in row else "-" for impl in impls]
        rows.append([label, *cells])
    return format_table(["workload", *(SHORT.get(impl, impl) for impl in impls)], rows)


def ratios(results: dict, statistic=statistics.median) -> dict:
    """{label: {"A / B": ratio}} against the floor and against chainrule, for every pair that ran."""
    table = medians(results, statistic)
    out = {}
    for label, row in table.items():
        out[label] = {f"{a} / {b}": row[a] / row[b] for b in (FLOOR, CHAINRULE) for a in row if a != b and b in row}
    return out


def _names(impls: list) -> str:
    return "  " + ", ".join(f"{SHORT[impl]}: {impl}" for impl in impls if impl in SHORT)


def legend(results: dict) -> str:
    present = list(dict.fromkeys(workload(label) for label, _ in results))
    return "\n".join(f"  {w}: {TITLES[w]}" for w in present if w in TITLES)


def gc_share(result: dict) -> float | None:
    """The share of the timed runs' time that the cyclic GC took."""
    return sum(result["gc"]) / sum(result["times"]) if result.get("gc") is not None and result["times"] else None


def per_node(results: dict, memory: dict) -> list:
    """Rows of ns per node (forward, backward, free), the GC's share and bytes per node for W2/W3/W6."""
    rows = []
    for (label, impl), result in results.items():
        if "forward" in result:
            n = graph_nodes(workload(label), size(label))
            phases = [f"{statistics.median(result[k]) * 1e9 / n:.0f}" if k in result else "-"
                      for k in ("forward", "backward", "free")]  # fmt: skip
            share = gc_share(result)
            rows.append([label, impl, f"{n:,}", *phases, f"{share:.0%}" if share is not None else "-",
                         *_memory_cells(memory.get((label, impl)))])  # fmt: skip
    for (label, impl), result in memory.items():
        if "forward" not in results.get((label, impl), {}) and "rss_per_node" in result:
            rows.append([label, impl, f"{result['nodes']:,}", "-", "-", "-", "-", *_memory_cells(result)])
    return rows


def _memory_cells(result: dict | None) -> list:
    if not result or "rss_per_node" not in result:
        return ["-", "-"]
    traced = result.get("bytes_per_node")
    return [f"{traced:.0f}" if traced else "-", f"{result['rss_per_node']:.0f}"]


def node_table(results: dict, memory: dict) -> str:
    header = ["workload", "implementation", "nodes", "fwd ns/node", "bwd ns/node", "free ns/node", "GC share",
              "bytes/node traced", "bytes/node RSS"]  # fmt: skip
    return format_table(header, per_node(results, memory))
