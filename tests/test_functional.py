"""grad, value_and_grad and gradcheck."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import GradcheckError, Value, grad, gradcheck, value_and_grad
from tests import fuzzcount
from tests.strategies import anything


def test_grad_returns_floats():
    assert grad(lambda x, y: x * y)(2.0, 3.0) == 3.0
    assert grad(lambda x, y: x * y, argnums=1)(2.0, 3.0) == 2.0
    assert grad(lambda x, y: x * y + y, argnums=(0, 1))(2.0, 3.0) == (3.0, 3.0)


def test_value_and_grad_and_parameter_names_as_labels():
    seen = {}

    def f(weight, bias):
        seen["labels"] = (weight.label, bias.label)
        return (weight * 3 + bias).tanh()

    value, grads = value_and_grad(f, argnums=(0, 1))(0.1, 0.2)
    assert value == pytest.approx(math.tanh(0.5))
    assert grads[0] == pytest.approx(3 * (1 - math.tanh(0.5) ** 2))
    assert seen["labels"] == ("weight", "bias")


def test_grad_of_a_constant_function_is_zero_and_bad_outputs_are_named():
    assert grad(lambda x: 4.0)(1.0) == 0.0
    with pytest.raises(TypeError, match="grad: f must return"):
        grad(lambda x: [x])(1.0)
    with pytest.raises(ValueError, match="argnums 3 is out of range"):
        grad(lambda x: x, argnums=3)(1.0)


def test_gradcheck_passes_for_every_unary_op():
    for name in ["exp", "tanh", "sigmoid", "sin", "cos", "relu", "abs"]:
        assert gradcheck(lambda x, n=name: getattr(autograd, n)(x * 1.3 + 0.2), 0.7)
    assert gradcheck(lambda x, y: (x / y).log() + x**y, 1.3, 0.7)


def test_gradcheck_catches_a_wrong_derivative():
    def wrong_square(x):
        node = x * x
        node.local_grads = (x.data, 0.0)  # the two edges should sum to 2x: this gives x
        return node + x * 0.0

    with pytest.raises(GradcheckError, match="input 0") as info:
        gradcheck(wrong_square, 1.5)
    assert info.value.index == 0
    assert info.value.analytical == pytest.approx(1.5)
    assert info.value.numerical == pytest.approx(3.0, rel=1e-6)


def test_gradcheck_reports_the_worst_input():
    def f(a, b):
        node = a * b
        node.local_grads = (b.data, a.data + 10.0)  # b's derivative is badly wrong
        return node

    with pytest.raises(GradcheckError) as info:
        gradcheck(f, 1.0, 2.0)
    assert info.value.index == 1


def test_numerical_grad_is_the_central_difference():
    assert autograd.numerical_grad(lambda x: x * x * x, [2.0], 0, 1e-5) == pytest.approx(12.0, rel=1e-8)


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
    except FloatingPointError as error:  # x * x at 1e200: the gradient overflows, and says so
        assert str(error).startswith("backward: the gradient of 'x' is "), str(error)
    else:
        assert isinstance(value, float) and not math.isnan(value)
        grads = grads if isinstance(grads, tuple) else (grads,)
        assert all(isinstance(g, float) and math.isfinite(g) for g in grads)  # never a silent nan or inf


def test_grad_of_odd_functions_on_odd_inputs():
    fuzzcount.run("grad(odd function)(anything)", fuzz_functional_grad, at_least=100)
