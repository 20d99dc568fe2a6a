"""`python -m bench`: every implementation on every workload, each in its own process.

Options: --quick (smaller sizes, fewer repetitions), --smoke (tiny sizes, for the tests),
--workloads W1,W2,W3,W4, --impls NAME,..., --reps N, --json PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import plan, report

ROOT = Path(__file__).resolve().parent.parent


def run_worker(impl: str, case: dict) -> dict:
    """One implementation on one case, in a fresh interpreter; its JSON answer, or the error."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", impl, json.dumps(case)], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        return {
            "skipped": f"failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_all(cases: list, verbose: bool) -> dict:
    """Every case, in interleaved rounds (its "rounds"), so that a noisy minute on the machine hits all alike."""
    results = {}
    rounds = max((case.get("rounds", 1) for _, _, case in cases), default=1)
    for round_ in range(rounds):
        for label, impl, case in cases:
            if round_ >= case.get("rounds", 1) or "skipped" in results.get((label, impl), {}):
                continue
            start = time.perf_counter()
            result = run_worker(impl, case)
            results[(label, impl)] = merge(results.get((label, impl)), result)
            if verbose:
                note = result.get("skipped", f"{time.perf_counter() - start:.1f} s")
                print(f"  [{round_ + 1}/{rounds}] {label:<14} {impl:<20} {note}", file=sys.stderr, flush=True)
    return results


def merge(old: dict | None, new: dict) -> dict:
    """The timings of two rounds of one case, concatenated."""
    if old is None or "skipped" in new:
        return new
    return {**old, **{key: old[key] + new[key] for key in ("times", "forward", "backward") if key in new}}


def parse(argv: list | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller sizes and fewer repetitions")
    size.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (for the tests)")
    parser.add_argument("--workloads", default="W1,W2,W3,W4", help="comma-separated subset of W1,W2,W3,W4")
    parser.add_argument("--impls", default=",".join(plan.ORDER), help="comma-separated implementations")
    parser.add_argument("--reps", type=int, help="timed repetitions per case (after the warm-up)")
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = parser.parse_args(argv)
    args.workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    args.impls = [i.strip() for i in args.impls.split(",") if i.strip()]
    for bad in [w for w in args.workloads if w not in plan.APPLIES] + [i for i in args.impls if i not in plan.ORDER]:
        parser.error(f"unknown workload or implementation {bad!r}")
    args.profile = "smoke" if args.smoke else "quick" if args.quick else "full"
    return args


def main(argv: list | None = None) -> int:
    args = parse(argv)
    cases = plan.cases(args.profile, args.workloads, args.impls)
    if args.reps:
        cases = [(label, impl, {**case, "reps": args.reps}) for label, impl, case in cases]
    print(
        f"chainrule benchmark ({args.profile}), Python {platform.python_version()} on {platform.machine()}", flush=True
    )
    results = run_all(cases, verbose=not args.smoke)
    memory = run_all(plan.memory_cases(args.profile, args.workloads, args.impls), verbose=not args.smoke)
    print("\nMedian ms per run (min in brackets)\n" + report.times_table(results))
    print("\nRatios of medians (above 1: the second is faster)\n" + report.ratio_table(results))
    print("\nRatios of minimums (the machine's slow spells only ever add time)\n" + report.ratio_table(results, min))
    print(
        "\nW2/W3 per node: time (median) and memory (tracemalloc, graph alive)\n" + report.node_table(results, memory)
    )
    print("\n* micrograd-rust could not be built here (it needs crates.io): its figure is the issue author's, "
          "reported, not measured here.\n  'scaled' multiplies it by (floats here / the issue's 3.6 ms floor), "
          "to compare at this run's machine speed.")  # fmt: skip
    skipped = {f"{label} {impl}": r["skipped"] for (label, impl), r in results.items() if "skipped" in r}
    for key, reason in skipped.items():
        print(f"  skipped {key}: {reason}")
    if args.json:
        write_json(args, results, memory)
    return 0


def write_json(args, results: dict, memory: dict) -> None:
    document = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "profile": args.profile,
        "results": [{"workload": label, "implementation": impl, **r} for (label, impl), r in results.items()],
        "memory": [{"workload": label, "implementation": impl, **r} for (label, impl), r in memory.items()],
        "medians_ms": {label: {k: v * 1e3 for k, v in row.items()} for label, row in report.medians(results).items()},
        "ratios": report.ratios(results),
        "ratios_of_minimums": report.ratios(results, min),
        "reported_not_measured": {"micrograd-rust": {k: {"median_ms": v} for k, v in plan.RUST_REPORTED.items()}},
    }
    args.json.write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    sys.exit(main())
