"""autograd/compile/codegen.py: the generated source is safe Python: identifiers, numbers, no injected code."""

from __future__ import annotations

import ast
import math

import autograd
from autograd import Value
from autograd.compile.codegen import helpers, number
from autograd.compile.tape import identifier

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
