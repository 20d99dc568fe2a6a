"""`exercise(root)`: the student does the backward pass by hand; `check` marks every blank and says
which mistake a wrong answer fits (sign, a missing local derivative, a missing path, a wrong rule ...).

The right answers come from one traced backward of the engine (`trace`); the graph's own gradients
are left as they were, so an exercise never gives its answers away in `.grad`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import short
from ..functions import zero_grad
from ..graph import topological_order
from ..parser import ExpressionError, evaluate, name_root, parse_assignments
from ..value import Value
from . import exercise_view
from .answers import AnswerError, close, read
from .blanks import Blank, grad_blank, key, local_blank, product_blank, unique
from .diagnose import Pass, diagnose, grad_slips, local_slips, product_slips
from .exercise_phrases import MISTAKES, words
from .explain import node_equation
from .hints import Hints, text
from .names import NodeNames, fmt
from .notation import D, Eq, Num, joined
from .report import Math
from .trace import trace
from .worked import link_local

HIDES = ("grads", "locals", "upstream", "steps")


@dataclass(frozen=True)
class Verdict:
    """The mark of one blank: `correct`, the `mistake` it fits (None or one of MISTAKES), three `hints`
    (a nudge, the rule in the student's names, the worked step), a one-line `message`, and `at`: the
    node where the mistake happened, when it is further up the chain."""

    blank: str
    answer: object
    value: float | None
    correct: bool
    mistake: str | None
    hints: tuple  # three Lines: str, with their formulas kept for HTML and Markdown
    message: str
    at: str | None = None

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return f"Verdict({self.message!r}, mistake={self.mistake!r})"


class _Marker:
    """Makes a blank's Verdict and keeps it as the blank's latest (for the score)."""

    def __init__(self, blank: Blank, answer, hints: tuple, kept: dict):
        self.blank, self.answer, self.hints, self.kept = blank, answer, hints, kept

    def __call__(self, value, correct, message, mistake=None, hints=None, at=None) -> Verdict:
        verdict = Verdict(self.blank.name, self.answer, value, correct, mistake, hints or self.hints, message, at)
        self.kept[verdict.blank] = verdict
        return verdict


class Exercise:
    """Blanks to fill in on one graph; see `exercise`. `blanks` lists their names in the order asked."""

    def __init__(self, root: Value, hide: str = "grads", lang: str = "en", *, nodes=None, count=None,
                 seed=None, title: str = "", level: int | None = None):  # fmt: skip
        self.words = words(lang, "exercise")
        _check(root, hide)
        self.root, self.hide, self.lang, self.seed, self.title, self.level = root, hide, lang, seed, title, level
        self.names, self.run = traced(root)
        chosen = _pick(_blanks(self.names, self.run, hide, _wanted(nodes, self.names)), count, seed, hide)
        self._blanks = {blank.name: blank for blank in unique(chosen)}
        self.blanks = list(self._blanks)
        keys = [(k, blank.name) for blank in self._blanks.values() for k in blank.spellings()]
        counts = Counter(k for k, _ in dict.fromkeys(keys))
        self._keys = {k: name for k, name in keys if counts[k] == 1}  # a spelling two blanks share finds neither
        self._hints = Hints(self.names, self.run, self.words, lang)
        self._verdicts: dict = {}

    def __repr__(self) -> str:
        what = f", {self.title}" if self.title else ""
        return f"<Exercise: {len(self.blanks)} blanks ({self.hide}){what}>"

    def answers(self) -> dict[str, float]:
        """The right answers, {blank: float}: for teachers and answer keys."""
        return {name: blank.value for name, blank in self._blanks.items()}

    def blank(self, name) -> Blank:
        """The blank called `name` (`"∂L/∂w1"`, `"dL/dw1"`, `"dL/dy_hat"` for ∂L/∂ŷ, or for a gradient the node)."""
        if isinstance(name, Value):
            found = [b for b in self._blanks.values() if b.kind == "grad" and b.node is name]
            if found:
                return found[0]
        elif isinstance(name, str):
            found = self._blanks.get(name.strip()) or self._blanks.get(self._keys.get(key(name), ""))
            if found is not None:
                return found
        listed = ", ".join(self.blanks[:8]) + (", ..." if len(self.blanks) > 8 else "")
        raise ValueError(f"exercise: no blank named {short(name)}; the blanks are {listed}")

    def check(self, answers: Mapping) -> dict[str, Verdict]:
        """Mark the answers, {blank: answer} (numbers or text as typed); every blank gets a Verdict."""
        if not isinstance(answers, Mapping):
            raise TypeError(f"check: expected a dict {{blank: answer}}, e.g. {{'{self.blanks[0]}': -1.5}}, "
                            f"got {short(answers)}")  # fmt: skip
        given = {}
        for name, answer in answers.items():
            blank = self.blank(name).name
            if blank in given:
                raise ValueError(f"check: {blank} is answered twice (as {short(name)} too)")
            given[blank] = answer
        return {name: self.verdict(name, given.get(name)) for name in self.blanks}

    def verdict(self, name, answer) -> Verdict:
        """Mark one blank; None (or empty text) is no answer."""
        blank, w, lang = self.blank(name), self.words, self.lang
        mark = _Marker(blank, answer, self._hints.of(blank), self._verdicts)
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return mark(None, False, text(w["missing"], lang, blank=blank.tree))
        try:
            value, step = read(answer)
        except AnswerError as error:
            return mark(None, False, text(w["not_number"], lang, blank=blank.tree, problem=str(error)))
        shown = answer.strip() if isinstance(answer, str) else fmt(value)
        if close(value, step, blank.value):
            return mark(value, True, text(w["right"], lang, blank=blank.tree, answer=shown))
        slip = diagnose(self._slips(blank), value, step, blank.value)
        if slip is None:
            return mark(value, False, text(w["wrong"], lang, blank=blank.tree, answer=shown))
        message = text(w["wrong_kind"], lang, blank=blank.tree, answer=shown, mistake=w["mistake"][slip.kind])
        at = self.names.name(slip.edge[0]) if slip.edge is not None and slip.depth > 0 else None
        return mark(value, False, message, slip.kind, self._hints.of(blank, slip, shown), at)

    def _slips(self, blank: Blank) -> list:
        if blank.kind == "grad":
            return grad_slips(self.run, blank.node, blank.value)
        if blank.kind == "local":
            return local_slips(blank.child, blank.node, blank.value)
        return product_slips(self.run, blank.child, blank.node, blank.value)

    def score(self) -> tuple[int, int]:
        """(points, total): one point per blank whose latest answer was right."""
        return sum(1 for v in self._verdicts.values() if v.correct), len(self.blanks)

    def assert_correct(self, answers: Mapping) -> None:
        """For autograders (nbgrader, pytest): AssertionError with the diagnosis and first hint of each wrong blank."""
        wrong = [v for v in self.check(answers).values() if not v.correct]
        if wrong:
            points, total = self.score()
            lines = [f"{v.message} {v.hints[0]}" for v in wrong]
            raise AssertionError("\n".join([self.words["score"].format(points=points, total=total), *lines]))

    def hints(self, name) -> tuple[str, str, str]:
        """The three hints of a blank before any answer: a nudge, the rule in names, the worked step."""
        return self._hints.of(self.blank(name))

    def hint(self, name, level: int = 1) -> str:
        """One hint: level 1, 2 or 3."""
        if level not in (1, 2, 3):
            raise ValueError(f"hint: level must be 1, 2 or 3, got {level!r}")
        return self.hints(name)[level - 1]

    def solution(self, name) -> Math:
        """The worked step of a blank, with numbers, as an answer key shows it (text; `.tree` for other notations)."""
        return Math(self._hints.formula(self.blank(name)), self.lang)

    def question(self) -> dict:
        """The parts of the question: intro, the forward pass (formulas: the leaves, then each node in the order
        forward makes them), the seed, the blanks. Texts are str, with their formulas kept (`Line`, `Math`)."""
        w, names, lang = self.words, self.names, self.lang
        leaves = [n for n in names.leaves(constants=True) if n.label or n.requires_grad]
        given = [Math(joined([Eq((names.sym(n), Num(n.data))) for n in leaves]), lang)] if leaves else []
        given += [Math(node_equation(names, n), lang) for n in names.reading_order() if n.parents]
        root = names.sym(names.root)
        seed = text(w["seed"], lang, seed=Eq((D(root, root), Num(1.0))))
        intro = text(w[f"intro_{self.hide}"], lang, root=root)
        return {"title": self.title, "intro": intro, "given": given, "seed": seed, "blanks": list(self.blanks)}

    def __str__(self) -> str:
        return exercise_view.text(self)

    def to_markdown(self) -> str:
        """The question as Markdown (without the picture)."""
        return exercise_view.markdown(self)

    def svg(self) -> str:
        """The graph as SVG text: values shown, gradients hidden, every node by the name the blanks use."""
        return exercise_view.svg(self)

    def widget(self):
        """The widget (ipywidgets 7.7 or 8): the graph, per blank a field and a Hint button, Check, the score."""
        return exercise_view.widget(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return exercise_view.bundle(self)


def exercise(root_or_expr, hide: str = "grads", lang: str = "en", seed=None, at=None, *, nodes=None,
             count=None, title: str = "") -> Exercise:  # fmt: skip
    """An exercise on any graph: a Value (the root, e.g. the loss) or an expression with its values `at`
    ({"x": 2} or ["x=2"]). `hide` chooses the blanks: "grads" (final gradients), "locals" (local
    derivatives), "upstream" (each node's upstream gradient) or "steps" (every step in backward order).
    `nodes` limits the blanks to these nodes (Values or labels); `count` asks that many, picked by `seed`.
    """
    if isinstance(root_or_expr, str):
        root_or_expr = _build(root_or_expr, at)  # the root named as the command line names it: f
    elif at is not None:
        raise ValueError("exercise: at= gives the values of an expression; a Value already has its values")
    return Exercise(root_or_expr, hide, lang, nodes=nodes, count=count, seed=seed, title=title)


def _build(expression: str, at) -> Value:
    try:
        values = parse_assignments(list(at)) if isinstance(at, (list, tuple)) else dict(at or {})
        root, leaves = evaluate(expression, values)
    except ExpressionError as error:
        raise ValueError(f"exercise: in {expression!r}: {error}") from None
    name_root(root, leaves)
    return root


def _check(root, hide: str) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"exercise: expected a Value (the root, e.g. the loss) or an expression, got {short(root)}")
    if hide not in HIDES:
        raise ValueError(f"exercise: hide must be one of {', '.join(HIDES)}, got {hide!r}")
    if not root.parents or not root.requires_grad:
        raise ValueError(f"exercise: {root!r} was made by no op on variables, so there is no backward pass to do")


def traced(root: Value) -> tuple[NodeNames, Pass]:
    """The names of root's graph (the classroom's), one traced backward of it and the gradients it finds,
    read from its steps; the graph's .grad restored."""
    order = topological_order(root)
    saved = [(node, node.grad) for node in order]
    names, steps = trace(root, who="exercise")
    grads = dict.fromkeys(order, 0.0)
    grads[root] = 1.0
    for step in steps:
        grads[step.parent] = step.parent_grad_after
    zero_grad(root)  # said officially, so the user's own backward() next is a fresh one, not "twice"
    for node, grad in saved:
        node.grad = grad
    return names, Pass(order, grads)


def _blanks(names: NodeNames, run: Pass, hide: str, wanted: set | None) -> list[Blank]:
    """The blanks of `hide`, in backward order; `wanted` (nodes) keeps only the blanks about them."""
    root = run.order[-1]
    variables = [n for n in run.order if n.requires_grad and n is not root]
    if hide == "grads":
        last = {child.parents[i]: k for k, (child, i) in enumerate(run.edges)}  # where each gradient is final
        leaves = [n for n in variables if not n.parents]
        chosen = [n for n in leaves if n.label] or leaves
        chosen = [n for n in variables if n in wanted] if wanted is not None else chosen
        return [grad_blank(names, n, run.grads[n]) for n in sorted(chosen, key=last.__getitem__)]
    if hide == "upstream":
        blanks = [grad_blank(names, n, run.grads[n]) for n in reversed(variables) if n.parents]
    else:
        links = list(dict.fromkeys((child, child.parents[i]) for child, i in run.edges))
        if hide == "locals":
            blanks = [local_blank(names, c, p, link_local(c, p)) for c, p in links]
        else:
            blanks = _steps(names, run, links)
    return [b for b in blanks if b.node in wanted] if wanted is not None else blanks


def _steps(names: NodeNames, run: Pass, links: list) -> list[Blank]:
    """Every link in backward order: its product, and after the last link into a node used more than once,
    the node's gradient (the sum of its paths)."""
    uses = {}
    for _, parent in links:
        uses[parent] = uses.get(parent, 0) + 1
    seen, blanks = dict.fromkeys(uses, 0), []
    for child, parent in links:
        seen[parent] += 1
        if uses[parent] == 1:
            blanks.append(grad_blank(names, parent, run.grads[parent]))
            continue
        blanks.append(product_blank(names, child, parent, run.grads[child] * link_local(child, parent)))
        if seen[parent] == uses[parent]:
            blanks.append(grad_blank(names, parent, run.grads[parent]))
    return blanks


def _wanted(nodes, names: NodeNames) -> set | None:
    if nodes is None:
        return None
    wanted = set()
    for item in [nodes] if isinstance(nodes, (Value, str)) else nodes:
        found = [item] if isinstance(item, Value) and item in names else [n for n in names.order if n.label == item]
        if not found:
            raise ValueError(f"exercise: nodes: {short(item)} is not a node of this graph")
        wanted.update(found)
    return wanted


def _pick(blanks: list, count, seed, hide: str) -> list:
    if count is not None:
        if type(count) is not int or count < 1:
            raise ValueError(f"exercise: count must be a whole number >= 1, got {count!r}")
        keep = sorted(random.Random(seed).sample(range(len(blanks)), min(count, len(blanks))))
        blanks = [blanks[k] for k in keep]
    if not blanks and hide == "upstream":
        raise ValueError("exercise: nothing to ask: hide='upstream' asks for the nodes between the root and the "
                         "leaves, and this graph has none (try hide='grads' or 'locals')")  # fmt: skip
    if not blanks:
        raise ValueError("exercise: nothing to ask: every node is a constant, or nodes= leaves none of them out")
    return blanks


__all__ = ["HIDES", "MISTAKES", "Exercise", "Verdict", "exercise"]
