"""The rest of the op catalogue, registered exactly as a user's own op is: with `autograd.primitive`.

Each is a float function returning `(output, local derivatives)`, with its local derivatives as
text and its test domain. Domain errors read like Python's `math` ("asin: math domain error, asin(x)
needs -1 <= x <= 1, got x = 2.0") and carry the IEEE result that `ieee_mode()` returns instead.
Where PyTorch defines an op, values, derivatives and the conventions at kinks and ties are its own.
"""

from __future__ import annotations

import math

from . import messages
from .errors import domain, fail
from .ops import INF, NAN, OPS, POS, R
from .primitives import primitive
from .value import Value

LN2, LN10 = math.log(2.0), math.log(10.0)
TWO_OVER_ROOT_PI = 2.0 / math.sqrt(math.pi)
SQRT_HALF = math.sqrt(0.5)
PDF_SCALE = 1.0 / math.sqrt(2.0 * math.pi)  # the standard normal density is PDF_SCALE * exp(-x^2 / 2)
TANH_SCALE, TANH_CUBIC = math.sqrt(2.0 / math.pi), 0.044715  # gelu's tanh approximation, as in PyTorch
SOFTPLUS_THRESHOLD = 20.0  # above it softplus(x) is x, as torch.nn.functional.softplus (beta=1, threshold=20)
_sigmoid = OPS["sigmoid"].fn
UNIT = ((-0.9, 0.9),)  # test domain of asin and acos


def _finite(name: str, x: float) -> None:
    if x - x != 0.0:
        raise domain(name, messages.text("finite_x"), x, (NAN, (NAN,)))


def _overflow(name: str, x: float, limit: str, ieee: tuple) -> Exception:
    return fail(OverflowError, messages.text("overflow", op=name, x=x, limit=limit), ieee)


# Roots and trigonometry ---------------------------------------------------------------------


@primitive(local=("1 / (2 * {out})",), domain=(POS,))
def sqrt(x):
    if x < 0.0 or x != x:
        raise domain("sqrt", "x >= 0", x, (NAN, (NAN,)))
    out = math.sqrt(x)
    return out, ((0.5 / out) if out else INF,)


@primitive(local=("cos({x})",))
def sin(x):
    _finite("sin", x)
    return math.sin(x), (math.cos(x),)


@primitive(local=("-sin({x})",))
def cos(x):
    _finite("cos", x)
    return math.cos(x), (-math.sin(x),)


@primitive(local=("1 + {out}^2",), domain=((-1.2, 1.2),))
def tan(x):
    _finite("tan", x)
    out = math.tan(x)
    return out, (1.0 + out * out,)  # sec^2 = 1 + tan^2: one value already at hand


def _unit_root(name: str, x: float) -> float:
    """sqrt(1 - x^2) for asin and acos, or their domain error; (1 - x)(1 + x) keeps its digits near |x| = 1."""
    if not -1.0 <= x <= 1.0:
        raise domain(name, "-1 <= x <= 1", x, (NAN, (NAN,)))
    return math.sqrt((1.0 - x) * (1.0 + x))


@primitive(local=("1 / sqrt(1 - {x}^2)",), domain=UNIT)
def asin(x):
    root = _unit_root("asin", x)
    return math.asin(x), (1.0 / root if root else INF,)  # at x = +-1 the slope is infinite, as in PyTorch


@primitive(local=("-1 / sqrt(1 - {x}^2)",), domain=UNIT)
def acos(x):
    root = _unit_root("acos", x)
    return math.acos(x), (-1.0 / root if root else -INF,)


@primitive(local=("1 / (1 + {x}^2)",), tags=("saturates",))
def atan(x):
    return math.atan(x), (1.0 / (1.0 + x * x),)


@primitive(local=("{x} / ({x}^2 + {y}^2)", "-{y} / ({x}^2 + {y}^2)"), domain=(R, R), avoid=(0.0,))
def atan2(y, x):
    """The angle of the point (x, y), y first as in math.atan2. At the origin both local derivatives
    are 0, as in PyTorch; `avoid` keeps the checks off the origin and off the cut along y = 0, x < 0."""
    r = math.hypot(x, y)
    if r == 0.0 or r == INF:
        return math.atan2(y, x), (0.0, 0.0)  # the origin (PyTorch's 0), and the limit far away
    return math.atan2(y, x), (x / r / r, -y / r / r)  # x / r^2 without squaring: no overflow, no underflow


@primitive(local=("{x} / {out}", "{y} / {out}"), domain=(R, R), avoid=(0.0,), tags=("commutative",))
def hypot(x, y):
    """sqrt(x^2 + y^2) without overflow. At the origin, its kink, the local derivatives are 0 (as abs(x)
    gives 0 at 0; PyTorch gives nan there)."""
    infinite = [math.isinf(v) for v in (x, y)]
    try:
        out = math.hypot(x, y)
        if out == INF and not any(infinite):
            raise OverflowError
    except OverflowError:
        message = messages.text("overflow_xy", op="hypot", x=x, y=y)
        raise fail(OverflowError, message, (INF, (0.0, 0.0))) from None
    if out == 0.0:
        return 0.0, (0.0, 0.0)
    if out == INF:  # an infinite coordinate: the direction along it
        share = 1.0 / math.sqrt(infinite.count(True))
        return out, tuple(math.copysign(share, v) if inf else 0.0 for v, inf in zip((x, y), infinite))
    return out, (x / out, y / out)


# Hyperbolic -----------------------------------------------------------------------------------


@primitive(local=("cosh({x})",))
def sinh(x):
    try:
        return math.sinh(x), (math.cosh(x),)
    except OverflowError:
        raise _overflow("sinh", x, "|x| < 710.47", (math.copysign(INF, x), (INF,))) from None


@primitive(local=("sinh({x})",))
def cosh(x):
    try:
        return math.cosh(x), (math.sinh(x),)
    except OverflowError:
        raise _overflow("cosh", x, "|x| < 710.47", (INF, (math.copysign(INF, x),))) from None


# Exponentials and logarithms ------------------------------------------------------------------


@primitive(local=("1 / (1 + {x})",), domain=((-0.8, 3.0),))
def log1p(x):
    """ln(1 + x), exact for tiny x (where 1 + x would round)."""
    if not x > -1.0:
        raise domain("log1p", "x > -1", x, (-INF, (INF,)) if x == -1.0 else (NAN, (NAN,)))
    return math.log1p(x), (1.0 / (1.0 + x),)


@primitive(local=("exp({x})",))
def expm1(x):
    """exp(x) - 1, exact for tiny x. Its derivative exp(x) is computed as expm1(x) + 1, as in PyTorch."""
    try:
        out = math.expm1(x)
    except OverflowError:
        raise _overflow("expm1", x, "x < 709.78", (INF, (INF,))) from None
    return out, (out + 1.0,)


@primitive(local=("1 / ({x} * ln(2))",), domain=(POS,))
def log2(x):
    if not x > 0.0:
        raise domain("log2", "x > 0", x, (-INF, (INF,)) if x == 0.0 else (NAN, (NAN,)))
    return math.log2(x), (1.0 / (x * LN2),)


@primitive(local=("1 / ({x} * ln(10))",), domain=(POS,))
def log10(x):
    if not x > 0.0:
        raise domain("log10", "x > 0", x, (-INF, (INF,)) if x == 0.0 else (NAN, (NAN,)))
    return math.log10(x), (1.0 / (x * LN10),)


@primitive(local=("2^{x} * ln(2)",))
def exp2(x):
    try:
        out = 2.0**x
    except OverflowError:
        raise _overflow("exp2", x, "x < 1024", (INF, (INF,))) from None
    return out, (out * LN2,)


@primitive(local=("2 / sqrt(pi) * exp(-{x}^2)",), tags=("saturates",))
def erf(x):
    return math.erf(x), (TWO_OVER_ROOT_PI * math.exp(-x * x),)


# Choosing: max, min, clamp --------------------------------------------------------------------


@primitive("max", local=("1 if {x} > {y} else (0.5 if {x} == {y} else 0)",
                         "1 if {y} > {x} else (0.5 if {x} == {y} else 0)"),
           domain=(R, R), tags=("commutative",))  # fmt: skip
def maximum(x, y):
    """The larger of x and y. At a tie the gradient is shared, 0.5 to each, as torch.maximum and
    HIPS autograd do (builtins.max(x, y) on two Values picks one of them and builds no node)."""
    if x > y:
        return x, (1.0, 0.0)
    if x < y:
        return y, (0.0, 1.0)
    return x, (0.5, 0.5)


@primitive("min", local=("1 if {x} < {y} else (0.5 if {x} == {y} else 0)",
                         "1 if {y} < {x} else (0.5 if {x} == {y} else 0)"),
           domain=(R, R), tags=("commutative",))  # fmt: skip
def minimum(x, y):
    """The smaller of x and y; at a tie 0.5 to each, as torch.minimum."""
    if x < y:
        return x, (1.0, 0.0)
    if x > y:
        return y, (0.0, 1.0)
    return x, (0.5, 0.5)


@primitive(local=("1 if {lo} <= {x} <= {hi} else 0",), avoid=(-1.0, 0.5, 2.0), constants=((-1.0, 0.5), (0.5, 2.0)))
def clamp(x, lo=-INF, hi=INF):
    """x limited to [lo, hi]: min(max(x, lo), hi), as torch.clamp(x, min=lo, max=hi). The local
    derivative is 1 inside, on the bounds too, and 0 outside, as in PyTorch (HIPS autograd's clip
    gives 0 on the bounds); with lo > hi every x gives hi, with derivative 0."""
    return min(max(x, lo), hi), (1.0 if lo <= x <= hi else 0.0,)


# The activations a course meets after ReLU ---------------------------------------------------


@primitive(local=("1 if {x} > 0 else {slope}",), avoid=(0.0,), constants=(0.2,), tags=("activation",))
def leaky_relu(x, slope=0.01):
    """x for x > 0, else slope * x (PyTorch's negative_slope). At 0 the local derivative is slope, as in PyTorch."""
    return (x, (1.0,)) if x > 0.0 else (slope * x, (slope,))


@primitive(local=("1 if {x} > 0 else {alpha} * exp({x})",), avoid=(0.0,), constants=(0.5,),
           tags=("activation", "saturates"))  # fmt: skip
def elu(x, alpha=1.0):
    """x for x > 0, else alpha * (exp(x) - 1). At 0 the local derivative is alpha, as in PyTorch."""
    if x > 0.0:
        return x, (1.0,)
    return alpha * math.expm1(x), (alpha * math.exp(x),)


def _gelu_form(names: dict) -> str:
    if names.get("approximate", "none") in ("none", "'none'", "approximate"):
        return f"gelu({names['x']})"
    given = str(names["approximate"]).strip("'")
    return f"gelu({names['x']}, approximate={given!r})"


def _gelu_local(i: int, names: dict) -> str:
    x = names["x"]
    if names.get("approximate") in ("tanh", "'tanh'"):
        u = f"sqrt(2/pi) ({x} + 0.044715 {x}^3)"
        return f"0.5 (1 + tanh(u)) + 0.5 {x} (1 - tanh(u)^2) sqrt(2/pi) (1 + 0.134145 {x}^2), u = {u}"
    return f"Φ({x}) + {x} φ({x})"


GELU_RULE = ("d/dx gelu(x) = Φ(x) + x φ(x), Φ(x) = (1 + erf(x / sqrt(2))) / 2, φ(x) = exp(-x^2 / 2) / sqrt(2 pi); "
             "approximate='tanh': d/dx 0.5 x (1 + tanh(u)) = 0.5 (1 + tanh(u)) + 0.5 x (1 - tanh(u)^2) u', "
             "u = sqrt(2/pi) (x + 0.044715 x^3)")  # fmt: skip


@primitive(form=_gelu_form, local=_gelu_local, rule=GELU_RULE, constants=("tanh",), tags=("activation", "saturates"))
def gelu(x, approximate="none"):
    """x * Φ(x), Φ the standard normal distribution function, as torch.nn.functional.gelu; with
    approximate="tanh", PyTorch's (and GPT-2's) 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    if approximate not in ("none", "tanh"):
        raise ValueError(messages.text("gelu_approximate", got=approximate))
    if math.isinf(x):  # the limits, where inf * 0 would be nan
        return (x, (1.0,)) if x > 0.0 else (-0.0, (0.0,))
    if approximate == "none":
        cdf = 0.5 * (1.0 + math.erf(x * SQRT_HALF))
        return x * cdf, (cdf + x * (PDF_SCALE * math.exp(-0.5 * x * x)),)
    x_sq = x * x
    t = math.tanh(TANH_SCALE * (x + TANH_CUBIC * x_sq * x))
    sech_sq = 1.0 - t * t
    slope = 0.5 * x * sech_sq * TANH_SCALE * (1.0 + 3.0 * TANH_CUBIC * x_sq) if sech_sq else 0.0
    return 0.5 * x * (1.0 + t), (0.5 * (1.0 + t) + slope,)


@primitive(local=("sigmoid({x})",), tags=("activation", "saturates"))
def softplus(x):
    """ln(1 + exp(x)), a smooth relu, as torch.nn.functional.softplus (beta=1, threshold=20): for x > 20
    it is x itself (exp(x) would overflow further out) with derivative 1; else log1p(exp(x))."""
    if x > SOFTPLUS_THRESHOLD:
        return x, (1.0,)
    z = math.exp(x)
    return math.log1p(z), (z / (z + 1.0),)


@primitive(local=("sigmoid({x}) (1 + {x} (1 - sigmoid({x})))",), tags=("activation", "saturates"))
def silu(x):
    """x * sigmoid(x), also called swish (`autograd.swish` is this op), as torch.nn.functional.silu."""
    if math.isinf(x):
        return (x, (1.0,)) if x > 0.0 else (-0.0, (0.0,))
    s = _sigmoid(x)[0]
    return x * s, (s * (1.0 + x * (1.0 - s)),)


@primitive(local=("1 / (1 + |{x}|)^2",), tags=("activation", "saturates"))
def softsign(x):
    """x / (1 + |x|), as torch.nn.functional.softsign."""
    if math.isinf(x):
        return math.copysign(1.0, x), (0.0,)
    d = 1.0 + abs(x)
    return x / d, (1.0 / (d * d),)


swish = silu  # the same op under its other name (Ramachandran et al.), as torch's SiLU
Value.swish = Value.silu
