"""autograd/cli/quiz.py: `chainrule quiz` driven through a pseudo-terminal, as a student types: answers,
hints, skip, line editing, Ctrl-D and Ctrl-C; and its bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import exercise
from autograd.cli import main

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
REUSE = ["x*y + x", "--at", "x=2", "y=3"]  # df/dx = y + 1 = 4 (two paths), df/dy = x = 2
SAME = exercise("x*y + x", at={"x": 2, "y": 3})  # what the quiz asks, built here to read its hints


def spawn(*argv: str):
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", TERM="xterm")
    child = pexpect.spawn(sys.executable, ["-m", "autograd", "quiz", *argv], env=env, encoding="utf-8", timeout=30)
    child.setwinsize(40, 200)
    return child


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


def test_a_quiz_with_a_wrong_answer_hints_a_right_answer_and_a_skip():
    child = spawn(*REUSE)
    child.expect("Backward starts with ∂f/∂f = 1.")
    child.expect_exact("∂f/∂x = ")
    child.sendline("3")
    child.expect_exact("∂f/∂x = 3: not right (a path is missing).")
    child.expect_exact("∂f/∂x = ")
    child.sendline("hint")
    child.expect_exact("x is used 2 times, so ∂f/∂x adds up 2 paths; one is missing.")
    child.sendline("hint")
    child.expect_exact(SAME.verdict("df/dx", 3).hints[1])
    child.sendline("4")
    child.expect_exact("∂f/∂x = 4: right.")
    child.expect_exact("∂f/∂y = ")
    child.sendline("skip")
    child.expect_exact(f"Skipped. {SAME.hint('df/dy', 3)}")
    assert SAME.hint("df/dy", 3).endswith("= 1 · 2 = 2")
    child.expect_exact("Score: 1 of 2")
    assert finish(child) == 0


def test_readline_edits_the_line():
    child = spawn(*REUSE)
    child.expect_exact("∂f/∂x = ")
    child.send("x4\x1b[D\x7f\r")  # "x4", left arrow, backspace deletes the x: "4"
    child.expect_exact("∂f/∂x = 4: right.")
    child.sendeof()
    assert finish(child) == 0


def test_ctrl_d_ends_with_the_score_and_exit_0():
    child = spawn("--level", "4", "--seed", "7")
    child.expect_exact("Level 4 · a neuron with activation and loss")
    child.expect_exact("∂L/∂w1 = ")
    child.sendeof()
    child.expect_exact("Score: 0 of 3")
    assert finish(child) == 0


def test_ctrl_c_ends_with_the_score_and_exit_130():
    child = spawn("--preset", "textbook_network")
    child.expect_exact("∂L/∂w5 = ")
    child.sendline("-2.01")
    child.expect_exact("∂L/∂w5 = -2.01: right.")
    child.expect_exact("∂L/∂w6 = ")
    child.sendintr()
    child.expect_exact("Score: 1 of 9")
    assert finish(child) == 130


def test_a_quiz_in_chinese():
    child = spawn(*REUSE, "--lang", "zh")
    child.expect_exact("反向传播从 ∂f/∂f = 1 开始。")
    child.expect_exact("∂f/∂x = ")
    child.sendline("-4")
    child.expect_exact("∂f/∂x = -4：不对（符号错误）。")
    child.sendline("提示")
    child.expect_exact("大小对了，符号不对")
    child.sendline("４")  # full-width digit, as a Chinese input method types it
    child.expect_exact("∂f/∂x = ４：正确。")
    child.sendline("跳过")
    child.expect_exact("已跳过。")
    child.expect_exact("得分：1 / 2")
    assert finish(child) == 0


def test_the_same_seed_asks_the_same_exercise():
    def question(seed: str) -> str:
        argv = [sys.executable, "-m", "autograd", "quiz", "--level", "3", "--seed", seed]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        done = subprocess.run(argv, input="", capture_output=True, text=True, env=env, timeout=60, check=True)
        return done.stdout

    assert question("11") == question("11") != question("12")
    assert "Score: 0 of 2" in question("11")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--level", "9"], "choose 1 to 5"),
        (["x*y", "--at", "x=1", "y=2", "--level", "2"], "give one of EXPR, --level and --preset, not EXPR and --level"),
        (["--at", "x=1"], "--at gives the values of EXPR"),
        (["x*y", "--at", "x=1"], "no value given for y"),
        (["x*y", "--at", "x=1", "y=2", "--hide", "upstream"], "hide='upstream' asks for the nodes between"),
        (["--preset", "xor"], "invalid choice: 'xor'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    assert main(["quiz", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_help_says_what_the_quiz_does(capsys):
    assert main(["quiz", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Levels: 1 one op" in out and "Ctrl-D" in out and "--preset" in out
