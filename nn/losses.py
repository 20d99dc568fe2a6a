"""Loss functions. Predictions and targets are lists of Values or numbers (or one of each);
the loss is one Value, reduced by the mean over samples, and stays finite for inputs up to |x| = 1e4."""

from __future__ import annotations

import math

import autograd
from autograd import Value

from ._checks import is_real, real, sequence, short
from .messages import NN, text

_LOG_FLOOR = -100.0  # log(p) is clamped here, as torch's binary_cross_entropy does: never log(0)
_SMALLEST_P = math.exp(_LOG_FLOOR)


def mse_loss(preds, targets) -> Value:
    """Mean squared error: (1/n) * sum_i (p_i - t_i)^2. Rows of several outputs are flattened."""
    preds, targets = _flat_pairs(preds, targets, "mse_loss")
    return _mean([(_value(p, "mse_loss") - _target(t, "mse_loss")) ** 2 for p, t in zip(preds, targets)])


def binary_cross_entropy(probs, targets) -> Value:
    """-(1/n) * sum_i [t_i * log(p_i) + (1 - t_i) * log(1 - p_i)], each log clamped at -100 (as torch)."""
    probs, targets = _pairs(probs, targets, "binary_cross_entropy", "noun_probabilities")
    terms = []
    for p, t in zip(probs, targets):
        p, t = _value(p, "binary_cross_entropy"), _unit(t, "binary_cross_entropy", "noun_target")
        if not 0.0 <= p.data <= 1.0:
            raise ValueError(text("bce_range", p=p.data))
        terms.append(_bce_term(p, t))
    return -_mean(terms)


def _bce_term(p: Value, t: float) -> Value:
    # Hard labels (t = 0 or 1) need only one of the two logs: fewer nodes, same value and gradient.
    if t == 1.0:
        return _clamped_log(p)
    if t == 0.0:
        return _clamped_log(1.0 - p)
    return t * _clamped_log(p) + (1.0 - t) * _clamped_log(1.0 - p)


def _clamped_log(p: Value) -> Value:
    return p.log() if p.data > _SMALLEST_P else Value(_LOG_FLOOR)


def binary_cross_entropy_with_logits(logits, targets) -> Value:
    """BCE of sigmoid(z), computed from z without a sigmoid: (1/n) * sum_i [log(1 + e^z_i) - t_i * z_i].

    Exact for any z: log(1 + e^z) is written as z + log(1 + e^-z) when z >= 0, so exp never overflows.
    """
    logits, targets = _pairs(logits, targets, "binary_cross_entropy_with_logits", "logits")
    terms = []
    for z, t in zip(logits, targets):
        z, t = (
            _value(z, "binary_cross_entropy_with_logits"),
            _unit(t, "binary_cross_entropy_with_logits", "noun_target"),
        )
        if z.data >= 0.0:
            terms.append(z * (1.0 - t) + (1.0 + (-z).exp()).log())
        else:
            terms.append(z * -t + (1.0 + z.exp()).log())
    return _mean(terms)


def softmax(values) -> list[Value]:
    """softmax(z)_i = e^(z_i - m) / sum_j e^(z_j - m), with m = max(z) taken as a constant (no overflow)."""
    values = [_value(v, "softmax") for v in _nonempty(values, "softmax", "noun_values")]
    m = max(v.data for v in values)
    exps = [(v - m).exp() for v in values]
    total = autograd.sum(exps)
    return [e / total for e in exps]


def cross_entropy(logits, target_index) -> Value:
    """-log softmax(z)[t] = log(sum_j e^(z_j - m)) - (z_t - m), m = max(z): stable log-softmax.

    One sample: a list of k logits and an int in 0..k-1. A batch: a list of such lists and a
    list of ints; the loss is the mean over the batch (as torch.nn.functional.cross_entropy).
    """
    if isinstance(target_index, (list, tuple)):
        rows, targets = _pairs(logits, target_index, "cross_entropy", "noun_rows_of_logits")
        return _mean([_cross_entropy_one(row, t) for row, t in zip(rows, targets)])
    return _cross_entropy_one(logits, target_index)


def _cross_entropy_one(logits, t) -> Value:
    logits = [_value(v, "cross_entropy") for v in _nonempty(logits, "cross_entropy", "logits")]
    if isinstance(t, Value):
        t = t.data
    if not is_real(t) or not math.isfinite(t) or t != int(t) or not 0 <= t < len(logits):
        raise ValueError(text("class_index", last=len(logits) - 1, got=short(t)))
    m = max(v.data for v in logits)  # shifting by a constant leaves log-softmax unchanged
    shifted = [v - m for v in logits]
    return autograd.sum([s.exp() for s in shifted]).log() - shifted[int(t)]


def hinge_loss(scores, labels) -> Value:
    """Mean hinge loss with labels -1/+1: (1/n) * sum_i max(0, 1 - y_i * s_i)."""
    scores, labels = _pairs(scores, labels, "hinge_loss", "noun_scores")
    terms = []
    for s, y in zip(scores, labels):
        y = y.data if isinstance(y, Value) else y
        if not is_real(y) or y not in (-1, 1):
            raise ValueError(text("hinge_labels", got=short(y)))
        terms.append((1.0 - _value(s, "hinge_loss") * float(y)).relu())
    return _mean(terms)


def l2_penalty(params) -> Value:
    """sum_i p_i^2 over the parameters (a list, or a Module), as one dot node. No 1/2 in front:
    d/dp = 2p, so `loss + (wd / 2) * l2_penalty(params)` matches SGD's weight_decay=wd."""
    if hasattr(params, "parameters"):
        params = params.parameters()
    params = [_value(p, "l2_penalty") for p in sequence(params, "l2_penalty", "params")]
    return autograd.dot(params, params) if params else Value(0.0)


# Shapes and types -------------------------------------------------------------------------


def _mean(terms: list) -> Value:
    return terms[0] if len(terms) == 1 else autograd.sum(terms) / len(terms)


def _value(x, who: str) -> Value:
    return x if isinstance(x, Value) else Value(_real(x, who, "noun_a_prediction"))


def _target(t, who: str):
    return t if isinstance(t, Value) else _real(t, who, "noun_a_target")


# `what` names the argument: a name as written ("logits", "targets[0]") or a noun of nn.messages ("noun_scores"),
# put in the student's language only when an error is raised, so a loss on many samples does not pay for words.


def _said(what: str) -> str:
    return text(what) if what in NN else what


def _real(x, who: str, what: str) -> float:
    if is_real(x) and math.isfinite(x):
        return float(x)
    return real(x, who, _said(what))  # raises, naming `what`


def _unit(t, who: str, what: str) -> float:
    t = _real(t.data if isinstance(t, Value) else t, who, what)
    if not 0.0 <= t <= 1.0:
        raise ValueError(text("each_unit", who=who, what=_said(what), t=t))
    return t


def _as_list(x, who: str, what: str) -> list:
    if isinstance(x, Value) or is_real(x):
        return [x]
    return list(x) if isinstance(x, (list, tuple)) else sequence(x, who, _said(what))


def _nonempty(x, who: str, what: str) -> list:
    items = _as_list(x, who, what)
    if not items:
        raise ValueError(text("empty", who=who, what=_said(what)))
    return items


def _pairs(preds, targets, who: str, what: str) -> tuple[list, list]:
    preds, targets = _nonempty(preds, who, what), _as_list(targets, who, "targets")
    if len(preds) != len(targets):
        raise ValueError(text("pairs", who=who, n=len(preds), what=_said(what), m=len(targets)))
    return preds, targets


def _flat_pairs(preds, targets, who: str) -> tuple[list, list]:
    """Rows of several outputs (a batch of vectors) flattened into one list, shapes checked."""
    preds, targets = _pairs(preds, targets, who, "noun_predictions")
    if not isinstance(preds[0], (list, tuple)):
        return preds, targets
    flat_p, flat_t = [], []
    for i, (p, t) in enumerate(zip(preds, targets)):
        p, t = _as_list(p, who, f"predictions[{i}]"), _as_list(t, who, f"targets[{i}]")
        if len(p) != len(t):
            raise ValueError(text("sample_shape", who=who, i=i, n=len(p), m=len(t)))
        flat_p += p
        flat_t += t
    return flat_p, flat_t
