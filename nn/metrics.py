"""Class predictions and accuracy: the argmax of k outputs, or one output against a threshold."""

from __future__ import annotations

from autograd import Value, no_grad

from ._checks import real, sequence, short, unordered
from .messages import text


def samples(data, who: str, what: str) -> list:
    """X or y as a list, one entry per sample in order: a set, a dict or a generator is refused, as `fit` does."""
    if (why := unordered(data)) is not None:  # a set of samples, or of labels, would pair them at random
        raise TypeError(text("unordered_data", who=who, what=what, got=short(data), why=why))
    return sequence(data, who, what)


def row(x, who: str, i: int) -> list:
    """One sample X[i] as a list of its numbers, in order (a set has none)."""
    if (why := unordered(x)) is not None:
        raise TypeError(text("unordered_row", who=who, i=i, got=short(x), why=why, sample=text("sample")))
    return list(x)


def output_activation(model) -> str | None:
    """The activation of the model's last layer, when the model says (MLP, Layer, Neuron)."""
    return getattr(model, "output_activation", getattr(model, "activation", None))


def default_threshold(model) -> float:
    """0.5 for a sigmoid output (a probability), else 0 (a score, as from a linear or hinge-trained output)."""
    return 0.5 if output_activation(model) == "sigmoid" else 0.0


def predicted_class(output, threshold: float) -> int:
    """One output: 1 if output > threshold else 0. Several outputs: the index of the largest (first on ties)."""
    if isinstance(output, Value):
        return int(output.data > threshold)
    if len(output) == 1:
        return int(float(output[0]) > threshold)  # a Layer's one output comes as a list
    scores = [float(v) for v in output]
    return scores.index(max(scores))


def label_class(label) -> int:
    """The class of a one-output label: 1 if label > 0.5 (so 0/1, -1/+1 and probabilities all read right)."""
    return int(float(label) > 0.5)


def class_index(label) -> int:
    """The class of a several-output label: an index 0..k-1, or the argmax of a one-hot row."""
    if isinstance(label, (list, tuple)):
        return predicted_class(label, 0.0)
    return int(label)


def predict(model, X, threshold: float | None = None) -> list[int]:  # noqa: N803 (X: a matrix, as in scikit-learn)
    """The predicted class of each sample; the threshold for one output defaults to `default_threshold(model)`."""
    threshold = default_threshold(model) if threshold is None else real(threshold, "predict", "threshold")
    with no_grad():  # evaluation only: nothing is kept for backward
        return [predicted_class(model(x), threshold) for x in samples(X, "predict", "X")]


def accuracy(model, X, y, threshold: float | None = None) -> float:  # noqa: N803
    """The fraction of samples whose predicted class equals the label (0/1, -1/+1, or 0..k-1)."""
    points, labels = samples(X, "accuracy", "X"), samples(y, "accuracy", "y")
    if len(points) != len(labels) or not points:
        raise ValueError(text("sample_counts", who="accuracy", nx=len(points), ny=len(labels)))
    threshold = default_threshold(model) if threshold is None else real(threshold, "accuracy", "threshold")
    with no_grad():
        outputs = [model(x) for x in points]
    return correct(outputs, labels, threshold) / len(points)


def correct(outputs: list, labels: list, threshold: float) -> int:
    """How many outputs predict their label's class."""
    binary = isinstance(outputs[0], Value) or len(outputs[0]) == 1
    hits = 0
    for out, label in zip(outputs, labels):
        want = label_class(label) if binary else class_index(label)
        hits += predicted_class(out, threshold) == want
    return hits
