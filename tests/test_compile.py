"""compile: generated straight-line code agrees with the dynamic engine, op by op and on random graphs."""

from __future__ import annotations

import ast
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import OPS, Value
from autograd.compile.codegen import helpers, number
from autograd.compile.tape import identifier
from autograd.examples import textbook_network
from tests.strategies import ChainruleOps, build, recipes
from tests.test_ops import sample_points

EVIL = "x'); import os; os.system('echo pwned') #\n"


def op_cases():
    for op in OPS.values():
        for k in op.constants or [None]:
            yield pytest.param(op, k, id=op.name if k is None else f"{op.name}-{k:g}")


def make_node(op, point, k):
    """One node of `op` over fresh leaves at `point`; returns (leaves, node)."""
    leaves = [Value(x, f"a{i}") for i, x in enumerate(point)]
    if op.name == "dot":
        n = len(leaves) // 2
        return leaves, autograd.dot(leaves[:n], leaves[n : 2 * n], leaves[-1])
    if op.arity == 0:
        return leaves, autograd.sum(leaves)
    if k is not None:
        return leaves, leaves[0] ** k
    return leaves, getattr(Value, op.method)(*leaves)


@pytest.mark.parametrize(("op", "k"), list(op_cases()))
def test_compiled_code_agrees_with_the_ops_fn_for_every_op(op, k, rng):
    domain = op.domain * (5 if op.name == "dot" else 3) if op.arity == 0 else op.domain
    points = sample_points(domain, op.avoid, rng)
    leaves, node = make_node(op, points[0], k)
    f = autograd.compile(node)
    assert f.inputs == tuple(leaves)
    for point in points:  # re-run at new values without building Values
        _, fresh = make_node(op, point, k)
        out, grads = f(*point)
        assert out == fresh.data
        assert grads == fresh.local_grads  # one node, each leaf on one edge: d out / d leaf_i = local_i


def test_textbook_network_compiles_to_the_textbook_numbers():
    loss, named = textbook_network()
    f = autograd.compile(loss, inputs=[named[n] for n in ("w1", "w2", "w3", "w4", "w5", "w6", "b_h1", "b_h2", "b_o")])
    out, grads = f(*(v.data for v in f.inputs))
    assert out == pytest.approx(0.4489)
    assert grads == pytest.approx((-1.608, -2.412, -0.804, -1.206, -2.01, -2.814, -0.804, -0.402, -1.34))
    assert "d_w5 = d_y_hat * h1" in f.source and "h1 = dot1 if dot1 > 0.0 else 0.0" in f.source


def dynamic(leaves, steps):
    values = [Value(x) for x in leaves]
    _, out = build(values, steps, ChainruleOps)
    out.backward()
    return out.data, tuple(v.grad for v in values)


@settings(max_examples=150, deadline=None)
@given(recipes(max_leaves=4, max_steps=30), st.lists(st.floats(-2.0, 2.0), min_size=4, max_size=4))
def test_compiled_random_graphs_agree_with_backward_and_rerun_on_new_values(recipe, other):
    leaves, steps = recipe
    values = [Value(x) for x in leaves]
    _, out = build(values, steps, ChainruleOps)
    f = autograd.compile(out, inputs=values)
    for point in (leaves, other[: len(leaves)]):
        expected = dynamic(point, steps)
        got = f(*point)
        assert got[0] == pytest.approx(expected[0], rel=1e-12, abs=1e-12)
        assert got[1] == pytest.approx(expected[1], rel=1e-12, abs=1e-12)
        assert f.replay(point) == expected  # the plain path is the engine itself


def test_other_leaves_are_constants_baked_into_the_code():
    w, x, c = Value(2.0, "w"), Value(3.0, "x"), Value(10.0, "c")
    f = autograd.compile(w * x + c, inputs=[w])
    c.data = 1000.0  # the constant was read when compiling
    assert f(5.0) == (25.0, (3.0,))
    assert "c = 10.0" in f.source
    unused = Value(1.0, "unused")
    g = autograd.compile(w * x, inputs=[x, unused, w])
    assert g(3.0, 7.0, 2.0) == (6.0, (2.0, 0.0, 3.0))


def test_default_inputs_are_the_leaves_in_topological_order():
    x, y = Value(1.0, "x"), Value(2.0, "y")
    out = (x * y + 3.0).tanh()
    f = autograd.compile(out)
    assert f.inputs == tuple(n for n in autograd.topological_order(out) if not n.parents)
    assert len(f.inputs) == 3  # the 3.0 is a leaf too


def test_same_shaped_graph_reuses_the_code_object():
    def graph(a, b):
        x, y = Value(a, "x"), Value(b, "y")
        return x, y, (x * y).relu() + x

    x1, y1, out1 = graph(1.0, 2.0)
    x2, y2, out2 = graph(-5.0, 7.0)
    f1, f2 = autograd.compile(out1), autograd.compile(out2)
    assert f1._code.function.__code__ is f2._code.function.__code__
    assert f2(1.0, 2.0) == f1(1.0, 2.0)
    assert autograd.compile(out1, inputs=[x1])._code is not f1._code  # other inputs: other code
    x3, y3 = Value(1.0, "x"), Value(2.0, "y")
    assert autograd.compile((x3 * y3).relu() + 2.0)._code is not f1._code  # a constant, not x


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


def test_duplicate_and_missing_labels_get_distinct_names():
    a, b, c = Value(1.0, "w"), Value(2.0, "w"), Value(3.0)
    f = autograd.compile(autograd.dot([a, b], [c, c]))
    assert f.source.startswith("def _forward_backward(w, w_2, in2):")  # in2: inputs[2]
    assert f(1.0, 2.0, 3.0) == (9.0, (3.0, 3.0, 3.0))


def test_wrong_number_of_values_names_expected_and_received():
    x, y = Value(1.0, "x"), Value(2.0, "y")
    f = autograd.compile(x * y)
    with pytest.raises(TypeError, match=r"expected 2 values \(x, y\), got 3"):
        f(1.0, 2.0, 3.0)
    with pytest.raises(TypeError, match="expected a real number, got 'a'"):
        f(1.0, "a")
    with pytest.raises(TypeError, match="bool"):
        f(True, 1.0)
    assert f(2, 3) == (6.0, (3.0, 2.0))  # ints are numbers


@pytest.mark.parametrize(
    ("make", "bad", "error", "message"),
    [
        (lambda x: x.log(), 0.0, ValueError, "log: math domain error.*'x'"),
        (lambda x: x.sqrt(), -1.0, ValueError, "sqrt: math domain error.*'x'"),
        (lambda x: 1.0 / x, 0.0, ZeroDivisionError, "division by zero.*'x'"),
        (lambda x: x**-1, 0.0, ZeroDivisionError, "negative power"),
        (lambda x: x**0.5, -2.0, ValueError, "non-integer exponent"),
        (lambda x: x ** Value(2.0), -2.0, ValueError, "pow: base"),
        (lambda x: x.exp(), 1000.0, OverflowError, "exp: result overflows"),
        (lambda x: x.sin(), math.inf, ValueError, "sin: math domain error"),
        (lambda x: (x * 1e300) * 0.0, 1e10, ValueError, "mul: the result is nan"),
        (lambda x: (x * 1e300 * 10.0 - x * 1e300 * 10.0).relu(), 1e10, ValueError, "sub: the result is nan"),
        (lambda x: x + 1.0, math.nan, ValueError, "nan"),
    ],
)
def test_domain_errors_in_compiled_code_are_the_engines_errors(make, bad, error, message):
    x = Value(1.5, "x")
    f = autograd.compile(make(x), inputs=[x])
    f(1.5)
    with pytest.raises(error, match=message):
        f(bad)


def test_nonfinite_gradient_raises_as_backward_does():
    x = Value(1.0, "x")
    f = autograd.compile(x.sqrt().sqrt() * 2.0, inputs=[x])
    with pytest.raises(FloatingPointError, match="backward: the gradient reaching"):
        f(0.0)


def test_ieee_mode_gives_ieee_results_through_the_plain_path():
    x = Value(1.0, "x")
    f = autograd.compile(x.log(), inputs=[x])
    with autograd.ieee_mode():
        assert f(0.0)[0] == -math.inf


def test_bad_roots_and_inputs_are_refused():
    x, y = Value(1.0, "x"), Value(2.0, "y")
    z = x * y
    with pytest.raises(TypeError, match="compile: expected a Value"):
        autograd.compile(3.0)
    with pytest.raises(TypeError, match=r"inputs\[1\] must be a Value"):
        autograd.compile(z, inputs=[x, 2.0])
    with pytest.raises(ValueError, match="not a leaf"):
        autograd.compile(z + 1.0, inputs=[z])
    with pytest.raises(ValueError, match="twice"):
        autograd.compile(z, inputs=[x, x])
    z.op = "**__import__('os')"
    with pytest.raises(ValueError, match="not in the op table"):
        autograd.compile(z)


def test_many_is_the_sum_of_single_calls_over_rows(rng):
    w = [Value(rng.uniform(-1, 1), f"w{i}") for i in range(3)]
    x = [Value(0.0, "x1"), Value(0.0, "x2")]
    target = Value(0.0, "y")
    loss = (autograd.dot(w[:2], x, w[2]).tanh() - target) ** 2
    f = autograd.compile(loss, inputs=[*w, *x, target])
    shared = [v.data for v in w]
    rows = [(rng.uniform(-2, 2), rng.uniform(-2, 2), rng.choice([-1.0, 1.0])) for _ in range(20)]
    total, grads = f.many(rows, *shared)
    singles = [f(*shared, *row) for row in rows]
    assert total == pytest.approx(math.fsum(out for out, _ in singles), rel=1e-12)
    for i in range(6):
        assert grads[i] == pytest.approx(math.fsum(g[i] for _, g in singles), rel=1e-12, abs=1e-15)
    assert f.many([], *shared) == (0.0, (0.0,) * 6)
    with pytest.raises(TypeError, match="row 1 has 2 values, expected 3"):
        f.many([(1.0, 2.0, 3.0), (1.0, 2.0)], *shared)


def test_many_raises_the_engines_error_for_a_bad_row():
    x, k = Value(1.0, "x"), Value(2.0, "k")
    f = autograd.compile((x * k).log(), inputs=[k, x])
    assert f.many([(1.0,), (2.0,)], 1.0)[0] == pytest.approx(math.log(2.0))
    with pytest.raises(ValueError, match="log: math domain error"):
        f.many([(1.0,), (0.0,)], 1.0)


def test_a_deep_chain_compiles_and_agrees():
    x = Value(0.5, "x")
    y = x
    for i in range(2000):
        y = (y * 0.999 + 0.001).tanh() if i % 2 else y * 1.001
    f = autograd.compile(y, inputs=[x])
    y.backward()
    assert f(0.5) == (y.data, (x.grad,))


def test_wide_sums_and_dots_compile_and_add_in_the_same_order(rng):
    xs = [Value(rng.uniform(-1, 1)) for _ in range(5000)]
    ws = [Value(rng.uniform(-1, 1)) for _ in range(5000)]
    out = autograd.sum(xs) * autograd.dot(ws, xs, 0.5)
    f = autograd.compile(out, inputs=[*xs, *ws])
    out.backward()
    got, grads = f(*(v.data for v in f.inputs))
    assert got == out.data and grads == tuple(v.grad for v in f.inputs)


def test_a_leaf_or_a_constant_as_the_root():
    x = Value(3.0, "x")
    assert autograd.compile(x)(4.0) == (4.0, (1.0,))
    assert autograd.compile(x, inputs=[])() == (3.0, ())
    assert autograd.compile(Value(2.5))(7.0) == (7.0, (1.0,))
