"""PyTorch with one 0-d float64 tensor per parameter and per value: micrograd's graph, in torch."""

from __future__ import annotations

from . import data

NAME = "torch-scalar"


def available() -> str | None:
    try:
        import torch  # noqa: F401
    except ImportError:
        return "torch is not installed"
    return None


def sgd_step(forward, params: list):
    """One full-batch SGD step as a function: the loss from forward(), backward, update; returns the loss."""
    import torch

    def step() -> float:
        loss = forward()
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= data.LR * p.grad
        return loss.item()

    return step


def _tensor(x, grad: bool = False):
    import torch

    return torch.tensor(x, dtype=torch.float64, requires_grad=grad)


def w1(n_points: int, activation: str, forward_only: bool = False):
    import torch

    layers = [[([_tensor(w, True) for w in ws], _tensor(b, True)) for ws, b in layer] for layer in data.init_mlp()]
    params = data.flat(layers)
    points, y = data.make_moons(n_points)
    act = torch.relu if activation == "relu" else torch.tanh

    def model(x):
        for depth, layer in enumerate(layers):
            x = [sum((wi * xi for wi, xi in zip(ws, x)), b) for ws, b in layer]
            if depth < len(layers) - 1:
                x = [act(z) for z in x]
        return x[0]

    def forward():
        scores = [model([_tensor(a), _tensor(b)]) for a, b in points]
        losses = [torch.relu(1 + -yi * s) for yi, s in zip(y, scores)]
        return sum(losses) * (1.0 / len(losses)) + data.ALPHA * sum(p * p for p in params)

    return (lambda: forward().item()) if forward_only else sgd_step(forward, params)


def w5(n_points: int):
    """W5 built op by op: the same bench.data.op_by_op_mlp as every engine runs, a 0-d tensor per scalar."""
    import torch

    layers = [[([_tensor(w, True) for w in ws], _tensor(b, True)) for ws, b in layer] for layer in data.init_mlp()]
    params = data.flat(layers)
    points, y = data.make_moons(n_points)

    def forward():
        scores = [data.op_by_op_mlp(layers, [_tensor(a), _tensor(b)], torch.tanh) for a, b in points]
        return data.op_by_op_loss(scores, y, params, torch.relu)

    return sgd_step(forward, params)


def chain(n: int):
    x, w, c = _tensor(data.CHAIN_X, True), _tensor(data.CHAIN_W, True), _tensor(data.CHAIN_C, True)

    def build():
        return data.chain(x, w, c, n)

    def backward(y) -> float:
        x.grad = None
        y.backward()
        return x.grad.item()

    return build, backward


def wide(n: int):
    a, b = ([_tensor(x, True) for x in floats] for floats in data.wide_leaves(n))

    def build():
        return sum(ai * bi for ai, bi in zip(a, b))

    def backward(out) -> float:
        a[0].grad = None
        out.backward()
        return a[0].grad.item()

    return build, backward
