"""Observers of backward's one chain-rule loop: the teaching hook and `detect_anomaly`.

`Value.backward` calls `edge(child, parent, before)` right after it adds an edge's contribution to
`parent.grad`, and `still(child)` for a node whose upstream gradient is 0 (its edges carry nothing,
so the loop skips them). The observers never apply the chain rule themselves: they watch it.
"""

from __future__ import annotations

from . import errors
from .mode import MODE
from .ops import lookup


def op_name(node) -> str:
    """The op-table name of the op that made `node` ("truediv" for a "/" node)."""
    return lookup(node.op)[0].name


class Observer:
    """Counts the edges of each child as the loop visits them, so observers know edge i."""

    def __init__(self):
        self._child, self._i = None, 0

    def index(self, child) -> int:
        """The index of the edge of `child` being reported (edges come in order, child by child)."""
        if child is self._child:
            self._i += 1
        else:
            self._child, self._i = child, 0
        return self._i

    def still(self, child) -> None:
        """A node with a zero upstream gradient: nothing flows along its edges."""


class Hook(Observer):
    """`hook(child, i, parent_grad_before)` after every edge, zero-upstream edges included."""

    def __init__(self, hook):
        super().__init__()
        self.hook = hook

    def edge(self, child, parent, before: float) -> None:
        self.hook(child, self.index(child), before)

    def still(self, child) -> None:
        for i, parent in enumerate(child.parents):
            self.hook(child, i, parent.grad)


class Anomaly(Observer):
    """The first edge that turns a finite gradient into inf or nan raises, naming the op and the edge."""

    def __init__(self, name_of):
        super().__init__()
        self.name_of = name_of  # a node's op name, for the message

    def edge(self, child, parent, before: float) -> None:
        i = self.index(child)
        if parent.grad - parent.grad and not before - before:
            raise errors.anomaly_in_backward(self.name_of(child), child, i, before)


class Both(Observer):
    """Anomaly checks first, then the hook: a trace under detect_anomaly stops at the bad edge."""

    def __init__(self, *observers):
        self.observers = observers

    def edge(self, child, parent, before: float) -> None:
        for observer in self.observers:
            observer.edge(child, parent, before)

    def still(self, child) -> None:
        for observer in self.observers:
            observer.still(child)


def observer(hook):
    """What watches this backward: None (the usual case), the hook, anomaly checks, or both."""
    watchers = ([Anomaly(op_name)] if MODE.get().anomaly else []) + ([Hook(hook)] if hook is not None else [])
    if len(watchers) < 2:
        return watchers[0] if watchers else None
    return Both(*watchers)
