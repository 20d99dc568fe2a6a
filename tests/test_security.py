"""Security: no user text is ever run as code, no file is ever unpickled, HTML output escapes labels.

1. A scan of the library's own syntax trees: `eval`, `exec`, `compile`, `pickle`, `marshal`, `shelve`,
   `os.system`, `os.popen` and `__import__` appear only where an allow-list says why.
2. The one `exec` runs code that `autograd.compile` generates. Labels with quotes, newlines, line
   separators, keywords or code in them must not reach that code: only names made of [A-Za-z0-9_]
   and numbers do, and the compiled function still agrees with backward().
3. Labels such as `<script>` stay text in every HTML view (explanations, the stepper page, SVG).
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Value
from autograd.shape import identifier
from tests import fuzzcount

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("autograd", "nn")
DANGEROUS_CALLS = {"eval", "exec", "compile", "__import__", "system", "popen", "loads", "load"}
DANGEROUS_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}
# (file, call) -> why it is safe. Anything else found by the scan fails the test.
ALLOWED = {
    ("autograd/compile.py", "exec"): "runs the source that codegen.py writes from op templates, names and numbers",
    ("autograd/compile.py", "compile"): "builtins.compile of that same generated source",
    ("nn/io.py", "loads"): "json.loads, with non-finite constants refused",
    ("autograd/web.py", "loads"): "json.loads of the playground page's request; the expression goes to the parser",
}
INJECTIONS = [
    "x'); import os; os.system('echo hacked'); ('", 'a"b', "a\nimport os", "a\u2028b", "a\u2029b", "a\x00b",
    "lambda", "match", "None", "True", "__import__", "__builtins__", "_forward_backward", "1e308", "λ", "١٢",
    "x\\", "#comment", "a b", "", "    ", "in0", "const1",
]  # fmt: skip


def _python_files():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _dangerous_uses(tree: ast.AST) -> list:
    """(name, line) of each call or import the allow-list must know about."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in DANGEROUS_CALLS:
                owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
                if name in ("load", "loads") and owner not in ("pickle", "marshal", "json", "yaml", "shelve", ""):
                    continue  # importlib.resources and the like: reading text, not running it
                if name == "compile" and owner == "re":
                    continue  # a regular expression
                found.append((name, node.lineno))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(m, node.lineno) for m in modules if m.split(".")[0] in DANGEROUS_MODULES]
    return found


def test_the_scan_finds_what_it_looks_for():
    tree = ast.parse("import pickle\nx = eval(s)\nos.system(c)\nbuiltins.exec(c)\nfrom marshal import loads\n")
    assert {name for name, _ in _dangerous_uses(tree)} == {"pickle", "eval", "system", "exec", "marshal"}


def test_no_code_runs_user_text_and_nothing_unpickles():
    files = list(_python_files())
    assert len(files) > 30  # the scan really read the library
    seen = set()
    for path in files:
        where = path.relative_to(ROOT).as_posix()
        for name, line in _dangerous_uses(ast.parse(path.read_text(encoding="utf-8"))):
            assert (where, name) in ALLOWED, f"{where}:{line} uses {name}: allow it with a reason, or remove it"
            seen.add((where, name))
    assert seen == set(ALLOWED), f"stale allow-list entries: {set(ALLOWED) - seen}"


# Generated code holds only names and numbers ------------------------------------------------------


def _graph(labels: list):
    """A small graph with every leaf and op node labelled by the given texts; its root and its inputs."""
    x, y, k = Value(0.7, labels[0]), Value(-1.3, labels[1]), Value(2.0, labels[2 % len(labels)])
    h = (x * k + y).tanh()
    h.label = labels[3 % len(labels)]
    z = autograd.dot([x, y], [h, k], Value(0.5, labels[4 % len(labels)])).sigmoid()
    z.label = labels[5 % len(labels)]
    return (z * z + h.exp()).log(), [x, y, k]


def _only_names_and_numbers(source: str) -> None:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            assert node.value is None or isinstance(node.value, int | float), f"a {type(node.value).__name__} constant"
        elif isinstance(node, ast.Name):
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", node.id)
        assert not isinstance(node, ast.Import | ast.ImportFrom | ast.Lambda | ast.Subscript | ast.JoinedStr)
    for line in source.splitlines():
        assert line.isascii() and "\x00" not in line


def _check_injection(labels: list) -> None:
    root, inputs = _graph(labels)
    f = autograd.compile(root, inputs=inputs)
    _only_names_and_numbers(f.source)
    # Only each label's identifier reaches the code: the same graph labelled with those gives the same source.
    # (A label with no identifier in it still names its node, by kind: "-" stands for one.)
    tame_root, tame_inputs = _graph([identifier(label) or ("-" if label else "") for label in labels])
    assert autograd.compile(tame_root, inputs=tame_inputs).source == f.source
    root.backward()
    out, grads = f(*(v.data for v in inputs))
    assert out == root.data and grads == tuple(v.grad for v in inputs)


@pytest.mark.parametrize("label", INJECTIONS)
def test_hostile_labels_cannot_inject_code(label):
    _check_injection([label, label + "2", label, label, label + "'", label + '"'])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=6, max_size=6))
def fuzz_labels(labels):
    fuzzcount.count("compile: arbitrary labels")
    _check_injection(labels)


def test_arbitrary_labels_cannot_inject_code():
    fuzzcount.run("compile: arbitrary labels", fuzz_labels, at_least=250)


def test_a_model_with_hostile_labels_still_compiles_for_fit():
    model = nn.MLP(2, [3, 1], seed=0)
    for i, p in enumerate(model.parameters()):
        p.label = INJECTIONS[i % len(INJECTIONS)]
    X, y = [[0.5, -1.0], [1.0, 2.0], [-0.3, 0.2]], [1.0, -1.0, 1.0]  # noqa: N806
    history = nn.fit(model, X, y, "hinge", nn.optim.SGD(model.parameters(), lr=0.1), epochs=3,
                     progress=False, compile=True)  # fmt: skip
    assert len(history.loss) == 3 and all(math.isfinite(v) for v in history.loss)


# HTML escapes labels ------------------------------------------------------------------------------

SCRIPT = "</code><script>alert('x')</script>&amp;"


def _hostile_graph():
    x = Value(2.0, SCRIPT)
    w = Value(-0.5, '<img src=x onerror="alert(1)">')
    out = (x * w).tanh()
    out.label = SCRIPT
    return out


def _assert_escaped(page: str) -> None:
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page or "&amp;lt;script&amp;gt;alert(" in page or "\\u003cscript" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explanations_escape_labels_in_html_and_markdown(lang):
    report = autograd.explain(_hostile_graph(), lang=lang)
    _assert_escaped(report._repr_html_())
    # In Markdown a label is shown inside a code span, whose content is literal text: nowhere else.
    outside_code = re.sub(r"(`+)(?:(?!\1).)+?\1", "", report.to_markdown())
    assert "<script>" not in outside_code and "<img" not in outside_code


def test_the_stepper_page_escapes_labels_everywhere():
    page = autograd.stepper_html(_hostile_graph())
    _assert_escaped(page.html)
    _assert_escaped(page._repr_html_())


def test_svg_escapes_labels():
    svg = autograd.draw(_hostile_graph()).pipe(format="svg")
    _assert_escaped(svg.decode("utf-8"))
    assert ElementTree.fromstring(svg).tag.endswith("svg")  # a label that broke out would make it invalid XML
