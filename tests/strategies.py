"""Hypothesis strategies for random expression graphs, and a builder that runs the same recipe
on chainrule Values or on PyTorch tensors, so the two can be compared node for node; the extreme
floats and the "anything a user might pass" objects the engine's fuzz tests send into every op."""

from __future__ import annotations

import math

from hypothesis import strategies as st

import autograd

# Each step combines earlier nodes i and j; the forms keep every op inside its domain.
STEPS = {
    "add": lambda a, b, f: a + b,
    "sub": lambda a, b, f: a - b,
    "mul": lambda a, b, f: a * b,
    "div": lambda a, b, f: a / (1.5 + b * b),
    "neg": lambda a, b, f: -a,
    "square": lambda a, b, f: a**2,
    "cube": lambda a, b, f: a**3,
    "rpow": lambda a, b, f: 2 ** f.tanh(a),
    "pow": lambda a, b, f: (1.0 + a * a) ** f.tanh(b),
    "exp": lambda a, b, f: f.exp(f.tanh(a)),
    "log": lambda a, b, f: f.log(1.0 + a * a),
    "tanh": lambda a, b, f: f.tanh(a),
    "sigmoid": lambda a, b, f: f.sigmoid(a),
    "relu": lambda a, b, f: f.relu(a),
    "sqrt": lambda a, b, f: f.sqrt(1.0 + b * b),
    "sin": lambda a, b, f: f.sin(a),
    "cos": lambda a, b, f: f.cos(b),
    "abs": lambda a, b, f: f.abs(a),
    "sum": lambda a, b, f: f.sum([a, b, a]),
    "dot": lambda a, b, f: f.dot([a, b], [b, a], a),
}
KINKED = {"relu", "abs"}  # not differentiable at 0: property tests keep their inputs away from it

EXTREMES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 1.0, -1.0, 1e308, -1e308,
            math.inf, -math.inf, 709.0, 710.0, -745.0]  # fmt: skip
floats = st.one_of(st.sampled_from(EXTREMES), st.floats(allow_nan=False))
anything = st.one_of(
    floats, st.integers(), st.booleans(), st.none(), st.text(max_size=5), st.binary(max_size=5),
    st.complex_numbers(), st.lists(st.integers(), max_size=2), st.just(float("nan")), st.just(object()),
    st.fractions(), st.decimals(allow_nan=False),
)  # fmt: skip


class ChainruleOps:
    exp, log, tanh, sigmoid, relu = autograd.exp, autograd.log, autograd.tanh, autograd.sigmoid, autograd.relu
    sqrt, sin, cos, abs, sum, dot = autograd.sqrt, autograd.sin, autograd.cos, autograd.abs, autograd.sum, autograd.dot


class TorchOps:
    def __init__(self, torch):
        self.t = torch
        for name in ["exp", "log", "tanh", "sigmoid", "relu", "sqrt", "sin", "cos", "abs"]:
            setattr(self, name, getattr(torch, name))

    def sum(self, values):
        return self.t.stack(list(values)).sum()

    def dot(self, ws, xs, bias):
        return self.t.dot(self.t.stack(ws), self.t.stack(xs)) + bias


@st.composite
def recipes(draw, max_leaves: int = 4, max_steps: int = 25):
    """(leaf values, steps): step k is (name, i, j) over nodes 0 .. n_leaves + k - 1."""
    leaves = draw(st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=1, max_size=max_leaves))
    steps = []
    for k in range(draw(st.integers(1, max_steps))):
        available = len(leaves) + k
        steps.append((draw(st.sampled_from(sorted(STEPS))), draw(st.integers(0, available - 1)),
                      draw(st.integers(0, available - 1))))  # fmt: skip
    return leaves, steps


def build(leaves: list, steps: list, ops) -> tuple[list, object]:
    """Run the recipe; the output is the sum of the last three nodes (so several paths meet)."""
    nodes = list(leaves)
    inputs = []
    for name, i, j in steps:
        if name in KINKED:
            inputs.append(nodes[i])
        nodes.append(STEPS[name](nodes[i], nodes[j], ops))
    out = nodes[-1]
    for extra in nodes[-3:-1]:
        out = out + extra
    return inputs, out


# A graph whose labels are HTML that would run if a page let it: every page and picture must escape them.
SCRIPT = "</code><script>alert('x')</script>&amp;"


def hostile_graph():
    x = autograd.Value(2.0, SCRIPT)
    w = autograd.Value(-0.5, '<img src=x onerror="alert(1)">')
    out = (x * w).tanh()
    out.label = SCRIPT
    return out


def assert_escaped(page: str) -> None:
    """The hostile labels are in `page` as text (escaped once or twice, or as a JSON escape), never as markup."""
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page or "&amp;lt;script&amp;gt;alert(" in page or "\\u003cscript" in page
