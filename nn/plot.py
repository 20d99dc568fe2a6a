"""Pictures of training with matplotlib (optional: pip install 'chainrule[plot]'): loss and accuracy
curves, the decision boundary of a 2-D classifier, and per-layer gradient and update ratios.
Each function draws on `ax` (or a new figure) and returns the Axes; Jupyter shows the figure.

Titles, axis labels and legends follow `lang` (default: autograd.set_language, or LANG). For Chinese,
the first CJK font installed (`chinese_font()`) joins matplotlib's font.family as a fallback for
the glyphs DejaVu lacks, also for a notebook's own plt titles; without one the labels stay English."""

from __future__ import annotations

import sys

from autograd import no_grad
from autograd.language import on_change, resolve

from ._checks import positive_int, real, short
from .compiled import FIXED_SHAPE, CompiledModel
from .history import History
from .messages import text
from .metrics import default_threshold, label_class, predicted_class, row, samples

# Fonts with the Chinese glyphs, most common first (Linux, Windows, macOS).
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Arial Unicode MS", "Noto Sans CJK JP",
)  # fmt: skip
WORDS = {
    "en": {"epoch": "epoch", "loss": "loss", "val_loss": "val_loss", "accuracy": "accuracy",
           "val_accuracy": "val_accuracy", "update": "|update|/|w|", "grad": "|grad|/|w|", "ratio": "ratio to |w|"},
    "zh": {"epoch": "轮次（epoch）", "loss": "损失", "val_loss": "验证集损失", "accuracy": "准确率",
           "val_accuracy": "验证集准确率", "update": "|更新量|/|w|", "grad": "|梯度|/|w|", "ratio": "与 |w| 之比"},
}  # fmt: skip


CJK_FILES = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "msyh", "simhei", "pingfang", "arialuni")


def chinese_font() -> str | None:
    """The name of the first CJK font matplotlib can use here, or None. A font installed after matplotlib
    built its font cache (or a .ttc collection it skipped) is added from the system's font folders."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _first_cjk(manager)
    if found is None and not getattr(manager, "_chainrule_looked", False):
        manager._chainrule_looked = True  # look through the font folders once per process
        for path in font_manager.findSystemFonts():
            if any(part in path.lower().replace("-", "").replace("_", "") for part in CJK_FILES):
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a broken font file: skip it
                    continue
        found = _first_cjk(manager)
    return found


def _first_cjk(manager) -> str | None:
    installed = {font.name for font in manager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def words(lang: str | None = None, who: str = "nn.plot") -> dict:
    """The plot words in `lang`; Chinese only where a CJK font can draw it (else English)."""
    lang = resolve(lang, who)
    if lang == "zh" and _use_chinese_font(lang):
        return WORDS["zh"]
    return WORDS["en"]


def _use_chinese_font(lang: str) -> bool:
    """For Chinese, add the CJK font after matplotlib's own font family (glyph by glyph fallback);
    whether there is one. Nothing happens before matplotlib is imported (on_change calls again then)."""
    if lang != "zh" or "matplotlib" not in sys.modules:
        return False
    import matplotlib

    font = chinese_font()
    if font is None:
        return False
    families = list(matplotlib.rcParams["font.family"])
    if font not in families:  # after the generic family: matplotlib falls back along this list per glyph
        matplotlib.rcParams["font.family"] = [*families, font]
    return True


on_change(_use_chinese_font)


def _axes(ax, who: str, size: tuple = (6.0, 4.0)):
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt  # optional, so imported only when a picture is asked for
    except ImportError:
        raise ImportError(text("needs_matplotlib", who=who)) from None
    return plt.subplots(figsize=size)[1]


def _history(history, who: str) -> History:
    if not isinstance(history, History):
        raise TypeError(text("plot_history", who=who, got=short(history)))
    if not history.loss:
        raise ValueError(text("plot_history_empty", who=who))
    return history


def loss_curve(history: History, ax=None, accuracy: bool = True, log: bool | None = None, *, lang: str | None = None):
    """Loss (and val_loss) per epoch; accuracy (and val_accuracy) on a right-hand axis when recorded.
    `log`: a log scale for the loss, by default when it spans more than a factor of 30. A loss that reaches
    exactly 0 (the hinge loss does) stays on the curve: the scale is then linear below the smallest loss
    above 0 (symlog). The legend sits under the plot, so it never covers a curve."""
    history = _history(history, "loss_curve")
    said = words(lang, "loss_curve")  # first: it may set the font that the new axes' labels are made with
    ax = _axes(ax, "loss_curve")
    epochs = range(1, history.epochs + 1)
    lines = ax.plot(epochs, history.loss, color="C0", label=said["loss"])
    if history.val_loss:
        lines += ax.plot(epochs, history.val_loss, color="C0", linestyle="--", label=said["val_loss"])
    losses = [v for v in history.loss + history.val_loss if v > 0]
    if losses and (log if log is not None else max(losses) > 30 * min(losses)):
        if len(losses) < len(history.loss) + len(history.val_loss):  # a 0 would fall off a log axis
            ax.set_yscale("symlog", linthresh=min(losses), linscale=0.5)
            ax.set_ylim(bottom=0.0)
        else:
            ax.set_yscale("log")
    ax.set_xlabel(said["epoch"])
    ax.xaxis.get_major_locator().set_params(integer=True)  # epochs are whole: no tick at 2.5
    ax.set_ylabel(said["loss"])
    if accuracy and history.accuracy:
        right = ax.twinx()
        lines += right.plot(epochs, history.accuracy, color="C1", label=said["accuracy"])
        if history.val_accuracy:
            lines += right.plot(epochs, history.val_accuracy, color="C1", linestyle="--", label=said["val_accuracy"])
        right.set_ylim(0.0, 1.02)
        right.set_ylabel(said["accuracy"])
    outside_legend(ax, lines)
    return ax


def outside_legend(ax, lines: list, columns: int | None = None) -> None:
    """The legend in one row under the axes (below the x label): it can never cover a curve."""
    ax.legend(lines, [line.get_label() for line in lines], loc="upper center", bbox_to_anchor=(0.5, -0.16),
              ncol=columns or min(len(lines), 4), frameon=False, fontsize="small")  # fmt: skip


def decision_boundary(model, X, y, ax=None, resolution: int = 50, padding: float = 0.5,  # noqa: N803
                      threshold: float | None = None):  # fmt: skip
    """The class the model predicts over a grid around the 2-D points X, with the points coloured by y on top.
    One output: class 1 where output > threshold (0.5 for a sigmoid output, else 0); k outputs: the argmax."""
    who = "decision_boundary"
    points, labels = _points(X, y)
    resolution, padding = positive_int(resolution, who, "resolution"), real(padding, who, "padding")
    threshold = default_threshold(model) if threshold is None else real(threshold, who, "threshold")
    xs = _grid([p[0] for p in points], padding, resolution)
    ys = _grid([p[1] for p in points], padding, resolution)
    classes, binary = _predicted_grid(model, xs, ys, threshold)
    labels = [label_class(t) if binary else int(t) for t in labels]
    k = max(max(labels), max(max(row) for row in classes)) + 1
    cmap = "coolwarm" if k == 2 else "viridis"
    ax = _axes(ax, who, (5.0, 5.0))
    ax.contourf(xs, ys, classes, levels=[c - 0.5 for c in range(k + 1)], cmap=cmap, alpha=0.35)
    ax.scatter([p[0] for p in points], [p[1] for p in points], c=labels, cmap=cmap, vmin=0, vmax=max(k - 1, 1),
               edgecolors="black", linewidths=0.5, s=25)  # fmt: skip
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return ax


def _predicted_grid(model, xs: list, ys: list, threshold: float) -> tuple[list, bool]:
    """classes[i][j]: the class predicted at (xs[j], ys[i]); and whether the model has one output."""
    outputs = _grid_outputs(model, [[a, b] for b in ys for a in xs])
    outputs = [outputs[i * len(xs) : (i + 1) * len(xs)] for i in range(len(ys))]
    first = outputs[0][0]
    binary = not isinstance(first, (list, tuple)) or len(first) == 1
    return [[predicted_class(out, threshold) for out in row] for row in outputs], binary


def _grid_outputs(model, points: list) -> list:
    """model(p) for every grid point: for nn's MLP, Layer and Neuron through their compiled graph (the same
    floats, several times faster: the grid is thousands of points), for any other model one by one."""
    if type(model) in FIXED_SHAPE:
        return CompiledModel(model).outputs(points)
    with no_grad():  # thousands of forward passes that nobody backpropagates
        return [model(p) for p in points]


def update_ratios(history: History, ax=None, kind: str = "both", *, lang: str | None = None):
    """Per layer, the epoch means of |update| / |w| (solid) and |grad| / |w| (dashed), on a log scale.
    A dotted line marks 1e-3, a common rule of thumb for a healthy update size. Needs fit(record_ratios=True)."""
    history = _history(history, "update_ratios")
    if kind not in ("both", "update", "grad"):
        raise ValueError(text("plot_kind", kind=kind))
    if not history.update_ratio:
        raise ValueError(text("plot_no_ratios"))
    said = words(lang, "update_ratios")  # first: it may set the font that the new axes' labels are made with
    ax = _axes(ax, "update_ratios")
    for i, layer in enumerate(history.update_ratio):
        epochs = range(1, len(history.update_ratio[layer]) + 1)
        if kind in ("both", "update"):
            ax.plot(epochs, history.update_ratio[layer], color=f"C{i}", label=f"{layer} {said['update']}")
        if kind in ("both", "grad"):
            ax.plot(epochs, history.grad_ratio[layer], color=f"C{i}", linestyle="--", label=f"{layer} {said['grad']}")
    ax.axhline(1e-3, color="gray", linestyle=":", label="1e-3")
    ax.set_yscale("log")
    ax.set_xlabel(said["epoch"])
    ax.set_ylabel(said["ratio"])
    outside_legend(ax, ax.get_lines(), columns=2)
    return ax


def _points(X, y) -> tuple[list, list]:  # noqa: N803
    points, labels = samples(X, "decision_boundary", "X"), samples(y, "decision_boundary", "y")
    if len(points) != len(labels) or not points:
        raise ValueError(text("plot_points", n=len(points), m=len(labels)))
    rows = [row(p, "decision_boundary", i) for i, p in enumerate(points)]
    if any(len(r) != 2 for r in rows):
        raise ValueError(text("plot_2d"))
    return [(real(a, "decision_boundary", "X"), real(b, "decision_boundary", "X")) for a, b in rows], labels


def _grid(values: list, padding: float, n: int) -> list[float]:
    low, high = min(values) - padding, max(values) + padding
    return [low + (high - low) * i / max(n - 1, 1) for i in range(n)]
