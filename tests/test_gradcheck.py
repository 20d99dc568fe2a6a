"""autograd/gradcheck.py: central differences against backward, and the worst input on a mismatch."""

from __future__ import annotations

import pytest

import autograd
from autograd import GradcheckError, Value, gradcheck, numerical_grad, primitive
from autograd.primitives import forget


def test_the_central_difference_of_a_cube():
    assert numerical_grad(lambda w: w**3, [2.0], 0, 1e-6) == pytest.approx(12.0, rel=1e-8)
    assert numerical_grad(lambda x, y: x * y, [2.0, 5.0], 1, 1e-6) == pytest.approx(2.0, rel=1e-8)


def test_gradcheck_passes_for_correct_ops_and_needs_a_value_back():
    assert gradcheck(lambda x, y: (x * y + x.exp()).tanh(), 0.3, -0.7) is True
    with pytest.raises(TypeError, match="gradcheck: f must return a Value"):
        gradcheck(lambda x: 3.0, 1.0)


def test_gradcheck_names_the_worst_input_of_a_wrong_derivative():
    def square_wrongly(x):
        return x * x, (3.0 * x,)  # d/dx x^2 is 2x: 3x is the mistake gradcheck must find

    # check=False: primitive would refuse this derivative when defined; here it is wrong on purpose.
    wrong = primitive(name="gradcheck_wrong_square", rule="d/dx x^2 = 3x (wrong)", check=False)(square_wrongly)
    try:
        with pytest.raises(GradcheckError) as caught:
            gradcheck(lambda a, b: wrong(a) + b, 2.0, 1.0)
    finally:
        forget("gradcheck_wrong_square")
    assert "gradcheck_wrong_square" not in autograd.OPS and not hasattr(autograd.Value, "gradcheck_wrong_square")
    error = caught.value
    assert error.index == 0 and error.analytical == pytest.approx(6.0) and error.numerical == pytest.approx(4.0)
    assert "input 0 (= 2.0)" in str(error)


def test_gradcheck_checks_through_a_graph_of_many_ops():
    def f(a, b, c):
        return (a * b - c).sigmoid() * (a / (1.0 + c * c)) + (b**2).log()

    assert gradcheck(f, 0.5, -1.5, 2.0)
    assert isinstance(Value(1.0), Value)
