"""`python -m bench.fit_demo`: fit() against fit(compile=True) on the moons demo, side by side.

MLP(2, [16, 16, 1], seed=0) on make_moons(100, noise=0.1, seed=0), hinge loss, Adam lr 0.02: full batch
for 100 epochs, and batches of 10 for 20 epochs. The two runs alternate, medians are printed, and the
histories are checked to be the same.
"""

from __future__ import annotations

import argparse
import statistics
import time

import nn

RUNS = ((100, None), (20, 10))  # (epochs, batch_size)


def train(compile: bool, epochs: int, batch_size, points: int) -> tuple[float, nn.History]:
    """Seconds for one fit of the demo, and its History."""
    X, y = nn.data.make_moons(points, noise=0.1, seed=0)  # noqa: N806 (X: a matrix, as in scikit-learn)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    optimizer = nn.optim.Adam(model.parameters(), lr=0.02)
    start = time.perf_counter()
    history = nn.fit(model, X, y, "hinge", optimizer, epochs=epochs, batch_size=batch_size, seed=0,
                     progress=False, compile=compile)  # fmt: skip
    return time.perf_counter() - start, history


def measure(repeats: int, points: int = 100, runs=RUNS) -> list[dict]:
    """Per (epochs, batch_size): median seconds of each path, the speed-up, and whether the histories agree."""
    results = []
    for epochs, batch_size in runs:
        times, histories = {False: [], True: []}, {}
        for _ in range(repeats):
            for flag in (False, True):
                seconds, histories[flag] = train(flag, epochs, batch_size, points)
                times[flag].append(seconds)
        dynamic, compiled = statistics.median(times[False]), statistics.median(times[True])
        same = (histories[False].loss, histories[False].accuracy) == (histories[True].loss, histories[True].accuracy)
        results.append({"epochs": epochs, "batch_size": batch_size, "dynamic_s": dynamic, "compiled_s": compiled,
                        "speedup": dynamic / compiled, "same_history": same})  # fmt: skip
    return results


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fit_demo", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each path (medians are printed)")
    args = parser.parse_args(argv)
    for r in measure(args.repeats):
        batch = "full batch" if r["batch_size"] is None else f"batch {r['batch_size']}"
        print(f"{batch:>10}, {r['epochs']:>3} epochs: fit() {r['dynamic_s']:.3f} s, fit(compile=True) "
              f"{r['compiled_s']:.3f} s: {r['speedup']:.2f}x; same history: {r['same_history']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
