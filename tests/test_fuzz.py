"""Fuzzing the engine: arbitrary objects and extreme floats through Value and every op.

Every case must end in a correct result or one of the documented exceptions, with a message
that names the op: never an unrelated exception type, a nan, a hang or a crash. Each test
counts its cases (tests/fuzzcount.py); the run ends with a table of them.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd
from autograd import OPS, Value
from tests import fuzzcount

DOCUMENTED = (TypeError, ValueError, ZeroDivisionError, OverflowError, FloatingPointError)
EXTREMES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 1.0, -1.0, 1e308, -1e308,
            math.inf, -math.inf, 709.0, 710.0, -745.0]  # fmt: skip
floats = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=False))
anything = st.one_of(
    floats, st.integers(), st.booleans(), st.none(), st.text(max_size=5), st.binary(max_size=5),
    st.complex_numbers(), st.lists(st.integers(), max_size=2), st.just(float("nan")), st.just(object()),
    st.fractions(), st.decimals(allow_nan=False),
)  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def fuzz_value(obj):
    fuzzcount.count("value: Value(anything)")
    try:
        v = Value(obj)
    except TypeError as error:
        assert str(error).startswith("Value: expected a real number")
    except ValueError as error:
        assert str(error).startswith("Value:")
    else:
        assert type(v.data) is float and not math.isnan(v.data)


def test_value_accepts_real_numbers_and_names_anything_else():
    fuzzcount.run("value: Value(anything)", fuzz_value, at_least=250)


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


BINARY = ["add", "sub", "mul", "truediv", "pow"]


def _named_error_or_value(name: str, call) -> None:
    """`call()` gives a non-nan Value, or an error naming op `name` (or Python's own TypeError for a
    left operand such as a list, which refuses a Value before chainrule is asked)."""
    try:
        out = call()
    except TypeError as error:
        text = str(error)
        assert text.startswith(f"{name}: expected a real number") or "pow" in text or "Value" in text, text
    except (ValueError, ZeroDivisionError, OverflowError) as error:
        assert name in str(error) or "division" in str(error), str(error)
    else:
        assert type(out) is Value and not math.isnan(out.data)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BINARY), anything)
def fuzz_right_operands(name, obj):
    fuzzcount.count("ops: any object on the right")
    _named_error_or_value(name, lambda: getattr(Value, OPS[name].method)(Value(1.5), obj))


def test_operands_of_any_type_are_named_in_the_error():
    fuzzcount.run("ops: any object on the right", fuzz_right_operands, at_least=150)


REFLECTED = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
             "truediv": lambda a, b: a / b, "pow": lambda a, b: a**b}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BINARY), anything)
def fuzz_left_operands(name, obj):
    fuzzcount.count("ops: any object on the left")
    _named_error_or_value(name, lambda: REFLECTED[name](obj, Value(1.5)))


def test_any_object_on_the_left_of_an_operator():
    fuzzcount.run("ops: any object on the left", fuzz_left_operands, at_least=150)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["sum", "dot-weights", "dot-inputs", "dot-bias"]), anything, floats)
def fuzz_nary_items(where, obj, x):
    fuzzcount.count("ops: any object inside sum and dot")
    a, b = Value(0.5), Value(-2.0)
    calls = {
        "sum": lambda: autograd.sum([a, obj, b]),
        "dot-weights": lambda: autograd.dot([a, obj], [b, x]),
        "dot-inputs": lambda: autograd.dot([a, b], [obj, x]),
        "dot-bias": lambda: autograd.dot([a], [b], obj),
    }
    _named_error_or_value(where.split("-")[0], calls[where])


def test_any_object_inside_sum_and_dot():
    fuzzcount.run("ops: any object inside sum and dot", fuzz_nary_items, at_least=150)


@settings(max_examples=300, deadline=None)
@given(anything, st.booleans())
def fuzz_backward_seed(seed, on_a_leaf):
    fuzzcount.count("backward(grad=anything)")
    x = Value(1.5)
    root = x if on_a_leaf else (x * 2.0).tanh()
    try:
        root.backward(seed)
    except TypeError as error:
        assert str(error).startswith("backward: expected a real number"), str(error)
    except ValueError as error:
        assert str(error).startswith("backward:") and ("nan" in str(error) or "finite" in str(error)), str(error)
    else:
        assert math.isfinite(x.grad)


def test_backward_takes_any_real_seed_and_names_anything_else():
    fuzzcount.run("backward(grad=anything)", fuzz_backward_seed, at_least=150)


def test_an_infinite_seed_is_refused_unless_ieee():
    with pytest.raises(ValueError, match="backward: the seed gradient must be finite, got inf"):
        Value(1.0).backward(math.inf)
    x = Value(1.0)
    with autograd.ieee_mode():
        x.backward(math.inf)
    assert x.grad == math.inf


ODD_FUNCTIONS = [
    lambda x: x,  # the identity: gradient 1
    lambda x: 3.0,  # a constant function: gradient 0
    lambda x: None,
    lambda x: "x",
    lambda x: [x],
    lambda x: (x, x),
    lambda x: {x: 1},
    lambda x: x.data,  # a plain float: the graph is cut, so the gradient is 0 as for a constant
    lambda x: autograd.no_grad()(lambda v: v * 2)(x),  # built under no_grad: a leaf, gradient 0
    lambda x: Value(2.0),
    lambda x: x * x,
    lambda x: (yield x),  # a generator function
    lambda *xs: autograd.sum(xs),
    lambda x, y=2.0: x * y,
    abs,  # a builtin: calls Value.__abs__
    float,  # a builtin that turns the Value into a float
    Value,  # a class: Value(Value) is a fresh leaf
    repr,  # returns a str
]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(range(len(ODD_FUNCTIONS))), anything, st.sampled_from([0, -1, (0,), (0, -1)]))
def fuzz_functional_grad(k, x, argnums):
    fuzzcount.count("grad(odd function)(anything)")
    try:
        value, grads = autograd.value_and_grad(ODD_FUNCTIONS[k], argnums)(x)
    except TypeError as error:
        assert str(error).startswith(("grad:", "Value:")), str(error)
    except ValueError as error:
        assert str(error).startswith(("grad:", "Value:")), str(error)
    else:
        assert isinstance(value, float) and not math.isnan(value)
        grads = grads if isinstance(grads, tuple) else (grads,)
        assert all(isinstance(g, float) and not math.isnan(g) for g in grads)


def test_grad_of_odd_functions_on_odd_inputs():
    fuzzcount.run("grad(odd function)(anything)", fuzz_functional_grad, at_least=100)


@pytest.mark.parametrize("x", [1e4, -1e4, 1e300, -1e300])
def test_tanh_and_sigmoid_stay_finite_and_correct_far_out(x):
    t, s = Value(x).tanh(), Value(x).sigmoid()
    assert t.data == math.copysign(1.0, x) and t.local_grads == (0.0,)
    assert s.data == (1.0 if x > 0 else 0.0) and s.local_grads == (0.0,)
