"""The chain rule written out for one blank: its paths, the rules in the student's names, the numbers.

A gradient reads as the seed chapter writes it, `∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01`,
one product per path from the root; past a few paths, as the last step (upstreams times locals).
"""

from __future__ import annotations

import math

from ..value import Value
from .blanks import local_name, partial
from .diagnose import Pass
from .names import NodeNames, fmt, num
from .trace import definition, local_rule

MAX_PATHS = 4  # more paths than this are written as the last step instead
MAX_RULES = 6


def link_local(child: Value, parent: Value) -> float:
    """d child / d parent, summed over the edges between them (x * x has two)."""
    return math.fsum(d for d, p in zip(child.local_grads, child.parents) if p is parent)


def link_rule(names: NodeNames, child: Value, parent: Value, numbers: bool = False) -> str:
    """d child / d parent in the operands' names ("x1"), or their values; x * x gives "x + x"."""
    return " + ".join(local_rule(names, child, i, numbers) for i, p in enumerate(child.parents) if p is parent)


def paths(run: Pass, node: Value, limit: int = MAX_PATHS) -> list | None:
    """Every path from the root down to `node` as links [(child, parent), ...], root first; None past `limit`."""
    found = {run.order[-1]: [[]]}
    for current in reversed(run.order[run.position[node] : -1]):  # children before parents
        collected = []
        for child in run.links(current):
            above = found[child]
            if above is None or len(collected) + len(above) > limit:
                collected = None
                break
            collected += [[*path, (child, current)] for path in above]
        found[current] = collected
    return found[node]


def local(names: NodeNames, run: Pass | None, child: Value, parent: Value) -> str:
    """The name of a local derivative: `∂n3/∂x`, or `∂(n2 + x)/∂x` for the root's own edge to a node
    used more than once (there `∂f/∂x` is the gradient, the sum over all paths)."""
    return local_name(names, child, parent, run is not None and len(run.links(parent)) > 1)


def chain(names: NodeNames, run: Pass, path: list) -> str:
    """`∂L/∂ŷ · ∂ŷ/∂h1 · ∂h1/∂w1`: one factor per link."""
    return " · ".join(local(names, run, c, p) for c, p in path)


def chain_numbers(path: list) -> str:
    """The factors' values; a link of several edges (x * x) shows its sum: `(2 + 2)`."""
    return " · ".join(link_numbers(c, p) for c, p in path)


def link_numbers(child: Value, parent: Value) -> str:
    parts = [d for d, p in zip(child.local_grads, child.parents) if p is parent]
    return num(parts[0]) if len(parts) == 1 else "(" + " + ".join([fmt(parts[0]), *map(num, parts[1:])]) + ")"


def grad_chain(names: NodeNames, run: Pass, node: Value) -> tuple[str, str]:
    """d root / d node as a sum of chains, in names and in numbers (or as the last step, past MAX_PATHS)."""
    found = paths(run, node)
    if found is not None and found:
        named = " + ".join(chain(names, run, path) for path in found)
        numbers = " + ".join(chain_numbers(path) for path in found)
        if len(found) == 1 and len(found[0]) == 1:  # one edge from the root: its rule, then its value
            child, parent = found[0][0]
            named, numbers = link_rule(names, child, parent), fmt(link_local(child, parent))
        return named, numbers
    root, links = names.name(run.order[-1]), run.links(node)
    named = " + ".join(f"{partial(root, names.name(c))} · {partial(names.name(c), names.name(node))}" for c in links)
    return named, " + ".join(f"{num(run.grads[c])} · {link_numbers(c, node)}" for c in links)


def grad_formula(names: NodeNames, run: Pass, node: Value, value: float) -> str:
    """`∂L/∂w1 = ∂L/∂n · ∂n/∂w1 = (-0.67) · 2 = -1.34`."""
    blank = partial(names.name(run.order[-1]), names.name(node))
    named, numbers = grad_chain(names, run, node)
    return " = ".join(dict.fromkeys([blank, named, numbers, fmt(value)]))


def rules(names: NodeNames, run: Pass, node: Value) -> str:
    """The local derivative of each link below the root on the way to `node`, in the operands' names."""
    found = paths(run, node) or [[(c, node)] for c in run.links(node)]
    links = list(dict.fromkeys(link for path in found for link in reversed(path)))[:MAX_RULES]
    return "; ".join(rule_of(names, run, c, p) for c, p in links)


def rule_of(names: NodeNames, run: Pass, child: Value, parent: Value) -> str:
    """`n3 = w1*x1 ⇒ ∂n3/∂w1 = x1`."""
    return f"{names.name(child)} = {definition(names, child)} ⇒ {local_formula(names, child, parent, run=run)}"


def local_formula(names: NodeNames, child: Value, parent: Value, numbers: bool = False, run: Pass | None = None) -> str:
    """`∂n3/∂w1 = x1`, or with the numbers: `∂n3/∂w1 = x1 = 2` (`run`: name the root's shared edges apart)."""
    parts = [local(names, run, child, parent), link_rule(names, child, parent)]
    if numbers:
        value, filled = fmt(link_local(child, parent)), link_rule(names, child, parent, numbers=True)
        parts += [value] if filled in (value, f"({value})") else [filled, value]
    return " = ".join(dict.fromkeys(parts))


def negative_factors(run: Pass, names: NodeNames, node: Value, truth: float, limit: int = 3) -> list[str]:
    """Local derivatives below zero on the way from the root to `node`, where a sign usually goes wrong:
    `∂y_hat/∂h1 = w5 = -0.5` (a factor equal to the answer itself is left out: it would give it away)."""
    tangent, _ = run.tangents(node)
    found = [(c, c.parents[i]) for c, i in run.edges if c.parents[i] in tangent and c.local_grads[i] < 0.0]
    found = [(c, p) for c, p in dict.fromkeys(found) if link_local(c, p) != truth][:limit]
    return [local_formula(names, c, p, numbers=True, run=run) for c, p in found]
