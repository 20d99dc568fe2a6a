"""autograd/more_ops.py: the rest of the catalogue against PyTorch float64, its conventions at kinks and
ties, its domain errors (worded like Python's math), IEEE results, and stability far out."""

from __future__ import annotations

import math
import random

import pytest

import autograd
from autograd import OPS, Value
from autograd.functions import defaults
from autograd.primitives import parameter_samples, sample_points

ADDED = [
    "tan",
    "sinh",
    "cosh",
    "asin",
    "acos",
    "atan",
    "atan2",
    "log1p",
    "expm1",
    "log2",
    "log10",
    "exp2",
    "erf",
    "hypot",
    "max",
    "min",
    "clamp",
    "leaky_relu",
    "elu",
    "gelu",
    "softplus",
    "silu",
    "softsign",
]  # fmt: skip  (DESIGN.md, "ops added")


@pytest.mark.parametrize("name", ADDED)
def test_every_added_op_is_in_the_table_with_a_method_a_function_and_a_rule(name):
    op = OPS[name]
    assert callable(getattr(Value, name)) and callable(getattr(autograd, name)) and name in autograd.__all__
    assert op.rule.startswith(f"d/d{op.args[0]} ") and op.domain and len(op.domain) == op.arity
    x = Value(0.3)
    assert getattr(autograd, name)(*[x] * op.arity).data == getattr(x, name)(*[x] * (op.arity - 1)).data


def test_swish_is_silu_and_check_op_is_public():
    assert autograd.swish is autograd.silu and Value.swish is Value.silu and "swish" not in OPS
    assert "check_op" in autograd.__all__ and autograd.check_op("silu") is True


def torch_ops(torch) -> dict:
    """op name -> (tensors, parameters) -> tensor, PyTorch's function of the same meaning."""
    F = torch.nn.functional
    names = "tan sinh cosh asin acos atan log1p expm1 log2 log10 exp2 erf exp log tanh sigmoid relu sqrt sin cos abs"
    same = {name: getattr(torch, name) for name in names.split()}
    return {
        **{name: _unpacked(f) for name, f in same.items()},
        "atan2": lambda xs, p: torch.atan2(*xs),
        "hypot": lambda xs, p: torch.hypot(*xs),
        "max": lambda xs, p: torch.maximum(*xs),
        "min": lambda xs, p: torch.minimum(*xs),
        "clamp": lambda xs, p: torch.clamp(xs[0], min=p["lo"], max=p["hi"]),
        "leaky_relu": lambda xs, p: F.leaky_relu(xs[0], negative_slope=p["slope"]),
        "elu": lambda xs, p: F.elu(xs[0], alpha=p["alpha"]),
        "gelu": lambda xs, p: F.gelu(xs[0], approximate=p["approximate"]),
        "softplus": lambda xs, p: F.softplus(xs[0]),
        "silu": lambda xs, p: F.silu(xs[0]),
        "softsign": lambda xs, p: F.softsign(xs[0]),
        "add": lambda xs, p: xs[0] + xs[1],
        "sub": lambda xs, p: xs[0] - xs[1],
        "mul": lambda xs, p: xs[0] * xs[1],
        "truediv": lambda xs, p: xs[0] / xs[1],
        "neg": lambda xs, p: -xs[0],
        "pow": lambda xs, p: xs[0] ** xs[1],
        "pow_const": lambda xs, p: xs[0] ** p["k"],
    }


def _unpacked(f):
    return lambda xs, params: f(*xs)


def ours_and_theirs(torch, name: str, point: tuple, params: dict):
    op = OPS[name]
    leaves = [Value(x) for x in point]
    out = autograd.apply(op, *leaves, params=params or None)
    out.backward()
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in point]
    reference = torch_ops(torch)[name](tensors, params)
    reference.backward()
    grads = [t.grad.item() if t.grad is not None else 0.0 for t in tensors]
    return (out.data, [v.grad for v in leaves]), (reference.item(), grads)


def parity_cases():
    for op in OPS.values():
        if op.arity:  # sum and dot are checked against torch in tests/test_ops.py's random graphs
            for params in parameter_samples(op):
                shown = "-".join(str(v) for v in params.values())
                yield pytest.param(op.name, params, id=f"{op.name}-{shown}" if shown else op.name)


@pytest.mark.parametrize(("name", "params"), list(parity_cases()))
def test_every_op_matches_pytorch_float64(torch, name, params):
    rng = random.Random(7)
    for point in sample_points(OPS[name], rng, 6):
        (out, grads), (expected, expected_grads) = ours_and_theirs(torch, name, point, params)
        assert out == pytest.approx(expected, rel=1e-12, abs=1e-14), (name, point)
        assert grads == pytest.approx(expected_grads, rel=1e-10, abs=1e-13), (name, point)


# (op, point, parameters) where a kink, a tie or a threshold decides the value or the derivative.
CONVENTIONS = [
    ("max", (1.0, 1.0), {}), ("min", (-2.0, -2.0), {}), ("max", (0.0, -0.0), {}),  # ties: 0.5 to each
    ("clamp", (0.0,), {"lo": 0.0, "hi": 1.0}), ("clamp", (1.0,), {"lo": 0.0, "hi": 1.0}),  # on a bound: 1
    ("clamp", (2.0,), {"lo": 0.0, "hi": 1.0}), ("clamp", (0.5,), {"lo": 1.0, "hi": 0.0}),  # outside; lo > hi: hi
    ("leaky_relu", (0.0,), {"slope": 0.01}), ("leaky_relu", (0.0,), {"slope": 0.2}), ("elu", (0.0,), {"alpha": 1.0}),
    ("elu", (0.0,), {"alpha": 2.0}), ("relu", (0.0,), {}), ("abs", (0.0,), {}),
    ("gelu", (0.0,), {"approximate": "none"}), ("gelu", (0.0,), {"approximate": "tanh"}), ("silu", (0.0,), {}),
    ("softsign", (0.0,), {}), ("atan2", (0.0, 0.0), {}), ("atan2", (0.0, -1.0), {}), ("atan2", (-0.0, -1.0), {}),
    ("softplus", (20.0,), {}), ("softplus", (20.5,), {}), ("softplus", (-30.0,), {}), ("softplus", (-800.0,), {}),
    ("softplus", (1e4,), {}), ("log1p", (1e-300,), {}), ("expm1", (1e-300,), {}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "point", "params"), CONVENTIONS, ids=[f"{n}{p}" for n, p, _ in CONVENTIONS])
def test_kinks_ties_and_thresholds_follow_pytorch(torch, name, point, params):
    params = {**defaults(OPS[name]), **params}
    (out, grads), (expected, expected_grads) = ours_and_theirs(torch, name, point, params)
    assert out == expected or out == pytest.approx(expected, rel=1e-15)
    assert grads == expected_grads or grads == pytest.approx(expected_grads, rel=1e-14)


def test_asin_and_acos_keep_their_digits_near_one():
    # d/dx asin(x) = 1 / sqrt((1 - x)(1 + x)): no digits lost in 1 - x^2 (PyTorch's form loses some near |x| = 1)
    from decimal import Decimal, getcontext

    getcontext().prec = 50
    for x in (0.999999, -0.9999999999, 0.5):
        exact = float(1 / (1 - Decimal(x) * Decimal(x)).sqrt())
        assert Value(x).asin().local_grads[0] == pytest.approx(exact, rel=4e-16)
        assert Value(x).acos().local_grads[0] == pytest.approx(-exact, rel=4e-16)


def test_the_conventions_as_numbers():
    x, y = Value(1.0), Value(1.0)
    assert x.max(y).local_grads == (0.5, 0.5) == x.min(y).local_grads  # as torch.maximum and HIPS autograd
    assert Value(0.0).clamp(0.0, 1.0).local_grads == (1.0,) == Value(1.0).clamp(0.0, 1.0).local_grads
    assert Value(0.5).clamp(1.0, 0.0).data == 0.0 and Value(0.5).clamp(1.0, 0.0).local_grads == (0.0,)
    assert Value(0.0).leaky_relu().local_grads == (0.01,) and Value(0.0).elu(alpha=2.0).local_grads == (2.0,)
    assert Value(0.0).hypot(0.0).local_grads == (0.0, 0.0)  # the kink, like abs at 0 (PyTorch gives nan)
    assert Value(0.0).atan2(0.0).local_grads == (0.0, 0.0)  # as PyTorch
    assert Value(1.0).asin().local_grads == (math.inf,) and Value(-1.0).acos().local_grads == (-math.inf,)


def test_pytorch_gives_nan_where_hypot_takes_the_subgradient_zero(torch):
    a, b = (torch.tensor(0.0, dtype=torch.float64, requires_grad=True) for _ in range(2))
    torch.hypot(a, b).backward()
    assert math.isnan(a.grad.item())  # the one documented deviation: chainrule never gives a silent nan
    x, y = Value(0.0), Value(0.0)
    x.hypot(y).backward()
    assert (x.grad, y.grad) == (0.0, 0.0)


DOMAIN_ERRORS = [
    (lambda: Value(2.0).asin(), ValueError, "asin: math domain error, asin(x) needs -1 <= x <= 1, got 2.0"),
    (lambda: Value(-1.5, "c").acos(), ValueError, "acos: math domain error, acos(c) needs -1 <= c <= 1, got c = -1.5"),
    (lambda: Value(-1.0).log1p(), ValueError, "log1p: math domain error, log1p(x) needs x > -1, got -1.0"),
    (lambda: Value(0.0).log2(), ValueError, "log2: math domain error, log2(x) needs x > 0, got 0.0"),
    (lambda: Value(-3.0).log10(), ValueError, "log10: math domain error, log10(x) needs x > 0, got -3.0"),
    (lambda: Value(math.inf).tan(), ValueError, "tan: math domain error, tan(x) needs a finite x, got inf"),
    (lambda: Value(1000.0).sinh(), OverflowError, "sinh: result overflows a float for 1000.0 (sinh needs"),
    (lambda: Value(-1000.0).cosh(), OverflowError, "cosh: result overflows a float for -1000.0"),
    (lambda: Value(710.0).expm1(), OverflowError, "expm1: result overflows a float for 710.0 (expm1 needs x <"),
    (lambda: Value(1100.0).exp2(), OverflowError, "exp2: result overflows a float for 1100.0 (exp2 needs x < 1024"),
    (lambda: Value(1.5e308).hypot(1.5e308), OverflowError, "hypot: result overflows a float for 1.5e"),
    (lambda: Value(1.0).gelu(approximate="erf"), ValueError, "gelu: approximate must be 'none' or 'tanh', got 'erf'"),
    (lambda: Value(1.0).gelu(approximate=1), TypeError, "gelu: approximate must be a str such as 'none'"),
    (lambda: Value(1.0).leaky_relu("a"), TypeError, "leaky_relu: slope: expected a real number, got 'a'"),
    (lambda: Value(1.0).leaky_relu(0.1, 0.2), TypeError, "leaky_relu() takes 1 argument (x) and the parameters"),
    (lambda: Value(1.0).clamp(low=0), TypeError, "clamp() got an unexpected parameter 'low'"),
    (lambda: Value(1.0).clamp(0.0, lo=1.0), TypeError, "clamp() got the parameter 'lo' twice"),
    (lambda: autograd.atan2(Value(1.0)), TypeError, "atan2() takes 2 arguments (y, x), got 1"),
    (lambda: Value(1.0).max(), TypeError, "max() takes 2 arguments (x, y), got 1"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "error", "message"), DOMAIN_ERRORS, ids=[m for _, _, m in DOMAIN_ERRORS])
def test_bad_input_raises_one_line_naming_the_op_and_value(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert str(info.value).startswith(message) and "\n" not in str(info.value), str(info.value)


def test_a_domain_error_names_the_operand_label():
    with pytest.raises(ValueError, match=r"^acos: math domain error, acos\(c\) needs -1 <= c <= 1, got c = -1.5$"):
        Value(-1.5, "c").acos()


IEEE = [
    (lambda: Value(2.0).asin(), math.nan, (math.nan,)),
    (lambda: Value(-1.0).log1p(), -math.inf, (math.inf,)),
    (lambda: Value(0.0).log2(), -math.inf, (math.inf,)),
    (lambda: Value(-1.0).log10(), math.nan, (math.nan,)),
    (lambda: Value(1000.0).sinh(), math.inf, (math.inf,)),
    (lambda: Value(-1000.0).sinh(), -math.inf, (math.inf,)),
    (lambda: Value(-1000.0).cosh(), math.inf, (-math.inf,)),
    (lambda: Value(800.0).expm1(), math.inf, (math.inf,)),
    (lambda: Value(1100.0).exp2(), math.inf, (math.inf,)),
    (lambda: Value(1.5e308).hypot(1.5e308), math.inf, (0.0, 0.0)),
]


@pytest.mark.parametrize(("make", "out", "local"), IEEE)
def test_ieee_mode_gives_the_ieee_results(make, out, local):
    with autograd.ieee_mode():
        node = make()
    same = lambda a, b: a == b or (math.isnan(a) and math.isnan(b))  # noqa: E731
    assert same(node.data, out) and all(same(a, b) for a, b in zip(node.local_grads, local)), node


@pytest.mark.parametrize("x", [-1e300, -1e4, -800.0, -40.0, 40.0, 800.0, 1e4, 1e300, -math.inf, math.inf])
@pytest.mark.parametrize("name", ["softplus", "silu", "gelu", "softsign", "elu", "leaky_relu", "erf", "atan"])
def test_activations_are_finite_and_exact_far_out(name, x):
    node = getattr(Value(x), name)()
    assert not math.isnan(node.data) and math.isfinite(node.local_grads[0])
    if name in ("softsign", "erf", "atan") and abs(x) >= 800.0:
        assert abs(node.local_grads[0]) < 2e-6  # saturated on both sides
    elif x >= 40.0 and name not in ("softsign", "erf", "atan"):
        assert node.local_grads[0] == pytest.approx(1.0, abs=1e-15)
    if name in ("softplus", "silu", "gelu", "elu", "leaky_relu") and x >= 40.0:
        assert node.data == x  # no rounding away of a large input: softplus(x) = x for x > 20, as in PyTorch
    if name in ("softplus", "silu", "gelu") and x <= -800.0:
        assert node.data == 0.0 and node.local_grads[0] == 0.0
    if name == "gelu":
        assert getattr(Value(x), name)(approximate="tanh").data == pytest.approx(node.data, rel=1e-3, abs=1e-300)


def test_gelu_tanh_does_not_overflow_into_nan():
    for x in (1e103, 1e155, -1e155, 1e300):
        node = Value(x).gelu(approximate="tanh")
        assert node.data == (x if x > 0 else 0.0) and node.local_grads == ((1.0,) if x > 0 else (0.0,))


def test_atan2_and_hypot_are_finite_far_out_and_near_the_origin():
    assert Value(1.0).atan2(math.inf).local_grads == (0.0, 0.0)
    assert Value(math.inf).hypot(3.0).local_grads == (1.0, 0.0)
    assert Value(1e-300).atan2(1e-300).local_grads[0] == pytest.approx(5e299)  # huge, not an overflow to nan
    assert Value(3e200).hypot(4e200).data == pytest.approx(5e200)


@pytest.mark.parametrize("name", ["tan", "asin", "log1p", "log2", "exp2", "sinh", "clamp", "leaky_relu", "elu", "max"])
def test_compiled_ops_raise_the_engines_errors_and_agree_at_kinks(name):
    op = OPS[name]
    leaves = [Value(0.3, f"a{i}") for i in range(op.arity)]
    f = autograd.compile(getattr(autograd, name)(*leaves))
    far = {"tan": math.inf, "asin": 1.5, "log1p": -2.0, "log2": -1.0, "exp2": 2000.0, "sinh": 1000.0}
    if name in far:
        with pytest.raises((ValueError, OverflowError), match=f"^{name}: "):
            f(*[far[name]] * op.arity)
    points = [[0.25], [1.0], [4.0]] if name == "log2" else [[0.0] * op.arity, [-0.5] * op.arity, [1.0] * op.arity]
    for point in points:  # kinks and ties
        fresh = [Value(x) for x in point]
        node = getattr(autograd, name)(*fresh)
        if not all(math.isfinite(local) for local in node.local_grads):  # asin at 1: an infinite slope
            with pytest.raises(FloatingPointError, match="the gradient of 'a0' is inf"):
                f(*point)  # an error, as backward gives, never a silent inf
            continue
        assert f(*point) == (node.data, node.local_grads)
