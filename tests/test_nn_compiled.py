"""fit(compile=True) against fit(): the same losses, accuracies, validation figures and weights, for every
named loss and custom ones, with everything else fit does (stops, Ctrl-C, ratios, errors) unchanged."""

from __future__ import annotations

import io
import math
import sys

import pytest

import nn
from autograd import Value, no_grad
from nn import data
from nn.compiled import CompiledModel

TINY = 1e-12


def regression(n: int = 24):
    X, _ = data.make_moons(n, noise=0.2, seed=5)
    return X, [0.5 * x1 - x2 * x2 for x1, x2 in X]


# loss -> (layer sizes, output activation, data)
PROBLEMS = {
    "mse": ([6, 1], "linear", regression),
    "hinge": ([6, 1], "linear", lambda: data.make_moons(24, noise=0.2, seed=5)),
    "bce": ([6, 1], "sigmoid", lambda: data.make_moons(24, noise=0.2, seed=5)),
    "bce_with_logits": ([6, 1], "linear", lambda: data.make_circles(24, noise=0.1, seed=5)),
    "cross_entropy": ([6, 3], "linear", lambda: data.make_blobs(24, centers=3, std=0.8, seed=5)),
}


def train(loss, compile, batch_size=None, validation=False, optimizer="sgd", epochs=5, **kwargs):
    """One run of fit on the loss's problem; returns (model, history)."""
    sizes, activation, make = PROBLEMS[loss]
    X, y = make()
    model = nn.MLP(2, sizes, activation="tanh", output_activation=activation, seed=1)
    opt = (nn.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01) if optimizer == "sgd"
           else nn.AdamW(model.parameters(), lr=0.02, weight_decay=0.05))  # fmt: skip
    val = (X[:8], y[:8]) if validation else None
    history = nn.fit(model, X, y, loss, opt, epochs=epochs, batch_size=batch_size, seed=3, progress=False,
                     validation_data=val, compile=compile, **kwargs)  # fmt: skip
    return model, history


def assert_same_run(dynamic, compiled):
    (model_d, h_d), (model_c, h_c) = dynamic, compiled
    assert h_c.loss == pytest.approx(h_d.loss, rel=TINY, abs=TINY)
    assert h_c.val_loss == pytest.approx(h_d.val_loss, rel=TINY, abs=TINY)
    assert h_c.accuracy == h_d.accuracy and h_c.val_accuracy == h_d.val_accuracy
    assert list(model_c.state_dict().values()) == pytest.approx(list(model_d.state_dict().values()), rel=TINY)
    assert (h_c.stop_reason, h_c.epochs, h_c.best_epoch) == (h_d.stop_reason, h_d.epochs, h_d.best_epoch)


@pytest.mark.parametrize("loss", list(PROBLEMS))
@pytest.mark.parametrize(("batch_size", "validation", "optimizer"), [
    (None, True, "sgd"),  # full batch, validation data, SGD with momentum and weight decay
    (5, False, "adamw"),  # mini-batches (the last one smaller), AdamW's decoupled weight decay
])  # fmt: skip
def test_every_named_loss_trains_as_the_dynamic_path_does(loss, batch_size, validation, optimizer):
    runs = [train(loss, flag, batch_size, validation, optimizer) for flag in (False, True)]
    assert_same_run(*runs)
    assert len(runs[1][1].accuracy) == (5 if loss != "mse" else 0)
    assert len(runs[1][1].val_loss) == (5 if validation else 0)


def test_the_moons_demo_gives_the_same_floats_not_merely_close_ones():
    # The loss runs on the engine, the model's code does what each op's fn does, and the gradients
    # are summed in the order backward() meets the samples: so the two paths agree to the last bit.
    def run(flag):
        X, y = data.make_moons(40, noise=0.1, seed=0)
        model = nn.MLP(2, [8, 8, 1], seed=0)
        opt = nn.optim.Adam(model.parameters(), lr=0.02)
        history = nn.fit(model, X, y, "hinge", opt, epochs=4, batch_size=10, seed=0, progress=False, compile=flag)
        return history.loss, history.accuracy, model.state_dict()

    assert run(True) == run(False)


def test_a_layer_and_a_neuron_compile_too():
    X, y = regression(16)
    for make in (lambda: nn.Layer(2, 2, activation="tanh", rng=0), lambda: nn.Neuron(2, activation="tanh", rng=0)):
        targets = [[t, -t] for t in y] if isinstance(make(), nn.Layer) else y
        runs = []
        for flag in (False, True):
            model = make()
            history = nn.fit(model, X, targets, "mse", nn.SGD(model.parameters(), lr=0.1), epochs=3, progress=False,
                             compile=flag)  # fmt: skip
            runs.append((model, history))
        assert_same_run(*runs)


def test_the_gradients_are_those_of_backward_on_the_batch_graph():
    model = nn.MLP(2, [5, 3], activation="relu", seed=2)
    X, y = data.make_blobs(9, centers=3, seed=1)
    compiled = CompiledModel(model)
    outputs = compiled.outputs([tuple(x) for x in X])
    assert [[v.data for v in out] for out in outputs] == [[v.data for v in model(x)] for x in X]
    nn.cross_entropy(outputs, y).backward()
    grads = compiled.gradients([tuple(x) for x in X], outputs)
    model.zero_grad()
    nn.cross_entropy([model(x) for x in X], y).backward()
    assert list(grads) == [p.grad for p in model.parameters()]


def svm_with_l2(model):
    """A custom loss that also reads the parameters: mean hinge + 1e-3 * sum p^2 (Karpathy's moons loss)."""

    def loss(outputs, targets):
        margins = [(1.0 - (2 * t - 1) * s).relu() for s, t in zip(outputs, targets)]
        return sum(margins) * (1.0 / len(margins)) + 1e-3 * nn.l2_penalty(model)

    return loss


def batch_coupled(outputs, targets):
    """Not a mean over samples: the squared spread of the outputs around their batch mean, plus mse."""
    mean = sum(outputs) * (1.0 / len(outputs))
    return nn.mse_loss(outputs, targets) + sum((o - mean) ** 2 for o in outputs) * 0.1


@pytest.mark.parametrize("custom", ["svm_with_l2", "batch_coupled"])
def test_a_custom_loss_compiles_whatever_its_form(custom):
    # The chain rule splits at the outputs, so the loss need not be a mean over samples, and may read the weights.
    runs = []
    for flag in (False, True):
        X, y = data.make_moons(20, noise=0.1, seed=2)
        model = nn.MLP(2, [6, 1], activation="tanh", seed=1)
        loss = svm_with_l2(model) if custom == "svm_with_l2" else batch_coupled
        history = nn.fit(model, X, y, loss, nn.SGD(model.parameters(), lr=0.2), epochs=4, batch_size=8, seed=0,
                         progress=False, compile=flag)  # fmt: skip
        runs.append((model, history))
    assert_same_run(*runs)


def test_patience_restore_best_scheduler_callbacks_and_ratios_work_alike():
    def run(flag):
        seen = []
        watch = [lambda epoch, h: seen.append(h.val_loss[-1]) or False]
        model, history = train("hinge", flag, 6, True, epochs=12, patience=2, callbacks=watch, record_ratios=True)
        return model, history, seen

    dynamic, compiled = run(False), run(True)
    assert compiled[1].stop_reason == "early_stopping" and compiled[1].best_epoch < compiled[1].epochs - 1
    assert_same_run(dynamic[:2], compiled[:2])  # with the best weights restored
    assert compiled[2] == pytest.approx(dynamic[2], rel=TINY)
    for layer, ratios in dynamic[1].update_ratio.items():
        assert compiled[1].update_ratio[layer] == pytest.approx(ratios, rel=1e-9)
        assert compiled[1].grad_ratio[layer] == pytest.approx(dynamic[1].grad_ratio[layer], rel=1e-9)


def test_the_scheduler_and_a_stopping_callback():
    model = nn.MLP(2, [3, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=1.0)
    schedule = nn.schedules.LinearLR(opt, start_factor=1.0, end_factor=0.1, total_iters=100)
    X, y = data.make_moons(10, seed=0)
    history = nn.fit(model, X, y, "hinge", opt, epochs=6, scheduler=schedule, progress=False, compile=True,
                     callbacks=[lambda epoch, h: epoch == 3])  # fmt: skip
    assert history.lr == pytest.approx([1.0, 0.991, 0.982, 0.973]) and history.stop_reason == "callback"


def test_ctrl_c_ends_a_compiled_run_cleanly():
    calls = {"n": 0}

    def loss(outputs, targets):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return nn.hinge_loss(outputs, [2 * t - 1 for t in targets])

    X, y = data.make_moons(20, seed=0)
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(model, X, y, loss=loss, epochs=10, progress=False, compile=True)
    assert history.interrupted and history.epochs == 2
    assert all(math.isfinite(p.data) for p in model.parameters())


def test_a_diverging_run_stops_as_the_dynamic_one_does():
    X, y = [[float(i), float(i % 3)] for i in range(-5, 6)], [float(i * i) for i in range(-5, 6)]
    runs = []
    for flag in (False, True):
        model = nn.MLP(2, [8, 1], activation="tanh", seed=0)
        with pytest.warns(RuntimeWarning, match="fit: .*(exploded|inf|nan|overflow)"):
            history = nn.fit(model, X, y, optimizer=nn.SGD(model.parameters(), lr=3.0), epochs=200, progress=False,
                             compile=flag)  # fmt: skip
        runs.append((model, history))
    assert_same_run(*runs)
    assert runs[1][1].stop_reason in ("exploded", "non_finite") and runs[1][1].epochs < 200
    assert runs[1][1].message == runs[0][1].message


def test_an_engine_error_mid_training_stops_with_the_engines_message():
    neuron = nn.Neuron.from_weights([1.0], 0.0, activation="linear")
    with pytest.warns(RuntimeWarning, match="OverflowError: exp: result overflows.*stopped after 4 full epochs"):
        history = nn.fit(neuron, [[1.0]], [0.0], loss=lambda outs, t: 0.0 * outs[0].exp() - outs[0],
                         optimizer=nn.SGD(neuron.parameters(), lr=100.0), epochs=10, progress=False,
                         compile=True)  # fmt: skip
    assert history.stop_reason == "non_finite" and neuron(1.0).data == 801.0


def test_a_nan_in_the_compiled_forward_is_the_engines_error():
    # inf * 0 in the second layer: the generated code sees a nan, re-runs with Values, and the engine names the op.
    def model():
        return nn.MLP.from_weights([[[1e308, 1e308]], [[0.0]]], [[0.0], [0.0]], activation="linear")

    errors = []
    for flag in (False, True):
        with pytest.raises(ValueError, match="the result is nan") as info:
            nn.fit(model(), [[10.0, 10.0]], [1.0], progress=False, compile=flag)
        errors.append(str(info.value))
    assert errors[0] == errors[1]


def test_first_step_errors_are_raised_as_is():
    with pytest.raises(TypeError, match="fit: the loss must return a Value, got 1.0"):
        nn.fit(nn.MLP(2, [3, 1], seed=0), [[0.0, 1.0]], [1], loss=lambda o, t: 1.0, progress=False, compile=True)
    with pytest.raises(ValueError, match=r"fit: X\[0\] has 3 numbers but the model takes 2 inputs"):
        nn.fit(nn.MLP(2, [3, 1], seed=0), [[0.0, 1.0, 2.0]], [1], progress=False, compile=True)


def test_only_models_with_a_fixed_graph_compile():
    class Affine(nn.Module):
        def __init__(self):
            self.a, self.b = Value(0.5), Value(0.0)

        def forward(self, x):
            return self.a * x[0] + self.b if x[0] > 0 else self.b  # the graph depends on the sample

    with pytest.raises(ValueError, match=r"fit: compile=True needs an nn.MLP, nn.Layer or nn.Neuron.*compile=False"):
        nn.fit(Affine(), [[1.0], [-1.0]], [1.0, 0.0], progress=False, compile=True)
    with pytest.raises(TypeError, match="fit: compile must be True or False, got 'yes'"):
        nn.fit(nn.MLP(2, [3, 1], seed=0), [[0.0, 1.0]], [1], progress=False, compile="yes")


def test_fit_inside_no_grad_still_compiles_the_graph():
    X, y = regression(10)
    with no_grad():
        compiled = CompiledModel(nn.MLP(2, [3, 1], seed=0))
    assert len(compiled.outputs([tuple(x) for x in X])) == 10


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_the_compiled_runs_figures(monkeypatch):
    pytest.importorskip("tqdm")
    monkeypatch.delenv("CI", raising=False)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    X, y = data.make_moons(10, seed=0)
    nn.fit(nn.MLP(2, [3, 1], seed=0), X, y, "hinge", epochs=3, validation_data=(X, y), compile=True)
    assert "3/3" in terminal.getvalue() and "accuracy=" in terminal.getvalue() and "val_loss=" in terminal.getvalue()


INJECTIONS = [
    "x'); import os; os.system('echo hacked'); ('", 'a"b', "a\nimport os", "a\u2028b", "a\u2029b", "a\x00b",
    "lambda", "match", "None", "True", "__import__", "__builtins__", "_forward_backward", "1e308", "λ", "١٢",
    "x\\", "#comment", "a b", "", "    ", "in0", "const1",
]  # fmt: skip


def test_a_model_with_hostile_labels_still_compiles_for_fit():
    model = nn.MLP(2, [3, 1], seed=0)
    for i, p in enumerate(model.parameters()):
        p.label = INJECTIONS[i % len(INJECTIONS)]
    X, y = [[0.5, -1.0], [1.0, 2.0], [-0.3, 0.2]], [1.0, -1.0, 1.0]  # noqa: N806
    history = nn.fit(model, X, y, "hinge", nn.optim.SGD(model.parameters(), lr=0.1), epochs=3,
                     progress=False, compile=True)  # fmt: skip
    assert len(history.loss) == 3 and all(math.isfinite(v) for v in history.loss)
