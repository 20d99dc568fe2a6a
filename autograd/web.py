"""The playground: chainrule in a browser tab, run by Pyodide in a Web Worker.

`handle(request)` is the worker's whole interface: one JSON request in, one JSON reply out, computed
by the engine itself (`python -m autograd.web --out DIR` builds the static page around it). A request
names a mode and an action (`{"mode": "trace", "action": "run", ...}`); a new view is one more entry
in MODES. This module uses public names only, plus `autograd.parser` for the expressions and
`visible`, which writes every name on one line as every other format does.
"""

from __future__ import annotations

import json
import math
from itertools import groupby

from autograd import __version__, draw, exercise, explain, topological_order
from autograd.language import using
from autograd.messages import parser_text
from autograd.parser import ExpressionError, evaluate, name_root, parse_assignments, variables
from autograd.teach.text import visible

PROTOCOL = 1  # bumped when a request or reply changes shape
MAX_NODES = 500  # as stepper_html: a graph to step through by hand, not a whole network
LANGS = ("en", "zh")


class RequestError(ValueError):
    """A request the page should not have sent (unknown mode, missing field): a bug, not bad input."""


def handle(request: str) -> str:
    """Answer one JSON request: `{"id", "ok": true, "result"}` or `{"id", "ok": false, "error", "column"}`."""
    message, problem = _parse(request)
    reply = {"id": message.get("id"), "protocol": PROTOCOL}
    try:
        if problem:
            raise RequestError(problem)
        mode = MODES.get(message.get("mode"))
        if mode is None:
            raise RequestError(f"unknown mode {message.get('mode')!r}; the modes are {', '.join(sorted(MODES))}")
        action = mode.get(message.get("action"))
        if action is None:
            raise RequestError(f"unknown action {message.get('action')!r} for mode {message['mode']!r}")
        reply.update(ok=True, result=action(message))
    except ExpressionError as error:
        reply.update(ok=False, error=str(error), column=error.column)
    except (ValueError, ArithmeticError, TypeError) as error:  # a math error the parser did not place
        reply.update(ok=False, error=str(error), column=0)
    return json.dumps(reply, ensure_ascii=False)


def _parse(request: str) -> tuple[dict, str]:
    """The request as a dict, and what is wrong with it ('' when nothing is)."""
    try:
        message = json.loads(request)
    except ValueError as error:
        return {}, f"the request is not JSON: {error}"
    if not isinstance(message, dict):
        return {}, f"the request must be a JSON object, got {type(message).__name__}"
    return message, ""


def hello(message: dict) -> dict:
    """What the worker runs: the versions the page shows in its status line."""
    import sys

    return {"chainrule": __version__, "python": sys.version.split()[0], "modes": sorted(MODES)}


def trace_variables(message: dict) -> dict:
    """The variables of an expression, in order of first use, so the page can offer a field for each."""
    expression = _text(message, "expression")
    try:
        return {"variables": variables(expression)}
    except ExpressionError as error:
        raise _in_expression(expression, error) from None


def trace_run(message: dict) -> dict:
    """Build the expression at the given values, run one backward pass, and return every step."""
    expression, lang = _text(message, "expression"), message.get("lang", "en")
    if lang not in LANGS:
        raise RequestError(f"unknown language {lang!r}; the languages are {', '.join(LANGS)}")
    with using(lang):  # the expression's errors in the page's language too
        root, leaves = _build(expression, message.get("values", {}))
    explanation = explain(root, lang=lang)  # one fresh backward pass, observed edge by edge
    return session(root, leaves, explanation, expression)


def session(root, leaves: dict, explanation, expression: str = "") -> dict:
    """The page's data for one backward pass: nodes (topological order), steps (backward order), words."""
    order = topological_order(root)
    index = {node: i for i, node in enumerate(order)}
    names = {
        i: visible(node.label) or (f"n{i}" if node.parents else _number(node.data)) for i, node in enumerate(order)
    }
    for step in explanation.steps:
        names[step.child_index], names[step.parent_index] = step.child_name, step.parent_name
    head, *node_blocks, result = explanation.blocks
    words = _edge_words(explanation.steps, node_blocks)
    return {
        "expression": expression,
        "values": {name: repr(leaf.data) for name, leaf in leaves.items()},
        "output": {"name": names[index[root]], "data": repr(root.data)},
        "gradients": {name: repr(leaf.grad) for name, leaf in leaves.items()},
        "dot": draw(root).source,
        "nodes": [_node(node, i, names[i]) for i, node in enumerate(order)],
        "root": f"v{index[root]}",
        "seed": repr(1.0),
        "steps": [dict(_step(step), **words[i]) for i, step in enumerate(explanation.steps)],
        "title": _segments(explanation.title),
        "intro": [_segments(line) for _, line in head[1]],
        "result": {"heading": _segments(result[0]), "lines": [_segments(line) for _, line in result[1]]},
        "lang": explanation.lang,
    }


def _build(expression: str, values: dict) -> tuple:
    """The expression's graph at the values the page's fields hold (text, as typed); errors as the CLI's."""
    if not isinstance(values, dict):
        raise RequestError("values must be an object {name: number}")
    numbers = parse_assignments([f"{name}={text}" for name, text in values.items()])
    try:
        root, leaves = evaluate(expression, numbers)
    except ExpressionError as error:
        raise _in_expression(expression, error) from None
    count = len(topological_order(root))
    if count > MAX_NODES:
        raise ValueError(f"the graph has {count} nodes; the playground steps through graphs of up to {MAX_NODES}")
    return name_root(root, leaves), leaves


def _in_expression(expression: str, error: ExpressionError) -> ExpressionError:
    """The CLI's wording: `in the expression 'x +', column 4: syntax error: invalid syntax`."""
    shown = repr(expression if len(expression) <= 40 else expression[:37] + "...")
    where = parser_text("at_column", column=error.column) if error.column else ""
    placed = ExpressionError(parser_text("in_the_expression", shown=shown, where=where, reason=error.reason))
    placed.column = error.column  # the page points at it under the box
    return placed


def _text(message: dict, key: str) -> str:
    value = message.get(key)
    if not isinstance(value, str):
        raise RequestError(f"{key} must be text, got {type(value).__name__}")
    return value


def _node(node, i: int, name: str) -> dict:
    return {"id": f"v{i}", "op_id": f"o{i}" if node.parents else None, "name": name, "op": node.op,
            "data": repr(node.data), "grad": repr(node.grad), "short": _short(node.grad)}  # fmt: skip


def _step(step) -> dict:
    child = step.child_index
    return {
        "child": f"v{child}",
        "parent": f"v{step.parent_index}",
        "edge": f"e{child}_{step.index}",
        "out": f"e{child}",
        "upstream": repr(step.upstream),
        "local": repr(step.local),
        "contribution": repr(step.contribution),
        "before": repr(step.parent_grad_before),
        "after": repr(step.parent_grad_after),
        "after_short": _short(step.parent_grad_after),
        "accumulates": step.accumulates,
        "formula": step.formula,
        "rule": step.rule,
    }


def _edge_words(steps: list, node_blocks: list) -> list:
    """For each step: its node's heading, the node's first two lines (upstream, rule) and the edge's line.

    `explain` writes one block per node, in backward order: the upstream gradient, the rule, then one
    line per edge; the steps come in the same order, so they pair up one to one.
    """
    words = []
    groups = (list(group) for _, group in groupby(steps, key=lambda step: step.child))
    for (heading, lines), group in zip(node_blocks, groups):
        node = {"node": _segments(heading), "upstream_line": _segments(lines[0][1])}
        node["rule_line"] = _segments(lines[1][1])
        words += [dict(node, words=_segments(line)) for (_, line), _ in zip(lines[2:], group)]
    if len(words) != len(steps):
        raise AssertionError(f"explain wrote {len(words)} edge lines for {len(steps)} steps")
    return words


def _segments(segments) -> list:
    """A line of `explain` as [[text, is_formula], ...], so the page can set formulas in code without HTML."""
    if isinstance(segments, str):
        return [[segments, False]]
    return [[str(part), type(part) is not str] for part in segments]


def _short(x: float) -> str:
    """The gradient as the graph's boxes show it: 4 significant digits."""
    text = f"{x:.4g}" if math.isfinite(x) else str(x)
    return "0" if text == "-0" else text


def _number(x: float) -> str:
    text = f"{x:.6g}" if math.isfinite(x) else str(x)
    return "0" if text == "-0" else text


HIDES = ("grads", "locals", "upstream", "steps")  # as autograd.exercise


def exercise_new(message: dict) -> dict:
    """The expression at its values as an exercise: the graph without gradients, the question, the blanks
    (each with its three hints before any answer) and the page's words, all from `autograd.exercise`."""
    ex = _exercise(message)
    question, w = ex.question(), ex.words
    return {
        "expression": message["expression"],
        "hide": ex.hide,
        "lang": ex.lang,
        "dot": draw(ex.root, show_grad=False).source,
        "intro": _segments(question["intro"].segments),
        "given": [_segments([line]) for line in question["given"]],
        "seed": _segments(question["seed"].segments),
        "figures": w["figures"],
        "blanks": [{"name": name, "hints": [_segments(h.segments) for h in ex.hints(name)]} for name in ex.blanks],
        "words": {key: w[key] for key in ("check_button", "hint_button", "placeholder", "score")},
        "score": _score(ex),
    }


def exercise_check(message: dict) -> dict:
    """Mark the typed answers ({blank: text}; empty fields get no verdict): each verdict's message, mistake
    and hints, and the score. The exercise is made again from the request, so a restarted worker loses nothing."""
    ex, answers = _exercise(message), message.get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        raise RequestError("answers must be an object {blank: text}")
    verdicts = {}
    for name, typed in answers.items():
        if typed.strip():
            v = ex.verdict(name, typed)
            verdicts[v.blank] = {"correct": v.correct, "mistake": v.mistake, "message": _segments(v.message.segments),
                                 "hints": [_segments(h.segments) for h in v.hints]}  # fmt: skip
    return {"verdicts": verdicts, "score": _score(ex)}


def _exercise(message: dict):
    expression, lang, hide = _text(message, "expression"), message.get("lang", "en"), message.get("hide", "grads")
    if lang not in LANGS:
        raise RequestError(f"unknown language {lang!r}; the languages are {', '.join(LANGS)}")
    if hide not in HIDES:
        raise RequestError(f"unknown hide {hide!r}; choose one of {', '.join(HIDES)}")
    root, _ = _build(expression, message.get("values", {}))
    return exercise(root, hide=hide, lang=lang)


def _score(ex) -> dict:
    points, total = ex.score()
    return {"points": points, "total": total, "text": ex.words["score"].format(points=points, total=total)}


MODES = {
    "engine": {"hello": hello},
    "trace": {"variables": trace_variables, "run": trace_run},
    "exercise": {"new": exercise_new, "check": exercise_check},
}
