"""autograd/teach/explain.py: the backward pass in words, in English and Chinese, as text, Markdown and HTML."""

from __future__ import annotations

import math
import re

import pytest

from autograd import Value, explain
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
