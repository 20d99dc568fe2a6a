"""`stepper_html(root)`: one self-contained HTML page that walks backward edge by edge, for a projector.

The page holds the graph as inline SVG, the steps as JSON (formulas already written as MathML, which
the browser draws offline), and the CSS and JS from `autograd/render/static/`; it needs no network.
The graph opens at a size where every label is legible (and no larger than a sane maximum for tiny
graphs), follows the current step, zooms with the wheel, + and -, pans by dragging, and grows with
the browser's own zoom; F presents it full screen. `str(stepper)` is the page. In Jupyter it shows
in an iframe, with the graph as SVG and the steps as Markdown in the same output for viewers that
strip iframes and scripts (GitHub, nbviewer, an untrusted notebook).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from importlib import resources
from pathlib import Path

from ..files import write_atomic
from ..teach import mathml
from ..teach.explain import edge_line, explain, node_equation
from ..teach.names import NodeNames, count, fmt
from ..teach.notation import D, Eq, Num
from ..teach.phrases import phrases
from ..teach.report import Math, say
from ..teach.step_quiz import quiz_data
from ..teach.text import visible
from ..teach.trace import Step, generic_rule, local_of, local_rule_tree, trace
from ..value import Value
from .backends import pipe_bytes
from .draw import draw

LANG_TAGS = {"en": "en", "zh": "zh-CN"}
# A quiz page carries every mistake's diagnosis for every step, which grows as steps x edges: the 2-2-1
# network (19 steps) makes 0.65 MB in about a second, a 2-3-1 tanh net (42 steps) 2.2 MB in 4 s; 120 steps
# would be 28 MB and a minute. Nobody does more than this by hand.
QUIZ_MAX_STEPS = 50


class Stepper:
    """The stepper page: `str(stepper)` and `.html` are its HTML, `.save(path)` writes it; Jupyter shows it inline."""

    def __init__(self, page: str, steps: list, lang: str, svg: str = "", markdown: str = ""):
        self.html, self.steps, self.lang = page, steps, lang
        self.svg, self.markdown = svg, markdown  # the static picture and text, for viewers without scripts

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<Stepper of {len(self.steps)} backward steps, lang={self.lang!r}, {len(self.html)} characters>"

    def save(self, path) -> Path:
        """Write the page to `path` (atomically); returns the path."""
        return write_atomic(path, self.html, "Stepper.save")

    def _repr_html_(self) -> str:
        # An iframe keeps the page's ids, styles and keys apart from the notebook's own. Where iframes and
        # scripts are stripped (GitHub, nbviewer's sanitiser, an untrusted notebook) the static copy after
        # it stays; where the script runs, it hides that copy.
        key = "chainrule-" + hashlib.sha1(self.html.encode("utf-8")).hexdigest()[:12]
        frame = (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" allowfullscreen '
            'style="width:100%;height:720px;border:1px solid #e3e8ef;border-radius:8px" '
            'title="backward, step by step"></iframe>'
        )
        static = f'<div class="chainrule-static">{self.svg}</div>'
        hide = f'<script>document.querySelector("#{key} .chainrule-static").style.display = "none";</script>'
        return f'<div id="{key}">{frame}{static}{hide}</div>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = {"text/html": self._repr_html_(), "text/plain": repr(self)}
        if self.svg:
            bundle["image/svg+xml"] = self.svg
        if self.markdown:
            bundle["text/markdown"] = self.markdown
        return bundle


def stepper_html(
    root: Value,
    lang: str | None = None,
    path=None,
    *,
    rankdir: str = "LR",
    max_nodes: int = 500,
    interval_ms: int = 1200,
    title: str | None = None,
    wrap: bool | int = True,
    params=None,
    quiz: bool = False,
) -> Stepper:
    """Trace backward of `root` and build the stepper page; with `path`, also save it there.

    `wrap` folds a wide graph into rows (see `draw`), so a projector shows it whole with legible labels.
    `quiz=True`: before Next reveals a step, the student types it (the blanks of
    `exercise(root, hide="steps")`); a wrong answer gets the exercise's diagnosis and hints, the page
    keeps the score. All of it runs in the page, offline; the answers are in the page (it is for practice).
    """
    words = phrases(lang, "stepper_html")
    lang = words["lang"]  # None: the default language (autograd.set_language, or LANG)
    if type(max_nodes) is not int or max_nodes < 1:
        raise ValueError(f"stepper_html: max_nodes must be an int >= 1, got {max_nodes!r}")
    if type(interval_ms) is not int or interval_ms < 50:
        raise ValueError(f"stepper_html: interval_ms must be an int >= 50 (milliseconds), got {interval_ms!r}")
    if isinstance(root, Value) and count(root, max_nodes) > max_nodes:  # before tracing resets any gradient
        raise ValueError(
            f"stepper_html: the graph has more than max_nodes={max_nodes} nodes; "
            "a stepper is for small graphs (pass a larger max_nodes to build it anyway)"
        )
    if type(quiz) is not bool:
        raise ValueError(f"stepper_html: quiz must be True or False, got {quiz!r}")
    names, steps = trace(root, who="stepper_html", params=params)
    svg = _svg(root, rankdir, wrap, params)
    data = _data(words, names, steps, interval_ms, lang)
    static_svg, markdown = svg, None
    if quiz:
        if len(steps) > QUIZ_MAX_STEPS:
            raise ValueError(
                f"stepper_html: quiz=True asks every step by hand, and this graph has {len(steps)} backward steps, "
                f"more than {QUIZ_MAX_STEPS}; quiz a smaller graph (one neuron, or one layer), or leave quiz off"
            )
        data["quiz"], ex = quiz_data(root, steps, lang)
        static_svg, markdown = ex.svg(), ex.to_markdown()  # the fallback asks too: no gradients shown
        static_svg = static_svg[static_svg.index("<svg") :]
    page = _page(words, names, lang, svg, data, title)
    stepper = Stepper(page, steps, lang, static_svg, markdown or _markdown(root, lang, params))
    if path is not None:
        stepper.save(path)
    return stepper


def _svg(root: Value, rankdir: str, wrap, params) -> str:
    """The graph as inline SVG (laid out with the final gradients, so every number fits its box)."""
    graph = draw(root, rankdir=rankdir, wrap=wrap, params=params, legend=False)  # the page has its own legend
    svg = pipe_bytes(graph, "svg", "stepper_html").decode("utf-8")
    return svg[svg.index("<svg") :]


def _markdown(root: Value, lang: str, params) -> str:
    """The same pass in words, for a notebook viewer that shows no page; keeps the stepper's gradients."""
    return explain(root, lang=lang, params=params).to_markdown()


def _data(words: dict, names: NodeNames, steps: list, interval_ms: int, lang: str) -> dict:
    root = names.root
    seed = Eq((D(names.sym(root), names.sym(root)), Num(root.grad)))
    nodes = [{"id": f"v{names.index[n]}", "op": f"o{names.index[n]}"} for n in names.order if n.requires_grad]
    ready = _html(say(words["ready"], lang=words["lang"], seed=seed), lang)
    ui = {"counter": words["counter"], "play": words["play"], "pause": words["pause"], "ready_html": ready}
    return {
        "root": f"v{names.index[root]}",
        "seed": _grad_texts(root.grad),
        "seed_formula": str(Math(seed)),
        "seed_html": mathml.html(seed, lang),
        "nodes": nodes,
        "steps": [_step_data(words, names, step, lang) for step in steps],
        "words": ui,
        "interval": interval_ms,
    }


def _grad_texts(grad: float) -> list:
    """The gradient as the table shows it, as the graph shows it (4 digits), and exactly (repr)."""
    return [fmt(grad), fmt(grad, 4), repr(grad)]


def _step_data(words: dict, names: NodeNames, step: Step, lang: str) -> dict:
    after, after_short, after_exact = _grad_texts(step.parent_grad_after)
    child = names.index[step.child]
    upstream = Eq((D(names.sym(names.root), names.sym(step.child)), Num(step.upstream)))
    named = step.rule_named
    return {
        "child": f"v{child}",
        "parent": f"v{names.index[step.parent]}",
        "edge": f"e{child}_{step.index}",
        "out": f"e{child}",
        "after": after,
        "after_short": after_short,
        "after_exact": after_exact,
        "formula": step.formula,
        "formula_html": mathml.html(step.tree, lang, breaks=True),
        "upstream_html": mathml.html(upstream, lang),
        "local_html": mathml.html(_local(names, step), lang),
        "rule": step.rule,
        "rule_named": named,
        "rule_named_html": _html([words["rule_named"] + ": ", Math(_named_rule_tree(names, step))], lang),
        "rule_generic_html": _html([words["rule_generic"] + ": ", Math(generic_rule(step.child))], lang),
        "node_html": _html(say(words["node"], lang=words["lang"], definition=node_equation(names, step.child)), lang),
        "words_html": _html(edge_line(words, names, step), lang),
    }


def _local(names: NodeNames, step: Step):
    """∂ŷ/∂w5 = h1 = 1.5: the local derivative in names and numbers (its rule in names is one click away)."""
    child, i = step.child, step.index
    parts = [local_of(names, child, i), local_rule_tree(names, child, i), local_rule_tree(names, child, i, True),
             Num(step.local)]  # fmt: skip
    return Eq(tuple({str(Math(part)): part for part in parts}.values()))


def _named_rule_tree(names: NodeNames, step: Step):
    return Eq((local_of(names, step.child, step.index, True), local_rule_tree(names, step.child, step.index)))


def _html(segments: list, lang: str) -> str:
    """Segments as HTML: words escaped, formulas as MathML."""
    return "".join(mathml.html(s.tree, lang) if isinstance(s, Math) else html.escape(s) for s in segments)


def _page(words: dict, names: NodeNames, lang: str, svg: str, data: dict, title: str | None) -> str:
    root = names.root
    heading = visible(title) if title else words["page_title"].format(root=f"{names.name(root)} = {fmt(root.data)}")
    static = resources.files("autograd.render") / "static"
    css, js = (static / "stepper.css").read_text("utf-8"), (static / "stepper.js").read_text("utf-8")
    quiz = data.get("quiz")
    if quiz:  # quiz.js runs first and gives stepper.js the gate that Next waits at
        js = (static / "quiz.js").read_text("utf-8") + js
    payload = _script_json(data)
    e = {key: html.escape(value) for key, value in words.items()}
    return f"""<!DOCTYPE html>
<html lang="{LANG_TAGS[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(heading)}</title>
<style>
{css}</style>
</head>
<body data-step="0">
<header><h1>{html.escape(heading)}</h1><div id="counter"></div>
<div id="view">\
<button id="zoom-out" type="button" title="{e["zoom_out"]} (-)" aria-label="{e["zoom_out"]}">&#8722;</button>\
<button id="zoom-fit" type="button" title="{e["zoom_fit"]} (0)">{e["zoom_fit"]}</button>\
<button id="zoom-in" type="button" title="{e["zoom_in"]} (+)" aria-label="{e["zoom_in"]}">+</button>\
<button id="present" type="button" title="{e["present"]} (F)">{e["present"]}</button></div></header>
<main>
<section id="picture">{_legend(words, names, svg)}
<div id="graph" tabindex="0" aria-label="computation graph">
{svg}</div></section>
<aside id="panel">
<div id="step">
<div id="controls"><button id="prev" type="button">{e["prev"]}</button>\
<button id="play" type="button">{e["play"]}</button>\
<button id="next" type="button">{e["next"]}</button></div>
{_quiz_box(quiz["words"]) if quiz else ""}<div id="step-node"></div>
<dl id="parts">
<dt>{e["upstream_label"]}</dt><dd id="upstream"></dd>
<dt id="local-label">{e["local_label"]}</dt><dd id="local"></dd>
<dt>{e["step_label"]}</dt><dd id="formula" data-text=""></dd>
</dl>
<p id="ready"></p>
<details id="rule"><summary id="rule-named"></summary><div id="rule-generic"></div><div id="words"></div></details>
<details class="keys"><summary>{e["keys_title"]}</summary>{e["keys"]}</details>
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


# The tags of the markup the page's own HTML strings use (MathML, and span/div around it); the labels in them
# are escaped already. Any other "<" in the data (a label's own) is written \u003c, so nothing can close the
# script or open a comment in it, and the MathML-heavy quiz data stays a third of its size.
_OWN_TAG = re.compile(r"<(?!/?(?:math|mrow|mi|mo|mn|msub|msup|msubsup|mfrac|msqrt|mroot|mtext|mspace|mover|munder|"
                      r"munderover|mstyle|mpadded|mphantom|menclose|span|div)[\s>/])")  # fmt: skip


def _script_json(data: dict) -> str:
    """The page's data as JSON that is safe inside <script>: see _OWN_TAG."""
    return _OWN_TAG.sub(r"\\u003c", json.dumps(data, ensure_ascii=False))


def _quiz_box(words: dict) -> str:
    """The quiz's part of the panel: the question, the answer field, its buttons, the verdict and the score."""
    e = {key: html.escape(value) for key, value in words.items()}
    return (
        f'<div id="quiz"><div id="quiz-score" aria-live="polite"></div><div id="quiz-ask">'
        f'<p class="your-turn">{e["your_turn"]}</p><label class="ask"><span id="quiz-name"></span> = '
        f'<input id="quiz-answer" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
        f'placeholder="{e["placeholder"]}"></label><div class="buttons">'
        f'<button id="quiz-check" type="button">{e["check_button"]}</button>'
        f'<button id="quiz-hint" type="button">{e["hint_button"]}</button>'
        f'<button id="quiz-show" type="button">{e["show_button"]}</button></div></div>'
        f'<p class="done">{e["quiz_done"]}</p><div id="quiz-feedback" aria-live="polite"></div></div>\n'
    )


def _legend(words: dict, names: NodeNames, svg: str) -> str:
    """The picture's legend in the page's language (the picture itself stays ASCII): the leaf roles it shows."""
    roles = [role for role in ("input", "parameter", "constant") if any(names.role(n) == role for n in names.order)]
    if "_again" in svg:
        roles.append("again")
    text = {"constant": words["constant_role"], "again": words["again_role"]}
    chips = "".join(f'<span class="chip {role}">{html.escape(text.get(role, words.get(role, role)))}</span>'
                    for role in roles)  # fmt: skip
    return f'<div id="legend" aria-label="{html.escape(words["legend"])}">{chips}</div>'


def _table(words: dict, names: NodeNames) -> str:
    """One row per node that gets a gradient: the inputs and parameters first (in reading order), then the
    other nodes in the order backward reaches them. Constants have no row: they get no gradient."""
    leaves = names.leaves()
    others = [n for n in reversed(names.order) if n.parents and n.requires_grad]
    rows = "".join(
        f'<tr data-node="v{names.index[n]}" class="{names.role(n)}"><td>{html.escape(names.name(n))}</td>'
        f'<td class="data">{fmt(n.data)}</td><td class="grad" data-grad="">?</td></tr>'
        for n in [*leaves, *others]
    )
    head = f"<tr><th>{words['node_col']}</th><th>{words['data_col']}</th><th>{words['grad_col']}</th></tr>"
    return f'<table id="grads"><caption>{html.escape(words["grad_table"])}</caption>{head}{rows}</table>'
