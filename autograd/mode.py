"""Context-local switches: `no_grad`, `enable_grad`, `detect_anomaly`, `ieee_mode`.

The state lives in one `ContextVar`, so each thread and each asyncio task sees its own:
turning gradients off in one never turns them off in another.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from typing import NamedTuple


class Mode(NamedTuple):
    grad_enabled: bool = True
    anomaly: bool = False  # every new value and gradient is checked for nan/inf
    ieee: bool = False  # nan and inf flow as in IEEE arithmetic instead of raising


_MODES = {}


def _canonical(mode: Mode) -> Mode:
    # One object per combination, so the hot path can test `mode is NORMAL`.
    return _MODES.setdefault(mode, mode)


NORMAL = _canonical(Mode())
MODE: ContextVar[Mode] = ContextVar("chainrule_mode", default=NORMAL)


class _Switch:
    """Set some fields of the mode for a `with` block; also usable as a decorator."""

    change: dict = {}

    def __init__(self) -> None:
        self._tokens = []

    def __enter__(self):
        self._tokens.append(MODE.set(_canonical(MODE.get()._replace(**self.change))))
        return self

    def __exit__(self, *exc_info) -> None:
        MODE.reset(self._tokens.pop())

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with type(self)():  # a fresh switch per call: safe when threads share the function
                return fn(*args, **kwargs)

        return wrapper


class no_grad(_Switch):  # noqa: N801 (PyTorch's name)
    """Inside this block ops record no parents: results are leaves, and nothing is kept for backward."""

    change = {"grad_enabled": False}


class enable_grad(_Switch):  # noqa: N801
    """Turn recording back on inside a `no_grad` block."""

    change = {"grad_enabled": True}


class detect_anomaly(_Switch):  # noqa: N801
    """The first nan or inf made in forward or backward raises, naming the op, its inputs and labels."""

    change = {"anomaly": True}


class ieee_mode(_Switch):  # noqa: N801
    """Opt into IEEE arithmetic: log(0) is -inf, 0/0 is nan, and nothing raises for a domain error."""

    change = {"ieee": True}


def is_grad_enabled() -> bool:
    """True unless inside `no_grad` (in this thread or task)."""
    return MODE.get().grad_enabled
