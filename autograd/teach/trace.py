"""`backward_steps`: one record per edge of a backward pass, observed through the engine's hook.

The trace never applies the chain rule itself: `Value.backward` does, and calls our hook after
each edge, so what the trace shows is exactly what the engine did. Edges into constants (the 2.5
of `y_hat - 2.5`, a leaf with requires_grad=False) are not steps: a constant gets no gradient.

Each step is written as the chapter writes it. With one path into the parent:
`∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01 (final: its only path)`. Where several paths
meet, the contribution of this one and the running total: `∂f/∂f · ∂(n1 + x)/∂x = 1 · 1 = 1;
∂f/∂x so far: 0 + 1 = 1`, and at the last path `final ∂f/∂x = 1 + 3 + 3 = 7, over 3 paths`.
The local derivative is written with the node's name (∂n1/∂x); where the node is the root
itself, with its expression (∂(n1 + x)/∂x), so it never reads like the final gradient.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field

from ..errors import as_float, short
from ..functions import zero_grad
from ..language import get_language, resolve
from ..ops import lookup
from ..value import Value
from .names import NodeNames
from .notation import D, Eq, Expr, Num, Raw, Seq, Sym, Words, check, product, template, total, write

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
    rule: str  # the op's generic rule, e.g. "d/dx tanh(x) = 1 - tanh(x)^2"
    local_rule: str  # this edge's local derivative in the graph's names, e.g. "1 - o²"
    formula: str  # the step with numbers, in Unicode, its words ("final") in the default language
    accumulates: bool  # True when an earlier edge already reached this parent
    path: int = 1  # which of the parent's paths this edge is, from 1, in backward order
    paths: int = 1  # how many edges bring gradient to the parent in this pass
    final: bool = True  # this edge completes the parent's gradient
    rule_named: str = ""  # this edge's rule in the graph's names: "∂(x·w)/∂w = x"
    tree: Expr = field(default=None, repr=False, compare=False)  # the formula, for other notations

    def __repr__(self) -> str:
        return f"Step({self.number}: {self.formula})"

    def written(self, notation: str = "unicode", lang: str | None = None) -> str:
        """The formula in `notation` ("unicode", "ascii", "latex", "mathml") with `lang`'s words (None: the
        default language)."""
        return write(self.tree, check(notation, "Step.written"), resolve(lang, "Step.written"))


def backward_steps(root: Value, grad: float = 1.0) -> list[Step]:
    """Zero the gradients of root's graph, run `root.backward(grad)` and return its steps in order.

    Zeroing first makes the trace one clean pass (leaf gradients do not carry over from earlier
    calls); the gradients the steps end with are the engine's own `.grad` values.
    """
    return trace(root, grad)[1]


def trace(root: Value, grad: float = 1.0, who: str = "backward_steps", params=None) -> tuple[NodeNames, list[Step]]:
    """The node names of root's graph and the steps of one fresh backward pass."""
    global _last_root
    if not isinstance(root, Value):
        raise TypeError(f"{who}: expected a Value (the root, e.g. the loss), got {short(root)}")
    grad = as_float(grad, who)
    names = NodeNames(root, params, who)  # checks the labels before any gradient is reset
    zero_grad(root)
    seen = []  # (child, i, upstream, before, after) per edge that is a step

    def hook(child: Value, i: int, before: float) -> None:
        parent = child.parents[i]
        if child.requires_grad and parent.requires_grad:  # constants get no gradient, so no step
            seen.append((child, i, child.grad, before, parent.grad))

    root.backward(grad, hook=hook)
    _last_root = weakref.ref(root)
    return names, _steps(names, seen)


def last_root() -> Value | None:
    """The root of the latest trace, if it is still alive."""
    return _last_root() if _last_root is not None else None


def _steps(names: NodeNames, seen: list) -> list[Step]:
    """The records, once the pass is over: each step knows how many paths its parent has."""
    paths, done, contributions = {}, {}, {}
    for child, i, *_ in seen:
        parent = child.parents[i]
        paths[parent] = paths.get(parent, 0) + 1
    steps = []
    for number, (child, i, upstream, before, after) in enumerate(seen):
        parent = child.parents[i]
        local = child.local_grads[i]
        contribution = upstream * local if upstream != 0.0 else 0.0
        done[parent] = path = done.get(parent, 0) + 1
        contributions.setdefault(parent, []).append(contribution)
        edge = Edge(names, child, i, upstream, before, after, contributions[parent], paths[parent])
        steps.append(edge.step(number, contribution, path))
    return steps


class Edge:
    """What one step is written from: the nodes, the numbers, and where the edge stands among the parent's paths."""

    def __init__(self, names, child, i, upstream, before, after, contributions, paths):
        self.names, self.child, self.i, self.parent = names, child, i, child.parents[i]
        self.upstream, self.before, self.after = upstream, before, after
        self.contributions, self.paths = list(contributions), paths

    def step(self, number: int, contribution: float, path: int) -> Step:
        names, child, parent, i = self.names, self.child, self.parent, self.i
        local_tree = local_rule_tree(names, child, i)
        tree = self.formula(path, contribution)
        return Step(
            number=number, child=child, parent=parent, index=i, child_index=names.index[child],
            parent_index=names.index[parent], child_name=names.name(child), parent_name=names.name(parent),
            upstream=self.upstream, local=child.local_grads[i], contribution=contribution,
            parent_grad_before=self.before, parent_grad_after=self.after, rule=lookup(child.op)[0].rule,
            local_rule=write(local_tree), formula=write(tree, "unicode", get_language()), accumulates=path > 1,
            path=path, paths=self.paths,
            final=path == self.paths, rule_named=write(Eq((local_of(names, child, i, True), local_tree))), tree=tree,
        )  # fmt: skip

    def formula(self, path: int, contribution: float) -> Expr:
        names, child, i = self.names, self.child, self.i
        whole = D(names.sym(names.root), names.sym(self.parent))  # d root / d parent: what accumulates
        chain = product(D(names.sym(names.root), names.sym(child)), local_of(names, child, i))
        local = child.local_grads[i]
        numbers = [product(Num(self.upstream), Num(local))] if math.isfinite(local) or self.upstream else []
        if self.paths == 1:
            return Seq((Eq((whole, chain, *numbers, Num(self.after))), Words("only")))
        part = Eq((chain, *numbers, Num(contribution)))
        if path < self.paths:
            running = Eq((total([Num(self.before), Num(contribution)]), Num(self.after)))
            return Seq((part, Words("sep"), Words("so_far", (("total", whole),)), running))
        sums = Eq((whole, total([Num(c) for c in self.contributions]), Num(self.after)))
        return Seq((part, Words("sep"), Words("final"), sums, Words("paths", (("n", str(self.paths)),))))


def local_of(names: NodeNames, child: Value, i: int, expression: bool = False) -> Expr:
    """∂child/∂parent written so it reads as local: with the child's name, or with its expression where
    the child is the root (∂f/∂x there would read like the final gradient), or when `expression` is asked."""
    parent = names.sym(child.parents[i])
    if expression or child is names.root or not isinstance(names.sym(child), Sym):
        return D(definition_tree(names, child), parent)
    return D(names.sym(child), parent)


def local_rule_tree(names: NodeNames, child: Value, i: int, numbers: bool = False) -> Expr:
    """d child / d parent_i as a formula over the names ("1 - o²"), or over their values ("1 - 0.7071²")."""
    op, params = lookup(child.op)
    return template(lambda text: op.local_text(i, text), operand_trees(names, child, numbers, out=True), params)


def definition_tree(names: NodeNames, node: Value, numbers: bool = False, inline: bool = False) -> Expr:
    """How node was made from its parents: w5·h1 + w6·h2 + b_o, tanh(n1), n1². With `inline`, a parent that
    has no label of its own is written out too: L = (ŷ - y)², as the chapter writes it."""
    op, params = lookup(node.op)
    slots = operand_trees(names, node, numbers)
    if inline:
        keys = list(op.args) if op.args else [f"arg {k}" for k in range(len(node.parents))]
        for key, parent in zip(keys, node.parents):
            if parent.parents and not parent.label:
                slots[key] = definition_tree(names, parent, numbers, inline)
    return template(op.reads, slots, params)


def operand_trees(names: NodeNames, node: Value, numbers: bool = False, out: bool = False) -> dict:
    """The trees an op's template names stand for: its arguments, "out" (the node), its parameters."""
    op, _ = lookup(node.op)
    word = (lambda n: Num(n.data)) if numbers else names.sym
    args = [word(parent) for parent in node.parents]
    slots = dict(zip(op.args, args)) if op.args else {f"arg {k}": arg for k, arg in enumerate(args)}
    if out:
        slots["out"] = word(node)
    return slots  # the op's parameters (the k of x^k) are numbers of the template: see `template`


def generic_rule(node: Value) -> Expr:
    """The op's rule with neutral letters, "∂(a·b)/∂a = b, ∂(a·b)/∂b = a" (or its rule text as written)."""
    op, _ = lookup(node.op)
    if not op.args or op.rule != op.written(dict(zip(op.args, op.args))):
        return Raw(op.rule)
    letters = ("x",) if op.arity == 1 else ("a", "b", "c", "d")[: op.arity]
    slots = {arg: Sym(letter) for arg, letter in zip(op.args, letters)}
    slots.update({p: Sym(p) for p in op.params})  # the rule keeps its parameters as letters: k·x^(k - 1)
    form = template(op.reads, slots)
    rules = []
    for i, arg in enumerate(op.args):
        local = template(lambda text, i=i: op.local_text(i, text), {**slots, "out": form})
        rules += [", ", Eq((D(form, slots[arg]), local))]
    return Seq(tuple(rules[1:]))


# The old text helpers, kept for callers that want strings ------------------------------------


def definition(names: NodeNames, node: Value, numbers: bool = False) -> str:
    """How node was made from its parents, as Unicode text: "w5·h1 + w6·h2 + b_o", "tanh(n1)", "n1²"."""
    return write(definition_tree(names, node, numbers))


def local_rule(names: NodeNames, child: Value, i: int, numbers: bool = False) -> str:
    """d child / d parent_i as Unicode text over the names ("1 - o²") or over their values."""
    return write(local_rule_tree(names, child, i, numbers))
