"""autograd/errors.py: the number checks and the messages every op and backward raise."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, ieee_mode
from autograd.errors import as_float, domain, fail, labels, op_failed, seed, short, shown, written
from tests import fuzzcount


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


# Numbers beyond the largest float: "too large for a float (it overflows)", whatever their type, never
# "not a real number"; and everything a float holds comes through as float() rounds it.

BIG = 2**1024  # the least magnitude that rounds past the largest float is a little below this


def test_huge_numbers_of_every_kind_are_said_to_overflow():
    @settings(max_examples=300, deadline=None)
    @given(st.integers(-(10**600), 10**600), st.integers(1, 10**300), st.sampled_from(["Fraction", "Decimal", "int"]))
    def fuzz(numerator, denominator, kind):
        fuzzcount.count("as_float: huge and ordinary rationals")
        x = {"Fraction": Fraction(numerator, denominator), "int": numerator}.get(kind)
        if kind == "Decimal":
            x = Decimal(numerator).scaleb(-len(str(denominator)))
        if abs(x) >= BIG:
            with pytest.raises(ValueError, match=r"^op: the \w+ .* is too large for a float \(it overflows"):
                as_float(x, "op")
        elif abs(x) < 2**1023:
            assert as_float(x, "op") == float(x)

    fuzzcount.run("as_float: huge and ordinary rationals", fuzz, at_least=250)


def test_the_named_cases_overflow_and_infinities_stay_infinities():
    for x in (Fraction(10**400, 3), -Fraction(10**400, 3), Decimal("1e400"), Decimal("-1e400"), 10**400):
        with pytest.raises(ValueError, match="too large for a float .it overflows: a float holds at most 1.798e.308"):
            Value(x)
    assert Value(Decimal("Infinity")).data == math.inf and Value(-math.inf).data == -math.inf
    numpy = pytest.importorskip("numpy")
    with pytest.raises(ValueError, match="the longdouble .* is too large for a float"):
        as_float(numpy.longdouble("1e400"), "op")  # where long double is wider than a float


# Labels are free text that code may reassign: the tools that write them ask errors.labels, which
# refuses anything but text in one line naming the node, and reads a str subclass as its str.


class Name(str):
    """A str subclass, such as a library's own string type."""


NOT_TEXT = [3, 2.5, None, b"x", ["x"], {"x": 1}, object(), Value(1.0), True]


@pytest.mark.parametrize("bad", NOT_TEXT, ids=[type(b).__name__ for b in NOT_TEXT])
def test_labels_refuse_what_is_not_text_naming_the_tool_and_the_node(bad):
    x = Value(2.0, "x")
    y = x * 3.0
    y.label = bad
    with pytest.raises(TypeError, match=r"^draw: a label must be a str, got .* on the '\*' node with data 6.0") as info:
        labels([x, y], "draw")
    assert "\n" not in str(info.value)
    x.label = bad
    with pytest.raises(TypeError, match="on a leaf with data 2.0"):
        labels([x], "draw")


def test_labels_read_a_str_subclass_as_its_str():
    nodes = [Value(1.0), Value(2.0, "x"), Value(3.0)]
    nodes[0].label = Name("w")  # reassigned: Value(label=...) itself takes only a str
    found = labels(nodes, "explain")
    assert found == ("w", "x", "") and all(type(label) is str for label in found)


# Errors in the student's names ---------------------------------------------------------------


def test_division_by_zero_names_the_divisor_as_the_student_wrote_it():
    y, x = Value(5.0, "y"), Value(0.0, "x")
    with pytest.raises(ZeroDivisionError) as info:
        y / x
    assert str(info.value) == "division by zero: in y / x the divisor x is 0.0 (y = 5.0)"  # not "x / y with x = 5"
    a, b = Value(1.0, "a"), Value(1.0, "b")
    with pytest.raises(ZeroDivisionError, match=r"in y / \(a - b\) the divisor a - b is 0.0"):
        y / (a - b)


def test_an_overflow_names_the_sub_expression():
    x = Value(500.0, "x")
    with pytest.raises(OverflowError) as info:
        (2 * x).exp()
    assert (
        str(info.value) == "exp: result overflows a float for 2 * x = 1000.0 (exp needs 2 * x < 709.78), in exp(2 * x)"
    )


def test_a_domain_error_is_retold_in_the_operands_names():
    x = Value(1.0, "x")
    with pytest.raises(ValueError) as info:
        (x - 1).log()
    assert str(info.value) == "log: math domain error, log(x - 1) needs x - 1 > 0, got x - 1 = 0.0"


def test_a_number_operand_keeps_the_ops_words_and_shows_its_value():
    with pytest.raises(OverflowError) as info:
        Value(2.0, "x") * Value(2.0) ** 9999
    assert str(info.value) == "pow: result overflows a float for 2.0, exponent 9999.0, in 2^9999"  # not "x = 2.0"
    with pytest.raises(ValueError, match=r"d/dy x\^y = x\^y \* ln\(x\)"):  # the rule's own letters stay
        Value(-2.0) ** Value(2.0)


def test_written_shows_labels_numbers_and_short_sub_expressions():
    x, w = Value(2.0, "x"), Value(3.0, "w")
    assert written(x * w + 1) == "x * w + 1"
    assert written((x * w).tanh()) == "tanh(x * w)"
    long = x
    for _ in range(20):
        long = long + x
    assert written(long) == "... + x + x + x"
