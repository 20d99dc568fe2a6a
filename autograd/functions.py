"""Every op as a function (`autograd.tanh(v)`), and the n-ary nodes `sum` and `dot`.

An n-ary node is one node with many parents: a neuron's w . x + b is one `dot` node with
2n + 1 edges instead of 2n binary nodes, which keeps graphs small and pictures readable.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from .ops import OPS
from .value import Value, _lift, _node, _op_failed


def _unary(name: str):
    method = getattr(Value, name)

    def function(x) -> Value:
        return method(_lift(x, OPS[name]))

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{name}(x) as a node. {OPS[name].rule}"
    return function


exp = _unary("exp")
log = _unary("log")
tanh = _unary("tanh")
sigmoid = _unary("sigmoid")
relu = _unary("relu")
sqrt = _unary("sqrt")
sin = _unary("sin")
cos = _unary("cos")
abs = _unary("abs")  # noqa: A001 (the op's name; builtins.abs still works on a Value)


_SUM, _DOT = OPS["sum"], OPS["dot"]


def _values(items: Iterable, op) -> tuple:
    items = tuple(items)
    if builtins.all(type(v) is Value for v in items):
        return items
    return tuple(_lift(v, op) for v in items)


def sum(values: Iterable) -> Value:  # noqa: A001 (the contract's name: autograd.sum)
    """x_1 + ... + x_n as one node with n edges. d/dx_i = 1."""
    values = _values(values, _SUM)
    try:
        out, local = _SUM.fn([v.data for v in values])
    except (ArithmeticError, ValueError) as error:  # overflow to inf, then inf - inf
        out, local = _op_failed(error, values)
    return _node(out, "sum", values, local)


def dot(ws: Iterable, xs: Iterable, bias=None) -> Value:
    """w . x (+ b) as one node. d/dw_i = x_i, d/dx_i = w_i, d/db = 1.

    Parents are ws, then xs, then the bias, in that order; numbers become constant leaves.
    """
    if type(ws) is not tuple and type(ws) is not list:
        ws = tuple(ws)
    if type(xs) is not tuple and type(xs) is not list:
        xs = tuple(xs)
    if len(ws) != len(xs):
        raise ValueError(f"dot: {len(ws)} weights but {len(xs)} inputs; they must match")
    try:  # the fast path: all Values already
        wd, xd = [w.data for w in ws], [x.data for x in xs]
    except AttributeError:
        ws, xs = _values(ws, _DOT), _values(xs, _DOT)
        wd, xd = [w.data for w in ws], [x.data for x in xs]
    if bias is None:
        out, local = _DOT.fn(wd, xd)
        return _node(out, "dot", (*ws, *xs), local)
    if type(bias) is not Value:
        bias = _lift(bias, _DOT)
    out, local = _DOT.fn(wd, xd, bias.data)
    return _node(out, "dot", (*ws, *xs, bias), local)
