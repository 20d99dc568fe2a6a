"""Reading a typed answer, and when it counts as right, as rounded too much, or as neither."""

from __future__ import annotations

import pytest

from autograd.teach.answers import AnswerError, close, read, resolution, rounded


@pytest.mark.parametrize(
    ("typed", "value"),
    [("-1.5", -1.5), ("\u22121.5", -1.5), (" - 1.5 ", -1.5), ("-3/2", -1.5), ("1e-3", 0.001), ("－１．５", -1.5),
     ("2*(1.83-2.5)", -1.34), ("+0.5", 0.5), (".5", 0.5), ("7", 7.0), ("1 000", 1000.0)],
)  # fmt: skip
def test_answers_are_read_as_students_type_them(typed, value):
    assert read(typed)[0] == pytest.approx(value)


@pytest.mark.parametrize(
    ("typed", "step"), [("-1.61", 0.01), ("2", 1.0), ("1.5e-3", 1e-4), ("0.0333", 1e-4), ("-3/2", 0.0), ("1e3", 1e3)]
)
def test_the_resolution_is_the_last_digit_typed(typed, step):
    assert read(typed)[1] == pytest.approx(step)
    assert resolution(typed) == pytest.approx(step)


@pytest.mark.parametrize("bad", ["abc", "", "   ", "x + 1", "1/0", "nan", "inf", "1,5", True, None, [1], "2**2000"])
def test_what_is_not_a_number_says_so(bad):
    with pytest.raises(AnswerError):
        read(bad)


def test_python_numbers_keep_their_digits():
    assert read(-1.61) == (-1.61, pytest.approx(0.01))
    assert read(3) == (3.0, 1.0)
    assert read(-1.6079999999999999)[1] < 1e-15


@pytest.mark.parametrize(
    ("typed", "target", "right"),
    [("-1.61", -1.608, True), ("-1.608", -1.608, True), ("-1.6", -1.608, False), ("0.229", 0.228784, True),
     ("0.0333", 0.033324, True), ("0.03333", 0.033324, True), ("1.01", 1.005, True), ("0", 0.0, True),
     ("1e-12", 0.0, True), ("0.001", 0.0, False), ("-0.80", -0.804, False), ("2.01", -2.01, False)],
)  # fmt: skip
def test_right_is_within_a_thousandth_or_three_correct_figures(typed, target, right):
    assert close(*read(typed), target) is right


@pytest.mark.parametrize(
    ("typed", "target", "kind"),
    [("-1.6", -1.608, True), ("2", 1.608, True), ("1", 0.6, False), ("0", 0.3, False), ("-2", 1.608, False),
     ("0.0335", 0.033324, True), ("0.04", 0.033324, False), ("-1.61", -1.608, False)],
)  # fmt: skip
def test_rounded_too_much_is_near_with_the_right_sign_and_at_least_one_figure(typed, target, kind):
    assert rounded(*read(typed), target) is kind
