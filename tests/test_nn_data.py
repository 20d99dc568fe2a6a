"""nn.data: the toy datasets' geometry and labels, seeding, mini-batches and the train/test split."""

from __future__ import annotations

import importlib.util
import inspect
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


# scikit-learn's parameters (sklearn.datasets / sklearn.model_selection), all of which nn.data takes.
SKLEARN = {
    "make_moons": ["n_samples", "shuffle", "noise", "random_state"],
    "make_circles": ["n_samples", "shuffle", "noise", "random_state", "factor"],
    "make_blobs": [
        "n_samples",
        "n_features",
        "centers",
        "cluster_std",
        "center_box",
        "shuffle",
        "random_state",
        "return_centers",
    ],
    "train_test_split": ["test_size", "train_size", "random_state", "shuffle"],
}


PAIRS = [  # (function, our name, scikit-learn's name, a value)
    ("make_moons", "n", "n_samples", 30),
    ("make_moons", "seed", "random_state", 4),
    ("make_circles", "n", "n_samples", 30),
    ("make_circles", "seed", "random_state", 4),
    ("make_xor", "n", "n_samples", 30),
    ("make_xor", "seed", "random_state", 4),
    ("make_spirals", "n", "n_samples", 30),
    ("make_spirals", "classes", "n_classes", 4),
    ("make_spirals", "seed", "random_state", 4),
    ("make_blobs", "n", "n_samples", 30),
    ("make_blobs", "std", "cluster_std", 0.5),
    ("make_blobs", "box", "center_box", (0.0, 1.0)),
    ("make_blobs", "seed", "random_state", 4),
]


@pytest.mark.parametrize("name", sorted(SKLEARN))
def test_every_scikit_learn_parameter_name_is_taken(name):
    ours = inspect.signature(getattr(data, name)).parameters
    assert set(SKLEARN[name]) <= set(ours)
    if name != "train_test_split" and importlib.util.find_spec("sklearn") is not None:
        from sklearn import datasets  # where scikit-learn is installed: against its real signature

        assert set(inspect.signature(getattr(datasets, name)).parameters) <= set(ours)


def test_micrograds_demo_call_runs():
    X, y = data.make_moons(n_samples=100, noise=0.1)
    assert len(X) == len(y) == 100 and sorted(set(y)) == [0, 1]


@pytest.mark.parametrize(("name", "short", "long", "value"), PAIRS, ids=[f"{f}-{b}" for f, _, b, _ in PAIRS])
def test_either_name_gives_the_same_data_and_both_are_refused(name, short, long, value):
    make = getattr(data, name)
    base = {"seed": 1} if short != "seed" else {}
    assert make(**base, **{short: value}) == make(**base, **{long: value})
    with pytest.raises(TypeError, match=rf"{name}: got both {short}=.* and {long}=.*, two names for one argument"):
        make(**base, **{short: value, long: value})


def test_a_positional_n_and_n_samples_are_refused_too():
    with pytest.raises(TypeError, match="make_moons: got both n=50 and n_samples=50"):
        data.make_moons(50, n_samples=50)


@pytest.mark.parametrize("name", ["make_moons", "make_circles"])
def test_n_samples_as_a_pair_counts_each_class_and_noise_none_is_no_noise(name):
    X, y = getattr(data, name)(n_samples=(3, 7), noise=None, random_state=0)
    assert y.count(0) == 3 and y.count(1) == 7
    if name == "make_circles":
        radii = sorted(round(math.hypot(a, b), 12) for a, b in X)
        assert radii == [0.5] * 7 + [1.0] * 3
    with pytest.raises(ValueError, match=rf"{name}: n_samples must be a count or a pair"):
        getattr(data, name)(n_samples=(1, 2, 3))


def test_make_blobs_takes_scikit_learns_forms():
    X, y, centers = data.make_blobs(n_samples=[5, 2], cluster_std=[0.0, 0.0], random_state=0, return_centers=True)
    assert len(centers) == 2 and y.count(0) == 5 and y.count(1) == 2  # centers default to one per count
    assert all(point == centers[label] for point, label in zip(X, y))  # std 0: every point on its center
    X, y = data.make_blobs(n_samples=40, centers=[[0, 0], [100, 100]], cluster_std=[0.1, 5.0], random_state=0)
    spread = [max(abs(a - 100 * k) for (a, _), c in zip(X, y) if c == k) for k in (0, 1)]
    assert spread[0] < 1.0 < spread[1]
    _, _, inside = data.make_blobs(centers=4, center_box=(2.0, 3.0), random_state=0, return_centers=True)
    assert all(2.0 <= v <= 3.0 for c in inside for v in c)
    with pytest.raises(ValueError, match="make_blobs: nn.data makes 2-D points, so n_features must be 2, got 3"):
        data.make_blobs(n_features=3)
    with pytest.raises(ValueError, match="make_blobs: n_samples gives 2 values for 3 centers"):
        data.make_blobs(n_samples=[5, 5], centers=3)
    with pytest.raises(ValueError, match="make_blobs: std gives 2 values for 3 centers"):
        data.make_blobs(cluster_std=[1.0, 2.0])


def test_train_test_split_and_batches_take_random_state_and_train_size():
    X, y = data.make_moons(20, seed=0)
    assert data.train_test_split(X, y, random_state=3) == data.train_test_split(X, y, seed=3)
    X_train, X_test, _, _ = data.train_test_split(X, y, train_size=0.7, random_state=0)
    assert (len(X_train), len(X_test)) == (14, 6)
    assert len(data.train_test_split(X, y, train_size=15)[0]) == 15
    assert len(data.train_test_split(X, y, test_size=None)[1]) == 5  # scikit-learn's default quarter
    with pytest.raises(TypeError, match="train_test_split: give test_size or train_size, not both"):
        data.train_test_split(X, y, test_size=0.2, train_size=0.8)
    with pytest.raises(TypeError, match="train_test_split: got both seed=1 and random_state=1"):
        data.train_test_split(X, y, seed=1, random_state=1)
    assert list(data.batches(X, y, 4, random_state=2)) == list(data.batches(X, y, 4, seed=2))
