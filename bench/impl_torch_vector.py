"""PyTorch the usual way: the batch and each layer's weights as float64 tensors."""

from __future__ import annotations

from . import data
from .impl_torch_scalar import sgd_step

NAME = "torch-vectorised"


def available() -> str | None:
    try:
        import torch  # noqa: F401
    except ImportError:
        return "torch is not installed"
    return None


def w1(n_points: int, activation: str, forward_only: bool = False):
    import torch

    def tensor(x, grad=False):
        return torch.tensor(x, dtype=torch.float64, requires_grad=grad)

    layers = data.init_mlp()
    weights = [tensor([ws for ws, _ in layer], True) for layer in layers]
    biases = [tensor([b for _, b in layer], True) for layer in layers]
    params = [p for pair in zip(weights, biases) for p in pair]
    points, y = data.make_moons(n_points)
    points, y = tensor(points), tensor(y)
    act = torch.relu if activation == "relu" else torch.tanh

    def forward():
        h = points
        for depth, (w, b) in enumerate(zip(weights, biases)):
            h = h @ w.T + b
            if depth < len(weights) - 1:
                h = act(h)
        losses = torch.relu(1.0 - y * h[:, 0])
        return losses.sum() * (1.0 / len(losses)) + data.ALPHA * sum((p * p).sum() for p in params)

    return (lambda: forward().item()) if forward_only else sgd_step(forward, params)


def wide(n: int):
    import torch

    a = (1.0 + torch.arange(n, dtype=torch.float64) % 7 * 0.125).requires_grad_()
    b = (0.5 - torch.arange(n, dtype=torch.float64) % 5 * 0.25).requires_grad_()

    def build():
        return (a * b).sum()

    def backward(out) -> float:
        a.grad = None
        out.backward()
        return a.grad[0].item()

    return build, backward
