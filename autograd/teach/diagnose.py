"""Which mistake a wrong answer fits: each slip students make, played through the backward pass.

A slip changes one edge's local derivative: left out (1), a path dropped (0), a wrong rule (tanh' =
tanh, σ' = σ, relu' = 1 below zero, x^k without the k), swapped operands (of *, /, -). Backward is
linear in each local derivative, so the slip moves a gradient by upstream · (wrong - right) · ∂q/∂node,
where q is the edge's parent; one forward sweep of tangents from the node gives every ∂q/∂node.
Whole-answer slips (the sign, the upstream alone, the local derivative alone) sit beside them.

When several slips give the answer, the one closest to the blank wins (fewest edges away), then the
more specific kind (RANK). Rounding is considered last, only when no slip fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..ops import lookup, partner
from ..value import Value
from .answers import RTOL, close, rounded

RANK = ("missing_local", "local_only", "missing_path", "wrong_rule", "swapped_operands", "sign")


@dataclass(frozen=True, eq=False)
class Slip:
    """A mistake and the answer it gives: `edge` (child, i) is where it happens (None: the whole answer),
    `depth` how many edges from the blank's own step, `wrong` the local derivative it used."""

    kind: str
    value: float
    depth: int = 0
    edge: tuple | None = None
    wrong: float | None = None


class Pass:
    """The backward pass as the diagnosis reads it: edges in backward order, local derivatives, upstreams."""

    def __init__(self, order: list, grads: dict):
        self.order, self.grads = order, grads  # grads: d root / d node, from the traced steps
        self.position = {node: k for k, node in enumerate(order)}
        self.edges = [(c, i) for c in reversed(order) for i, p in enumerate(c.parents) if p.requires_grad]
        self.into: dict = {}
        for child, i in self.edges:
            self.into.setdefault(child.parents[i], []).append((child, i))

    def links(self, node: Value) -> dict:
        """The edges into `node`, grouped by the child they come from (x * x: two edges, one link)."""
        grouped: dict = {}
        for child, i in self.into.get(node, []):
            grouped.setdefault(child, []).append(i)
        return grouped

    def tangents(self, start: Value) -> tuple[dict, dict]:
        """d n / d start, and the fewest edges from start to n, for every node n that start reaches."""
        tangent, depth = {start: 1.0}, {start: 0}
        for node in self.order[self.position[start] + 1 :]:
            for parent, local in zip(node.parents, node.local_grads):
                if parent in tangent:
                    tangent[node] = tangent.get(node, 0.0) + local * tangent[parent]
                    depth[node] = min(depth.get(node, math.inf), depth[parent] + 1)
        return tangent, depth


def wrong_locals(child: Value, i: int, uses: int) -> list[tuple[str, float]]:
    """The local derivatives a student might use on edge i of `child` instead of the right one."""
    local, found = child.local_grads[i], []
    for kind, make in (("wrong_rule", wrong_rule), ("swapped_operands", swapped)):
        value = make(child, i)
        if value is not None and value != local and value - value == 0.0:
            found.append((kind, value))
    # relu' = 1 below zero passes the upstream on unchanged, as a forgotten local derivative would:
    # the rule is the more exact diagnosis, so it alone stands for that number.
    if local != 1.0 and ("wrong_rule", 1.0) not in found:
        found.append(("missing_local", 1.0))
    if uses > 1:
        found.append(("missing_path", 0.0))
    return found


def wrong_rule(child: Value, i: int) -> float | None:
    """tanh' = tanh, σ' = σ, relu' = 1 where its input is <= 0, d/dx x^k = x^(k-1) (the k forgotten)."""
    op, params = lookup(child.op)
    x = child.parents[0].data
    if op.name in ("tanh", "sigmoid"):
        return child.data
    if op.name == "relu":
        return 1.0 if x <= 0.0 else None
    if op.name == "pow_const" and params["k"] not in (0.0, 1.0):
        return child.local_grads[0] / params["k"]
    if op.name == "pow" and i == 0 and child.parents[1].data not in (0.0, 1.0):
        return child.local_grads[0] / child.parents[1].data
    return None


def swapped(child: Value, i: int) -> float | None:
    """The local derivative with the operands swapped: d(x*y)/dx as x, d(x/y)/dx as d(y/x)/dx, d(x-y)/dx as -1."""
    name = lookup(child.op)[0].name
    if name == "mul" or (name == "dot" and partner(i, len(child.parents)) is not None):
        return child.parents[i].data
    if name == "sub":
        return -1.0 if i == 0 else 1.0
    if name == "truediv":
        x, y = child.parents[0].data, child.parents[1].data
        if x == 0.0:
            return None
        return -y / (x * x) if i == 0 else 1.0 / x
    return None


def grad_slips(run: Pass, node: Value, truth: float) -> list[Slip]:
    """What each slip makes of d root / d node."""
    slips = [Slip("sign", -truth)]
    edges = run.into.get(node, [])
    ups, locals_ = [run.grads[c] for c, _ in edges], [c.local_grads[i] for c, i in edges]
    # Only the local derivative is no mistake where the upstream gradient is 1: there it is the product.
    slips += [Slip("local_only", d, 0, edge) for u, d, edge in zip(ups, locals_, edges) if u != 1.0]
    if len(edges) > 1:
        slips += [Slip("missing_local", math.fsum(ups)), Slip("local_only", math.fsum(locals_))]
        slips += [Slip("missing_path", u * local, 0, edge, 0.0) for u, local, edge in zip(ups, locals_, edges)]
    slips += [Slip(kind, value, depth, edge, wrong) for kind, value, depth, edge, wrong in _above(run, node, truth)]
    return slips


def _above(run: Pass, node: Value, base: float):
    """Each wrong local derivative on an edge between the root and `node`, played through the pass:
    (kind, what `base`, d root / d node, becomes, how deep the edge is, the edge, the wrong local)."""
    tangent, depth = run.tangents(node)
    for child, i in run.edges:
        q, upstream = child.parents[i], run.grads[child]
        if q in tangent and upstream != 0.0 and tangent[q] != 0.0:
            for kind, wrong in wrong_locals(child, i, len(run.into[q])):
                yield kind, base + upstream * (wrong - child.local_grads[i]) * tangent[q], depth[q], (child, i), wrong


def local_slips(child: Value, parent: Value, truth: float, forgot: bool = False) -> list[Slip]:
    """What each slip makes of d child / d parent (summed over the edges between them); `forgot`: also
    one of those edges' local derivatives left out (as 1), which only a product of the edge can show."""
    slips = [Slip("sign", -truth)]
    own = [i for i, p in enumerate(child.parents) if p is parent]
    for i in own:
        for kind, wrong in wrong_locals(child, i, len(own)):
            if kind != "missing_local" or forgot:
                slips.append(Slip(kind, truth - child.local_grads[i] + wrong, 0, (child, i), wrong))
    return slips


def product_slips(run: Pass, child: Value, parent: Value, truth: float) -> list[Slip]:
    """What each slip makes of one link's product d root / d child · d child / d parent."""
    upstream = run.grads[child]
    local = math.fsum(d for d, p in zip(child.local_grads, child.parents) if p is parent)
    slips = [Slip("missing_local", upstream), Slip("local_only", local)]
    slips += [Slip(s.kind, upstream * s.value, 0, s.edge, s.wrong) for s in local_slips(child, parent, local, True)]
    slips += [Slip(kind, moved * local, 1 + depth, edge, wrong)
              for kind, moved, depth, edge, wrong in _above(run, child, upstream)]  # fmt: skip
    return slips


def diagnose(slips: list[Slip], value: float, step: float, truth: float) -> Slip | None:
    """The slip that `value` (typed to resolution `step`) fits best, Slip("rounding") if it is only
    rounded too much, or None. Slips that give the right answer anyway are not candidates."""
    visible = [s for s in slips if abs(s.value - truth) > RTOL * abs(truth) + 1e-12]
    fits = [s for s in visible if close(value, step, s.value)]
    if fits:
        return min(fits, key=lambda s: (s.depth, RANK.index(s.kind)))
    return Slip("rounding", truth) if rounded(value, step, truth) else None
