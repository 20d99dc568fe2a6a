"""`explain(root)`: the backward pass in words, node by node and edge by edge, in English or Chinese."""

from __future__ import annotations

from itertools import groupby

from ..ops import lookup
from ..value import Value
from .names import NodeNames, fmt
from .phrases import phrases
from .report import Report, say
from .trace import Step, definition, local_rule, trace


class Explanation(Report):
    """The steps of one backward pass in words; prints as text, Markdown or HTML (Jupyter)."""

    def __init__(self, root: Value, lang: str, steps: list, title: list, blocks: list):
        super().__init__(title, blocks)
        self.root, self.lang, self.steps = root, lang, steps

    def __repr__(self) -> str:
        return f"<Explanation of {len(self.steps)} backward steps, lang={self.lang!r}>"


def explain(root: Value, lang: str = "en", grad: float = 1.0) -> Explanation:
    """Run a fresh traced backward of `root` (see `backward_steps`) and explain every step in words."""
    words = phrases(lang, "explain")
    names, steps = trace(root, grad, who="explain")
    blocks = [([words["how"]], [(0, [words["intro"]])])]
    for child, group in groupby(steps, key=lambda step: step.child):
        blocks.append(_node_block(words, names, child, list(group)))
    blocks.append(_result_block(words, names))
    title = say(words["title"], root=f"{names.name(root)} = {fmt(root.data)}")
    return Explanation(root, lang, steps, title, blocks)


def node_equation(names: NodeNames, node: Value) -> str:
    """`h1 = relu(n7) = relu(1.5) = 1.5`: the node, how it was made, with numbers, and its value."""
    parts = [names.name(node), definition(names, node), definition(names, node, numbers=True), fmt(node.data)]
    return " = ".join(dict.fromkeys(parts))  # drops repeats, e.g. when a definition has no names


def local_equation(names: NodeNames, step: Step) -> str:
    """`dh1/dn7 = 1 if n7 > 0 else 0 = 1 if 1.5 > 0 else 0 = 1`."""
    child = step.child
    rule, numbers = step.local_rule, local_rule(names, child, step.index, numbers=True)
    if " if " in rule:  # relu's conditional reads as one term
        rule, numbers = f"({rule})", f"({numbers})"
    parts = [f"{names.d(child)}/{names.d(step.parent)}", rule, numbers, fmt(step.local)]
    return " = ".join(dict.fromkeys(parts))


def edge_line(words: dict, names: NodeNames, step: Step) -> list:
    """One edge of backward in words, with its local derivative and the chain-rule product."""
    parent = names.name(step.parent)
    if step.upstream == 0.0:
        return say(words["zero_edge"], parent=parent, formula=step.formula)
    line = say(words["edge"], parent=parent, local=local_equation(names, step), formula=step.formula)
    if step.accumulates:
        line += say(words["accumulates"], before=fmt(step.parent_grad_before), parent=parent)
    return line


def _node_block(words: dict, names: NodeNames, child: Value, steps: list) -> tuple:
    d_root = f"{names.d(names.order[-1])}/{names.d(child)}"
    if child is names.order[-1]:
        first = say(words["start"], seed=f"{d_root} = {fmt(child.grad)}")
    else:
        first = say(words["upstream"], grad=f"{d_root} = {fmt(child.grad)}")
    lines = [(0, first), (0, say(words["rule"], rule=lookup(child.op)[0].rule))]
    lines += [(0, edge_line(words, names, step)) for step in steps]
    return say(words["node"], definition=node_equation(names, child)), lines


def _result_block(words: dict, names: NodeNames) -> tuple:
    leaves = [node for node in names.order if not node.parents]
    shown = [node for node in leaves if node.label] or leaves
    d_root = names.d(names.order[-1])
    lines = [(0, say("{grad}", grad=f"{d_root}/{names.d(node)} = {fmt(node.grad)}")) for node in shown]
    return [words["result"]], lines
