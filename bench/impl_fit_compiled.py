"""`nn.fit(..., compile=True)`: what users get, on the moons step: full batch, Karpathy's loss
(mean hinge + ALPHA * sum p^2) as a custom loss, and SGD.

Timed per epoch of one long fit run (a callback reads the clock), so each time is all that fit
does per epoch; fit's one-off set-up (checking the data, reading and compiling the model's graph)
falls in the first epoch, which is left out as the warm-up. `w1` (one fit call per step) is for
the checks that every implementation computes the same losses.
"""

from __future__ import annotations

import time

import autograd
import nn

from . import data
from .impl_chainrule import moons_mlp
from .plan import NotApplicableError

NAME = "chainrule-fit-compiled"


def svm_loss(params: list):
    """The bench's loss for fit: (scores, labels) -> mean relu(1 - y * score) + ALPHA * sum(p * p)."""

    def loss(scores: list, y: list):
        losses = [(1.0 - yi * s).relu() for s, yi in zip(scores, y)]
        return autograd.sum(losses) * (1.0 / len(losses)) + data.ALPHA * autograd.dot(params, params)

    return loss


def _setup(n_points: int, activation: str) -> tuple:
    points, y = data.make_moons(n_points)
    model = moons_mlp(activation)
    return model, points, y, svm_loss(model.parameters()), nn.SGD(model.parameters(), lr=data.LR)


def w1(n_points: int, activation: str, forward_only: bool = False):
    """One full-batch SGD step per call, each a call of nn.fit(compile=True, epochs=1); returns the loss."""
    if forward_only:
        raise NotApplicableError("fit(compile=True) builds no graph per step")
    model, points, y, loss, optimizer = _setup(n_points, activation)

    def step() -> float:
        return nn.fit(model, points, y, loss, optimizer, epochs=1, progress=False, compile=True).loss[0]

    return step


def w1_epochs(n_points: int, activation: str, case: dict) -> tuple[list, list]:
    """(seconds per epoch, loss per epoch) of one fit run: `reps` epochs after the warm-up, or fewer once
    the time budget is spent (at least 3). The losses start at the first epoch, as `w1`'s steps do."""
    model, points, y, loss, optimizer = _setup(n_points, activation)
    skip = max(1, case["warmup"])  # the first epoch holds fit's set-up
    stamps = [time.perf_counter()]

    def clock(epoch: int, history) -> bool:
        stamps.append(time.perf_counter())
        timed = len(stamps) - 1 - skip
        return timed >= case["reps"] or (timed >= 3 and stamps[-1] - stamps[skip] > case["budget"])

    history = nn.fit(model, points, y, loss, optimizer, epochs=skip + case["reps"], progress=False, compile=True,
                     callbacks=[clock])  # fmt: skip
    return [b - a for a, b in zip(stamps[skip:], stamps[skip + 1 :])], history.loss
