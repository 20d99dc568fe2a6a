"""The message catalogues: every message in English and Chinese with the same fields, the real errors
in Chinese when asked, and the English exactly as before (the other test files spell it)."""

from __future__ import annotations

import math
import string
import warnings

import pytest

from autograd import Value, detect_anomaly, log, sqrt
from autograd.language import using
from autograd.messages import CATALOGS, text
from autograd.mistakes import WARNINGS

ALL = {**{f"{name}:{key}": pair for name, catalog in CATALOGS.items() for key, pair in catalog.items()},
       **{f"warnings:{key}": pair for key, pair in WARNINGS.items()}}  # fmt: skip


def fields(template: str) -> list:
    """The {fields} of a template, with their format specs ("{x!r}", "{most:.4g}"), sorted."""
    return sorted((name, conversion or "", spec or "") for _, name, spec, conversion in
                  string.Formatter().parse(template) if name is not None)  # fmt: skip


@pytest.mark.parametrize("key", sorted(ALL))
def test_each_message_has_both_languages_with_the_same_fields(key):
    english, chinese = ALL[key]
    assert english.strip() and chinese.strip()
    plural = [f for f in fields(english) if f[0] == "s"]  # "argument{s}": Chinese has no plural ending
    assert [f for f in fields(english) if f[0] != "s"] == fields(chinese) or fields(english) == fields(chinese)
    assert plural == [] or "{s}" not in chinese
    words = "".join(literal for literal, *_ in string.Formatter().parse(english))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese) or not any(ch.isalpha() for ch in words), (
        "a message with English words has Chinese ones"
    )


def test_an_unknown_message_is_a_key_error_not_a_blank():
    with pytest.raises(KeyError):
        text("no such message")


def test_domain_error_in_chinese_keeps_the_students_names():
    p = Value(0.0, "p")
    with using("zh"), pytest.raises(ValueError) as error:
        log(p)
    assert str(error.value) == "log：数学定义域错误，log(p) 要求 p > 0，而 p = 0.0"
    with pytest.raises(ValueError) as english:
        log(p)
    assert str(english.value) == "log: math domain error, log(p) needs p > 0, got p = 0.0"


def test_division_by_zero_in_chinese_names_the_divisor():
    x, y = Value(1.5, "x"), Value(0.0, "y")
    with using("zh"), pytest.raises(ZeroDivisionError) as error:
        x / y
    assert str(error.value) == "除以零：在 x / y 中，除数 y 等于 0.0（x = 1.5）"


def test_a_bad_number_in_chinese():
    with using("zh"), pytest.raises(TypeError) as error:
        Value("2.0")
    assert str(error.value) == "Value：需要一个实数，得到的却是 '2.0' (str)"


def test_a_nan_gradient_in_chinese_says_where_to_look():
    x = Value(0.0, "x")
    with detect_anomaly(), using("zh"), pytest.raises(FloatingPointError) as error:
        sqrt(x).backward()
    message = str(error.value)
    assert message.startswith("detect_anomaly：反向传播经过 sqrt 节点") and "局部导数 inf" in message


def test_the_forgotten_zero_grad_warning_in_chinese():
    w = Value(2.0, "w")
    loss = w * w
    loss.backward()
    with using("zh"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loss.backward()
    assert len(caught) == 1 and str(caught[0].message).startswith("在同一个计算图上再次调用了 backward()")
    assert math.isclose(w.grad, 8.0)  # counted twice, as the warning says


def test_the_expression_parsers_errors_in_chinese():
    from autograd.parser import ExpressionError, evaluate, parse_assignments

    with using("zh"):
        with pytest.raises(ExpressionError) as slip:
            evaluate("2x + 1", {"x": 1.0})
        assert str(slip.value) == "第 1 列：请写成 2*x：Python 要求数和名字之间有 *"
        with pytest.raises(ExpressionError) as missing:
            evaluate("w * x", {"w": 1.0})
        assert str(missing.value) == "没有给出 x 的值（请用 --at 给出，例如 x=1.5）"
        with pytest.raises(ExpressionError) as forbidden:
            evaluate("[x]", {"x": 1.0})
        assert str(forbidden.value).startswith("第 1 列：不允许使用列表；只能用数、变量名、+ - * / ** 以及 ")
        with pytest.raises(ExpressionError) as comma:
            parse_assignments(["x=1,5"])
        assert str(comma.value) == "小数点请用句点，不要用逗号：x=1.5"
    with pytest.raises(ExpressionError) as english:
        evaluate("2x + 1", {"x": 1.0})
    assert str(english.value) == "column 1: write 2*x: Python needs * between a number and a name"
