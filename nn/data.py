"""Toy 2-D datasets (as scikit-learn's, in pure Python), mini-batches and a train/test split.
Each generator returns (X, y): X a list of [x1, x2] floats, y class indices 0..k-1."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from ._checks import at_least, positive_int, real, sequence, short


def make_moons(n: int = 100, noise: float = 0.1, seed: int | None = None, shuffle: bool = True):
    """Two interleaving half circles: class 0 is (cos t, sin t), class 1 is (1 - cos t, 0.5 - sin t), t in [0, pi]."""
    who = "make_moons"
    n, noise, rng = positive_int(n, who, "n"), at_least(noise, 0.0, who, "noise"), _rng(seed, who)
    n_outer = n // 2
    outer = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, math.pi, n_outer)]
    inner = [[1.0 - math.cos(t), 0.5 - math.sin(t)] for t in _linspace(0.0, math.pi, n - n_outer)]
    return _finish(outer + inner, [0] * len(outer) + [1] * len(inner), noise, rng, shuffle)


def make_circles(n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: int | None = None, shuffle: bool = True):
    """A circle of radius 1 (class 0) around one of radius `factor` (class 1), 0 <= factor < 1."""
    who = "make_circles"
    n, noise, rng = positive_int(n, who, "n"), at_least(noise, 0.0, who, "noise"), _rng(seed, who)
    factor = real(factor, who, "factor")
    if not 0.0 <= factor < 1.0:
        raise ValueError(f"{who}: factor must be in [0, 1), got {factor!r}")
    n_outer = n // 2
    outer = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, 2 * math.pi, n_outer, endpoint=False)]
    angles = _linspace(0.0, 2 * math.pi, n - n_outer, endpoint=False)
    inner = [[factor * math.cos(t), factor * math.sin(t)] for t in angles]
    return _finish(outer + inner, [0] * len(outer) + [1] * len(inner), noise, rng, shuffle)


def make_xor(n: int = 100, noise: float = 0.1, seed: int | None = None, shuffle: bool = True):
    """Points spread over the four quadrants of [-1, 1]^2; class 1 where x1 * x2 < 0 (x1 > 0 xor x2 > 0)."""
    n, noise, rng = positive_int(n, "make_xor", "n"), at_least(noise, 0.0, "make_xor", "noise"), _rng(seed, "make_xor")
    signs = [(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)]  # one quadrant after another: balanced
    points, labels = [], []
    for i in range(n):
        sx, sy = signs[i % 4]
        points.append([sx * rng.uniform(0.0, 1.0), sy * rng.uniform(0.0, 1.0)])
        labels.append(int(sx != sy))
    return _finish(points, labels, noise, rng, shuffle)


def make_spirals(n: int = 150, classes: int = 3, noise: float = 0.2, seed: int | None = None, shuffle: bool = True):
    """`classes` interleaved spiral arms (CS231n's): arm k is r * (sin t, cos t) with r from 0 to 1 and
    t from 4k to 4(k + 1) radians plus N(0, noise^2) jitter on the angle."""
    who = "make_spirals"
    n, classes, rng = positive_int(n, who, "n"), positive_int(classes, who, "classes"), _rng(seed, who)
    noise = at_least(noise, 0.0, who, "noise")
    points, labels = [], []
    for k, m in enumerate(_split(n, classes)):
        for r, t in zip(_linspace(0.0, 1.0, m), _linspace(4.0 * k, 4.0 * (k + 1), m)):
            t += rng.gauss(0.0, noise) if noise else 0.0
            points.append([r * math.sin(t), r * math.cos(t)])
            labels.append(k)
    return _finish(points, labels, 0.0, rng, shuffle)


def make_blobs(n: int = 100, centers=3, std: float = 1.0, seed: int | None = None, shuffle: bool = True,
               box: tuple[float, float] = (-10.0, 10.0)):  # fmt: skip
    """Gaussian blobs of standard deviation `std`: `centers` is a count (drawn uniformly in `box`) or [[x, y], ...]."""
    who = "make_blobs"
    n, std, rng = positive_int(n, who, "n"), at_least(std, 0.0, who, "std"), _rng(seed, who)
    if isinstance(centers, int) and not isinstance(centers, bool):
        centers = [[rng.uniform(*box), rng.uniform(*box)] for _ in range(positive_int(centers, who, "centers"))]
    centers = [_point(c, who, f"centers[{i}]") for i, c in enumerate(sequence(centers, who, "centers"))]
    if not centers:
        raise ValueError(f"{who}: centers is empty")
    points, labels = [], []
    for k, (center, m) in enumerate(zip(centers, _split(n, len(centers)))):
        points += [[center[0] + rng.gauss(0.0, std), center[1] + rng.gauss(0.0, std)] for _ in range(m)]
        labels += [k] * m
    return _finish(points, labels, 0.0, rng, shuffle)


def batches(X, y, batch_size: int, shuffle: bool = True, seed=None) -> Iterator[tuple[list, list]]:  # noqa: N803
    """Yield (X_batch, y_batch) lists of `batch_size` samples (the last may be smaller), in a shuffled
    order when `shuffle` (seed: an int, a random.Random, or None for fresh randomness)."""
    points, labels = _matching(X, y, "batches")
    batch_size = positive_int(batch_size, "batches", "batch_size")
    order = list(range(len(points)))
    if shuffle:
        _rng(seed, "batches").shuffle(order)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        yield [points[i] for i in chunk], [labels[i] for i in chunk]


def train_test_split(X, y, test_size: float = 0.25, seed=None, shuffle: bool = True):  # noqa: N803
    """(X_train, X_test, y_train, y_test), as scikit-learn: test_size is a fraction in (0, 1) or a count."""
    points, labels = _matching(X, y, "train_test_split")
    n = len(points)
    if isinstance(test_size, int) and not isinstance(test_size, bool):
        n_test = test_size
    else:
        fraction = real(test_size, "train_test_split", "test_size")
        if not 0.0 < fraction < 1.0:
            raise ValueError(f"train_test_split: test_size must be in (0, 1) or a count, got {test_size!r}")
        n_test = math.ceil(fraction * n)
    if not 1 <= n_test <= n - 1:
        raise ValueError(f"train_test_split: {n} samples cannot give {n_test} test samples and at least 1 to train")
    order = list(range(n))
    if shuffle:
        _rng(seed, "train_test_split").shuffle(order)
    test, train = order[:n_test], order[n_test:]
    return [points[i] for i in train], [points[i] for i in test], [labels[i] for i in train], [labels[i] for i in test]


# Helpers ---------------------------------------------------------------------------------


def _rng(seed, who: str) -> random.Random:
    if isinstance(seed, random.Random):
        return seed
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool)):
        return random.Random(seed)  # a private generator: the global random state is never touched
    raise TypeError(f"{who}: seed must be an int, a random.Random or None, got {short(seed)}")


def _linspace(start: float, stop: float, n: int, endpoint: bool = True) -> list[float]:
    if n == 1:
        return [start]
    steps = n - 1 if endpoint else n
    return [start + (stop - start) * i / steps for i in range(n)]


def _split(n: int, k: int) -> list[int]:
    """n samples over k groups as evenly as possible, the first groups one larger (as scikit-learn)."""
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def _finish(points: list, labels: list, noise: float, rng: random.Random, shuffle: bool):
    if noise:
        points = [[a + rng.gauss(0.0, noise), b + rng.gauss(0.0, noise)] for a, b in points]
    if shuffle:
        order = list(range(len(points)))
        rng.shuffle(order)
        points, labels = [points[i] for i in order], [labels[i] for i in order]
    return points, labels


def _point(c, who: str, what: str) -> list[float]:
    c = sequence(c, who, what)
    if len(c) != 2:
        raise ValueError(f"{who}: {what} must be a point [x, y], got {c!r}")
    return [real(c[0], who, what), real(c[1], who, what)]


def _matching(points, labels, who: str) -> tuple[list, list]:
    points, labels = sequence(points, who, "X"), sequence(labels, who, "y")
    if len(points) != len(labels):
        raise ValueError(f"{who}: X has {len(points)} samples but y has {len(labels)}; they must match")
    if not points:
        raise ValueError(f"{who}: X is empty")
    return points, labels
