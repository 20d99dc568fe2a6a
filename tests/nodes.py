"""How the engine's tests look at a node someone made: every mode it may be made in, the node as
everything can see it (to compare a fast builder with apply), and "a Value or an error naming the op"."""

from __future__ import annotations

import math
import warnings
import weakref

import autograd
from autograd import Value

MODES = {"normal": None, "no_grad": autograd.no_grad, "ieee": autograd.ieee_mode, "anomaly": autograd.detect_anomaly}


def made(make) -> tuple:
    """A node as everything can see it (type, data, op, parents, local derivatives; repr keeps -0.0 and
    nan apart), or the error that making it raised. A labelled parent is itself (its id); an unlabelled
    one, such as the Constant a number becomes (a new object each time), is its type and data."""
    seen = made_each(lambda: [make()])
    return seen if type(seen) is tuple else seen[0]


def made_each(make) -> list | tuple:
    """`made` for a call that makes a list of nodes: each node as seen, or the error the call raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nodes = make()
    except Exception as error:
        return type(error), str(error)
    return [_seen(node) for node in nodes]


def _seen(node) -> tuple:
    parents = tuple((id(p) if p.label else (type(p), repr(p.data))) for p in node.parents)
    return type(node), repr(node.data), node.op, parents, repr(node.local_grads), node.label, repr(node.grad)


def named_error_or_value(name: str, call) -> None:
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


def weak_refs_to_a_dropped_graph(x: Value) -> list:
    """Weak references to every node of a 3,001-node graph behind `x`, built, backpropagated and dropped
    (a neuron-like step a thousand times over: products, tanh, dot nodes): only `x` should stay alive."""
    y = x
    for _ in range(1_000):
        y = (y * 1.5).tanh() + autograd.dot([x, y], [y, x], 0.1)
    y.backward()
    return [weakref.ref(node) for node in autograd.topological_order(y)]
