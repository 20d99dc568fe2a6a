"""The table of primitives: floats in, ``(output, local derivatives)`` out, each with its rule as text.

Every op is one block: its function, then `register(Op(...))` with how a node reads ("{x} * {y}"),
each local derivative over the operands' names, and where the tests sample it. Value methods, the
gradient tests, the teaching tools, pictures and `compile` all read this table. The first-reading
ops live here; the rest of the catalogue is registered the same way in `more_ops.py`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import add, mul

from . import messages
from .errors import domain, fail

INF, NAN = math.inf, math.nan
R, POS = (-3.0, 3.0), (0.2, 4.0)  # test domains: any sign, and positive only


@dataclass(frozen=True, slots=True)
class Op:
    """One primitive: its forward and local derivatives, and how to teach and test it."""

    name: str  # key in OPS: "tanh", "truediv"
    fn: Callable  # floats (and the constant parameters) in -> (output, d output / d argument_i)
    form: str | Callable  # how a node reads over its arguments' names: "{x} * {y}", "tanh({x})"
    local: tuple | Callable  # per argument, d out / d arg over {x} {y} {out} and the parameters
    args: tuple = ("x",)  # the arguments' names in `form` and `local`; () for n-ary ops (sum, dot)
    params: tuple = ()  # names of constant parameters, not nodes: the k of x ** k
    symbol: str = ""  # what a node's `.op` holds: "/", "tanh" (default: the name)
    method: str = ""  # the Value method (or autograd function, for n-ary ops) that builds it
    rule: str = ""  # the derivative rule as a reader writes it (default: made from form and local)
    domain: tuple = (R,)  # where the tests sample each argument
    avoid: tuple = ()  # kinks the tests keep away from
    constants: tuple = ()  # sample values of the parameters (one number for one parameter)
    tags: frozenset = field(default_factory=frozenset)  # "commutative", "activation", "gate", "saturates"
    factor: Callable | None = None  # (i, n) -> index of the parent that edge i's local derivative is
    nary: bool = field(init=False, default=False)  # no fixed arguments: fn takes the list of floats

    def __post_init__(self):
        object.__setattr__(self, "nary", not self.args)
        defaults = {"symbol": self.name, "method": self.name, "rule": self.written(dict(zip(self.args, self.args)))}
        for key, value in defaults.items():
            if not getattr(self, key):
                object.__setattr__(self, key, value)

    @property
    def arity(self) -> int:
        """How many Value arguments; 0 for an n-ary op."""
        return len(self.args)

    def reads(self, names: dict) -> str:
        """A node written with its operands' names: `reads({"x": "w", "y": "x"})` is "w * x"."""
        return self.form(names) if callable(self.form) else self.form.format(**names)

    def local_text(self, i: int, names: dict) -> str:
        """d out / d argument i, written with `names` (the arguments', "out", the parameters')."""
        if callable(self.local):
            return self.local(i, names)
        return self.local[min(i, len(self.local) - 1)].format(**names)

    def written(self, names: dict) -> str:
        """The rule with these names: "d/dx (x * y) = y, d/dy (x * y) = x"."""
        if not self.args:
            return ""
        names = {**names, **{p: p for p in self.params if p not in names}}
        out = self.reads(names)
        whole = f"({out})" if " " in out or out.startswith("-") else out
        return ", ".join(
            f"d/d{names[a]} {whole} = {self.local_text(i, {**names, 'out': out})}" for i, a in enumerate(self.args)
        )


OPS: dict[str, Op] = {}
_SYMBOLS: dict[str, tuple[Op, dict]] = {}  # node.op -> (op, parameters); "**2" -> (pow_const, {"k": 2.0})
_MADE: dict[tuple, str] = {}  # (op name, parameters) -> its symbol, so x ** 2 in a loop formats "**2" once


def register(op: Op, defaults: dict | None = None) -> Op:
    """Add `op` to the table; a name or symbol already taken is a ValueError. With `defaults` (the values of
    its parameters when none are given), a node made with them reads as the bare symbol: "gelu", not "gelu(none)"."""
    bare = not op.params or defaults is not None
    if op.name in OPS or (bare and op.symbol in _SYMBOLS):
        raise ValueError(f"register: an op named {op.name!r} (symbol {op.symbol!r}) already exists")
    OPS[op.name] = op
    if bare:  # a node made with other parameters gets its own symbol: "**2", "leaky_relu(0.2)"
        _SYMBOLS[op.symbol] = (op, dict(defaults or {}))
        _MADE[(op.name, *(defaults or {}).items())] = op.symbol
    return op


def symbol(op: Op, params: dict) -> str:
    """The `.op` of a node made with constant parameters: "**2", "**0.5", "leaky_relu(0.2)"."""
    key = (op.name, *params.items())
    text = _MADE.get(key)
    if text is None:
        values = [_number(params[p]) for p in op.params]
        text = op.symbol + "".join(values) if not op.symbol.isidentifier() else f"{op.symbol}({', '.join(values)})"
        _SYMBOLS.setdefault(text, (op, dict(params)))
        _MADE[key] = text
    return text


def lookup(symbol: str) -> tuple[Op, dict]:
    """The table entry behind a node's `.op`, and the parameters it was made with."""
    if symbol not in _SYMBOLS:
        raise KeyError(f"no op {symbol!r} in the op table")
    return _SYMBOLS[symbol]


def _number(k) -> str:
    if not isinstance(k, float):
        return str(k)
    return f"{int(k)}" if k.is_integer() and abs(k) < 1e15 else repr(k)


# Arithmetic ----------------------------------------------------------------------------------


def _add(x, y):
    return x + y, (1.0, 1.0)


register(Op("add", _add, "{x} + {y}", ("1", "1"), ("x", "y"), symbol="+", method="__add__", domain=(R, R),
            tags=frozenset({"commutative"})))  # fmt: skip


def _sub(x, y):
    return x - y, (1.0, -1.0)


register(Op("sub", _sub, "{x} - {y}", ("1", "-1"), ("x", "y"), symbol="-", method="__sub__", domain=(R, R)))


def _mul(x, y):
    return x * y, (y, x)


register(Op("mul", _mul, "{x} * {y}", ("{y}", "{x}"), ("x", "y"), symbol="*", method="__mul__", domain=(R, R),
            tags=frozenset({"commutative", "product"}), factor=lambda i, n: 1 - i))  # fmt: skip


def _truediv(x, y):
    if y == 0.0:
        out = NAN if x == 0.0 or x != x else math.copysign(INF, x) * math.copysign(1.0, y)
        raise fail(ZeroDivisionError, messages.text("division", x=x, y=y), (out, (INF, NAN)))
    out = x / y
    return out, (1.0 / y, -out / y)  # -out / y, not -x / y**2: y**2 underflows for tiny y


register(Op("truediv", _truediv, "{x} / {y}", ("1 / {y}", "-{x} / {y}^2"), ("x", "y"), symbol="/",
            method="__truediv__", domain=(R, POS)))  # fmt: skip


def _neg(x):
    return -x, (-1.0,)


register(Op("neg", _neg, "-{x}", ("-1",), symbol="neg", method="__neg__"))


def _abs(x):
    return abs(x), (1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0),)


register(Op("abs", _abs, "abs({x})", ("sign({x})",), rule="d/dx |x| = sign(x)", avoid=(0.0,)))

# Powers --------------------------------------------------------------------------------------


def power(x, k, op, out=None):
    """x ** k as floats, or an OverflowError naming `op`. Given `out` = x ** (k + 1), for the x ** k of a
    derivative: beyond the largest float (x subnormal) it is out / x, inf with its sign, as in PyTorch."""
    try:
        return x**k
    except OverflowError:
        if out is not None:
            return out / x
        raise fail(OverflowError, messages.text("overflow_power", op=op, x=x, k=k), (INF, (INF, INF))) from None


def _finite_exponent(k):
    if k - k != 0.0:
        raise fail(ValueError, messages.text("exponent", k=k), (NAN, (NAN, NAN)))


def _pow(x, y):
    """x ** y with a Value exponent: both edges get a derivative, so the base must be > 0 (or 0)."""
    _finite_exponent(y)
    if x > 0.0:
        out = power(x, y, "pow")
        # When x**y is 0 (inf ** -y, or underflow) it is flat in y: say 0, not 0 * ln(inf) = nan.
        return out, (y * power(x, y - 1.0, "pow", out), out * math.log(x) if out else 0.0)
    if x == 0.0:
        if y < 0.0:
            raise fail(ZeroDivisionError, messages.text("zero_power", name="y", k=y), (INF, (NAN, NAN)))
        if y == 0.0:
            return 1.0, (0.0, 0.0)
        return 0.0, (1.0 if y == 1.0 else (0.0 if y > 1.0 else INF), 0.0)
    raise fail(ValueError, messages.text("negative_base", x=x), (NAN, (NAN, NAN)))


register(Op("pow", _pow, "{x}^{y}", ("{y} * {x}^({y} - 1)", "{x}^{y} * ln({x})"), ("x", "y"), symbol="**",
            method="__pow__", domain=(POS, (-2.0, 2.0))))  # fmt: skip


def _pow_const(x, k):
    """x ** k with a constant exponent k: one edge, to x (k is a parameter, kept in the node's `.op`)."""
    _finite_exponent(k)
    if x == 0.0 and k < 0.0:
        raise fail(ZeroDivisionError, messages.text("zero_power", name="k", k=k), (INF, (NAN,)))
    if x < 0.0 and not k.is_integer():
        raise fail(ValueError, messages.text("negative_fraction", x=x, k=k), (NAN, (NAN,)))
    out = power(x, k, "pow")
    if k == 0.0:
        return out, (0.0,)
    if x == 0.0 and k < 1.0:
        return out, (INF,)  # the slope of x**0.5 at 0 is infinite, as in PyTorch
    return out, (k * power(x, k - 1.0, "pow", out),)


register(Op("pow_const", _pow_const, "{x}^{k}", ("{k} * {x}^({k} - 1)",), params=("k",), symbol="**",
            method="__pow__", domain=(POS,), constants=(2.0, 3.0, 0.5, -1.0, -1.5)))  # fmt: skip

# Exponential, logarithm and the classic activations -----------------------------------------


def _exp(x):
    try:
        out = math.exp(x)
    except OverflowError:
        raise fail(OverflowError, messages.text("overflow", op="exp", x=x, limit="x < 709.78"), (INF, (INF,))) from None
    return out, (out,)


register(Op("exp", _exp, "exp({x})", ("exp({x})",)))


def _log(x):
    if not x > 0.0:
        raise domain("log", "x > 0", x, (-INF, (INF,)) if x == 0.0 else (NAN, (NAN,)))
    return math.log(x), (1.0 / x,)


register(Op("log", _log, "log({x})", ("1 / {x}",), rule="d/dx ln(x) = 1 / x", domain=(POS,)))


def _tanh(x):
    out = math.tanh(x)
    return out, (1.0 - out * out,)


register(Op("tanh", _tanh, "tanh({x})", ("1 - {out}^2",), tags=frozenset({"activation", "saturates"})))


def _sigmoid(x):
    e = math.exp(-abs(x))  # exp(-x) for x >= 0, exp(x) for x < 0: it never overflows (exp(-x) would for x << 0)
    out = 1.0 / (1.0 + e) if x >= 0.0 else e / (1.0 + e)
    return out, (out * (1.0 - out),)


register(Op("sigmoid", _sigmoid, "sigmoid({x})", ("{out} * (1 - {out})",), tags=frozenset({"activation", "saturates"})))


def _relu(x):
    if x > 0.0:
        return x, (1.0,)
    return (0.0 if x == x else x), (0.0,)  # relu(nan) is nan in IEEE mode, as in IEEE and PyTorch


register(Op("relu", _relu, "relu({x})", ("1 if {x} > 0 else 0",), avoid=(0.0,), tags=frozenset({"activation", "gate"})))

# n-ary nodes: one node with many parents ------------------------------------------------------

if sys.version_info >= (3, 12):
    # From 3.12 sum() of floats is compensated (Neumaier). chainrule adds left to right, as the
    # written-out chain w1*x1 + w2*x2 + ... + b and the compiled code do, so all three agree bit for bit.
    def add_up(items, start: float) -> float:
        return reduce(add, items, start)

else:
    add_up = sum  # left to right before 3.12, the fastest way; called with start 0.0: an empty sum is 0.0, not 0


def _sum(xs):
    return add_up(xs, 0.0), (1.0,) * len(xs)


def _terms(names: list) -> str:
    """Terms joined by +, with the middle elided past eight, so a 16-input neuron fits on a line."""
    if len(names) > 8:
        names = [*names[:3], "...", *names[-2:]]
    return " + ".join(names)


register(Op("sum", _sum, lambda names: _terms(names["args"]), ("1",), (), rule="d/dx_i (x_1 + ... + x_n) = 1"))


def partner(i: int, n: int) -> int | None:
    """In a dot node of n parents (ws, then xs, then maybe a bias), the parent that multiplies parent i."""
    half = n // 2
    if i >= 2 * half:
        return None  # the bias: its factor is the constant 1
    return i + half if i < half else i - half


def _dot(values):
    # Parents are ws, xs, then maybe a bias. Left to right, bias last: equal to the chain
    # w1*x1 + w2*x2 + ... + b, bit for bit. map() stops after the n weights.
    n = len(values) >> 1
    if len(values) & 1:
        xs = values[n:-1]
        return add_up(map(mul, values, xs), 0.0) + values[-1], (*xs, *values[:n], 1.0)
    xs = values[n:]
    return add_up(map(mul, values, xs), 0.0), (*xs, *values[:n])


def _dot_form(names: dict) -> str:
    args, half = names["args"], len(names["args"]) // 2
    return _terms([f"{w}*{x}" for w, x in zip(args[:half], args[half : 2 * half])] + args[2 * half :])


def _dot_local(i: int, names: dict) -> str:
    j = partner(i, len(names["args"]))
    return "1" if j is None else names["args"][j]


register(Op("dot", _dot, _dot_form, _dot_local, (), factor=partner, tags=frozenset({"product"}),
            rule="d/dw_i (w . x + b) = x_i, d/dx_i (w . x + b) = w_i, d/db (w . x + b) = 1"))  # fmt: skip
