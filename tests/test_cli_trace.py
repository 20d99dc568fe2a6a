"""autograd/cli/trace.py: `chainrule trace` and `chainrule html`: text, Markdown, JSON, pictures and the page."""

from __future__ import annotations

import json
import math
import re

import pytest

from autograd import backward_steps
from autograd.cli import main
from autograd.parser import evaluate

NEURON = ["tanh(x*w + b)", "--at", "x=2", "w=-3", "b=6.8813735870195432"]


def run(capsys, *argv):
    """(exit code, stdout, stderr) of `chainrule argv...`."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _page_steps(page) -> int:
    text = page.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="chainrule-data">(.*?)</script>', text, re.S)
    return len(json.loads(data.group(1))["steps"])


def test_trace_explains_the_neuron_edge_by_edge(capsys):
    code, out, err = run(capsys, "trace", *NEURON)
    assert code == 0 and err == ""
    assert "Expression  f = tanh(x*w + b)" in out
    assert "Forward     f = 0.707107" in out
    assert "∂f/∂n2 = ∂f/∂f · ∂tanh(n2)/∂n2 = 1 · 0.5 = 0.5 (final: its only path)" in out
    assert "to w: local derivative ∂n1/∂w = ∂(x·w)/∂w = x = 2" in out  # the rule in the student's names
    for line in ["∂f/∂x = -1.5", "∂f/∂w = 1", "∂f/∂b = 0.5"]:
        assert f"  {line}\n" in out
    assert "\033" not in out  # no colours when stdout is not a terminal


def test_trace_in_ascii_for_terminals_that_need_it(capsys):
    code, out, _ = run(capsys, "trace", *NEURON, "--ascii")
    assert code == 0 and out.isascii()
    assert "df/dn2 = df/df * dtanh(n2)/dn2" not in out and "df/dn2 = df/df * d(tanh(n2))/dn2 = 1 * 0.5 = 0.5" in out
    assert "  df/dx = -1.5\n" in out


def test_trace_chooses_ascii_when_the_terminal_cannot_show_the_symbols(capsys, monkeypatch):
    import io
    import sys

    latin = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", latin)
    assert main(["trace", *NEURON]) == 0
    latin.seek(0)
    text = latin.buffer.getvalue().decode("latin-1")
    assert "df/dx = -1.5" in text and "?" not in text.split("Result")[1]


def test_trace_of_the_issues_example_never_calls_a_partial_sum_the_gradient(capsys):
    _, out, _ = run(capsys, "trace", "x*x + x", "--at", "x=3")
    assert "∂f/∂f · ∂(n1 + x)/∂x = 1 · 1 = 1; ∂f/∂x so far: 0 + 1 = 1" in out
    assert "final ∂f/∂x = 1 + 3 + 3 = 7, over 3 paths" in out
    assert "df/dx = df/df * df/dx" not in out and "∂f/∂x = ∂f/∂f" not in out


def test_constants_get_no_step_in_the_cli(capsys):
    _, out, _ = run(capsys, "trace", "1 + x*w", "--at", "x=2", "w=3")
    assert "∂(1)" not in out and "d(1)" not in out and "to 1:" not in out
    assert "1 is a constant: backward takes no step to it." in out


def test_trace_in_chinese_and_in_markdown(capsys):
    _, zh, _ = run(capsys, "trace", *NEURON, "--lang", "zh")
    assert "表达式" in zh and "反向传播" in zh and "链式法则" in zh
    _, md, _ = run(capsys, "trace", *NEURON, "--format", "markdown")
    assert md.startswith("- **Expression**: `f = tanh(x*w + b)`")
    assert "### Backward pass of $f = 0.707107$" in md
    assert r"- $\frac{\partial f}{\partial x} = -1.5$" in md


def test_trace_json_is_the_documented_structure(capsys):
    code, out, _ = run(capsys, "trace", *NEURON, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["format"], doc["version"], doc["expression"]) == ("chainrule.trace", 2, "tanh(x*w + b)")
    assert doc["values"] == {"x": 2.0, "w": -3.0, "b": 6.8813735870195432}
    assert doc["output"]["name"] == "f" and doc["output"]["value"] == pytest.approx(math.sqrt(0.5))
    assert doc["gradients"] == pytest.approx({"x": -1.5, "w": 1.0, "b": 0.5})
    root, _ = evaluate("tanh(x*w + b)", {"x": 2.0, "w": -3.0, "b": 6.8813735870195432})
    root.label = "f"
    steps = backward_steps(root)
    assert [s["formula"] for s in doc["steps"]] == [s.formula for s in steps]
    assert [s["number"] for s in doc["steps"]] == list(range(len(steps)))
    for record, step in zip(doc["steps"], steps):
        assert record["contribution"] == pytest.approx(step.upstream * step.local)
        assert (record["path"], record["paths"], record["final"]) == (step.path, step.paths, step.final)
        assert record["formula_ascii"] == step.written("ascii") and record["formula_latex"].startswith(r"\frac")
        assert doc["nodes"][record["parent_index"]]["name"] == record["parent"]
        assert record["parent_index"] in doc["nodes"][record["child_index"]]["parents"]
    assert doc["nodes"][-1]["name"] == "f" and doc["nodes"][-1]["grad"] == 1.0
    assert {n["name"]: n["role"] for n in doc["nodes"] if not n["op"]} == {
        "x": "input",
        "w": "parameter",
        "b": "parameter",
    }


def test_trace_json_gives_a_constant_no_gradient_and_no_step(capsys):
    _, out, _ = run(capsys, "trace", "1 + x", "--at", "x=2", "--format", "json")
    doc = json.loads(out)
    (one,) = [n for n in doc["nodes"] if n["role"] == "constant"]
    assert one["grad"] is None and all(s["parent_index"] != one["index"] for s in doc["steps"])


def test_trace_json_writes_infinite_values_as_strings(capsys):
    code, out, _ = run(capsys, "trace", "x*y", "--at", "x=1e308", "y=10", "--format", "json")
    assert code == 0
    doc = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert doc["output"]["value"] == "inf" and doc["gradients"] == {"x": 10.0, "y": 1e308}


@pytest.mark.parametrize("expression", ["sqrt(x)", "sqrt(x) - sqrt(x)"])
def test_a_gradient_that_is_not_finite_is_one_line_naming_the_variable(capsys, expression):
    code, out, err = run(capsys, "trace", expression, "--at", "x=0")
    assert code == 2 and out == ""
    assert err.startswith("chainrule: error: backward: the gradient of 'x' is ") and err.count("\n") == 1
    assert "sqrt node" in err


def test_trace_writes_the_picture_and_the_page(capsys, tmp_path):
    svg, page = tmp_path / "g.svg", tmp_path / "s.html"
    code, out, _ = run(capsys, "trace", *NEURON, "--render", svg, "--html", page)
    assert code == 0
    assert "<svg" in svg.read_text() and "grad 0.5" in svg.read_text()  # drawn after backward
    assert _page_steps(page) == 5
    assert out.rstrip().endswith(f"graph picture: {svg}\nbackward step by step, open in a browser: {page}")


def test_trace_renders_png_and_pdf(capsys, tmp_path):
    for name, magic in [("g.png", b"\x89PNG"), ("g.pdf", b"%PDF")]:
        code, _, _ = run(capsys, "trace", "x**2 / (1 + x)", "--at", "x=2", "--render", tmp_path / name)
        assert code == 0 and (tmp_path / name).read_bytes().startswith(magic)


def test_trace_with_json_says_where_files_went_on_stderr(capsys, tmp_path):
    argv = ["trace", "x*y", "--at", "x=2", "y=3", "--format", "json", "--render", tmp_path / "g.svg"]
    code, out, err = run(capsys, *argv)
    assert code == 0 and json.loads(out)["gradients"] == {"x": 3.0, "y": 2.0}
    assert err.strip() == f"graph picture: {tmp_path / 'g.svg'}"


def test_trace_names_the_output_with_a_name_the_expression_does_not_use(capsys):
    _, out, _ = run(capsys, "trace", "f*f", "--at", "f=3")
    assert "Forward     out = 9" in out and "∂out/∂f = 6" in out


@pytest.mark.parametrize("argv", [["-log(p)", "--at", "p=0.5"], ["--at", "p=0.5", "-log(p)"]])
def test_an_expression_may_start_with_a_minus(capsys, argv):
    code, out, _ = run(capsys, "trace", *argv)
    assert code == 0 and "Forward     f = 0.693147" in out and "∂f/∂p = -2" in out


def test_unused_values_are_a_note_not_an_error(capsys):
    code, out, err = run(capsys, "trace", "x*2", "--at", "x=1", "y=5")
    assert code == 0 and "∂f/∂x = 2" in out
    assert err.strip() == "chainrule: note: the expression does not use y; ignored"


def test_html_writes_a_self_contained_stepper(capsys, tmp_path):
    page = tmp_path / "neuron.html"
    code, out, _ = run(capsys, "html", *NEURON, "--out", page, "--lang", "zh")
    assert code == 0
    assert out.strip() == f"逐步演示反向传播，用浏览器打开: {page} (5 steps)"
    assert _page_steps(page) == 5 and 'lang="zh-CN"' in page.read_text(encoding="utf-8")
    assert 'id="quiz-answer"' not in page.read_text(encoding="utf-8")


def test_html_quiz_writes_the_stepper_that_asks_each_step(capsys, tmp_path):
    page = tmp_path / "quiz.html"
    code, _, _ = run(capsys, "html", "x*y + x", "--at", "x=2", "y=3", "--quiz", "--out", page)
    text = page.read_text(encoding="utf-8")
    assert code == 0 and _page_steps(page) == 4 and 'id="quiz-answer"' in text
    questions = json.loads(re.search(r'id="chainrule-data">(.*?)</script>', text, re.S)[1])["quiz"]["questions"]
    assert [q["name"] for q in questions] == ["∂f/∂n1", "∂(n1 + x)/∂x", "∂f/∂n1 · ∂n1/∂x", "∂f/∂x", "∂f/∂y"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["trace", "y/x", "--at", "x=0", "y=5"],
            "in the expression 'y/x', column 2: division by zero: in y / x the divisor x is 0.0 (y = 5.0)",
        ),
        (["trace", "exp(2*x)", "--at", "x=500"], "column 1: exp: result overflows a float for 2 * x = 1000.0"),
        (["trace", "x ^ 2", "--at", "x=1"], "column 3: ^ is not a power in Python (it is bitwise xor): write **"),
        (["trace", "2x", "--at", "x=1"], "column 1: write 2*x: Python needs * between a number and a name"),
        (["trace", "ln(x)", "--at", "x=1"], "column 1: ln is written log here: log(x)"),
        (["trace", "x*y", "--at", "x=1,y=2"], "--at: give one NAME=NUMBER per item, separated by spaces: --at x=1 y=2"),
        (["trace", "w*x", "--at", "W=2", "x=1"], "no value given for w; you gave W, but names are case-sensitive"),
    ],
)
def test_students_slips_and_errors_in_their_names(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("chainrule: error: ") and message in err and len(err.strip().splitlines()) == 1
