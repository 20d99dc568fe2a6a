"""The chain rule written out for one blank: its paths, the rules in the student's names, the numbers.

A gradient reads as the seed chapter writes it, `∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01`,
one product per path from the root; past a few paths, as the last step (upstreams times locals).
Everything here is a formula tree of the shared notation, so it reads the same in text, LaTeX and MathML.
"""

from __future__ import annotations

import math

from ..value import Value
from .diagnose import Pass
from .names import NodeNames
from .notation import D, Eq, Expr, Num, Seq, joined, product, total, write
from .trace import definition_tree, local_of, local_rule_tree

MAX_PATHS = 4  # more paths than this are written as the last step instead
MAX_RULES = 6


def link_local(child: Value, parent: Value) -> float:
    """d child / d parent, summed over the edges between them (x * x has two)."""
    return math.fsum(d for d, p in zip(child.local_grads, child.parents) if p is parent)


def edges(child: Value, parent: Value) -> list[int]:
    return [i for i, p in enumerate(child.parents) if p is parent]


def link_rule(names: NodeNames, child: Value, parent: Value, numbers: bool = False) -> Expr:
    """d child / d parent in the operands' names (x1), or their values; x * x gives x + x."""
    return total([local_rule_tree(names, child, i, numbers) for i in edges(child, parent)])


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


def local(names: NodeNames, run: Pass, child: Value, parent: Value) -> Expr:
    """A local derivative as a factor of a chain: `∂n3/∂x`. The root's own edge reads `∂L/∂n3` as the chapter
    writes it where that is also the gradient (n3 is used once), else with its expression, `∂(n2 + x)/∂x`."""
    if child is names.root and len(run.links(parent)) == 1:
        return D(names.sym(child), names.sym(parent))
    return local_of(names, child, edges(child, parent)[0])


def chain(names: NodeNames, run: Pass, path: list) -> Expr:
    """`∂L/∂ŷ · ∂ŷ/∂h1 · ∂h1/∂w1`: one factor per link."""
    return product(*[local(names, run, c, p) for c, p in path])


def link_numbers(child: Value, parent: Value) -> Expr:
    """The value of a link's local derivative; a link of several edges (x * x) shows its sum: `(2 + 2)`."""
    return total([Num(child.local_grads[i]) for i in edges(child, parent)])


def grad_chain(names: NodeNames, run: Pass, node: Value) -> tuple[Expr, Expr]:
    """d root / d node as a sum of chains, in names and in numbers (or as the last step, past MAX_PATHS)."""
    found = paths(run, node)
    if found:
        if len(found) == 1 and len(found[0]) == 1:  # one edge from the root: its rule, then its value
            child, parent = found[0][0]
            return link_rule(names, child, parent), Num(link_local(child, parent))
        named = total([chain(names, run, path) for path in found])
        return named, total([product(*[link_numbers(c, p) for c, p in path]) for path in found])
    root, links = names.sym(names.root), run.links(node)
    named = total([product(D(root, names.sym(c)), local(names, run, c, node)) for c in links])
    return named, total([product(Num(run.grads[c]), link_numbers(c, node)) for c in links])


def distinct(parts: list) -> Eq:
    """`a = b = c` without the parts that read the same as the one before them."""
    kept = {write(part): part for part in parts}
    return Eq(tuple(kept.values()))


def grad_formula(names: NodeNames, run: Pass, node: Value, value: float) -> Eq:
    """`∂L/∂w1 = ∂L/∂n · ∂n/∂w1 = (-0.67) · 2 = -1.34`."""
    named, numbers = grad_chain(names, run, node)
    return distinct([D(names.sym(names.root), names.sym(node)), named, numbers, Num(value)])


def rules(names: NodeNames, run: Pass, node: Value) -> Seq:
    """The local derivative of each link below the root on the way to `node`, in the operands' names."""
    found = paths(run, node) or [[(c, node)] for c in run.links(node)]
    links = list(dict.fromkeys(link for path in found for link in reversed(path)))[:MAX_RULES]
    return joined([rule_of(names, run, child, parent) for child, parent in links], "; ")


def rule_of(names: NodeNames, run: Pass, child: Value, parent: Value) -> Seq:
    """`n3 = w1·x1 ⇒ ∂n3/∂w1 = x1`."""
    made = Eq((names.sym(child), definition_tree(names, child)))
    return Seq((made, " ⇒ ", local_formula(names, run, child, parent)))


def local_formula(names: NodeNames, run: Pass, child: Value, parent: Value, numbers: bool = False, name=None) -> Eq:
    """`∂n3/∂w1 = x1`, or with the numbers `∂n3/∂w1 = x1 = 2`; `name` (a tree) is how the derivative is called."""
    parts = [name or local(names, run, child, parent), link_rule(names, child, parent)]
    if numbers:
        parts += [link_rule(names, child, parent, numbers=True), Num(link_local(child, parent))]
    return distinct(parts)


def negative_factors(run: Pass, names: NodeNames, node: Value, truth: float, limit: int = 3) -> list[Eq]:
    """Local derivatives below zero on the way from the root to `node`, where a sign usually goes wrong:
    `∂ŷ/∂h1 = w5 = -0.5` (a factor equal to the answer itself is left out: it would give it away)."""
    tangent, _ = run.tangents(node)
    found = [(c, c.parents[i]) for c, i in run.edges if c.parents[i] in tangent and c.local_grads[i] < 0.0]
    found = [(c, p) for c, p in dict.fromkeys(found) if link_local(c, p) != truth][:limit]
    return [local_formula(names, run, c, p, numbers=True) for c, p in found]
