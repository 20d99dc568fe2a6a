"""`python -m bench.huge_graphs`: seconds the tools with a `max_nodes` take on a graph of millions of nodes.

`draw` and `to_mermaid` summarise a graph larger than `max_nodes` (the nodes nearest the root and one
box for the rest); `stepper_html` refuses it. Either way the work is bounded by `max_nodes`, not by
the graph: each should take well under a second at 2e6 nodes, and no gradient may change. Two shapes:
a deep chain y <- y * 1.0001 + 0.1 and a wide sum of products. Wall time of one call each.
"""

from __future__ import annotations

import argparse
import time

import autograd
from autograd import Value, draw, stepper_html, to_mermaid


def chain(n: int) -> Value:
    """About n nodes: each step a product and a sum, each with a constant."""
    y = Value(1.0, "x")
    for _ in range(n // 4):
        y = y * 1.0001 + 0.1
    return y


def wide(n: int) -> Value:
    """About n nodes: n / 3 products of two leaves, summed by one node."""
    return autograd.sum([Value(0.5, "a") * Value(2.0, "b") for _ in range(n // 3)])


def refused(root: Value) -> str:
    try:
        stepper_html(root)
    except ValueError as error:
        return str(error)
    raise AssertionError("stepper_html drew a graph larger than its max_nodes")


TOOLS = {
    "draw(root).source": lambda root: draw(root).source,
    "draw(root).pipe('svg')": lambda root: draw(root).pipe("svg"),
    "to_mermaid(root)": lambda root: str(to_mermaid(root)),
    "stepper_html(root) refuses": refused,
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.huge_graphs", description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2_000_000, help="about this many nodes per graph")
    args = parser.parse_args(argv)
    for shape, make in (("deep chain", chain), ("wide sum", wide)):
        root = make(args.nodes)
        root.backward()
        before = [node.grad for node in autograd.nodes(root)]
        print(f"{shape}, {len(before):,} nodes:")
        for name, tool in TOOLS.items():
            start = time.perf_counter()
            tool(root)
            print(f"  {name:<28} {time.perf_counter() - start:7.3f} s", flush=True)
        same = before == [node.grad for node in autograd.nodes(root)]
        print(f"  gradients unchanged: {same}")
        del root, before


if __name__ == "__main__":
    main()
