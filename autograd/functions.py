"""Every op as a function (`autograd.tanh(v)`), the n-ary nodes `sum` and `dot`, `primitive`, and the
graph's nodes, edges and leaves, and `zero_grad` (each read off graph.topological_order).

An n-ary node is one node with many parents: a neuron's w . x + b is one `dot` node with
2n + 1 edges instead of 2n binary nodes, which keeps graphs small and pictures readable.
`primitive` turns a float function into an op of the table, exactly as the built-in ones are.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterable

from . import errors, mistakes
from .graph import topological_order
from .ops import OPS, Op, register, unregister
from .value import Value, apply, method


def function(name: str) -> Callable:
    """The `autograd` function of the op `name`: `autograd.tanh(x)` is `x.tanh()`, numbers allowed."""
    op = OPS[name]

    def call(*args, **params) -> Value:
        return apply(op, *args, params=params)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{op.reads(dict(zip(op.args, op.args)))} as a node. {op.rule}"
    return call


exp = function("exp")
log = function("log")
tanh = function("tanh")
sigmoid = function("sigmoid")
relu = function("relu")
abs = function("abs")  # noqa: A001 (the op's name; builtins.abs still works on a Value)

_SUM, _DOT = OPS["sum"], OPS["dot"]


def sum(values: Iterable) -> Value:  # noqa: A001 (the contract's name: autograd.sum)
    """x_1 + ... + x_n as one node with n edges. d/dx_i = 1."""
    return apply(_SUM, *values)


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
    return apply(_DOT, *ws, *xs) if bias is None else apply(_DOT, *ws, *xs, bias)


def primitive(name: str | None = None, *, rule: str = "", form: str = "", local: tuple = (), domain=None,
              avoid: tuple = (), constants: tuple = (), tags: Iterable = (), symbol: str = "") -> Callable:  # fmt: skip
    """Register a float function `f(x, ..., p=default) -> (output, local derivatives)` as a new op.

    Its positional arguments without defaults become the node's parents; arguments with defaults
    are constant parameters. The op joins `autograd.OPS` and gets a Value method and an `autograd`
    function of its name, so traces, explanations, pictures and `compile` know it as a built-in.
    """

    def define(fn: Callable) -> Callable:
        op_name = name or fn.__name__
        signature = inspect.signature(fn).parameters.values()
        args = tuple(p.name for p in signature if p.default is inspect.Parameter.empty)
        params = tuple(p.name for p in signature if p.default is not inspect.Parameter.empty)
        op = register(Op(op_name, fn, form or f"{op_name}({', '.join('{' + a + '}' for a in args)})",
                         local or tuple(f"d/d{{{a}}} {op_name}" for a in args), args, params, symbol=symbol,
                         rule=rule, domain=domain or ((-3.0, 3.0),) * len(args), avoid=avoid,
                         constants=constants, tags=frozenset(tags)))  # fmt: skip
        setattr(Value, op.method, method(op.name))
        made = function(op.name)
        package = sys.modules.get(__package__)
        if package is not None:
            setattr(package, op.name, made)
        return made

    return define


def forget(name: str) -> None:
    """Undo `primitive` for a user's op: it leaves the table, its Value method and `autograd` function go."""
    op = OPS.get(name)
    if op is None or op.fn.__module__.split(".")[0] == __package__:
        raise ValueError(f"forget: {name!r} is not an op defined with autograd.primitive")
    unregister(name)
    if op.method in vars(Value):
        delattr(Value, op.method)
    package = sys.modules.get(__package__)
    if package is not None and getattr(package, op.name, None) is not None:
        delattr(package, op.name)


def nodes(root) -> list:
    """Every node behind `root`, leaves first (the same list as `topological_order`)."""
    return topological_order(root)


def edges(root) -> list:
    """Every edge as `(parent, child, i)`, where `parent is child.parents[i]`, in topological order."""
    return [(parent, child, i) for child in topological_order(root) for i, parent in enumerate(child.parents)]


def leaves(root) -> list:
    """The nodes behind `root` that no op made: inputs, parameters and constants."""
    return [node for node in topological_order(root) if not node.parents]


def zero_grad(*values_or_roots) -> None:
    """Set `.grad` to 0 for every node behind each argument (a Value, or an iterable of Values)."""
    for item in values_or_roots:
        for value in [item] if _is_node(item) else _nodes_in(item):
            for node in topological_order(value):
                node.grad = 0.0
    mistakes.zeroed()  # so a second backward() of a root behind these is a fresh gradient, not a mistake


def _is_node(x) -> bool:
    return isinstance(x, Value)


def _nodes_in(items) -> list:
    try:
        items = list(items)
    except TypeError:
        raise TypeError(f"zero_grad: expected Values or iterables of Values, got {errors.short(items)}") from None
    for item in items:
        if not _is_node(item):
            raise errors.not_a_value("zero_grad", item)
    return items
