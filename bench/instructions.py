"""`python -m bench.instructions`: the moons steps counted in CPU instructions (valgrind's callgrind), not seconds.

On a shared 2-core machine the wall times of `python -m bench` move by 10-40% from one run to the next;
the instructions a step executes move by well under 1%. So this counts them, for W1 (relu and tanh) and
W5, for each implementation: one process makes `--warm` steps, another `--warm` + `--steps`, each under
`valgrind --tool=callgrind` in a fresh interpreter, and the difference divided by `--steps` is one step
(start-up, imports and warm-up cancel out). The cyclic GC's work is counted with the rest.

What instructions leave out is memory: the cache misses of the GC's passes over a large graph, and of
reading nodes spread over the heap. A chainrule step spends more of its wall time on those than the
hand-written floats do, so its ratios to the floats are higher in seconds than in instructions (and
micrograd-rust's steps take more seconds per instruction still). Both are true: this one counts what the
code asks the CPU to do, `python -m bench` what a student waits for.

`--cases W2-1e3,W2-1e4` counts runs of the deep chain too (add micrograd to --impls for issue 18's "4x
faster than micrograd"). Needs valgrind (`apt install valgrind`); about a minute per implementation and
case. Engines that are not installed here are left out (run it from bench/.venv, as `make bench` does).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import plan, worker

ROOT = Path(__file__).resolve().parent.parent
# name -> (workload, variant, size): the moons steps of issue 18's ratios to the floor (size: --points), and
# deep chains (one run: build, backward, drop), counted only when asked for (--cases W2-1e3, with micrograd)
CASES = {"W1-relu": ("W1", "relu", None), "W1-tanh": ("W1", "tanh", None), "W5": ("W5", "", None),
         "W2-1e3": ("W2", "", 1_000), "W2-1e4": ("W2", "", 10_000)}  # fmt: skip
IMPLS = ["chainrule-dynamic", "chainrule-recycled", "micrograd-rust", "floats"]
ANCHORS = ["floats", "micrograd-rust", "micrograd"]
COLLECTED = re.compile(r"Collected : (\d+)")


def make_steps(impl: str, workload: str, variant: str, size: int, steps: int) -> None:
    """In this process: `steps` moons steps (or graph runs) of `impl`, as bench.worker times them."""
    module = worker.load(impl)
    if workload in worker.GRAPHS:
        build, backward = getattr(module, worker.GRAPHS[workload])(size)

        def step():
            backward(build())  # and the graph is dropped, as in a timed run

    else:
        step = module.w5(size) if workload == "W5" else module.w1(size, variant)
    for _ in range(steps):
        step()


def instructions(impl: str, workload: str, variant: str, size: int, steps: int) -> int:
    """The instructions a fresh interpreter executes to import everything and make `steps` steps."""
    case = json.dumps([impl, workload, variant, size, steps])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m",
               "bench.instructions", "--make", case]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    found = COLLECTED.search(proc.stderr)
    if proc.returncode != 0 or not found:
        last = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        raise RuntimeError(f"{impl} on {workload}: {last}")
    return int(found.group(1))


def applies(impl: str, workload: str) -> bool:
    """Whether the benchmark runs `impl` on `workload`, and its engine is installed here."""
    if impl not in plan.APPLIES[workload]:
        return False
    return not worker.unavailable(worker.load(impl))


def per_step(impl: str, workload: str, variant: str, size: int, warm: int, steps: int) -> float:
    """Instructions of one step: two processes, `warm` and `warm + steps` steps, their difference / steps."""
    before = instructions(impl, workload, variant, size, warm)
    return (instructions(impl, workload, variant, size, warm + steps) - before) / steps


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__.splitlines()[0])
    parser.add_argument("--impls", default=",".join(IMPLS), help="comma-separated implementations")
    parser.add_argument("--cases", default="W1-relu,W1-tanh,W5", help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--points", type=int, default=plan.PROFILES["full"]["points"], help="moons points")
    parser.add_argument("--warm", type=int, default=3, help="steps made before the counted ones")
    parser.add_argument("--steps", type=int, default=5, help="steps counted")
    parser.add_argument("--make", help=argparse.SUPPRESS)  # a counted process: [impl, workload, variant, size, n]
    args = parser.parse_args(argv)
    if args.make:
        make_steps(*json.loads(args.make))
        return 0
    if shutil.which("valgrind") is None:
        print("bench.instructions: valgrind is not installed (apt install valgrind)", file=sys.stderr)
        return 2
    cases, impls = args.cases.split(","), args.impls.split(",")
    unknown = [c for c in cases if c not in CASES] + [i for i in impls if i not in worker.IMPLS]
    if unknown:
        known = ", ".join([*CASES, *worker.IMPLS])
        print(f"bench.instructions: no case or implementation named {unknown[0]!r} (known: {known})", file=sys.stderr)
        return 2
    counted = {}
    print(f"Instructions per step or run, millions ({args.points} points; {args.steps} counted after {args.warm})")
    for row in cases:
        workload, variant, size = CASES[row]
        for impl in impls:
            if applies(impl, workload):
                try:
                    counted[row, impl] = per_step(impl, workload, variant, size or args.points, args.warm, args.steps)
                except RuntimeError as error:  # the counted process failed: say so, and go on with the others
                    print(f"  {row:<8} {impl:<20} failed: {error}", flush=True)
                    continue
                print(f"  {row:<8} {impl:<20} {counted[row, impl] / 1e6:9.2f}", flush=True)
    print("Ratios (instructions)")
    for (row, impl), count in counted.items():
        for anchor in ANCHORS:
            if (row, anchor) in counted and impl.startswith("chainrule"):
                if anchor == "micrograd":  # as issue 18 says it: how many times faster than micrograd
                    print(f"  {row:<8} micrograd / {impl}: {counted[row, anchor] / count:.2f}x")
                else:
                    print(f"  {row:<8} {impl} / {anchor}: {count / counted[row, anchor]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
