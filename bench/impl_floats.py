"""Hand-written forward and backward over plain floats and lists, with plain loops: the floor.

No graph, no nodes: what any scalar engine in Python pays at least for the same arithmetic.
"""

from __future__ import annotations

import math

from . import data

NAME = "floats"


def _layer_forward(layer: list, x: list, hidden: bool, activation: str) -> tuple[list, list]:
    """(pre-activations z, outputs a) of one layer; the activation on hidden layers only (both on W5)."""
    zs = []
    for ws, b in layer:
        z = 0.0
        for w, xi in zip(ws, x):
            z += w * xi
        zs.append(z + b)
    if not hidden:
        return zs, zs
    return zs, [max(z, 0.0) for z in zs] if activation == "relu" else [math.tanh(z) for z in zs]


def _sample(layers, grads, x, yi, scale, activation, out_tanh) -> float:
    """Forward and backward of one sample's hinge loss; adds scale * d loss / d param into grads."""
    inputs, outs, zs = [], [], []
    a = x
    for depth, layer in enumerate(layers):
        inputs.append(a)
        z, a = _layer_forward(layer, a, out_tanh or depth < len(layers) - 1, activation)
        zs.append(z)
        outs.append(a)
    margin = 1.0 - yi * a[0]
    if margin <= 0.0:
        return 0.0
    delta = [-yi * scale * (1.0 - a[0] * a[0] if out_tanh else 1.0)]  # d loss / d (last pre-activation)
    for depth in range(len(layers) - 1, -1, -1):
        layer, grad_layer, x_in = layers[depth], grads[depth], inputs[depth]
        back = [0.0] * len(x_in)
        for (ws, _), (gw, gb), d in zip(layer, grad_layer, delta):
            gb[0] += d
            for i in range(len(ws)):
                gw[i] += d * x_in[i]
                back[i] += d * ws[i]
        if depth:
            prev = zs[depth - 1]
            if activation == "relu":
                delta = [g if z > 0.0 else 0.0 for g, z in zip(back, prev)]
            else:
                delta = [g * (1.0 - a * a) for g, a in zip(back, inputs[depth])]
    return margin


def w1(n_points: int, activation: str, forward_only: bool = False, out_tanh: bool = False):
    """The moons step (or its forward pass) by hand; out_tanh puts tanh on the last layer too (W5)."""
    points, y = data.make_moons(n_points)
    layers = [[(list(ws), b) for ws, b in layer] for layer in data.init_mlp()]
    scale = 1.0 / n_points

    def forward() -> float:
        total = 0.0
        for x, yi in zip(points, y):
            a = x
            for depth, layer in enumerate(layers):
                a = _layer_forward(layer, a, out_tanh or depth < len(layers) - 1, activation)[1]
            total += max(1.0 - yi * a[0], 0.0)
        return total * scale + data.ALPHA * sum(p * p for p in data.flat(layers))

    def step() -> float:
        grads = [[([0.0] * len(ws), [0.0]) for ws, _ in layer] for layer in layers]
        total = 0.0
        for x, yi in zip(points, y):
            total += _sample(layers, grads, x, yi, scale, activation, out_tanh)
        loss = total * scale + data.ALPHA * sum(p * p for p in data.flat(layers))
        for layer, grad_layer in zip(layers, grads):
            for j, ((ws, b), (gw, gb)) in enumerate(zip(layer, grad_layer)):
                ws[:] = [w - data.LR * (g + 2.0 * data.ALPHA * w) for w, g in zip(ws, gw)]
                layer[j] = (ws, b - data.LR * (gb[0] + 2.0 * data.ALPHA * b))
        return loss

    return forward if forward_only else step


def chain(n: int):
    w, c = data.CHAIN_W, data.CHAIN_C

    def build() -> list:
        ys = [data.CHAIN_X]
        y = ys[0]
        for i in range(n):
            y = y * w if i % 2 == 0 else y + c
            ys.append(y)
        return ys

    def backward(ys: list) -> float:
        g, gw, gc = 1.0, 0.0, 0.0  # d y / d (current y), d y / d w, d y / d c
        for i in range(n - 1, -1, -1):
            if i % 2 == 0:
                gw += g * ys[i]
                g *= w
            else:
                gc += g
        return g

    return build, backward


def wide(n: int):
    a, b = data.wide_leaves(n)

    def build() -> float:
        total = 0.0
        for ai, bi in zip(a, b):
            total += ai * bi
        return total

    def backward(out: float) -> float:
        ga = [1.0 * bi for bi in b]  # d out / d a_i = upstream (1) * b_i
        gb = [1.0 * ai for ai in a]
        return ga[0] if gb else 0.0

    return build, backward


def w5(n_points: int):
    """W5's floor: the tanh MLP with tanh on every layer, by hand."""
    return w1(n_points, "tanh", out_tanh=True)


def tree(n: int):
    """W6's floor: the leaves as floats, their products, the same pairwise tree of sums, and its backward:
    each sum passes its gradient to both halves, each product to a_i as g_i * b_i (and to b_i as g_i * a_i)."""
    a_data, b_data = data.wide_leaves(n)

    def build() -> tuple:
        a, b = list(a_data), list(b_data)
        levels = [[ai * bi for ai, bi in zip(a, b)]]
        while len(levels[-1]) > 1:
            v = levels[-1]
            levels.append([v[i] + v[i + 1] for i in range(0, len(v) - 1, 2)] + (v[-1:] if len(v) % 2 else []))
        return a, b, levels

    def backward(handle: tuple) -> float:
        a, b, levels = handle
        g = [1.0]
        for below in reversed(levels[:-1]):
            g = [g[i // 2] for i in range(len(below))]  # d out / d (node i of the level below)
        ga = [gi * bi for gi, bi in zip(g, b)]
        gb = [gi * ai for gi, ai in zip(g, a)]
        return ga[0] if gb else 0.0

    return build, backward


def nodes(workload: str, n: int) -> int:
    """Floats one build keeps: the chain's n intermediate values (and x); the wide sum keeps none."""
    return n + 1 if workload == "W2" else 1
