"""Functional style: `grad(f)(2.0, 3.0)` returns floats, as in JAX."""

from __future__ import annotations

import functools
import inspect

from .errors import short
from .value import Value


def value_and_grad(f, argnums=0):
    """`f(*args)` and its gradient with respect to the arguments `argnums` (an int or a tuple)."""
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    names = _parameter_names(f)

    @functools.wraps(f)
    def wrapper(*args):
        args = list(args)
        for i in positions:
            if not -len(args) <= i < len(args):
                raise ValueError(f"grad: argnums {i} is out of range for {len(args)} arguments")
            args[i] = Value(args[i], names[i] if i < len(names) else f"arg{i}")
        out = f(*args)
        if not isinstance(out, Value):
            if isinstance(out, (int, float)) and not isinstance(out, bool):
                return float(out), _shape(tuple(0.0 for _ in positions), argnums)
            raise TypeError(f"grad: f must return a scalar Value or number, got {short(out)}")
        out.backward()
        return out.data, _shape(tuple(args[i].grad for i in positions), argnums)

    return wrapper


def grad(f, argnums=0):
    """d f / d args[argnums] as floats: `grad(lambda x, y: x * y)(2.0, 3.0) == 3.0`."""
    both = value_and_grad(f, argnums)

    @functools.wraps(f)
    def wrapper(*args):
        return both(*args)[1]

    return wrapper


def _shape(grads: tuple, argnums):
    return grads[0] if isinstance(argnums, int) else grads


def _parameter_names(f) -> list:
    try:
        return [p.name for p in inspect.signature(f).parameters.values()]
    except (TypeError, ValueError):
        return []
