"""nn.plot draws on the Agg backend: the right lines, scales and points, and clear errors."""

from __future__ import annotations

import io
import sys
import warnings

import pytest

import autograd
import nn
from nn import data

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def trained():
    X, y = data.make_moons(30, seed=0)
    model = nn.MLP(2, [8, 1], seed=0)
    history = nn.fit(model, X, y, "hinge", nn.Adam(model.parameters(), lr=0.05), epochs=6,
                     validation_data=(X, y), record_ratios=True, progress=False)  # fmt: skip
    return model, X, y, history


def labels(ax):
    return [line.get_label() for line in ax.get_lines()]


def test_loss_curve_draws_loss_and_accuracy_on_two_axes(trained):
    *_, history = trained
    ax = nn.plot.loss_curve(history)
    assert labels(ax) == ["loss", "val_loss"]
    loss_line = ax.get_lines()[0]
    assert list(loss_line.get_ydata()) == history.loss and list(loss_line.get_xdata()) == [1, 2, 3, 4, 5, 6]
    (right,) = [other for other in ax.figure.axes if other is not ax]
    assert labels(right) == ["accuracy", "val_accuracy"] and right.get_ylim() == (0.0, 1.02)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["loss", "val_loss", "accuracy", "val_accuracy"]
    only_loss = nn.plot.loss_curve(history, accuracy=False)
    assert len(only_loss.figure.axes) == 1


def test_loss_curve_ticks_whole_epochs_only():
    ax = nn.plot.loss_curve(nn.History(loss=[float(20 - i) for i in range(20)]))
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_xticks() if 1 <= t <= 20]
    assert len(ticks) >= 2 and all(t == int(t) for t in ticks)


def test_loss_curve_uses_a_log_scale_when_the_loss_spans_decades():
    history = nn.History(loss=[10.0, 1.0, 0.1])
    assert nn.plot.loss_curve(history).get_yscale() == "log"
    assert nn.plot.loss_curve(nn.History(loss=[1.0, 0.8, 0.7])).get_yscale() == "linear"
    assert nn.plot.loss_curve(nn.History(loss=[1.0, 0.8]), log=True).get_yscale() == "log"


def test_decision_boundary_shades_the_predicted_classes_under_the_points(trained):
    model, X, y, _ = trained
    fig, given = plt.subplots()
    ax = nn.plot.decision_boundary(model, X, y, ax=given, resolution=20)
    assert ax is given
    (points,) = ax.collections[-1:]
    assert len(points.get_offsets()) == len(X) and list(points.get_array()) == y
    xs = [p[0] for p in X]
    assert ax.get_xlim()[0] <= min(xs) - 0.5 + 1e-9 and ax.get_xlim()[1] >= max(xs) + 0.5 - 1e-9
    assert len(ax.collections) >= 2  # the filled contours and the scatter


@pytest.mark.parametrize("kind", ["set", "dict", "generator"])
def test_decision_boundary_refuses_points_or_labels_in_no_order(trained, kind):
    model, X, y, _ = trained
    make = {"set": lambda r: set(map(tuple, r)) if isinstance(r[0], list) else set(r),
            "dict": lambda r: dict(enumerate(r)), "generator": lambda r: (v for v in r)}[kind]  # fmt: skip
    for points, labels, what in [(make(X), y, "X"), (X, make(y), "y")]:
        with pytest.raises(TypeError, match=rf"^decision_boundary: {what} must be a list, one entry per sample"):
            nn.plot.decision_boundary(model, points, labels, resolution=5)
    with pytest.raises(TypeError, match=r"^decision_boundary: X\[0\] must be a list of numbers, got .*set"):
        nn.plot.decision_boundary(model, [set(X[0]), *X[1:]], y, resolution=5)
    plt.close("all")


def test_decision_boundary_for_three_classes():
    X, y = data.make_blobs(30, centers=[[-3.0, 0.0], [3.0, 0.0], [0.0, 4.0]], std=0.3, seed=0)
    model = nn.MLP(2, [8, 3], seed=0)
    nn.fit(model, X, y, "cross_entropy", nn.Adam(model.parameters(), lr=0.05), epochs=10, progress=False)
    ax = nn.plot.decision_boundary(model, X, y, resolution=15)
    assert sorted(set(ax.collections[-1].get_array())) == [0, 1, 2]


def test_update_ratios_plot_one_solid_and_one_dashed_line_per_layer(trained):
    *_, history = trained
    ax = nn.plot.update_ratios(history)
    assert labels(ax) == ["layers.0 |update|/|w|", "layers.0 |grad|/|w|", "layers.1 |update|/|w|",
                          "layers.1 |grad|/|w|", "1e-3"]  # fmt: skip
    assert ax.get_yscale() == "log" and ax.get_lines()[1].get_linestyle() == "--"
    assert len(nn.plot.update_ratios(history, kind="update").get_lines()) == 3
    with pytest.raises(ValueError, match="train with nn.fit\\(..., record_ratios=True\\)"):
        nn.plot.update_ratios(nn.History(loss=[1.0]))
    with pytest.raises(ValueError, match="kind must be 'both', 'update' or 'grad'"):
        nn.plot.update_ratios(history, kind="weights")


def test_bad_arguments_are_named(trained):
    model, X, y, _ = trained
    with pytest.raises(TypeError, match="loss_curve: expected the History that nn.fit returned"):
        nn.plot.loss_curve([0.5, 0.4])
    with pytest.raises(ValueError, match="the History is empty"):
        nn.plot.loss_curve(nn.History())
    with pytest.raises(ValueError, match="decision_boundary: needs 2-D points"):
        nn.plot.decision_boundary(model, [[1.0, 2.0, 3.0]], [0])
    with pytest.raises(ValueError, match="decision_boundary: X has 30 points, y 2 labels"):
        nn.plot.decision_boundary(model, X, [0, 1])


def test_without_matplotlib_the_message_says_how_to_get_it(monkeypatch, trained):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"nn.plot.loss_curve needs matplotlib: pip install 'chainrule\[plot\]'"):
        nn.plot.loss_curve(trained[3])


def test_a_loss_that_reaches_exactly_zero_stays_on_the_curve():
    history = nn.History(loss=[1.0, 0.2, 0.01, 0.001, 0.0, 0.0], accuracy=[0.5, 0.8, 0.9, 1.0, 1.0, 1.0])
    ax = nn.plot.loss_curve(history)
    assert ax.get_yscale() == "symlog" and ax.get_ylim()[0] == 0.0  # a log axis would drop the zeros
    ax.figure.canvas.draw()
    points = ax.get_lines()[0].get_xydata()
    shown = ax.transData.transform(points)
    assert len(points) == 6 and all(abs(y) < 1e300 for _, y in shown)  # every point, the zeros too, is drawn
    assert ax.get_ylim()[0] <= 0.0 <= ax.get_ylim()[1]


def test_legends_sit_outside_the_plot_so_they_never_cover_a_curve(trained):
    *_, history = trained
    for ax in (nn.plot.loss_curve(history), nn.plot.update_ratios(history)):
        ax.figure.canvas.draw()
        legend = ax.get_legend().get_window_extent()
        frame = ax.get_window_extent()
        assert legend.y1 < frame.y0  # entirely under the axes (below the x label), never over the lines
        label = ax.xaxis.label.get_window_extent()
        assert legend.y1 <= label.y0 + 1  # and under the axis label, not on it


def test_plots_speak_chinese_where_a_cjk_font_draws_it(trained, monkeypatch):
    history = trained[3]
    if nn.plot.chinese_font() is None:
        pytest.skip("no CJK font installed here")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "Glyph missing": the CJK font is matplotlib's fallback
        ax = nn.plot.loss_curve(history, lang="zh")
        ax.figure.savefig(io.BytesIO(), format="png")
    assert ax.get_xlabel() == "轮次（epoch）" and ax.get_ylabel() == "损失"
    assert nn.plot.loss_curve(history).get_ylabel() == "loss"  # English unless asked
    monkeypatch.setattr(nn.plot, "chinese_font", lambda: None)
    assert nn.plot.loss_curve(history, lang="zh").get_ylabel() == "loss"  # no font: English, not boxes
    try:
        autograd.set_language("zh")
        monkeypatch.undo()
        assert nn.plot.loss_curve(history).get_ylabel() == "损失"
    finally:
        autograd.set_language(None)


@pytest.mark.parametrize("outputs", [1, 3])
def test_the_grid_of_an_mlp_runs_compiled_and_predicts_what_the_model_does(outputs):
    from nn.plot import _grid, _predicted_grid

    model = nn.MLP(2, [6, 6, outputs], seed=2)

    class OneByOne:  # not an nn.MLP: the grid is evaluated point by point, on the engine
        def __call__(self, x):
            return model(x)

    xs, ys = _grid([-1.0, 2.0], 0.5, 17), _grid([-1.0, 1.5], 0.5, 13)
    compiled, binary = _predicted_grid(model, xs, ys, 0.0)
    assert (compiled, binary) == _predicted_grid(OneByOne(), xs, ys, 0.0)
    assert binary == (outputs == 1) and len(compiled) == 13 and len(compiled[0]) == 17
    assert len({c for row in compiled for c in row}) > 1  # a boundary crosses the grid: the test can fail
