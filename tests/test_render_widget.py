"""stepper_widget: the model behind the notebook widget, driven without a browser. A slider's number gives
the values and gradients of a fresh engine run; Previous/Next walk the same steps as backward_steps; the
ipywidgets view (built without a front end) follows the model; every output has a static copy."""

from __future__ import annotations

import math
import re

import pytest

from autograd import Value, backward_steps, dot, stepper_widget
from autograd.examples import textbook_network


def fresh_textbook(w1: float) -> dict:
    """The 2-2-1 network built from scratch with this w1, after one plain backward: {label: (data, grad)}."""
    x1, x2 = Value(2.0, "x1"), Value(3.0, "x2")
    w = [Value(v, f"w{i}") for i, v in enumerate([w1, 0.4, 0.2, 0.5, 0.6, 0.3], start=1)]
    b_h1, b_h2, b_o = Value(0.1, "b_h1"), Value(0.2, "b_h2"), Value(0.3, "b_o")
    h1, h2 = dot(w[0:2], [x1, x2], b_h1).relu(), dot(w[2:4], [x1, x2], b_h2).relu()
    loss = (dot(w[4:6], [h1, h2], b_o) - Value(2.5, "y", requires_grad=False)) ** 2
    h1.label, h2.label, loss.label = "h1", "h2", "L"
    loss.backward()
    return {v.label: (v.data, v.grad) for v in [x1, x2, *w, b_h1, b_h2, b_o, h1, h2, loss]}


def test_sliders_are_the_inputs_and_parameters_with_their_numbers():
    L, node = textbook_network()
    widget = stepper_widget(L)
    assert list(widget.values) == ["x1", "x2", "w1", "w2", "b_h1", "w3", "w4", "b_h2", "w5", "w6", "b_o"]
    assert widget.values["w5"] == 0.6 and "y" not in widget.values  # y is a constant: no slider unless asked
    assert list(stepper_widget(L, sliders=["w1", "y"]).values) == ["w1", "y"]


def test_a_slider_gives_every_value_and_gradient_of_a_fresh_run():
    L, node = textbook_network()
    widget = stepper_widget(L)
    widget.set("w1", 0.5)  # "what if w1 were 0.5?"
    expected = fresh_textbook(0.5)
    data, grads = widget.data(), widget.grads()
    for label, (value, grad) in expected.items():
        assert data[label] == value, label
        assert grads[label] == grad, label
    assert data["L"] != L.data  # it moved ...
    assert node["w1"].data == 0.1 and L.data == pytest.approx(0.4489)  # ... on a copy: the user's graph is as it was
    assert [s.contribution for s in widget.steps] == [s.contribution for s in backward_steps(widget.root)]


def test_gradients_after_a_slider_match_central_differences():
    widget = stepper_widget("tanh(w * x + b) * x", at={"w": 0.5, "x": 2.0, "b": -0.3})
    widget.set("x", -1.25)
    assert widget.data()["x"] == -1.25
    numeric = (math.tanh(0.5 * (-1.25 + 1e-6) - 0.3) * (-1.25 + 1e-6) - math.tanh(0.5 * (-1.25 - 1e-6) - 0.3) * (
        -1.25 - 1e-6)) / 2e-6  # fmt: skip
    assert widget.grads()["x"] == pytest.approx(numeric, rel=1e-6)


def test_next_and_prev_walk_the_steps_of_backward():
    L, _ = textbook_network()
    widget = stepper_widget(L)
    steps = backward_steps(L)
    assert widget.position == 0 and widget.step is None and widget.so_far() == {"L": 1.0}
    widget.prev()
    assert widget.position == 0  # nothing before the start
    for k in range(1, len(steps) + 1):
        widget.next()
        assert widget.position == k and widget.step.formula == steps[k - 1].formula
    widget.next()
    assert widget.position == len(steps)  # nothing after the end
    assert widget.so_far() == {name: grad for name, grad in widget.grads().items() if name != "y"}
    widget.prev()
    last = steps[-1]
    assert widget.so_far().get(last.parent_name) == (last.parent_grad_before if last.parent_grad_before else None)
    widget.reset()
    assert widget.position == 0


def test_the_panel_and_table_show_the_current_step():
    L, _ = textbook_network()
    widget = stepper_widget(L)
    assert "Press Next" in widget.panel_html() and "?" in widget.table_html()
    step = next(i for i, s in enumerate(backward_steps(L), start=1) if s.parent_name == "w5")
    for _ in range(step):
        widget.next()
    panel, table = widget.panel_html(), widget.table_html()
    assert f"Step {step} of 19" in panel and "upstream gradient" in panel and "local derivative" in panel
    cells = "".join(f"<td style='padding:1px 8px'>{text}</td>" for text in ("w5", "0.6", "-2.01"))
    assert f"<tr style='background:#fff3c4'>{cells}</tr>" in table  # the parent of this step, its gradient now
    svg = widget.svg()
    assert svg.startswith("<svg") and "#d62728" in svg  # the step's edge is marked in the accent colour
    shown = re.findall(r">grad ([^<]*)<", svg)  # the graph agrees with the table: gradients so far, "?" before
    assert "&#45;2.01" in shown and "?" in shown and "&#45;1.608" not in shown
    assert "&#45;1.608" in re.findall(r">grad ([^<]*)<", widget.svg(final=True))  # the static copy: the whole pass
    assert "#d62728" not in stepper_widget(L).svg()  # and before the first step, nothing is


def test_a_number_outside_the_domain_is_shown_and_the_last_graph_kept():
    widget = stepper_widget("log(x) * w", at={"x": 2.0, "w": 3.0})
    widget.set("x", -1.0)
    assert widget.values["x"] == 2.0 and widget.data()["x"] == 2.0
    assert "x = -1" in widget.error and "log" in widget.error
    assert "x = -1" in widget.panel_html()
    widget.set("x", 4.0)
    assert widget.error == "" and widget.grads()["w"] == pytest.approx(math.log(4.0))


def test_static_copy_for_viewers_without_widgets():
    L, _ = textbook_network()
    bundle = stepper_widget(L)._repr_mimebundle_()
    assert bundle["image/svg+xml"].startswith("<svg")
    assert "\\frac{\\partial L}{\\partial w_{1}} = -1.608" in bundle["text/markdown"]
    assert bundle["text/plain"].startswith("<StepperWidget: step 0 of 19")
    assert "application/vnd.jupyter.widget-view+json" not in bundle  # no kernel here: nothing to talk to


def test_the_ipywidgets_view_follows_the_model():
    pytest.importorskip("ipywidgets")
    from autograd.render.widget_view import View

    L, _ = textbook_network()
    widget = stepper_widget(L, lang="zh")
    view = View(widget)
    view.buttons["next"].click()
    assert widget.position == 1 and "第 1 步（共 19 步）" in view.panel.value
    view.sliders["w1"].value = 0.5
    assert widget.values["w1"] == 0.5 and widget.grads()["w1"] == fresh_textbook(0.5)["w1"][1]
    assert "<svg" in view.graph.value and view.buttons["prev"].disabled is False


def test_bad_arguments_are_named():
    L, _ = textbook_network()
    with pytest.raises(ValueError, match="stepper_widget: no leaf named 'q'"):
        stepper_widget(L, sliders=["q"])
    with pytest.raises(ValueError, match="stepper_widget: span must be a number > 0"):
        stepper_widget(L, span=0)
    with pytest.raises(TypeError, match=r"stepper_widget: give the values of x with at="):
        stepper_widget("x * 2")
    with pytest.raises(TypeError, match="stepper_widget: expected a Value"):
        stepper_widget(3.0)
    with pytest.raises(KeyError, match="no slider 'y'"):
        stepper_widget(L).set("y", 1.0)
    with pytest.raises(ValueError, match="stepper_widget: unknown lang 'fr'"):
        stepper_widget(L, lang="fr")
