"""Tables from the results: medians per implementation, ratios of medians, and costs per node."""

from __future__ import annotations

import statistics

from .plan import FLOOR_REPORTED, ORDER, RUST_REPORTED

RUST = "micrograd-rust"
RUST_SCALED = "micrograd-rust, floor-scaled"
RATIOS = [  # (column title, numerator, denominator): above 1 means the denominator is faster
    ("micrograd / dynamic", "micrograd", "chainrule-dynamic"),
    ("torch-scalar / dynamic", "torch-scalar", "chainrule-dynamic"),
    ("rust* / dynamic", RUST, "chainrule-dynamic"),
    ("rust* scaled / dynamic", RUST_SCALED, "chainrule-dynamic"),
    ("torch-vec / dynamic", "torch-vectorised", "chainrule-dynamic"),
    ("dynamic / floats", "chainrule-dynamic", "floats"),
    ("compiled / floats", "chainrule-compiled", "floats"),
    ("fit-compiled / floats", "chainrule-fit-compiled", "floats"),
    ("dynamic / compiled", "chainrule-dynamic", "chainrule-compiled"),
    ("dynamic / fit-compiled", "chainrule-dynamic", "chainrule-fit-compiled"),
]


def medians(results: dict, statistic=statistics.median) -> dict:
    """{label: {impl: median seconds}} (or another statistic), with micrograd-rust's reported figure."""
    table = {}
    for (label, impl), result in results.items():
        if "times" in result:
            table.setdefault(label, {})[impl] = statistic(result["times"])
    for label, ms in RUST_REPORTED.items():
        if label in table:
            table[label][RUST] = ms / 1000.0
            if "floats" in table[label]:
                table[label][RUST_SCALED] = ms / FLOOR_REPORTED * table[label]["floats"]
    return table


def format_table(header: list, rows: list) -> str:
    """Columns padded to their widest cell: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list) -> str:
        cells = [str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(cells)

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def times_table(results: dict) -> str:
    """Median milliseconds per run, min in brackets; "skip" where an implementation did not run."""
    labels = list(dict.fromkeys(label for label, _ in results))
    header = ["workload", *ORDER, RUST]
    rows = []
    for label in labels:
        row = [label]
        for impl in ORDER:
            result = results.get((label, impl), {})
            times = result.get("times")
            row.append(f"{statistics.median(times) * 1e3:.4g} ({min(times) * 1e3:.4g})" if times else "-")
        row.append(f"{RUST_REPORTED[label]:g} (reported*)" if label in RUST_REPORTED else "-")
        rows.append(row)
    return format_table(header, rows)


def ratios(results: dict, statistic=statistics.median) -> dict:
    """{label: {column: ratio}} of medians (or of another statistic), for every pair that ran."""
    out = {}
    for label, by_impl in medians(results, statistic).items():
        out[label] = {title: by_impl[a] / by_impl[b] for title, a, b in RATIOS if a in by_impl and b in by_impl}
    return out


def ratio_table(results: dict, statistic=statistics.median) -> str:
    table = ratios(results, statistic).items()
    rows = [[label, *(f"{r[t]:.3g}x" if t in r else "-" for t, _, _ in RATIOS)] for label, r in table]
    return format_table(["workload", *(t for t, _, _ in RATIOS)], rows)


def per_node(results: dict, memory: dict) -> list:
    """Rows of ns per node (forward, backward) and bytes per node for W2/W3, per implementation."""
    rows = []
    for (label, impl), result in results.items():
        if "forward" in result:
            n = int(float(label.split("n=")[1]))
            fwd, bwd = (statistics.median(result[k]) * 1e9 / n for k in ("forward", "backward"))
            mem = memory.get((label, impl), {}).get("bytes_per_node")
            rows.append([label, impl, f"{fwd:.0f}", f"{bwd:.0f}", f"{mem:.0f}" if mem else "-"])
    for (label, impl), result in memory.items():
        if (label, impl) not in results and "bytes_per_node" in result:
            rows.append([label, impl, "-", "-", f"{result['bytes_per_node']:.0f}"])
    return rows


def node_table(results: dict, memory: dict) -> str:
    return format_table(
        ["workload", "implementation", "fwd ns/node", "bwd ns/node", "bytes/node"], per_node(results, memory)
    )
