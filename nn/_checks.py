"""Argument checks shared by the nn modules: each failure names the function and the bad value."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet

from autograd.errors import short

from .messages import text


def is_real(x) -> bool:
    """True for int/float (numpy scalars too), False for bool, complex, str and None."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and type(x).__name__ != "bool_"


def real(x, who: str, what: str) -> float:
    """`x` as a finite float, or a TypeError/ValueError naming `who` and `what`."""
    if not is_real(x):
        raise TypeError(text("not_real", who=who, what=what, got=short(x)))
    value = float(x)
    if not math.isfinite(value):
        raise ValueError(text("not_finite", who=who, what=what, value=value))
    return value


def at_least(x, low: float, who: str, what: str) -> float:
    """A finite float >= low: `SGD: lr must be >= 0, got -1`."""
    value = real(x, who, what)
    if value < low:
        raise ValueError(text("at_least", who=who, what=what, low=low, x=x))
    return value


def in_range(x, low: float, high: float, who: str, what: str) -> float:
    """A finite float with low <= x < high."""
    value = real(x, who, what)
    if not low <= value < high:
        raise ValueError(text("in_range", who=who, what=what, low=low, high=high, x=x))
    return value


def positive_int(x, who: str, what: str) -> int:
    """An int >= 1 (bool refused): layer sizes, epochs, batch sizes."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(text("not_int", who=who, what=what, got=short(x)))
    if x < 1:
        raise ValueError(text("int_at_least_1", who=who, what=what, x=x))
    return int(x)


def sequence(x, who: str, what: str) -> list:
    """`x` as a list, or a TypeError when it is not a list-like (a str is not)."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__") or not hasattr(x, "__iter__"):
        raise TypeError(text("not_list", who=who, what=what, got=short(x)))
    return list(x)


def unordered(x) -> str | None:
    """Why `x` cannot be read as a sample (an ordered row of numbers), or None when it can.

    A list, a tuple, a numpy row or any sequence with a length and indexing can; a dict would be read
    by its keys, a set has no order, a generator is used up by the first reading.
    """
    if type(x) is list or type(x) is tuple:
        return None
    if isinstance(x, (str, bytes, bytearray)):
        return text("why_text")
    if isinstance(x, Mapping):
        return text("why_dict")
    if isinstance(x, AbstractSet):
        return text("why_set")
    if isinstance(x, Iterator):
        return text("why_iterator")
    if not hasattr(x, "__len__") or not hasattr(x, "__getitem__"):
        return text("why_no_length")
    return None
