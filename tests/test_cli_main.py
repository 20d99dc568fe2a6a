"""The `chainrule` command line, in process (`main(argv)`): help, trace, html, train, and how each
kind of bad input or failure ends (one line on stderr, exit 2 or 1, never a traceback)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import nn
from autograd.cli import common as cli_common
from autograd.cli import main
from autograd.cli.words import WORDS
from tests.filesystem import refuse_new_files_in

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


@pytest.mark.parametrize("argv", [
    ["html", "x*x", "--at", "x=3", "--out", "{dir}/page.html"],
    ["trace", "x*x", "--at", "x=3", "--render", "{dir}/g.svg"],
    ["train", "--epochs", "1", "--out", "{dir}"],
])  # fmt: skip
def test_the_cli_refuses_a_read_only_output_folder_before_working(capsys, tmp_path, monkeypatch, argv):
    refuse_new_files_in(monkeypatch, tmp_path)
    code = main([a.format(dir=tmp_path) for a in argv])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1, err
    assert lines[0].startswith("chainrule: error: --") and f"cannot write in {str(tmp_path)!r}" in lines[0]
    assert "Read-only file system" in lines[0] and list(tmp_path.iterdir()) == []


def test_the_cli_says_so_when_the_folder_turns_read_only_mid_run(capsys, tmp_path, monkeypatch):
    # The check before the work passed; the folder refused the page only when it was written.
    refuse_new_files_in(monkeypatch, tmp_path, prefix=".page.html.")  # only the page's temporary file
    code = main(["html", "x*x", "--at", "x=3", "--out", str(tmp_path / "page.html")])
    err = capsys.readouterr().err
    assert code == 1 and err.strip().count("\n") == 0, err
    assert "chainrule: error: cannot write a file: Stepper.save: cannot write in" in err
    assert list(tmp_path.iterdir()) == []


ROOT = Path(__file__).resolve().parents[1]


HANG_GUARD = 120  # seconds; each command takes well under one. Only a hang reaches this.


HOSTILE = [
    (["trace", "__import__('os').system('touch PWNED')"], "column 1: this call is not allowed"),
    (["trace", "x.__class__", "--at", "x=1"], "column 1: attribute access (.__class__) is not allowed"),
    (["trace", "x.__class__.__bases__[0].__subclasses__()", "--at", "x=1"], "not allowed"),
    (["trace", "open('f')"], "column 1: unknown function 'open'"),
    (["trace", "eval('1')"], "column 1: unknown function 'eval'"),
    (["trace", "(lambda: 1)()"], "column 1: a lambda is not allowed"),
    (["trace", "[x for x in range(10**9)]", "--at", "x=1"], "column 1: a list comprehension is not allowed"),
    (["trace", "9**9**9"], "column 2: pow: result overflows a float"),
    (["trace", "(" * 10_000 + "x" + ")" * 10_000, "--at", "x=1"], "the expression is too long"),
    (["trace", "(" * 300 + "x" + ")" * 300, "--at", "x=1"], "column 201: syntax error: too many nested parentheses"),
    (["trace", "-" * 9_000 + "x", "--at", "x=1"], "nested too deeply"),
    (["trace", "x * 2", "--at", "x=abc"], "--at: x: 'abc' is not a finite number"),
    (["trace", "tanh(x)", "--at", "tanh=1"], "--at: 'tanh' is a function"),
    (["trace", "foo(x)", "--at", "x=1"], "column 1: unknown function 'foo'"),
    (["trace", "x * w + b", "--at", "x=1"], "no value given for w, b"),
    (["html", "__import__('os').system('touch PWNED')", "--out", "PWNED.html"], "this call is not allowed"),
    (["html", "x.__class__", "--at", "x=1"], "attribute access"),
]


def launch(args: list, cwd: Path, **options) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.update(options.pop("env", {}))
    return subprocess.Popen([sys.executable, "-m", "autograd", *args], cwd=cwd, env=env, text=True,
                            encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)  # fmt: skip


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every hostile command started at once (each in its own empty folder), then collected."""
    runs = []
    for i, (args, _) in enumerate(HOSTILE):
        folder = tmp_path_factory.mktemp(f"hostile{i}")
        runs.append((launch(args, folder), folder))
    results = []
    for process, folder in runs:
        try:
            out, err = process.communicate(timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            err = f"HUNG for more than {HANG_GUARD} s\n{err}"
        results.append((process.returncode, out, err, folder))
    return results


@pytest.mark.parametrize("i", range(len(HOSTILE)), ids=[" ".join(a)[:45] for a, _ in HOSTILE])
def test_hostile_input_is_refused_in_one_line_and_runs_nothing(outcomes, i):
    code, out, err, folder = outcomes[i]
    assert "HUNG" not in err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("chainrule: error: ") and HOSTILE[i][1] in lines[0]
    assert code == 2 and out == ""
    assert list(folder.iterdir()) == []  # no PWNED, no page, nothing


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_during_training_exits_130_without_a_traceback(tmp_path):
    # Start the child with Ctrl-C at its default, even when this test runs in the background
    # (where a shell may have set SIGINT to be ignored, which Python would then keep).
    process = launch(["train", "--epochs", "100000", "--hidden", "4", "--out", tmp_path], tmp_path,
                     env={"PYTHONUNBUFFERED": "1"},
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    try:
        assert process.stdout.readline().startswith("Training MLP(2, [4, 1], relu)")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=HANG_GUARD)
    finally:
        process.kill()
    assert process.returncode == 130
    assert err.strip() == "chainrule: interrupted (Ctrl-C)"
    assert list(tmp_path.iterdir()) == []  # the unfinished run wrote nothing


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path):
    expression = "+".join(["x"] * 1000)  # about 400 kB of explanation: more than a pipe holds
    process = launch(["trace", expression, "--at", "x=1"], tmp_path)
    try:
        assert process.stdout.read(100).startswith("Expression")
        process.stdout.close()  # as `| head` does
        err = process.stderr.read()
        process.wait(timeout=HANG_GUARD)
    finally:
        process.kill()
    assert process.returncode == 1 and err == ""
