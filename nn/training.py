"""`fit`: the training loop (forward, loss, backward, step) with validation figures, early stopping,
a progress bar, and clean stops on Ctrl-C or a loss that stops being a finite number."""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from autograd import Value, no_grad
from autograd.mode import gc_paused

from . import objectives, ratios
from ._checks import positive_int, short
from .compiled import CompiledModel, check_model
from .data import batches
from .history import History
from .live import Live, as_live
from .messages import text
from .metrics import correct, default_threshold
from .optim import SGD
from .progress import bar as progress_bar

EXPLODED = 1e6  # an epoch loss this many times the first one (or 1, if larger) means the run diverged


def fit(model, X, y, loss: str | Callable = "mse", optimizer=None, epochs: int = 100,  # noqa: N803
        batch_size: int | None = None, progress: bool = True, seed: int | None = None, *,
        validation_data: tuple | None = None, patience: int | None = None, restore_best: bool = True,
        scheduler=None, callbacks: Iterable[Callable] = (), track_accuracy: bool | None = None,
        record_ratios: bool = False, shuffle: bool = True, compile: bool = False,
        live: bool | Live = False) -> History:  # fmt: skip
    """Train `model` on (X, y) and return the per-epoch History.

    loss: "mse", "hinge" (labels 0/1 or -1/+1, one output), "bce" (labels 0/1, one sigmoid output),
    "bce_with_logits", "cross_entropy" (k logits, class indices) or a function (outputs, targets) -> Value.
    optimizer: defaults to SGD(model.parameters(), lr=0.1). batch_size=None is full batch; otherwise the
    samples are shuffled each epoch (unless shuffle=False) by a generator seeded with `seed`.
    validation_data=(X_val, y_val) adds val_loss/val_accuracy. patience: stop after that many epochs
    without a lower val_loss (or loss, without validation data) and, with restore_best, end with the best
    weights. scheduler.step() runs after each epoch; each callback(epoch, history) may return True to stop.
    track_accuracy: record accuracy (default: for the classification losses). record_ratios: keep per-layer
    |grad|/|w| and |update|/|w| for nn.plot.update_ratios. Ctrl-C ends training and returns the history so
    far (history.interrupted); a loss that turns inf/nan or explodes stops training with a warning.
    compile=True (nn.MLP, Layer, Neuron): the model's graph for one sample is compiled once and run as
    generated Python on every batch; the loss still runs on the engine, so the results are the same.
    live=True (or nn.Live(every=..., seconds=...)): watch it train. In a notebook the loss curve, the
    decision boundary (2-D inputs) and a small model's graph with its gradient flow are redrawn in place
    every few epochs (limited by wall time); in a terminal a text line is printed. The last frame is the
    finished model. Drawing runs between epochs, never inside a step; if it fails, training goes on.
    """
    if not callable(model) or not callable(getattr(model, "parameters", None)):
        raise TypeError(text("fit_model", got=short(model)))
    _check_compile(compile, model)
    objective = objectives.get(loss, model)
    points, targets = objectives.dataset(model, X, y, objective, "fit")
    run = _Run(model=model, objective=objective, optimizer=_optimizer(optimizer, model),
               track=objective.classification if track_accuracy is None else bool(track_accuracy),
               record_ratios=bool(record_ratios), compiled=CompiledModel(model) if compile else None)  # fmt: skip
    watch = as_live(live)
    if watch is not None:
        callbacks = [*callbacks, watch]  # a frame after each epoch's other callbacks, when one is due
    run.configure(epochs, batch_size, len(points), patience, restore_best, scheduler, callbacks)
    validation = None if validation_data is None else objectives.validation(model, validation_data, objective)
    if watch is not None:
        watch.start(run, points, targets, run.epochs)
    history = run.train(points, targets, validation, random.Random(_seed(seed)), shuffle, progress)
    if watch is not None:
        watch.finish(history)  # after the best weights are back: the picture of the model fit returns
    if history.message:
        warnings.warn(text("fit_stopped", message=history.message), RuntimeWarning, stacklevel=2)
    return history


class _Stop(Exception):  # noqa: N818 (a signal to end the loop, not an error)
    """Ends training early, with a reason for the History."""

    def __init__(self, reason: str, message: str = ""):
        super().__init__(message or reason)
        self.reason, self.message = reason, message


@dataclass
class _Run:
    """One call of fit: the model, what it minimises, and the bookkeeping between epochs."""

    model: object
    objective: objectives.Objective
    optimizer: object
    track: bool
    record_ratios: bool
    compiled: CompiledModel | None = None  # compile=True: outputs and gradients from generated code
    history: History = field(default_factory=History)
    steps: int = 0
    best: float = math.inf
    best_weights: list | None = None
    ratio_sums: dict = field(default_factory=dict)  # per layer, this epoch's sums (see ratios.add_step)

    def configure(self, epochs, batch_size, n, patience, restore_best, scheduler, callbacks) -> None:
        self.params = list(self.model.parameters())
        self.epochs = positive_int(epochs, "fit", "epochs")
        self.batch_size = n if batch_size is None else min(positive_int(batch_size, "fit", "batch_size"), n)
        self.patience = None if patience is None else positive_int(patience, "fit", "patience")
        self.restore_best = bool(restore_best)
        if scheduler is not None and not callable(getattr(scheduler, "step", None)):
            raise TypeError(text("fit_scheduler", got=short(scheduler)))
        self.scheduler, self.callbacks = scheduler, list(callbacks)
        if not all(callable(cb) for cb in self.callbacks):
            raise TypeError(text("fit_callbacks", got=self.callbacks))
        known = self.objective.threshold
        self.threshold = default_threshold(self.model) if known is None else known
        self.groups = ratios.weight_groups(self.model) if self.record_ratios else {}

    def train(self, points, targets, validation, rng, shuffle, show) -> History:
        bar = progress_bar(self.epochs, show)
        try:
            for epoch in range(self.epochs):
                self._epoch(points, targets, rng, shuffle)
                self._after_epoch(epoch, validation, bar)
        except _Stop as stop:
            self.history.stop_reason, self.history.message = stop.reason, stop.message
        except KeyboardInterrupt:
            self.history.stop_reason, self.history.interrupted = "interrupted", True
        finally:
            if bar is not None:
                bar.close()
        if self.best_weights is not None and self.restore_best:
            for p, w in zip(self.params, self.best_weights):
                p.data = w
        return self.history

    def _epoch(self, points, targets, rng, shuffle) -> None:
        total, hits = 0.0, 0
        use_shuffle = shuffle and self.batch_size < len(points)
        for xb, tb in batches(points, targets, self.batch_size, shuffle=use_shuffle, seed=rng):
            with gc_paused():  # the step's graph is built and dropped in here: no collections over it
                loss, outputs = self._guarded_step(xb, tb)
                total += loss * len(xb)
                if self.track:
                    hits += correct(outputs, tb, self.threshold)
                del outputs  # the graph goes before the collector comes back
        self.history.loss.append(total / len(points))
        if self.track:
            self.history.accuracy.append(hits / len(points))
        if self.groups:
            ratios.close_epoch(self.ratio_sums, self.history)

    def _guarded_step(self, xb, tb) -> tuple[float, list]:
        try:
            return self._step(xb, tb)
        except (ArithmeticError, ValueError) as error:
            if self.steps == 0:
                raise  # the very first step: most likely a mistake in the data or the loss, so show it as is
            message = f"{type(error).__name__}: {error}" + _kept(self.history)
            raise _Stop("non_finite", message) from None

    def _step(self, xb, tb) -> tuple[float, list]:
        outputs = self._outputs(xb)
        loss = self.objective.loss(outputs, tb)
        if not isinstance(loss, Value):
            raise TypeError(text("fit_loss_value", got=short(loss)))
        if not math.isfinite(loss.data):
            raise _Stop("non_finite", text("loss_is", value=loss.data) + _kept(self.history))
        self.optimizer.zero_grad()
        loss.backward()  # compiled: fills dL/dout in the outputs (leaves), and any direct dL/dp
        if self.compiled is not None:
            for p, g in zip(self.params, self.compiled.gradients(xb, outputs)):
                p.grad += g
        self._update()
        return loss.data, outputs

    def _outputs(self, points: list) -> list:
        """model(x) for each point: graphs (dynamic), or leaves holding the compiled outputs."""
        if self.compiled is not None:
            return self.compiled.outputs(points)
        return [self.model(x) for x in points]

    def _update(self) -> None:
        """The optimizer's step, undone if it made a weight inf or nan."""
        before = [p.data for p in self.params]
        self.optimizer.step()
        self.steps += 1
        if not all(math.isfinite(p.data) for p in self.params):
            for p, w in zip(self.params, before):
                p.data = w  # undo the step that broke the weights
            raise _Stop("non_finite", text("weight_not_finite") + _kept(self.history))
        if self.groups:
            ratios.add_step(self.ratio_sums, self.groups, self.params, before)

    def _after_epoch(self, epoch: int, validation, bar) -> None:
        h = self.history
        if getattr(self.optimizer, "lr", None) is not None:
            h.lr.append(self.optimizer.lr)
        if validation is not None:
            self._validate(*validation)
        if self.scheduler is not None:
            self.scheduler.step()
        if bar is not None:
            bar.update(1)
            bar.set_postfix(_latest(h), refresh=False)
        if h.loss[-1] > EXPLODED * max(h.loss[0], 1.0):
            raise _Stop("exploded", text("exploded", first=h.loss[0], last=h.loss[-1], epoch=epoch))
        if self.patience is not None and self._no_progress(epoch, h.val_loss[-1] if h.val_loss else h.loss[-1]):
            raise _Stop("early_stopping")
        if any(cb(epoch, h) is True for cb in self.callbacks):
            raise _Stop("callback")

    def _validate(self, points, targets) -> None:
        with no_grad():
            outputs = self._outputs(points)
            self.history.val_loss.append(self.objective.loss(outputs, targets).data)
        if self.track:
            self.history.val_accuracy.append(correct(outputs, targets, self.threshold) / len(points))

    def _no_progress(self, epoch: int, monitored: float) -> bool:
        """Early stopping: remember the best epoch; True once `patience` epochs passed without a better one."""
        if monitored < self.best:
            self.best, self.history.best_epoch = monitored, epoch
            self.best_weights = [p.data for p in self.params] if self.restore_best else None
            return False
        return epoch - self.history.best_epoch >= self.patience


def _kept(h: History) -> str:
    return text("kept", epochs=len(h.loss))


def _latest(h: History) -> dict:
    names = ("loss", "accuracy", "val_loss", "val_accuracy")
    return {name: f"{getattr(h, name)[-1]:.4g}" for name in names if getattr(h, name)}


def _optimizer(optimizer, model):
    if optimizer is None:
        return SGD(model.parameters(), lr=0.1)  # micrograd's demo trains with plain SGD too
    if not (callable(getattr(optimizer, "step", None)) and callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(text("fit_optimizer", got=short(optimizer)))
    return optimizer


def _check_compile(compile, model) -> None:
    if not isinstance(compile, bool):
        raise TypeError(text("fit_compile", got=short(compile)))
    if compile:
        check_model(model)


def _seed(seed):
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(text("seed", who="fit", got=short(seed)))
    return seed
