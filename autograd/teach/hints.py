"""Three hints for a blank, from a nudge to the worked step; after a wrong answer, aimed at its mistake.

Level 1 says what the blank is (or what the mistake looks like), level 2 the rule in the student's
names, level 3 the step with numbers. A slip found further up the chain is named where it happened.
"""

from __future__ import annotations

from ..ops import lookup
from .blanks import Blank, partial
from .diagnose import Pass, Slip
from .names import NodeNames, fmt, num
from .report import say
from .trace import definition
from .worked import grad_chain, grad_formula, link_local, link_rule, local_formula, negative_factors, rules
from .worked import local as local_of

_NOTES = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "pow_const": "pow", "pow": "pow"}


def text(template: str, **parts) -> str:
    return "".join(say(template, **parts))


class Hints:
    """Writes the hints of one exercise's blanks."""

    def __init__(self, names: NodeNames, run: Pass, words: dict):
        self.names, self.run, self.words = names, run, words
        self.root = names.name(run.order[-1])

    def of(self, blank: Blank, slip: Slip | None = None, answer: str = "") -> tuple[str, str, str]:
        nudge, rule, worked = self.nudge(blank), self.rule(blank), self.worked(blank)
        if slip is None:
            return nudge, rule, worked
        nudge = self.slip_nudge(blank, slip, answer) or nudge
        if slip.edge is not None and not self.own(blank, slip):
            child, i = slip.edge
            parent, w = child.parents[i], self.words
            parts = {"child": self.names.name(child), "definition": definition(self.names, child)}
            rule = (
                text(w["slip_at"], rule=local_formula(self.names, child, parent, run=self.run), **parts)
                + " "
                + self.rule(blank)
            )
            step = local_formula(self.names, child, parent, numbers=True, run=self.run)
            worked = text(w["slip_worked"], child=parts["child"], formula=step, rest=self.formula(blank))
        return nudge, rule, worked

    def own(self, blank: Blank, slip: Slip) -> bool:
        """Is the slip on one of the blank's own edges (its last step)?"""
        child, i = slip.edge
        if blank.kind == "grad":
            return child.parents[i] is blank.node
        return child is blank.child and child.parents[i] is blank.node

    def nudge(self, blank: Blank) -> str:
        w, n = self.words, self.names
        if blank.kind == "grad":
            return text(w["nudge_grad"], blank=blank.name, root=self.root, node=n.name(blank.node))
        child, parent = n.name(blank.child), n.name(blank.node)
        if blank.kind == "local":
            return text(w["nudge_local"], blank=blank.name, child=child, parent=parent)
        upstream, local = partial(self.root, child), local_of(n, self.run, blank.child, blank.node)
        return text(w["nudge_product"], blank=blank.name, upstream=upstream, local=local)

    def rule(self, blank: Blank) -> str:
        w, n = self.words, self.names
        if blank.kind == "grad":
            named, _ = grad_chain(n, self.run, blank.node)
            return text(w["rule_grad"], chain=f"{blank.name} = {named}", rules=rules(n, self.run, blank.node))
        child, parent = blank.child, blank.node
        parts = {"child": n.name(child), "definition": definition(n, child), "text": link_rule(n, child, parent)}
        if blank.kind == "local":
            return text(w["rule_local"], blank=blank.name, **parts)
        return text(w["rule_product"], blank=blank.name, local=local_of(n, self.run, child, parent), **parts)

    def worked(self, blank: Blank) -> str:
        return text(self.words["worked"], formula=self.formula(blank))

    def formula(self, blank: Blank) -> str:
        """The blank's step with numbers: `∂L/∂w1 = ∂L/∂n3 · ∂n3/∂w1 = (-0.804) · 2 = -1.608`."""
        n, run = self.names, self.run
        if blank.kind == "grad":
            return grad_formula(n, run, blank.node, blank.value)
        if blank.kind == "local":
            return local_formula(n, blank.child, blank.node, numbers=True, run=run)
        local = link_local(blank.child, blank.node)
        return f"{blank.name} = {fmt(run.grads[blank.child])} · {num(local)} = {fmt(blank.value)}"

    def slip_nudge(self, blank: Blank, slip: Slip, answer: str) -> str:
        w, n, kind = self.words, self.names, slip.kind
        if kind in ("rounding", "sign"):
            where = blank.child or blank.node
            factors = negative_factors(self.run, n, where, blank.value) if blank.kind != "local" else []
            extra = text(w["negatives"], factors=", ".join(factors)) if factors else ""
            return text(w[kind], negatives=extra) if kind == "sign" else w[kind]
        child, parent = self._where(blank, slip)
        names = {"child": n.name(child), "definition": definition(n, child), "blank": blank.name, "answer": answer}
        local, upstream = local_of(n, self.run, child, parent), partial(self.root, names["child"])
        if kind == "missing_local" and slip.depth > 0:
            return text(w["missing_local_at"], local=local, **names)
        if kind in ("missing_local", "local_only"):
            if slip.edge is None and blank.kind == "grad" and len(self.run.links(parent)) > 1:
                children = [n.name(c) for c in self.run.links(parent)]
                local = " + ".join(local_of(n, self.run, c, parent) for c in self.run.links(parent))
                upstream = " + ".join(partial(self.root, c) for c in children)
            return text(w[kind], local=local, upstream=upstream, **names)
        if kind == "missing_path":
            if blank.kind == "grad" or slip.depth:
                count = len(self.run.into.get(parent, []))  # every use of the node
            else:
                count = sum(1 for p in child.parents if p is parent)  # x * x: the node uses x twice
            count = str(count)
            template = w["missing_path_at"] if slip.depth > 0 else w["missing_path"]
            return text(template, node=n.name(parent), count=count, **names)
        if kind == "wrong_rule":
            note = w["rule_notes"][_NOTES[lookup(child.op)[0].name]]
            return text(w[kind], note=note, **{k: names[k] for k in ("child", "definition")})
        return text(w[kind], **{k: names[k] for k in ("child", "definition")})

    def _where(self, blank: Blank, slip: Slip) -> tuple:
        """The (child, parent) of the step the slip is about."""
        if slip.edge is not None:
            child, i = slip.edge
            return child, child.parents[i]
        if blank.kind == "grad":
            return next(iter(self.run.links(blank.node))), blank.node
        return blank.child, blank.node
