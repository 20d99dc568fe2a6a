"""A student's answer as a number, read the way people type it, and when two numbers count as equal.

Accepted: `-1.5`, `−1.5` (Unicode minus), full-width digits, spaces, `-3/2`, `1e-3`, and small
arithmetic (`2*(1.83-2.5)`, read by the safe expression parser, never `eval`). Each answer keeps
the precision it was typed with, so `-1.61` for -1.608 counts as right (three significant figures).
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..errors import shown
from ..parser import ExpressionError, evaluate

RTOL = 1e-3  # right within 0.1 %: a student who rounds intermediate results to 4 digits still passes
ATOL = 1e-9  # and an exact 0 is right for a gradient of 0
FIGURES = 3  # an answer correctly rounded to at least this many significant figures is right
CLOSE = 0.02  # within 2 % but not right: rounded too much (also when correctly rounded to 1 or 2 figures)

_MINUS = dict.fromkeys(map(ord, "\u2212\u2012\u2013\u2014\ufe63\uff0d"), "-")
_LITERAL = re.compile(r"[+-]?(?P<int>\d*)(?:\.(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d+))?\Z")


class AnswerError(ValueError):
    """An answer that is not a number; the message says what was typed and how to write one."""


def read(answer) -> tuple[float, float]:
    """`(value, resolution)`: the number and the size of its last typed digit (0 when exact, as 3/2)."""
    if isinstance(answer, bool) or answer is None:
        raise AnswerError(f"{shown(answer)} is not a number")
    if isinstance(answer, numbers.Real) and not isinstance(answer, str):
        value = float(answer)
        text = repr(value) if type(answer) is float else str(answer)  # str: numpy's float64('1.61') is '1.61'
    elif isinstance(answer, str):
        text = _clean(answer)
        value = _number(text, answer)
    else:
        raise AnswerError(f"{shown(answer)} is not a number")
    if value - value != 0.0:
        raise AnswerError(f"{shown(answer)} is not a finite number")
    return value, resolution(text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_MINUS)
    return "".join(text.split()).replace("×", "*").replace("·", "*")


def _number(text: str, typed: str) -> float:
    if not text:
        raise AnswerError("the answer is empty")
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        raise AnswerError(f"{typed.strip()!r}: write the decimal point as '.', e.g. {text.replace(',', '.')}")
    try:
        return float(text) if _LITERAL.match(text) else _arithmetic(text)
    except (ValueError, ArithmeticError, ExpressionError):
        raise AnswerError(f"{typed.strip()!r} is not a number (write e.g. -1.5, -3/2 or 1e-3)") from None


def _arithmetic(text: str) -> float:
    root, leaves = evaluate(text, {})  # names are refused (no value given), so only numbers and ops
    if leaves:
        raise ValueError(text)
    return root.data


def resolution(text: str) -> float:
    """The place value of the last digit typed: '-1.61' -> 0.01, '2' -> 1, '1.5e-3' -> 1e-4; 0 if not a literal."""
    match = _LITERAL.match(text)
    if not match or not (match["int"] or match["frac"]):
        return 0.0
    if "e" not in text.lower() and "." not in text and len(text.lstrip("+-")) > 15:
        return 0.0  # a long integer: exact
    return 10.0 ** (int(match["exp"] or 0) - len(match["frac"] or ""))


def close(value: float, step: float, target: float) -> bool:
    """Does `value` (typed to resolution `step`) count as `target`? Within RTOL, or correctly rounded to
    at least FIGURES significant figures."""
    gap = abs(value - target)
    if gap <= RTOL * abs(target) + ATOL:
        return True
    return 0.0 < step <= abs(target) * 10.0 ** (1 - FIGURES) and gap <= step / 2 * (1 + 1e-9)


def rounded(value: float, step: float, target: float) -> bool:
    """Near `target` but not `close`: correctly rounded to 1 or 2 figures, or within CLOSE (rounding along
    the way). An answer of 0, of the other sign, or with no figure of the target (1 for 0.6) is not."""
    if value == 0.0 or close(value, step, target) or math.copysign(1.0, value) != math.copysign(1.0, target):
        return False
    return abs(value - target) <= CLOSE * abs(target) or 0.0 < step <= abs(target) and rounds_to(value, step, target)


def rounds_to(value: float, step: float, target: float) -> bool:
    """Is `value` the target (as it prints) rounded to the place of `step`? Halves go either way a student
    or a calculator takes them: up (-1.5 to -2) or to even (2.5 to 2); never down to the other side (-1.5 to -1)."""
    place = Decimal(1).scaleb(round(math.log10(step)))
    exact = Decimal(repr(target))
    return any(float(exact.quantize(place, rounding=way)) == value for way in (ROUND_HALF_UP, ROUND_HALF_EVEN))
