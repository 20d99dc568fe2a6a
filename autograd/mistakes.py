"""Warnings about the learners' classic mistakes: backward twice without zero_grad, a forgotten zero_grad.

The bookkeeping runs once per `backward()` call, per `zero_grad()` and per optimizer step, never per
node or edge. Its state is context-local (each thread, and each asyncio task that starts it, keeps
its own), so one thread's zero_grad never hides another thread's mistake.
"""

from __future__ import annotations

import warnings
import weakref
from contextvars import ContextVar

from .language import say

# Each warning once, in English and Chinese (see autograd/language.py), said in the default language.
WARNINGS = {
    "again": (
        "backward() called again on the same graph with no zero_grad() since: leaf gradients add up "
        "(now counted twice). Call zero_grad() first if you meant a fresh gradient.",
        "在同一个计算图上再次调用了 backward()，而中间没有调用 zero_grad()：叶节点的梯度会累加"
        "（现在算了两遍）。如果想要一份新的梯度，请先调用 zero_grad()。",
    ),
    "partial": (
        "the last backward() was interrupted (an exception or Ctrl-C) and left part of its gradients in the "
        "leaves, so this backward() adds to them. Call zero_grad() first for a fresh gradient.",
        "上一次 backward() 被中断了（出现异常或按了 Ctrl-C），叶节点里留下了它的一部分梯度，"
        "这次 backward() 会加到它们上面。要得到一份新的梯度，请先调用 zero_grad()。",
    ),
    "added_up": (
        "the gradients from before the last step() were not zeroed, so this backward() added to them. "
        "Call optimizer.zero_grad() (or model.zero_grad()) before backward() in each step.",
        "上一次 step() 之前的梯度没有清零，这次 backward() 把新梯度加到了旧梯度上。"
        "每一步都要在 backward() 之前调用 optimizer.zero_grad()（或 model.zero_grad()）。",
    ),
}


class _State:
    def __init__(self):
        self.backward_calls = 0  # backward() calls so far: an optimizer asks whether one ran since its last step
        self.last_root_data = 0.0  # the latest root's value (a loss of exactly 0 rightly has no gradient)
        self.zeroings = 0  # official zero_grad() calls so far (autograd's, a Module's or an Optimizer's)
        self.roots = weakref.WeakKeyDictionary()  # root -> zeroings when it was last backpropagated
        self.after_step = {}  # id(owner) -> (weak reference to it, its parameters), until they are zeroed
        self.partial = None  # the leaves an interrupted backward left part of its gradient in (no zero_grad since)


_STATE: ContextVar[_State] = ContextVar("chainrule_mistakes")


def state() -> _State:
    """This thread's (or task's) bookkeeping, made on first use."""
    try:
        return _STATE.get()
    except LookupError:
        _STATE.set(fresh := _State())
        return fresh


def zeroed() -> None:
    """Record an official zero_grad(): a second backward() of the same root is then a fresh gradient."""
    s = state()
    s.zeroings += 1
    s.partial = None


def interrupted(leaves: list) -> None:
    """Record a backward() stopped part way: the next one through these leaves warns that it adds to them."""
    state().partial = weakref.WeakSet(leaves)


def last_backward() -> tuple[int, float]:
    """How many times backward() has run, and the value of the latest root (optimizers check both)."""
    s = state()
    return s.backward_calls, s.last_root_data


def stepped(owner, params: list) -> None:
    """`owner` (an optimizer) stepped `params`: the next backward() warns if it adds to their old gradients."""
    s, key = state(), id(owner)
    if key not in s.after_step:
        forget = lambda _, key=key, s=s: s.after_step.pop(key, None)  # noqa: E731
        s.after_step[key] = (weakref.ref(owner, forget), params)


def before_backward(root, leaves: list) -> list:
    """Called by backward() first: warn about a second backward of `root`; return the gradients to watch."""
    s = state()
    s.backward_calls += 1
    if s.partial is not None and not s.partial.isdisjoint(leaves):
        s.partial = None
        warnings.warn(say(WARNINGS, "partial"), stacklevel=3)
    elif s.roots.get(root) == s.zeroings:
        warnings.warn(say(WARNINGS, "again"), stacklevel=3)
    stale = []
    for key, (_, params) in list(s.after_step.items()):
        left = [(p, p.grad) for p in params if p.grad]
        if left:
            stale.append((key, left))
        else:
            del s.after_step[key]  # zeroed since its step: nothing to check
    return stale


def after_backward(root, stale: list) -> None:
    """Called by backward() last: remember `root`; warn if it added to gradients left over from a step."""
    s = state()
    s.roots[root] = s.zeroings
    s.last_root_data = root.data
    for key, left in stale:  # only a backward that reached those parameters did harm
        if any(p.grad != before for p, before in left):
            s.after_step.pop(key, None)
            warnings.warn(say(WARNINGS, "added_up"), stacklevel=3)
            return
