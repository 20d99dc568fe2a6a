"""`stepper_html(root)`: one self-contained HTML page that walks backward edge by edge.

The page holds the graph as inline SVG, the steps as JSON, and the CSS and JS from
`autograd/render/static/`; it needs no network and runs in any modern browser or a Jupyter cell.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

from ..files import write_atomic
from ..teach.explain import edge_line, node_equation
from ..teach.names import NodeNames, fmt
from ..teach.phrases import phrases
from ..teach.report import _html, say
from ..teach.trace import Step, trace
from ..value import Value
from .backends import pipe_bytes
from .draw import draw

LANG_TAGS = {"en": "en", "zh": "zh-CN"}


class Stepper:
    """The stepper page: `.html`, `.save(path)`, and inline display in Jupyter."""

    def __init__(self, page: str, steps: list, lang: str):
        self.html, self.steps, self.lang = page, steps, lang

    def __repr__(self) -> str:
        return f"<Stepper of {len(self.steps)} backward steps, lang={self.lang!r}, {len(self.html)} characters>"

    def save(self, path) -> Path:
        """Write the page to `path` (atomically); returns the path."""
        return write_atomic(path, self.html, "Stepper.save")

    def _repr_html_(self) -> str:
        # An iframe keeps the page's ids, styles and keys apart from the notebook's own.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            'style="width:100%;height:640px;border:1px solid #e3e8ef;border-radius:8px"></iframe>'
        )


def stepper_html(
    root: Value,
    lang: str = "en",
    path=None,
    *,
    rankdir: str = "LR",
    max_nodes: int = 500,
    interval_ms: int = 1200,
    title: str | None = None,
) -> Stepper:
    """Trace backward of `root` and build the stepper page; with `path`, also save it there."""
    words = phrases(lang, "stepper_html")
    if type(max_nodes) is not int or max_nodes < 1:
        raise ValueError(f"stepper_html: max_nodes must be an int >= 1, got {max_nodes!r}")
    if type(interval_ms) is not int or interval_ms < 50:
        raise ValueError(f"stepper_html: interval_ms must be an int >= 50 (milliseconds), got {interval_ms!r}")
    names, steps = trace(root, who="stepper_html")
    if len(names.order) > max_nodes:
        raise ValueError(
            f"stepper_html: the graph has {len(names.order)} nodes, more than max_nodes={max_nodes}; "
            "a stepper is for small graphs (pass a larger max_nodes to build it anyway)"
        )
    svg = _svg(root, rankdir)
    data = _data(words, names, steps, interval_ms)
    stepper = Stepper(_page(words, names, lang, svg, data, title, _layout(svg)), steps, lang)
    if path is not None:
        stepper.save(path)
    return stepper


def _svg(root: Value, rankdir: str) -> str:
    """The graph as inline SVG (laid out with the final gradients, so every number fits its box)."""
    svg = pipe_bytes(draw(root, rankdir=rankdir), "svg", "stepper_html").decode("utf-8")
    return svg[svg.index("<svg") :]


def _layout(svg: str) -> str:
    """'wide' puts the step panel under a wide graph (an LR network), 'side' beside a tall one."""
    match = re.search(r'viewBox="[\d.\-]+ [\d.\-]+ ([\d.]+) ([\d.]+)"', svg)
    width, height = (float(match.group(1)), float(match.group(2))) if match else (1.0, 1.0)
    return "wide" if width > 1.6 * height else "side"


def _data(words: dict, names: NodeNames, steps: list, interval_ms: int) -> dict:
    root = names.order[-1]
    seed = f"{names.d(root)}/{names.d(root)} = {fmt(root.grad)}"
    nodes = [{"id": f"v{names.index[n]}", "op": f"o{names.index[n]}"} for n in names.order]
    ready = _html(say(words["ready"], seed=seed))
    ui = {"counter": words["counter"], "play": words["play"], "pause": words["pause"], "ready_html": ready}
    return {
        "root": f"v{len(names.order) - 1}",
        "seed": _grad_texts(root.grad),
        "seed_formula": seed,
        "nodes": nodes,
        "steps": [_step_data(words, names, step) for step in steps],
        "words": ui,
        "interval": interval_ms,
    }


def _grad_texts(grad: float) -> list:
    """The gradient as the table shows it, as the graph shows it (4 digits), and exactly (repr)."""
    return [fmt(grad), fmt(grad, 4), repr(grad)]


def _step_data(words: dict, names: NodeNames, step: Step) -> dict:
    after, after_short, after_exact = _grad_texts(step.parent_grad_after)
    child = names.index[step.child]
    return {
        "child": f"v{child}",
        "parent": f"v{names.index[step.parent]}",
        "edge": f"e{child}_{step.index}",
        "out": f"e{child}",
        "after": after,
        "after_short": after_short,
        "after_exact": after_exact,
        "formula": step.formula,
        "rule": step.rule,
        "node_html": _html(say(words["node"], definition=node_equation(names, step.child))),
        "words_html": _html(edge_line(words, names, step)),
    }


def _page(words: dict, names: NodeNames, lang: str, svg: str, data: dict, title: str | None, layout: str) -> str:
    root = names.order[-1]
    heading = title or words["page_title"].format(root=f"{names.name(root)} = {fmt(root.data)}")
    static = resources.files("autograd.render") / "static"
    css, js = (static / "stepper.css").read_text("utf-8"), (static / "stepper.js").read_text("utf-8")
    payload = (
        json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return f"""<!DOCTYPE html>
<html lang="{LANG_TAGS[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(heading)}</title>
<style>
{css}</style>
</head>
<body data-step="0" class="{layout}">
<header><h1>{html.escape(heading)}</h1><div id="counter"></div></header>
<main>
<div id="graph">
{svg}</div>
<aside id="panel">
<div id="step">
<div id="controls"><button id="prev" type="button">{html.escape(words["prev"])}</button>\
<button id="play" type="button">{html.escape(words["play"])}</button>\
<button id="next" type="button">{html.escape(words["next"])}</button></div>
<div id="step-node"></div>
<div id="formula"></div>
<div id="words"></div>
<div id="rule"></div>
<p class="keys">{html.escape(words["keys"])}</p>
</div>
<div id="table">{_table(words, names)}</div>
</aside>
</main>
<script type="application/json" id="chainrule-data">{payload}</script>
<script>
{js}</script>
</body>
</html>
"""


def _table(words: dict, names: NodeNames) -> str:
    """One row per node: name, data, and the gradient known so far (filled in by the script)."""
    rows = "".join(
        f'<tr data-node="v{names.index[n]}"><td>{html.escape(names.name(n))}</td>'
        f'<td class="data">{fmt(n.data)}</td><td class="grad" data-grad="">?</td></tr>'
        for n in reversed(names.order)
    )
    head = f"<tr><th>{words['node_col']}</th><th>{words['data_col']}</th><th>{words['grad_col']}</th></tr>"
    return f'<table id="grads"><caption>{html.escape(words["grad_table"])}</caption>{head}{rows}</table>'
