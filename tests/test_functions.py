"""autograd/functions.py: the n-ary nodes `sum` and `dot`, built from any iterable, numbers or hostile objects."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value
from tests import fuzzcount


def test_dot_builds_the_same_node_from_lists_tuples_and_generators(rng):
    ws = [Value(rng.uniform(-1, 1)) for _ in range(5)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(5)]
    b = Value(0.25)
    made = [autograd.dot(ws, xs, b), autograd.dot(tuple(ws), tuple(xs), b), autograd.dot(iter(ws), iter(xs), b)]
    for node in made:
        assert node.data == made[0].data and node.parents == (*ws, *xs, b)
        assert node.local_grads == made[0].local_grads and type(node.parents) is tuple
    assert autograd.dot(ws, xs).parents == (*ws, *xs)


def test_sum_and_dot_are_one_node_each():
    xs = [Value(float(i)) for i in range(1, 5)]
    ws = [Value(0.5 * i) for i in range(1, 5)]
    b = Value(1.0)
    s = autograd.sum(xs)
    d = autograd.dot(ws, xs, b)
    assert s.op == "sum" and len(s.parents) == 4
    assert d.op == "dot" and d.parents == (*ws, *xs, b)
    d.backward()
    assert [w.grad for w in ws] == [x.data for x in xs]
    assert [x.grad for x in xs] == [w.data for w in ws]
    assert b.grad == 1.0


def test_dot_equals_the_expanded_chain_bit_for_bit(rng):
    ws = [Value(rng.uniform(-1, 1)) for _ in range(16)]
    xs = [Value(rng.uniform(-1, 1)) for _ in range(16)]
    b = Value(rng.uniform(-1, 1))
    chain = ws[0] * xs[0]
    for w, x in zip(ws[1:], xs[1:]):
        chain = chain + w * x
    chain = chain + b
    assert autograd.dot(ws, xs, b).data == chain.data


def test_dot_and_sum_accept_numbers_and_check_sizes():
    x = Value(2.0)
    assert autograd.dot([1, 2], [x, 3], 0.5).data == 8.5
    assert autograd.sum([1, x, 2.5]).data == 5.5
    assert autograd.sum([]).data == 0.0
    with pytest.raises(ValueError, match="dot: 2 weights but 3 inputs"):
        autograd.dot([1, 2], [1, 2, 3])


EXTREMES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 1.0, -1.0, 1e308, -1e308,
            math.inf, -math.inf, 709.0, 710.0, -745.0]  # fmt: skip


floats = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=False))


anything = st.one_of(
    floats, st.integers(), st.booleans(), st.none(), st.text(max_size=5), st.binary(max_size=5),
    st.complex_numbers(), st.lists(st.integers(), max_size=2), st.just(float("nan")), st.just(object()),
    st.fractions(), st.decimals(allow_nan=False),
)  # fmt: skip


def _named_error_or_value(name: str, call) -> None:
    """`call()` gives a non-nan Value, or an error naming op `name` (or Python's own TypeError for a
    left operand such as a list, which refuses a Value before chainrule is asked)."""
    try:
        out = call()
    except TypeError as error:
        text = str(error)
        assert text.startswith(f"{name}: expected a real number") or "pow" in text or "Value" in text, text
    except (ValueError, ZeroDivisionError, OverflowError) as error:
        assert name in str(error) or "division" in str(error), str(error)
    else:
        assert type(out) is Value and not math.isnan(out.data)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["sum", "dot-weights", "dot-inputs", "dot-bias"]), anything, floats)
def fuzz_nary_items(where, obj, x):
    fuzzcount.count("ops: any object inside sum and dot")
    a, b = Value(0.5), Value(-2.0)
    calls = {
        "sum": lambda: autograd.sum([a, obj, b]),
        "dot-weights": lambda: autograd.dot([a, obj], [b, x]),
        "dot-inputs": lambda: autograd.dot([a, b], [obj, x]),
        "dot-bias": lambda: autograd.dot([a], [b], obj),
    }
    _named_error_or_value(where.split("-")[0], calls[where])


def test_any_object_inside_sum_and_dot():
    fuzzcount.run("ops: any object inside sum and dot", fuzz_nary_items, at_least=150)


def test_empty_sums_and_dots_are_the_float_zero():
    for node in (autograd.sum([]), autograd.sum(iter(())), autograd.dot([], []), autograd.dot((), ())):
        assert isinstance(node, Value) and type(node.data) is float and node.data == 0.0
        node.backward()  # a node with nothing behind it: backward runs and changes nothing
        assert node.grad == 1.0
    assert autograd.dot([], [], bias=Value(2.5)).data == 2.5
    assert autograd.sum([autograd.sum([]), Value(1.5)]).data == 1.5
    x = Value(-0.0)
    assert math.copysign(1.0, autograd.sum([x]).data) == math.copysign(1.0, sum([-0.0]))  # as Python adds


def test_numpy_scalars_and_arrays_mix_with_values_in_sum_and_dot():
    np = pytest.importorskip("numpy")
    x, w = Value(3.0, "x"), Value(0.5, "w")
    out = autograd.dot([np.float64(2.0), w], [x, np.float32(4.0)], bias=np.int64(1))
    assert out.data == 2.0 * 3.0 + 0.5 * 4.0 + 1.0 and type(out.data) is float
    out.backward()
    assert (x.grad, w.grad) == (2.0, 4.0)
    assert autograd.dot(np.array([2.0, 1.0]), [x, w]).data == 6.5
    assert autograd.sum([np.float64(1.5), x, *np.array([0.25, 0.25])]).data == 5.0
