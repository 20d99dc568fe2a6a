"""autograd/errors.py: the number checks and the messages every op and backward raise."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from autograd import Value, ieee_mode
from autograd.errors import as_float, domain, fail, op_failed, seed, short, shown


def test_as_float_takes_real_numbers_and_names_the_op_and_the_bad_value():
    assert as_float(2, "op") == 2.0 and type(as_float(2, "op")) is float
    assert as_float(Fraction(1, 4), "op") == 0.25
    for bad, kind in [("2", TypeError), (True, TypeError), (None, TypeError), (1j, TypeError), (math.nan, ValueError)]:
        with pytest.raises(kind, match=r"^op: "):
            as_float(bad, "op")
    with pytest.raises(ValueError, match="too large for a float"):
        as_float(10**400, "op")
    with ieee_mode():
        assert math.isnan(as_float(math.nan, "op"))


def test_shown_cuts_long_reprs_and_short_adds_the_type():
    assert shown("a") == "'a'" and short("a") == "'a' (str)"
    long = shown(list(range(1000)))
    assert len(long) <= 60 and "..." in long


def test_a_domain_error_reads_like_pythons_math_and_carries_the_ieee_result():
    error = domain("log", "x > 0", 0.0, (-math.inf, (math.inf,)))
    assert str(error) == "log: math domain error, log(x) needs x > 0, got x = 0.0"
    assert error.ieee == (-math.inf, (math.inf,))
    assert isinstance(fail(ZeroDivisionError, "m", (1.0, ())), ZeroDivisionError)


def test_op_failed_names_labelled_operands_or_gives_the_ieee_result():
    error = fail(ValueError, "sqrt: bad", (math.nan, (math.nan,)))
    with pytest.raises(ValueError, match=r"sqrt: bad \(operand 'x'\)"):
        op_failed(error, (Value(-1.0, "x"),))
    with ieee_mode():
        assert op_failed(error, (Value(-1.0, "x"),)) == (error.ieee)


def test_the_seed_of_backward_is_a_finite_number():
    assert seed(2) == 2.0
    with pytest.raises(ValueError, match="seed gradient must be finite"):
        seed(math.inf)
    with pytest.raises(TypeError, match="backward"):
        seed("1")
    with ieee_mode():
        assert seed(math.inf) == math.inf
