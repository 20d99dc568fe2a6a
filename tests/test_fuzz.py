"""Fuzzing the engine: arbitrary objects and extreme floats through Value and every op.

Every case must end in a correct result or one of the documented exceptions, with a message
that names the op: never an unrelated exception type, a nan, a hang or a crash.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd
from autograd import OPS, Value

DOCUMENTED = (TypeError, ValueError, ZeroDivisionError, OverflowError, FloatingPointError)
EXTREMES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 1.0, -1.0, 1e308, -1e308,
            math.inf, -math.inf, 709.0, 710.0, -745.0]  # fmt: skip
floats = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=False))
anything = st.one_of(
    floats, st.integers(), st.booleans(), st.none(), st.text(max_size=5), st.binary(max_size=5),
    st.complex_numbers(), st.lists(st.integers(), max_size=2), st.just(float("nan")), st.just(object()),
    st.fractions(), st.decimals(allow_nan=False),
)  # fmt: skip
CASES = {"count": 0}


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_value_accepts_real_numbers_and_names_anything_else(obj):
    CASES["count"] += 1
    try:
        v = Value(obj)
    except TypeError as error:
        assert str(error).startswith("Value: expected a real number")
    except ValueError as error:
        assert str(error).startswith("Value:")
    else:
        assert type(v.data) is float and not math.isnan(v.data)


def _apply(name: str, args: list):
    op = OPS[name]
    if name == "pow_const":
        return args[0] ** args[1].data
    if name == "dot":
        return autograd.dot(args[:1], args[1:2], args[2] if len(args) > 2 else None)
    if op.arity == 0:
        return getattr(autograd, op.method)(args)
    return getattr(Value, op.method)(*args)


def check_op_on(name: str, xs) -> None:
    """`name` on these floats: a non-nan result whose backward is non-nan or named, or a named error."""
    CASES["count"] += 1
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
def test_every_op_on_random_extreme_floats(name, xs):
    check_op_on(name, xs)


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_on_every_combination_of_extremes(name):
    arity = 3 if OPS[name].arity == 0 else OPS[name].arity + (1 if name == "pow_const" else 0)
    for xs in itertools.product(EXTREMES, repeat=arity):
        check_op_on(name, xs)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["add", "sub", "mul", "truediv", "pow"]), anything)
def test_operands_of_any_type_are_named_in_the_error(name, obj):
    CASES["count"] += 1
    method = getattr(Value, OPS[name].method)
    try:
        out = method(Value(1.5), obj)
    except TypeError as error:
        assert str(error).startswith(f"{name}: expected a real number") or "pow" in str(error)
    except (ValueError, ZeroDivisionError, OverflowError) as error:
        assert name in str(error) or "division" in str(error)
    else:
        assert isinstance(out, Value) and not math.isnan(out.data)


@pytest.mark.parametrize("x", [1e4, -1e4, 1e300, -1e300])
def test_tanh_and_sigmoid_stay_finite_and_correct_far_out(x):
    t, s = Value(x).tanh(), Value(x).sigmoid()
    assert t.data == math.copysign(1.0, x) and t.local_grads == (0.0,)
    assert s.data == (1.0 if x > 0 else 0.0) and s.local_grads == (0.0,)


def test_report_how_many_cases_ran():
    # Read by the robustness report: the number of fuzz cases this session ran (0 if run alone).
    print(f"fuzz cases run: {CASES['count']}")
    assert CASES["count"] >= 0
