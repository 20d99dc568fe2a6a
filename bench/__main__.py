"""`python -m bench`: every implementation on every workload, each in its own process.

Options: --quick (smaller sizes, fewer repetitions), --smoke (tiny sizes, for the tests),
--workloads W1,W2,...,W6, --impls NAME,..., --reps N, --json PATH. The workloads are listed
in bench/plan.py; `make bench` first builds the anchors' venv (bench/setup_anchors.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import plan, report, targets

ROOT = Path(__file__).resolve().parent.parent
CRASH_NOTES = {"micrograd-rust": "its topological sort recurses in Rust, one frame per node, and overflows the stack"}


def failure(impl: str, returncode: int, stderr: str) -> dict:
    """What a worker that printed no answer ran into: {"crashed": ...} when a signal killed it (a native
    engine's stack overflow), {"skipped": "failed: ..."} with the last line of a Python error."""
    if returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.valid_signals() else str(-returncode)
        note = CRASH_NOTES.get(impl)
        return {"crashed": f"killed by {name}" + (f" ({note})" if note else "")}
    lines = stderr.strip().splitlines()
    return {"skipped": f"failed: {lines[-1] if lines else f'exit status {returncode}'}"}


def load() -> str:
    """The machine's load averages: how much else ran beside the benchmark."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown"
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


def run_worker(impl: str, case: dict) -> dict:
    """One implementation on one case, in a fresh interpreter; its JSON answer, or what stopped it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", impl, json.dumps(case)], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        return failure(impl, proc.returncode, proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_all(cases: list, verbose: bool) -> dict:
    """Every case, in interleaved rounds (its "rounds"), so that a noisy minute on the machine hits all alike."""
    results = {}
    rounds = max((case.get("rounds", 1) for _, _, case in cases), default=1)
    for round_ in range(rounds):
        for label, impl, case in cases:
            if round_ >= case.get("rounds", 1) or not ran(results.get((label, impl), {"times": []})):
                continue
            start = time.perf_counter()
            result = run_worker(impl, case)
            results[(label, impl)] = merge(results.get((label, impl)), result)
            if verbose:
                note = result.get("crashed") or result.get("skipped") or f"{time.perf_counter() - start:.1f} s"
                print(f"  [{round_ + 1}/{rounds}] {label:<18} {impl:<22} {note}", file=sys.stderr, flush=True)
    return results


def ran(result: dict) -> bool:
    """Whether a case has measurements (a crash or a skip is not retried in later rounds)."""
    return "crashed" not in result and "skipped" not in result


def merge(old: dict | None, new: dict) -> dict:
    """The measurements of two rounds of one case, concatenated; a later crash or failure replaces them."""
    if old is None or not ran(new):
        return new
    return {**old, **{key: old[key] + new[key] for key in ("times", "forward", "backward", "free", "gc") if key in new},
            "gc_settings_kept": old.get("gc_settings_kept", True) and new.get("gc_settings_kept", True)}  # fmt: skip


def parse(argv: list | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller sizes and fewer repetitions")
    size.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (for the tests)")
    parser.add_argument("--workloads", default=",".join(plan.WORKLOADS), help="comma-separated subset of W1..W6")
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
    command = " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)])
    print(f"chainrule benchmark ({args.profile}): {command}\nPython {platform.python_version()} on "
          f"{platform.machine()}, {os.cpu_count()} cores, {load()}", flush=True)  # fmt: skip
    started = time.perf_counter()
    results = run_all(cases, verbose=not args.smoke)
    memory = run_all(plan.memory_cases(args.profile, args.workloads, args.impls), verbose=not args.smoke)
    print_report(results, memory)
    print(f"\n({time.perf_counter() - started:.0f} s in all; {load()})")
    if args.json:
        write_json(args, command, results, memory)
    return 0


def print_report(results: dict, memory: dict) -> None:
    print("\nIssue 18 targets: ratios of medians (in brackets, of minimums), all measured in this run\n"
          + targets.table(results, memory))  # fmt: skip
    print("\nMedian ms per run (min in brackets)\n" + report.times_table(results) + "\n" + report.legend(results))
    print("\nTime / the hand-written floats (the floor), of medians\n" + report.ratio_table(results, report.FLOOR))
    print("\nThe same, of minimums (the machine's slow spells only ever add time)\n"
          + report.ratio_table(results, report.FLOOR, min))  # fmt: skip
    print("\nTime / chainrule-dynamic, of medians (above 1: chainrule is faster)\n"
          + report.ratio_table(results, report.CHAINRULE))  # fmt: skip
    print("\nW2/W3/W6 per node: time (median; free: dropping the graph), the cyclic GC's share of all three, and "
          "memory with the graph alive (traced: tracemalloc, Python objects; RSS: the process's growth)\n"
          + report.node_table(results, memory))  # fmt: skip
    for (label, impl), r in [*results.items(), *memory.items()]:
        if not ran(r):
            print(f"  {'crashed' if 'crashed' in r else 'skipped'}: {label} {impl}: {r.get('crashed') or r['skipped']}")


def write_json(args, command: str, results: dict, memory: dict) -> None:
    document = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "command": command,
        "profile": args.profile,
        "targets": [dict(zip(("target", "measured", "goal", "met"), row)) for row in targets.rows(results, memory)],
        "results": [{"workload": label, "implementation": impl, **r} for (label, impl), r in results.items()],
        "memory": [{"workload": label, "implementation": impl, **r} for (label, impl), r in memory.items()],
        "medians_ms": {label: {k: v * 1e3 for k, v in row.items()} for label, row in report.medians(results).items()},
        "ratios": report.ratios(results),
        "ratios_of_minimums": report.ratios(results, min),
    }
    args.json.write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    sys.exit(main())
