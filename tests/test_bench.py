"""The benchmark runs end to end on tiny sizes, and every implementation computes the same losses and gradients.

Implementations whose engine is not installed here (micrograd, micrograd-rust, torch) are left out of the
comparisons; `make bench` runs them all from bench/.venv. No timing is asserted here: speed is measured by
`python -m bench` and reported.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench import __main__ as runner
from bench import compile_scaling, data, fit_demo, huge_graphs, instructions, plan, targets, worker

ROOT = Path(__file__).resolve().parent.parent


def available(name: str) -> bool:
    return not worker.unavailable(worker.load(name))


@pytest.fixture(autouse=True)
def no_block_left_open():
    """bench.impl_recycled keeps its recycle_nodes() block open for the rest of a worker's process: not here."""
    yield
    worker.load("chainrule-recycled").close()


def installed(workload: str) -> list:
    return [name for name in plan.ORDER if name in plan.APPLIES[workload] and available(name)]


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_every_implementation_computes_the_same_w1_losses(activation):
    losses = {}
    for name in installed("W1"):
        step = worker.load(name).w1(12, activation)
        losses[name] = [step() for _ in range(3)]  # three SGD steps: the updates agree too
    chainrule = {"chainrule-dynamic", "chainrule-recycled", "chainrule-compiled", "chainrule-fit-compiled"}
    assert chainrule | {"floats"} <= set(losses)
    reference = losses["chainrule-dynamic"]
    for name, values in losses.items():
        assert values == pytest.approx(reference, rel=1e-9, abs=1e-12), name
    assert reference[2] < reference[0]  # and the steps do train


def test_every_implementation_computes_the_same_op_by_op_losses():
    """W5: three SGD steps agree only if the gradients of every parameter agree as well."""
    losses = {name: [step() for _ in range(3)] for name in installed("W5") for step in [worker.load(name).w5(12)]}
    assert {"chainrule-dynamic", "chainrule-recycled", "floats"} <= set(losses)
    reference = losses["floats"]
    for name, values in losses.items():
        assert values == pytest.approx(reference, rel=1e-9, abs=1e-12), name
    assert reference[2] < reference[0]


def test_the_op_by_op_graph_has_a_node_per_op():
    """Per sample 16 * (2 + 2 + 1) + 16 * (16 + 16 + 1) + (16 + 16 + 1) products, additions and tanhs, and
    3 for the hinge (*, +, relu); then the mean and the L2 term over the 337 parameters."""
    import autograd

    loss, params = worker.load("chainrule-dynamic").op_by_op_loss(10)
    ops = [v for v in autograd.nodes(loss()) if v.op]
    per_sample = 16 * 5 + 16 * 33 + 33 + 3
    assert len(params) == 337
    assert 10 * per_sample + 2 * 337 <= len(ops) <= 10 * per_sample + 2 * 337 + 10 + 4


@pytest.mark.parametrize("workload", ["W2", "W3", "W6"])
def test_graph_workloads_give_the_same_gradient_everywhere(workload):
    grads = {}
    for name in installed(workload):
        build, backward = getattr(worker.load(name), worker.GRAPHS[workload])(41)
        grads[name] = backward(build())
    assert len(grads) >= 2
    assert all(g == pytest.approx(grads["floats"], rel=1e-12) for g in grads.values()), grads


@pytest.mark.parametrize("n", [1, 2, 5, 8, 41])
def test_the_tree_sum_adds_every_term_once(n):
    terms = [2.0**i for i in range(n)]  # distinct powers of two: a dropped or doubled term shows
    assert data.tree_sum(terms) == sum(terms)


def test_moons_are_seeded_and_balanced():
    X, y = data.make_moons(100)
    assert (X, y) == data.make_moons(100)
    assert len(X) == 100 and y.count(1.0) == y.count(-1.0) == 50
    assert len(data.flat(data.init_mlp())) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1


def test_a_crashed_worker_is_reported_as_crashed_and_a_failed_one_by_its_error():
    crashed = runner.failure("micrograd-rust", -signal.SIGSEGV, "")
    assert crashed["crashed"].startswith("killed by SIGSEGV") and "stack" in crashed["crashed"]
    failed = runner.failure("micrograd", 1, "Traceback ...\nRecursionError: maximum recursion depth exceeded")
    assert failed == {"skipped": "failed: RecursionError: maximum recursion depth exceeded"}
    assert not runner.ran(crashed) and not runner.ran(failed) and runner.ran({"times": [1.0]})


def test_a_crash_in_the_deep_chain_becomes_a_runs_target_row():
    results = {("W2 n=1e6", "chainrule-dynamic"): {"times": [2.0]}, ("W2 n=1e6", "micrograd-rust"): {"crashed": "x"},
               ("W2 n=1e3", "chainrule-dynamic"): {"times": [3.0]}, ("W2 n=1e3", "micrograd"): {"times": [15.0]},
               ("W2 n=1e3", "micrograd-rust"): {"times": [1.0]}}  # fmt: skip
    rows = {row[0]: row[1:] for row in targets.rows(results, {})}
    assert rows["deep chain 1e3 nodes: micrograd / chainrule"] == ["5x (5x)", ">= 4x", "yes"]
    assert rows["deep chain 1e3 nodes: chainrule / micrograd-rust"] == ["3x (3x)", "<= 2x", "no"]
    assert rows["deep chain 1e6 nodes: chainrule runs where micrograd-rust crashed"] == ["ran", "runs", "yes"]


def test_bench_runs_end_to_end_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "bench", "--smoke", "--json", str(out)]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    titles = ("Issue 18 targets", "Median ms per run", "Time / the hand-written floats", "of minimums",
              "Time / chainrule-dynamic", "W2/W3/W6 per node")  # fmt: skip
    assert all(title in proc.stdout for title in titles), proc.stdout
    assert proc.stdout.index("Issue 18 targets") < proc.stdout.index("Median ms per run")  # the report leads with it
    document = json.loads(out.read_text())
    assert document["python"] == f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
    ran = {(r["workload"], r["implementation"]) for r in document["results"] if "times" in r}
    assert {("W1-relu (6 points)", "chainrule-compiled"), ("W2 n=5e1", "chainrule-dynamic"),
            ("W1-tanh (6 points)", "chainrule-fit-compiled"), ("W4-relu (6 points)", "chainrule-dynamic"),
            ("W5 (6 points)", "chainrule-dynamic"), ("W5 (6 points)", "chainrule-recycled"),
            ("W6 n=5e1", "floats")} <= ran  # fmt: skip
    assert "chainrule-dynamic / floats" in document["ratios"]["W5 (6 points)"]
    assert "chainrule-compiled / floats" in document["ratios_of_minimums"]["W1-relu (6 points)"]
    measured = {row["target"]: row for row in document["targets"]}
    assert "op-by-op moons step (4.9k nodes) / floor" in measured
    assert "cyclic GC's share of the op-by-op moons step" in measured
    assert "cyclic GC's share of the op-by-op moons step inside recycle_nodes()" in measured
    assert all(m["bytes_per_node"] > 0 for m in document["memory"] if "bytes_per_node" in m)
    if importlib.util.find_spec("micrograd_rust"):
        assert {("W5 (6 points)", "micrograd-rust"), ("W5 (6 points)", "micrograd-rust-mlp")} <= ran
        assert "wide tree-sum 5e1 products: chainrule / micrograd-rust" in measured
    if importlib.util.find_spec("micrograd"):
        assert "micrograd / chainrule-dynamic" in document["ratios"]["W1-tanh (6 points)"]


def test_unknown_workload_is_refused():
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--workloads", "W9"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2 and "unknown workload" in proc.stderr


def test_the_anchor_script_parses():
    assert subprocess.run(["bash", "-n", str(ROOT / "bench" / "setup_anchors.sh")]).returncode == 0


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


def test_the_huge_graphs_bench_times_every_tool_and_leaves_the_gradients(capsys):
    huge_graphs.main(["--nodes", "4000"])  # past every default max_nodes (500 and 200)
    out = capsys.readouterr().out
    assert out.count("gradients unchanged: True") == 2 and "False" not in out
    for name in huge_graphs.TOOLS:
        assert out.count(name) == 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_the_instructions_of_a_step_are_counted_in_two_fresh_processes_under_valgrind(capsys):
    argv = ["--impls", "chainrule-dynamic,floats", "--cases", "W1-relu", "--points", "6", "--warm", "1", "--steps", "2"]
    assert instructions.main(argv) == 0
    out = capsys.readouterr().out
    counts = {impl: float(m) for impl, m in re.findall(r"W1-relu +(\S+) +([\d.]+)$", out, re.MULTILINE)}
    assert set(counts) == {"chainrule-dynamic", "floats"} and all(c > 0 for c in counts.values())
    (ratio,) = re.findall(r"chainrule-dynamic / floats: ([\d.]+)x", out)
    assert float(ratio) == pytest.approx(counts["chainrule-dynamic"] / counts["floats"], rel=0.05)


def test_the_instruction_count_says_in_one_line_what_it_lacks(monkeypatch, capsys):
    if shutil.which("valgrind") is not None:
        assert instructions.main(["--impls", "floats,no-such-engine"]) == 2
        assert "no case or implementation named 'no-such-engine'" in capsys.readouterr().err
    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    assert instructions.main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "bench.instructions: valgrind is not installed (apt install valgrind)"


def test_a_counted_process_makes_the_steps_or_graph_runs_it_is_asked_for(monkeypatch):
    made = []
    chain = lambda n: (lambda: made.append(("build", n)) or n, lambda graph: made.append(("backward", graph)))  # noqa: E731
    engine = type("Engine", (), {"w5": lambda n: lambda: made.append(("step", n)), "chain": chain})
    monkeypatch.setattr(worker, "load", lambda impl: engine)
    assert instructions.main(["--make", json.dumps(["floats", "W5", "", 6, 3])]) == 0
    assert instructions.main(["--make", json.dumps(["floats", "W2", "", 50, 2])]) == 0
    assert made == [("step", 6)] * 3 + [("build", 50), ("backward", 50)] * 2


def test_a_counted_process_that_fails_is_reported_and_the_others_go_on(monkeypatch, capsys):
    def count(impl, workload, variant, size, steps):
        if impl == "chainrule-dynamic":
            raise RuntimeError(f"{impl} on {workload}: ValueError: broken")
        return 1_000_000 * (steps + 1)

    monkeypatch.setattr(instructions.shutil, "which", lambda name: "/usr/bin/valgrind")
    monkeypatch.setattr(instructions, "instructions", count)
    argv = ["--impls", "chainrule-dynamic,floats", "--cases", "W5", "--warm", "1", "--steps", "2"]
    assert instructions.main(argv) == 0
    out = capsys.readouterr().out
    assert "chainrule-dynamic    failed: chainrule-dynamic on W5: ValueError: broken" in out
    assert re.search(r"W5 +floats +1\.00$", out, re.MULTILINE) and "/ floats" not in out
