"""Optimizers with torch.optim's update rules and defaults: SGD (momentum, Nesterov, weight
decay), RMSprop, Adam and AdamW. Each keeps its per-parameter state in plain lists of floats."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable

from autograd import Value, mistakes

from ._checks import at_least, in_range, real, short

_NO_GRADIENT = (
    "{}.step(): every parameter's gradient is exactly 0, so this step changes nothing: no gradient reached "
    "this optimizer's parameters. Is the loss built from this model's output (not another model's: mixing "
    "two models?), was it computed under no_grad(), or are all the ReLUs dead?"
)
_NOTHING_NEW = (
    "{}.step(): no backward() ran since the last step, so there is no new gradient to apply. "
    "Call loss.backward() before each step()."
)


class Optimizer:
    """The parameters, the learning rate `lr` (schedules change it) and the step count."""

    HYPERPARAMETERS: tuple[str, ...] = ("lr",)

    def __init__(self, params: Iterable[Value], lr: float):
        who = type(self).__name__
        self.params = _parameter_list(params, who)
        self.lr = at_least(lr, 0.0, who, "lr")
        self.steps = 0
        self.state: dict[str, list[float]] = {}
        self._backward_calls = 0  # backward() calls counted at the last step
        self._last_grads = None  # the gradients the last step applied

    def zero_grad(self) -> None:
        """Set every parameter's .grad to 0 (leaves accumulate gradients across backward calls)."""
        for p in self.params:
            p.grad = 0.0
        mistakes.zeroed()  # backward() then knows a second call on the same loss is a fresh gradient

    def _gradients(self) -> list[float]:
        """The gradients a step applies, checked: finite, and not a mistake (see `_check_progress`)."""
        grads = [p.grad for p in self.params]
        for i, g in enumerate(grads):
            if g - g != 0.0:  # inf or nan: one bad gradient would poison every later step
                label = f" ('{self.params[i].label}')" if self.params[i].label else ""
                raise FloatingPointError(f"{type(self).__name__}.step: the gradient of parameter {i}{label} is {g!r}")
        self._check_progress(grads)
        return grads

    def _check_progress(self, grads: list[float]) -> None:
        """Warn about a step that applies nothing new, and ask the next backward() to check for zero_grad.

        Gradients written by hand (or by compiled code) without backward() are fine as long as they change.
        """
        calls, loss = mistakes.last_backward()
        fresh = calls != self._backward_calls  # a backward() ran since the last step
        if not any(grads):
            if not fresh:
                warnings.warn(_NOTHING_NEW.format(type(self).__name__), stacklevel=4)
            elif loss != 0.0:  # a loss of exactly 0 (every hinge margin met) rightly has no gradient
                warnings.warn(_NO_GRADIENT.format(type(self).__name__), stacklevel=4)
        elif not fresh and grads == self._last_grads:
            warnings.warn(_NOTHING_NEW.format(type(self).__name__), stacklevel=4)
        self._backward_calls, self._last_grads = calls, grads
        mistakes.stepped(self, self.params)  # the next backward() warns if these gradients were not zeroed by then

    def _buffer(self, name: str) -> list[float]:
        """Per-parameter state, created at zero the first time it is needed."""
        if name not in self.state:
            self.state[name] = [0.0] * len(self.params)
        return self.state[name]

    def state_dict(self) -> dict:
        """Hyperparameters, step count and per-parameter state, as plain JSON-able values."""
        hyper = {k: getattr(self, k) for k in self.HYPERPARAMETERS}
        return {"type": type(self).__name__, **hyper, "steps": self.steps,
                "state": {k: list(v) for k, v in self.state.items()}}  # fmt: skip

    def load_state_dict(self, state: dict) -> None:
        """Restore what `state_dict` returned, for the same kind of optimizer and number of parameters."""
        who = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, dict) or state.get("type") != type(self).__name__:
            raise ValueError(f"{who}: expected the state_dict of a {type(self).__name__}, got {short(state)}")
        buffers = state.get("state", {})
        for name, values in buffers.items():
            if len(values) != len(self.params):
                raise ValueError(f"{who}: state {name!r} has {len(values)} entries for {len(self.params)} parameters")
        for k in self.HYPERPARAMETERS:
            setattr(self, k, tuple(state[k]) if isinstance(state[k], list) else state[k])
        self.steps = state["steps"]
        self.state = {k: [real(v, who, k) for v in values] for k, values in buffers.items()}

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.HYPERPARAMETERS)
        return f"{type(self).__name__}({hyper}; {len(self.params)} parameters)"


class SGD(Optimizer):
    """torch.optim.SGD: g = grad + weight_decay * p; with momentum mu, b = mu * b + (1 - dampening) * g
    (b = g on the first step) and g = g + mu * b (Nesterov) or g = b; then p = p - lr * g."""

    HYPERPARAMETERS = ("lr", "momentum", "dampening", "weight_decay", "nesterov")

    def __init__(self, params: Iterable[Value], lr: float = 0.001, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False):  # fmt: skip
        super().__init__(params, lr)
        self.momentum = at_least(momentum, 0.0, "SGD", "momentum")
        self.dampening = real(dampening, "SGD", "dampening")
        self.weight_decay = at_least(weight_decay, 0.0, "SGD", "weight_decay")
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum <= 0.0 or self.dampening != 0.0):
            raise ValueError("SGD: nesterov=True needs momentum > 0 and dampening = 0")

    def step(self) -> None:
        """One update of every parameter from its current .grad."""
        lr, mu, damp, wd = self.lr, self.momentum, self.dampening, self.weight_decay
        first = "momentum_buffer" not in self.state
        buf = self._buffer("momentum_buffer") if mu else None
        for i, (p, g) in enumerate(zip(self.params, self._gradients())):
            if wd:
                g += wd * p.data
            if mu:
                buf[i] = b = g if first else mu * buf[i] + (1.0 - damp) * g
                g = g + mu * b if self.nesterov else b
            p.data -= lr * g
        self.steps += 1


class RMSprop(Optimizer):
    """torch.optim.RMSprop: s = alpha * s + (1 - alpha) * g^2, avg = sqrt(s) + eps (centered: sqrt(s - m^2) + eps,
    m = alpha * m + (1 - alpha) * g); p = p - lr * g / avg, or with momentum b = mu * b + g / avg, p = p - lr * b."""

    HYPERPARAMETERS = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    def __init__(self, params: Iterable[Value], lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False):  # fmt: skip
        super().__init__(params, lr)
        self.alpha = at_least(alpha, 0.0, "RMSprop", "alpha")
        self.eps = at_least(eps, 0.0, "RMSprop", "eps")
        self.weight_decay = at_least(weight_decay, 0.0, "RMSprop", "weight_decay")
        self.momentum = at_least(momentum, 0.0, "RMSprop", "momentum")
        self.centered = bool(centered)

    def step(self) -> None:
        """One update of every parameter from its current .grad."""
        lr, alpha, eps, wd, mu = self.lr, self.alpha, self.eps, self.weight_decay, self.momentum
        square_avg = self._buffer("square_avg")
        grad_avg = self._buffer("grad_avg") if self.centered else None
        buf = self._buffer("momentum_buffer") if mu > 0.0 else None
        for i, (p, g) in enumerate(zip(self.params, self._gradients())):
            if wd:
                g += wd * p.data
            square_avg[i] = s = alpha * square_avg[i] + (1.0 - alpha) * g * g
            if grad_avg is not None:
                grad_avg[i] = m = alpha * grad_avg[i] + (1.0 - alpha) * g
                s = max(s - m * m, 0.0)  # >= 0 in exact arithmetic; rounding must not reach sqrt(-tiny)
            avg = math.sqrt(s) + eps
            if buf is not None:
                buf[i] = b = mu * buf[i] + g / avg
                p.data -= lr * b
            else:
                p.data -= lr * g / avg
        self.steps += 1


class Adam(Optimizer):
    """torch.optim.Adam: m = b1 * m + (1 - b1) * g, v = b2 * v + (1 - b2) * g^2 (g includes weight_decay * p);
    p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), with v replaced by max(v) over time if amsgrad."""

    HYPERPARAMETERS = ("lr", "betas", "eps", "weight_decay", "amsgrad")
    DECOUPLED = False  # AdamW decays the weights directly instead of adding to the gradient

    def __init__(self, params: Iterable[Value], lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, amsgrad: bool = False):  # fmt: skip
        super().__init__(params, lr)
        who = type(self).__name__
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"{who}: betas must be a pair (beta1, beta2), got {short(betas)}")
        self.betas = (in_range(betas[0], 0.0, 1.0, who, "beta1"), in_range(betas[1], 0.0, 1.0, who, "beta2"))
        self.eps = at_least(eps, 0.0, who, "eps")
        self.weight_decay = at_least(weight_decay, 0.0, who, "weight_decay")
        self.amsgrad = bool(amsgrad)

    def step(self) -> None:
        """One update of every parameter from its current .grad."""
        grads = self._gradients()
        self.steps += 1
        (b1, b2), eps, wd, t = self.betas, self.eps, self.weight_decay, self.steps
        step_size, root = self.lr / (1.0 - b1**t), math.sqrt(1.0 - b2**t)
        m, v = self._buffer("exp_avg"), self._buffer("exp_avg_sq")
        v_max = self._buffer("max_exp_avg_sq") if self.amsgrad else None
        for i, (p, g) in enumerate(zip(self.params, grads)):
            if wd and self.DECOUPLED:
                p.data *= 1.0 - self.lr * wd
            elif wd:
                g += wd * p.data
            m[i] = b1 * m[i] + (1.0 - b1) * g
            v[i] = second = b2 * v[i] + (1.0 - b2) * g * g
            if v_max is not None:
                v_max[i] = second = max(v_max[i], second)
            p.data -= step_size * m[i] / (math.sqrt(second) / root + eps)


class AdamW(Adam):
    """torch.optim.AdamW: Adam with decoupled weight decay, p = p * (1 - lr * weight_decay) before the Adam step."""

    DECOUPLED = True

    def __init__(self, params: Iterable[Value], lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.01, amsgrad: bool = False):  # fmt: skip
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)


def _parameter_list(params, who: str) -> list[Value]:
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"{who}: params must be Values, e.g. model.parameters(); got {short(params)}") from None
    if not params:
        raise ValueError(f"{who}: got an empty parameter list")
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(f"{who}: params[{i}] is {short(p)}; expected Values, e.g. model.parameters()")
    if len(set(params)) != len(params):
        raise ValueError(f"{who}: a parameter appears more than once in params")
    return params
