"""autograd/teach/exercise_view.py: an exercise as text, Markdown and SVG; the Jupyter bundle with its
static fallback; the widget's model (answers in, verdicts out) and the ipywidgets view, without a browser."""

from __future__ import annotations

import base64
import re

import pytest

from autograd import Value, exercise, topological_order
from autograd.exercises import ExerciseModel, generate, preset
from autograd.teach import exercise_view


def test_the_picture_names_every_node_as_the_blanks_do_and_hides_every_gradient():
    ex = exercise("x*y + x", at={"x": 2, "y": 3})
    svg = ex.svg()
    assert svg.lstrip().startswith("<?xml") and "grad" not in svg
    labels = set(re.findall(r">([^<>]+)</text>", svg))
    product = ex.root.parents[0]
    assert {"x", "y", ex.names.name(product), "f", "data 8"} <= labels  # the unlabelled root is f, as in "∂f/∂x"


def test_the_picture_names_unlabelled_nodes_as_the_classroom_does_and_leaves_the_graph_untouched():
    x = Value(2.0, "x")
    root = (x * 3.0).tanh() + x
    ex = exercise(root)
    labels = set(re.findall(r">([^<>]+)</text>", ex.svg()))
    made = [node for node in topological_order(root) if node.parents]
    assert {ex.names.name(node) for node in made} <= labels  # n1, n2, n3: the names the blanks use
    assert ex.blanks[0].startswith(f"∂{ex.names.name(root)}/∂")
    assert [node.label for node in made] == ["", "", ""]  # the student's graph keeps its own labels


def test_outside_a_kernel_the_bundle_is_the_static_question():
    ex = preset("sigmoid_neuron")
    bundle = ex._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/markdown", "text/html", "image/svg+xml"}
    assert (
        "∂L/∂w1 = ?" in bundle["text/plain"]
        and "- $\\frac{\\partial L}{\\partial w_{1}}$ = ?" in bundle["text/markdown"]
    )
    uri = re.search(r'<img src="(data:image/svg\+xml;base64,[^"]+)"', bundle["text/html"])[1]
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == bundle["image/svg+xml"] == ex.svg()


def test_in_a_kernel_the_bundle_carries_the_widget_beside_the_fallback(monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.setattr(exercise_view, "in_kernel", lambda: True)
    ex = generate(2, 5)
    bundle = ex._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["version_major"] == 2 and view["model_id"] == ex.widget().box.model_id
    assert {"text/html", "image/svg+xml", "text/markdown"} <= set(bundle)
    assert ex.widget() is ex.widget()  # one widget per exercise


def test_the_model_marks_typed_answers_gives_hints_in_order_and_keeps_the_score():
    ex = preset("textbook_network")
    model = ExerciseModel(ex)
    assert model.score() == "Score: 0 of 9"
    model.type("∂L/∂w5", "-2.01")
    model.type("∂L/∂w1", "-0.804")
    verdicts = model.check()
    assert set(verdicts) == {"∂L/∂w5", "∂L/∂w1"}  # blanks left empty get no verdict
    assert verdicts["∂L/∂w5"].correct and verdicts["∂L/∂w1"].mistake == "missing_local"
    assert model.score() == "Score: 1 of 9"
    first, second, third, again = (model.hint("∂L/∂w1") for _ in range(4))
    assert first.startswith("-0.804 is the upstream gradient") and "/∂w1 = x1" in second
    assert third.endswith("= -1.608") and again == third
    feedback = model.feedback("∂L/∂w1")
    assert "not right (the local derivative is missing)" in feedback and feedback.count("<div>") == 3
    assert model.hint("∂L/∂b_o").startswith("∂L/∂b_o is the sum")  # before any answer: the general hints
    model.type("∂L/∂w1", "-1.608")
    model.check()
    assert model.score() == "Score: 2 of 9" and model.levels["∂L/∂w1"] == 0


def test_the_widget_works_without_a_browser():
    pytest.importorskip("ipywidgets")
    ex = exercise("x*y + x", at={"x": 2, "y": 3}, lang="zh")
    view = ex.widget()
    assert list(view.fields) == ex.blanks and view.check_button.description == "检查"
    view.fields["∂f/∂x"].value = "3"
    view.fields["∂f/∂y"].value = "2"
    view.check_button.click()
    assert "漏掉了一条路径" in view.feedback["∂f/∂x"].value and "正确" in view.feedback["∂f/∂y"].value
    assert view.score.value == "得分：1 / 2"
    view.hint_buttons["∂f/∂x"].click()
    assert "被用了 2 次" in view.feedback["∂f/∂x"].value
    head = view.box.children[0].value
    assert "<img" in head and "反向传播从 <math>" in head and "<mo>=</mo><mn>1</mn></math> 开始" in head


def test_text_and_markdown_list_the_forward_pass_and_the_blanks():
    ex = generate(4, 2, lang="zh")
    text = str(ex)
    assert text.startswith("第 4 级") and "前向传播已经算好" in text and "∂L/∂w1 = ?" in text
    assert (
        ex.to_markdown().startswith("### 第 4 级")
        and "- $z = w_{1} \\cdot x_{1} + w_{2} \\cdot x_{2} + b" in ex.to_markdown()
    )
