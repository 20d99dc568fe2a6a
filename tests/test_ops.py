"""The op table, checked entry by entry: values, local derivatives, rules and Value methods."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import OPS, Value, parser
from autograd.functions import defaults
from autograd.ops import lookup, symbol
from autograd.primitives import parameter_samples
from tests import fuzzcount
from tests.nodes import named_error_or_value
from tests.strategies import EXTREMES, ChainruleOps, TorchOps, anything, floats, recipes
from tests.strategies import build as build_graph

NARY_SIZES = (1, 2, 5)


def sample_points(domain, avoid, rng: random.Random, n: int = 6) -> list[tuple[float, ...]]:
    """Seeded points in an op's test domain, away from its kinks."""
    points = []
    while len(points) < n:
        point = tuple(rng.uniform(lo, hi) for lo, hi in domain)
        if all(abs(x - kink) > 1e-2 for x in point for kink in avoid):
            points.append(point)
    return points


def build(op, args: list[Value], params: dict | None = None) -> Value:
    """The node for `op` made through the public API: a Value method or an autograd function."""
    params = params or {}
    if op.name == "pow_const":
        return args[0] ** params["k"]
    if op.name == "dot":
        return autograd.dot(args, args)
    if op.arity == 0:
        return getattr(autograd, op.method)(args)
    return getattr(Value, op.method)(*args, **params)


def float_fn(op, params: dict | None = None):
    """The op's forward on plain floats, from the table itself."""
    params = params or {}
    if op.arity == 0:
        return lambda *xs: op.fn(list(xs))[0]
    return lambda *xs: op.fn(*xs, **params)[0]


def shown(params: dict) -> str:
    return "-".join(str(v) for v in params.values())


def cases():
    """Every op with each of its parameter samples: its defaults, then its `constants` (pow_const's exponents)."""
    for op in OPS.values():
        if op.name == "dot":
            continue  # n-ary with two lists: its own test below
        for params in parameter_samples(op):
            yield pytest.param(op, params, id=f"{op.name}-{shown(params)}" if params else op.name)


@pytest.mark.parametrize(("op", "params"), list(cases()))
def test_local_derivatives_match_central_difference(op, params, rng):
    eps = 1e-6
    sizes = NARY_SIZES if op.arity == 0 else (len(op.domain),)
    for size in sizes:
        domain = op.domain * size if op.arity == 0 else op.domain
        for point in sample_points(domain, op.avoid, rng):
            node = build(op, [Value(x) for x in point], params)
            f = float_fn(op, params)
            assert node.data == pytest.approx(f(*point), rel=1e-12, abs=1e-12)
            assert len(node.local_grads) == len(point)
            for i, local in enumerate(node.local_grads):
                up, down = list(point), list(point)
                up[i] += eps
                down[i] -= eps
                numerical = (f(*up) - f(*down)) / (2 * eps)
                assert local == pytest.approx(numerical, rel=1e-5, abs=1e-6), (op.name, point, i)


@pytest.mark.parametrize("op", OPS.values(), ids=lambda op: op.name)
def test_check_op_passes_every_op_of_the_table(op):
    assert autograd.check_op(op.name) is True


def test_dot_local_derivatives_match_central_difference(rng):
    op = OPS["dot"]
    eps = 1e-6
    for n in (1, 3, 8):
        ws = [rng.uniform(-3, 3) for _ in range(n)]
        xs = [rng.uniform(-3, 3) for _ in range(n)]
        b = rng.uniform(-3, 3)
        node = autograd.dot([Value(w) for w in ws], [Value(x) for x in xs], Value(b))
        point = ws + xs + [b]

        def f(values, n=n):
            return op.fn(values)[0]  # the parents' floats: ws, then xs, then the bias

        assert node.data == pytest.approx(f(point), rel=1e-12)
        for i, local in enumerate(node.local_grads):
            up, down = list(point), list(point)
            up[i] += eps
            down[i] -= eps
            assert local == pytest.approx((f(up) - f(down)) / (2 * eps), rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("op", OPS.values(), ids=lambda op: op.name)
def test_every_op_has_a_rule_and_a_way_to_build_it(op):
    assert op.rule.startswith("d/d"), op.rule
    names = {"args": ["a", "b", "c"]} if op.arity == 0 else {**{a: a for a in op.args}, "out": "o"}
    names.update(dict.fromkeys(op.params, "2"))
    for i in range(op.arity or 3):
        text = op.local_text(i, names)
        assert isinstance(text, str) and text, (op.name, i)
    assert op.domain
    if op.arity == 0:
        assert callable(getattr(autograd, op.method))
    else:
        assert callable(getattr(Value, op.method)), f"Value has no method {op.method} for {op.name}"
        if op.method.isidentifier() and not op.method.startswith("__"):
            assert callable(getattr(autograd, op.method)), f"autograd.{op.method} is missing"


@pytest.mark.parametrize(("op", "params"), list(cases()))
def test_nodes_record_the_op_symbol_that_leads_back_to_the_table(op, params):
    args = [Value(lo + 0.37 * (hi - lo)) for lo, hi in op.domain]
    node = build(op, args, params)
    found, recorded = lookup(node.op)
    assert found is op and recorded == params  # a node made with the defaults records the defaults
    assert (node.op == op.symbol) == (params == defaults(op)), node.op  # and reads as the bare name: "gelu"


def call_text(op, params: dict) -> str:
    """The op as the expression parser reads it: "atan2(y, x)", "leaky_relu(x, slope=0.2)"."""
    given = [f"{k}={v!r}" for k, v in params.items() if v != defaults(op).get(k)]
    return f"{op.method}({', '.join([*op.args, *given])})"


PARSED = [
    c
    for c in cases()
    if c.values[0].arity and c.values[0].method.isidentifier() and not c.values[0].method.startswith("_")
]  # fmt: skip  (sum and dot are written with + and *)


@pytest.mark.parametrize(("op", "params"), PARSED)
def test_the_expression_parser_accepts_every_op(op, params, rng):
    point = sample_points(op.domain, op.avoid, rng, n=1)[0]
    root, leaves = parser.evaluate(call_text(op, params), dict(zip(op.args, point)))
    expected = build(op, [Value(x) for x in point], params)
    assert root.data == expected.data and root.op == expected.op and root.local_grads == expected.local_grads
    assert [p.label for p in root.parents] == list(op.args)


def test_pow_symbol_round_trips_the_constant():
    for k in (2.0, -1.0, 0.5, 1e-7, 123456.789, 1e20):
        assert lookup(symbol(OPS["pow_const"], {"k": k}))[1] == {"k": k}
    assert symbol(OPS["pow_const"], {"k": 2.0}) == "**2"


def test_local_text_fills_in_names():
    assert OPS["tanh"].local_text(0, {"x": "n", "out": "o"}) == "1 - o^2"
    assert OPS["mul"].local_text(1, {"x": "a", "y": "b"}) == "a"
    dot = {"args": ["w1", "w2", "x1", "x2", "b"]}  # ws, xs, bias
    assert OPS["dot"].local_text(0, dot) == "x1" and OPS["dot"].local_text(3, dot) == "w2"
    assert OPS["dot"].local_text(4, dot) == "1"


def test_sigmoid_is_stable_far_from_zero():
    for x in (-1e4, -800.0, 800.0, 1e4):
        s = Value(x).sigmoid()
        assert math.isfinite(s.data) and math.isfinite(s.local_grads[0])
    assert Value(-1e4).sigmoid().data == 0.0
    assert Value(1e4).sigmoid().data == 1.0


def test_tanh_is_finite_at_huge_inputs():
    for x in (-1e300, 1e300):
        t = Value(x).tanh()
        assert abs(t.data) == 1.0 and t.local_grads == (0.0,)


def test_sum_and_dot_add_left_to_right_on_every_python():
    # Python 3.12's sum() is compensated and would give 1.0 here; the chain x1 + x2 + x3 gives 0.0.
    xs = [1e16, 1.0, -1e16]
    chain = (Value(xs[0]) + xs[1]) + xs[2]
    assert OPS["sum"].fn(xs)[0] == chain.data == 0.0
    assert autograd.sum([Value(x) for x in xs]).data == 0.0
    assert OPS["dot"].fn([*xs, 1.0, 1.0, 1.0])[0] == 0.0


DOCUMENTED = (TypeError, ValueError, ZeroDivisionError, OverflowError, FloatingPointError)


def _apply(name: str, args: list):
    op = OPS[name]
    if name == "pow_const":
        return args[0] ** args[1].data
    if name == "dot":
        return autograd.dot(args[:1], args[1:2], args[2] if len(args) > 2 else None)
    if op.arity == 0:
        return getattr(autograd, op.method)(args)
    return getattr(Value, op.method)(*args)


def check_op_on(name: str, xs, counter: str) -> None:
    """`name` on these floats: a non-nan result whose backward is non-nan or named, or a named error."""
    fuzzcount.count(counter)
    op = OPS[name]
    arity = 3 if op.arity == 0 else op.arity + (1 if name == "pow_const" else 0)
    args = [Value(x) for x in xs[:arity]]
    try:
        out = _apply(name, args)
    except DOCUMENTED as error:
        text = str(error)
        assert op.name in text or op.symbol in text or "pow" in text, (name, xs, text)
        return
    assert not math.isnan(out.data), (name, xs)
    assert all(isinstance(d, float) for d in out.local_grads)
    try:
        out.backward()
    except FloatingPointError as error:
        assert "backward" in str(error)
        return
    for arg in args:
        assert not math.isnan(arg.grad), (name, xs)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(sorted(OPS)), st.lists(floats, min_size=3, max_size=3))
def fuzz_ops(name, xs):
    check_op_on(name, xs, "ops: every op on random extreme floats")


BINARY = ["add", "sub", "mul", "truediv", "pow"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BINARY), anything)
def fuzz_right_operands(name, obj):
    fuzzcount.count("ops: any object on the right")
    named_error_or_value(name, lambda: getattr(Value, OPS[name].method)(Value(1.5), obj))


REFLECTED = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
             "truediv": lambda a, b: a / b, "pow": lambda a, b: a**b}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BINARY), anything)
def fuzz_left_operands(name, obj):
    fuzzcount.count("ops: any object on the left")
    named_error_or_value(name, lambda: REFLECTED[name](obj, Value(1.5)))


def test_every_op_on_random_extreme_floats():
    fuzzcount.run("ops: every op on random extreme floats", fuzz_ops, at_least=750)


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_on_every_combination_of_extremes(name):
    arity = 3 if OPS[name].arity == 0 else OPS[name].arity + (1 if name == "pow_const" else 0)
    counter = "ops: every combination of extremes"
    before = fuzzcount.CASES[counter]
    for xs in itertools.product(EXTREMES, repeat=arity):
        check_op_on(name, xs, counter)
    assert fuzzcount.CASES[counter] - before == len(EXTREMES) ** arity


def test_operands_of_any_type_are_named_in_the_error():
    fuzzcount.run("ops: any object on the right", fuzz_right_operands, at_least=150)


def test_any_object_on_the_left_of_an_operator():
    fuzzcount.run("ops: any object on the left", fuzz_left_operands, at_least=150)


@pytest.mark.parametrize("x", [1e4, -1e4, 1e300, -1e300])
def test_tanh_and_sigmoid_stay_finite_and_correct_far_out(x):
    t, s = Value(x).tanh(), Value(x).sigmoid()
    assert t.data == math.copysign(1.0, x) and t.local_grads == (0.0,)
    assert s.data == (1.0 if x > 0 else 0.0) and s.local_grads == (0.0,)


torch = pytest.importorskip("torch")


@settings(max_examples=150, deadline=None)
@given(recipes())
def test_random_graphs_match_pytorch_float64(recipe):
    leaves, steps = recipe
    ours = [Value(x) for x in leaves]
    _, out = build_graph(ours, steps, ChainruleOps)
    out.backward()

    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in leaves]
    _, reference = build_graph(theirs, steps, TorchOps(torch))
    reference.backward()

    assert out.data == pytest.approx(reference.item(), rel=1e-12, abs=1e-12)
    for mine, ref in zip(ours, theirs):
        expected = ref.grad.item() if ref.grad is not None else 0.0
        assert mine.grad == pytest.approx(expected, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("x", [-1.5, -0.2, 0.3, 2.0])
def test_every_unary_op_matches_pytorch(x):
    ops = TorchOps(torch)
    for name in ["exp", "tanh", "sigmoid", "relu", "sin", "cos", "abs"]:
        v = Value(x)
        getattr(v, name)().backward()
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        getattr(ops, name)(t).backward()
        assert v.grad == pytest.approx(t.grad.item(), rel=1e-12), name


def test_kinks_follow_pytorch_conventions():
    for name in ["relu", "abs"]:
        v = Value(0.0)
        getattr(v, name)().backward()
        t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
        getattr(torch, name)(t).backward()
        assert v.grad == t.grad.item(), name


def test_relu_of_nan_is_nan_in_ieee_mode_as_in_pytorch():
    with autograd.ieee_mode():
        y = Value(math.nan).relu()
    assert math.isnan(y.data) and y.local_grads == (0.0,)


@pytest.mark.parametrize("op, k", [("pow_const", 0.0078125), ("pow", 0.01)])
def test_a_subnormal_base_gives_an_infinite_slope_not_an_overflowing_result(op, k):
    # x ** k is an ordinary float, but k * x ** (k - 1) is beyond the largest float: inf, as in PyTorch,
    # and backward then names the leaf (the result itself never "overflows").
    x = 2.2250738585e-313
    out, local = OPS[op].fn(x, k)
    assert out == x**k and 0.0 < out < 1.0
    assert local[0] == math.inf
    leaf = Value(x, "x")
    node = leaf ** (k if op == "pow_const" else Value(k, "k"))
    assert node.data == out
    with pytest.raises(FloatingPointError, match="gradient of 'x' is inf"):
        node.backward()
