"""backward_steps, explain and why: the trace watches the engine's loop and agrees with its gradients."""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import FrozenInstanceError

import pytest

import autograd
from autograd import Value, backward_steps, dot, explain, why
from autograd.examples import sigmoid_neuron, textbook_network
from autograd.teach.names import fmt

# DESIGN.md's textbook figures for the 2-2-1 network.
TEXTBOOK = {
    "y_hat": -1.34,
    "w5": -2.01,
    "w6": -2.814,
    "b_o": -1.34,
    "w1": -1.608,
    "w2": -2.412,
    "w3": -0.804,
    "w4": -1.206,
    "b_h1": -0.804,
    "b_h2": -0.402,
}


def engine_gradients(build):
    """The gradients a plain `backward()` gives on a fresh copy of the graph."""
    loss, named = build()
    loss.backward()
    return {name: node.grad for name, node in named.items()}


def test_textbook_steps_end_with_the_engines_gradients():
    expected = engine_gradients(textbook_network)
    loss, named = textbook_network()
    steps = backward_steps(loss)
    last = {}
    for step in steps:
        last[step.parent] = step.parent_grad_after
    for name, node in named.items():
        if node is not loss:
            assert last[node] == expected[name] == node.grad
    for name, figure in TEXTBOOK.items():
        assert named[name].grad == pytest.approx(figure, abs=1e-12)


def test_one_step_per_edge_in_backward_order():
    loss, _ = textbook_network()
    steps = backward_steps(loss)
    assert len(steps) == len(autograd.edges(loss))
    assert [s.number for s in steps] == list(range(len(steps)))
    child_order = [s.child_index for s in steps]
    assert child_order == sorted(child_order, reverse=True)  # children before their parents
    for step in steps:
        assert step.child.parents[step.index] is step.parent
        assert step.local == step.child.local_grads[step.index]
        assert step.parent_index < step.child_index


def test_a_plus_a_shows_the_running_sum():
    a = Value(3.0, "a")
    b = a + a
    steps = backward_steps(b)
    assert [(s.parent_grad_before, s.parent_grad_after) for s in steps] == [(0.0, 1.0), (1.0, 2.0)]
    assert [s.accumulates for s in steps] == [False, True]
    assert a.grad == 2.0
    assert "1 + " in steps[1].formula and steps[1].formula.endswith("= 2")


def test_fields_of_a_step_match_the_chain_rule():
    n = Value(0.5, "n")
    o = n.tanh()
    o.label = "o"
    (step,) = backward_steps(o)
    assert (step.child, step.parent, step.index) == (o, n, 0)
    assert step.upstream == 1.0
    assert step.local == pytest.approx(1 - math.tanh(0.5) ** 2)
    assert step.contribution == step.upstream * step.local == n.grad
    assert step.rule == autograd.OPS["tanh"].rule
    assert step.local_rule == "1 - o^2"
    assert step.formula == f"do/dn = do/do * do/dn = 1 * {fmt(step.local)} = {fmt(n.grad)}"
    with pytest.raises(FrozenInstanceError):
        step.upstream = 2.0


def test_zero_upstream_contributes_exactly_zero_even_with_an_infinite_local():
    x = Value(0.0, "x")
    y = x.sqrt()  # local derivative inf at 0
    z = y * 0.0
    steps = backward_steps(z)
    into_x = [s for s in steps if s.parent is x]
    assert into_x[0].local == math.inf and into_x[0].upstream == 0.0
    assert into_x[0].contribution == 0.0 and x.grad == 0.0


def test_trace_resets_gradients_first_and_does_not_warn():
    loss, named = textbook_network()
    loss.backward()
    with pytest.warns(UserWarning, match="called again"):
        loss.backward()  # leaves now hold twice their gradient
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        backward_steps(loss)
    assert named["w5"].grad == pytest.approx(-2.01)


def test_bad_root_and_grad_are_named():
    with pytest.raises(TypeError, match="backward_steps: expected a Value"):
        backward_steps(3.0)
    with pytest.raises(TypeError, match="backward_steps"):
        backward_steps(Value(1.0), grad="one")


def test_leaf_root_has_no_steps():
    x = Value(2.0, "x")
    assert backward_steps(x) == [] and x.grad == 1.0


# explain -------------------------------------------------------------------------------------


def result_gradients(text: str) -> dict:
    """`dL/d<name> = <number>` pairs from the last block of an explanation."""
    block = text.split("\n\n")[-1]
    return {m[0]: float(m[1]) for m in re.findall(r"dL/d(\w+) = (-?[\d.e+-]+)", block)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explain_reproduces_every_textbook_gradient(lang):
    expected = engine_gradients(textbook_network)
    loss, named = textbook_network()
    text = str(explain(loss, lang=lang))
    shown = result_gradients(text)
    for name, figure in TEXTBOOK.items():
        if name != "y_hat":
            assert shown[name] == pytest.approx(expected[name], rel=1e-5)
            assert shown[name] == pytest.approx(figure, rel=1e-5)
    assert f"dL/dy_hat = {fmt(expected['y_hat'])}" in text
    assert "dL/dw5 = dL/dy_hat * dy_hat/dw5 = -1.34 * 1.5 = -2.01" in text


def test_explain_per_edge_sentence_in_english():
    n = Value(0.5, "n")
    o = n.tanh()
    o.label = "o"
    text = str(explain(o))
    local = fmt(1 - math.tanh(0.5) ** 2)
    assert f"o = tanh(n) = tanh(0.5) = {fmt(o.data)}" in text
    assert f"do/dn = 1 - o^2 = 1 - {fmt(o.data)}^2 = {local}" in text
    assert f"do/dn = do/do * do/dn = 1 * {local} = {local}" in text


def test_explain_in_chinese_uses_the_textbook_vocabulary():
    loss, _ = textbook_network()
    text = str(explain(loss, lang="zh"))
    for word in ("反向传播", "链式法则", "上游梯度", "局部导数", "梯度"):
        assert word in text
    assert "两部分梯度相加" in text  # x1 gets gradient along two paths


def test_explain_renders_as_markdown_and_html_with_escaping():
    x = Value(2.0, "<b>x</b>")
    y = x * x
    y.label = "y_1"
    e = explain(y)
    html = e._repr_html_()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert e._repr_markdown_() == e.to_markdown()
    assert "`dy_1/d(<b>x</b>) = 4`" in e.to_markdown()
    assert "Node y\\_1" not in e.to_markdown()  # names sit in code spans, not escaped prose
    assert len(e.steps) == 2 and e.lang == "en"


def test_explain_unknown_language_lists_the_choices():
    with pytest.raises(ValueError, match="explain: unknown lang 'fr'.*en, zh"):
        explain(Value(1.0), lang="fr")


def test_explain_sigmoid_neuron():
    loss, named = sigmoid_neuron()
    text = str(explain(loss))
    assert f"dL/dw1 = {fmt(named['w1'].grad)}" in text
    assert named["w1"].grad == pytest.approx(0.033324, rel=1e-4)


# why -----------------------------------------------------------------------------------------


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
