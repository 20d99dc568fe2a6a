"""How the teaching tools name nodes and write numbers, so text, pictures and the stepper agree.

A node is called by its label; an unlabelled leaf is a constant and shows its number; any other
node gets `n` + its index in `topological_order(root)`, which is stable for the same graph.
"""

from __future__ import annotations

import math
from collections import deque

from ..graph import topological_order
from ..value import Value


def fmt(x: float, digits: int = 6) -> str:
    """`x` with up to `digits` significant digits: 1.0 -> '1', -1.3399999999999999 -> '-1.34'."""
    if math.isnan(x) or math.isinf(x):
        return str(x)
    text = f"{x:.{digits}g}"
    return "0" if text == "-0" else text


class NodeNames:
    """Topological indices and display names for every node behind `root`."""

    def __init__(self, root: Value):
        self.order = topological_order(root)
        self.index = {node: i for i, node in enumerate(self.order)}

    def __contains__(self, node) -> bool:
        return node in self.index

    def name(self, node: Value) -> str:
        """The label, a constant's number, or `n<index>`."""
        if node.label:
            return node.label
        if not node.parents:
            return fmt(node.data)
        return f"n{self.index[node]}"

    def term(self, node: Value) -> str:
        """The name as an operand: negative constants in parentheses, so `x * (-2)` reads right."""
        name = self.name(node)
        return f"({name})" if name.startswith("-") or " " in name else name

    def d(self, node: Value) -> str:
        """The `d<name>` of a derivative: `dw1`, or `d(2.5)` for a constant."""
        name = self.name(node)
        return f"d{name}" if name[:1].isalpha() or name[:1] == "_" else f"d({name})"


def num(x: float) -> str:
    """A number as an operand in a formula: negatives in parentheses."""
    text = fmt(x)
    return f"({text})" if text.startswith("-") else text


# A tanh or sigmoid whose local derivative is below this is "saturated": the gradient through it
# shrinks a hundredfold or more. `why` and the flow overlay of `draw` use the same line.
SATURATED = 0.01


def nearest(root: Value, max_nodes: int) -> set:
    """The `max_nodes` nodes closest to root (breadth first along parents): what a summary keeps."""
    kept, queue = {root}, deque([root])
    while queue and len(kept) < max_nodes:
        for parent in queue.popleft().parents:
            if parent not in kept:
                kept.add(parent)
                queue.append(parent)
                if len(kept) >= max_nodes:
                    break
    return kept
