"""Per-layer |grad| / |w| and |update| / |w|, which `fit(record_ratios=True)` keeps as epoch means
for nn.plot.update_ratios: updates far below 1e-3 of the weights learn slowly, far above it thrash."""

from __future__ import annotations

import math

from .history import History


def weight_groups(model) -> dict[str, list[int]]:
    """Parameter indices per layer, weights only (biases start at 0): {"layers.0": [...], ...}.
    A model without neuron_parameters() is grouped by the first part of each parameter's name."""
    params = {p: i for i, p in enumerate(model.parameters())}
    groups: dict[str, list[int]] = {}
    if callable(getattr(model, "neuron_parameters", None)):
        for (layer, _), weights, _ in model.neuron_parameters():
            groups.setdefault("weights" if layer is None else f"layers.{layer}", []).extend(params[w] for w in weights)
    if not groups:
        for i, (name, _) in enumerate(model.named_parameters()):
            groups.setdefault(name.split(".")[0], []).append(i)
    return groups


def add_step(sums: dict, groups: dict, params: list, before: list) -> None:
    """Add one step's ratios (Euclidean norms over the layer; `before` holds the weights before the step)."""
    for key, indices in groups.items():
        norm_w = math.sqrt(sum(before[i] ** 2 for i in indices)) or 1.0
        grad = math.sqrt(sum(params[i].grad ** 2 for i in indices))
        update = math.sqrt(sum((params[i].data - before[i]) ** 2 for i in indices))
        total = sums.setdefault(key, [0.0, 0.0, 0])
        total[0], total[1], total[2] = total[0] + grad / norm_w, total[1] + update / norm_w, total[2] + 1


def close_epoch(sums: dict, history: History) -> None:
    """Append each layer's epoch means to the History and start the next epoch from zero."""
    for key, (grad, update, steps) in sums.items():
        history.grad_ratio.setdefault(key, []).append(grad / steps)
        history.update_ratio.setdefault(key, []).append(update / steps)
    sums.clear()
