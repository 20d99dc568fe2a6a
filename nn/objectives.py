"""What `fit` minimises: each loss name with the labels it accepts and what it needs of the model,
and the training data checked against both."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from autograd import Value

from . import losses
from ._checks import is_real, real, sequence, short, unordered
from .messages import text
from .metrics import output_activation


@dataclass(frozen=True)
class Objective:
    """A loss for fit: `loss(outputs, targets) -> Value`, a label check, and whether accuracy makes sense."""

    name: str
    loss: Callable[[list, list], Value]
    target: Callable[[object, int | None], object]  # (label, number of outputs) -> what `loss` takes, or raise
    classification: bool
    threshold: float | None = None  # where one output splits the two classes; None: ask the model


def _number(t, k):
    if k is not None and k > 1:
        row = sequence(t, "fit", "a target")
        if len(row) != k or not all(_finite(v) for v in row):
            raise ValueError(text("target_row", k=k, got=short(t)))
        return [float(v) for v in row]
    if not _finite(t):
        raise ValueError(text("target_finite", got=short(t)))
    return float(t)


def _sign(t, k):
    if not is_real(t) or t not in (0, 1, -1):
        raise ValueError(text("target_sign", got=short(t)))
    return 1.0 if t > 0 else -1.0  # hinge wants -1/+1; 0/1 labels are mapped here


def _unit(t, k):
    if not is_real(t) or not 0 <= t <= 1:
        raise ValueError(text("target_unit", got=short(t)))
    return float(t)


def _index(t, k):
    if not _finite(t) or t != int(t) or not 0 <= t < (k or float("inf")):
        allowed = f"0..{k - 1}" if k else ">= 0"
        raise ValueError(text("target_class", allowed=allowed, got=short(t)))
    return int(t)


def _finite(t) -> bool:
    return is_real(t) and math.isfinite(t)


def _custom(t, k):
    return t


OBJECTIVES = {
    "mse": Objective("mse", losses.mse_loss, _number, False),
    "hinge": Objective("hinge", losses.hinge_loss, _sign, True, 0.0),
    "bce": Objective("bce", losses.binary_cross_entropy, _unit, True, 0.5),
    "bce_with_logits": Objective("bce_with_logits", losses.binary_cross_entropy_with_logits, _unit, True, 0.0),
    "cross_entropy": Objective("cross_entropy", losses.cross_entropy, _index, True),
}

_ONE_OUTPUT = {"hinge", "bce", "bce_with_logits"}


def get(loss, model, who: str = "fit") -> Objective:
    """The objective for a loss name or a callable `(outputs, targets) -> Value`, checked against the model."""
    if callable(loss):
        return Objective(getattr(loss, "__name__", "custom"), loss, _custom, False)
    if not isinstance(loss, str) or loss not in OBJECTIVES:
        valid = ", ".join(repr(k) for k in OBJECTIVES)
        raise ValueError(text("unknown_loss", who=who, got=short(loss), valid=valid))
    k, act = outputs_of(model), output_activation(model)
    if loss in _ONE_OUTPUT and k not in (None, 1):
        raise ValueError(text("one_output", who=who, loss=loss, k=k))
    if loss == "cross_entropy" and k is not None and k < 2:
        raise ValueError(text("cross_entropy_outputs", who=who, k=k))
    if loss == "bce" and act not in (None, "sigmoid"):
        raise ValueError(text("bce_probabilities", who=who, act=act))
    if loss in ("bce_with_logits", "cross_entropy") and act == "sigmoid":
        raise ValueError(text("twice_squashed", who=who, loss=loss))
    return OBJECTIVES[loss]


def targets(objective: Objective, y: list, model, who: str = "fit") -> list:
    """The labels as the loss takes them, each checked: a bad one is named by its index."""
    k = outputs_of(model)
    out = []
    for i, t in enumerate(y):
        try:
            out.append(objective.target(t, k))
        except (TypeError, ValueError) as error:
            raise ValueError(text("bad_label", who=who, loss=objective.name, i=i, error=error)) from None
    return out


def outputs_of(model) -> int | None:
    """How many outputs the model gives, when it says (MLP, Layer, Neuron)."""
    if hasattr(model, "nouts"):
        return model.nouts[-1]
    if hasattr(model, "nout"):
        return model.nout
    return 1 if hasattr(model, "w") and hasattr(model, "b") else None


def dataset(model, X, y, objective, who: str) -> tuple[list, list]:  # noqa: N803
    """X as tuples of floats (checked against the model's input size) and y as the loss takes it."""
    for what, data in (("X", X), ("y", y)):
        if (why := unordered(data)) is not None:  # a set of samples, or of labels, pairs them at random
            raise TypeError(text("unordered_data", who=who, what=what, got=short(data), why=why))
    points, labels = sequence(X, who, "X"), sequence(y, who, "y")
    if len(points) != len(labels) or not points:
        raise ValueError(text("sample_counts", who=who, nx=len(points), ny=len(labels)))
    nin = getattr(model, "nin", None)
    rows = [_row(x, nin, who, i) for i, x in enumerate(points)]
    return rows, targets(objective, labels, model, who)


def _row(x, nin: int | None, who: str, i: int) -> tuple:
    if not is_real(x) and (why := unordered(x)) is not None:  # a one-input model may take bare numbers
        raise TypeError(text("unordered_row", who=who, i=i, got=short(x), why=why, sample=text("sample")))
    row = (x,) if is_real(x) else list(x)
    if nin is not None and len(row) != nin:
        raise ValueError(text("row_size", who=who, i=i, n=len(row), nin=nin))
    return tuple(real(v, who, f"X[{i}]") for v in row)


def validation(model, data, objective) -> tuple[list, list]:
    """validation_data=(X_val, y_val), checked as the training data is."""
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise TypeError(text("validation_pair", got=short(data)))
    return dataset(model, data[0], data[1], objective, "fit: validation_data")
