"""Three hints for a blank, from a nudge to the worked step; after a wrong answer, aimed at its mistake.

Level 1 says what the blank is (or what the mistake looks like), level 2 the rule in the student's
names, level 3 the step with numbers. A slip found further up the chain is named where it happened.
Each hint is a `Line`: its Unicode text, with its words and formulas kept for Markdown and HTML.
"""

from __future__ import annotations

import string

from ..ops import lookup
from .blanks import Blank
from .diagnose import Pass, Slip
from .names import NodeNames
from .notation import D, Eq, Expr, Num, joined, product, total
from .report import Math, markdown, to_html
from .trace import definition_tree
from .worked import (
    grad_chain,
    grad_formula,
    link_numbers,
    link_rule,
    local,
    local_formula,
    negative_factors,
    rules,
)

_NOTES = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "pow_const": "pow", "pow": "pow"}


class Line(str):
    """A sentence of words and formulas: its Unicode text, `.segments` for the other notations."""

    def __new__(cls, segments: list, lang: str = "en"):
        line = super().__new__(cls, "".join(segments))
        line.segments, line.lang = segments, lang
        return line

    def markdown(self) -> str:
        """The line in Markdown, its formulas as $LaTeX$."""
        return markdown(self.segments, self.lang)

    def html(self) -> str:
        """The line in HTML, its formulas as MathML."""
        return to_html(self.segments, self.lang)


def text(template: str, lang: str = "en", **parts) -> Line:
    """`template` with its {fields} filled in: formula trees become formulas, a Line keeps its own parts."""
    segments = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            segments.append(literal)
        if field is None:
            continue
        part = parts[field]
        if isinstance(part, Line):
            segments += part.segments
        elif isinstance(part, (Expr, Math)):
            segments.append(part if isinstance(part, Math) else Math(part, lang))
        else:
            segments.append(str(part))
    return Line(segments, lang)


class Hints:
    """Writes the hints of one exercise's blanks."""

    def __init__(self, names: NodeNames, run: Pass, words: dict, lang: str = "en"):
        self.names, self.run, self.words, self.lang = names, run, words, lang
        self.root = names.sym(names.root)

    def say(self, template: str, **parts) -> Line:
        return text(template, self.lang, **parts)

    def of(self, blank: Blank, slip: Slip | None = None, answer: str = "") -> tuple[Line, Line, Line]:
        nudge, rule, worked = self.nudge(blank), self.rule(blank), self.worked(blank)
        if slip is None:
            return nudge, rule, worked
        nudge = self.slip_nudge(blank, slip, answer) or nudge
        if slip.edge is not None and not self.own(blank, slip):
            child, i = slip.edge
            parent, w, n = child.parents[i], self.words, self.names
            parts = {"child": n.sym(child), "definition": definition_tree(n, child)}
            at = self.say(w["slip_at"], rule=local_formula(n, self.run, child, parent), **parts)
            rule = self.say("{at} {rule}", at=at, rule=self.rule(blank))
            step = local_formula(n, self.run, child, parent, numbers=True)
            worked = self.say(w["slip_worked"], child=parts["child"], formula=step, rest=self.formula(blank))
        return nudge, rule, worked

    def own(self, blank: Blank, slip: Slip) -> bool:
        """Is the slip on one of the blank's own edges (its last step)?"""
        child, i = slip.edge
        if blank.kind == "grad":
            return child.parents[i] is blank.node
        return child is blank.child and child.parents[i] is blank.node

    def nudge(self, blank: Blank) -> Line:
        w, n = self.words, self.names
        if blank.kind == "grad":
            return self.say(w["nudge_grad"], blank=blank.tree, root=self.root, node=n.sym(blank.node))
        child, parent = n.sym(blank.child), n.sym(blank.node)
        if blank.kind == "local":
            return self.say(w["nudge_local"], blank=blank.tree, child=child, parent=parent)
        upstream, local_tree = D(self.root, child), local(n, self.run, blank.child, blank.node)
        return self.say(w["nudge_product"], blank=blank.tree, upstream=upstream, local=local_tree)

    def rule(self, blank: Blank) -> Line:
        w, n = self.words, self.names
        if blank.kind == "grad":
            named, _ = grad_chain(n, self.run, blank.node)
            return self.say(w["rule_grad"], chain=Eq((blank.tree, named)), rules=rules(n, self.run, blank.node))
        child, parent = blank.child, blank.node
        parts = {"child": n.sym(child), "definition": definition_tree(n, child), "text": link_rule(n, child, parent)}
        if blank.kind == "local":
            return self.say(w["rule_local"], blank=blank.tree, **parts)
        return self.say(w["rule_product"], blank=blank.tree, local=local(n, self.run, child, parent), **parts)

    def worked(self, blank: Blank) -> Line:
        return self.say(self.words["worked"], formula=self.formula(blank))

    def formula(self, blank: Blank) -> Expr:
        """The blank's step with numbers: `∂L/∂w1 = ∂L/∂n3 · ∂n3/∂w1 = (-0.804) · 2 = -1.608`."""
        n, run = self.names, self.run
        if blank.kind == "grad":
            return grad_formula(n, run, blank.node, blank.value)
        if blank.kind == "local":
            return local_formula(n, run, blank.child, blank.node, numbers=True, name=blank.tree)
        if blank.child is n.root:  # the root's own edge: ∂L/∂L = 1 times the local derivative
            return local_formula(n, run, blank.child, blank.node, numbers=True, name=blank.tree)
        numbers = product(Num(run.grads[blank.child]), link_numbers(blank.child, blank.node))
        return Eq((blank.tree, numbers, Num(blank.value)))

    def slip_nudge(self, blank: Blank, slip: Slip, answer: str) -> Line:
        w, n, kind = self.words, self.names, slip.kind
        if kind in ("rounding", "sign"):
            where = blank.child or blank.node
            factors = negative_factors(self.run, n, where, blank.value) if blank.kind != "local" else []
            extra = self.say(w["negatives"], factors=joined(factors)) if factors else ""
            return self.say(w[kind], negatives=extra)
        child, parent = self._where(blank, slip)
        names = {"child": n.sym(child), "definition": definition_tree(n, child), "blank": blank.tree, "answer": answer}
        local_tree, upstream = local(n, self.run, child, parent), D(self.root, n.sym(child))
        if kind == "missing_local" and slip.depth > 0:
            return self.say(w["missing_local_at"], local=local_tree, **names)
        if kind in ("missing_local", "local_only"):
            if slip.edge is None and blank.kind == "grad" and len(self.run.links(parent)) > 1:
                links = list(self.run.links(parent))
                local_tree = total([local(n, self.run, c, parent) for c in links])
                upstream = total([D(self.root, n.sym(c)) for c in links])
            return self.say(w[kind], local=local_tree, upstream=upstream, **names)
        if kind == "missing_path":
            if blank.kind == "grad" or slip.depth:
                count = len(self.run.into.get(parent, []))  # every use of the node
            else:
                count = sum(1 for p in child.parents if p is parent)  # x * x: the node uses x twice
            template = w["missing_path_at"] if slip.depth > 0 else w["missing_path"]
            return self.say(template, node=n.sym(parent), count=str(count), **names)
        if kind == "wrong_rule":
            note = w["rule_notes"][_NOTES[lookup(child.op)[0].name]]
            return self.say(w[kind], note=note, child=names["child"], definition=names["definition"])
        return self.say(w[kind], child=names["child"], definition=names["definition"])

    def _where(self, blank: Blank, slip: Slip) -> tuple:
        """The (child, parent) of the step the slip is about."""
        if slip.edge is not None:
            child, i = slip.edge
            return child, child.parents[i]
        if blank.kind == "grad":
            return next(iter(self.run.links(blank.node))), blank.node
        return blank.child, blank.node
