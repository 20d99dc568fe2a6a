"""compile_forward: several outputs of one graph, forward only, over many rows, equal to the engine's values,
with the engine's own errors (and infs) when the generated code meets a domain error, a nan or an inf."""

from __future__ import annotations

import math

import pytest

import autograd
import nn
from autograd import Value
from autograd.compile import compile_forward


def small_graph(a: float = 0.0, b: float = 0.0):
    """x, y -> (x * y, tanh(x * y) + y, y): a shared node, and an input as an output."""
    x, y = Value(a, "x"), Value(b, "y")
    product = x * y
    return (x, y), [product, product.tanh() + y, y]


def test_each_row_gives_the_outputs_the_engine_computes(rng):
    (x, y), outs = small_graph()
    g = compile_forward(outs, [x, y])
    rows = [(rng.uniform(-3, 3), rng.uniform(-3, 3)) for _ in range(20)]
    for row, got in zip(rows, g.many(rows)):
        assert got == tuple(v.data for v in small_graph(*row)[1])  # the same floats, not merely close ones


def test_shared_inputs_come_first_and_the_outputs_of_a_model_match_its_calls():
    model = nn.MLP(3, [5, 4, 2], activation="tanh", seed=3)
    xs = [Value(0.0, f"x{i}") for i in range(3)]
    g = compile_forward(model(xs), [*model.parameters(), *xs])
    points = [(0.1, -0.2, 0.3), (2.0, 1.0, -1.5), (0.0, 0.0, 0.0)]
    got = g.many(points, *[p.data for p in model.parameters()])
    assert got == [tuple(v.data for v in model(list(p))) for p in points]
    assert g.inputs == (*model.parameters(), *xs)


def test_the_source_is_forward_only_and_reads_by_labels():
    (x, y), outs = small_graph()
    source = compile_forward(outs, [x, y]).source(n_shared=1)
    assert source.startswith("def _outputs(_rows, x):") and "for y, in _rows:" in source
    assert "d_" not in source  # no gradient is computed
    assert "_append((mul1, add1, y, ))" in source


def test_rows_are_converted_and_checked_like_compiled_many():
    (x, y), outs = small_graph()
    g = compile_forward(outs, [x, y])
    assert g.many([[2, 3]]) == g.many([(2.0, 3.0)])  # lists and ints are fine
    with pytest.raises(TypeError, match=r"compiled graph: many\(\) row 0 has 1 values, expected 2"):
        g.many([(1.0,)])
    with pytest.raises(TypeError, match="compiled graph: expected a real number, got 'a'"):
        g.many([(1.0, "a")])


def test_bad_outputs_are_named():
    x = Value(1.0, "x")
    with pytest.raises(TypeError, match=r"compile_forward: outputs\[1\] must be a Value, got 2.0"):
        compile_forward([x * 2, 2.0], [x])
    with pytest.raises(ValueError, match="compile_forward: outputs is empty"):
        compile_forward([], [x])
    double = x * 2
    with pytest.raises(ValueError, match=r"compile: inputs\[0\] .* is not a leaf"):
        compile_forward([double + 1], [double])


def test_a_domain_error_is_the_engines_error():
    x = Value(1.0, "x")
    g = compile_forward([x.log()], [x])
    assert g.many([(math.e,)]) == [(1.0,)]
    with pytest.raises(ValueError, match="log"):
        g.many([(2.0,), (-1.0,)])


def test_an_inf_passes_as_in_the_engine_and_a_nan_raises_as_in_the_engine():
    x, y = Value(1.0, "x"), Value(1.0, "y")
    g = compile_forward([x * y, x * y - x * y], [x, y])
    with pytest.raises(ValueError, match="sub: the result is nan"):
        g.many([(1e200, 1e200)])  # inf - inf
    h = compile_forward([x * y], [x, y])
    assert h.many([(1e200, 1e200), (2.0, 3.0)]) == [(math.inf,), (6.0,)]  # an inf is a value, as Value(inf)
    with autograd.ieee_mode():
        assert math.isnan(g.many([(1e200, 1e200)])[0][1])


def test_the_code_is_reused_for_the_same_graph_shape():
    (x, y), outs = small_graph()
    first = compile_forward(outs, [x, y])
    (x2, y2), outs2 = small_graph(5.0, 6.0)
    second = compile_forward(outs2, [x2, y2])
    first.many([(1.0, 2.0)])
    second.many([(1.0, 2.0)])
    assert first._functions[0] is second._functions[0]
