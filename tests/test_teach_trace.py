"""backward_steps: the trace watches the engine's loop, agrees with its gradients, and writes each step exactly.

A step shows the local derivative as local, the contribution of its path and the running total; only the
last path into a node calls its gradient final, with the sum over the paths.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import FrozenInstanceError

import pytest

import autograd
from autograd import Value, backward_steps
from autograd.examples import textbook_network
from autograd.parser import evaluate
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


def expression(text: str, **values):
    root, leaves = evaluate(text, {k: float(v) for k, v in values.items()})
    root.label = "f"
    return root, leaves


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
        if node is not loss and node.requires_grad:
            assert last[node] == expected[name] == node.grad
    for name, figure in TEXTBOOK.items():
        assert named[name].grad == pytest.approx(figure, abs=1e-12)


def test_one_step_per_edge_into_a_node_that_gets_a_gradient_in_backward_order():
    loss, named = textbook_network()
    steps = backward_steps(loss)
    edges = [(p, c) for p, c, _ in autograd.edges(loss) if p.requires_grad]
    assert len(steps) == len(edges) == len(autograd.edges(loss)) - 1  # all but the edge into y
    assert all(step.parent is not named["y"] for step in steps)
    assert [s.number for s in steps] == list(range(len(steps)))
    child_order = [s.child_index for s in steps]
    assert child_order == sorted(child_order, reverse=True)  # children before their parents
    for step in steps:
        assert step.child.parents[step.index] is step.parent
        assert step.local == step.child.local_grads[step.index]
        assert step.parent_index < step.child_index


def test_the_seed_chapters_chain_for_w5():
    loss, named = textbook_network()
    (step,) = [s for s in backward_steps(loss) if s.parent is named["w5"]]
    assert step.formula == "∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01 (final: its only path)"
    assert step.written("ascii") == "dL/dw5 = dL/dy_hat * dy_hat/dw5 = (-1.34) * 1.5 = -2.01 (final: its only path)"
    assert step.written("latex").startswith(r"\frac{\partial L}{\partial w_{5}} = \frac{\partial L}{\partial \hat{y}}")
    assert step.written("ascii", "zh").endswith("（最终值：只有这一条路径）")
    assert step.final and step.paths == 1 and step.path == 1


def test_local_and_total_derivatives_of_x_times_x_plus_x():
    """The issue's example: step 2 is one path's contribution and a running total, never "df/dx = 1"."""
    root, leaves = expression("x*x + x", x=3)
    steps = backward_steps(root)
    into_x = [s for s in steps if s.parent is leaves["x"]]
    assert [s.formula for s in into_x] == [
        "∂f/∂f · ∂(n1 + x)/∂x = 1 · 1 = 1; ∂f/∂x so far: 0 + 1 = 1",
        "∂f/∂n1 · ∂n1/∂x = 1 · 3 = 3; ∂f/∂x so far: 1 + 3 = 4",
        "∂f/∂n1 · ∂n1/∂x = 1 · 3 = 3; final ∂f/∂x = 1 + 3 + 3 = 7, over 3 paths",
    ]
    assert [(s.path, s.paths, s.final, s.accumulates) for s in into_x] == [
        (1, 3, False, False), (2, 3, False, True), (3, 3, True, True)
    ]  # fmt: skip
    assert not any(s.formula.startswith("∂f/∂x =") for s in into_x[:2])  # a partial sum is never "the gradient"
    assert leaves["x"].grad == 7.0


def test_a_local_derivative_of_the_root_is_written_with_its_expression():
    root, _ = expression("tanh(x*w + b)", x=2, w=-3, b=6.8813735870195432)
    first = backward_steps(root)[0]
    assert first.formula == "∂f/∂n2 = ∂f/∂f · ∂tanh(n2)/∂n2 = 1 · 0.5 = 0.5 (final: its only path)"
    assert first.rule_named == "∂tanh(n2)/∂n2 = 1 - f²"


def test_rules_are_written_with_the_operands_as_they_appear():
    root, leaves = expression("x*w", x=2, w=3)
    by_parent = {s.parent_name: s for s in backward_steps(root)}
    assert by_parent["w"].rule_named == "∂(x·w)/∂w = x"  # the student's x stays x
    assert by_parent["x"].rule_named == "∂(x·w)/∂x = w"
    assert by_parent["w"].rule == autograd.OPS["mul"].rule  # the generic rule is kept beside it


def test_constants_get_no_step():
    root, leaves = expression("1 + x*w", x=2, w=3)
    steps = backward_steps(root)
    assert [s.parent_name for s in steps] == ["n1", "x", "w"]
    assert not any("d(1)" in s.formula or "∂(1)" in s.formula for s in steps)
    y = Value(2.5, "y", requires_grad=False)
    a = Value(1.0, "a")
    steps = backward_steps((a - y) ** 2)
    assert [s.parent for s in steps][-1] is a and all(s.parent is not y for s in steps)
    assert y.grad == 0.0


def test_a_node_made_only_of_constants_is_not_a_step():
    x = Value(2.0, "x")
    root = x * (Value(2.0, requires_grad=False) * 3.0)
    assert [s.parent for s in backward_steps(root)] == [x]


def test_a_plus_a_shows_the_running_sum():
    a = Value(3.0, "a")
    b = a + a
    b.label = "b"
    steps = backward_steps(b)
    assert [(s.parent_grad_before, s.parent_grad_after) for s in steps] == [(0.0, 1.0), (1.0, 2.0)]
    assert [s.accumulates for s in steps] == [False, True]
    assert a.grad == 2.0
    assert steps[1].formula == "∂b/∂b · ∂(a + a)/∂a = 1 · 1 = 1; final ∂b/∂a = 1 + 1 = 2, over 2 paths"


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
    assert step.local_rule == "1 - o²"
    assert step.formula == f"∂o/∂n = ∂o/∂o · ∂tanh(n)/∂n = 1 · {fmt(step.local)} = {fmt(n.grad)} (final: its only path)"
    with pytest.raises(FrozenInstanceError):
        step.upstream = 2.0
    with pytest.raises(ValueError, match="Step.written: unknown notation"):
        step.written("troff")


def test_zero_upstream_contributes_exactly_zero_even_with_an_infinite_local():
    x = Value(0.0, "x")
    y = x.sqrt()  # local derivative inf at 0
    z = y * 0.0
    steps = backward_steps(z)
    into_x = [s for s in steps if s.parent is x]
    assert into_x[0].local == math.inf and into_x[0].upstream == 0.0
    assert into_x[0].contribution == 0.0 and x.grad == 0.0
    assert "inf" not in into_x[0].formula.split("=")[-2]  # no "0 · inf" shown as if it were a product


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
