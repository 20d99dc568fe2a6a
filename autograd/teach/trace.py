"""`backward_steps`: one record per edge of a backward pass, observed through the engine's hook.

The trace never applies the chain rule itself: `Value.backward` does, and calls our hook after
each edge, so what the trace shows is exactly what the engine did.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from ..errors import as_float, short
from ..functions import zero_grad
from ..ops import lookup
from ..value import Value
from .names import NodeNames, fmt, num

_last_root = None  # weakref to the root of the latest trace, for `why(node)` without a root


@dataclass(frozen=True, eq=False)
class Step:
    """One edge of backward: d root/d parent += d root/d child * d child/d parent."""

    number: int  # position in backward order, from 0
    child: Value
    parent: Value
    index: int  # the edge: parent is child.parents[index]
    child_index: int  # topological indices (topological_order(root))
    parent_index: int
    child_name: str
    parent_name: str
    upstream: float  # d root / d child
    local: float  # d child / d parent
    contribution: float  # upstream * local, 0.0 when upstream is 0
    parent_grad_before: float
    parent_grad_after: float
    rule: str  # the op's rule, e.g. "d/dx tanh(x) = 1 - tanh(x)^2"
    local_rule: str  # this edge's local derivative in names, e.g. "1 - o^2"
    formula: str  # the step with numbers: "dL/dn = dL/do * do/dn = 1 * 0.5 = 0.5"
    accumulates: bool  # True when an earlier edge already reached this parent

    def __repr__(self) -> str:
        return f"Step({self.number}: {self.formula})"


def backward_steps(root: Value, grad: float = 1.0) -> list[Step]:
    """Zero the gradients of root's graph, run `root.backward(grad)` and return its steps in order.

    Zeroing first makes the trace one clean pass (leaf gradients do not carry over from earlier
    calls); the gradients the steps end with are the engine's own `.grad` values.
    """
    return trace(root, grad)[1]


def trace(root: Value, grad: float = 1.0, who: str = "backward_steps") -> tuple[NodeNames, list[Step]]:
    """The node names of root's graph and the steps of one fresh backward pass."""
    global _last_root
    if not isinstance(root, Value):
        raise TypeError(f"{who}: expected a Value (the root, e.g. the loss), got {short(root)}")
    grad = as_float(grad, who)
    names = NodeNames(root)
    zero_grad(root)
    steps, reached = [], set()

    def hook(child: Value, i: int, before: float) -> None:
        parent = child.parents[i]
        steps.append(_step(names, len(steps), child, i, before, parent in reached))
        reached.add(parent)

    root.backward(grad, hook=hook)
    _last_root = weakref.ref(root)
    return names, steps


def last_root() -> Value | None:
    """The root of the latest trace, if it is still alive."""
    return _last_root() if _last_root is not None else None


def _step(names: NodeNames, number: int, child: Value, i: int, before: float, accumulates: bool) -> Step:
    parent, upstream, local = child.parents[i], child.grad, child.local_grads[i]
    contribution = upstream * local if upstream != 0.0 else 0.0
    op, _ = lookup(child.op)
    step = {"number": number, "child": child, "parent": parent, "index": i, "upstream": upstream, "local": local}
    step.update(child_index=names.index[child], parent_index=names.index[parent])
    step.update(child_name=names.name(child), parent_name=names.name(parent), contribution=contribution)
    step.update(parent_grad_before=before, parent_grad_after=parent.grad, rule=op.rule)
    step.update(local_rule=local_rule(names, child, i), accumulates=accumulates)
    return Step(formula=formula(names, child, i, before, accumulates), **step)


def formula(names: NodeNames, child: Value, i: int, before: float, accumulates: bool) -> str:
    """The step with numbers; an accumulating step shows the running sum (1 + 1 * 1 = 2)."""
    parent = child.parents[i]
    d_root, d_child, d_parent = names.d(names.order[-1]), names.d(child), names.d(parent)
    product = f"{d_root}/{d_child} * {d_child}/{d_parent}"
    numbers = f"{fmt(child.grad)} * {num(child.local_grads[i])}"
    if accumulates:
        numbers = f"{fmt(before)} + {num(child.grad)} * {num(child.local_grads[i])}"
        product = f"{fmt(before)} + {product}"
    return f"{d_root}/{d_parent} = {product} = {numbers} = {fmt(parent.grad)}"


def local_rule(names: NodeNames, child: Value, i: int, numbers: bool = False) -> str:
    """d child / d parent_i written with names ("1 - o^2"), or with their values ("1 - 0.7071^2")."""
    return lookup(child.op)[0].local_text(i, operands(names, child, numbers))


def definition(names: NodeNames, node: Value, numbers: bool = False) -> str:
    """How node was made from its parents: "w5*h1 + w6*h2 + b_o", "tanh(n)", "a^2"."""
    return lookup(node.op)[0].reads(operands(names, node, numbers))


def operands(names: NodeNames, node: Value, numbers: bool = False) -> dict:
    """The names an op's templates are written with: its arguments', "out" (the node), its parameters."""
    op, params = lookup(node.op)
    word = (lambda n: num(n.data)) if numbers else names.term
    args = [word(parent) for parent in node.parents]
    filled = dict(zip(op.args, args)) if op.args else {"args": args}
    filled["out"] = word(node)
    filled.update({key: num(value) if isinstance(value, float) else str(value) for key, value in params.items()})
    return filled
