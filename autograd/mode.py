"""Context-local switches: `no_grad`, `enable_grad`, `detect_anomaly`, `ieee_mode`; and `gc_paused`.

The state lives in `ContextVar`s, so each thread and each asyncio task sees its own:
turning gradients off in one never turns them off in another.
"""

from __future__ import annotations

import functools
import gc
import threading
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
# The switches open in this thread or task, oldest first. MODE is always what they make together, so
# leaving them in any order (a generator that yields inside `no_grad`, manual __exit__ calls) is exact.
_OPEN: ContextVar[tuple] = ContextVar("chainrule_open_switches", default=())
_COMBINED: dict = {}  # tuple of switch classes -> the Mode they make together


def _combined(switches: tuple) -> Mode:
    kinds = tuple(map(type, switches))
    mode = _COMBINED.get(kinds)
    if mode is None:
        mode = NORMAL
        for kind in kinds:
            mode = mode._replace(**kind.change)
        mode = _canonical(mode)
        if len(kinds) <= 8:  # the usual nestings; deep recursion under a decorator is not kept
            _COMBINED[kinds] = mode
    return mode


class _Switch:
    """Set some fields of the mode for a `with` block; also usable as a decorator.

    One instance may be shared by threads and tasks: each has its own record of what it opened.
    """

    change: dict = {}

    def __enter__(self):
        switches = (*_OPEN.get(), self)
        _OPEN.set(switches)
        MODE.set(_combined(switches))
        return self

    def __exit__(self, *exc_info) -> None:
        switches = _OPEN.get()
        i = len(switches) - 1
        while i >= 0 and switches[i] is not self:  # its latest entry: the last one, unless left out of order
            i -= 1
        if i < 0:
            return  # not opened in this thread or task (a generator resumed elsewhere): nothing to undo here
        switches = switches[:i] + switches[i + 1 :]
        _OPEN.set(switches)
        MODE.set(_combined(switches))

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


class gc_paused:  # noqa: N801 (a context manager, named as the switches above)
    """Hold off the cyclic garbage collector inside one call that builds and drops a whole graph (a step
    of nn.fit): a graph has no reference cycles, so each collection while it is alive is wasted work.

    Process-wide, as the collector is, so the pauses of all threads share one count: the first turns
    the collector off (if it was on), the last to end, by returning or raising, turns it back on. A
    collector that was off stays off. Only a `gc.disable()` made elsewhere during a pause is undone.
    """

    _lock = threading.Lock()
    _depth = 0  # pauses in progress, in every thread
    _turned_off = False  # whether the first of them found the collector on

    def __enter__(self):
        with gc_paused._lock:
            if gc_paused._depth == 0:
                gc_paused._turned_off = gc.isenabled()
                gc.disable()
            gc_paused._depth += 1
        return self

    def __exit__(self, *exc_info) -> None:
        with gc_paused._lock:
            gc_paused._depth -= 1
            if gc_paused._depth == 0 and gc_paused._turned_off:
                gc.enable()
