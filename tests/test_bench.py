"""The benchmark runs end to end on tiny sizes, and every implementation computes the same W1 loss.

No timing is asserted here: speed is measured by `python -m bench` and reported.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import compile_scaling, data, fit_demo, plan, worker

ROOT = Path(__file__).resolve().parent.parent


def available(name: str) -> bool:
    module = worker.load(name)
    return not (hasattr(module, "available") and module.available())


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_every_implementation_computes_the_same_w1_losses(activation):
    losses = {}
    for name in [n for n in plan.ORDER if available(n)]:
        step = worker.load(name).w1(12, activation)
        losses[name] = [step() for _ in range(3)]  # three SGD steps: the updates agree too
    assert {"chainrule-dynamic", "chainrule-compiled", "chainrule-fit-compiled", "floats"} <= set(losses)
    reference = losses["chainrule-dynamic"]
    for name, values in losses.items():
        assert values == pytest.approx(reference, rel=1e-9, abs=1e-12), name
    assert reference[2] < reference[0]  # and the steps do train


@pytest.mark.parametrize("workload", ["W2", "W3"])
def test_graph_workloads_give_the_same_gradient_everywhere(workload):
    grads = {}
    for name in [n for n in plan.ORDER if available(n) and n in plan.APPLIES[workload]]:
        build, backward = getattr(worker.load(name), "chain" if workload == "W2" else "wide")(40)
        grads[name] = backward(build())
    assert len(grads) >= 2
    assert all(g == pytest.approx(grads["floats"], rel=1e-12) for g in grads.values()), grads


def test_moons_are_seeded_and_balanced():
    X, y = data.make_moons(100)
    assert (X, y) == data.make_moons(100)
    assert len(X) == 100 and y.count(1.0) == y.count(-1.0) == 50
    assert len(data.flat(data.init_mlp())) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1


def test_bench_runs_end_to_end_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    impls = "chainrule-dynamic,chainrule-compiled,chainrule-fit-compiled,micrograd,floats"
    command = [sys.executable, "-m", "bench", "--smoke", "--impls", impls, "--json", str(out)]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    titles = ("Median ms per run", "Ratios of medians", "Ratios of minimums", "W2/W3 per node", "not measured here")
    assert all(title in proc.stdout for title in titles), proc.stdout
    document = json.loads(out.read_text())
    assert document["python"] == f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
    ran = {(r["workload"], r["implementation"]) for r in document["results"] if "times" in r}
    assert ("W1-relu (6 points)", "chainrule-compiled") in ran and ("W2 n=5e1", "chainrule-dynamic") in ran
    assert {("W1-tanh (6 points)", "chainrule-fit-compiled"), ("W4-relu (6 points)", "chainrule-dynamic")} <= ran
    assert "dynamic / floats" in document["ratios"]["W1-relu (6 points)"]
    assert "compiled / floats" in document["ratios_of_minimums"]["W1-relu (6 points)"]
    assert "dynamic / fit-compiled" in document["ratios"]["W1-relu (6 points)"]
    assert all(m["bytes_per_node"] > 0 for m in document["memory"] if "bytes_per_node" in m)
    if importlib.util.find_spec("micrograd"):
        assert "micrograd / dynamic" in document["ratios"]["W1-tanh (6 points)"]


def test_unknown_workload_is_refused():
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--workloads", "W9"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2 and "unknown workload" in proc.stderr


def test_the_fit_demo_compares_both_paths_on_the_same_histories():
    (result,) = fit_demo.measure(repeats=1, points=12, runs=((2, 5),))
    assert result["same_history"] and result["dynamic_s"] > 0 and result["compiled_s"] > 0
    assert result["speedup"] == result["dynamic_s"] / result["compiled_s"]


def test_the_compile_scaling_bench_runs_and_prints_a_line_per_size(capsys):
    assert compile_scaling.main(["--sizes", "10", "40", "--repeats", "1", "--no-mlp"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "compile sum of      10 terms", "compile sum of      40 terms",
        "compile dot of      10 terms", "compile dot of      40 terms",
    ]  # fmt: skip
    assert all("us per edge" in line for line in lines)
