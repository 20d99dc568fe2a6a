"""backward_steps, explain and why: the trace watches the engine's loop and agrees with its gradients."""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import FrozenInstanceError

import pytest

import autograd
from autograd import Value, backward_steps, dot
from autograd.examples import textbook_network
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
