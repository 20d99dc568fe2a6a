"""The mistakes learners make get a helpful warning or error, and the right way gets none.

backward() twice on one graph, a forgotten zero_grad() between steps, a step that no gradient
reached (mixing two models, a loss made under no_grad), a step with no backward() at all, the wrong
input size, and a learning rate that makes the loss explode.
"""

from __future__ import annotations

import contextlib
import inspect
import math
import warnings
import weakref

import pytest

import autograd
import nn
from autograd import Value, no_grad, zero_grad

AGAIN = "again on the same graph"
NOT_ZEROED = r"gradients from before the last step\(\) were not zeroed"
NO_GRADIENT = "no gradient reached this optimizer's parameters"
NOTHING_NEW = r"no backward\(\) ran since the last step"


@contextlib.contextmanager
def quiet():
    """A block in which any warning fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def line_of(marker: str) -> int:
    """The line number of the line in this file that ends with `# <marker>`."""
    for number, line in enumerate(inspect.getsource(inspect.getmodule(line_of)).splitlines(), start=1):
        if line.rstrip().endswith(f"# {marker}"):
            return number
    raise LookupError(marker)


# backward() twice on the same graph ----------------------------------------------------------


@pytest.mark.parametrize("zeroing", ["autograd.zero_grad(w)", "autograd.zero_grad(L)", "Module", "Optimizer"])
def test_backward_again_after_any_official_zero_grad_is_quiet_and_correct(zeroing):
    # The constants 2 and 5 are leaves that keep their gradients after zero_grad(w): not a reason to warn.
    model = nn.Neuron.from_weights([1.0], 0.0, activation="linear")
    w = model.w[0]
    L = (2 * w - 5) ** 2
    L.backward()
    assert w.grad == -12.0
    if zeroing == "autograd.zero_grad(w)":
        zero_grad(w)
    elif zeroing == "autograd.zero_grad(L)":
        zero_grad(L)
    elif zeroing == "Module":
        model.zero_grad()
    else:
        nn.SGD(model.parameters(), lr=0.1).zero_grad()
    with quiet():
        L.backward()
    assert w.grad == -12.0


def test_backward_again_without_zero_grad_warns_at_the_callers_line():
    w = Value(1.0, "w")
    L = (2 * w - 5) ** 2
    L.backward()
    with pytest.warns(UserWarning, match=AGAIN) as caught:
        L.backward()  # again-line
    assert caught[0].filename == __file__ and caught[0].lineno == line_of("again-line")
    assert "zero_grad()" in str(caught[0].message) and w.grad == -24.0  # counted twice, as the warning says


def test_the_warning_follows_each_root_not_only_the_last():
    a, b = Value(1.0), Value(2.0)
    La, Lb = a * 3, b * 4
    La.backward()
    Lb.backward()
    with pytest.warns(UserWarning, match=AGAIN):
        La.backward()


def test_a_root_that_is_gone_is_forgotten():
    x = Value(1.0)
    y = x * 2
    y.backward()
    remembered = len(autograd.mistakes.state().roots)
    gone = weakref.ref(y)
    del y
    assert gone() is None and len(autograd.mistakes.state().roots) == remembered - 1  # the record went with the graph


# Forgetting zero_grad between steps -------------------------------------------------------------


def test_a_loop_without_zero_grad_warns_at_the_backward_line():
    w = Value(0.0, "w")
    optimizer = nn.SGD([w], lr=0.03)
    with pytest.warns(UserWarning, match=NOT_ZEROED) as caught:
        for _ in range(3):
            loss = (2 * w - 5) ** 2
            loss.backward()  # forgot-line
            optimizer.step()
    assert caught[0].filename == __file__ and caught[0].lineno == line_of("forgot-line")
    assert "optimizer.zero_grad()" in str(caught[0].message)


@pytest.mark.parametrize("zero", ["optimizer", "model"])
def test_the_right_loop_and_gradient_accumulation_are_quiet(zero):
    X, y = nn.data.make_moons(8, seed=0)
    labels = [1.0 if t else -1.0 for t in y]
    model = nn.MLP(2, [4, 1], seed=0)
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    with quiet():
        for _ in range(3):
            (optimizer if zero == "optimizer" else model).zero_grad()
            for part in (slice(0, 4), slice(4, 8)):  # accumulate two backward() calls into one step
                nn.hinge_loss([model(x) for x in X[part]], labels[part]).backward()
            optimizer.step()


def test_a_backward_that_does_not_reach_the_stale_parameters_says_nothing_yet():
    w = Value(1.0, "w")
    optimizer = nn.SGD([w], lr=0.1)
    (w * w).backward()
    optimizer.step()
    with quiet():
        (Value(2.0) * 3).backward()  # another graph: w's old gradient did not add up with anything
    with pytest.warns(UserWarning, match=NOT_ZEROED):
        (w * w).backward()  # now it does


def test_the_check_does_not_keep_a_forgotten_optimizer_alive():
    w = Value(1.0)
    optimizer = nn.SGD([w], lr=0.1)
    (w * w).backward()
    optimizer.step()
    gone = weakref.ref(optimizer)
    del optimizer
    assert gone() is None  # freed at once by reference counting: no cycle through the check
    with quiet():
        (w * w).backward()  # nobody will step with that gradient: no warning


# A step that no gradient reached, or with no backward at all ---------------------------------------


def test_an_optimizer_of_one_model_with_the_loss_of_another_warns():
    a, b = nn.MLP(2, [3, 1], seed=0), nn.MLP(2, [3, 1], seed=1)
    optimizer = nn.SGD(a.parameters(), lr=0.1)
    optimizer.zero_grad()
    loss = (b([1.0, 2.0]) - 1.0) ** 2  # model b's output
    loss.backward()
    with pytest.warns(UserWarning, match=NO_GRADIENT) as caught:
        optimizer.step()  # mixed-line
    assert caught[0].lineno == line_of("mixed-line") and "mixing two models" in str(caught[0].message)
    assert a.state_dict() == nn.MLP(2, [3, 1], seed=0).state_dict()  # and indeed nothing moved


def test_a_loss_computed_under_no_grad_warns_at_the_step():
    model = nn.MLP(2, [3, 1], seed=0)
    optimizer = nn.Adam(model.parameters(), lr=0.1)
    with no_grad():
        loss = (model([1.0, 2.0]) - 1.0) ** 2
    optimizer.zero_grad()
    loss.backward()
    with pytest.warns(UserWarning, match=NO_GRADIENT) as caught:
        optimizer.step()
    assert "no_grad()" in str(caught[0].message)


def test_a_loss_of_exactly_zero_has_no_gradient_and_no_warning():
    # Every hinge margin met: the loss is 0 and so is its gradient. That is a minimum, not a mistake.
    model = nn.MLP.from_weights([[[1.0, 0.0]]], [[0.0]])
    optimizer = nn.SGD(model.parameters(), lr=0.1)
    with quiet():
        optimizer.zero_grad()
        loss = nn.hinge_loss([model([5.0, 0.0]), model([-5.0, 0.0])], [1, -1])
        loss.backward()
        optimizer.step()
    assert loss.data == 0.0


def test_a_step_with_no_backward_since_the_last_warns():
    w = Value(1.0)
    optimizer = nn.RMSprop([w], lr=0.1)
    (w * w).backward()
    optimizer.step()
    with pytest.warns(UserWarning, match=NOTHING_NEW):
        optimizer.step()
    optimizer.zero_grad()
    with pytest.warns(UserWarning, match=NOTHING_NEW):
        optimizer.step()  # zeroed and no backward: nothing at all to apply


def test_gradients_written_without_backward_are_fine_while_they_change():
    # Code that computes gradients itself (compiled code, a hand derivation) and calls step().
    w = Value(1.0)
    optimizer = nn.SGD([w], lr=0.1)
    with quiet():
        for g in (0.5, 0.25, 0.125):
            w.grad = g
            optimizer.step()
    assert w.data == pytest.approx(1.0 - 0.1 * 0.875)


def test_fit_never_warns_about_its_own_loop():
    X, y = nn.data.make_moons(20, seed=0)
    with quiet():
        for loss in ("hinge", "mse"):
            nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, loss=loss, epochs=3, batch_size=5, progress=False)


# Wrong input size, and a learning rate that makes the loss explode ---------------------------------


@pytest.mark.parametrize(("model", "x", "message"), [
    (nn.MLP(2, [3, 1], seed=0), [1.0, 2.0, 3.0], "MLP: expected 2 inputs, got 3"),
    (nn.MLP(3, [1], seed=0), [1.0], "MLP: expected 3 inputs, got 1"),
    (nn.Layer(2, 4), [], "Layer: expected 2 inputs, got 0"),
    (nn.Neuron(2), [1.0, 2.0, 3.0, 4.0], "Neuron: expected 2 inputs, got 4"),
])  # fmt: skip
def test_the_wrong_input_size_names_expected_and_received(model, x, message):
    with pytest.raises(ValueError, match=message):
        model(x)


def test_a_huge_learning_rate_on_moons_stops_fit_with_a_message_and_keeps_the_history():
    X, y = nn.data.make_moons(100, noise=0.1, seed=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    with pytest.warns(RuntimeWarning, match=r"fit: .*(exploded|inf|nan|overflow).*") as caught:
        history = nn.fit(model, X, y, loss="mse", optimizer=nn.SGD(model.parameters(), lr=1e3), epochs=50,
                         progress=False)  # fmt: skip
    assert history.stop_reason in ("exploded", "non_finite") and 1 <= history.epochs < 50
    assert "learning rate" in str(caught[0].message) or "finite weights" in str(caught[0].message)
    assert len(history.loss) == history.epochs and all(math.isfinite(v) for v in history.loss)
    assert all(math.isfinite(p.data) for p in model.parameters()) and math.isfinite(model([0.5, 0.2]).data)
