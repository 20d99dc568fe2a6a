"""Simulated students: each makes one classic mistake in a backward pass, and the engine itself computes
the answer that mistake gives (the local derivative of one edge changed, then `backward()`).

This is the issue's catalogue written out again, independently of `autograd.teach.diagnose`: there,
a slip's effect is found by linear algebra (tangents); here, by running the engine on a broken graph.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from autograd import zero_grad
from autograd.teach.answers import RTOL, close

RANK = ("missing_local", "local_only", "missing_path", "wrong_rule", "swapped_operands", "sign")


@dataclass(frozen=True)
class Mistake:
    kind: str
    value: float  # the answer the student gives
    depth: int  # 0 at the blank's own step, else edges further towards the root


def wrong_locals(child, i: int, uses: int) -> dict:
    """{kind: the local derivative a student uses on edge i of `child`} (the issue's list)."""
    x, local, op, found = child.parents[0].data, child.local_grads[i], child.op, {}
    if op == "tanh":
        found["wrong_rule"] = math.tanh(x)  # tanh' = tanh
    elif op == "sigmoid":
        found["wrong_rule"] = 1.0 / (1.0 + math.exp(-x))  # σ' = σ
    elif op == "relu" and x <= 0.0:
        found["wrong_rule"] = 1.0  # relu' = 1 below zero
    elif op.startswith("**") and op != "**" and float(op[2:]) not in (0.0, 1.0):
        found["wrong_rule"] = x ** (float(op[2:]) - 1.0)  # d/dx x^k without the k
    elif op == "**" and i == 0 and child.parents[1].data not in (0.0, 1.0):
        found["wrong_rule"] = x ** (child.parents[1].data - 1.0)
    elif op == "*" or (op == "dot" and i < 2 * (len(child.parents) // 2)):
        found["swapped_operands"] = child.parents[i].data  # d(x*y)/dx taken as x
    elif op == "-":
        found["swapped_operands"] = -local  # d(x-y)/dx taken as d(y-x)/dx
    elif op == "/" and x != 0.0:
        y = child.parents[1].data
        found["swapped_operands"] = -y / x**2 if i == 0 else 1.0 / x  # as if it were y / x
    found = {k: v for k, v in found.items() if v != local}
    if local != 1.0 and found.get("wrong_rule") != 1.0:
        found["missing_local"] = 1.0
    if uses > 1:
        found["missing_path"] = 0.0
    return found


def edges(root) -> list:
    """(child, i) of every edge into a variable, in backward order (children before parents)."""
    from autograd import topological_order

    return [(c, i) for c in reversed(topological_order(root)) for i, p in enumerate(c.parents) if p.requires_grad]


def link_local(child, parent) -> float:
    return math.fsum(d for d, p in zip(child.local_grads, child.parents) if p is parent)


def answer(ex, blank) -> float:
    """The blank's answer read off the engine's current gradients and local derivatives."""
    if blank.kind == "grad":
        return blank.node.grad
    if blank.kind == "product":
        return blank.child.grad * link_local(blank.child, blank.node)
    return link_local(blank.child, blank.node)


def with_local(ex, edge, wrong: float, blank) -> float:
    """The blank's answer when edge (child, i) has local derivative `wrong` (the engine recomputes it)."""
    child, i = edge
    saved = child.local_grads
    child.local_grads = (*saved[:i], wrong, *saved[i + 1 :])
    try:
        zero_grad(ex.root)
        ex.root.backward()
        return answer(ex, blank)
    finally:
        child.local_grads = saved
        zero_grad(ex.root)


def distances(start, root) -> dict:
    """Fewest edges from `start` forward to each node it reaches."""
    from autograd import topological_order

    users = {}
    for child in topological_order(root):
        for parent in child.parents:
            users.setdefault(parent, []).append(child)
    dist, queue = {start: 0}, deque([start])
    while queue:
        node = queue.popleft()
        for child in users.get(node, []):
            if child not in dist:
                dist[child] = dist[node] + 1
                queue.append(child)
    return dist


def mistakes(ex, blank) -> list[Mistake]:
    """Every answer a one-mistake student can give for `blank`, through the engine."""
    truth, root, all_edges = blank.value, ex.root, edges(ex.root)
    uses = {}
    for child, i in all_edges:
        uses[child.parents[i]] = uses.get(child.parents[i], 0) + 1
    found = [Mistake("sign", -truth, 0)]
    zero_grad(root)
    root.backward()
    into = [(c, i) for c, i in all_edges if c.parents[i] is blank.node]
    ups = {(c, i): c.grad for c, i in all_edges}
    if blank.kind == "grad":
        found += [Mistake("local_only", c.local_grads[i], 0) for c, i in into if ups[(c, i)] != 1.0]
        if len(into) > 1:
            found += [Mistake("missing_local", math.fsum(ups[e] for e in into), 0)]
            found += [Mistake("local_only", math.fsum(c.local_grads[i] for c, i in into), 0)]
            found += [Mistake("missing_path", ups[(c, i)] * c.local_grads[i], 0) for c, i in into]
        dist, offset, candidates = distances(blank.node, root), 0, all_edges
    elif blank.kind == "product":
        local = link_local(blank.child, blank.node)
        found += [Mistake("missing_local", blank.child.grad, 0), Mistake("local_only", local, 0)]
        dist, offset, candidates = distances(blank.child, root), 1, all_edges
    else:
        dist, offset, candidates = {}, 0, []
    own = [(c, i) for c, i in all_edges if c is blank.child and c.parents[i] is blank.node]
    zero_grad(root)
    for edge in own if blank.kind != "grad" else []:
        for kind, wrong in wrong_locals(*edge, len(own)).items():
            if kind != "missing_local" or blank.kind == "product":
                found.append(Mistake(kind, with_local(ex, edge, wrong, blank), 0))
    for edge in candidates:
        child, i = edge
        q = child.parents[i]
        if q in dist and edge not in own:
            for kind, wrong in wrong_locals(child, i, uses[q]).items():
                found.append(Mistake(kind, with_local(ex, edge, wrong, blank), offset + dist[q]))
    return [m for m in found if abs(m.value - truth) > RTOL * abs(truth) + 1e-12]


def expected(found: list[Mistake], value: float, step: float) -> str | None:
    """The diagnosis the issue's rule gives: the mistake nearest the blank, then the more specific kind."""
    fits = [m for m in found if close(value, step, m.value)]
    return min(fits, key=lambda m: (m.depth, RANK.index(m.kind))).kind if fits else None


def typed(value: float) -> str:
    """A number as a student types it after working with a calculator: six significant figures."""
    return f"{value:.6g}"
