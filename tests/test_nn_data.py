"""nn.data: the toy datasets' geometry and labels, seeding, mini-batches and the train/test split."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from nn import data

GENERATORS = {
    "moons": lambda n, seed: data.make_moons(n, seed=seed),
    "circles": lambda n, seed: data.make_circles(n, seed=seed),
    "xor": lambda n, seed: data.make_xor(n, seed=seed),
    "spirals": lambda n, seed: data.make_spirals(n, seed=seed),
    "blobs": lambda n, seed: data.make_blobs(n, seed=seed),
}


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_every_generator_returns_lists_of_float_pairs_and_class_indices(name):
    X, y = GENERATORS[name](101, 0)
    assert len(X) == len(y) == 101
    assert all(type(row) is list and len(row) == 2 and all(type(v) is float for v in row) for row in X)
    k = 3 if name in ("spirals", "blobs") else 2
    assert sorted(set(y)) == list(range(k)) and all(type(c) is int for c in y)
    counts = [y.count(c) for c in range(k)]
    assert max(counts) - min(counts) <= (2 if name == "xor" else 1)  # balanced as scikit-learn splits


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_seeds_make_the_same_data_and_leave_the_global_random_state_alone(name):
    assert GENERATORS[name](50, 7) == GENERATORS[name](50, 7)
    assert GENERATORS[name](50, 7) != GENERATORS[name](50, 8)
    random.seed(11)
    expected = random.random()
    random.seed(11)
    GENERATORS[name](50, None)
    assert random.random() == expected


def test_moons_without_noise_lie_on_two_half_circles():
    X, y = data.make_moons(40, noise=0.0, seed=0)
    for (a, b), c in zip(X, y):
        if c == 0:
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:
            assert math.hypot(a - 1.0, b - 0.5) == pytest.approx(1.0) and b <= 0.5 + 1e-12
    assert y.count(0) == 20
    X_odd, y_odd = data.make_moons(7, noise=0.0, seed=0)
    assert y_odd.count(0) == 3 and y_odd.count(1) == 4  # scikit-learn: n // 2 outer, the rest inner


def test_circles_without_noise_have_radius_one_and_factor():
    X, y = data.make_circles(30, noise=0.0, factor=0.3, seed=0)
    for (a, b), c in zip(X, y):
        assert math.hypot(a, b) == pytest.approx(1.0 if c == 0 else 0.3)
    with pytest.raises(ValueError, match=r"make_circles: factor must be in \[0, 1\), got 1.0"):
        data.make_circles(10, factor=1.0)


def test_xor_labels_mark_points_with_exactly_one_positive_coordinate():
    X, y = data.make_xor(40, noise=0.0, seed=0)
    assert all(c == int((a > 0) != (b > 0)) for (a, b), c in zip(X, y))
    assert all(abs(a) <= 1 and abs(b) <= 1 for a, b in X)


def test_spirals_have_radius_up_to_one_and_k_arms():
    X, y = data.make_spirals(100, classes=4, noise=0.0, seed=0, shuffle=False)
    assert [y.count(k) for k in range(4)] == [25, 25, 25, 25]
    assert max(math.hypot(a, b) for a, b in X) == pytest.approx(1.0)
    assert X[0] == [0.0, 0.0] and y[:25] == [0] * 25  # each arm starts at the centre


def test_blobs_gather_around_their_centres():
    centers = [[-5.0, 0.0], [5.0, 5.0]]
    X, y = data.make_blobs(400, centers=centers, std=0.5, seed=0)
    for k, (cx, cy) in enumerate(centers):
        points = [p for p, c in zip(X, y) if c == k]
        assert statistics.fmean(p[0] for p in points) == pytest.approx(cx, abs=0.1)
        assert statistics.fmean(p[1] for p in points) == pytest.approx(cy, abs=0.1)
        assert statistics.stdev(p[0] for p in points) == pytest.approx(0.5, rel=0.15)
    with pytest.raises(ValueError, match=r"centers\[0\] must be a point"):
        data.make_blobs(10, centers=[[1.0, 2.0, 3.0]])


def test_batches_cover_every_sample_once_in_a_seeded_order():
    X, y = [[float(i), 0.0] for i in range(10)], list(range(10))
    chunks = list(data.batches(X, y, 4, seed=1))
    assert [len(yb) for _, yb in chunks] == [4, 4, 2]
    assert sorted(i for _, yb in chunks for i in yb) == list(range(10))
    assert all(xb[j][0] == yb[j] for xb, yb in chunks for j in range(len(yb)))  # pairs stay together
    assert [yb for _, yb in data.batches(X, y, 4, seed=1)] == [yb for _, yb in chunks]
    assert [yb for _, yb in data.batches(X, y, 4, seed=2)] != [yb for _, yb in chunks]
    assert [yb for _, yb in data.batches(X, y, 4, shuffle=False)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_train_test_split_is_a_seeded_partition():
    X, y = [[float(i), 0.0] for i in range(10)], list(range(10))
    X_train, X_test, y_train, y_test = data.train_test_split(X, y, seed=0)
    assert len(y_test) == 3 and len(y_train) == 7  # ceil(0.25 * 10), as scikit-learn
    assert sorted(y_train + y_test) == list(range(10))
    assert [p[0] for p in X_test] == y_test
    assert data.train_test_split(X, y, seed=0) == (X_train, X_test, y_train, y_test)
    assert len(data.train_test_split(X, y, test_size=4, seed=0)[1]) == 4


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: data.make_moons(0), ValueError, "make_moons: n must be >= 1, got 0"),
    (lambda: data.make_moons(10, noise=-0.1), ValueError, "make_moons: noise must be >= 0"),
    (lambda: data.make_spirals(10, classes=0), ValueError, "make_spirals: classes must be >= 1"),
    (lambda: data.make_xor(10, seed="a"), TypeError, "make_xor: seed must be an int"),
    (lambda: list(data.batches([[1.0]], [1, 2], 1)), ValueError, "batches: X has 1 samples but y has 2"),
    (lambda: list(data.batches([[1.0]], [1], 0)), ValueError, "batches: batch_size must be >= 1"),
    (lambda: data.train_test_split([[1.0]] * 4, [0] * 4, test_size=1.5), ValueError, r"test_size must be in \(0, 1\)"),
    (lambda: data.train_test_split([[1.0]], [0], test_size=0.5), ValueError, "1 samples cannot give 1 test samples"),
])  # fmt: skip
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
