"""Labels and titles are user text: every format that writes them escapes them for that format.

One fuzz per format sends hostile labels (and titles) through the output and reads the result with a
real parser of that format: markdown-it-py (with and without its math plugin) then html5lib for
Markdown, html5lib for HTML, an XML parser for SVG and MathML, Graphviz itself for DOT, `json` for
the trace, `ast` and `tokenize` for generated code, a LaTeX reader for the formulas, and a strict
reading of the Mermaid lines chainrule writes. Each result must have exactly the structure of the
same graph with plain labels (the same elements and attributes, lines, nodes), and the label must
come out as text: its one-line form (`visible`), decoded by the parser, is found in the output.
"""

from __future__ import annotations

import ast
import functools
import io
import json
import re
import subprocess
import tokenize
import unicodedata
import xml.etree.ElementTree as ET
from html import unescape

import html5lib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

import autograd
from autograd import Value, backward_steps, explain, to_mermaid, why
from autograd.cli.trace import report
from autograd.cli.trace_json import document
from autograd.teach.names import NodeNames
from autograd.teach.text import visible
from autograd.web import session
from tests import fuzzcount

# The classics of injection, and what breaks one format or another: code spans, HTML and script, CDATA
# and comment ends, quotes, backslashes (trailing too), every kind of line break, NUL and other control
# characters, DOT's record and HTML-label syntax, TeX's specials, Markdown at the start of a line,
# Jupyter's math placeholders, right-to-left and bidi controls, combining marks, CJK, a lone surrogate.
HOSTILE = [
    "`", "``", "```", "x`<img src=x onerror=alert(1)>`", "<img src=x onerror=alert(1)>", "</script>",
    "<script>alert(1)</script>", "]]>", "-->", "<!--", '"', "'", '"><b>', "\\", "a\\", "\\N", "\\G", "\\l",
    "\\n", "\n", "\r", "\r\n", "\u2028", "\u2029", "\x00", "\x1b[31m", "\x07", "\x7f", "\x85", "\t", "{", "}",
    "|", "<", ">", "<>", "{a|<p>b}", "<<B>x</B>>", "$", "$$", "\\(", "\\[", "%", "#", "&", "&amp;", "&lt;",
    "&#92;N", "# heading", "\n# heading", "- item", "\n- item", "1. item", "> quote", "* item", "+ x", "---",
    "===", "[x](http://example.com)", "![i](x.png)", "*em*", "_em_", "__b__", "~~s~~", "@@0@@", "^", "~",
    "\\text{", "\\begin{x}", "}\\end{x}", "\\\\", "", " ", "x" * 2000, "\u200f", "\u200e", "\u202e", "\u2066",
    "e\u0301", "\u0301", "损失", "ŷ", "y_hat", "<x>_hat", "w1", "\ufeff", "\U0001f600", "\ud800", "ﷺ", "\u0627",
    "<svg onload=alert(1)>", "javascript:alert(1)", "<a href=x>", "]", "[", "%%", "#35;", "#quot;", ";",
]  # fmt: skip
labels = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), min_size=1, max_size=5).map("".join),
    st.text(max_size=20),
)
texts = st.lists(labels, min_size=5, max_size=5)
PLAIN = ["a", "b", "c", "d", "e"]


def fuzz(cases: int) -> settings:
    return settings(max_examples=cases, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def graph(names: list) -> tuple:
    """loss = (tanh(x·w + b) - y)², with the five labels; w and b are the parameters, y a constant."""
    x, w, b = Value(2.0, names[0]), Value(-0.5, names[1]), Value(0.25, names[2])
    y = Value(0.75, names[3], requires_grad=False)
    loss = ((x * w + b).tanh() - y) ** 2
    loss.label = names[4]
    return loss, [x, w, b, y], [w, b]


def shown(names: list) -> list:
    """The labels that must come out as text: each non-empty one in its one-line form."""
    return [visible(n) for n in names if n]


# Parsers -------------------------------------------------------------------------------------


def elements(markup: str) -> list:
    """Every element (tag and attribute names) and comment in an HTML fragment, as html5lib reads it."""
    tree = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return [(e.tag, tuple(sorted(e.attrib))) if isinstance(e.tag, str) else ("#comment",) for e in tree.iter()]


def text_of(markup: str) -> str:
    tree = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    return "".join(tree.itertext())


MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # a renderer that knows no math
WITH_MATH = MarkdownIt("commonmark").use(dollarmath_plugin)  # one that keeps $...$ apart, as Jupyter does

LATEX_COMMANDS = {
    "frac", "partial", "left", "right", "cdot", "text", "mathrm", "hat", "sqrt", "times", "infty", "lt", "gt",
    "leq", "geq", "neq", "dots", "backslash", "sim", "prime", "grave", "ast", "lbrack", "rbrack", "vert",
    "operatorname", "tanh", "sin", "cos", "tan", "sinh", "cosh", "exp", "log", "ln", "arcsin", "arccos", "arctan",
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
    "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
}  # fmt: skip
IN_TEXT = re.compile(r"[^\\{}$%#&_^~<>'`*\[\]|@\x00-\x1f]*")  # what \text{...} may hold as it is
UNESCAPE = {r"\backslash ": "\\", r"\{": "{", r"\}": "}", r"\$": "$", r"\&": "&", r"\#": "#", r"\%": "%", r"\_": "_",
            r"\hat{}": "^", r"\sim ": "~", r"\lt ": "<", r"\gt ": ">", r"\prime ": "'", r"\grave{}": "`",
            r"\ast ": "*", r"\lbrack ": "[", r"\rbrack ": "]", r"\vert ": "|", "{@}": "@"}  # fmt: skip


def check_latex(tex: str) -> None:
    """A formula reads as LaTeX: known commands only, balanced braces, every special character escaped,
    and inside \\text{...} only characters that are text in TeX, MathJax and KaTeX, and in Markdown."""
    depth, i = 0, 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+|[{}$&#%_])", tex[i:])
            assert m, (tex[i : i + 20], tex)
            if m.group(1).isalpha():
                assert m.group(1) in LATEX_COMMANDS, (m.group(1), tex)
            i += len(m.group())
            if m.group(1) == "text":
                body = re.match(r"\{([^}]*)\}", tex[i:])
                assert body and IN_TEXT.fullmatch(body.group(1)), (tex[i : i + 40], tex)
                i += len(body.group())
            elif m.group(1) in ("left", "right"):
                assert tex[i] in "(|)", tex
                i += 1
            continue
        if tex.startswith("{@}", i):  # an @ in braces, so no @@0@@ forms
            i += 3
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, tex
        assert ch not in "$%#&~<>'`*[]@\"|" and ch.isprintable(), (ch, tex)
        i += 1
    assert depth == 0, tex


def unlatex(tex: str) -> str:
    """The text a reader sees in the parts of a formula written from words: \\text runs and escapes undone."""
    pattern = "|".join(re.escape(k) for k in sorted(UNESCAPE, key=len, reverse=True))
    return re.sub(r"\\text\{([^}]*)\}|" + pattern, lambda m: m.group(1) if m.group(1) is not None else
                  UNESCAPE[m.group()], tex)  # fmt: skip


def odd(name: str) -> bool:
    """A label LaTeX writes as text, exactly as typed (not as the textbook's w_{5} or \\hat{y})."""
    return not re.fullmatch(r"\w+", name)


# Plain text ----------------------------------------------------------------------------------


def plain(names: list) -> tuple:
    """The same labels made harmless, keeping what shapes the output: a name (letters, digits, _) stays as it
    is, any other label becomes a plain one that is not a name either ("p qa"), an empty one stays empty,
    a _hat stays, and labels equal before are equal after (so the same nodes are told apart as x#1, x#2)."""
    made: dict = {}
    hat = lambda n: "_hat" if n.endswith("_hat") and len(n) > 4 else ""  # noqa: E731 (ŷ for any y_hat)
    return tuple(n if not n or re.fullmatch(r"\w+", n) else made.setdefault(n, f"p q{chr(97 + len(made))}{hat(n)}")
                 for n in names)  # fmt: skip


def reference(kind: str, names: list):
    """The output `kind` of the graph with `plain(names)`: what the hostile output must match."""
    return _reference(kind, plain(names))


@functools.cache
def _reference(kind: str, names: tuple):
    loss, nodes, params = graph(list(names))
    return OUTPUTS[kind](loss, nodes, params)


def _text_outputs(loss, nodes, params) -> list:
    steps = backward_steps(loss)
    return [explain(loss, params=params).to_text(), explain(loss, notation="ascii", params=params).to_text(),
            str(why(nodes[0], root=loss)), "\n".join(step.formula for step in steps)]  # fmt: skip


@fuzz(300)
@given(texts)
def fuzz_plain_text(names):
    fuzzcount.count("injection: plain text")
    loss, nodes, params = graph(names)
    outputs = _text_outputs(loss, nodes, params)
    for out, ref in zip(outputs, reference("text", names)):
        assert out.count("\n") == ref.count("\n")  # no forged line
        assert not [ch for ch in out if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")], out
        assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", out)  # nothing reordered
    for name in shown(names[:3]):
        assert name in outputs[1]  # the ASCII text writes each name as it is


def test_plain_text_keeps_every_label_on_its_line():
    fuzzcount.run("injection: plain text", fuzz_plain_text, at_least=300)


# Markdown and LaTeX --------------------------------------------------------------------------


def _markdown_outputs(loss, nodes, params) -> list:
    """explain and why in Markdown, `chainrule trace --format markdown` (its header's code spans) with the
    constant's label as the expression and the first two labels as the names of the values, and an exercise
    titled by the third label."""
    cli = report(nodes[3].label, loss, {nodes[0].label: nodes[0], nodes[1].label: nodes[1]}, "en", markdown=True)
    question = autograd.exercise(loss, title=nodes[2].label).to_markdown()  # the title is user text too
    return [explain(loss, params=params).to_markdown(), why(nodes[0], root=loss).to_markdown(), cli, question]


@fuzz(250)
@given(texts)
def fuzz_markdown(names):
    fuzzcount.count("injection: Markdown (markdown-it-py, html5lib)")
    loss, nodes, params = graph(names)
    for out, ref in zip(_markdown_outputs(loss, nodes, params), reference("markdown", names)):
        assert elements(MARKDOWN.render(out)) == elements(MARKDOWN.render(ref))
        assert elements(WITH_MATH.render(out)) == elements(WITH_MATH.render(ref))
        maths = re.findall(r'<span class="math inline">(.*?)</span>', WITH_MATH.render(out), re.S)
        assert len(maths) == WITH_MATH.render(ref).count('class="math inline"')
        for tex in maths:
            check_latex(unescape(tex))  # the renderer's &lt; etc. undone
    math = unlatex(_markdown_outputs(loss, nodes, params)[0])
    for name in shown(names[:3]):
        assert not odd(name) or name in math


def test_markdown_renders_labels_as_text_only():
    fuzzcount.run("injection: Markdown (markdown-it-py, html5lib)", fuzz_markdown, at_least=250)


@fuzz(300)
@given(texts)
def fuzz_latex(names):
    fuzzcount.count("injection: LaTeX")
    loss, nodes, params = graph(names)
    steps = backward_steps(loss)
    formulas = [step.written("latex") for step in steps]
    for tex in formulas:
        check_latex(tex)
    for name in shown(names[:3]):
        assert not odd(name) or name in unlatex(" ".join(formulas))


def test_latex_sets_labels_as_escaped_text():
    fuzzcount.run("injection: LaTeX", fuzz_latex, at_least=300)


# HTML and MathML -----------------------------------------------------------------------------

MATHML = {"math", "mi", "mn", "mo", "mtext", "mrow", "msub", "msup", "mfrac", "msqrt", "mover"}


def _html_outputs(loss, nodes, params) -> list:
    return [explain(loss, params=params).to_html(), why(nodes[0], root=loss).to_html()]


@fuzz(250)
@given(texts)
def fuzz_html(names):
    fuzzcount.count("injection: HTML and MathML (html5lib, XML)")
    loss, nodes, params = graph(names)
    outputs = _html_outputs(loss, nodes, params)
    for out, ref in zip(outputs, reference("html", names)):
        assert elements(out) == elements(ref)
    for step, ref in zip(backward_steps(loss), reference("mathml", names)):
        tree = ET.fromstring(f"<math>{step.written('mathml')}</math>")  # MathML is XML too
        assert [e.tag for e in tree.iter()] == ref and {e.tag for e in tree.iter()} <= MATHML
    page_text = text_of(outputs[0])
    for name in shown(names[:3]):
        assert not odd(name) or name.endswith("_hat") or name in page_text


@pytest.mark.slow  # about 20 s of CPU: html5lib over 500 pages
def test_html_and_mathml_show_labels_as_text_only():
    fuzzcount.run("injection: HTML and MathML (html5lib, XML)", fuzz_html, at_least=250)


# Mermaid -------------------------------------------------------------------------------------

MERMAID_LINE = re.compile(
    r'flowchart (LR|TD|RL|BT)|    n\d+\("[^"]*"\)(:::(input|parameter|constant))?|    n\d+op\(\("[^"]*"\)\):::op'
    r"|    n\d+(op)? --> n\d+(op)?|    n\d+ -- [ab] --> n\d+op|    classDef \w+ [\w:#,.\- ]+"
)
ENTITIES = {"#35;": "#", "#quot;": '"', "#lt;": "<", "#gt;": ">", "#amp;": "&", "#96;": "`"}


@fuzz(250)
@given(texts)
def fuzz_mermaid(names):
    fuzzcount.count("injection: Mermaid")
    loss, _, _ = graph(names)
    out = to_mermaid(loss)
    lines = out.splitlines()
    assert len(lines) == len(reference("mermaid", names).splitlines())
    for line in lines:
        assert MERMAID_LINE.fullmatch(line), line
        for label in re.findall(r'"([^"]*)"', line):
            assert not re.search(r"[<>`&]", label.replace("<br/>", "")), label  # no markup but our line breaks
    decoded = re.sub("|".join(ENTITIES), lambda m: ENTITIES[m.group()], out)
    for name in shown(names[:3]):
        assert name in decoded
    fenced = MARKDOWN.render(out._repr_markdown_())  # in a notebook: one ```mermaid block, nothing after it
    assert elements(fenced) == [("DOCUMENT_FRAGMENT", ()), ("pre", ()), ("code", ("class",))]
    tree = html5lib.parseFragment(fenced, treebuilder="etree", namespaceHTMLElements=False)
    assert tree.find(".//code").text == out


def test_mermaid_keeps_labels_inside_their_quotes():
    fuzzcount.run("injection: Mermaid", fuzz_mermaid, at_least=250)


# JSON and generated code ---------------------------------------------------------------------


@fuzz(200)
@given(texts, labels)
def fuzz_json_and_code(names, expression):
    fuzzcount.count("injection: JSON and generated code (json, ast)")
    loss, nodes, params = graph(names)
    steps = backward_steps(loss)
    data = document(expression, {}, loss, {}, steps)
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data and data["expression"] == expression
    page = session(loss, {names[0]: nodes[0]}, explain(loss), expression)  # the playground's protocol
    assert json.loads(json.dumps(page, ensure_ascii=False)) == page and page["expression"] == expression
    for name in shown(names):
        assert any(name in node["name"] for node in page["nodes"])
    for name in shown(names):
        assert any(name in node["name"] for node in data["nodes"])  # as it reads (x#1, x#2 where two share it)
    compiled = autograd.compile(loss, inputs=nodes[:3])
    tree = ast.parse(compiled.source)
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", n.id) for n in ast.walk(tree) if isinstance(n, ast.Name))
    tokens = list(tokenize.generate_tokens(io.StringIO(compiled.source).readline))
    assert sum(t.type == tokenize.NEWLINE for t in tokens) == reference("code", names)
    clean, leaves, _ = graph(PLAIN)
    assert compiled(2.0, -0.5, 0.25) == autograd.compile(clean, inputs=leaves[:3])(2.0, -0.5, 0.25)


def test_json_and_generated_code_hold_labels_as_data():
    fuzzcount.run("injection: JSON and generated code (json, ast)", fuzz_json_and_code, at_least=200)


def _code_with_rule(rule: str) -> tuple:
    """The generated code of hostile(x) * 3 where the op's rule is `rule`: its tokens and its value at 2."""

    @autograd.primitive(rule=rule, local=("1",))
    def hostile_rule(x):
        return x, (1.0,)

    try:
        x = Value(2.0, "x")
        compiled = autograd.compile(hostile_rule(x) * 3, inputs=[x])
        ast.parse(compiled.source)
        tokens = list(tokenize.generate_tokens(io.StringIO(compiled.source).readline))
        return [(t.type, t.string if t.type != tokenize.COMMENT else "#") for t in tokens], compiled(2.0)
    finally:
        autograd.primitives.forget("hostile_rule")


@pytest.mark.parametrize("tail", ["1\n    import os", "1\r\nb = 2", "1\x00", "\u2028x", "x\\", "1  # \x1b[2J", '"""'])
def test_an_op_rule_in_a_comment_of_generated_code_stays_on_its_line(tail):
    tokens, value = _code_with_rule(f"d/dx f(x) = {tail}")
    assert (tokens, value) == _code_with_rule("d/dx f(x) = 1")  # the same code: the rule is one comment


# Pictures: DOT through Graphviz, SVG through an XML parser, the stepper page -------------------

SVG = "{http://www.w3.org/2000/svg}"
SVG_TAGS = {"svg", "g", "title", "polygon", "path", "text", "ellipse", "polyline"}


def _graphviz(source: str) -> dict:
    """Graphviz's own reading of the DOT source (`dot -Tjson`): it must succeed without a word on stderr, but
    the bundled renderer's note that it cannot measure a non-ASCII character (an SVG keeps the student's
    labels as written, and draw gives those cells their width itself)."""
    from autograd.render.backends import dot_program

    done = subprocess.run([dot_program(), "-Tjson"], input=source.encode("utf-8"), capture_output=True, timeout=60)
    unmeasured = re.compile(rb"Warning: (Warning: )?no value for width of non-ASCII character \d+\. Falling back to "
                            rb"width of space character\n")  # fmt: skip
    assert done.returncode == 0 and unmeasured.sub(b"", done.stderr) == b"", done.stderr.decode(errors="replace")
    return json.loads(done.stdout)


def _picture(loss, params, title):
    return autograd.draw(loss, params=params, title=title or "t", flow=True)


def _drawn(laid_out: dict) -> list:
    """The names of the nodes Graphviz laid out (its json lists the subgraphs first)."""
    return sorted(o["name"] for o in laid_out["objects"][laid_out.get("_subgraph_cnt", 0) :])


def _groups(svg) -> list:
    """The SVG's groups (the graph, each node, edge and cluster), in order."""
    return [(e.get("class"), e.get("id")) for e in svg.iter(f"{SVG}g")]


@fuzz(40)
def _as_drawn(text: str, limit: int) -> str:
    """What an SVG's text says for `text`: its printable characters as written, the rest as U+XXXX (style.cell)."""
    text = "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)
    return text if len(text) <= limit else text[: limit - 3 - limit // 5] + "..." + text[-(limit // 5) :]


@given(texts, labels)
@example(names=["`", "`", "`", "`", "\u0301"], title="`")  # a root named by a lone accent: empty in ASCII
@example(names=["`", "`", "0  0", "`", "`"], title="`")  # two spaces: Graphviz writes "0 \xa00"
@example(names=["`", "`", "x" * 39, "`", "x" * 39], title="`")  # 39 characters, shared: x...x#1 and x...x#2
def fuzz_dot_and_svg(names, title):
    fuzzcount.count("injection: DOT and SVG (Graphviz, XML)")
    loss, nodes, params = graph(names)
    picture = _picture(loss, params, title)
    assert _drawn(_graphviz(picture.source)) == reference("dot", names)  # a title or a label adds no node
    svg = ET.fromstring(picture.pipe("svg"))
    assert _groups(svg) == reference("svg", names)
    assert {e.tag.removeprefix(SVG) for e in svg.iter()} <= SVG_TAGS  # no <image>, <a>, <script>, <foreignObject>
    assert not any(k.startswith("on") or "href" in k for e in svg.iter() for k in e.attrib)
    # Graphviz keeps a run of spaces in SVG text by writing all but the first as no-break spaces
    written = [e.text.replace("\xa0", " ") for e in svg.iter(f"{SVG}text") if e.text]
    names = NodeNames(loss, params)  # a label as drawn: a shared one told apart (x#1), long ones elided
    for text, limit in [(visible(title or "t"), 160)] + [(names.name(node), 40) for node in nodes[:3]]:
        expected = _as_drawn(text, limit).strip()  # backslashes and all, as typed
        assert not expected or any(expected in t for t in written), (expected, written)


def test_dot_and_svg_draw_labels_and_titles_as_text_only():
    fuzzcount.run("injection: DOT and SVG (Graphviz, XML)", fuzz_dot_and_svg, at_least=40)


@fuzz(25)
@given(texts, labels)
def fuzz_stepper(names, title):
    fuzzcount.count("injection: stepper page (html5lib, json)")
    loss, _, params = graph(names)
    stepper = autograd.stepper_html(loss, title=title or None, params=params)
    page, ref = _page_parts(stepper), reference("stepper", names)
    assert page["elements"] == ref["elements"]  # the page, its inline SVG and its static copy for notebooks
    for key, fragments in page["fragments"].items():
        assert fragments == ref["fragments"][key], key  # what the script puts in with innerHTML
    frame = html5lib.parseFragment(stepper._repr_html_(), treebuilder="etree", namespaceHTMLElements=False)
    assert frame.find(".//iframe").get("srcdoc") == stepper.html
    if title:
        assert page["title"] == visible(title)


def test_the_stepper_page_shows_labels_and_titles_as_text_only():
    fuzzcount.run("injection: stepper page (html5lib, json)", fuzz_stepper, at_least=25)


def _page_parts(stepper) -> dict:
    tree = html5lib.parse(stepper.html, treebuilder="etree", namespaceHTMLElements=False)
    payload = json.loads(tree.find(".//script[@id='chainrule-data']").text)
    fragments = {}
    for step in payload["steps"]:
        for key, value in step.items():
            if key.endswith("_html"):
                fragments.setdefault(key, []).append(elements(value))
    tags = [
        (e.tag, tuple(sorted(e.attrib))) if isinstance(e.tag, str) else ("#comment",)
        for e in tree.iter()
        if e.tag != f"{SVG}text"
    ]  # a label empty in ASCII (a lone combining mark) leaves its cell empty
    return {"elements": tags + elements(stepper._repr_html_()), "fragments": fragments,
            "title": tree.find(".//title").text}  # fmt: skip


def _dot_nodes(loss, nodes, params):
    return _drawn(_graphviz(_picture(loss, params, "t").source))


def _svg_tags(loss, nodes, params):
    return _groups(ET.fromstring(_picture(loss, params, "t").pipe("svg")))


OUTPUTS = {
    "text": _text_outputs,
    "markdown": _markdown_outputs,
    "html": _html_outputs,
    "mathml": lambda loss, *_: [
        [e.tag for e in ET.fromstring(f"<math>{s.written('mathml')}</math>").iter()] for s in backward_steps(loss)
    ],  # fmt: skip
    "mermaid": lambda loss, *_: to_mermaid(loss),
    "code": lambda loss, nodes, _: sum(
        t.type == tokenize.NEWLINE
        for t in tokenize.generate_tokens(io.StringIO(autograd.compile(loss, inputs=nodes[:3]).source).readline)
    ),
    "dot": _dot_nodes,
    "svg": _svg_tags,
    "stepper": lambda loss, _, params: _page_parts(autograd.stepper_html(loss, title="t", params=params)),
}
