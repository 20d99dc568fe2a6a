"""Learning-rate schedules, as in torch.optim.lr_scheduler: make one from an optimizer and call
`.step()` once per epoch; each sets `optimizer.lr = base_lr * factor(epoch)`."""

from __future__ import annotations

from collections.abc import Callable

from ._checks import at_least, positive_int, real, short
from .messages import text
from .optim import Optimizer


class LambdaLR:
    """lr = base_lr * lr_lambda(epoch), epoch counting the calls to step() (0 when made)."""

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable[[int], float]):
        if not callable(lr_lambda):
            raise TypeError(text("lr_lambda", got=short(lr_lambda)))
        self.lr_lambda = lr_lambda
        self._start(optimizer)

    def _start(self, optimizer: Optimizer) -> None:
        """Take the optimizer's lr as base_lr and set the rate of epoch 0. The built-in schedules override
        `_factor` rather than hand a bound method to LambdaLR: that would be a reference cycle."""
        if not isinstance(optimizer, Optimizer):
            raise TypeError(text("scheduler_optimizer", who=type(self).__name__, got=short(optimizer)))
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = 0
        self._apply()

    def _factor(self, epoch: int) -> float:
        return self.lr_lambda(epoch)

    def step(self) -> None:
        """Move to the next epoch and set its learning rate on the optimizer."""
        self.last_epoch += 1
        self._apply()

    def _apply(self) -> None:
        factor = real(self._factor(self.last_epoch), type(self).__name__, "the lr factor")
        self.optimizer.lr = self.base_lr * factor

    def get_last_lr(self) -> float:
        """The learning rate set by the latest step (one float: nn optimizers have one lr)."""
        return self.optimizer.lr

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_lr={self.base_lr!r}, epoch={self.last_epoch}, lr={self.optimizer.lr!r})"


class StepLR(LambdaLR):
    """lr = base_lr * gamma ** (epoch // step_size): divide by 1/gamma every step_size epochs."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1):
        self.step_size = positive_int(step_size, "StepLR", "step_size")
        self.gamma = at_least(gamma, 0.0, "StepLR", "gamma")
        self._start(optimizer)

    def _factor(self, epoch: int) -> float:
        return self.gamma ** (epoch // self.step_size)


class ExponentialLR(LambdaLR):
    """lr = base_lr * gamma ** epoch."""

    def __init__(self, optimizer: Optimizer, gamma: float):
        self.gamma = at_least(gamma, 0.0, "ExponentialLR", "gamma")
        self._start(optimizer)

    def _factor(self, epoch: int) -> float:
        return self.gamma**epoch


class LinearLR(LambdaLR):
    """lr = base_lr * (start + (end - start) * min(epoch, total_iters) / total_iters).

    micrograd's demo, lr = 1.0 - 0.9 * k / 100, is LinearLR(SGD(params, lr=1.0), 1.0, 0.1, 100).
    """

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3.0, end_factor: float = 1.0,
                 total_iters: int = 5):  # fmt: skip
        self.start_factor = real(start_factor, "LinearLR", "start_factor")
        self.end_factor = real(end_factor, "LinearLR", "end_factor")
        if not 0.0 < self.start_factor <= 1.0 or not 0.0 <= self.end_factor <= 1.0:
            raise ValueError(text("linear_lr", start=start_factor, end=end_factor))
        self.total_iters = positive_int(total_iters, "LinearLR", "total_iters")
        self._start(optimizer)

    def _factor(self, epoch: int) -> float:
        progress = min(epoch, self.total_iters) / self.total_iters
        return self.start_factor + (self.end_factor - self.start_factor) * progress
