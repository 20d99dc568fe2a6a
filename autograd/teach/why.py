"""`why(node)`: the reason a gradient is zero or tiny, followed back edge by edge to its cause.

Causes: a ReLU that is off, a factor of 0, a saturated tanh/sigmoid, contributions that cancel,
a constant (which gets no gradient at all), or no path from the node to the loss.
"""

from __future__ import annotations

from ..errors import labels, short
from ..ops import Op, lookup
from ..value import Value
from .names import SATURATED, NodeNames
from .notation import D, Eq, Num, Sym, total
from .phrases import phrases
from .report import Report, say
from .text import visible
from .trace import Step, definition_tree, generic_rule, last_root, trace

MAX_DEPTH = 6  # a chain of reasons longer than this is cut with a note: the first links tell the story
MAX_EDGES = 3  # edges explained per node; the rest are counted


class Why(Report):
    """The reason for one node's gradient; `.reason` is its code ("relu_inactive", "no_path", "too_deep", ...)."""

    def __init__(self, node: Value, grad: float, reasons: list, title: list, blocks: list, lang: str = "en"):
        super().__init__(title, blocks, lang)
        self.node, self.grad, self.reasons = node, grad, reasons
        self.reason = reasons[0]

    def __repr__(self) -> str:
        return f"<Why {self.reason}: {str(self).splitlines()[0]}>"


def why(node: Value, root: Value | None = None, lang: str | None = None, tol: float = 1e-6) -> Why:
    """Why d root / d node is 0 or below `tol`; `root` defaults to the root traced last.

    It runs a fresh traced backward of root (as `backward_steps` does), so the answer matches the graph now.
    """
    words = phrases(lang, "why")
    lang = words["lang"]  # None: the default language (autograd.set_language, or LANG)
    if not isinstance(node, Value):
        raise TypeError(f"why: expected a Value, got {short(node)}")
    root = root if root is not None else last_root()
    if root is None:
        raise ValueError("why: no root to trace; pass root= (e.g. the loss) or run backward_steps/explain first")
    names = NodeNames(root, who="why")
    if node not in names:
        label = visible(labels([node], "why")[0])
        shown = Sym(label) if label else Num(node.data)
        grad = Eq((D(names.sym(root), shown), Num(node.grad)))
        line = say(words["no_path"], lang=words["lang"], node=shown, root=names.sym(root), grad=Num(node.grad))
        return Why(
            node,
            node.grad,
            ["no_path"],
            say(words["why_title"], lang=words["lang"], grad=grad),
            [([], [(0, line)])],
            lang,
        )
    names, steps = trace(root, who="why")
    return _small_or_not(words, names, steps, node, float(tol), lang)


def _small_or_not(words: dict, names: NodeNames, steps: list, node: Value, tol: float, lang: str) -> Why:
    grad = Eq((D(names.sym(names.root), names.sym(node)), Num(node.grad)))
    title = say(words["why_title"], lang=words["lang"], grad=grad)

    def answer(reason: str, key: str, **parts) -> Why:
        return Why(node, node.grad, [reason], title, [([], [(0, say(words[key], lang=words["lang"], **parts))])], lang)

    if node is names.root:
        return answer("root", "no_root", node=grad, grad=Num(node.grad))
    if not node.requires_grad:
        return answer(
            "constant", "constant", node=Eq((names.sym(node), Num(node.data))) if node.label else Num(node.data)
        )
    if abs(node.grad) > tol:
        return answer("not_small", "not_small", grad=grad, tol=Num(tol))
    uses = {}
    for step in steps:
        uses.setdefault(step.parent, []).append(step)
    lines, reasons = [], []
    _explain_node(_Ctx(words, names, uses, tol, lines, reasons), node, 0)
    return Why(node, node.grad, reasons, title, [([], lines)], lang)


class _Ctx:
    """What the recursive explanation carries: words, names, the edges out of each node, the output."""

    def __init__(self, words, names, uses, tol, lines, reasons):
        self.words, self.names, self.uses, self.tol = words, names, uses, tol
        self.lines, self.reasons = lines, reasons

    def add(self, depth: int, key: str, reason: str | None = None, **parts) -> None:
        self.lines.append((depth, say(self.words[key], lang=self.words["lang"], **parts)))
        if reason:
            self.reasons.append(reason)


def _explain_node(ctx: _Ctx, node: Value, depth: int) -> None:
    edges, names = ctx.uses.get(node, []), ctx.names
    if depth == 0:
        grad = Eq((D(names.sym(names.root), names.sym(node)), Num(node.grad)))
        key = "small_one" if len(edges) == 1 else "small"
        ctx.add(depth, key, grad=grad, n=str(len(edges)), node=names.sym(node))
    if any(abs(step.contribution) > ctx.tol for step in edges):
        ctx.add(depth, "cancel", "cancel", terms=total([Num(s.contribution) for s in edges]), total=Num(node.grad))
        return
    for step in edges[:MAX_EDGES]:
        ctx.add(depth, "edge_to", child=names.sym(step.child), definition=definition_tree(names, step.child))
        _explain_edge(ctx, step, depth + 1)
    hidden = len(edges) - MAX_EDGES
    if hidden > 0:
        ctx.add(depth, "more_edge" if hidden == 1 else "more_edges", n=str(hidden))


def _explain_edge(ctx: _Ctx, step: Step, depth: int) -> None:
    op = lookup(step.child.op)[0]
    saturated = "saturates" in op.tags and abs(step.local) < SATURATED
    if step.local == 0.0 or (abs(step.upstream) > ctx.tol and (abs(step.local) <= ctx.tol or saturated)):
        _local_cause(ctx, step, op, depth)
    elif abs(step.upstream) <= ctx.tol:
        names = ctx.names
        ctx.add(depth, "zero_upstream", child=names.sym(step.child), grad=Num(step.upstream))
        if depth >= MAX_DEPTH:
            ctx.add(depth + 1, "deeper", "too_deep")
        else:
            _explain_node(ctx, step.child, depth + 1)
    else:
        up, local = Num(step.upstream), Num(step.local)
        ctx.add(depth, "tiny_product", "tiny_product", up=up, local=local, value=Num(step.contribution))


def _local_cause(ctx: _Ctx, step: Step, op: Op, depth: int) -> None:
    names, child, parent = ctx.names, step.child, step.parent
    local = D(names.sym(child), names.sym(parent))
    other = _factor(op, child, step.index)
    if "gate" in op.tags and step.local == 0.0:
        value = Num(parent.data)
        ctx.add(depth, "relu_inactive", "relu_inactive", child=names.sym(child), z=names.sym(parent), value=value,
                local=local)  # fmt: skip
    elif other is not None and abs(other.data) <= ctx.tol:
        ctx.add(depth, "zero_input", "zero_input", node=names.sym(parent), other=names.sym(other),
                value=Num(other.data), local=local)  # fmt: skip
    elif "saturates" in op.tags:
        parts = {"child": names.sym(child), "fn": op.name, "x": names.sym(parent), "value": Num(parent.data)}
        ctx.add(depth, "saturated", "saturated", local=local, lvalue=Num(step.local), **parts)
    else:
        ctx.add(depth, "zero_local", "zero_local", local=local, lvalue=Num(step.local), rule=generic_rule(child))


def _factor(op: Op, child: Value, i: int) -> Value | None:
    """The operand that multiplies parent i in a product (the other factor of *, the matching w/x of dot)."""
    if op.factor is None:
        return None
    j = op.factor(i, len(child.parents))
    return child.parents[j] if j is not None else None
