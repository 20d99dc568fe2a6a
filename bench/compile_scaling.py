"""`python -m bench.compile_scaling`: seconds `autograd.compile` takes, against the graph's edges.

Flat sums and dots of growing length, compiled and called once (the time per edge should stay flat:
compile is linear in the edges), and the start-up of `fit(MLP(784, [128, 10]), compile=True)`: its forward and its
vector-Jacobian product compiled and run once on one sample. CPU seconds (time.process_time), so a
busy machine slows the figures less than wall time would; the best of `--repeats` runs.
"""

from __future__ import annotations

import argparse
import importlib
import time

import autograd
import nn
from autograd import Value

SIZES = (1_000, 10_000, 100_000)


def flat_sum(n: int) -> Value:
    return autograd.sum(Value(float(i), f"x{i}") for i in range(n))


def flat_dot(n: int) -> Value:
    return autograd.dot([Value(0.5) for _ in range(n)], [Value(1.5) for _ in range(n)])


def cpu_seconds(work, repeats: int) -> float:
    """The least CPU time `work()` took over `repeats` runs."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def fresh():
    """Empty compile's code caches, so that every repeat writes and compiles the code again."""
    module = importlib.import_module("autograd.compile.compiled")
    module._CACHE.clear()
    module._FORWARD_CACHE.clear()


def compile_and_call(root: Value) -> None:
    """What a user pays before the first result: compile(root), then one call."""
    fresh()
    f = autograd.compile(root)
    f(*[leaf.data for leaf in f.inputs])


def mlp_start_up() -> None:
    """What fit(compile=True) does before its first step on MNIST-sized inputs, on one sample."""
    from nn.compiled import CompiledModel  # the module fit(compile=True) uses

    fresh()
    model = nn.MLP(784, [128, 10], seed=0)
    compiled = CompiledModel(model)
    outputs = compiled.outputs([(0.5,) * 784])
    for value in outputs[0]:
        value.grad = 1.0
    compiled.gradients([(0.5,) * 784], outputs)


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compile_scaling", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="terms of the sums and dots")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each (the least CPU time is printed)")
    parser.add_argument("--no-mlp", action="store_true", help="leave out the MLP(784, [128, 10]) start-up")
    args = parser.parse_args(argv)
    for name, make in (("sum", flat_sum), ("dot", flat_dot)):
        for n in args.sizes:
            root = make(n)
            edges = sum(len(node.parents) for node in autograd.topological_order(root))
            seconds = cpu_seconds(lambda root=root: compile_and_call(root), args.repeats)
            print(f"compile {name} of {n:>7,} terms: {seconds:8.3f} s CPU, {1e6 * seconds / edges:6.2f} us per edge")
    if not args.no_mlp:
        seconds = cpu_seconds(mlp_start_up, args.repeats)
        print(f"fit(MLP(784, [128, 10]), compile=True) start-up: {seconds:.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
