"""`stepper_widget(root)`: the stepper inside a notebook cell, with a slider for every input and parameter.

Moving a slider rebuilds the graph with that number and runs a fresh backward, so "what if w1 were 0.5?"
updates every value and gradient at once; Previous/Next walk backward edge by edge, with the same views
as the stepper page (the graph with the current edge marked, the upstream gradient, the local derivative,
the step, and the gradients so far). The widget works on a copy: the Values it was given keep their numbers.
`StepperWidget` is the model (usable without a browser); the ipywidgets view (7.7 and 8) is made when shown,
and every output also carries the picture as SVG and the pass in Markdown, for GitHub and nbviewer.
"""

from __future__ import annotations

import html
import re

from ..errors import short
from ..ops import lookup
from ..parser import evaluate, variables
from ..teach.explain import explain
from ..teach.names import NodeNames, fmt
from ..teach.phrases import phrases
from ..teach.trace import trace
from ..value import Value, apply
from .backends import pipe_bytes
from .draw import draw
from .stepper import _step_data

WORDS = {  # the few words the page has no need of
    "en": {"sliders": "Inputs and parameters: move one, everything is recomputed",
           "start": "Backward starts at {root} with {seed}. Press Next.", "reset": "Start"},
    "zh": {"sliders": "输入和参数：拖动任意一个，所有数值和梯度立即重新计算",
           "start": "反向传播从 {root} 开始，{seed}。点击“下一步”。", "reset": "回到开头"},
}  # fmt: skip


class StepperWidget:
    """Backward step by step on a graph whose leaves can be changed: `.set(name, value)`, `.next()`, `.prev()`.

    `.values` are the sliders' numbers, `.position` how many steps are shown (0: none yet), `.root` the
    current graph's root, `.steps` its backward steps, `.data()` and `.grads()` every named node's numbers.
    """

    def __init__(self, build, values: dict, lang: str, params_of, span: float):
        self._build, self._params_of, self.lang = build, params_of, lang
        self.words, self.extra = phrases(lang, "stepper_widget"), WORDS[lang]
        self.values, self.span, self.position, self.error = dict(values), span, 0, ""
        self._view = None
        self._run()

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={fmt(v)}" for k, v in self.values.items())
        return f"<StepperWidget: step {self.position} of {len(self.steps)}, {shown}>"

    def set(self, name: str, value: float) -> None:
        """Give the leaf `name` this number and rerun forward and backward (what its slider does)."""
        if name not in self.values:
            raise KeyError(f"stepper_widget: no slider {name!r}; the sliders are {', '.join(self.values)}")
        before = self.values[name]
        self.values[name] = float(value)
        try:
            self._run()
        except (ArithmeticError, ValueError) as error:  # log of a negative, say: keep the last good graph
            self.values[name], self.error = before, f"{name} = {fmt(float(value))}: {error}"
        self._refresh()

    def next(self) -> None:
        """Show one more backward step."""
        self.position = min(self.position + 1, len(self.steps))
        self._refresh()

    def prev(self) -> None:
        """Show one step fewer."""
        self.position = max(self.position - 1, 0)
        self._refresh()

    def reset(self) -> None:
        """Back to the start of backward."""
        self.position = 0
        self._refresh()

    @property
    def step(self):
        """The step shown last, or None before the first."""
        return self.steps[self.position - 1] if self.position else None

    def data(self) -> dict:
        """{name: value} of every node of the current graph."""
        return {self.names.name(n): n.data for n in self.names.order}

    def grads(self) -> dict:
        """{name: final gradient} of every node that gets one (a full backward: all steps, whatever is shown)."""
        return {self.names.name(n): n.grad for n in self.names.order if n.requires_grad}

    def so_far(self) -> dict:
        """{name: gradient} after the steps shown: the seed, then each parent's running total (unreached: absent)."""
        return {self.names.name(node): grad for node, grad in self._reached().items()}

    def _run(self) -> None:
        root = self._build(self.values)
        self.names, self.steps = trace(root, who="stepper_widget", params=self._params_of(root))
        self.root, self.error = root, ""
        self.position = min(self.position, len(self.steps))

    # The views, as HTML strings (the widget shows them; the tests read them) ------------------------

    def svg(self, final: bool = False) -> str:
        """The graph with the gradients so far ('grad ?' where backward has not arrived), the current edge marked;
        `final`: after the whole pass, nothing marked (the static copy)."""
        step = None if final else self.step
        graph = draw(self.root, highlight=step, params=self._params_of(self.root), legend=False)
        svg = pipe_bytes(graph, "svg", "stepper_widget").decode("utf-8")
        if final:
            return svg[svg.index("<svg") :]
        reached = {self.names.index[n]: g for n, g in self._reached().items()}
        known = {self.names.index[n] for n in self.names.order if n.requires_grad}
        return _GROUP.sub(lambda m: _grad_text(m, reached, known), svg[svg.index("<svg") :])

    def _reached(self) -> dict:
        """{node: gradient} after the steps shown: the seed, then each parent's running total."""
        reached = {self.root: self.root.grad}
        for step in self.steps[: self.position]:
            reached[step.parent] = step.parent_grad_after
        return reached

    def panel_html(self) -> str:
        """The current step as the stepper page shows it: the node, upstream gradient, local derivative, step."""
        w = self.words
        counter = html.escape(w["counter"].format(n=self.position, total=len(self.steps)))
        error = f'<p style="color:#b42318"><b>{html.escape(self.error)}</b></p>' if self.error else ""
        if self.step is None:
            seed = f"∂{self.names.name(self.root)}/∂{self.names.name(self.root)} = {fmt(self.root.grad)}"
            body = html.escape(self.extra["start"].format(root=self.names.name(self.root), seed=seed))
            return f"<div><b>{counter}</b>{error}<p>{body}</p></div>"
        d = _step_data(w, self.names, self.step, self.lang)
        rows = [(w["upstream_label"], d["upstream_html"]), (w["local_label"], d["local_html"]),
                (w["step_label"], d["formula_html"])]  # fmt: skip
        items = "".join(f"<tr><th {_CELL} align='left'>{html.escape(k)}</th><td {_CELL} align='left'>{v}</td></tr>"
                        for k, v in rows)  # fmt: skip
        return f"<div style='font-size:15px'><b>{counter}</b>{error}<p>{d['node_html']}</p><table>{items}</table></div>"

    def table_html(self) -> str:
        """Every input, parameter and node with its value and its gradient so far ('?' before backward reaches it)."""
        w, reached = self.words, self.so_far()
        leaves = self.names.leaves()
        others = [n for n in reversed(self.names.order) if n.parents and n.requires_grad]
        rows = []
        for node in [*leaves, *others]:
            name = self.names.name(node)
            grad = reached.get(name)
            shown = "?" if grad is None else fmt(grad)
            mark = " style='background:#fff3c4'" if self.step is not None and node is self.step.parent else ""
            cells = "".join(f"<td {_CELL}>{text}</td>" for text in (html.escape(name), fmt(node.data), shown))
            rows.append(f"<tr{mark}>{cells}</tr>")
        head = "".join(f"<th {_CELL}>{w[key]}</th>" for key in ("node_col", "data_col", "grad_col"))
        head = f"<tr>{head}</tr>"
        caption = f"<caption style='text-align:left'>{html.escape(w['grad_table'])}</caption>"
        return f"<table style='font-size:13px;line-height:1.15'>{caption}{head}{''.join(rows)}</table>"

    def markdown(self) -> str:
        """The whole pass in words (explain), for viewers that show no widget."""
        return explain(self.root, lang=self.lang, params=self._params_of(self.root)).to_markdown()

    # Jupyter ------------------------------------------------------------------------------------

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {"text/plain": repr(self), "image/svg+xml": self.svg(final=True), "text/markdown": self.markdown()}
        view = self.view()
        if view is not None:
            bundle["application/vnd.jupyter.widget-view+json"] = {"version_major": 2, "version_minor": 0,
                                                                  "model_id": view.model_id}  # fmt: skip
        return bundle

    def view(self):
        """The ipywidgets box (made on first use), or None where ipywidgets or a kernel is missing."""
        if self._view is None:
            from .widget_view import make_view

            self._view = make_view(self)
        return self._view or None

    def _refresh(self) -> None:
        if self._view:
            self._view.refresh()


_CELL = "style='padding:1px 8px'"
_GROUP = re.compile(r'(<g id="v(\d+)" class="node[^"]*">(?:(?!</g>).)*?)(>grad [^<]*)(</text>\s*</g>)', re.S)


def _grad_text(match, reached: dict, known: set) -> str:
    """A node's SVG group with its grad cell set to the gradient so far, or '?' before backward reaches it."""
    index = int(match[2])
    if index not in known:
        return match[0]
    text = fmt(reached[index], 4).replace("-", "&#45;") if index in reached else "?"
    return f"{match[1]}>grad {text}{match[4]}"


def stepper_widget(root, lang: str = "en", *, at: dict | None = None, sliders=None, span: float = 1.0,
                   params=None) -> StepperWidget:  # fmt: skip
    """A notebook widget that steps through backward of `root` (a Value, or an expression with `at` values).

    sliders: the names of the leaves that get a slider (default: every input and parameter; a constant
    may be named too). Each slider spans value ± max(span, 2·|value|). params: which leaves are parameters.
    """
    words = phrases(lang, "stepper_widget")  # noqa: F841  (checks lang first, with the usual message)
    if isinstance(span, bool) or not isinstance(span, (int, float)) or not span > 0:
        raise ValueError(f"stepper_widget: span must be a number > 0, got {short(span)}")
    if isinstance(root, str):
        build, start = _from_expression(root, at)
    elif isinstance(root, Value):
        if at is not None:
            raise TypeError("stepper_widget: at= gives the values of an expression string; a Value has its own")
        build, start = _from_graph(root, params)
    else:
        raise TypeError(
            f"stepper_widget: expected a Value (the root, e.g. the loss) or an expression, got {short(root)}"
        )
    names = NodeNames(start, _params(start, params))
    chosen = _slider_names(names, sliders)
    values = {name: next(n.data for n in names.order if names.name(n) == name) for name in chosen}
    return StepperWidget(build, values, lang, lambda r: _params(r, params), float(span))


def _params(root: Value, params):
    """The parameters of a rebuilt graph: the leaves named like the given ones (or None: by their labels)."""
    if params is None:
        return None
    wanted = {p.label for p in params}
    return [n for n in NodeNames(root).order if not n.parents and n.label in wanted]


def _slider_names(names: NodeNames, sliders) -> list:
    leaves = {names.name(n): n for n in names.leaves(constants=True)}
    if sliders is None:
        return [names.name(n) for n in names.leaves()]
    chosen = [sliders] if isinstance(sliders, str) else list(sliders)
    unknown = [s for s in chosen if s not in leaves]
    if unknown:
        raise ValueError(f"stepper_widget: no leaf named {unknown[0]!r}; the leaves are {', '.join(leaves)}")
    return chosen


def _from_expression(text: str, at):
    if at is None:
        raise TypeError(f"stepper_widget: give the values of {', '.join(variables(text))} with at={{...}}")
    fixed = dict(at)
    root, _ = evaluate(text, fixed)
    return (lambda values: evaluate(text, {**fixed, **values})[0]), root


def _from_graph(root: Value, params):
    """A function that rebuilds root's graph with some leaves (by name) set to new numbers."""
    names = NodeNames(root, params)
    order = names.order

    def build(values: dict) -> Value:
        made = {}
        for node in order:
            if not node.parents:
                name = names.name(node)
                data = values.get(name, node.data)
                made[node] = Value(data, node.label, requires_grad=node.requires_grad)
            else:
                op, op_params = lookup(node.op)
                made[node] = apply(op, *[made[p] for p in node.parents], params=op_params or None)
                made[node].label = node.label
        return made[order[-1]]

    return build, root
