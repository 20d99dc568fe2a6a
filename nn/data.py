"""Toy 2-D datasets (as scikit-learn's, in pure Python), mini-batches and a train/test split.
Each generator returns (X, y): X a list of [x1, x2] floats, y class indices 0..k-1.

scikit-learn's parameter names work beside the short ones: `n_samples` for `n`, `random_state`
for `seed`, `cluster_std` and `center_box` for make_blobs' `std` and `box`, `n_classes` for
make_spirals' `classes`; `noise=None` is no noise. Giving both spellings is a TypeError."""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Iterator

from ._checks import at_least, positive_int, real, sequence, short
from .messages import text


def make_moons(n: int | tuple[int, int] | None = None, noise: float | None = 0.1, seed=None, shuffle: bool = True, *,
               n_samples: int | tuple[int, int] | None = None, random_state=None):  # fmt: skip
    """Two interleaving half circles: class 0 is (cos t, sin t), class 1 is (1 - cos t, 0.5 - sin t), t in [0, pi].

    n (n_samples): 100 points by default, or a pair (outer, inner) of counts, as scikit-learn."""
    who = "make_moons"
    n_outer, n_inner = _pair(_either(who, "n", n, "n_samples", n_samples, 100), who)
    noise, rng = _noise(noise, who), _rng(_either(who, "seed", seed, "random_state", random_state), who)
    outer = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, math.pi, n_outer)]
    inner = [[1.0 - math.cos(t), 0.5 - math.sin(t)] for t in _linspace(0.0, math.pi, n_inner)]
    return _finish(outer + inner, [0] * len(outer) + [1] * len(inner), noise, rng, shuffle)


def make_circles(n: int | tuple[int, int] | None = None, noise: float | None = 0.05, factor: float = 0.5,
                 seed=None, shuffle: bool = True, *, n_samples: int | tuple[int, int] | None = None,
                 random_state=None):  # fmt: skip
    """A circle of radius 1 (class 0) around one of radius `factor` (class 1), 0 <= factor < 1.

    n (n_samples): 100 points by default, or a pair (outer, inner) of counts, as scikit-learn."""
    who = "make_circles"
    n_outer, n_inner = _pair(_either(who, "n", n, "n_samples", n_samples, 100), who)
    noise, rng = _noise(noise, who), _rng(_either(who, "seed", seed, "random_state", random_state), who)
    factor = real(factor, who, "factor")
    if not 0.0 <= factor < 1.0:
        raise ValueError(text("in_range", who=who, what="factor", low=0.0, high=1.0, x=factor))
    outer = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, 2 * math.pi, n_outer, endpoint=False)]
    angles = _linspace(0.0, 2 * math.pi, n_inner, endpoint=False)
    inner = [[factor * math.cos(t), factor * math.sin(t)] for t in angles]
    return _finish(outer + inner, [0] * len(outer) + [1] * len(inner), noise, rng, shuffle)


def make_xor(n: int | None = None, noise: float | None = 0.1, seed=None, shuffle: bool = True, *,
             n_samples: int | None = None, random_state=None):  # fmt: skip
    """Points spread over the four quadrants of [-1, 1]^2; class 1 where x1 * x2 < 0 (x1 > 0 xor x2 > 0)."""
    who = "make_xor"
    n = positive_int(_either(who, "n", n, "n_samples", n_samples, 100), who, "n")
    noise, rng = _noise(noise, who), _rng(_either(who, "seed", seed, "random_state", random_state), who)
    signs = [(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)]  # one quadrant after another: balanced
    points, labels = [], []
    for i in range(n):
        sx, sy = signs[i % 4]
        points.append([sx * rng.uniform(0.0, 1.0), sy * rng.uniform(0.0, 1.0)])
        labels.append(int(sx != sy))
    return _finish(points, labels, noise, rng, shuffle)


def make_spirals(n: int | None = None, classes: int | None = None, noise: float | None = 0.2, seed=None,
                 shuffle: bool = True, *, n_samples: int | None = None, n_classes: int | None = None,
                 random_state=None):  # fmt: skip
    """`classes` (n_classes, default 3) interleaved spiral arms (CS231n's) of n (n_samples, default 150) points
    in all: arm k is r * (sin t, cos t) with r from 0 to 1 and t from 4k to 4(k + 1) radians plus
    N(0, noise^2) jitter on the angle."""
    who = "make_spirals"
    n = positive_int(_either(who, "n", n, "n_samples", n_samples, 150), who, "n")
    classes = positive_int(_either(who, "classes", classes, "n_classes", n_classes, 3), who, "classes")
    noise, rng = _noise(noise, who), _rng(_either(who, "seed", seed, "random_state", random_state), who)
    points, labels = [], []
    for k, m in enumerate(_split(n, classes)):
        for r, t in zip(_linspace(0.0, 1.0, m), _linspace(4.0 * k, 4.0 * (k + 1), m)):
            t += rng.gauss(0.0, noise) if noise else 0.0
            points.append([r * math.sin(t), r * math.cos(t)])
            labels.append(k)
    return _finish(points, labels, 0.0, rng, shuffle)


def make_blobs(n=None, centers=None, std=None, seed=None, shuffle: bool = True, box=None, *, n_samples=None,
               n_features: int = 2, cluster_std=None, center_box=None, random_state=None,
               return_centers: bool = False):  # fmt: skip
    """Gaussian blobs, as scikit-learn's make_blobs in 2-D.

    n (n_samples): 100 points split evenly over the centers, or a list of counts, one per center.
    centers: a count (3 by default, drawn uniformly in `box` (center_box), (-10, 10) by default) or
    [[x, y], ...]. std (cluster_std): the standard deviation, 1.0 by default, or one per center.
    return_centers=True returns (X, y, centers)."""
    who = "make_blobs"
    n = _either(who, "n", n, "n_samples", n_samples, 100)
    std = _either(who, "std", std, "cluster_std", cluster_std, 1.0)
    box = _either(who, "box", box, "center_box", center_box, (-10.0, 10.0))
    rng = _rng(_either(who, "seed", seed, "random_state", random_state), who)
    if n_features != 2:
        raise ValueError(text("n_features", who=who, got=n_features))
    counts = None  # n samples in all, split evenly; or a list: so many per center
    if not isinstance(n, numbers.Integral):
        counts = [positive_int(c, who, "n_samples") for c in sequence(n, who, "n")]
    if centers is None:
        centers = 3 if counts is None else len(counts)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        low, high = (real(b, who, "box") for b in sequence(box, who, "box"))
        count = positive_int(centers, who, "centers")
        centers = [[rng.uniform(low, high), rng.uniform(low, high)] for _ in range(count)]
    centers = [_point(c, who, f"centers[{i}]") for i, c in enumerate(sequence(centers, who, "centers"))]
    if not centers:
        raise ValueError(text("empty", who=who, what="centers"))
    counts = _split(positive_int(n, who, "n"), len(centers)) if counts is None else counts
    stds = std if isinstance(std, (list, tuple)) else [std] * len(centers)
    stds = [at_least(v, 0.0, who, "std") for v in stds]
    for what, given in (("n_samples", counts), ("std", stds)):
        if len(given) != len(centers):
            raise ValueError(text("per_center", who=who, what=what, n=len(given), m=len(centers)))
    points, labels = [], []
    for k, (center, m, sd) in enumerate(zip(centers, counts, stds)):
        points += [[center[0] + rng.gauss(0.0, sd), center[1] + rng.gauss(0.0, sd)] for _ in range(m)]
        labels += [k] * m
    points, labels = _finish(points, labels, 0.0, rng, shuffle)
    return (points, labels, centers) if return_centers else (points, labels)


def batches(X, y, batch_size: int, shuffle: bool = True, seed=None, *,  # noqa: N803
            random_state=None) -> Iterator[tuple[list, list]]:  # fmt: skip
    """Yield (X_batch, y_batch) lists of `batch_size` samples (the last may be smaller), in a shuffled
    order when `shuffle` (seed or random_state: an int, a random.Random, or None for fresh randomness)."""
    points, labels = _matching(X, y, "batches")
    batch_size = positive_int(batch_size, "batches", "batch_size")
    seed = _either("batches", "seed", seed, "random_state", random_state)
    order = list(range(len(points)))
    if shuffle:
        _rng(seed, "batches").shuffle(order)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        yield [points[i] for i in chunk], [labels[i] for i in chunk]


def train_test_split(X, y, test_size: float | int | None = None, seed=None, shuffle: bool = True, *,  # noqa: N803
                     train_size: float | int | None = None, random_state=None):  # fmt: skip
    """(X_train, X_test, y_train, y_test), as scikit-learn: test_size (or train_size) is a fraction in
    (0, 1) or a count; with neither, a quarter of the samples is for testing."""
    who = "train_test_split"
    points, labels = _matching(X, y, who)
    n = len(points)
    seed = _either(who, "seed", seed, "random_state", random_state)
    if test_size is not None and train_size is not None:
        raise TypeError(text("split_both", who=who))
    if train_size is not None:
        n_test = n - _count(train_size, n, who, "train_size", math.floor)  # scikit-learn rounds the test part up
    else:
        n_test = _count(0.25 if test_size is None else test_size, n, who, "test_size", math.ceil)
    if not 1 <= n_test <= n - 1:
        raise ValueError(text("split_sizes", n=n, test=n_test))
    order = list(range(n))
    if shuffle:
        _rng(seed, "train_test_split").shuffle(order)
    test, train = order[:n_test], order[n_test:]
    return [points[i] for i in train], [points[i] for i in test], [labels[i] for i in train], [labels[i] for i in test]


# Helpers ---------------------------------------------------------------------------------


def _either(who: str, name: str, value, sk_name: str, sk_value, default=None):
    """The value of an argument that has two spellings (ours and scikit-learn's); both given is a TypeError."""
    if value is not None and sk_value is not None:
        raise TypeError(text("two_names", who=who, name=name, value=value, sk_name=sk_name, sk_value=sk_value))
    if value is not None:
        return value
    return default if sk_value is None else sk_value


def _pair(n, who: str) -> tuple[int, int]:
    """(outer, inner) counts: n // 2 outer and the rest inner (as scikit-learn), or a given pair."""
    if isinstance(n, (tuple, list)):
        if len(n) != 2:
            raise ValueError(text("n_pair", who=who, n=n))
        outer, inner = (positive_int(c, who, "n_samples") for c in n)
        return outer, inner
    n = positive_int(n, who, "n")
    return n // 2, n - n // 2


def _noise(noise, who: str) -> float:
    return 0.0 if noise is None else at_least(noise, 0.0, who, "noise")


def _count(size, n: int, who: str, what: str, rounding) -> int:
    if isinstance(size, int) and not isinstance(size, bool):
        return size
    fraction = real(size, who, what)
    if not 0.0 < fraction < 1.0:
        raise ValueError(text("fraction", who=who, what=what, size=size))
    return rounding(fraction * n)


def _rng(seed, who: str) -> random.Random:
    if isinstance(seed, random.Random):
        return seed
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool)):
        return random.Random(seed)  # a private generator: the global random state is never touched
    raise TypeError(text("data_seed", who=who, got=short(seed)))


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
        raise ValueError(text("point", who=who, what=what, c=c))
    return [real(c[0], who, what), real(c[1], who, what)]


def _matching(points, labels, who: str) -> tuple[list, list]:
    points, labels = sequence(points, who, "X"), sequence(labels, who, "y")
    if len(points) != len(labels):
        raise ValueError(text("xy_counts", who=who, nx=len(points), ny=len(labels)))
    if not points:
        raise ValueError(text("empty", who=who, what="X"))
    return points, labels
