"""The table of primitives: floats in, ``(output, local derivatives)`` out, each with its rule as text.

Every op chainrule knows is one `Op` entry in `OPS`. Value methods, the gradient tests, the
teaching tools and `compile` all read this table. This module imports nothing but `math`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import add, mul

INF = math.inf
NAN = math.nan


@dataclass(frozen=True, slots=True)
class Op:
    """One primitive: its forward and local derivatives, and how to teach and test it."""

    name: str  # key in OPS: "tanh", "truediv"
    symbol: str  # what a node's `.op` holds: "tanh", "/"
    arity: int  # 1, 2, or 0 for n-ary
    fn: Callable  # floats in -> (output, tuple of d output / d argument_i)
    rule: str  # the derivative rule as a reader would write it
    local: tuple[str, ...]  # per argument, d out / d arg with {x} {y} {out} {k} placeholders
    method: str  # the Value method (or autograd function) that builds this node
    domain: tuple[tuple[float, float], ...]  # where the tests sample each argument
    avoid: tuple[float, ...] = ()  # kinks the tests keep away from
    constants: tuple[float, ...] = ()  # sample constants (the exponent of pow_const)
    # For `compile`: the forward and each local derivative as Python over {x} {y} {out} {k}
    # ({terms} and {partner} for the n-ary ops), computing exactly what `fn` computes. Helpers
    # are underscored (_exp is math.exp). An empty `py` means: call `fn` itself.
    py: str = ""
    py_local: tuple[str, ...] = ()

    def local_text(self, i: int, names: dict) -> str:
        """The local derivative along edge `i`, written with `names` (x, y, out, k, partner)."""
        if self.name == "dot":
            return "1" if names.get("bias") and i == names["n"] - 1 else names["partner"]
        template = self.local[min(i, len(self.local) - 1)]
        return template.format(**names)


def _fail(kind: type, message: str, ieee: tuple) -> Exception:
    """An error like Python's `math` raises, carrying the IEEE result for opt-in IEEE mode."""
    error = kind(message)
    error.ieee = ieee
    return error


def _add(x, y):
    return x + y, (1.0, 1.0)


def _sub(x, y):
    return x - y, (1.0, -1.0)


def _mul(x, y):
    return x * y, (y, x)


def _truediv(x, y):
    if y == 0.0:
        out = NAN if x == 0.0 or x != x else math.copysign(INF, x) * math.copysign(1.0, y)
        raise _fail(ZeroDivisionError, f"division by zero: x / y with x = {x!r}, y = {y!r}", (out, (INF, NAN)))
    out = x / y
    return out, (1.0 / y, -out / y)  # -out / y, not -x / y**2: y**2 underflows for tiny y


def _neg(x):
    return -x, (-1.0,)


def _power(x, k, op):
    try:
        return x**k
    except OverflowError:
        message = f"{op}: result overflows a float for x = {x!r}, exponent {k!r}"
        raise _fail(OverflowError, message, (INF, (INF, INF))) from None


def _finite_exponent(k):
    if k - k != 0.0:
        raise _fail(ValueError, f"pow: the exponent must be a finite number, got {k!r}", (NAN, (NAN, NAN)))


def _pow(x, y):
    """x ** y with a Value exponent: both edges get a derivative, so the base must be > 0 (or 0)."""
    _finite_exponent(y)
    if x > 0.0:
        out = _power(x, y, "pow")
        # When x**y is 0 (inf ** -y, or underflow) it is flat in y: say 0, not 0 * ln(inf) = nan.
        return out, (y * _power(x, y - 1.0, "pow"), out * math.log(x) if out else 0.0)
    if x == 0.0:
        if y < 0.0:
            message = f"pow: 0.0 cannot be raised to a negative power y = {y!r}"
            raise _fail(ZeroDivisionError, message, (INF, (NAN, NAN)))
        if y == 0.0:
            return 1.0, (0.0, 0.0)
        return 0.0, (1.0 if y == 1.0 else (0.0 if y > 1.0 else INF), 0.0)
    raise _fail(
        ValueError,
        f"pow: base x = {x!r} is negative, so d/dy x^y = x^y * ln(x) is not real; "
        "use a number as the exponent (x ** 2) if you do not need d/dy",
        (NAN, (NAN, NAN)),
    )


def _pow_const(x, k):
    """x ** k with a constant exponent k: one edge, to x."""
    _finite_exponent(k)
    if x == 0.0 and k < 0.0:
        raise _fail(ZeroDivisionError, f"pow: 0.0 cannot be raised to a negative power k = {k!r}", (INF, (NAN,)))
    if x < 0.0 and not k.is_integer():
        message = f"pow: negative base x = {x!r} with non-integer exponent k = {k!r} is not real"
        raise _fail(ValueError, message, (NAN, (NAN,)))
    out = _power(x, k, "pow")
    if k == 0.0:
        return out, (0.0,)
    if x == 0.0 and k < 1.0:
        return out, (INF,)  # the slope of x**0.5 at 0 is infinite, as in PyTorch
    return out, (k * _power(x, k - 1.0, "pow"),)


def _exp(x):
    try:
        out = math.exp(x)
    except OverflowError:
        message = f"exp: result overflows a float for x = {x!r} (exp needs x < 709.78)"
        raise _fail(OverflowError, message, (INF, (INF,))) from None
    return out, (out,)


def _log(x):
    if not x > 0.0:
        ieee = (-INF, (INF,)) if x == 0.0 else (NAN, (NAN,))
        raise _fail(ValueError, f"log: math domain error, log(x) needs x > 0, got x = {x!r}", ieee)
    return math.log(x), (1.0 / x,)


def _tanh(x):
    out = math.tanh(x)
    return out, (1.0 - out * out,)


def _sigmoid(x):
    # Two branches so exp never overflows: for x << 0, exp(-x) would.
    if x >= 0.0:
        out = 1.0 / (1.0 + math.exp(-x))
    else:
        e = math.exp(x)
        out = e / (1.0 + e)
    return out, (out * (1.0 - out),)


def _relu(x):
    return (x, (1.0,)) if x > 0.0 else (0.0, (0.0,))


def _sqrt(x):
    if x < 0.0 or x != x:
        raise _fail(ValueError, f"sqrt: math domain error, sqrt(x) needs x >= 0, got x = {x!r}", (NAN, (NAN,)))
    out = math.sqrt(x)
    return out, ((0.5 / out) if out else INF,)


def _finite_arg(name, x):
    if x - x != 0.0:
        raise _fail(ValueError, f"{name}: math domain error, {name}(x) needs a finite x, got x = {x!r}", (NAN, (NAN,)))


def _sin(x):
    _finite_arg("sin", x)
    return math.sin(x), (math.cos(x),)


def _cos(x):
    _finite_arg("cos", x)
    return math.cos(x), (-math.sin(x),)


def _abs(x):
    return abs(x), (1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0),)


if sys.version_info >= (3, 12):
    # From 3.12 sum() of floats is compensated (Neumaier). chainrule adds left to right, as the
    # written-out chain w1*x1 + w2*x2 + ... + b and the compiled code do, so all three agree bit for bit.
    def _add_up(items) -> float:
        return reduce(add, items, 0.0)

else:
    _add_up = sum  # left to right before 3.12, and the fastest way


def _sum(xs):
    return _add_up(xs), (1.0,) * len(xs)


def _dot(ws, xs, b=None):
    # Left to right, bias last: equal to the chain w1*x1 + w2*x2 + ... + b, bit for bit.
    out = _add_up(map(mul, ws, xs))
    return (out, (*xs, *ws)) if b is None else (out + b, (*xs, *ws, 1.0))


_R = (-3.0, 3.0)
_POS = (0.2, 4.0)

# One entry per op: name, node symbol, arity, function, rule, local derivatives per edge, the
# method that builds it, the test domain, and the Python that `compile` emits for it (pow and
# pow_const have many branches, so compiled code calls their `fn`). fmt: off keeps the table a table.
# fmt: off
OPS: dict[str, Op] = {
    op.name: op
    for op in (
        Op(
            "add", "+", 2, _add, "d/dx (x + y) = 1, d/dy (x + y) = 1", ("1", "1"), "__add__", (_R, _R),
            py="{x} + {y}", py_local=("1.0", "1.0"),
        ),
        Op(
            "sub", "-", 2, _sub, "d/dx (x - y) = 1, d/dy (x - y) = -1", ("1", "-1"), "__sub__", (_R, _R),
            py="{x} - {y}", py_local=("1.0", "-1.0"),
        ),
        Op(
            "mul", "*", 2, _mul, "d/dx (x * y) = y, d/dy (x * y) = x", ("{y}", "{x}"), "__mul__", (_R, _R),
            py="{x} * {y}", py_local=("{y}", "{x}"),
        ),
        Op(
            "truediv", "/", 2, _truediv, "d/dx (x / y) = 1 / y, d/dy (x / y) = -x / y^2",
            ("1 / {y}", "-{x} / {y}^2"), "__truediv__", (_R, _POS),
            py="{x} / {y}", py_local=("1.0 / {y}", "-{out} / {y}"),
        ),
        Op("neg", "neg", 1, _neg, "d/dx (-x) = -1", ("-1",), "__neg__", (_R,), py="-{x}", py_local=("-1.0",)),
        Op(
            "pow", "**", 2, _pow, "d/dx x^y = y * x^(y - 1), d/dy x^y = x^y * ln(x)",
            ("{y} * {x}^({y} - 1)", "{x}^{y} * ln({x})"), "__pow__", (_POS, (-2.0, 2.0)),
        ),
        Op(
            "pow_const", "**k", 1, _pow_const, "d/dx x^k = k * x^(k - 1)",
            ("{k} * {x}^({k} - 1)",), "__pow__", (_POS,), constants=(2.0, 3.0, 0.5, -1.0, -1.5),
        ),
        Op(
            "exp", "exp", 1, _exp, "d/dx exp(x) = exp(x)", ("exp({x})",), "exp", (_R,),
            py="_exp({x})", py_local=("{out}",),
        ),
        Op(
            "log", "log", 1, _log, "d/dx ln(x) = 1 / x", ("1 / {x}",), "log", (_POS,),
            py="_log({x})", py_local=("1.0 / {x}",),
        ),
        Op(
            "tanh", "tanh", 1, _tanh, "d/dx tanh(x) = 1 - tanh(x)^2", ("1 - {out}^2",), "tanh", (_R,),
            py="_tanh({x})", py_local=("1.0 - {out} * {out}",),
        ),
        Op(
            "sigmoid", "sigmoid", 1, _sigmoid, "d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x))",
            ("{out} * (1 - {out})",), "sigmoid", (_R,),
            py="1.0 / (1.0 + _exp(-{x})) if {x} >= 0.0 else _exp({x}) / (1.0 + _exp({x}))",
            py_local=("{out} * (1.0 - {out})",),
        ),
        Op(
            "relu", "relu", 1, _relu, "d/dx relu(x) = 1 if x > 0 else 0",
            ("1 if {x} > 0 else 0",), "relu", (_R,), avoid=(0.0,),
            py="{x} if {x} > 0.0 else 0.0", py_local=("1.0 if {x} > 0.0 else 0.0",),
        ),
        Op(
            "sqrt", "sqrt", 1, _sqrt, "d/dx sqrt(x) = 1 / (2 * sqrt(x))", ("1 / (2 * {out})",), "sqrt", (_POS,),
            py="_sqrt({x})", py_local=("0.5 / {out} if {out} else _INF",),
        ),
        Op(
            "sin", "sin", 1, _sin, "d/dx sin(x) = cos(x)", ("cos({x})",), "sin", (_R,),
            py="_sin({x})", py_local=("_cos({x})",),
        ),
        Op(
            "cos", "cos", 1, _cos, "d/dx cos(x) = -sin(x)", ("-sin({x})",), "cos", (_R,),
            py="_cos({x})", py_local=("-_sin({x})",),
        ),
        Op(
            "abs", "abs", 1, _abs, "d/dx |x| = sign(x)", ("sign({x})",), "abs", (_R,), avoid=(0.0,),
            py="_abs({x})", py_local=("1.0 if {x} > 0.0 else (-1.0 if {x} < 0.0 else 0.0)",),
        ),
        Op(
            "sum", "sum", 0, _sum, "d/dx_i (x_1 + ... + x_n) = 1", ("1",), "sum", (_R,),
            py="{terms}", py_local=("1.0",),
        ),
        Op(
            "dot", "dot", 0, _dot, "d/dw_i (w . x + b) = x_i, d/dx_i (w . x + b) = w_i, d/db (w . x + b) = 1",
            ("{partner}",), "dot", (_R,), py="{terms}", py_local=("{partner}",),
        ),
    )
}

# fmt: on

_BY_SYMBOL = {op.symbol: op for op in OPS.values()}


def lookup(symbol: str) -> tuple[Op, float | None]:
    """The table entry behind a node's `.op` string, and the constant it carries (`"**2"` -> 2.0)."""
    op = _BY_SYMBOL.get(symbol)
    if op is not None:
        return op, None
    if symbol.startswith("**"):
        return OPS["pow_const"], float(symbol[2:])
    raise KeyError(f"no op {symbol!r} in the op table")


def pow_symbol(k: float) -> str:
    """The `.op` of x ** k for a constant k: `"**2"`, `"**0.5"`, `"**-1"`."""
    return f"**{int(k)}" if k.is_integer() and abs(k) < 1e15 else f"**{k!r}"
