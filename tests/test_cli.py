"""The `chainrule` command line, in process (`main(argv)`): help, trace, html, train, and how each
kind of bad input or failure ends (one line on stderr, exit 2 or 1, never a traceback)."""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import pytest

import nn
from autograd import backward_steps
from autograd.cli import common as cli_common
from autograd.cli import demo as cli_demo
from autograd.cli import fit as cli_fit
from autograd.cli import main
from autograd.cli import train as cli_train
from autograd.cli.words import WORDS
from autograd.parser import evaluate

NEURON = ["tanh(x*w + b)", "--at", "x=2", "w=-3", "b=6.8813735870195432"]


def run(capsys, *argv):
    """(exit code, stdout, stderr) of `chainrule argv...`."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chainrule: error: "), err
    assert "Traceback" not in err
    return lines[0]


# --- help and version -----------------------------------------------------------------------


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == "chainrule 0.1.0"


@pytest.mark.parametrize(
    ("argv", "teaches"),
    [
        ([], ["demo", "trace", "train", "html", "Exit codes"]),
        (["demo"], ["--out", "--lang", "--epochs", "--seed", "chainrule demo --out"]),
        (["trace"], ["--at", "--render", "--html", "--format", 'chainrule trace "tanh(x*w + b)"', '"gradients"']),
        (["train"], ["--dataset", "--hidden", "--optimizer", "hinge", "cross_entropy", "Default learning rates"]),
        (["html"], ["--out", "chainrule html"]),
    ],
)
def test_help_teaches_each_command_with_examples(capsys, argv, teaches):
    code, out, _ = run(capsys, *argv, "--help")
    assert code == 0
    assert "examples:" in out
    for words in teaches:
        assert words in out


# --- trace ----------------------------------------------------------------------------------


def test_trace_explains_the_neuron_edge_by_edge(capsys):
    code, out, err = run(capsys, "trace", *NEURON)
    assert code == 0 and err == ""
    assert "Expression  f = tanh(x*w + b)" in out
    assert "Forward     f = 0.707107" in out
    assert "df/dn4 = df/df * df/dn4 = 1 * 0.5 = 0.5" in out
    for line in ["df/dx = -1.5", "df/dw = 1", "df/db = 0.5"]:
        assert f"  {line}\n" in out
    assert "\033" not in out  # no colours when stdout is not a terminal


def test_trace_in_chinese_and_in_markdown(capsys):
    _, zh, _ = run(capsys, "trace", *NEURON, "--lang", "zh")
    assert "表达式" in zh and "反向传播" in zh and "链式法则" in zh
    _, md, _ = run(capsys, "trace", *NEURON, "--format", "markdown")
    assert md.startswith("- **Expression**: `f = tanh(x*w + b)`")
    assert "### Backward pass of `f = 0.707107`" in md and "- `df/dx = -1.5`" in md


def test_trace_json_is_the_documented_structure(capsys):
    code, out, _ = run(capsys, "trace", *NEURON, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["format"], doc["version"], doc["expression"]) == ("chainrule.trace", 1, "tanh(x*w + b)")
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
        assert doc["nodes"][record["parent_index"]]["name"] == record["parent"]
        assert record["parent_index"] in doc["nodes"][record["child_index"]]["parents"]
    assert doc["nodes"][-1]["name"] == "f" and doc["nodes"][-1]["grad"] == 1.0


def test_trace_json_writes_infinite_gradients_as_strings(capsys):
    code, out, _ = run(capsys, "trace", "sqrt(x)", "--at", "x=0", "--format", "json")
    assert code == 0
    doc = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert doc["gradients"] == {"x": "inf"}


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
    assert "Forward     out = 9" in out and "dout/df = 6" in out


@pytest.mark.parametrize("argv", [["-log(p)", "--at", "p=0.5"], ["--at", "p=0.5", "-log(p)"]])
def test_an_expression_may_start_with_a_minus(capsys, argv):
    code, out, _ = run(capsys, "trace", *argv)
    assert code == 0 and "Forward     f = 0.693147" in out and "df/dp = -2" in out


def test_unused_values_are_a_note_not_an_error(capsys):
    code, out, err = run(capsys, "trace", "x*2", "--at", "x=1", "y=5")
    assert code == 0 and "df/dx = 2" in out
    assert err.strip() == "chainrule: note: the expression does not use y; ignored"


def test_html_writes_a_self_contained_stepper(capsys, tmp_path):
    page = tmp_path / "neuron.html"
    code, out, _ = run(capsys, "html", *NEURON, "--out", page, "--lang", "zh")
    assert code == 0
    assert out.strip() == f"逐步演示反向传播，用浏览器打开: {page} (5 steps)"
    assert _page_steps(page) == 5 and 'lang="zh-CN"' in page.read_text(encoding="utf-8")


def _page_steps(page) -> int:
    text = page.read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="chainrule-data">(.*?)</script>', text, re.S)
    return len(json.loads(data.group(1))["steps"])


# --- bad input: exit 2, one line -------------------------------------------------------------

BAD = [
    (["trace", "x.__class__", "--at", "x=1"], "column 1: attribute access (.__class__) is not allowed"),
    (["trace", "foo(x)", "--at", "x=1"], "unknown function 'foo'"),
    (["trace", "x +", "--at", "x=1"], "column 4: syntax error"),
    (["trace", "tanh(x*w + b)", "--at", "x=2"], "no value given for w, b"),
    (["trace", "x*2", "--at", "x=abc"], "--at: x: 'abc' is not a finite number"),
    (["trace", "x*2", "--at", "x"], "--at: expected name=number, got 'x'"),
    (["trace", "log(x - 1)", "--at", "x=1"], "column 1: log: math domain error"),
    (["trace", "x", "--at", "x=1", "--format", "yaml"], "argument --format: invalid choice: 'yaml'"),
    (["trace", "x", "--at", "x=1", "--render", "g.txt"], "the file name must end in .svg, .png or .pdf"),
    (["trace", "x", "--at", "x=1", "--render", "missing/g.svg"], "the folder 'missing' does not exist"),
    (["trace", "x", "--at", "x=1", "--html", "."], "is a folder"),
    (["html", "x", "--at", "x=1", "--out", "page.txt"], "must end in .html or .htm"),
    (["trace", "+".join(["x"] * 600), "--at", "x=1", "--html", "big.html"], "more than max_nodes=500"),
    (["train", "--dataset", "mnist"], "argument --dataset: invalid choice: 'mnist'"),
    (["train", "--hidden", "16,x"], "'16,x' is not a list of layer sizes"),
    (["train", "--hidden", "16,0"], "every layer needs at least 1 neuron"),
    (["train", "--epochs", "-3"], "argument --epochs: must be >= 1, got -3"),
    (["train", "--epochs", "ten"], "argument --epochs: 'ten' is not a whole number"),
    (["train", "--lr", "0"], "argument --lr: must be > 0"),
    (["train", "--lr", "-0.1"], "argument --lr: must be > 0"),
    (["train", "--lr", "nan"], "argument --lr: 'nan' is not a finite number"),
    (["train", "--val", "1.5"], "argument --val: must be between 0 and 1"),
    (["train", "--noise", "-1"], "argument --noise: must be >= 0"),
    (["train", "--samples", "3"], "--samples 3 is too few for moons; give at least 4"),
    (["train", "--classes", "4"], "--classes is for spirals and blobs"),
    (["train", "--dataset", "blobs", "--classes", "1"], "--classes must be >= 2"),
    (["train", "--dataset", "spirals", "--loss", "hinge"], "--loss hinge is for two classes; spirals has 3"),
    (["train", "--out", "a_file"], "--out 'a_file' exists and is not a folder"),
    (["train", "--out", os.devnull + "/x"], "cannot create the folder"),
    (["demo", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
    (["demo", "--epochs", "0"], "argument --epochs: must be >= 1, got 0"),
    (["trace", "x", "--at", "x=1", "--bogus"], "unrecognized arguments: --bogus (see: chainrule trace --help)"),
    (["trace", "--at", "x=1"], "the following arguments are required: EXPR"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "the following arguments are required: COMMAND"),
]


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[" ".join(a)[:50] for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_code_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a_file").write_text("not a folder")
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in one_error_line(err)
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]  # nothing written


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_folder_without_write_permission_is_exit_code_2(capsys, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(capsys, "train", "--out", locked)
    finally:
        locked.chmod(0o700)
    assert code == 2 and "cannot write in" in one_error_line(err)


# --- failures: exit 1; Ctrl-C: exit 130 --------------------------------------------------------


def _no_graphviz(monkeypatch):
    import autograd.render.backends as render_io

    monkeypatch.setattr(render_io, "dot_program", lambda: None)
    monkeypatch.setattr(render_io, "system_dot", lambda: None)


@pytest.mark.parametrize("argv", [["trace", "x*2", "--at", "x=1", "--render", "g.svg"], ["html", "x*2", "--at", "x=1"]])
def test_graphviz_missing_is_a_failure_with_exit_code_1(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    _no_graphviz(monkeypatch)
    code, out, err = run(capsys, *argv)
    assert code == 1 and "rendering needs the Graphviz `dot` program" in one_error_line(err)
    assert out == "" and list(tmp_path.iterdir()) == []


def test_demo_skips_the_pictures_with_a_note_when_graphviz_is_missing(capsys, tmp_path, monkeypatch):
    _no_graphviz(monkeypatch)
    loss, _ = cli_demo.textbook_network()
    assert cli_demo.pictures(loss, tmp_path, WORDS["en"], "en") == []
    _, err = capsys.readouterr()
    assert err.startswith("chainrule: note: skipping the graph pictures") and len(err.splitlines()) == 1


def test_missing_matplotlib_skips_the_plots_with_a_note(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_fit, "pyplot", lambda: None)
    assert cli_fit.write_plots(None, None, [], [], tmp_path, "moons", "title") == []
    _, err = capsys.readouterr()
    note = "chainrule: note: skipping the plots: matplotlib is not installed (pip install 'chainrule[plot]')"
    assert err.strip() == note


def test_diverging_training_is_a_failure_with_exit_code_1(capsys, tmp_path):
    argv = ["train", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "5", "--hidden", "4", "--out", tmp_path]
    code, _, err = run(capsys, *argv)
    assert code == 1 and "training diverged with lr 1e+06" in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_training_is_exit_code_130(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(nn, "fit", lambda *args, **kwargs: nn.History(loss=[1.0], interrupted=True))
    code, _, err = run(capsys, "train", "--out", tmp_path)
    assert code == 130 and err.strip() == "chainrule: interrupted (Ctrl-C)"


def test_ctrl_c_anywhere_else_is_exit_code_130(capsys, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("autograd.cli.trace.build", interrupted)
    code, _, err = run(capsys, "trace", "x", "--at", "x=1")
    assert code == 130 and "Traceback" not in err and err.strip() == "chainrule: interrupted (Ctrl-C)"


# --- train ------------------------------------------------------------------------------------


def test_train_prints_metrics_and_writes_plots_and_model(capsys, tmp_path):
    argv = ["train", "--hidden", "8", "--epochs", "30", "--samples", "60", "--val", "0.25", "--out", tmp_path]
    code, out, err = run(capsys, *argv)
    assert code == 0 and "Traceback" not in err
    assert "Training MLP(2, [8, 1], relu) on 45 moons points" in out
    assert "hinge loss, adam (lr 0.05), batches of 32, 30 epochs" in out
    metrics = r"train accuracy ([\d.]+)%, validation accuracy ([\d.]+)% \(15 held out\)"
    train_acc, val_acc = re.search(metrics, out).groups()
    assert float(train_acc) >= 80 and float(val_acc) >= 60
    files = _listed(out)
    assert [p.name for p in files] == ["moons_loss_curve.png", "moons_decision_boundary.png", "moons_model.json"]
    assert sorted(files) == sorted(tmp_path.iterdir())
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in files[:2])
    assert nn.load(files[2]).nouts == [8, 1]


@pytest.mark.parametrize(
    ("argv", "nouts", "last"),
    [
        (["--dataset", "spirals", "--classes", "4"], [4, 4], "linear"),
        (["--dataset", "xor", "--loss", "bce"], [4, 1], "sigmoid"),
        (["--dataset", "circles", "--loss", "cross_entropy"], [4, 2], "linear"),
        (["--dataset", "blobs", "--noise", "0.5", "--hidden", "none"], [3], "linear"),
    ],
)
def test_train_picks_outputs_and_loss_from_the_dataset(capsys, tmp_path, monkeypatch, argv, nouts, last):
    monkeypatch.setattr(cli_fit, "pyplot", lambda: None)  # the plots are tested above; keep this fast
    hidden = [] if "--hidden" in argv else ["--hidden", "4"]
    code, out, _ = run(capsys, "train", *argv, *hidden, "--epochs", "2", "--samples", "40", "--out", tmp_path)
    assert code == 0
    dataset = argv[1]
    model = nn.load(tmp_path / f"{dataset}_model.json")
    assert model.nouts == nouts and model.output_activation == last


@pytest.mark.slow
def test_train_defaults_reach_a_good_accuracy_quickly():
    """`chainrule train` alone: moons, MLP(2, [16, 16, 1]), Adam lr 0.05, 100 epochs (checked without plots)."""
    args = cli_train_args()
    X, y = cli_train.dataset(args)
    loss, outputs, act = cli_train.choose_loss(args.loss, max(y) + 1, args.dataset)
    model = nn.MLP(2, [*args.hidden, outputs], args.activation, act, seed=args.seed)
    opt = cli_train.optimizer(args.optimizer, model, cli_train.DEFAULT_LR[args.optimizer])
    history, _ = cli_fit.fit_or_fail(model, X, y, loss, opt, lr=0.05, epochs=args.epochs,
                                       batch_size=args.batch_size, seed=args.seed)  # fmt: skip
    assert (loss, args.epochs) == ("hinge", 100)
    assert nn.accuracy(model, X, y) >= 0.97


def cli_train_args():
    from autograd.cli import build_parser

    return build_parser().parse_args(["train"])


def _listed(out: str) -> list:
    """The paths under 'Files written', in the order printed."""
    lines = out.split("Files written", 1)[1].splitlines()[1:]
    return [Path(line.strip().rsplit("  (", 1)[0].strip()) for line in lines if line.startswith("  ")]


# --- output helpers ----------------------------------------------------------------------------


class _Terminal:
    def isatty(self):
        return True


def test_colours_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli_common.colour_wanted(_Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli_common.colour_wanted(_Terminal())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not cli_common.colour_wanted(_Terminal())


def test_every_word_has_both_languages():
    assert WORDS["en"].keys() == WORDS["zh"].keys()
