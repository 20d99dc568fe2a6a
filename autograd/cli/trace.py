"""`chainrule trace` and `chainrule html`: any expression, parsed safely, explained edge by edge.

The expression goes through `autograd.parser` (Python's `ast` against a whitelist, never `eval`);
backward runs once through the teaching tools, so the text, the JSON, the picture and the page agree.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..language import LANGS, get_language
from ..messages import parser_text
from ..parser import FUNCTIONS, ExpressionError, evaluate, name_root, parse_assignments
from ..teach.explain import explain
from ..teach.names import fmt
from ..teach.report import code
from ..teach.text import visible
from ..teach.trace import trace
from ..value import Value
from .common import UsageError, drawing, heading, note, output_file
from .trace_json import STRUCTURE, document
from .words import WORDS

FORMATS = ("text", "markdown", "json")
PICTURES = (".svg", ".png", ".pdf")

TRACE_EPILOG = f"""\
examples:
  chainrule trace "tanh(x*w + b)" --at x=2 w=-3 b=6.8813735870195432
  chainrule trace "log(1 + exp(-y*s))" --at y=1 s=0.5 --lang zh
  chainrule trace "x**2 / (1 + x)" --at x=2 --render graph.svg --html steps.html
  chainrule trace "-log(p)" --at p=0.25 --format markdown >> notes.md
  chainrule trace "x*y + y" --at x=2 y=3 --format json > trace.json

Expressions use numbers, variable names, + - * / ** (unary - too), parentheses and the
functions {", ".join(sorted(FUNCTIONS))}. Nothing else is run: no eval.

--format json prints the trace as data; the structure:
"""

HTML_EPILOG = """\
examples:
  chainrule html "tanh(x*w + b)" --at x=2 w=-3 b=6.8813735870195432 --out neuron.html
  chainrule html "x*x + x" --at x=3 --out reuse.html --lang zh
  chainrule html "x*y + x" --at x=2 y=3 --quiz --out quiz.html

The page is one self-contained file (graph, steps, script): no network needed. Open it in a
browser and use Next/Previous, Play, or the arrow keys. With --quiz the student types each step
before Next shows it; a wrong answer gets its diagnosis and hints, and the page keeps the score.
"""


def register(commands) -> None:
    """Add the `trace` and `html` subcommands."""
    trace_cmd = commands.add_parser(
        "trace",
        help="explain backward through any expression, step by step",
        usage="%(prog)s EXPR [--at NAME=NUMBER ...] [--lang {en,zh}] [--format {text,markdown,json}]\n"
        "       [--render FILE] [--html FILE]",
        description="Build the graph of EXPR at the values given with --at, run backward once, and explain\n"
        "every edge: the local derivative, the chain-rule product, the gradient so far.",
        epilog=TRACE_EPILOG + STRUCTURE,
    )
    _expression_arguments(trace_cmd)
    trace_cmd.add_argument("--render", metavar="FILE", help="also draw the graph to FILE (.svg, .png or .pdf)")
    trace_cmd.add_argument("--html", metavar="FILE", help="also write the step-by-step page to FILE (.html)")
    trace_cmd.add_argument("--format", choices=FORMATS, default="text", help="text (default), markdown or json")
    trace_cmd.set_defaults(run=run_trace)

    html_cmd = commands.add_parser(
        "html",
        help="write a web page that steps through backward of an expression",
        usage="%(prog)s EXPR [--at NAME=NUMBER ...] [--out FILE] [--lang {en,zh}] [--quiz]",
        description="Write a self-contained HTML page that walks backward through EXPR, one edge per click.",
        epilog=HTML_EPILOG,
    )
    _expression_arguments(html_cmd)
    html_cmd.add_argument("--out", metavar="FILE", default="backward.html", help="the page (default: backward.html)")
    html_cmd.add_argument(
        "--quiz", action="store_true", help="the student types each step before Next shows it (checked, with hints)"
    )
    html_cmd.set_defaults(run=run_html)


def _expression_arguments(parser: argparse.ArgumentParser) -> None:
    # nargs="?": an expression that starts with '-' ("-log(p)") reaches argparse as an unknown option,
    # and `claim_expression` takes it back from the leftovers.
    parser.add_argument("expression", metavar="EXPR", nargs="?", help='the expression, quoted: "tanh(x*w + b)"')
    parser.add_argument("--at", nargs="+", default=[], metavar="NAME=NUMBER", help="a value for each variable")
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=get_language(),
        help="language of the explanation and the errors (default: en, or zh where LANG is Chinese)",
    )
    parser.add_argument("--ascii", action="store_true", help="write d and * instead of ∂ and · (for terminals that "
                        "cannot show them; chosen by itself when the terminal's encoding lacks them)")  # fmt: skip


def claim_expression(args: argparse.Namespace, extra: list[str]) -> list[str]:
    """Set args.expression from an argument that looked like an option ("-x*2"); returns what is left."""
    if getattr(args, "expression", "") is None:
        if not extra or not extra[0].startswith("-"):
            raise UsageError(f"the following arguments are required: EXPR (see: chainrule {args.command} --help)")
        args.expression, extra = extra[0], extra[1:]
    return extra


def build(expression: str, assignments: list[str]) -> tuple[Value, dict[str, Value], dict[str, float]]:
    """The expression's graph at the --at values: (root, {name: leaf}, {name: value}); bad input is UsageError."""
    try:
        values = parse_assignments(assignments)
    except ExpressionError as error:
        raise UsageError(f"--at: {error}") from None
    try:
        root, leaves = evaluate(expression, values)
    except ExpressionError as error:
        where = parser_text("at_column", column=error.column) if error.column else ""
        raise UsageError(
            parser_text("in_the_expression", shown=_quoted(expression), where=where, reason=error.reason)
        ) from None
    unused = [name for name in values if name not in leaves]
    if unused:
        note(f"the expression does not use {', '.join(unused)}; ignored")
    return name_root(root, leaves), leaves, values


def _quoted(expression: str) -> str:
    text = expression if len(expression) <= 40 else expression[:37] + "..."
    return repr(text)


def run_trace(args: argparse.Namespace) -> int:
    render = output_file(args.render, "--render", PICTURES) if args.render else None
    page = output_file(args.html, "--html", (".html", ".htm")) if args.html else None
    root, leaves, values = build(args.expression, args.at)
    _, steps = trace(root, who="chainrule trace")  # backward, so the picture shows the gradients
    written = _write_files(root, render, page, args.lang)  # before printing: a failure leaves no half output
    if args.format == "json":
        print(json.dumps(document(args.expression, values, root, leaves, steps), indent=2, ensure_ascii=False))
    else:
        notation = "ascii" if getattr(args, "ascii", False) or not _shows(sys.stdout, "∂·ŷ²") else "unicode"
        print(report(args.expression, root, leaves, args.lang, markdown=args.format == "markdown", notation=notation))
    # With --format json stdout is the document, so where the files went is said on stderr.
    for what, path in written:
        print(f"{WORDS[args.lang][what]}: {path}", file=sys.stderr if args.format == "json" else sys.stdout)
    return 0


def _write_files(root: Value, render, page, lang: str) -> list:
    """Draw the picture and write the page that were asked for: [(word, path), ...]."""
    written = []
    with drawing():
        if render is not None:
            from ..render.draw import save_graph  # graphviz is imported only when a picture is asked for

            written.append(("render", save_graph(root, render, flow=True)))
        if page is not None:
            written.append(("html", _stepper(root, lang).save(page)))
    return written


def run_html(args: argparse.Namespace) -> int:
    page = output_file(args.out, "--out", (".html", ".htm"))
    root, _, _ = build(args.expression, args.at)
    with drawing():
        stepper = _stepper(root, args.lang, quiz=args.quiz)
    steps = len(stepper.steps)
    print(f"{WORDS[args.lang]['html']}: {stepper.save(page)} ({steps} step{'' if steps == 1 else 's'})")
    return 0


def _stepper(root: Value, lang: str, quiz: bool = False):
    from ..render.stepper import stepper_html  # needs graphviz for the inline picture

    return stepper_html(root, lang=lang, quiz=quiz)


def _shows(stream, text: str) -> bool:
    """Whether `stream`'s encoding can write `text` (a terminal set to ASCII or Latin-1 cannot write ∂)."""
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def report(expression: str, root: Value, leaves: dict, lang: str, markdown: bool = False,
           notation: str = "unicode") -> str:  # fmt: skip
    """The header (expression, values, output) and the explanation, as terminal text or Markdown."""
    words = WORDS[lang]
    shown = ", ".join(f"{name} = {fmt(leaf.data)}" for name, leaf in leaves.items())
    rows = [
        (words["expression"], f"{root.label} = {visible(expression.strip())}"),  # a newline would forge a line
        (words["values"], shown or "-"),
        (words["output"], f"{root.label} = {fmt(root.data)}"),
    ]
    explanation = explain(root, lang=lang, notation=notation)
    if markdown:
        head = "\n".join(f"- **{name}**: {code(text)}" for name, text in rows)
        return f"{head}\n\n{explanation.to_markdown()}"
    longest = max(len(name) for name, _ in rows)
    head = "\n".join(f"{heading(name.ljust(longest))}  {text}" for name, text in rows)
    return f"{head}\n\n{explanation}"
