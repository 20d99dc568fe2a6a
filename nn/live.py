"""`fit(..., live=True)`: watch training in place. In a notebook one output is redrawn every few epochs
(the loss curve, the decision boundary of a 2-D classifier, and for a small model its graph with the
gradient flow of one sample's loss); in a terminal a text line is printed instead. Frames are limited
by wall time, the last one is always the finished picture, and a drawing that fails never stops training.
"""

from __future__ import annotations

import io
import math
import re
import sys
import time
import warnings

from autograd import get_language, no_grad

from ._checks import short
from .messages import text
from .progress import in_notebook

SPARKS = "▁▂▃▄▅▆▇█"
GRAPH_SCALE = 0.75  # the graph's labels at about 14 px: whole on a 1920 px screen, fitted to the width below it


class Live:
    """How `fit` shows training as it happens: `nn.fit(..., live=nn.Live(every=5, seconds=1.0))`.

    every: redraw at most every `every` epochs (default: about 20 frames over the run). seconds: at least
    this much wall time between frames, and at least twice the time the previous frame took to draw, so
    training gets at least two thirds of the time between frames. boundary: draw the decision boundary (default:
    when the inputs are 2-D and the loss is a classification). graph: draw the model, one box per neuron,
    with the gradient flow of the sample it gets most wrong (default: models of at most `max_neurons`
    neurons). resolution: grid points per side of the decision boundary. `live=True` is `Live()`.
    """

    def __init__(self, every: int | None = None, seconds: float = 0.5, *, boundary: bool | None = None,
                 graph: bool | None = None, max_neurons: int = 40, resolution: int = 50):  # fmt: skip
        if every is not None and (isinstance(every, bool) or not isinstance(every, int) or every < 1):
            raise ValueError(text("live_every", got=short(every)))
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds < math.inf:
            raise ValueError(text("live_seconds", got=short(seconds)))
        for name, value in (("max_neurons", max_neurons), ("resolution", resolution)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(text("live_int", name=name, got=short(value)))
        self.every, self.seconds = every, float(seconds)
        self.boundary, self.graph, self.max_neurons, self.resolution = boundary, graph, max_neurons, resolution
        self.frames = 0  # how many frames were shown (the final one included)

    def __repr__(self) -> str:
        return f"Live(every={self.every}, seconds={self.seconds:g}, frames={self.frames})"

    def start(self, run, points: list, targets: list, epochs: int) -> None:
        """Called by fit before the first epoch: what to draw, and where."""
        self._run, self._points, self._targets, self._epochs = run, points, targets, epochs
        self._step = self.every or max(1, epochs // 20)
        self._notebook, self._handles, self._failed = in_notebook(), None, False
        self._last_epoch, self._next_time, self.frames = -1, 0.0, 0
        if self._notebook and not _warm_up():  # matplotlib's import is paid here, not in a frame's drawing time
            warnings.warn(text("live_no_matplotlib"), RuntimeWarning, stacklevel=3)
            self._notebook = False

    def __call__(self, epoch: int, history) -> None:
        """After each epoch (fit's callback): a frame if enough epochs and wall time have passed."""
        due = epoch == 0 or epoch - self._last_epoch >= self._step
        if due and not self._failed and _now() >= self._next_time:
            self._frame(history, final=False, depth=6)  # warnings point at the user's fit(...) line

    def finish(self, history) -> None:
        """After training (and after fit restored the best weights): the complete picture, always."""
        if history.epochs and not self._failed:
            self._frame(history, final=True, depth=4)

    def _frame(self, history, final: bool, depth: int) -> None:
        started = _now()
        try:
            if self._notebook:
                self._show(_frames(self, history, final))
            else:
                _print_line(_status(history, self._epochs, final, lang=get_language()))
        except Exception as error:  # noqa: BLE001  (a picture must never cost the training run)
            self._failed = True
            said = text("live_stopped", kind=type(error).__name__, error=error)
            warnings.warn(said, RuntimeWarning, stacklevel=depth)
            return
        self.frames += 1
        self._last_epoch = history.epochs - 1
        self._next_time = _now() + max(self.seconds, 2 * (_now() - started))

    def _show(self, pictures: list) -> None:
        if self._handles is None:
            self._handles = [_display(picture) for picture in pictures]
            return
        for handle, picture in zip(self._handles, pictures):
            handle.update(picture)


class Picture:
    """One frame's image (PNG, or SVG with a fitted HTML copy) and its text line, for every viewer."""

    def __init__(self, data: dict, text: str, metadata: dict | None = None):
        self.data, self.text, self.metadata = data, text, metadata or {}

    def __repr__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {**self.data, "text/plain": self.text}
        return (bundle, self.metadata) if self.metadata else bundle


def as_live(live) -> Live | None:
    """fit's `live` argument as a Live (True), or None (False, None)."""
    if live is None or live is False:
        return None
    if live is True:
        return Live()
    if isinstance(live, Live):
        return live
    raise TypeError(text("live_type", got=short(live)))


def _frames(live: Live, history, final: bool) -> list:
    """The pictures of one frame: the curves (and boundary) as PNG, then the model's graph as SVG, if drawn."""
    from . import plot

    lang = "zh" if plot.words() is plot.WORDS["zh"] else "en"  # Chinese where a CJK font draws it
    status = _status(history, live._epochs, final, spark=False, lang=lang)  # the plot is the curve
    worst = _worst(live) if _wants_graph(live) else None
    pictures = [_curves(live, history, status, worst, lang)]
    if worst is not None:
        pictures.append(_graph(live, status, worst))
    return pictures


def _status(history, epochs: int, final: bool, spark: bool = True, lang: str = "en") -> str:
    """'epoch 40/100  loss 0.1234  accuracy 92.0%  ▇▅▃▂▁' (the last words: the loss so far, as a sparkline),
    in `lang`: '第 40/100 轮  损失 0.1234  准确率 92.0%'."""
    said = _WORDS[lang]
    parts = [said["epoch"].format(n=history.epochs, of=epochs), said["loss"].format(v=history.loss[-1])]
    if history.accuracy:
        parts.append(said["accuracy"].format(v=history.accuracy[-1]))
    if history.val_loss:
        parts.append(said["val_loss"].format(v=history.val_loss[-1]))
    if spark:
        parts.append(sparkline(history.loss))
    if final and history.epochs < epochs:
        parts.append(f"({history.stop_reason or 'stopped'})")
    return "  ".join(parts)


def sparkline(values: list, width: int = 24) -> str:
    """The values as a row of block characters, low to high, resampled to at most `width`."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return ""
    width = min(width, len(finite))
    picked = [finite[round(i * (len(finite) - 1) / max(width - 1, 1))] for i in range(width)]
    low, high = min(picked), max(picked)
    scale = (len(SPARKS) - 1) / (high - low) if high > low else 0.0
    return "".join(SPARKS[round((v - low) * scale)] for v in picked)


def _curves(live: Live, history, status: str, worst: int | None, lang: str) -> Picture:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure  # not pyplot: no figure of its own appears at the end of the cell

    from . import plot

    boundary = _wants_boundary(live)
    figure = Figure(figsize=(10.0 if boundary else 5.6, 3.9))
    axes = figure.subplots(1, 2 if boundary else 1, squeeze=False)[0]
    # Fixed margins, not a layout engine: the frame is the same shape every time, and laying it out
    # again would cost as much as drawing it.
    figure.subplots_adjust(left=0.08 if boundary else 0.13, right=0.95, bottom=0.21, top=0.84, wspace=0.38)
    said = _WORDS[lang]
    plot.loss_curve(history, ax=axes[0], log=False)  # linear: the drop reads at a glance
    axes[0].set_xlim(0.5, max(live._epochs, 2) + 0.5)  # the whole run's width: the curve grows to the right
    axes[0].set_title(said["curve"])
    if boundary:
        model, run = live._run.model, live._run
        plot.decision_boundary(model, live._points, live._targets, ax=axes[1],
                               resolution=live.resolution,
                               threshold=run.threshold)  # fmt: skip
        axes[1].set_title(said["boundary"])
        if worst is not None:  # the point whose gradient the graph below shows
            x1, x2 = live._points[worst]
            axes[1].scatter([x1], [x2], s=220, facecolors="none", edgecolors="black", linewidths=2.0)
            axes[1].annotate(
                f"X[{worst}]",
                (x1, x2),
                xytext=(9, 9),
                textcoords="offset points",
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )
    figure.suptitle(status, fontsize="large")
    FigureCanvasAgg(figure)  # a canvas of its own: no GUI backend, no pyplot state
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=144)
    width = round(figure.get_figwidth() * 96)  # shown at 96 dpi, drawn at 144: sharp on a high-density screen
    return Picture({"image/png": buffer.getvalue()}, status, {"image/png": {"width": width}})


def _wants_boundary(live: Live) -> bool:
    if live.boundary is not None:
        return bool(live.boundary)
    points = live._points
    return live._run.objective.classification and bool(points) and all(len(p) == 2 for p in points)


def _wants_graph(live: Live) -> bool:
    if live.graph is False:
        return False
    neurons = getattr(live._run.model, "neuron_parameters", None)
    if not callable(neurons):
        return False
    small = sum(1 for _ in neurons()) <= live.max_neurons
    return bool(live.graph) or small


def _worst(live: Live) -> int:
    """The index of the sample with the largest loss (the first of equals)."""
    run = live._run
    with no_grad():
        losses = [run.objective.loss([run.model(x)], [t]).data for x, t in zip(live._points, live._targets)]
    return max(range(len(losses)), key=lambda i: losses[i])


def _graph(live: Live, status: str, worst: int) -> Picture:
    """The model drawn neuron by neuron, edges as thick as the gradient of the worst sample's loss carries."""
    import autograd

    run, params = live._run, live._run.params
    kept = [p.grad for p in params]  # this backward is for the picture only: the optimizer's gradients stay
    try:
        for p in params:
            p.grad = 0.0
        out = run.model(live._points[worst])
        loss = run.objective.loss([out], [live._targets[worst]])
        loss.label = "L"
        loss.backward()
        title = _graph_title(worst, loss, out)
        root = out if isinstance(out, autograd.Value) else loss  # one output: the loss's own nodes left out
        graph = autograd.draw(root, cluster=run.model, collapse=True, flow=True, title=title)
        svg = graph.pipe(format="svg", encoding="utf-8")
    finally:
        for p, g in zip(params, kept):
            p.grad = g
    svg = svg[svg.index("<svg") :]
    return Picture({"text/html": _fitted(svg), "image/svg+xml": svg}, f"{status}\n{title}")


_WORDS = {
    "en": {"curve": "loss per epoch", "boundary": "decision boundary", "epoch": "epoch {n}/{of}",
           "loss": "loss {v:.4g}", "accuracy": "accuracy {v:.1%}", "val_loss": "val_loss {v:.4g}",
           "zero": "every sample's loss is 0 now (X[{worst}] shown): no gradient flows back",
           "worst": "gradient of the loss of the point the model gets most wrong, X[{worst}]: L = {loss:.4g}, {where}",
           "included": "the loss's nodes included"},
    "zh": {"curve": "每一轮的损失", "boundary": "决策边界", "epoch": "第 {n}/{of} 轮",
           "loss": "损失 {v:.4g}", "accuracy": "准确率 {v:.1%}", "val_loss": "验证损失 {v:.4g}",
           "zero": "现在每个样本的损失都是 0（图中是 X[{worst}]）：没有梯度往回流",
           "worst": "模型错得最厉害的点 X[{worst}] 的损失的梯度：L = {loss:.4g}，{where}",
           "included": "包括损失的节点"},
}  # fmt: skip


def _graph_title(worst: int, loss, out) -> str:
    """The graph's title in the default language (an SVG: Chinese shows where it is asked for)."""
    said = _WORDS[get_language()]
    if loss.data == 0.0:
        return said["zero"].format(worst=worst)
    where = f"dL/d(output) = {out.grad:.4g}" if hasattr(out, "grad") else said["included"]
    return said["worst"].format(worst=worst, loss=loss.data, where=where)


def _fitted(svg: str) -> str:
    """The SVG at GRAPH_SCALE of its size, shrunk further to the width of the output area if need be."""
    match = re.match(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if match is None:
        return svg
    width, height = (float(v) * 4 / 3 * GRAPH_SCALE for v in match.groups())  # points -> CSS pixels
    head = f'<svg width="{width:.0f}" height="{height:.0f}" style="max-width:100%;height:auto"'
    return f"<div>{head}{svg[match.end() :]}</div>"


def _warm_up() -> bool:
    """Import what the pictures need; False when matplotlib is not installed."""
    try:
        import matplotlib.backends.backend_agg  # noqa: F401
        import matplotlib.figure  # noqa: F401
    except ImportError:
        return False
    return True


def _display(picture: Picture):
    from IPython.display import display

    return display(picture, display_id=True)


def _print_line(text: str) -> None:
    try:
        from tqdm import tqdm

        tqdm.write(text, file=sys.stdout)  # above a running progress bar, not through it
    except ImportError:
        print(text, flush=True)


def _now() -> float:
    return time.monotonic()
