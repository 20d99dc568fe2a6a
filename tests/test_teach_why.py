"""autograd/teach/why.py: why a gradient is zero or tiny, followed back edge by edge to its cause."""

from __future__ import annotations

import math

import pytest

from autograd import Value, backward_steps, dot, why
from autograd.examples import textbook_network


def dead_relu():
    x1, x2 = Value(2.0, "x1"), Value(3.0, "x2")
    w1, w2, b = Value(-0.5, "w1"), Value(0.1, "w2"), Value(0.4, "b")
    z = dot([w1, w2], [x1, x2], b)
    z.label = "z"
    h = z.relu()
    h.label = "h"
    loss = (h - 1.0) ** 2
    loss.label = "L"
    return loss, w1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_why_relu_inactive(lang):
    loss, w1 = dead_relu()
    answer = why(w1, loss, lang=lang)
    assert answer.reason == "relu_inactive" and answer.grad == 0.0 == w1.grad
    assert "z = -0.3 <= 0" in str(answer)


def test_why_defaults_to_the_last_traced_root():
    loss, w1 = dead_relu()
    backward_steps(loss)
    assert why(w1).reason == "relu_inactive"


def test_why_without_any_root(monkeypatch):
    import autograd.teach.trace

    monkeypatch.setattr(autograd.teach.trace, "_last_root", None)
    with pytest.raises(ValueError, match="why: no root"):
        why(Value(1.0))


def test_why_multiplied_by_zero():
    a, w = Value(0.0, "a"), Value(3.0, "w")
    y = (a * w + 1.0).tanh()
    answer = why(w, y)
    assert answer.reason == "zero_input" and "a = 0" in str(answer)


def test_why_saturated_tanh():
    t = Value(10.0, "t")
    s = t.tanh()
    answer = why(t, s, lang="zh")
    assert answer.reason == "saturated" and "饱和" in str(answer)
    assert answer.grad == t.grad == pytest.approx(1 - math.tanh(10.0) ** 2)


def test_why_no_path_and_not_small_and_cancel():
    c = Value(1.0, "c")
    d = c * 2 - c * 2
    assert why(Value(5.0, "lost"), d).reason == "no_path"
    assert why(c, d).reason == "cancel"
    loss, named = textbook_network()
    answer = why(named["w5"], loss)
    assert answer.reason == "not_small" and "-2.01" in str(answer)
    assert why(loss, loss).reason == "root"


def test_why_counts_edges_in_words():
    loss, w1 = dead_relu()
    text = str(why(w1, loss))
    assert "along the one edge from w1 to the node that uses it" in text and "edge(s)" not in text
    c = Value(1.0, "c")
    d = c * 2 - c * 2
    assert "along the 2 edges from c" in str(why(c, d))


def test_why_a_constant_has_no_gradient():
    y = Value(2.5, "y", requires_grad=False)
    a = Value(1.0, "a")
    answer = why(y, (a - y) ** 2)
    assert answer.reason == "constant" and "y = 2.5 is a constant (requires_grad=False)" in str(answer)


def test_why_bad_input():
    with pytest.raises(TypeError, match="why: expected a Value"):
        why("w1", Value(1.0))
    with pytest.raises(ValueError, match="why: unknown lang"):
        why(Value(1.0), Value(1.0), lang="de")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_why_stops_a_long_chain_of_small_gradients_with_a_reason(lang):
    x = Value(1.0, "x")
    y = x
    for _ in range(12):
        y = y * 0.5
    answer = why(x, root=y, lang=lang, tol=0.9)  # before the fix: IndexError from an empty reason list
    assert answer.reasons == ["too_deep"]
