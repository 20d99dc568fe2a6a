"""Value and backward: construction, arithmetic, the classic autodiff bugs, modes and errors."""

from __future__ import annotations

import math
import sys
import tracemalloc
import warnings
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, no_grad, topological_order, watch, zero_grad
from autograd.value import chain_rule, chain_rule_unobserved
from tests import fuzzcount
from tests.nodes import MODES, made, weak_refs_to_a_dropped_graph
from tests.strategies import ChainruleOps, anything, build, floats, recipes

# Construction -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [2, 2.5, -0.0, Fraction(1, 4), 10**300, float("inf")])
def test_value_accepts_real_numbers(data):
    v = Value(data)
    assert type(v.data) is float and v.data == float(data)
    assert v.grad == 0.0 and v.op == "" and v.parents == () and v.local_grads == ()


def test_value_accepts_numpy_scalars():
    np = pytest.importorskip("numpy")
    assert Value(np.float32(1.5)).data == 1.5
    assert Value(np.int64(3)).data == 3.0
    with pytest.raises(TypeError, match="bool"):
        Value(np.bool_(True))
    with pytest.raises(TypeError, match="complex"):
        Value(np.complex128(1 + 2j))
    with pytest.raises(ValueError, match="nan"):
        Value(np.float64("nan"))


@pytest.mark.parametrize("bad", [True, "2.0", None, 1 + 2j, b"1", [1.0], object()])
def test_value_rejects_non_numbers_naming_them(bad):
    with pytest.raises(TypeError, match="Value: expected a real number, got") as info:
        Value(bad)
    assert type(bad).__name__ in str(info.value)


def test_value_refuses_nan_and_huge_ints_clearly():
    with pytest.raises(ValueError, match="nan"):
        Value(float("nan"))
    with pytest.raises(ValueError, match="too large for a float"):
        Value(10**400)
    with autograd.ieee_mode():
        assert math.isnan(Value(float("nan")).data)


def test_label_must_be_text():
    assert Value(1.0, "w1").label == "w1"
    with pytest.raises(TypeError, match="label"):
        Value(1.0, 3)


def test_repr_shows_data_grad_label_and_op():
    v = Value(2.0, "x") * 3
    v.label = "y"
    assert repr(v) == "Value(data=6.0, grad=0.0, label='y', op='*')"
    assert repr(Value(1.0)) == "Value(data=1.0, grad=0.0)"


def test_value_is_small_and_has_no_dict():
    v = Value(1.0)
    assert not hasattr(v, "__dict__")
    with pytest.raises(AttributeError):
        v.extra = 1


# Arithmetic with numbers on either side -----------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "expected_data", "expected_grad"),
    [
        (lambda x: x + 2, 5.0, 1.0),
        (lambda x: 2 + x, 5.0, 1.0),
        (lambda x: x - 2, 1.0, 1.0),
        (lambda x: 2 - x, -1.0, -1.0),
        (lambda x: x * 2, 6.0, 2.0),
        (lambda x: 2 * x, 6.0, 2.0),
        (lambda x: x / 2, 1.5, 0.5),
        (lambda x: 6 / x, 2.0, -6 / 9),
        (lambda x: x**2, 9.0, 6.0),
        (lambda x: 2**x, 8.0, 8.0 * math.log(2.0)),
        (lambda x: x ** Value(2.0), 9.0, 6.0),
        (lambda x: -x, -3.0, -1.0),
        (lambda x: abs(-x), 3.0, 1.0),
    ],
)
def test_operators_with_numbers_on_either_side(expr, expected_data, expected_grad):
    x = Value(3.0)
    y = expr(x)
    y.backward()
    assert y.data == pytest.approx(expected_data)
    assert x.grad == pytest.approx(expected_grad)


def test_subtraction_and_division_are_real_nodes():
    a, b = Value(5.0, "a"), Value(2.0, "b")
    assert (a - b).op == "-" and (a - b).parents == (a, b)
    assert (a / b).op == "/" and (a / b).parents == (a, b)
    assert (a - 1).parents[1].data == 1.0  # the constant is a leaf, visible in the picture


def test_numpy_scalar_on_the_left_builds_a_node():
    np = pytest.importorskip("numpy")
    y = np.float64(2.0) * Value(3.0)
    assert type(y) is Value and y.data == 6.0


def test_float_item_and_comparisons():
    a, b = Value(1.0), Value(2.0)
    assert float(b) == 2.0 and b.item() == 2.0
    assert a < b and a <= 1 and b > a and b >= 2.0
    assert a != Value(1.0)  # == is identity, so Values can live in sets and dicts
    assert max([a, b]) is b


def test_unknown_operand_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match="add: expected a real number, got 'a' \\(str\\)"):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match="bool"):
        Value(1.0) * True


# The classic autodiff bugs ------------------------------------------------------------------


def test_a_plus_a_has_two_edges_and_gradient_two():
    a = Value(3.0)
    b = a + a
    assert b.parents == (a, a)
    b.backward()
    assert a.grad == 2.0


def test_x_times_x_keeps_both_edges():
    x = Value(3.0)
    y = x * x
    assert len(y.parents) == 2
    y.backward()
    assert x.grad == 6.0


def test_diamond_visits_the_shared_node_once():
    a = Value(2.0)
    b = a * 3  # shared
    c = b + 1
    d = b * 2
    e = c * d
    order = topological_order(e)
    assert order.count(b) == 1
    e.backward()
    # e = (3a + 1) * 6a = 18a^2 + 6a, de/da = 36a + 6
    assert a.grad == pytest.approx(36 * 2.0 + 6)


def test_node_used_many_times():
    x = Value(1.5)
    y = autograd.sum([x] * 50) + x * x
    y.backward()
    assert x.grad == pytest.approx(50 + 3.0)


def test_second_backward_does_not_double_count_interior_nodes():
    x = Value(2.0)
    h = x * x
    y = h * 3
    y.backward()
    with pytest.warns(UserWarning, match="again on the same graph"):
        y.backward()
    assert h.grad == 3.0  # interior: this call's gradient only
    assert x.grad == 24.0  # leaf: accumulates, as in PyTorch


def test_second_backward_after_zero_grad_is_quiet_and_fresh():
    x = Value(2.0)
    y = x * x
    y.backward()
    zero_grad(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y.backward()
    assert x.grad == 4.0


def test_leaves_accumulate_across_graphs_until_zero_grad():
    w = Value(0.5)
    (w * 2).backward()
    (w * 3).backward()
    assert w.grad == 5.0
    zero_grad(w)
    assert w.grad == 0.0


def test_backward_with_a_seed_gradient_and_on_a_leaf():
    x = Value(2.0)
    (x * 3).backward(2.0)
    assert x.grad == 6.0
    x.backward()
    assert x.grad == 7.0  # d x / d x = 1, accumulated like any leaf


def test_a_200000_deep_chain_backpropagates_without_recursion():
    x = Value(1.0)
    y = x
    for _ in range(200_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0
    assert sys.getrecursionlimit() < 200_000


def test_dead_relu_passes_no_gradient_and_skipping_matches_the_observed_loop():
    def graph():
        x = Value(-1.0)
        w = Value(2.0)
        return x, w, (x * w).relu() * 5 + w

    x, w, y = graph()
    y.backward()
    x2, w2, y2 = graph()
    y2.backward(hook=lambda *edge: None)  # the edge-by-edge loop the tracer watches
    assert (x.grad, w.grad) == (x2.grad, w2.grad) == (0.0, 1.0)


def test_fast_and_observed_backward_agree_on_a_random_graph(rng):
    def graph():
        leaves = [Value(rng.uniform(-2, 2)) for _ in range(6)]
        nodes = list(leaves)
        for _ in range(40):
            a, b = rng.choice(nodes), rng.choice(nodes)
            nodes.append(rng.choice([a + b, a * b, (a - b).tanh(), a.relu() * b, autograd.dot([a, b], [b, a], a)]))
        return leaves, autograd.sum(nodes[-10:])

    state = rng.getstate()
    leaves, out = graph()
    out.backward()
    rng.setstate(state)
    leaves2, out2 = graph()
    out2.backward(hook=lambda *edge: None)
    assert [v.grad for v in leaves] == [v.grad for v in leaves2]


@settings(max_examples=200, deadline=None)
@given(recipes(max_leaves=5, max_steps=40), st.sampled_from([1.0, -0.5, 0.0]))
def test_the_unobserved_loop_gives_exactly_the_observed_loops_gradients(recipe, seed):
    # chain_rule (what the trace, detect_anomaly and IEEE mode watch) is the definition; backward
    # without an observer runs chain_rule_unobserved beside it: every node's gradient, bit for bit.
    leaves, steps = recipe
    graphs = [build([Value(x) for x in leaves], steps, ChainruleOps) for _ in range(2)]
    orders = [topological_order(out, leaves=False) for _, out in graphs]
    for _, out in graphs:
        out.grad = seed
    chain_rule(orders[0], watch.Hook(lambda *edge: None))
    chain_rule_unobserved(orders[1])
    first, second = (topological_order(out) for _, out in graphs)
    assert [repr(n.grad) for n in first] == [repr(n.grad) for n in second]  # repr: -0.0 and nan too


def test_hook_sees_every_edge_with_the_running_sum():
    a = Value(3.0, "a")
    b = a + a
    seen = []
    b.backward(hook=lambda child, i, before: seen.append((child, i, before, child.parents[i].grad)))
    assert seen == [(b, 0, 0.0, 1.0), (b, 1, 1.0, 2.0)]


# n-ary nodes --------------------------------------------------------------------------------


# Modes --------------------------------------------------------------------------------------


def test_detach_is_a_leaf_copy():
    x = Value(2.0, "x")
    y = (x * 3).detach()
    assert y.parents == () and y.data == 6.0
    assert x.detach().label == "x"


# Errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Value(0.0, "x").log(), ValueError, "log: math domain error, log\\(x\\) needs x > 0, got x = 0.0$"),
        (lambda: Value(-1.0).log(), ValueError, "log.*x > 0"),
        (
            lambda: Value(-4.0, "v").sqrt(),
            ValueError,
            "sqrt: math domain error, sqrt\\(v\\) needs v >= 0, got v = -4.0",
        ),
        (lambda: Value(1.0) / 0, ZeroDivisionError, "division by zero"),
        (lambda: 1 / Value(0.0, "d"), ZeroDivisionError, "division by zero: in 1 / d the divisor d is 0.0"),
        (lambda: Value(0.0) ** -1, ZeroDivisionError, "negative power"),
        (lambda: Value(-8.0) ** (1 / 3), ValueError, "non-integer exponent"),
        (lambda: Value(-2.0) ** Value(2.0), ValueError, "negative"),
        (lambda: Value(1000.0).exp(), OverflowError, "exp: result overflows"),
        (lambda: Value(10.0) ** 400, OverflowError, "overflows"),
        (lambda: Value(float("inf")).sin(), ValueError, "sin.*finite"),
        (lambda: Value(float("inf")) * 0, ValueError, "mul: the result is nan"),
        (lambda: Value(float("inf")) - float("inf"), ValueError, "sub: the result is nan"),
    ],
)
def test_math_errors_name_the_op_and_operand(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_ieee_mode_gives_ieee_results_instead_of_raising():
    with autograd.ieee_mode():
        assert Value(0.0).log().data == -math.inf
        assert math.isnan(Value(-1.0).sqrt().data)
        assert (Value(1.0) / 0).data == math.inf
        assert math.isnan((Value(math.inf) * 0).data)


def test_nonfinite_gradient_is_reported_not_silent():
    x = Value(0.0, "x")
    y = x.sqrt() * Value(1e-300)  # d sqrt / dx at 0 is inf
    z = y * 1e300
    w = z.sqrt() + (x.sqrt() * 0)
    with pytest.raises(FloatingPointError, match="backward: the gradient reaching"):
        (w * 1e308 * 10).backward()


def test_detect_anomaly_names_the_op_in_forward_and_backward():
    with autograd.detect_anomaly():
        with pytest.raises(FloatingPointError, match="detect_anomaly: mul made inf"):
            Value(1e200, "big") * 1e200
        x = Value(0.0, "x")
        y = x.sqrt()
        y.label = "r"
        with pytest.raises(FloatingPointError, match="detect_anomaly: backward through sqrt node 'r'.*'x'"):
            y.backward()


def test_backward_rejects_a_bad_seed():
    with pytest.raises(TypeError, match="backward"):
        Value(1.0).backward("1")


def central_difference(f, xs: list, i: int, eps: float) -> float:
    up, down = list(xs), list(xs)
    up[i] += eps
    down[i] -= eps
    return (f(up) - f(down)) / (2 * eps)


def trusted_slope(f, xs: list, i: int) -> float | None:
    """The numerical slope along input i, or None where it cannot be trusted: two step sizes must
    agree, else a kink or a cliff is within reach of the step; and the rounding of f itself, divided
    by the step, must be far below the test's tolerance (a slope of 0.2 on an output of 1.6e7 is not
    measurable with a step of 1e-6, though two step sizes may agree on a wrong one by chance)."""
    eps = 1e-5 * max(1.0, abs(xs[i]))
    coarse, fine = central_difference(f, xs, i, eps), central_difference(f, xs, i, eps / 10)
    rounding = 4 * sys.float_info.epsilon * abs(f(xs)) / (eps / 10)
    scale = 1e-5 * max(1.0, abs(fine))
    return fine if abs(coarse - fine) <= scale and rounding <= scale / 10 else None


@settings(max_examples=300, deadline=None)
@given(recipes())
def test_backward_matches_central_differences(recipe):
    leaves, steps = recipe
    values = [Value(x) for x in leaves]
    kink_inputs, out = build(values, steps, ChainruleOps)
    assume(all(abs(v.data) > 1e-3 for v in kink_inputs))
    out.backward()

    def f(xs):
        with no_grad():
            return build([Value(x) for x in xs], steps, ChainruleOps)[1].data

    slopes = [trusted_slope(f, leaves, i) for i in range(len(leaves))]
    assume(all(slope is not None for slope in slopes))
    for value, slope in zip(values, slopes):
        assert value.grad == pytest.approx(slope, rel=1e-4, abs=1e-6)


@pytest.mark.slow
def test_a_million_deep_chain_backpropagates():
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = -y
    y.backward()
    assert x.grad == 1.0


@pytest.mark.slow
def test_a_two_million_node_graph_backpropagates():
    xs = [Value(float(i % 7)) for i in range(1_000_000)]
    total = autograd.sum([x * 2.0 for x in xs])  # 1e6 leaves, 1e6 products, 1e6 constants, 1 sum
    total.backward()
    assert xs[3].grad == 2.0 and xs[-1].grad == 2.0
    assert total.data == 2.0 * sum(i % 7 for i in range(1_000_000))


def test_graph_memory_is_freed_without_the_cyclic_gc(no_cyclic_gc):
    x = Value(0.5, "x")
    alive = weak_refs_to_a_dropped_graph(x)
    assert sum(ref() is not None for ref in alive) == 1  # only x, which we still hold


def test_memory_of_a_large_graph_returns_after_backward(no_cyclic_gc):
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        x = Value(1.0)
        y = x
        for _ in range(100_000):
            y = y * 1.0001
        y.backward()
        built = tracemalloc.get_traced_memory()[0]
        del y
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert built - before > 100_000 * 100  # the graph really was there
    assert after - before < (built - before) * 0.05  # and came back without gc.collect()


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def fuzz_value(obj):
    fuzzcount.count("value: Value(anything)")
    try:
        v = Value(obj)
    except TypeError as error:
        assert str(error).startswith("Value: expected a real number")
    except ValueError as error:
        assert str(error).startswith("Value:")
    else:
        assert type(v.data) is float and not math.isnan(v.data)


@settings(max_examples=300, deadline=None)
@given(anything, st.booleans())
def fuzz_backward_seed(seed, on_a_leaf):
    fuzzcount.count("backward(grad=anything)")
    x = Value(1.5)
    root = x if on_a_leaf else (x * 2.0).tanh()
    try:
        root.backward(seed)
    except TypeError as error:
        assert str(error).startswith("backward: expected a real number"), str(error)
    except ValueError as error:
        assert str(error).startswith("backward:") and ("nan" in str(error) or "finite" in str(error)), str(error)
    else:
        assert math.isfinite(x.grad)


def test_value_accepts_real_numbers_and_names_anything_else():
    fuzzcount.run("value: Value(anything)", fuzz_value, at_least=250)


def test_backward_takes_any_real_seed_and_names_anything_else():
    fuzzcount.run("backward(grad=anything)", fuzz_backward_seed, at_least=150)


def test_an_infinite_seed_is_refused_unless_ieee():
    with pytest.raises(ValueError, match="backward: the seed gradient must be finite, got inf"):
        Value(1.0).backward(math.inf)
    x = Value(1.0)
    with autograd.ieee_mode():
        x.backward(math.inf)
    assert x.grad == math.inf


# Trust: every gradient a user can read is finite or an error; an interrupted pass says so; threads take turns


def test_infinite_edges_into_a_leaf_are_an_error_naming_the_leaf_and_the_edges():
    x = Value(0.0, "x")
    with pytest.raises(FloatingPointError) as caught:
        (x.sqrt() - x.sqrt()).backward()  # +inf and -inf arrive along two edges: nan
    message = str(caught.value)
    assert message.startswith("backward: the gradient of 'x' is nan") and message.count("sqrt node") == 2
    with pytest.raises(FloatingPointError, match="the gradient of 'x' is inf"):
        autograd.grad(lambda x: x.sqrt())(0.0)
    f = autograd.compile((lambda v: v.sqrt() - v.sqrt())(Value(1.0, "x")))
    with pytest.raises(FloatingPointError, match="the gradient of 'x' is nan"):
        f(0.0)
    with autograd.ieee_mode():  # IEEE mode lets them through, as PyTorch does
        y = Value(0.0, "y")
        (y.sqrt() - y.sqrt()).backward()
        assert math.isnan(y.grad)


# Branches whose local derivatives blow up at the edge of their domain (0 for sqrt, log, 1/x and x ** 0.5,
# huge for exp and x * x); two of them joined make a leaf's sum inf - inf, inf * 0 or an overflow.
EDGY = {
    "sqrt": lambda v: v.sqrt(), "log": lambda v: v.log(), "inv": lambda v: 1.0 / v, "half": lambda v: v**0.5,
    "exp": lambda v: v.exp(), "square": lambda v: v * v, "neg sqrt": lambda v: -v.sqrt(), "id": lambda v: v,
}  # fmt: skip
JOIN = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
AT = [0.0, -0.0, 5e-324, 1e-300, 1e-160, 1.0, 700.0, 710.0, 1e154, 1e200, 1e308]


def _readable(build, at: float, path: str):
    """The gradient of the leaf on one path (engine, grad(), compiled code): a float, or the error raised."""
    try:
        if path == "engine":
            x = Value(at, "x")
            build(x).backward()
            return x.grad
        if path == "grad()":
            return autograd.grad(build)(at)
        x = Value(1.0, "x")
        return autograd.compile(build(x), inputs=[x])(at)[1][0]
    except (FloatingPointError, ValueError, ZeroDivisionError, OverflowError) as error:
        return error


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(EDGY)), st.sampled_from(sorted(EDGY)), st.sampled_from(sorted(JOIN)),
       st.sampled_from(AT))  # fmt: skip
def fuzz_leaf_gradients(f, g, join, at):
    fuzzcount.count("backward: leaf gradients on every path")

    def build(v):
        return JOIN[join](EDGY[f](v), EDGY[g](v))

    for path in ("engine", "grad()", "compiled"):
        got = _readable(build, at, path)
        if isinstance(got, BaseException):
            message = str(got)
            assert message and "\n" not in message and "Traceback" not in message, (path, message)  # one line
            if "gradient of 'x' is" in message:
                assert "edge" in message  # it names the edges that made it
        else:
            assert math.isfinite(got), (path, f, join, g, at, got)  # never a silent nan or inf


def test_every_leaf_gradient_a_user_reads_is_finite_or_an_error_on_every_path():
    fuzzcount.run("backward: leaf gradients on every path", fuzz_leaf_gradients, at_least=200)


@settings(max_examples=300, deadline=None)
@given(
    recipes(max_leaves=3, max_steps=12),
    st.lists(st.sampled_from([0.0, -0.0, 1e-300, 1e154, 1e308, -1e308]), max_size=3),
)
def test_after_any_backward_every_gradient_is_finite_or_an_error_was_raised(recipe, extremes):
    leaves, steps = recipe
    values = [Value(x) for x in (extremes + leaves)[: len(leaves)]]
    try:
        _, out = build(values, steps, ChainruleOps)
        out.backward()
    except (ArithmeticError, ValueError):
        return
    assert all(math.isfinite(node.grad) for node in topological_order(out)), [n.grad for n in topological_order(out)]


def test_an_interrupted_backward_warns_the_next_pass_through_its_leaves():
    x, w = Value(2.0, "x"), Value(3.0, "w")
    loss = (x * w).tanh() * x

    def stop(child, i, before):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        loss.backward(hook=stop)
    other = Value(1.0) * 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        other.backward()  # a graph with other leaves: nothing to warn about
    with pytest.warns(UserWarning, match="last backward\\(\\) was interrupted"):
        loss.backward()
    zero_grad(loss)
    with pytest.raises(RuntimeError):
        loss.backward(hook=lambda *edge: (_ for _ in ()).throw(RuntimeError("a hook that fails")))
    zero_grad(loss)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss.backward()  # zero_grad since: a fresh, right pass
    assert (x.grad, w.grad) == pytest.approx(autograd.grad(lambda a, b: (a * b).tanh() * a, (0, 1))(2.0, 3.0))


def test_threads_backpropagating_through_shared_nodes_get_exact_gradients():
    import threading

    x, w = Value(0.5, "x"), Value(2.0, "w")
    shared = x * w
    for _ in range(300):  # a long chain of interior nodes that every thread's graph goes through
        shared = shared * 1.0 + 0.0
    roots = [shared * float(k + 1) for k in range(6)]
    start = threading.Barrier(len(roots))

    def work(root):
        start.wait()
        for _ in range(20):
            root.backward()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: any interleaving shows
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # backward again without zero_grad: accumulating is the point here
            threads = [threading.Thread(target=work, args=(root,)) for root in roots]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(interval)
    expected = 20 * sum(k + 1 for k in range(6)) * 2.0  # d/dx of each root (w = 2), summed over every pass
    assert x.grad == expected


# Code from micrograd: Value subclasses, and _prev / _op ---------------------------------------


class Param(Value):
    """A subclass with attributes of its own and no __slots__ (so it has a __dict__), as micrograd users write."""

    def __init__(self, data, label="", note=""):
        super().__init__(data, label)
        self.note = note


class Slotted(Value):
    __slots__ = ("tag",)


def expressions_on_both_sides(a, b):
    """Every operator with the Value on either side, reflected ones with numbers, and some methods."""
    return [a + b, b + a, a - b, b - a, a * b, b * a, a / b, b / a, a**b, b**a, 3 + a, a + 3, 3 - a, 3 * a, 2 / a,
            2**a, a**2, -a, abs(a), a.tanh(), a.gelu(), a.max(b), autograd.atan2(b, a), autograd.sum([a, b, 1.0]),
            autograd.dot([a, b], [b, 2.0], a)]  # fmt: skip


@pytest.mark.parametrize("make", [Param, Slotted], ids=["dict", "slots"])
def test_a_value_subclass_is_a_value_on_either_side_of_every_op(make):
    ours, plain = [make(1.5, "a"), make(0.7, "b")], [Value(1.5, "a"), Value(0.7, "b")]
    for got, expected in zip(expressions_on_both_sides(*ours), expressions_on_both_sides(*plain)):
        for v in ours + plain:
            v.grad = 0.0
        got.backward()
        expected.backward()
        assert got.data == expected.data and got.op == expected.op
        assert [v.grad for v in ours] == [v.grad for v in plain], got.op  # never copied into a constant
        assert any(p is ours[0] or p is ours[1] for p in got.parents)
    assert type(ours[0]) is make and type(ours[0] * 2) is Value  # results are plain Values, as in micrograd


def test_a_value_subclass_keeps_its_attributes_and_may_not_be_a_constant():
    p = Param(2.0, "p", note="from micrograd")
    q = Slotted(3.0, "q")
    q.tag = "slot"
    (p * q).backward()
    assert (p.note, q.tag, p.grad, q.grad) == ("from micrograd", "slot", 3.0, 2.0)
    assert p.requires_grad and repr(p) == "Value(data=2.0, grad=3.0, label='p')"
    with pytest.raises(TypeError, match="Param: a Value subclass with attributes of its own cannot be a constant"):
        Value.__init__(Param.__new__(Param), 1.0, requires_grad=False)

    class Plain(Value):
        __slots__ = ()

    assert not Plain(1.0, requires_grad=False).requires_grad  # adds nothing, so it can become a Constant


def test_a_value_subclass_is_a_parameter_an_optimizer_steps_and_every_tool_shows():
    import graphviz  # noqa: F401 (draw needs it)

    import nn

    class Model(nn.Module):
        def __init__(self):
            self.w, self.b = Param(0.5, "w"), Slotted(-0.25, "b")

        def forward(self, x):
            return (self.w * x + self.b).tanh()

    model = Model()
    assert model.parameters() == [model.w, model.b]
    loss = (model(2.0) - 1.0) ** 2
    order = topological_order(loss)
    assert model.w in order and model.b in order
    steps = autograd.backward_steps(loss)
    assert {s.parent_name for s in steps} >= {"w", "b"} and model.w.grad != 0.0
    assert (
        "/∂w = " in str(autograd.explain(loss))
        and '<B>w</B></TD><VR/><TD WIDTH="64">data 0.5' in autograd.draw(loss).source
    )
    compiled = autograd.compile(loss, inputs=[model.w, model.b])
    assert compiled(0.5, -0.25) == (loss.data, (model.w.grad, model.b.grad))
    before = model.w.data
    nn.optim.Adam(model.parameters(), lr=0.1).step()
    assert type(model.w) is Param and model.w.data != before


def walk_like_micrograd(root) -> tuple[set, set]:
    """The nodes and edges found as micrograd's trace() finds them: following each node's _prev."""
    nodes, edges, stack = set(), set(), [root]
    while stack:
        v = stack.pop()
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                stack.append(child)
    return nodes, edges


def dot_like_micrograd(root):
    """A micrograd-style draw_dot: a record per value (data, grad) and an op node read from _op."""
    import graphviz

    dot = graphviz.Digraph(format="svg", graph_attr={"rankdir": "LR"})
    nodes, edges = walk_like_micrograd(root)
    for n in nodes:
        dot.node(name=str(id(n)), label=f"{{ {n.label} | data {n.data:.4f} | grad {n.grad:.4f} }}", shape="record")
        if n._op:
            dot.node(name=str(id(n)) + n._op, label=n._op)
            dot.edge(str(id(n)) + n._op, str(id(n)))
    for child, parent in edges:
        dot.edge(str(id(child)), str(id(parent)) + parent._op)
    return dot


def test_micrograds_trace_and_draw_dot_run_unchanged_on_prev_and_op():
    x, w, b = Value(2.0, "x"), Param(-3.0, "w"), Value(6.88, "b")
    out = (x * w + b).tanh() * (x * x)
    out.backward()
    nodes, edges = walk_like_micrograd(out)
    assert nodes == set(autograd.nodes(out))
    assert edges == {(parent, child) for parent, child, _ in autograd.edges(out)}  # x*x: one edge, as a set has
    assert (x * x)._prev == {x} and out._op == "*" and x._op == "" and x._prev == set()
    source = dot_like_micrograd(out).source
    assert "tanh" in source and "{ w | data -3.0000 | grad" in source and source.count("shape=record") == len(nodes)
    with pytest.raises(AttributeError):
        out._prev = set()  # read-only aliases: .parents and .op are the fields
    with pytest.raises(AttributeError):
        out._op = "+"


# The fast paths beside apply, and the node layout -------------------------------------------

FAST = {"add": Value.__add__, "mul": Value.__mul__} | {
    name: getattr(Value, op.method) for name, op in autograd.OPS.items() if op.arity == 1 and not op.params
}


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(sorted(FAST)), floats, floats, st.sampled_from(sorted(MODES)), st.booleans(), st.booleans())
def test_every_fast_method_makes_exactly_the_node_that_apply_makes(name, a, b, mode, x_constant, y_constant):
    # __add__, __mul__ and the one-argument methods build the node themselves when they can; apply is the
    # definition. The same node, bit for bit, or the same error, in every mode and for Constants too.
    x, y = Value(a, "x", requires_grad=not x_constant), Value(b, "y", requires_grad=not y_constant)
    op, fast = autograd.OPS[name], FAST[name]
    args = (x, y) if op.arity == 2 else (x,)
    switch = MODES[mode]
    with switch() if switch else warnings.catch_warnings():
        assert made(lambda: fast(*args)) == made(lambda: autograd.apply(op, *args))


OPERATORS = sorted(name for name, op in autograd.OPS.items() if op.arity == 2 and op.method.startswith("__"))
OPERANDS = st.one_of(
    floats.map(lambda b: Value(b, "y")),
    floats.map(lambda b: Value(b, "y", requires_grad=False)),
    floats,
    st.integers(-(10**400), 10**400),
    st.sampled_from([True, "2", None, 1 + 2j, Fraction(1, 3), [1.0]]),
)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(OPERATORS), floats, OPERANDS, st.sampled_from(sorted(MODES)), st.booleans(), st.booleans())
def test_every_operator_makes_the_node_apply_makes_with_a_value_or_a_number_either_side(name, a, other, mode, mirrored,
                                                                                        x_constant):  # fmt: skip
    # x + 2, x - y, 2 / x (x.__rtruediv__(2)), 2 ** x: the same node as apply's, bit for bit, or the same error.
    op, x = autograd.OPS[name], Value(a, "x", requires_grad=not x_constant)
    assert name in ("add", "sub", "mul", "truediv", "pow")  # the five operators with a reflected twin
    assume(mirrored or name != "pow" or isinstance(other, Value))  # x ** 2 is the op pow_const (k a parameter)
    fast = getattr(Value, f"__r{op.method[2:]}" if mirrored else op.method)
    args = (other, x) if mirrored else (x, other)
    switch = MODES[mode]
    with switch() if switch else warnings.catch_warnings():
        assert made(lambda: fast(x, other)) == made(lambda: autograd.apply(op, *args))


def test_a_node_is_one_object_for_the_cyclic_garbage_collector():
    import gc

    x, y = Value(1.5), Value(2.0)
    enabled = gc.isenabled()
    gc.disable()  # so that no collection runs (and untracks tuples) while counting
    try:
        before = len(gc.get_objects())
        nodes = [(x * y + x).tanh() for _ in range(1000)]  # 3000 nodes
        made = len(gc.get_objects()) - before
    finally:
        if enabled:
            gc.enable()
    assert 3000 <= made < 3100, made  # no tuples of parents or of local derivatives beside each node
    assert nodes[0].parents[0].parents == (nodes[0].parents[0].parents[0], x)


def test_a_graph_costs_at_most_165_bytes_per_node():
    a, b = [Value(1.0 + i % 7) for i in range(20_000)], [Value(0.5 - i % 5) for i in range(20_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        products = [ai * bi for ai, bi in zip(a, b)]
        total = products[0]
        for p in products[1:]:
            total = total + p
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert used / (2 * 20_000 - 1) <= 165  # a product or a sum: the node, its float, nothing else


def test_edges_read_back_as_tuples_and_local_grads_can_be_rewritten():
    x, y = Value(2.0), Value(3.0)
    wide = autograd.dot([x, y], [y, x], x)
    assert wide.parents == (x, y, y, x, x) and wide.local_grads == (3.0, 2.0, 2.0, 3.0, 1.0)
    node = x * y
    node.local_grads = (1.0, 0.5)
    node.backward()
    assert node.local_grads == (1.0, 0.5) and (x.grad, y.grad) == (1.0, 0.5)
    with pytest.raises(ValueError, match=r"\*: 1 local derivatives for 2 parents"):
        node.local_grads = (1.0,)
