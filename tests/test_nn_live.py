"""fit(live=...): frames in place in a notebook (a fake display records them), a text line in a terminal,
nothing at all when live is off, a bounded number of frames, and training that a failing picture never spoils."""

from __future__ import annotations

import pytest

import nn
from nn import live as live_module

pytest.importorskip("matplotlib")


class FakeDisplay:
    """Records what IPython's display(..., display_id=True) and handle.update(...) would show."""

    def __init__(self):
        self.calls = []  # ("display" | "update", handle number, picture)
        self.handles = 0

    def __call__(self, picture):
        number, self.handles = self.handles, self.handles + 1
        self.calls.append(("display", number, picture))
        display = self

        class Handle:
            def update(self, picture):
                display.calls.append(("update", number, picture))

        return Handle()

    def frames(self, handle: int = 0) -> list:
        return [picture for _, number, picture in self.calls if number == handle]


class Clock:
    """Wall time that moves only when told: each epoch takes `per_epoch` seconds."""

    def __init__(self, per_epoch: float):
        self.time, self.per_epoch = 0.0, per_epoch

    def __call__(self) -> float:
        return self.time

    def tick(self, epoch, history) -> None:
        self.time += self.per_epoch


@pytest.fixture
def notebook(monkeypatch):
    fake = FakeDisplay()
    monkeypatch.setattr(live_module, "in_notebook", lambda: True)
    monkeypatch.setattr(live_module, "_display", fake)
    return fake


def moons_run(epochs=12, **options):
    X, y = nn.data.make_moons(24, noise=0.1, seed=3)
    model = nn.MLP(2, [4, 1], seed=0)
    optimizer = nn.SGD(model.parameters(), lr=0.1, momentum=0.9)
    history = nn.fit(model, X, y, loss="hinge", optimizer=optimizer, epochs=epochs, seed=0, progress=False, **options)
    return model, history


def test_notebook_frames_update_one_output_each_and_end_on_the_final_epoch(notebook):
    clock = Clock(per_epoch=0.0)
    watch = nn.Live(every=4, seconds=0.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(live_module, "_now", clock)
        _, history = moons_run(epochs=12, live=watch)
    kinds = [(kind, number) for kind, number, _ in notebook.calls]
    assert kinds[:2] == [("display", 0), ("display", 1)]  # the curves (PNG) and the model's graph (SVG)
    assert all(kind == "update" for kind, _ in kinds[2:])  # later frames redraw in place
    curves, graphs = notebook.frames(0), notebook.frames(1)
    assert len(curves) == len(graphs) == watch.frames == 4  # epochs 1, 5, 9 and the final picture
    assert [frame.text.split("  ")[0] for frame in curves] == ["epoch 1/12", "epoch 5/12", "epoch 9/12", "epoch 12/12"]
    assert f"loss {history.loss[-1]:.4g}" in curves[-1].text
    bundle, metadata = curves[-1]._repr_mimebundle_()
    assert bundle["image/png"].startswith(b"\x89PNG") and bundle["text/plain"] == curves[-1].text
    assert metadata["image/png"]["width"] > 0
    graph = graphs[-1]._repr_mimebundle_()
    assert graph["image/svg+xml"].startswith("<svg") and "layer 0" in graph["image/svg+xml"]
    assert 'style="max-width:100%;height:auto"' in graph["text/html"]  # fitted to the output area's width
    assert "X[" in graphs[-1].text.splitlines()[1]  # which point's gradient the picture shows


def test_wall_time_bounds_the_number_of_frames(notebook, monkeypatch):
    clock = Clock(per_epoch=0.1)  # 60 epochs take 6 seconds; a frame at most every 2 seconds
    monkeypatch.setattr(live_module, "_now", clock)
    watch = nn.Live(every=1, seconds=2.0, graph=False)
    _, history = moons_run(epochs=60, live=watch, callbacks=[clock.tick])
    frames = notebook.frames(0)
    assert notebook.handles == 1  # graph=False: the curves only
    assert 2 <= len(frames) <= 6.0 / 2.0 + 2  # the first, one per 2 s, and the final one
    assert frames[-1].text.startswith(f"epoch {history.epochs}/60")


def test_terminal_gets_text_lines_and_no_display(monkeypatch, capsys):
    monkeypatch.setattr(live_module, "in_notebook", lambda: False)
    monkeypatch.setattr(live_module, "_display", lambda picture: pytest.fail("display in a terminal"))
    monkeypatch.setattr(live_module, "_now", Clock(per_epoch=0.0))
    _, history = moons_run(epochs=6, live=nn.Live(every=3, seconds=0.0))
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["epoch 1/6", "epoch 4/6", "epoch 6/6"]
    assert f"accuracy {history.accuracy[-1]:.1%}" in lines[-1]
    assert all(set(line.split("  ")[-1]) <= set(live_module.SPARKS) for line in lines)  # the loss as a sparkline


def test_the_terminal_line_follows_the_language(monkeypatch, capsys):
    import autograd

    monkeypatch.setattr(live_module, "in_notebook", lambda: False)
    monkeypatch.setattr(live_module, "_now", Clock(per_epoch=0.0))
    autograd.set_language("zh")
    try:
        _, history = moons_run(epochs=2, live=nn.Live(every=1, seconds=0.0))
    finally:
        autograd.set_language(None)
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("第 2/2 轮  损失 ") and f"准确率 {history.accuracy[-1]:.1%}" in last


def test_live_off_makes_no_display_call_and_trains_identically(notebook):
    model_off, off = moons_run(epochs=8)
    assert notebook.calls == []
    model_on, on = moons_run(epochs=8, live=True)
    assert notebook.calls  # the same run, watched
    assert on.loss == off.loss and on.accuracy == off.accuracy  # the picture's own backward changes nothing
    assert [p.data for p in model_on.parameters()] == [p.data for p in model_off.parameters()]


def test_a_failing_picture_warns_once_and_training_goes_on(notebook, monkeypatch):
    def broken(*args):
        raise RuntimeError("no canvas")

    monkeypatch.setattr(live_module, "_curves", broken)
    _, reference = moons_run(epochs=5)
    with pytest.warns(RuntimeWarning, match=r"live drawing stopped \(RuntimeError: no canvas\); training goes on"):
        _, history = moons_run(epochs=5, live=True)
    assert history.loss == reference.loss and history.stop_reason is None
    assert notebook.calls == []


def test_final_frame_follows_early_stopping(notebook, monkeypatch):
    monkeypatch.setattr(live_module, "_now", Clock(per_epoch=0.0))
    X, y = nn.data.make_moons(24, noise=0.1, seed=3)
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(model, X, y, loss="hinge", optimizer=nn.SGD(model.parameters(), lr=0.0), epochs=50,
                     patience=2, progress=False, live=nn.Live(every=100, graph=False))  # fmt: skip
    assert history.stop_reason == "early_stopping"
    last = notebook.frames(0)[-1].text
    assert last.startswith(f"epoch {history.epochs}/50") and last.endswith("(early_stopping)")


def test_without_matplotlib_a_notebook_gets_the_text_line(notebook, monkeypatch, capsys):
    monkeypatch.setattr(live_module, "_warm_up", lambda: False)
    with pytest.warns(RuntimeWarning, match=r"live pictures need matplotlib .*; showing a text line instead"):
        _, history = moons_run(epochs=3, live=nn.Live(every=1, seconds=0.0))
    assert notebook.calls == []
    assert capsys.readouterr().out.splitlines()[-1].startswith("epoch 3/3")


def test_bad_live_arguments_are_named():
    with pytest.raises(TypeError, match="fit: live must be True, False or an nn.Live"):
        moons_run(epochs=1, live="yes")
    with pytest.raises(ValueError, match="Live: every must be an int >= 1"):
        nn.Live(every=0)
    with pytest.raises(ValueError, match="Live: seconds must be a number >= 0"):
        nn.Live(seconds=-1)
    with pytest.raises(ValueError, match="Live: resolution must be an int >= 1, got 2.5"):
        nn.Live(resolution=2.5)


def test_sparkline_runs_low_to_high():
    line, blocks = live_module.sparkline([3.0, 2.5, 2.0, 1.0]), live_module.SPARKS
    assert line[0] == blocks[-1] and line[-1] == blocks[0]  # the highest value fills the cell, the lowest is a floor
    assert [blocks.index(c) for c in line] == sorted((blocks.index(c) for c in line), reverse=True)
    assert live_module.sparkline([1.0, 1.0]) == "▁▁"
    assert len(live_module.sparkline(list(range(100)), width=10)) == 10
