"""`generate(level, seed)`: exercises of graded difficulty, the same for the same seed, with numbers a
student can work with by hand; and the seed chapter's two worked examples as presets.

Levels: 1 one op, 2 a chain, 3 a reused node, 4 a neuron with activation and loss, 5 a tiny MLP
(2-2-1). Inputs and targets are constants (requires_grad=False), so only variables are asked.
"""

from __future__ import annotations

import random

from ..examples import sigmoid_neuron, textbook_network
from ..functions import dot
from ..graph import topological_order
from ..value import Value
from .exercise_phrases import LANGS
from .exercises import Exercise

LEVELS = {
    1: ("one op", "一个运算"),
    2: ("a chain", "一条链"),
    3: ("a reused node", "重复使用的节点"),
    4: ("a neuron with activation and loss", "带激活函数和损失的神经元"),
    5: ("a tiny MLP", "小型多层感知机"),
}
PRESETS = {
    "textbook_network": ("The 2-2-1 network of the chapter", "教材中的 2-2-1 网络"),
    "sigmoid_neuron": ("The sigmoid neuron of the chapter", "教材中的 sigmoid 神经元"),
}
NICE = (-3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)  # never 0: no division by it
SMALL = (-1.0, -0.8, -0.6, -0.5, -0.4, -0.3, -0.2, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
POSITIVE = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
UNARY = ("tanh", "sigmoid", "relu", "exp", "square")
BINARY = ("+", "-", "*", "/")


def generate(level: int = 1, seed=None, hide: str = "grads", lang: str = "en") -> Exercise:
    """A generated exercise of `level` (1-5); `seed` makes it reproducible (None: a fresh one, kept in `.seed`)."""
    if type(level) is not int or level not in LEVELS:
        raise ValueError(f"generate: level must be 1, 2, 3, 4 or 5, got {level!r}")
    if lang not in LANGS:
        raise ValueError(f"generate: unknown lang {lang!r}; choose one of {', '.join(LANGS)}")
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    rng = random.Random(f"chainrule-exercise-{level}-{seed}")  # a str seed: the same on every run and platform
    title = f"Level {level} · {LEVELS[level][0]}" if lang == "en" else f"第 {level} 级 · {LEVELS[level][1]}"
    for _ in range(50):  # a draw where every gradient asked is 0 (all ReLUs off) teaches little: draw again
        root, asked = BUILDERS[level](rng)
        ex = Exercise(root, hide, lang, nodes=asked if hide == "grads" else None, seed=seed, title=title, level=level)
        if any(ex.answers().values()):
            break
    return ex


def preset(name: str, hide: str = "grads", lang: str = "en") -> Exercise:
    """The chapter's worked examples: "textbook_network" (the 2-2-1 ReLU network) or "sigmoid_neuron"."""
    if name not in PRESETS:
        raise ValueError(f"preset: unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    loss, named = textbook_network() if name == "textbook_network" else sigmoid_neuron()
    asked = [node for label, node in named.items() if label[:1] in "wb"]  # the weights and biases
    if hide != "grads":  # every node but the inputs x1, x2 (Values in the chapter's examples, yet data)
        asked = [node for node in topological_order(loss) if node.parents or node in asked]
    title = PRESETS[name][lang == "zh"] if lang in LANGS else ""
    return Exercise(loss, hide, lang, nodes=asked, title=title)


def _unary(x: Value, op: str) -> Value:
    return x**2 if op == "square" else getattr(x, op)()


def _binary(x, y, op: str) -> Value:
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    return x * y if op == "*" else x / y


def _one_op(rng: random.Random):
    x = Value(rng.choice(NICE), "x")
    if rng.random() < 0.5:
        y = Value(rng.choice(NICE), "y")
        f = _binary(x, y, rng.choice(BINARY))
        asked = [x, y]
    else:
        op = rng.choice((*UNARY, "log", "pow"))
        if op == "log":
            x.data = rng.choice(POSITIVE)
            f = x.log()
        elif op == "pow":
            f = x ** rng.choice((2, 3, -1))
        else:
            f = _unary(x, op)
        asked = [x]
    f.label = "f"
    return f, asked


def _chain(rng: random.Random):
    a, x = Value(rng.choice(SMALL), "a"), Value(rng.choice(NICE), "x")
    node, asked = a * x, [a, x]
    node.label = "u"
    for label in ("v", "f")[: rng.choice((1, 2))]:
        if rng.random() < 0.5:
            leaf = Value(rng.choice(SMALL), "bc"[len(asked) - 2])
            node, asked = _binary(node, leaf, rng.choice(("+", "-", "*"))), [*asked, leaf]
        else:
            node = _unary(node, rng.choice(UNARY if abs(node.data) < 3 else ("tanh", "sigmoid", "relu")))
        node.label = label
    node.label = "f"
    return node, asked


def _reused(rng: random.Random):
    x, y = Value(rng.choice(NICE), "x"), Value(rng.choice(NICE), "y")
    shape = rng.randrange(3)
    if shape == 0:  # a leaf used twice: f = (x op y) op2 g(x)
        u = _binary(x, y, rng.choice(("+", "*", "-")))
        u.label = "u"
        g = _unary(x, rng.choice(("tanh", "square", "sigmoid")))
        g.label = "g"
        f = _binary(u, g, rng.choice(("+", "*")))
    elif shape == 1:  # a node used twice: f = u op h(u)
        u = _binary(x, y, rng.choice(("+", "*")))
        u.label = "u"
        gentle = ("tanh", "sigmoid") if abs(u.data) > 2 else ("tanh", "exp", "square")  # no exp(6): numbers by hand
        h = _unary(u, rng.choice(gentle))
        h.label = "h"
        f = _binary(u, h, rng.choice(("+", "*")))
    else:  # both inputs of one op are the same node: f = (x * x) op y
        u = x * x
        u.label = "u"
        f = _binary(u, y, rng.choice(("*", "-")))
    f.label = "f"
    return f, [x, y]


def _neuron(rng: random.Random):
    x1, x2 = Value(rng.choice(NICE), "x1", False), Value(rng.choice(NICE), "x2", False)
    w1, w2, b = (Value(rng.choice(SMALL), name) for name in ("w1", "w2", "b"))
    activation = rng.choice(("sigmoid", "tanh", "relu"))
    z = dot([w1, w2], [x1, x2], b)
    a = getattr(z, activation)()
    y = Value(rng.choice((0.0, 0.5, 1.0)) if activation == "sigmoid" else rng.choice(SMALL), "y", False)
    if rng.random() < 0.5:
        e = a - y
        loss = e**2
    else:  # the chapter's ½(y - a)²
        e = y - a
        s = e**2
        s.label = "s"
        loss = 0.5 * s
    z.label, a.label, e.label, loss.label = "z", "a", "e", "L"
    return loss, [w1, w2, b]


def _mlp(rng: random.Random):
    xs = [Value(rng.choice(NICE), f"x{i}", False) for i in (1, 2)]
    w = [Value(rng.choice(SMALL), f"w{i}") for i in range(1, 7)]
    bh = [Value(rng.choice(SMALL[5:9]), f"b_h{i}") for i in (1, 2)]
    b_o = Value(rng.choice(SMALL[5:9]), "b_o")
    activation = rng.choice(("relu", "tanh", "sigmoid"))
    hidden = []
    for j in range(2):
        z = dot(w[2 * j : 2 * j + 2], xs, bh[j])
        h = getattr(z, activation)()
        z.label, h.label = f"z_h{j + 1}", f"h{j + 1}"
        hidden.append(h)
    y_hat = dot(w[4:6], hidden, b_o)
    e = y_hat - Value(rng.choice(SMALL), "y", False)
    loss = e**2
    y_hat.label, e.label, loss.label = "y_hat", "e", "L"
    return loss, [*w, *bh, b_o]


BUILDERS = {1: _one_op, 2: _chain, 3: _reused, 4: _neuron, 5: _mlp}
