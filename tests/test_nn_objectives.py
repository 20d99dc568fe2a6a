"""nn/objectives.py: what fit reads as samples and labels. X and y are lists in order, one entry per
sample; each sample an ordered row. A dict, a set or a generator is refused, naming what is wanted."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from tests import fuzzcount
from tests.test_nn_layers import ORDERED, REFUSED

X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0], [0.1, 0.2]]
Y = [1.0, 0.0, 1.0, 0.0]


def _fit(X, y):  # noqa: N803
    model = nn.MLP(2, [3, 1], seed=0)
    return nn.fit(model, X, y, loss="mse", epochs=2, batch_size=2, progress=False, seed=0).loss, model.state_dict()


def test_samples_in_any_ordered_container_train_the_same_and_any_other_is_refused():
    reference = _fit(X, Y)

    @settings(max_examples=80, deadline=None)
    @given(st.sampled_from(sorted(ORDERED)), st.sampled_from(sorted(REFUSED)), st.integers(0, len(X) - 1))
    def fuzz(good, bad, i):
        fuzzcount.count("fit: samples, X and y in every container")
        assert _fit([ORDERED[good](row) for row in X], ORDERED[good](Y)) == reference
        make, why = REFUSED[bad]
        rows = [*X[:i], make(X[i]), *X[i + 1 :]]
        with pytest.raises(TypeError, match=rf"^fit: X\[{i}\] must be a list of numbers, got .*: {re.escape(why)}"):
            _fit(rows, Y)

    fuzzcount.run("fit: samples, X and y in every container", fuzz, at_least=60)


@pytest.mark.parametrize("bad", sorted(set(REFUSED) - {"str", "dict with the numbers as keys"}))
@pytest.mark.parametrize("which", ["X", "y"])
def test_x_and_y_themselves_must_be_in_order(which, bad):
    make, why = REFUSED[bad]
    data = {"X": [tuple(row) for row in X], "y": Y}  # tuples: rows a set can hold
    data[which] = make(data[which])
    with pytest.raises(TypeError, match=rf"^fit: {which} must be a list, one entry per sample, in order, got .*: "
                                        rf"{re.escape(why)}") as info:  # fmt: skip
        _fit(data["X"], data["y"])
    assert "\n" not in str(info.value)


def test_numpy_rows_and_arrays_train_as_lists_do():
    numpy = pytest.importorskip("numpy")
    assert _fit(numpy.array(X), numpy.array(Y)) == _fit(X, Y)
