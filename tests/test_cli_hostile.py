"""Hostile and broken input through the real command (`python -m autograd` in a subprocess): nothing
runs, nothing is created, nothing hangs; one line on stderr naming the problem, exit code 2.
Also the two ways a user stops a run early: Ctrl-C (exit 130) and closing the pipe (`| head`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD = 120  # seconds; each command takes well under one. Only a hang reaches this.

HOSTILE = [
    (["trace", "__import__('os').system('touch PWNED')"], "column 1: this call is not allowed"),
    (["trace", "x.__class__", "--at", "x=1"], "column 1: attribute access (.__class__) is not allowed"),
    (["trace", "x.__class__.__bases__[0].__subclasses__()", "--at", "x=1"], "not allowed"),
    (["trace", "open('f')"], "column 1: unknown function 'open'"),
    (["trace", "eval('1')"], "column 1: unknown function 'eval'"),
    (["trace", "(lambda: 1)()"], "column 1: a lambda is not allowed"),
    (["trace", "[x for x in range(10**9)]", "--at", "x=1"], "column 1: a list comprehension is not allowed"),
    (["trace", "9**9**9"], "column 1: pow: result overflows a float"),
    (["trace", "(" * 10_000 + "x" + ")" * 10_000, "--at", "x=1"], "the expression is too long"),
    (["trace", "(" * 300 + "x" + ")" * 300, "--at", "x=1"], "column 201: syntax error: too many nested parentheses"),
    (["trace", "-" * 9_000 + "x", "--at", "x=1"], "nested too deeply"),
    (["trace", "x * 2", "--at", "x=abc"], "--at: x: 'abc' is not a finite number"),
    (["trace", "tanh(x)", "--at", "tanh=1"], "--at: 'tanh' is a function"),
    (["trace", "foo(x)", "--at", "x=1"], "column 1: unknown function 'foo'"),
    (["trace", "x * w + b", "--at", "x=1"], "no value given for w, b"),
    (["html", "__import__('os').system('touch PWNED')", "--out", "PWNED.html"], "this call is not allowed"),
    (["html", "x.__class__", "--at", "x=1"], "attribute access"),
]


def launch(args: list, cwd: Path, **options) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.update(options.pop("env", {}))
    return subprocess.Popen([sys.executable, "-m", "autograd", *args], cwd=cwd, env=env, text=True,
                            encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)  # fmt: skip


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every hostile command started at once (each in its own empty folder), then collected."""
    runs = []
    for i, (args, _) in enumerate(HOSTILE):
        folder = tmp_path_factory.mktemp(f"hostile{i}")
        runs.append((launch(args, folder), folder))
    results = []
    for process, folder in runs:
        try:
            out, err = process.communicate(timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            err = f"HUNG for more than {HANG_GUARD} s\n{err}"
        results.append((process.returncode, out, err, folder))
    return results


@pytest.mark.parametrize("i", range(len(HOSTILE)), ids=[" ".join(a)[:45] for a, _ in HOSTILE])
def test_hostile_input_is_refused_in_one_line_and_runs_nothing(outcomes, i):
    code, out, err, folder = outcomes[i]
    assert "HUNG" not in err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("chainrule: error: ") and HOSTILE[i][1] in lines[0]
    assert code == 2 and out == ""
    assert list(folder.iterdir()) == []  # no PWNED, no page, nothing


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_during_training_exits_130_without_a_traceback(tmp_path):
    # Start the child with Ctrl-C at its default, even when this test runs in the background
    # (where a shell may have set SIGINT to be ignored, which Python would then keep).
    process = launch(["train", "--epochs", "100000", "--hidden", "4", "--out", tmp_path], tmp_path,
                     env={"PYTHONUNBUFFERED": "1"},
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    try:
        assert process.stdout.readline().startswith("Training MLP(2, [4, 1], relu)")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=HANG_GUARD)
    finally:
        process.kill()
    assert process.returncode == 130
    assert err.strip() == "chainrule: interrupted (Ctrl-C)"
    assert list(tmp_path.iterdir()) == []  # the unfinished run wrote nothing


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path):
    expression = "+".join(["x"] * 1000)  # about 400 kB of explanation: more than a pipe holds
    process = launch(["trace", expression, "--at", "x=1"], tmp_path)
    try:
        assert process.stdout.read(100).startswith("Expression")
        process.stdout.close()  # as `| head` does
        err = process.stderr.read()
        process.wait(timeout=HANG_GUARD)
    finally:
        process.kill()
    assert process.returncode == 1 and err == ""
