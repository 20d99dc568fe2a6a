"""Training for `chainrule train` and `chainrule demo`: nn.fit with its progress bar, where Ctrl-C and
divergence become exit codes, and the two plots (loss curve, decision boundary) written as PNG."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from .common import PLOT_HINT, RunError, note, pyplot, save_figure
from .words import WORDS

GRID = 80  # decision-boundary grid points per side: smooth edges for about a second of forward passes


def fit_or_fail(model, X, y, loss: str, opt, *, lr: float, **options):  # noqa: N803
    """nn.fit with a progress bar; returns (history, seconds). Ctrl-C is re-raised (exit 130) and a run
    whose loss stops being a finite number is a RunError (exit 1) that suggests a smaller --lr."""
    import nn

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # fit warns about divergence; we say it once, below
        try:
            history = nn.fit(model, X, y, loss=loss, optimizer=opt, progress=True, **options)
        except (ArithmeticError, ValueError) as error:
            raise RunError(f"training failed at the first step: {error}") from None
    if history.interrupted:
        raise KeyboardInterrupt
    if history.stop_reason in ("non_finite", "exploded"):  # an exploded loss already says what to try
        hint = "; try a smaller --lr" if history.stop_reason == "non_finite" else ""
        raise RunError(f"training diverged with lr {lr:g}: {history.message}{hint}")
    return history, time.perf_counter() - start


def write_plots(model, history, X, y, folder: Path, prefix: str, title: str, words=None) -> list:  # noqa: N803
    """The loss curve and the decision boundary as PNG files; [] with a note when matplotlib is missing."""
    from nn import plot

    words = words or WORDS["en"]
    if pyplot() is None:
        note(words["no_plots"].format(hint=PLOT_HINT))
        return []
    curve = plot.loss_curve(history)
    curve.set_title(title, fontsize="medium")
    boundary = plot.decision_boundary(model, X, y, resolution=GRID)
    boundary.set_title(title, fontsize="medium")
    return [
        (save_figure(curve.figure, folder / f"{prefix}_loss_curve.png"), words["curve"]),
        (save_figure(boundary.figure, folder / f"{prefix}_decision_boundary.png"), words["boundary"]),
    ]
