"""Optimizers with torch.optim's update rules, defaults and param_groups: SGD (momentum, Nesterov,
weight decay), RMSprop, Adam and AdamW. Each keeps its per-parameter state in plain lists of floats."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable

from autograd import Value, mistakes

from ._checks import at_least, in_range, real, short
from .messages import text


def _setting(name: str) -> property:
    def get(self):
        return self.param_groups[0][name]

    def set(self, value):
        self._set_everywhere(name, value)

    return property(get, set, doc=f"The first param group's {name}; setting it sets every group's.")


class Optimizer:
    """Parameter groups (torch.optim's param_groups), per-parameter state and the step count.

    `param_groups` is a list of dicts, each with "params" (its Values) and every hyperparameter of
    the optimizer ("lr", "momentum", ...): build one from a list of dicts, as in torch.optim
    (`SGD([{"params": a}, {"params": b, "lr": 0.01}], lr=0.1)`; a group's missing settings come from
    the keyword arguments, kept in `defaults`), or add one with `add_param_group`. Each step reads
    the groups afresh, so `opt.param_groups[0]["lr"] = 0.01` changes the next step.

    `opt.lr` (and `opt.momentum`, `opt.betas`, ...) reads the first group's value, the only group
    unless you made more. Assigning `opt.lr` sets it; with several groups it scales every group's
    rate by the same factor, so their ratios stay (what a torch scheduler does to each group): the
    nn.schedules work per group. Assigning another hyperparameter sets it in every group.
    """

    HYPERPARAMETERS: tuple[str, ...] = ("lr",)
    _FILL: dict = {}  # the starting value of a per-parameter state buffer, when not 0.0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in cls.HYPERPARAMETERS:  # opt.momentum, opt.betas, ...: see the class docstring
            if name != "lr" and not isinstance(getattr(cls, name, None), property):
                setattr(cls, name, _setting(name))

    def __init__(self, params: Iterable, defaults: dict):
        who = type(self).__name__
        self.defaults = self._validate(defaults, who)
        self.param_groups: list[dict] = []
        self.params: list[Value] = []  # every group's parameters in order; the state lists follow it
        self.steps = 0
        self.state: dict[str, list] = {}
        self._lr_written: list[float] = []  # the rates `opt.lr = ...` wrote last, and their ratios
        self._lr_shares: list[float] = []
        self._backward_calls = 0  # backward() calls counted at the last step
        self._last_grads = None  # the gradients the last step applied
        items = _items(params, who)
        if items and all(isinstance(item, dict) for item in items):
            for group in items:
                self.add_param_group(group)
        else:  # plain Values: one group, and errors name the optimizer alone
            self._add({"params": items}, who)

    def add_param_group(self, param_group: dict) -> None:
        """Add a group of parameters ({"params": values, "lr": ..., ...}) that later steps update too;
        settings it does not give come from `defaults`, as in torch.optim."""
        self._add(param_group, text("param_group", opt=type(self).__name__, i=len(self.param_groups)))

    def _add(self, param_group: dict, where: str) -> None:
        """Check a group (errors begin with `where`), complete it from `defaults`, and append it."""
        who = type(self).__name__
        if not isinstance(param_group, dict) or "params" not in param_group:
            raise TypeError(text("group_not_dict", where=where, got=short(param_group)))
        unknown = [key for key in param_group if key not in ("params", "name", *self.HYPERPARAMETERS)]
        if unknown:
            raise TypeError(
                text("group_setting", where=where, key=unknown[0], who=who, settings=", ".join(self.HYPERPARAMETERS))
            )
        params = param_group["params"]
        params = _parameter_list([params] if isinstance(params, Value) else params, where)
        taken = set(self.params)
        if any(p in taken for p in params):
            raise ValueError(text("group_overlap", where=where))
        settings = {k: v for k, v in param_group.items() if k not in ("params", "name")}
        group = {"params": params, **self._validate({**self.defaults, **settings}, where)}
        if "name" in param_group:
            group["name"] = param_group["name"]
        self.param_groups.append(group)
        self.params.extend(params)
        for name, values in self.state.items():
            values.extend([self._FILL.get(name, 0.0)] * len(params))

    def _validate(self, settings: dict, who: str) -> dict:
        """The hyperparameters, checked (each subclass checks its own): `who: lr must be >= 0, got -1`."""
        return {"lr": at_least(settings["lr"], 0.0, who, "lr")}

    @property
    def lr(self) -> float:
        """The first param group's learning rate (see the class docstring for setting it)."""
        return self.param_groups[0]["lr"]

    @lr.setter
    def lr(self, value: float) -> None:
        groups = self.param_groups
        value = at_least(value, 0.0, type(self).__name__, "lr")
        current = [group["lr"] for group in groups]
        if current != self._lr_written:  # the first time, or a group's rate was set directly since
            first = current[0]
            if first == 0.0 and any(current):
                raise ValueError(text("first_lr_zero", opt=type(self).__name__))
            self._lr_shares = [lr / first if first else 1.0 for lr in current]
        for group, share in zip(groups, self._lr_shares):
            group["lr"] = value * share
        self._lr_written = [group["lr"] for group in groups]

    def _set_everywhere(self, name: str, value) -> None:
        """`opt.momentum = 0.5` and the like: the setting in every group, checked as in the constructor."""
        for i, group in enumerate(self.param_groups):
            settings = {k: group[k] for k in self.HYPERPARAMETERS}
            group[name] = self._validate({**settings, name: value}, text("param_group", opt=type(self).__name__, i=i))[
                name
            ]

    def _spans(self):
        """(group, index of its first parameter in self.params), for each group in order."""
        start = 0
        for group in self.param_groups:
            yield group, start
            start += len(group["params"])

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
                raise FloatingPointError(text("bad_gradient", opt=type(self).__name__, i=i, label=label, g=g))
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
                warnings.warn(text("nothing_new", opt=type(self).__name__), stacklevel=4)
            elif loss != 0.0:  # a loss of exactly 0 (every hinge margin met) rightly has no gradient
                warnings.warn(text("no_gradient", opt=type(self).__name__), stacklevel=4)
        elif not fresh and grads == self._last_grads:
            warnings.warn(text("nothing_new", opt=type(self).__name__), stacklevel=4)
        self._backward_calls, self._last_grads = calls, grads
        mistakes.stepped(self, self.params)  # the next backward() warns if these gradients were not zeroed by then

    def _buffer(self, name: str) -> list:
        """Per-parameter state, created the first time it is needed (at 0.0, or the class's _FILL)."""
        if name not in self.state:
            self.state[name] = [self._FILL.get(name, 0.0)] * len(self.params)
        return self.state[name]

    def state_dict(self) -> dict:
        """The step count, the param groups' settings (their "params" as indices into all parameters, as
        torch.optim) and the per-parameter state, as plain JSON-able values."""
        groups = []
        for group, start in self._spans():
            indices = list(range(start, start + len(group["params"])))
            groups.append({**{k: v for k, v in group.items() if k != "params"}, "params": indices})
        return {"type": type(self).__name__, "steps": self.steps, "param_groups": groups,
                "state": {k: list(v) for k, v in self.state.items()}}  # fmt: skip

    def load_state_dict(self, state: dict) -> None:
        """Restore what `state_dict` returned, for the same kind of optimizer and the same group sizes."""
        who = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, dict) or state.get("type") != type(self).__name__ or "param_groups" not in state:
            raise ValueError(text("state_type", who=who, opt=type(self).__name__, got=short(state)))
        saved = state["param_groups"]
        sizes = [len(g["params"]) for g in self.param_groups]
        saved_sizes = [len(g.get("params", ())) for g in saved] if isinstance(saved, list) else saved
        if saved_sizes != sizes:
            raise ValueError(text("state_groups", who=who, saved=saved_sizes, sizes=sizes))
        buffers = state.get("state", {})
        for name, values in buffers.items():
            if len(values) != len(self.params):
                raise ValueError(text("state_entries", who=who, name=name, n=len(values), count=len(self.params)))
        settings = []
        for i, group in enumerate(saved):
            values = {k: tuple(group[k]) if isinstance(group[k], list) else group[k] for k in self.HYPERPARAMETERS}
            settings.append(self._validate(values, f"{who}: param group {i}"))
        for group, values, old in zip(self.param_groups, settings, saved):
            group.update(values)
            if "name" in old:
                group["name"] = old["name"]
        self.steps = state["steps"]
        self.state = {k: [None if v is None else real(v, who, k) for v in values] for k, values in buffers.items()}

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.HYPERPARAMETERS)
        name, n = type(self).__name__, len(self.params)
        if len(self.param_groups) == 1:
            return f"{name}({hyper}; {n} parameters)"
        varying = [k for k in self.HYPERPARAMETERS if len({repr(g[k]) for g in self.param_groups}) > 1]
        groups = [", ".join([f"{len(g['params'])} parameters"] + [f"{k}={g[k]!r}" for k in varying])
                  for g in self.param_groups]  # fmt: skip
        return f"{name}({hyper}; {n} parameters in {len(groups)} groups: " + "; ".join(groups) + ")"


class SGD(Optimizer):
    """torch.optim.SGD: g = grad + weight_decay * p; with momentum mu, b = mu * b + (1 - dampening) * g
    (b = g on the first step) and g = g + mu * b (Nesterov) or g = b; then p = p - lr * g."""

    HYPERPARAMETERS = ("lr", "momentum", "dampening", "weight_decay", "nesterov")

    _FILL = {"momentum_buffer": None}  # None until a parameter's first step with momentum (then b = g)

    def __init__(self, params: Iterable, lr: float = 0.001, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False):  # fmt: skip
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov})  # fmt: skip

    def _validate(self, settings: dict, who: str) -> dict:
        checked = {"lr": at_least(settings["lr"], 0.0, who, "lr"),
                   "momentum": at_least(settings["momentum"], 0.0, who, "momentum"),
                   "dampening": real(settings["dampening"], who, "dampening"),
                   "weight_decay": at_least(settings["weight_decay"], 0.0, who, "weight_decay"),
                   "nesterov": bool(settings["nesterov"])}  # fmt: skip
        if checked["nesterov"] and (checked["momentum"] <= 0.0 or checked["dampening"] != 0.0):
            raise ValueError(text("nesterov", who=who))
        return checked

    def step(self) -> None:
        """One update of every parameter from its current .grad."""
        grads = self._gradients()
        for group, start in self._spans():
            lr, mu, damp, wd = group["lr"], group["momentum"], group["dampening"], group["weight_decay"]
            nesterov = group["nesterov"]
            buf = self._buffer("momentum_buffer") if mu else None
            for i, p in enumerate(group["params"], start):
                g = grads[i]
                if wd:
                    g += wd * p.data
                if mu:
                    buf[i] = b = g if buf[i] is None else mu * buf[i] + (1.0 - damp) * g
                    g = g + mu * b if nesterov else b
                p.data -= lr * g
        self.steps += 1


class RMSprop(Optimizer):
    """torch.optim.RMSprop: s = alpha * s + (1 - alpha) * g^2, avg = sqrt(s) + eps (centered: sqrt(s - m^2) + eps,
    m = alpha * m + (1 - alpha) * g); p = p - lr * g / avg, or with momentum b = mu * b + g / avg, p = p - lr * b."""

    HYPERPARAMETERS = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    def __init__(self, params: Iterable, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False):  # fmt: skip
        super().__init__(params, {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay,
                                  "momentum": momentum, "centered": centered})  # fmt: skip

    def _validate(self, settings: dict, who: str) -> dict:
        return {"lr": at_least(settings["lr"], 0.0, who, "lr"),
                "alpha": at_least(settings["alpha"], 0.0, who, "alpha"),
                "eps": at_least(settings["eps"], 0.0, who, "eps"),
                "weight_decay": at_least(settings["weight_decay"], 0.0, who, "weight_decay"),
                "momentum": at_least(settings["momentum"], 0.0, who, "momentum"),
                "centered": bool(settings["centered"])}  # fmt: skip

    def step(self) -> None:
        """One update of every parameter from its current .grad."""
        grads = self._gradients()
        square_avg = self._buffer("square_avg")
        for group, start in self._spans():
            lr, alpha, eps, wd, mu = group["lr"], group["alpha"], group["eps"], group["weight_decay"], group["momentum"]
            grad_avg = self._buffer("grad_avg") if group["centered"] else None
            buf = self._buffer("momentum_buffer") if mu > 0.0 else None
            for i, p in enumerate(group["params"], start):
                g = grads[i]
                if wd:
                    g += wd * p.data
                square_avg[i] = s = alpha * square_avg[i] + (1.0 - alpha) * g * g
                if grad_avg is not None:
                    grad_avg[i] = m = alpha * grad_avg[i] + (1.0 - alpha) * g
                    s = max(s - m * m, 0.0)  # >= 0 in exact arithmetic; rounding must not reach sqrt(-tiny)
                avg = math.sqrt(s) + eps
                step = g / avg if avg else _zero_over_zero(self, i, p, g, eps)
                if buf is not None:
                    buf[i] = b = mu * buf[i] + step
                    p.data -= lr * b
                else:
                    p.data -= lr * step
        self.steps += 1


class Adam(Optimizer):
    """torch.optim.Adam: m = b1 * m + (1 - b1) * g, v = b2 * v + (1 - b2) * g^2 (g includes weight_decay * p);
    p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), with v replaced by max(v) over time if amsgrad."""

    HYPERPARAMETERS = ("lr", "betas", "eps", "weight_decay", "amsgrad")
    DECOUPLED = False  # AdamW decays the weights directly instead of adding to the gradient
    _FILL = {"step": 0}  # each parameter's own step count t, as torch's state["step"]

    def __init__(self, params: Iterable, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, amsgrad: bool = False):  # fmt: skip
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                                  "amsgrad": amsgrad})  # fmt: skip

    def _validate(self, settings: dict, who: str) -> dict:
        betas = settings["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(text("betas", who=who, got=short(betas)))
        return {"lr": at_least(settings["lr"], 0.0, who, "lr"),
                "betas": (in_range(betas[0], 0.0, 1.0, who, "beta1"), in_range(betas[1], 0.0, 1.0, who, "beta2")),
                "eps": at_least(settings["eps"], 0.0, who, "eps"),
                "weight_decay": at_least(settings["weight_decay"], 0.0, who, "weight_decay"),
                "amsgrad": bool(settings["amsgrad"])}  # fmt: skip

    def step(self) -> None:
        """One update of every parameter from its current .grad."""
        grads = self._gradients()
        self.steps += 1
        m, v, steps = self._buffer("exp_avg"), self._buffer("exp_avg_sq"), self._buffer("step")
        for group, start in self._spans():
            lr, (b1, b2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            v_max = self._buffer("max_exp_avg_sq") if group["amsgrad"] else None
            t = None
            for i, p in enumerate(group["params"], start):
                steps[i] += 1
                if steps[i] != t:  # parameters added later (add_param_group) count their own steps
                    t = steps[i]
                    step_size, root = lr / (1.0 - b1**t), math.sqrt(1.0 - b2**t)
                g = grads[i]
                if wd and self.DECOUPLED:
                    p.data *= 1.0 - lr * wd
                elif wd:
                    g += wd * p.data
                m[i] = b1 * m[i] + (1.0 - b1) * g
                v[i] = second = b2 * v[i] + (1.0 - b2) * g * g
                if v_max is not None:
                    v_max[i] = second = max(v_max[i], second)
                denominator = math.sqrt(second) / root + eps
                p.data -= step_size * (m[i] / denominator if denominator else _zero_over_zero(self, i, p, m[i], eps))


def _zero_over_zero(optimizer, i: int, p, numerator: float, eps: float) -> float:
    """The step g / (sqrt(s) + eps) when eps = 0 and the denominator is 0: 0 when the numerator is 0 too,
    the limit as eps -> 0 (torch computes 0/0 = nan, and the parameter is nan from then on); else an error.

    A zero denominator with a non-zero numerator happens only when g * g underflows to 0 (|g| < 1e-162).
    """
    if numerator == 0.0:
        return 0.0
    name = f" ({p.label!r})" if p.label else ""
    raise ZeroDivisionError(
        text("eps_zero", opt=type(optimizer).__name__, i=i, name=name, eps=eps, numerator=numerator)
    )


class AdamW(Adam):
    """torch.optim.AdamW: Adam with decoupled weight decay, p = p * (1 - lr * weight_decay) before the Adam step."""

    DECOUPLED = True

    def __init__(self, params: Iterable, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.01, amsgrad: bool = False):  # fmt: skip
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)


def _items(params, who: str) -> list:
    """What a constructor was given, as a list: Values, or dicts with "params" (one per group, as torch)."""
    if isinstance(params, dict):
        raise TypeError(text("params_one_dict", who=who))
    try:
        items = list(params)
    except TypeError:
        raise TypeError(text("params_type", who=who, got=short(params))) from None
    if any(isinstance(item, dict) for item in items) and not all(isinstance(item, dict) for item in items):
        raise TypeError(text("params_mixed", who=who))
    return items


def _parameter_list(params, who: str) -> list[Value]:
    try:
        params = list(params)
    except TypeError:
        raise TypeError(text("params_type", who=who, got=short(params))) from None
    if not params:
        raise ValueError(text("params_empty", who=who))
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(text("params_item", who=who, i=i, got=short(p)))
    if len(set(params)) != len(params):
        raise ValueError(text("params_repeated", who=who))
    return params
