"""How the teaching tools name nodes and write numbers, so text, pictures and the stepper agree.

A node is called by its label. An unlabelled constant shows its number; any other unlabelled node
gets an auto-name n1, n2, ... in reading order (the order `topological_order` lists them), skipping
names the graph already uses. A leaf's role is constant (requires_grad=False), parameter (given, or
named like one: w1, b_h1, W, bias) or input; inputs come first, then parameters, each in reading order.
"""

from __future__ import annotations

import re
from collections import Counter, deque

from ..errors import labels
from ..graph import topological_order, topological_order_plain
from ..value import Value
from .notation import Expr, Num, Sym, fmt
from .text import visible

__all__ = ["COUNTED", "SATURATED", "NodeNames", "count", "fmt", "nearest", "num", "summary"]

# A leaf named like this is a parameter unless told otherwise: w, w1, w_1, b, b_h1, W, theta, weight, bias.
PARAMETER_NAME = re.compile(r"(?:[wWbB]|theta|θ|weights?|bias(?:es)?)(?:\d|_|$)")
ROLES = ("input", "parameter", "constant")


class NodeNames:
    """Topological indices, display names and leaf roles for every node behind `root`.

    `params` (Values) are the parameters; by default a leaf whose label reads like a parameter is one.
    A label that is not a str is a TypeError naming `who`; every name is `visible` (one line, as it reads).
    `within` (a set of nodes with root, each reached from root through the set, as `nearest` keeps them):
    only those, as if their parents outside it were not there; nothing else behind root is read.
    """

    def __init__(self, root: Value, params=None, who: str = "NodeNames", within=None):
        if within is None:
            self._within, self.order = None, topological_order(root)
        else:  # the definition's walk, reading each node's parents within the set
            self._within = {node: _parents_in(node, within) for node in within}
            self.order = topological_order_plain(root, parents=self._within.__getitem__)
        self.index = {node: i for i, node in enumerate(self.order)}
        self.params = None if params is None else set(params)
        self._labels = dict(zip(self.order, map(visible, labels(self.order, who))))
        self._names = _display_names(self.order, self._labels, self.parents)

    def __contains__(self, node) -> bool:
        return node in self.index

    def parents(self, node: Value) -> tuple:
        """The node's parents among the named nodes: all of them, or those `within` (its other parents are hidden)."""
        return node.parents if self._within is None else self._within[node]

    @property
    def root(self) -> Value:
        return self.order[-1]

    def name(self, node: Value) -> str:
        """The label (qualified if several nodes share it), a constant's number, or `n1`, `n2`, ..."""
        name = self._names.get(node)
        return name if name is not None else fmt(node.data)

    def label(self, node: Value) -> str:
        """The node's own label as every output writes it ('' for none), even where it is shared."""
        return self._labels[node]

    def sym(self, node: Value) -> Expr:
        """The node as a formula term: its name, or the number of an unlabelled constant."""
        name = self._names.get(node)
        return Sym(name) if name is not None else Num(node.data)

    def term(self, node: Value) -> str:
        """The name as an operand: negative constants in parentheses, so `x * (-2)` reads right."""
        name = self.name(node)
        return f"({name})" if name.startswith("-") or " " in name else name

    def role(self, node: Value) -> str:
        """'constant', 'parameter' or 'input' for a leaf; 'node' for a node an op made."""
        if not node.requires_grad:
            return "constant"
        if node.parents:
            return "node"
        if self.params is not None:
            return "parameter" if node in self.params else "input"
        return "parameter" if PARAMETER_NAME.match(self._labels[node]) else "input"

    def leaves(self, constants: bool = False) -> list:
        """The leaves that get a gradient, inputs first then parameters, each in reading order (with
        `constants`, the constants after them)."""
        roles = ROLES if constants else ROLES[:2]
        found = [node for node in self.reading_order() if not node.parents and self.role(node) in roles]
        return sorted(found, key=lambda node: roles.index(self.role(node)))

    def reading_order(self) -> list:
        """Every node, leaves where the forward pass first uses them: x1, x2, w1, w2, b_h1, then w3 ..."""
        seen = {}
        for node in self.order:
            if node.parents:
                for parent in self.parents(node):
                    if not parent.parents:
                        seen.setdefault(parent, None)
                seen.setdefault(node, None)
        for node in self.order:  # a leaf root, which nothing uses
            seen.setdefault(node, None)
        return list(seen)


def _display_names(order: list, texts: dict, parents) -> dict:
    """Node -> its display name; unlabelled constants are left out (they show their number)."""
    shared = Counter(label for label in texts.values() if label)
    names, used, counter = {}, set(shared), 0
    for node in order:
        if texts[node]:
            names[node] = texts[node] if shared[texts[node]] == 1 else None
        elif node.requires_grad:
            counter += 1
            while f"n{counter}" in used:
                counter += 1
            names[node] = f"n{counter}"
    _qualify([node for node, name in names.items() if name is None], order, names, texts, parents)
    return names


def _qualify(shared: list, order: list, names: dict, texts: dict, parents) -> None:
    """Names for nodes that share a label: `w1` of the neuron whose sum is `z_h2` becomes `w1_h2` (of the one
    output neuron, `y_hat`, `w1_o1`, as the chapter calls its bias b_o1); others `w1#1`, `w1#2`, ..."""
    users = {}
    for node in order:
        for parent in parents(node):
            users.setdefault(parent, []).append(node)
    seen = Counter()
    for node in shared:
        consumers = list(dict.fromkeys(users.get(node, [])))
        user = consumers[0] if len(consumers) == 1 else None
        label = texts[user] if user is not None else ""
        tag = "o1" if label == "y_hat" else label[2:] if label.startswith("z_") else ""
        seen[texts[node]] += 1
        names[node] = f"{texts[node]}_{tag}" if tag else f"{texts[node]}#{seen[texts[node]]}"


def _parents_in(node: Value, within: set) -> tuple:
    parents = node.parents
    return parents if all(map(within.__contains__, parents)) else tuple(filter(within.__contains__, parents))


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


def count(root: Value, limit: int) -> int:
    """How many nodes are behind root, counting no further than `limit + 1`: a size limit is checked
    in at most that many steps, before a tool walks (or traces) a graph too large for it."""
    seen, stack = {root}, [root]
    while stack:
        for parent in stack.pop().parents:
            if parent not in seen:
                if len(seen) > limit:
                    return len(seen)
                seen.add(parent)
                stack.append(parent)
    return len(seen)


# A summary counts the nodes it hides exactly up to this many (a few hundredths of a second), then says
# "more than": the whole of a graph of millions is never walked to draw a few hundred of it.
COUNTED = 200_000


def summary(root: Value, max_nodes: int) -> tuple:
    """What a picture of at most `max_nodes` nodes shows of root's graph: (None, 0, False) when all of it fits,
    else (the nodes it keeps, `nearest`; how many it hides; True when more than that many are hidden)."""
    limit = max_nodes + COUNTED
    total = count(root, limit)
    if total <= max_nodes:
        return None, 0, False
    kept = nearest(root, max_nodes)
    return (kept, limit - len(kept), True) if total > limit else (kept, total - len(kept), False)
