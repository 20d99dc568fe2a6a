"""nn.data speaks scikit-learn: its parameter names beside the short ones (the same data either way),
n_samples as per-class counts, and a clear TypeError when one argument is given under both names."""

from __future__ import annotations

import importlib.util
import inspect
import math

import pytest

from nn import data

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
