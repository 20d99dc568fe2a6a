"""The op table, checked entry by entry: values, local derivatives, rules and Value methods."""

from __future__ import annotations

import math
import random

import pytest

import autograd
from autograd import OPS, Value
from autograd.ops import lookup, symbol

NARY_SIZES = (1, 2, 5)


def sample_points(domain, avoid, rng: random.Random, n: int = 6) -> list[tuple[float, ...]]:
    """Seeded points in an op's test domain, away from its kinks."""
    points = []
    while len(points) < n:
        point = tuple(rng.uniform(lo, hi) for lo, hi in domain)
        if all(abs(x - kink) > 1e-2 for x in point for kink in avoid):
            points.append(point)
    return points


def build(op, args: list[Value], k: float | None = None) -> Value:
    """The node for `op` made through the public API: a Value method or an autograd function."""
    if op.name == "pow_const":
        return args[0] ** k
    if op.name == "dot":
        return autograd.dot(args, args)
    if op.arity == 0:
        return getattr(autograd, op.method)(args)
    method = getattr(Value, op.method)
    return method(*args)


def float_fn(op, k=None):
    """The op's forward on plain floats, from the table itself."""
    if op.name == "pow_const":
        return lambda x: op.fn(x, k)[0]
    if op.arity == 0:
        return lambda *xs: op.fn(list(xs))[0]
    return lambda *xs: op.fn(*xs)[0]


def cases():
    for op in OPS.values():
        if op.name == "dot":
            continue  # n-ary with two lists: its own test below
        if op.name == "pow_const":
            for k in op.constants:
                yield pytest.param(op, k, id=f"pow_const-{k:g}")
        else:
            yield pytest.param(op, None, id=op.name)


@pytest.mark.parametrize(("op", "k"), list(cases()))
def test_local_derivatives_match_central_difference(op, k, rng):
    eps = 1e-6
    sizes = NARY_SIZES if op.arity == 0 else (len(op.domain),)
    for size in sizes:
        domain = op.domain * size if op.arity == 0 else op.domain
        for point in sample_points(domain, op.avoid, rng):
            node = build(op, [Value(x) for x in point], k)
            f = float_fn(op, k)
            assert node.data == pytest.approx(f(*point), rel=1e-12, abs=1e-12)
            assert len(node.local_grads) == len(point)
            for i, local in enumerate(node.local_grads):
                up, down = list(point), list(point)
                up[i] += eps
                down[i] -= eps
                numerical = (f(*up) - f(*down)) / (2 * eps)
                assert local == pytest.approx(numerical, rel=1e-5, abs=1e-6), (op.name, point, i)


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


@pytest.mark.parametrize("op", OPS.values(), ids=lambda op: op.name)
def test_nodes_record_the_op_symbol_that_leads_back_to_the_table(op):
    args = [Value(lo + 0.37 * (hi - lo)) for lo, hi in op.domain]
    node = build(op, args, k=op.constants[0] if op.constants else None)
    found, params = lookup(node.op)
    assert found is op
    assert bool(params) == (op.name == "pow_const")


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
