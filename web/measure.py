"""Measure the playground's budgets in headless Chromium: first load, one step, one trace, and its size.

    python web/measure.py [--loads 5] [--site site]

Builds the playground into a temporary folder (downloads cached as for the tests), serves it on
127.0.0.1, and loads it in a fresh browser context each time (so nothing comes from the browser's
cache). Budgets: first load <= 5 s, each step < 100 ms. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
import time
from pathlib import Path

from autograd.cli.playground import build_playground

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
EXPRESSION = "?expr=(relu(w1*x1 %2B w2*x2 %2B b) - 2.5)**2&at=w1=0.1,x1=2,w2=0.4,x2=3,b=0.1"
# One click on Next, until the browser has painted the next frame (so this includes up to one frame's wait).
STEP = """async () => {
  const t = performance.now();
  document.getElementById('next').click();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - t;
}"""
TRACE = """async () => {
  const p = window.chainrulePlayground, n = p.state.answered, t = performance.now();
  document.getElementById('run').click();
  while (p.state.answered === n) { await new Promise((resolve) => setTimeout(resolve, 1)); }
  return performance.now() - t;
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure(folder: Path, loads: int) -> dict:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/{EXPRESSION}"
    results = {"load_s": [], "step_ms": [], "trace_ms": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_function("document.body.dataset.state === 'ready'", timeout=60_000)
            results["load_s"].append(time.perf_counter() - started)
            for _ in range(page.evaluate("window.chainrulePlayground.total()")):
                results["step_ms"].append(page.evaluate(STEP))
            for _ in range(5):
                results["trace_ms"].append(page.evaluate(TRACE))
            context.close()
        browser.close()
    server.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads to time (default 5)")
    parser.add_argument("--site", type=Path, help="also report the size of a built docs site (e.g. site)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "playground"
        files = build_playground(folder)
        results = measure(folder, args.loads)
    rows = [
        ("first load (goto -> first trace shown)", results["load_s"], "s", 5.0),
        ("one step (click Next -> next frame)", results["step_ms"], "ms", 100.0),
        ("one trace (click Trace -> reply shown)", results["trace_ms"], "ms", None),
    ]
    for name, values, unit, budget in rows:
        line = f"{name:42} median {statistics.median(values):7.2f} {unit}, max {max(values):7.2f} {unit}"
        print(line + (f"  (budget {budget:g} {unit})" if budget else "") + f"  [{len(values)} runs]")
    print(f"{'playground size':42} {sum(files.values()) / 1e6:.2f} MB in {len(files)} files")
    if args.site:
        print(f"{'docs site size (' + str(args.site) + ')':42} {size(args.site) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
