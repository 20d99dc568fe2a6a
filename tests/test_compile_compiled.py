"""compile: generated straight-line code agrees with the dynamic engine, op by op and on random graphs."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import OPS, Value, apply
from autograd.compile import compile_forward
from autograd.examples import textbook_network
from autograd.primitives import parameter_samples
from tests.strategies import ChainruleOps, build, recipes
from tests.test_ops import sample_points

EVIL = "x'); import os; os.system('echo pwned') #\n"


def op_cases():
    for op in OPS.values():
        for params in parameter_samples(op):
            shown = "-".join(str(v) for v in params.values())
            yield pytest.param(op, params, id=f"{op.name}-{shown}" if shown else op.name)


def make_node(op, point, params):
    """One node of `op` (with these parameters) over fresh leaves at `point`; returns (leaves, node)."""
    leaves = [Value(x, f"a{i}") for i, x in enumerate(point)]
    return leaves, apply(op, *leaves, params=params or None)


@pytest.mark.parametrize(("op", "params"), list(op_cases()))
def test_compiled_code_agrees_with_the_ops_fn_for_every_op(op, params, rng):
    domain = op.domain * 5 if op.arity == 0 else op.domain  # dot: 2 weights, 2 inputs and a bias
    points = sample_points(domain, op.avoid, rng)
    leaves, node = make_node(op, points[0], params)
    f = autograd.compile(node)
    assert f.inputs == tuple(leaves)
    for point in points:  # re-run at new values without building Values
        _, fresh = make_node(op, point, params)
        out, grads = f(*point)
        assert out == fresh.data
        assert grads == fresh.local_grads  # one node, each leaf on one edge: d out / d leaf_i = local_i


def test_textbook_network_compiles_to_the_textbook_numbers():
    loss, named = textbook_network()
    f = autograd.compile(loss, inputs=[named[n] for n in ("w1", "w2", "w3", "w4", "w5", "w6", "b_h1", "b_h2", "b_o")])
    out, grads = f(*(v.data for v in f.inputs))
    assert out == pytest.approx(0.4489)
    assert grads == pytest.approx((-1.608, -2.412, -0.804, -1.206, -2.01, -2.814, -0.804, -0.402, -1.34))
    assert "d_w5 = d_y_hat * h1" in f.source and "h1 = z_h1 if z_h1 > 0.0 else 0.0" in f.source


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
        (lambda x: x.log(), 0.0, ValueError, r"log: math domain error, log\(x\) needs x > 0, got x = 0.0"),
        (lambda x: x.sqrt(), -1.0, ValueError, r"sqrt: math domain error, sqrt\(x\) needs x >= 0"),
        (lambda x: 1.0 / x, 0.0, ZeroDivisionError, "division by zero: in 1 / x the divisor x is 0.0"),
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


def test_nothing_flows_back_through_a_node_whose_gradient_is_zero_as_in_backward(monkeypatch):
    # A dead ReLU above sqrt(x) at x = 0, whose local derivative is inf: backward() skips the dead
    # branch, so 0 * inf never happens; the compiled code skips it too, without the engine.
    x = Value(1.0, "x")
    out = (x.sqrt() - 1.0).relu() + x
    f = autograd.compile(out, inputs=[x])
    x.data = 0.0
    x.grad = 0.0
    out_at_zero = (x.sqrt() - 1.0).relu() + x
    out_at_zero.backward()
    assert x.grad == 1.0
    monkeypatch.setattr(Value, "backward", lambda *a, **k: pytest.fail("compiled code fell back to the engine"))
    assert f(0.0) == (out_at_zero.data, (1.0,))
    assert f.many([(0.0,), (0.0,)]) == (0.0, (2.0,))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-2.0, 2.0), min_size=3, max_size=3), st.floats(-2.0, 2.0))
def test_skipped_dead_branches_give_the_gradients_of_backward_exactly(ws, x0):
    # Hidden ReLUs, many dead at a point: every gradient equals the engine's, bit for bit.
    w = [Value(v, f"w{i}") for i, v in enumerate(ws)]
    x = Value(x0, "x")
    hidden = [(w[i] * x + w[(i + 1) % 3]).relu() for i in range(3)]
    out = (1.0 - autograd.sum(hidden)).relu()
    out.backward()
    expected = (out.data, tuple(v.grad for v in [*w, x]))
    assert autograd.compile(out, inputs=[*w, x])(*ws, x0) == expected


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


def small_graph(a: float = 0.0, b: float = 0.0):
    """x, y -> (x * y, tanh(x * y) + y, y): a shared node, and an input as an output."""
    x, y = Value(a, "x"), Value(b, "y")
    product = x * y
    return (x, y), [product, product.tanh() + y, y]


def test_each_row_gives_the_outputs_the_engine_computes(rng):
    (x, y), outs = small_graph()
    g = compile_forward(outs, [x, y])
    rows = [(rng.uniform(-3, 3), rng.uniform(-3, 3)) for _ in range(20)]
    for row, got in zip(rows, g.many(rows)):
        assert got == tuple(v.data for v in small_graph(*row)[1])  # the same floats, not merely close ones


def test_shared_inputs_come_first_and_the_outputs_of_a_model_match_its_calls():
    model = nn.MLP(3, [5, 4, 2], activation="tanh", seed=3)
    xs = [Value(0.0, f"x{i}") for i in range(3)]
    g = compile_forward(model(xs), [*model.parameters(), *xs])
    points = [(0.1, -0.2, 0.3), (2.0, 1.0, -1.5), (0.0, 0.0, 0.0)]
    got = g.many(points, *[p.data for p in model.parameters()])
    assert got == [tuple(v.data for v in model(list(p))) for p in points]
    assert g.inputs == (*model.parameters(), *xs)


def test_the_source_is_forward_only_and_reads_by_labels():
    (x, y), outs = small_graph()
    source = compile_forward(outs, [x, y]).source(n_shared=1)
    assert source.startswith("def _outputs(_rows, x):") and "for y, in _rows:" in source
    assert "d_" not in source  # no gradient is computed
    assert "_append((mul1, add1, y, ))" in source


def test_rows_are_converted_and_checked_like_compiled_many():
    (x, y), outs = small_graph()
    g = compile_forward(outs, [x, y])
    assert g.many([[2, 3]]) == g.many([(2.0, 3.0)])  # lists and ints are fine
    with pytest.raises(TypeError, match=r"compiled graph: many\(\) row 0 has 1 values, expected 2"):
        g.many([(1.0,)])
    with pytest.raises(TypeError, match="compiled graph: expected a real number, got 'a'"):
        g.many([(1.0, "a")])


def test_bad_outputs_are_named():
    x = Value(1.0, "x")
    with pytest.raises(TypeError, match=r"compile_forward: outputs\[1\] must be a Value, got 2.0"):
        compile_forward([x * 2, 2.0], [x])
    with pytest.raises(ValueError, match="compile_forward: outputs is empty"):
        compile_forward([], [x])
    double = x * 2
    with pytest.raises(ValueError, match=r"compile: inputs\[0\] .* is not a leaf"):
        compile_forward([double + 1], [double])


def test_a_domain_error_is_the_engines_error():
    x = Value(1.0, "x")
    g = compile_forward([x.log()], [x])
    assert g.many([(math.e,)]) == [(1.0,)]
    with pytest.raises(ValueError, match="log"):
        g.many([(2.0,), (-1.0,)])


def test_an_inf_passes_as_in_the_engine_and_a_nan_raises_as_in_the_engine():
    x, y = Value(1.0, "x"), Value(1.0, "y")
    g = compile_forward([x * y, x * y - x * y], [x, y])
    with pytest.raises(ValueError, match="sub: the result is nan"):
        g.many([(1e200, 1e200)])  # inf - inf
    h = compile_forward([x * y], [x, y])
    assert h.many([(1e200, 1e200), (2.0, 3.0)]) == [(math.inf,), (6.0,)]  # an inf is a value, as Value(inf)
    with autograd.ieee_mode():
        assert math.isnan(g.many([(1e200, 1e200)])[0][1])


def test_the_code_is_reused_for_the_same_graph_shape():
    (x, y), outs = small_graph()
    first = compile_forward(outs, [x, y])
    (x2, y2), outs2 = small_graph(5.0, 6.0)
    second = compile_forward(outs2, [x2, y2])
    first.many([(1.0, 2.0)])
    second.many([(1.0, 2.0)])
    assert first._functions[0] is second._functions[0]
