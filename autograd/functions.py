"""Every op as a function (`autograd.tanh(v)`), the n-ary nodes `sum` and `dot`, and the graph's
nodes, edges and leaves, and `zero_grad` (each read off graph.topological_order).

An n-ary node is one node with many parents: a neuron's w . x + b is one `dot` node with
2n + 1 edges instead of 2n binary nodes, which keeps graphs small and pictures readable.
Your own ops (`primitive`, `check_op`, `forget`) live in primitives.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import mul

from . import mistakes, pool
from .errors import as_float, not_a_value, short
from .graph import MANY, topological_order
from .mode import MODE, NORMAL
from .ops import OPS, Op, add_up
from .value import Value, apply

_DEFAULTS: dict[str, dict] = {}  # op name -> its parameters' defaults, for ops made by `primitive`
TAGS = frozenset({"commutative", "activation", "gate", "saturates"})  # what a user's op may say of itself


def function(name: str) -> Callable:
    """The `autograd` function of the op `name`: `autograd.tanh(x)` is `x.tanh()`, numbers allowed."""
    op = OPS[name]
    if op.params and name in _DEFAULTS or op.arity > 1:

        def call(*args, **params) -> Value:
            return call_op(op, args, params)

    else:

        def call(*args, **params) -> Value:
            return apply(op, *args, params=params)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{op.reads(_names(op))} as a node. {op.rule}"
    return call


def call_op(op: Op, args: tuple, params: dict) -> Value:
    """The node `op(*args)`, where the arguments past the op's Values are its parameters, in order
    (`leaky_relu(x, 0.2)` is `leaky_relu(x, slope=0.2)`); a wrong count or name is a TypeError naming the op."""
    if len(args) > op.arity and op.params:
        for key, value in zip(op.params, args[op.arity :]):
            if key in params:
                raise TypeError(f"{op.name}() got the parameter {key!r} twice")
            params[key] = value
        if len(args) > op.arity + len(op.params):
            raise TypeError(f"{op.name}() takes {_signature(op)}, got {len(args)} positional arguments")
        args = args[: op.arity]
    if len(args) != op.arity:
        raise TypeError(f"{op.name}() takes {_signature(op)}, got {len(args)}")
    unknown = [key for key in params if key not in op.params]
    if unknown:
        raise TypeError(f"{op.name}() got an unexpected parameter {unknown[0]!r}; it takes {_signature(op)}")
    if not params:
        return apply(op, *args)
    defaults = _DEFAULTS[op.name]
    values = {key: parameter(op, key, params[key]) if key in params else defaults[key] for key in op.params}
    return apply(op, *args) if values == defaults else apply(op, *args, params=values)


def parameter(op: Op, key: str, value):
    """A constant parameter, checked: a str where the default is one ("tanh"), else a real number, as a float."""
    default = _DEFAULTS[op.name][key]
    if isinstance(default, str):
        if not isinstance(value, str):
            raise TypeError(f"{op.name}: {key} must be a str such as {default!r}, got {short(value)}")
        return value
    return as_float(value, f"{op.name}: {key}")


def defaults(op: Op) -> dict:
    """The default values of an op's constant parameters: {"slope": 0.01} for leaky_relu, {} for most ops."""
    return dict(_DEFAULTS.get(op.name, {}))


def _signature(op: Op) -> str:
    args = f"{op.arity} argument{'s' if op.arity != 1 else ''} ({', '.join(op.args)})"
    return f"{args} and the parameters {', '.join(op.params)}" if op.params else args


def _names(op: Op) -> dict:
    return {**{a: a for a in op.args}, **{p: p for p in op.params}, "args": list(op.args)}


exp = function("exp")
log = function("log")
tanh = function("tanh")
sigmoid = function("sigmoid")
relu = function("relu")
abs = function("abs")  # noqa: A001 (the op's name; builtins.abs still works on a Value)

_SUM, _DOT = OPS["sum"], OPS["dot"]
_mode = MODE.get


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
    parents = (*ws, *xs) if bias is None else (*ws, *xs, bias)
    if len(parents) > 2 and type(parents[0]) is Value and _mode() is NORMAL:
        try:
            node = _dot_node(parents, [p.data for p in parents])
        except AttributeError:  # a number among them: apply lifts it
            node = None
        if node is not None:
            return node
    return apply(_DOT, *parents)


def _dot_node(parents: tuple, data: list) -> Value | None:
    """A neuron's dot node made here, without apply's general checks: its parents (ws, xs, maybe a bias, the
    first a Value) and their data; None where apply must make it or say what is wrong (a foreign .data, a
    nan). tests/test_functions.py checks over random inputs that both make the same node."""
    try:
        out, local = _DOT.fn(data)
    except (AttributeError, TypeError, ArithmeticError, ValueError):  # a foreign .data
        return None
    return _dot_made(parents, out, local)


def _dot_made(parents: tuple, out, local: tuple) -> Value | None:
    """The dot node of these parents, value and local derivatives; None for a value that is no ordinary float."""
    if type(out) is not float or out != out:
        return None
    node = pool.take()  # the first parent is a Value, so the node is one (not a Constant)
    node.data, node.grad, node.label, node.op = out, 0.0, "", "dot"
    node._x, node._y, node._dx, node._mark = parents, MANY, local, None
    return node


def linear(xs: Iterable, weights: Iterable, biases: Iterable | None = None) -> list:
    """A linear layer's outputs, as torch.nn.functional.linear(input, weight, bias) over scalars:
    `[dot(w, xs, b) for w, b in zip(weights, biases)]`.

    `weights` holds one row per output (as torch.nn.Linear.weight), `biases` one bias per row (or None).
    Each output is exactly the node `dot` makes; the inputs' data are read once for every row, which
    is what makes a layer of neurons fast. tests/test_functions.py checks over random inputs that both
    make the same nodes (or raise the same error).
    """
    rows = weights if type(weights) is list else list(weights)
    xs = xs if type(xs) is tuple else tuple(xs)
    biases = [None] * len(rows) if biases is None else biases if type(biases) is list else list(biases)
    if len(biases) != len(rows):
        raise ValueError(f"linear: {len(rows)} rows of weights but {len(biases)} biases; give one bias per row")
    try:
        xdata = [x.data for x in xs] if _mode() is NORMAL else None  # what dot's fast path reads, once
    except AttributeError:  # a number among the inputs: dot lifts it
        xdata = None
    if xdata is None:
        return [dot(ws, xs, bias) for ws, bias in zip(rows, biases)]
    n, out = len(xs), []
    for ws, bias in zip(rows, biases):
        node = None  # dot itself where its own checks must speak (another length, a number among the weights)
        if type(ws) is tuple and len(ws) == n and n and type(ws[0]) is Value and (bias is not None or n > 1):
            try:  # ops._dot's arithmetic, on the inputs' data read once: left to right, the bias last, bit for bit
                wdata = [w.data for w in ws]
                z = add_up(map(mul, wdata, xdata), 0.0)
                if bias is None:
                    node = _dot_made((*ws, *xs), z, (*xdata, *wdata))
                else:
                    node = _dot_made((*ws, *xs, bias), z + bias.data, (*xdata, *wdata, 1.0))
            except (AttributeError, TypeError, ArithmeticError, ValueError):  # as in _dot_node, and a number's .data
                node = None
        out.append(dot(ws, xs, bias) if node is None else node)
    return out


# The graph ----------------------------------------------------------------------------------


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
        raise TypeError(f"zero_grad: expected Values or iterables of Values, got {short(items)}") from None
    for item in items:
        if not _is_node(item):
            raise not_a_value("zero_grad", item)
    return items
