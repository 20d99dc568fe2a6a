"""The textbook's worked examples, built from Values: the 2-2-1 ReLU network and one sigmoid neuron."""

from __future__ import annotations

from .functions import dot
from .value import Value

# The 2-2-1 network: x = [2, 3], w1..w6 = 0.1, 0.4, 0.2, 0.5, 0.6, 0.3, biases 0.1, 0.2, 0.3, y = 2.5.
TEXTBOOK_X = (2.0, 3.0)
TEXTBOOK_Y = 2.5
TEXTBOOK_WEIGHTS = ([[0.1, 0.4], [0.2, 0.5]], [[0.6, 0.3]])  # weights[l][j]: incoming weights of neuron j
TEXTBOOK_BIASES = ([0.1, 0.2], [0.3])


def textbook_network() -> tuple[Value, dict[str, Value]]:
    """Loss (y_hat - y)^2 of the 2-2-1 ReLU network, and its named nodes (w1..w6, b_h1, z_h1, h1, y_hat ...).

    The target y = 2.5 is a constant (requires_grad=False): it shows as `y` and gets no gradient."""
    x1, x2 = Value(TEXTBOOK_X[0], "x1"), Value(TEXTBOOK_X[1], "x2")
    (wh, wo), (bh, bo) = TEXTBOOK_WEIGHTS, TEXTBOOK_BIASES
    w = [Value(v, f"w{i}") for i, v in enumerate([*wh[0], *wh[1], *wo[0]], start=1)]
    b_h1, b_h2, b_o = Value(bh[0], "b_h1"), Value(bh[1], "b_h2"), Value(bo[0], "b_o")
    y = Value(TEXTBOOK_Y, "y", requires_grad=False)
    z_h1, z_h2 = dot(w[0:2], [x1, x2], b_h1), dot(w[2:4], [x1, x2], b_h2)
    h1, h2 = z_h1.relu(), z_h2.relu()
    y_hat = dot(w[4:6], [h1, h2], b_o)
    loss = (y_hat - y) ** 2
    z_h1.label, z_h2.label, h1.label, h2.label, y_hat.label, loss.label = "z_h1", "z_h2", "h1", "h2", "y_hat", "L"
    named = {v.label: v for v in [x1, x2, *w, b_h1, b_h2, b_o, z_h1, h1, z_h2, h2, y_hat, y, loss]}
    return loss, named


def sigmoid_neuron() -> tuple[Value, dict[str, Value]]:
    """Loss 1/2 (y - a)^2 of one sigmoid neuron: x = [1, 2], w = [0.1, 0.2], b = 0.1, y = 0.5.

    The target y is a constant labelled `y`; the factor 1/2 a plain number (a constant too)."""
    w1, w2, b = Value(0.1, "w1"), Value(0.2, "w2"), Value(0.1, "b")
    z = dot([w1, w2], [Value(1.0, "x1"), Value(2.0, "x2")], b)
    a = z.sigmoid()
    y = Value(0.5, "y", requires_grad=False)
    loss = 0.5 * (y - a) ** 2
    z.label, a.label, loss.label = "z", "a", "L"
    return loss, {v.label: v for v in [w1, w2, b, z, a, y, loss]}
