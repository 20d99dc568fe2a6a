"""grad, value_and_grad and gradcheck."""

from __future__ import annotations

import math

import pytest

import autograd
from autograd import GradcheckError, grad, gradcheck, value_and_grad


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
