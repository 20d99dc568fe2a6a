"""autograd/teach/explain.py: the backward pass in words, in English and Chinese, as text, Markdown and HTML."""

from __future__ import annotations

import math
import re

import pytest

from autograd import Value, explain
from autograd.examples import sigmoid_neuron, textbook_network
from autograd.parser import evaluate
from autograd.teach.names import fmt
from tests.test_teach_trace import TEXTBOOK, engine_gradients


def result_gradients(text: str) -> dict:
    """`∂L/∂<name> = <number>` pairs from the last block of an explanation."""
    block = text.split("\n\n")[-1]
    return {m[0]: float(m[1]) for m in re.findall(r"∂L/∂(\w+) = (-?[\d.e+-]+)", block)}


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
    assert f"∂L/∂ŷ = {fmt(expected['y_hat'])}" in text
    assert "∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01" in text


def test_the_result_lists_inputs_then_parameters_and_no_constant():
    loss, _ = textbook_network()
    block = str(explain(loss)).split("\n\n")[-1].splitlines()
    names = [re.match(r"\s*∂L/∂(\w+)", line).group(1) for line in block[1:]]
    assert names == ["x1", "x2", "w1", "w2", "b_h1", "w3", "w4", "b_h2", "w5", "w6", "b_o"]
    assert "∂L/∂x1 = -0.1608, the sum over 2 paths" in block[1]
    assert "∂L/∂y" not in str(explain(loss)) and "y = 2.5 is a constant: backward takes no step to it." in str(
        explain(loss)
    )


def test_backward_starts_at_the_root_by_its_name():
    root, _ = evaluate("x*x + x", {"x": 3.0})
    root.label = "f"
    text = str(explain(root))
    assert "Backward starts at f with ∂f/∂f = 1" in text and "the loss" not in text


def test_each_edge_line_has_the_local_derivative_in_names_and_the_running_total():
    root, _ = evaluate("x*x + x", {"x": 3.0})
    root.label = "f"
    lines = [line.strip() for line in str(explain(root)).splitlines() if line.strip().startswith("to x")]
    assert lines == [
        "to x: local derivative ∂(n1 + x)/∂x = 1; by the chain rule, ∂f/∂f · ∂(n1 + x)/∂x = 1 · 1 = 1; "
        "∂f/∂x so far: 0 + 1 = 1",
        "to x, which already got 1 along another path: local derivative ∂n1/∂x = ∂(x·x)/∂x = x = 3; "
        "by the chain rule, ∂f/∂n1 · ∂n1/∂x = 1 · 3 = 3; ∂f/∂x so far: 1 + 3 = 4",
        "to x, which already got 4 along another path: local derivative ∂n1/∂x = ∂(x·x)/∂x = x = 3; "
        "by the chain rule, ∂f/∂n1 · ∂n1/∂x = 1 · 3 = 3; final ∂f/∂x = 1 + 3 + 3 = 7, over 3 paths",
    ]


def test_the_generic_rule_stays_one_line_away():
    root, _ = evaluate("x*w", {"x": 2.0, "w": 3.0})
    root.label = "f"
    text = str(explain(root))
    assert "Generic rule: ∂(a·b)/∂a = b, ∂(a·b)/∂b = a" in text
    assert "local derivative ∂(x·w)/∂w = x = 2" in text


def test_ascii_notation_for_terminals():
    n = Value(0.5, "n")
    o = n.tanh()
    o.label = "o"
    text = explain(o, notation="ascii").to_text()
    local = fmt(1 - math.tanh(0.5) ** 2)
    assert text.isascii()
    assert f"o = tanh(n) = tanh(0.5) = {fmt(o.data)}" in text
    assert f"d(tanh(n))/dn = 1 - o^2 = 1 - {fmt(o.data)}^2 = {local}" in text
    assert str(explain(o)).count("∂") > 3 and explain(o).to_text("ascii") == text


def test_chains_group_each_neuron_into_the_textbooks_three_factors():
    loss, _ = textbook_network()
    text = str(explain(loss, chains=True))
    block = text.split("The chain rule neuron by neuron, as the textbook writes it\n")[1].split("\n\n")[0]
    lines = [line.strip() for line in block.splitlines()]
    assert lines[0] == "∂L/∂w1 = ∂L/∂h1 · ∂h1/∂z_h1 · ∂z_h1/∂w1 = (-0.804) · 1 · 2 = -1.608"
    assert "∂L/∂b_h2 = ∂L/∂h2 · ∂h2/∂z_h2 · ∂z_h2/∂b_h2 = (-0.402) · 1 · 1 = -0.402" in lines
    assert "∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01" in lines  # a linear neuron: two factors
    assert len(lines) == 9 and not any("x1" in line for line in lines)  # inputs are shared, not a neuron's own
    assert "neuron by neuron" not in str(explain(loss))


def test_explain_in_chinese_uses_the_textbook_vocabulary():
    loss, _ = textbook_network()
    text = str(explain(loss, lang="zh"))
    for word in ("反向传播", "链式法则", "上游梯度", "局部导数", "梯度"):
        assert word in text
    assert "两部分梯度相加" in text and "最终" in text  # x1 gets gradient along two paths


def test_markdown_has_real_math_and_html_has_mathml():
    loss, _ = textbook_network()
    e = explain(loss)
    md = e.to_markdown()
    assert r"$\frac{\partial L}{\partial w_{5}} = \frac{\partial L}{\partial \hat{y}} \cdot" in md
    bundle = e._repr_mimebundle_()
    assert set(bundle) == {"text/markdown", "text/plain"} and bundle["text/markdown"] == md
    assert bundle["text/plain"] == str(e)
    html = e.to_html()
    assert "<math>" in html and "<msub><mi>w</mi><mn>5</mn></msub>" in html


def test_markdown_and_html_escape_labels():
    x = Value(2.0, "<b>x</b>")
    y = x * x
    y.label = "y_1"
    e = explain(y)
    assert "<b>x</b>" not in e.to_html() and "&lt;b&gt;x&lt;/b&gt;" in e.to_html()
    assert "<b>" not in e.to_markdown() and r"\lt" in e.to_markdown()
    assert len(e.steps) == 2 and e.lang == "en"


def test_explain_bad_arguments_list_the_choices():
    with pytest.raises(ValueError, match="explain: unknown lang 'fr'.*en, zh"):
        explain(Value(1.0), lang="fr")
    with pytest.raises(ValueError, match="explain: unknown notation 'tex'"):
        explain(Value(1.0), notation="tex")


def test_explain_sigmoid_neuron():
    loss, named = sigmoid_neuron()
    text = str(explain(loss))
    assert f"∂L/∂w1 = {fmt(named['w1'].grad)}" in text
    assert named["w1"].grad == pytest.approx(0.033324, rel=1e-4)
    assert "y = 0.5 is a constant" in text and "0.5 is a constant" in text.replace("y = 0.5 is", "")
