"""The `chainrule` command line (also `python -m autograd`)."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .examples import textbook_network


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
