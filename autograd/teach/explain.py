"""`explain(root)`: the backward pass in words, node by node and edge by edge, in English or Chinese.

Each edge line gives the local derivative in the graph's own names (∂n1/∂w = ∂(x·w)/∂w = x = 2),
the chain-rule product with the upstream gradient, and the parent's running total, or its final
gradient with the sum over its paths. The op's generic rule stays one line away, on the node.
"""

from __future__ import annotations

from itertools import groupby

from ..value import Value
from .chains import chain_block
from .names import NodeNames
from .notation import D, Eq, Num, check, write
from .phrases import phrases
from .report import Report, say
from .trace import Step, definition_tree, generic_rule, local_of, local_rule_tree, trace


class Explanation(Report):
    """The steps of one backward pass in words; prints as text, Markdown (Jupyter) or HTML."""

    def __init__(self, root: Value, lang: str, steps: list, title: list, blocks: list, notation: str = "unicode"):
        super().__init__(title, blocks, lang, notation)
        self.root, self.steps = root, steps

    def __repr__(self) -> str:
        return f"<Explanation of {len(self.steps)} backward steps, lang={self.lang!r}>"


def explain(
    root: Value,
    lang: str | None = None,
    grad: float = 1.0,
    *,
    notation: str = "unicode",
    chains: bool = False,
    params=None,
) -> Explanation:
    """Run a fresh traced backward of `root` (see `backward_steps`) and explain every step in words.

    `notation` is how `str()` writes formulas: "unicode" (∂, ·) or "ascii" (d, *); Markdown always
    gets LaTeX. `chains=True` adds, for each neuron (an activation over a dot), the textbook's chain
    ∂L/∂w1 = ∂L/∂a · ∂a/∂z · ∂z/∂w1. `params` says which leaves are parameters (default: by name).
    """
    words = phrases(lang, "explain")
    lang = words["lang"]  # None: the default language (autograd.set_language, or LANG)
    check(notation, "explain")
    names, steps = trace(root, grad, who="explain", params=params)
    seed = Eq((D(names.sym(root), names.sym(root)), Num(root.grad)))
    blocks = [([words["how"]], [(0, say(words["intro"], lang=words["lang"], root=names.sym(root), seed=seed))])]
    for child, group in groupby(steps, key=lambda step: step.child):
        blocks.append(_node_block(words, names, child, list(group)))
    if chains:
        blocks += chain_block(words, names)
    blocks.append(_result_block(words, names, steps))
    title = say(words["title"], lang=words["lang"], root=Eq((names.sym(root), Num(root.data))))
    return Explanation(root, lang, steps, title, blocks, notation)


def node_equation(names: NodeNames, node: Value):
    """`h1 = relu(n1) = relu(1.5) = 1.5`: the node, how it was made, with numbers, and its value."""
    parts = [names.sym(node), definition_tree(names, node), definition_tree(names, node, True), Num(node.data)]
    return Eq(tuple({write(part): part for part in parts}.values()))  # drops repeats (a definition without names)


def local_equation(names: NodeNames, step: Step):
    """`∂n1/∂w = ∂(x·w)/∂w = x = 2`: the local derivative, in the names, with numbers, and its value."""
    child, i = step.child, step.index
    parts = [local_of(names, child, i), local_of(names, child, i, True), local_rule_tree(names, child, i),
             local_rule_tree(names, child, i, numbers=True), Num(step.local)]  # fmt: skip
    return Eq(tuple({write(part): part for part in parts}.values()))


def edge_line(words: dict, names: NodeNames, step: Step) -> list:
    """One edge of backward in words: the local derivative, the chain-rule product, the running total."""
    parent = names.sym(step.parent)
    if step.upstream == 0.0:
        return say(words["zero_edge"], lang=words["lang"], parent=parent, formula=step.tree)
    key = "edge_more" if step.accumulates else "edge"
    before = Num(step.parent_grad_before)
    return say(
        words[key],
        lang=words["lang"],
        parent=parent,
        before=before,
        local=local_equation(names, step),
        formula=step.tree,
    )


def _node_block(words: dict, names: NodeNames, child: Value, steps: list) -> tuple:
    d_root = Eq((D(names.sym(names.root), names.sym(child)), Num(child.grad)))
    first = say(words["start" if child is names.root else "upstream"], lang=words["lang"], grad=d_root)
    lines = [(0, first), (0, say(words["rule"], lang=words["lang"], rule=generic_rule(child)))]
    lines += [(0, edge_line(words, names, step)) for step in steps]
    constants = [p for p in dict.fromkeys(child.parents) if not p.requires_grad]
    lines += [(0, say(words["constant_edge"], lang=words["lang"], constant=_shown(names, p))) for p in constants]
    return say(words["node"], lang=words["lang"], definition=node_equation(names, child)), lines


def _shown(names: NodeNames, node: Value):
    """A constant as a reader sees it: `y = 2.5`, or just `2.5`."""
    return Eq((names.sym(node), Num(node.data))) if node.label else Num(node.data)


def _result_block(words: dict, names: NodeNames, steps: list) -> tuple:
    paths = {}
    for step in steps:
        paths[step.parent] = step.paths
    lines = []
    for node in names.leaves():
        grad = Eq((D(names.sym(names.root), names.sym(node)), Num(node.grad)))
        count = paths.get(node, 0)
        lines.append(
            (0, say(words["result_paths" if count > 1 else "result_line"], lang=words["lang"], grad=grad, n=count))
        )
    return [words["result"]], lines
