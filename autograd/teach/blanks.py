"""What an exercise asks: its blanks, named in ∂ notation (`∂L/∂w1`, `∂n3/∂x`, `∂L/∂n3·∂n3/∂x`).

The names are written by the small functions here, so the shared notation of the teaching views can
replace them in one place. Input is matched loosely: `dL/dw1`, `dL/dn3 * dn3/dx` and spaces are fine.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..value import Value
from .names import NodeNames, fmt
from .trace import definition

ROOT_NAMES = ("f", "L", "out", "result")  # an unlabelled root is called by the first one the graph does not use


class ExerciseNames(NodeNames):
    """NodeNames, plus a name for an unlabelled root and for unlabelled variables (never their number)."""

    def __init__(self, root: Value):
        super().__init__(root)
        labels = {node.label for node in self.order}
        self.root_name = root.label or next((n for n in ROOT_NAMES if n not in labels), "root")

    def name(self, node: Value) -> str:
        if node is self.order[-1] and not node.label:
            return self.root_name
        name = super().name(node)
        if not node.parents and node.requires_grad and not node.label and name == fmt(node.data):
            return f"v{self.index[node]}"  # a variable the user did not name: a name, so it reads as one
        return name


def partial(top: str, bottom: str) -> str:
    """`∂top/∂bottom`."""
    return f"∂{top}/∂{bottom}"


def product(*factors: str) -> str:
    """Factors of a chain-rule product: `∂L/∂n3·∂n3/∂x`."""
    return "·".join(factors)


def key(text: str) -> str:
    """The spelling a typed blank name is matched by: ∂ as d, · × * as *, no spaces, NFKC."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(text.split()).replace("∂", "d")
    for times in "·⋅×":
        text = text.replace(times, "*")
    return text


@dataclass(frozen=True, eq=False)
class Blank:
    """One blank: its name, what it asks (a gradient, a local derivative, one edge's product) and its answer.

    `node` is the node whose gradient is asked, or the parent of the edge; `child` the edge's child.
    """

    name: str
    kind: str  # "grad", "local" or "product"
    node: Value
    child: Value | None
    value: float


def grad_blank(names: NodeNames, node: Value, value: float) -> Blank:
    return Blank(partial(names.name(names.order[-1]), names.name(node)), "grad", node, None, value)


def local_name(names: NodeNames, child: Value, parent: Value, shared: bool) -> str:
    """`∂n3/∂x`; for the root's own local derivative towards a node used more than once, written with the
    root's definition (`∂(n2 + y)/∂y`), so it cannot be read as the gradient ∂f/∂y, which adds all paths."""
    if shared and child is names.order[-1]:
        return partial(f"({definition(names, child)})", names.name(parent))
    return partial(names.name(child), names.name(parent))


def local_blank(names: NodeNames, child: Value, parent: Value, value: float, shared: bool = False) -> Blank:
    return Blank(local_name(names, child, parent, shared), "local", parent, child, value)


def product_blank(names: NodeNames, child: Value, parent: Value, value: float) -> Blank:
    """One path's share of a gradient: `∂L/∂n3·∂n3/∂x` (the root's own edge: its local derivative alone)."""
    if child is names.order[-1]:
        return Blank(local_name(names, child, parent, True), "product", parent, child, value)
    upstream = partial(names.name(names.order[-1]), names.name(child))
    return Blank(product(upstream, partial(names.name(child), names.name(parent))), "product", parent, child, value)


def unique(blanks: list) -> list:
    """The blanks with repeated names (two nodes labelled alike) told apart: `∂L/∂x`, `∂L/∂x #2`."""
    seen, out = {}, []
    for blank in blanks:
        count = seen[blank.name] = seen.get(blank.name, 0) + 1
        if count > 1:
            blank = Blank(f"{blank.name} #{count}", blank.kind, blank.node, blank.child, blank.value)
        out.append(blank)
    return out
