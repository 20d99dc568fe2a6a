"""autograd/compile/codegen.py: the generated source is safe Python: identifiers, numbers, no injected code."""

from __future__ import annotations

import ast
import functools
import math
import sys

import pytest

import autograd
from autograd import Value
from autograd.compile.codegen import forward_source, function_source, helpers, many_source, number
from autograd.compile.tape import identifier, read_graph, read_outputs

EVIL = "x'); import os; os.system('echo pwned') #\n"


def test_labels_cannot_inject_code(capfd):
    x = Value(2.0, EVIL)
    y = Value(3.0, EVIL)
    z = x * y
    z.label = EVIL + '"""'
    f = autograd.compile(z.tanh())
    assert f(2.0, 3.0)[0] == math.tanh(6.0)
    assert "'" not in f.source and '"' not in f.source and "os.system" not in f.source
    for node in ast.walk(ast.parse(f.source)):
        assert not isinstance(node, (ast.Import, ast.ImportFrom, ast.Attribute, ast.Call)) or (
            isinstance(node, ast.Call) and node.func.id in helpers()
        )
        assert not (isinstance(node, ast.Constant) and isinstance(node.value, str))
    assert "pwned" not in capfd.readouterr().out


def test_identifiers_and_numbers_are_safe_python():
    assert identifier("w1") == "w1"
    assert identifier("h[0].out") == "h_0__out"
    assert identifier("_private") == "private" and identifier("2x") == "x" and identifier("λ") == ""
    assert identifier("lambda") == "lambda_" and identifier("match") == "match_"
    assert [number(v) for v in (2.5, -1.0, -0.0, math.inf, -math.inf, math.nan)] == [
        "2.5",
        "(-1.0)",
        "(-0.0)",
        "_INF",
        "(-_INF)",
        "_NAN",
    ]


# Compile time is linear in the graph's edges. Counted, not timed: the Python steps (every line
# run, every loop turn, comprehensions included) that reading the graph and writing its code take.
# A node's operands listed once per edge made a 100,000-term sum take minutes; this catches any such loop.


def _steps(outputs: list) -> int:
    """Python line events while `compile` (of their sum) and `compile_forward` read the graph and write its code."""
    events = 0

    def tracer(frame, event, arg):
        nonlocal events
        events += 1
        return tracer

    root = outputs[0] if len(outputs) == 1 else autograd.sum(outputs)
    sys.settrace(tracer)
    try:
        shape, _, _ = read_graph(root, None)
        function_source(shape)
        many_source(shape, 1)
        shape, _, _, at = read_outputs(outputs, None)
        forward_source(shape, at, 1)
    finally:
        sys.settrace(None)
    return events


def _edges(outputs: list) -> int:
    return len(outputs) + sum(len(node.parents) for node in autograd.topological_order(autograd.sum(outputs)))


def _layer(n: int) -> list:
    """A layer of 8 tanh neurons over n inputs: wide dots that share their inputs (fan-out 8), 8 outputs."""
    xs = [Value(0.1 * i, f"x{i}") for i in range(n)]
    rows = [[Value(0.01 * (i + j), f"w{j}_{i}") for i in range(n)] for j in range(8)]
    return [autograd.dot(row, xs, bias=Value(0.0, "b")).tanh() for row in rows]


def _fan_out(n: int) -> list:
    """n outputs that share one wide sum: walking the graph once per output would cost n * n."""
    total = autograd.sum(Value(float(i), f"x{i}") for i in range(n))
    return [total * float(i) for i in range(n)]


GRAPHS = {
    "flat sum": lambda n: [autograd.sum(Value(float(i), f"x{i}") for i in range(n))],
    "dot": lambda n: [autograd.dot([Value(0.5) for _ in range(n)], [Value(1.5) for _ in range(n)], bias=Value(1.0))],
    "one leaf n times": lambda n: [autograd.sum([Value(2.0, "x")] * n)],
    "chain": lambda n: [functools.reduce(lambda acc, i: (acc * 0.5 + i).tanh(), range(n), Value(1.0, "x"))],
    "layer": _layer,
    "n outputs, one shared sum": _fan_out,
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_compile_work_is_linear_in_the_graphs_edges(name):
    small, large = GRAPHS[name](400), GRAPHS[name](3200)
    per_edge_small = _steps(small) / _edges(small)
    per_edge_large = _steps(large) / _edges(large)
    assert per_edge_large < 1.25 * per_edge_small, (name, per_edge_small, per_edge_large)
