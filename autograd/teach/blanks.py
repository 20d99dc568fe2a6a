"""What an exercise asks: its blanks, each a formula of the shared notation, named as the classroom's
views write it: `∂L/∂w1` (a gradient), `∂n3/∂x` (a local derivative; the root's own is written with
its expression, `∂(n2 + x)/∂x`, so it cannot be read as the gradient), `∂L/∂n3 · ∂n3/∂x` (one edge's
product). Typed names are matched loosely: `dL/dw1`, `dL/dy_hat` for `∂L/∂ŷ`, `*` for `·`, spaces.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..value import Value
from .names import NodeNames
from .notation import D, Expr, product, write
from .trace import local_of


@dataclass(frozen=True, eq=False)
class Blank:
    """One blank: its name, what it asks (a gradient, a local derivative, one edge's product) and its answer.

    `node` is the node whose gradient is asked, or the parent of the edge; `child` the edge's child;
    `tree` the name as a formula, for the other notations (ASCII, LaTeX, MathML).
    """

    name: str
    kind: str  # "grad", "local" or "product"
    node: Value
    child: Value | None
    value: float
    tree: Expr

    def spellings(self) -> set[str]:
        """The keys a typed name is matched by: the Unicode name's and the ASCII one's (`dL/dy_hat`)."""
        return {key(self.name), key(write(self.tree, "ascii"))}


def key(text: str) -> str:
    """The spelling a typed blank name is matched by: ∂ as d, · × * as *, no spaces, NFKC."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(text.split()).replace("∂", "d")
    for times in "·⋅×":
        text = text.replace(times, "*")
    return text


def _blank(tree: Expr, kind: str, node: Value, child: Value | None, value: float) -> Blank:
    return Blank(write(tree), kind, node, child, value, tree)


def edge(child: Value, parent: Value) -> int:
    """The index of parent's first edge into child."""
    return next(i for i, p in enumerate(child.parents) if p is parent)


def grad_blank(names: NodeNames, node: Value, value: float) -> Blank:
    """`∂L/∂w1`: the gradient of the root with respect to `node`."""
    return _blank(D(names.sym(names.root), names.sym(node)), "grad", node, None, value)


def local_blank(names: NodeNames, child: Value, parent: Value, value: float) -> Blank:
    """`∂n3/∂x`, as the stepper writes a local derivative (`∂(n2 + x)/∂x` for the root's own edges)."""
    return _blank(local_of(names, child, edge(child, parent)), "local", parent, child, value)


def product_blank(names: NodeNames, child: Value, parent: Value, value: float) -> Blank:
    """One path's share of a gradient, `∂L/∂n3 · ∂n3/∂x`: the upstream gradient times the local derivative
    (the root's own edge: its local derivative alone, since ∂L/∂L = 1)."""
    local = local_of(names, child, edge(child, parent))
    tree = local if child is names.root else product(D(names.sym(names.root), names.sym(child)), local)
    return _blank(tree, "product", parent, child, value)


def unique(blanks: list) -> list:
    """The blanks with repeated names told apart: `∂L/∂x`, `∂L/∂x #2` (NodeNames keeps labels apart, so
    this is only for two edges that read alike)."""
    seen, out = {}, []
    for blank in blanks:
        count = seen[blank.name] = seen.get(blank.name, 0) + 1
        if count > 1:
            blank = Blank(f"{blank.name} #{count}", blank.kind, blank.node, blank.child, blank.value, blank.tree)
        out.append(blank)
    return out
