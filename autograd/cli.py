"""The `chainrule` command line (also `python -m autograd`)."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .functions import dot
from .value import Value


def textbook_network() -> tuple[Value, dict]:
    """The textbook's 2-2-1 ReLU network on x = [2, 3], with its squared error against y = 2.5."""
    x1, x2 = Value(2.0, "x1"), Value(3.0, "x2")
    w = [Value(v, f"w{i}") for i, v in enumerate([0.1, 0.4, 0.2, 0.5, 0.6, 0.3], start=1)]
    b_h1, b_h2, b_o = Value(0.1, "b_h1"), Value(0.2, "b_h2"), Value(0.3, "b_o")
    h1 = dot(w[0:2], [x1, x2], b_h1).relu()
    h2 = dot(w[2:4], [x1, x2], b_h2).relu()
    h1.label, h2.label = "h1", "h2"
    y_hat = dot(w[4:6], [h1, h2], b_o)
    y_hat.label = "y_hat"
    loss = (y_hat - 2.5) ** 2
    loss.label = "L"
    named = {v.label: v for v in [*w, b_h1, b_h2, b_o, h1, h2, y_hat]}
    return loss, named


def demo(args: argparse.Namespace) -> int:
    loss, named = textbook_network()
    loss.backward()
    print("The textbook 2-2-1 ReLU network, x = [2, 3], target y = 2.5")
    print(f"  forward:  h1 = {named['h1'].data:.4g}, h2 = {named['h2'].data:.4g}, y_hat = {named['y_hat'].data:.4g}")
    print(f"  loss:     (y_hat - y)^2 = {loss.data:.4f}")
    print("  backward: dL/d(name) for every parameter")
    for name in ["y_hat", "w5", "w6", "b_o", "w1", "w2", "w3", "w4", "b_h1", "b_h2"]:
        print(f"    dL/d{name:<5} = {named[name].grad:+.4f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chainrule", description="Scalar autodiff for teaching backpropagation.")
    parser.add_argument("--version", action="version", version=f"chainrule {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk the textbook 2-2-1 network forward and backward").set_defaults(run=demo)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
