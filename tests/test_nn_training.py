"""nn.fit, History, accuracy and predict: acceptance runs on moons and spirals, the loop against a
hand-written one, early stopping, Ctrl-C, diverging losses, progress bars and clear errors."""

from __future__ import annotations

import io
import math
import sys
import tempfile
import types
import warnings
import weakref
from pathlib import Path

import pytest

import nn
from autograd import Value
from nn import data, progress


def moons_run(seed: int = 0):
    X, y = data.make_moons(100, noise=0.1, seed=seed)
    model = nn.MLP(2, [16, 16, 1], seed=seed)
    opt = nn.optim.Adam(model.parameters(), lr=0.02)
    history = nn.fit(model, X, y, loss="hinge", optimizer=opt, epochs=20, batch_size=10, seed=seed, progress=False)
    return model, X, y, history


def spirals_run(seed: int = 0):
    X, y = data.make_spirals(90, classes=3, noise=0.2, seed=seed)
    model = nn.MLP(2, [16, 16, 3], seed=seed)
    opt = nn.optim.Adam(model.parameters(), lr=0.02)
    history = nn.fit(model, X, y, "cross_entropy", opt, epochs=30, batch_size=10, seed=seed, progress=False)
    return model, X, y, history


@pytest.mark.slow
def test_micrograds_moons_mlp_learns_moons_with_adam_reproducibly():
    model, X, y, history = moons_run()
    assert nn.accuracy(model, X, y) >= 0.97
    assert len(history.loss) == len(history.accuracy) == 20 and history.loss[-1] < history.loss[0] / 5
    again = moons_run()[3]
    assert again.loss == history.loss and again.accuracy == history.accuracy  # same seed, same floats


@pytest.mark.slow
def test_a_softmax_classifier_learns_three_spirals_reproducibly():
    model, X, y, history = spirals_run()
    assert nn.accuracy(model, X, y) >= 0.90
    assert spirals_run()[3].loss == history.loss


def test_fit_is_exactly_the_hand_written_loop_with_the_default_sgd():
    X, y = data.make_blobs(12, centers=[[-1.0, 0.0], [1.0, 0.5]], std=0.3, seed=4)
    model = nn.MLP(2, [4, 1], seed=2)
    twin = nn.MLP(2, [4, 1], seed=2)
    history = nn.fit(model, X, y, loss="mse", epochs=3, progress=False)
    losses = []
    for _ in range(3):  # the same epochs by hand: full batch, SGD with lr 0.1
        loss = nn.mse_loss([twin(x) for x in X], y)
        twin.zero_grad()
        loss.backward()
        for p in twin.parameters():
            p.data -= 0.1 * p.grad
        losses.append(loss.data)
    assert history.loss == losses and model.state_dict() == twin.state_dict()
    assert history.accuracy == [] and history.lr == [0.1, 0.1, 0.1]  # mse is not classification


def test_hinge_accepts_zero_one_and_plus_minus_one_labels_alike():
    X, y = data.make_moons(20, seed=1)
    runs = [nn.fit(nn.MLP(2, [4, 1], seed=0), X, labels, "hinge", epochs=3, progress=False)
            for labels in (y, [2 * c - 1 for c in y])]  # fmt: skip
    assert runs[0].loss == runs[1].loss and runs[0].accuracy == runs[1].accuracy


def test_minibatch_order_is_seeded():
    X, y = data.make_moons(30, seed=0)

    def run(seed):
        return nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, "hinge", epochs=2, batch_size=7, seed=seed, progress=False).loss

    assert run(1) == run(1) and run(1) != run(2)


def test_validation_figures_and_training_accuracy_are_recorded():
    X, y = data.make_moons(40, seed=0)
    X_train, X_val, y_train, y_val = data.train_test_split(X, y, seed=0)
    model = nn.MLP(2, [8, 1], output_activation="sigmoid", seed=0)
    history = nn.fit(model, X_train, y_train, "bce", nn.optim.Adam(model.parameters(), lr=0.05), epochs=4,
                     validation_data=(X_val, y_val), progress=False)  # fmt: skip
    assert [len(h) for h in (history.loss, history.accuracy, history.val_loss, history.val_accuracy)] == [4] * 4
    assert history.val_accuracy[-1] == nn.accuracy(model, X_val, y_val)
    outputs = [model(x) for x in X_val]
    assert history.val_loss[-1] == pytest.approx(nn.binary_cross_entropy(outputs, y_val).data, rel=1e-12)


def test_patience_stops_early_and_restores_the_best_weights():
    # Training pulls the output to +1 while the validation targets are -1, so val_loss only rises.
    X, y = [[1.0], [2.0]], [1.0, 1.0]
    model = nn.MLP.from_weights([[[0.1]]], [[0.0]])
    history = nn.fit(model, X, y, epochs=50, patience=3, validation_data=(X, [-1.0, -1.0]), progress=False)
    assert history.stop_reason == "early_stopping" and history.best_epoch == 0 and history.epochs == 4
    one_epoch = nn.MLP.from_weights([[[0.1]]], [[0.0]])
    nn.fit(one_epoch, X, y, epochs=1, progress=False)
    assert model.state_dict() == one_epoch.state_dict()  # back to the weights after epoch 0
    assert "best epoch 0" in repr(history)


def test_patience_without_validation_watches_the_training_loss():
    X, y = [[1.0], [2.0]], [1.0, 1.0]
    model = nn.MLP.from_weights([[[0.1]]], [[0.0]])
    history = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=0.0), epochs=20, patience=2, progress=False)
    assert history.stop_reason == "early_stopping" and history.epochs == 3 and history.best_epoch == 0


def test_ctrl_c_ends_training_cleanly_with_the_history_so_far():
    X, y = data.make_moons(20, seed=0)
    model = nn.MLP(2, [4, 1], seed=0)
    calls = {"n": 0}

    def loss(outputs, targets):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # what Ctrl-C does in the middle of an epoch
        return nn.hinge_loss(outputs, [2 * t - 1 for t in targets])

    history = nn.fit(model, X, y, loss=loss, epochs=10, progress=False)
    assert history.interrupted and history.stop_reason == "interrupted" and history.epochs == 2
    assert type(model([0.1, 0.2])) is Value and all(math.isfinite(p.data) for p in model.parameters())
    assert "interrupted" in repr(history)


def test_a_callback_can_stop_training_or_raise_keyboard_interrupt():
    X, y = data.make_moons(10, seed=0)
    seen = []
    history = nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, "hinge", epochs=10, progress=False,
                     callbacks=[lambda epoch, h: seen.append((epoch, h.epochs)) or epoch == 2])  # fmt: skip
    assert seen == [(0, 1), (1, 2), (2, 3)] and history.stop_reason == "callback"

    def interrupt(epoch, h):
        if epoch == 1:
            raise KeyboardInterrupt

    history = nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, "hinge", epochs=10, progress=False, callbacks=[interrupt])
    assert history.interrupted and history.epochs == 2


def test_a_diverging_run_stops_with_a_warning_and_finite_weights():
    X, y = [[float(i), float(i % 3)] for i in range(-5, 6)], [float(i * i) for i in range(-5, 6)]
    model = nn.MLP(2, [8, 1], activation="tanh", seed=0)
    with pytest.warns(RuntimeWarning, match="fit: .*(exploded|inf|nan|overflow)"):
        history = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=3.0), epochs=200, progress=False)
    assert history.stop_reason in ("exploded", "non_finite") and history.epochs < 200
    assert all(math.isfinite(p.data) for p in model.parameters()) and math.isfinite(model([1.0, 1.0]).data)


def test_a_step_that_breaks_the_weights_is_undone():
    class Broken:
        """An optimizer whose third step sets a weight to inf."""

        def __init__(self, params):
            self.params, self.calls = params, 0

        def zero_grad(self):
            for p in self.params:
                p.grad = 0.0

        def step(self):
            self.calls += 1
            for p in self.params:
                p.data -= 0.01 * p.grad
            if self.calls == 3:
                self.params[0].data = math.inf

    model = nn.MLP(2, [3, 1], seed=0)
    X, y = data.make_moons(10, seed=0)
    with pytest.warns(RuntimeWarning, match="a step made a weight inf or nan; stopped after 2 full epochs"):
        history = nn.fit(model, X, y, optimizer=Broken(model.parameters()), epochs=5, progress=False)
    twin = nn.MLP(2, [3, 1], seed=0)
    nn.fit(twin, X, y, optimizer=Broken(twin.parameters()), epochs=2, progress=False)
    assert history.stop_reason == "non_finite" and model.state_dict() == twin.state_dict()


def test_an_error_in_the_first_step_is_raised_as_is():
    def broken(outputs, targets):
        raise ValueError("my loss is broken")

    with pytest.raises(ValueError, match="my loss is broken"):
        nn.fit(nn.MLP(2, [3, 1], seed=0), [[0.0, 1.0]], [1], loss=broken, progress=False)
    with pytest.raises(TypeError, match="fit: the loss must return a Value, got 1.0"):
        nn.fit(nn.MLP(2, [3, 1], seed=0), [[0.0, 1.0]], [1], loss=lambda o, t: 1.0, progress=False)


def test_scheduler_and_lr_history():
    model = nn.MLP(2, [3, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=1.0)
    schedule = nn.schedules.LinearLR(opt, start_factor=1.0, end_factor=0.1, total_iters=100)
    X, y = data.make_moons(10, seed=0)
    history = nn.fit(model, X, y, "hinge", opt, epochs=4, scheduler=schedule, progress=False)
    assert history.lr == pytest.approx([1.0, 0.991, 0.982, 0.973])


def test_record_ratios_per_layer():
    model = nn.MLP(2, [6, 4, 1], seed=0)
    X, y = data.make_moons(20, seed=0)
    history = nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.05), epochs=3, record_ratios=True,
                     progress=False)  # fmt: skip
    assert list(history.update_ratio) == ["layers.0", "layers.1", "layers.2"] == list(history.grad_ratio)
    for layer in history.update_ratio:
        assert len(history.update_ratio[layer]) == 3 and all(r > 0 for r in history.grad_ratio[layer])
        # plain SGD moves each weight by lr * grad, so |update| / |w| = lr * |grad| / |w| at every step
        assert history.update_ratio[layer] == pytest.approx([0.05 * r for r in history.grad_ratio[layer]], rel=1e-9)
    assert nn.fit(model, X, y, "hinge", epochs=1, progress=False).update_ratio == {}
    w = model.layers[2].neurons[0].w  # one step, full batch: the mean is that step's ratio
    norm_w = sum(p.data**2 for p in w) ** 0.5
    one = nn.fit(model, X, y, "hinge", epochs=1, record_ratios=True, progress=False)
    assert one.grad_ratio["layers.2"] == pytest.approx([sum(p.grad**2 for p in w) ** 0.5 / norm_w], rel=1e-12)


def test_bce_reads_a_custom_models_output_as_a_probability():
    class Probability(nn.Module):
        def __init__(self):
            self.w = Value(1.0)

        def forward(self, x):
            return (self.w * x[0]).sigmoid()

    X, y = [[-1.0], [-0.2], [0.3], [2.0]], [0, 0, 1, 1]
    history = nn.fit(Probability(), X, y, loss="bce", epochs=1, progress=False)
    assert history.accuracy == [1.0]  # outputs 0.27, 0.45, 0.57, 0.88 split at 0.5, not at 0


def test_accuracy_and_predict_thresholds():
    scores = nn.MLP.from_weights([[[1.0, 0.0]]], [[0.0]])  # output x1: linear, threshold 0
    X = [[-1.0, 0.0], [0.2, 0.0], [3.0, 0.0], [-0.1, 0.0]]
    assert nn.predict(scores, X) == [0, 1, 1, 0]
    assert nn.accuracy(scores, X, [0, 1, 1, 1]) == 0.75
    assert nn.accuracy(scores, X, [-1, 1, 1, -1]) == 1.0
    probs = nn.MLP.from_weights([[[1.0, 0.0]]], [[0.0]], output_activation="sigmoid")  # threshold 0.5
    assert nn.predict(probs, X) == [0, 1, 1, 0] and nn.predict(probs, X, threshold=0.6) == [0, 0, 1, 0]
    three = nn.MLP.from_weights([[[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]], [[0.0, 0.0, 0.0]])
    assert nn.predict(three, [[2.0, 1.0], [0.0, 1.0], [-2.0, 1.0]]) == [0, 1, 2]
    with pytest.raises(ValueError, match="accuracy: X has 4 samples and y has 2"):
        nn.accuracy(scores, X, [0, 1])


UNORDERED = {  # what a list of samples must not be: read by its keys, in no order, or used up once read
    "dict": lambda rows: dict(enumerate(rows)),
    "set": lambda rows: set(map(tuple, rows)),
    "generator": lambda rows: (r for r in rows),
    "iterator": iter,
}


@pytest.mark.parametrize("kind", sorted(UNORDERED))
def test_accuracy_and_predict_refuse_samples_in_no_order_as_fit_does(kind):
    scores = nn.MLP.from_weights([[[1.0, 0.0]]], [[0.0]])
    X, y = [[-1.0, 0.0], [0.2, 0.0], [3.0, 0.0]], [0, 1, 1]
    for call, what in [(lambda: nn.predict(scores, UNORDERED[kind](X)), "X"),
                       (lambda: nn.accuracy(scores, UNORDERED[kind](X), y), "X"),
                       (lambda: nn.accuracy(scores, X, UNORDERED[kind]([[v] for v in y])), "y")]:  # fmt: skip
        with pytest.raises(
            TypeError, match=rf"^(predict|accuracy): {what} must be a list, one entry per sample"
        ) as info:
            call()
        assert "\n" not in str(info.value)
    with pytest.raises(TypeError, match=r"a set has no order; a sample is an ordered sequence"):
        nn.predict(scores, [{-1.0, 0.0}])  # one sample as a set: its numbers in no order
    assert nn.predict(scores, [tuple(r) for r in X]) == nn.predict(scores, X) == [0, 1, 1]  # any ordered rows


def test_history_reads_well_in_a_terminal_and_a_notebook():
    X, y = data.make_moons(10, seed=0)
    history = nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, "hinge", epochs=15, validation_data=(X, y), progress=False)
    text = repr(history)
    assert text.startswith("History(epochs=15, loss ") and "accuracy" in text and "val_loss" in text
    page = history._repr_html_()
    assert page.count("<tr>") == 1 + 3 + 1 + 6 and "&hellip;" in page and "<th>val_accuracy</th>" in page
    assert history.to_dict()["loss"] == history.loss and len(history) == 15


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"X": [[0.0, 1.0, 2.0]], "y": [1]}, ValueError, r"fit: X\[0\] has 3 numbers but the model takes 2 inputs"),
    ({"X": [[0.0, 1.0]], "y": [1, 0]}, ValueError, "fit: X has 1 samples and y has 2"),
    ({"loss": "hinge", "y": [2]}, ValueError, r"loss='hinge': y\[0\]: labels 0/1 or -1/\+1 are needed, got 2"),
    ({"loss": "bce"}, ValueError, "loss='bce' needs probabilities: build the model with output_activation='sigmoid'"),
    ({"loss": "cross_entropy"}, ValueError, "needs k >= 2 outputs"),
    ({"loss": "l1"}, ValueError, "fit: unknown loss 'l1'"),
    ({"epochs": 0}, ValueError, "fit: epochs must be >= 1"),
    ({"batch_size": 0}, ValueError, "fit: batch_size must be >= 1"),
    ({"optimizer": "adam"}, TypeError, r"fit: optimizer must have step\(\) and zero_grad\(\)"),
    ({"validation_data": [[0.0, 1.0]]}, TypeError, r"validation_data must be a pair \(X_val, y_val\)"),
    ({"validation_data": ([[0.0]], [1])}, ValueError, r"validation_data: X\[0\] has 1 numbers"),
    ({"seed": 1.5}, TypeError, "fit: seed must be an int or None"),
    ({"X": [[0.0, "a"]]}, TypeError, r"fit: X\[0\] must be a real number"),
])  # fmt: skip
def test_bad_arguments_to_fit_are_named(kwargs, error, match):
    args = {"X": [[0.0, 1.0]], "y": [1], "progress": False} | kwargs
    with pytest.raises(error, match=match):
        nn.fit(nn.MLP(2, [3, 1], seed=0), **args)


def test_the_model_must_be_a_model():
    with pytest.raises(TypeError, match="fit: model must be callable and have parameters()"):
        nn.fit([1, 2], [[0.0]], [1])


def test_cross_entropy_labels_are_checked_against_the_outputs():
    with pytest.raises(ValueError, match=r"y\[1\]: class indices 0..2 are needed, got 3"):
        nn.fit(nn.MLP(2, [3, 3], seed=0), [[0.0, 1.0]] * 2, [0, 3], loss="cross_entropy", progress=False)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_in_a_terminal_and_not_in_ci(monkeypatch):
    pytest.importorskip("tqdm")
    X, y = data.make_moons(10, seed=0)
    monkeypatch.delenv("CI", raising=False)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, "hinge", epochs=3)
    assert "3/3" in terminal.getvalue() and "loss=" in terminal.getvalue() and "accuracy=" in terminal.getvalue()
    monkeypatch.setenv("CI", "true")
    quiet = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, "hinge", epochs=3)
    assert quiet.getvalue() == ""


def test_no_bar_when_stderr_is_a_pipe_or_progress_is_off(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not progress.wanted(True)
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    assert progress.wanted(True) and not progress.wanted(False)


def test_a_notebook_gets_a_bar_even_without_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    shell = types.SimpleNamespace(config={"IPKernelApp": {}})
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    assert progress.in_notebook() and progress.wanted(True)


def test_without_tqdm_training_runs_without_a_bar(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    X, y = data.make_moons(10, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, "hinge", epochs=2)
    assert history.epochs == 2 and sys.stderr.getvalue() == ""


def test_an_engine_error_mid_training_stops_cleanly():
    # Minimising -out pushes out up by 200 per step; exp(801) overflows in the fifth epoch.
    neuron = nn.Neuron.from_weights([1.0], 0.0, activation="linear")
    with pytest.warns(RuntimeWarning, match="OverflowError: exp: result overflows.*stopped after 4 full epochs"):
        history = nn.fit(neuron, [[1.0]], [0.0], loss=lambda outs, t: 0.0 * outs[0].exp() - outs[0],
                         optimizer=nn.SGD(neuron.parameters(), lr=100.0), epochs=10, progress=False)  # fmt: skip
    assert history.stop_reason == "non_finite" and history.epochs == 4
    assert neuron(1.0).data == 801.0  # the weights of the last good step


def test_fit_trains_a_neuron_and_a_custom_module():
    X = [[x / 10] for x in range(-10, 11)]
    y = [3.0 * x[0] - 1.0 for x in X]
    neuron = nn.Neuron(1, activation=None, rng=0)
    nn.fit(neuron, X, y, optimizer=nn.SGD(neuron.parameters(), lr=0.3), epochs=200, progress=False)
    assert neuron.w[0].data == pytest.approx(3.0, abs=1e-6) and neuron.b.data == pytest.approx(-1.0, abs=1e-6)

    class Affine(nn.Module):
        def __init__(self):
            self.a, self.b = Value(0.0), Value(0.0)

        def forward(self, x):
            return self.a * x[0] + self.b

    model = Affine()
    history = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=0.3), epochs=200, progress=False)
    assert model.a.data == pytest.approx(3.0, abs=1e-6) and history.loss[-1] < 1e-12


@pytest.mark.parametrize("compile", [False, True])
def test_a_trained_model_its_optimizer_and_history_are_freed_without_the_cyclic_gc(no_cyclic_gc, compile):
    import nn

    X, y = nn.data.make_moons(40, noise=0.1, seed=0)  # noqa: N806 (X: a matrix)
    model = nn.MLP(2, [8, 1], seed=0)
    optimizer = nn.optim.Adam(model.parameters(), lr=0.05)
    scheduler = nn.schedules.StepLR(optimizer, step_size=2)
    history = nn.fit(model, X, y, "hinge", optimizer, epochs=4, batch_size=10, seed=0, progress=False,
                     validation_data=(X[:10], y[:10]), scheduler=scheduler, record_ratios=True,
                     compile=compile)  # fmt: skip
    optimizer.zero_grad()
    loss = nn.losses.mse_loss([model(x) for x in X[:3]], y[:3])
    loss.backward()
    optimizer.step()
    alive = [weakref.ref(obj) for obj in (model, optimizer, scheduler, history, loss, *model.parameters())]
    del model, optimizer, scheduler, history, loss
    assert [ref for ref in alive if ref() is not None] == []


class InterruptedSGD(nn.SGD):
    """SGD whose third step is cut by Ctrl-C after updating only half of the parameters."""

    calls = 0

    def step(self) -> None:
        self.calls += 1
        if self.calls != 3:
            return super().step()
        half = self.params[: len(self.params) // 2]
        for p in half:
            p.data -= self.lr * p.grad
        raise KeyboardInterrupt


def test_ctrl_c_mid_step_returns_the_history_and_the_model_keeps_working_and_training():
    X, y = nn.data.make_moons(40, noise=0.1, seed=0)
    model = nn.MLP(2, [8, 1], seed=0)
    history = nn.fit(model, X, y, loss="hinge", optimizer=InterruptedSGD(model.parameters(), lr=0.1), epochs=10,
                     progress=False)  # fmt: skip
    assert history.interrupted and history.stop_reason == "interrupted" and history.epochs == 2
    assert len(history.loss) == len(history.accuracy) == 2
    assert all(math.isfinite(p.data) for p in model.parameters()) and type(model([0.1, 0.2])) is Value
    assert set(nn.predict(model, X)) <= {0, 1}
    more = nn.fit(model, X, y, loss="hinge", optimizer=nn.Adam(model.parameters(), lr=0.05), epochs=15,
                  progress=False)  # fmt: skip
    assert not more.interrupted and more.epochs == 15 and more.loss[-1] < more.loss[0]
    assert nn.accuracy(model, X, y) >= 0.8
    path_after = [p.data for p in model.parameters()]
    nn.save(model, Path(tempfile.mkdtemp()) / "m.json")  # and it saves
    assert [p.data for p in model.parameters()] == path_after


def test_fit_holds_the_collector_off_in_each_step_only_and_leaves_it_as_it_was():
    import gc
    import threading

    seen = []

    def loss(outputs, targets):  # runs inside a step
        seen.append(gc.isenabled())
        return nn.losses.mse_loss(outputs, targets)

    X, y = data.make_moons(20, noise=0.1, seed=0)
    nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, loss=loss, epochs=3, callbacks=[lambda e, h: seen.append(gc.isenabled())],
           progress=False)  # fmt: skip
    assert seen == [False, True] * 3 and gc.isenabled()  # off in the step, on between epochs (callbacks)
    with pytest.raises(ValueError, match="broken"):
        nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, loss=lambda o, t: _raise(), progress=False)
    assert gc.isenabled()
    runs = [threading.Thread(target=moons_run, args=(k,)) for k in range(3)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert gc.isenabled()
    gc.disable()
    try:
        nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, epochs=2, progress=False)
        assert not gc.isenabled()  # off before fit: off after
    finally:
        gc.enable()


def _raise():
    raise ValueError("my loss is broken")
